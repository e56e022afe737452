/**
 * /staff/inkorg — the active unit's shared inbox: filters (new, mine, waiting
 * for the patient, all open, closed) with counts, search, and one card per
 * conversation with its patient, unread count, waiting time and a highlight
 * for conversations past the unit's answer target (in words and with an
 * icon, not by colour only). Changes arrive live over the messaging socket.
 */
import type { StaffConversationSummary, StaffMe } from '@ingang/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { formatMessageTime } from '../../patient/messages/format.js';
import { useLiveWatch } from '../../patient/messages/live.js';
import { Button, ButtonLink, ErrorAlert, ProtectedMarker, Spinner, TextField, usePageTitle } from '../../ui/index.js';
import { formatPnr } from '../patients/personnummer.js';
import { StaffLayout } from '../staff-layout.js';
import { type InboxFilter, inboxKey, useInbox } from './inbox-api.js';
import { useWaitingText } from './waiting.js';

const FILTERS: InboxFilter[] = ['new', 'mine', 'waiting_for_patient', 'open', 'closed'];

function isFilter(value: string | null): value is InboxFilter {
  return FILTERS.includes(value as InboxFilter);
}

export function InboxPage({ me, unitId }: { me: StaffMe; unitId: string }) {
  const { t } = useTranslation(['inbox', 'common']);
  usePageTitle(t('inbox.title'));
  const [params, setParams] = useSearchParams();
  const requested = params.get('filter');
  const filter: InboxFilter = isFilter(requested) ? requested : 'open';
  const q = params.get('q') ?? '';
  const [search, setSearch] = useState(q);
  const inbox = useInbox(unitId, filter, q);
  const client = useQueryClient();
  const unitName = me.units.find((u) => u.unitId === unitId)?.name ?? '';
  const refresh = () => void client.invalidateQueries({ queryKey: [...inboxKey(unitId), 'list'] });

  useLiveWatch({ watches: [{ type: 'watch_unit', unitId }], onChanged: refresh, onReconnect: refresh });

  const link = (next: InboxFilter) => {
    const p = new URLSearchParams();
    if (next !== 'open') p.set('filter', next);
    if (q) p.set('q', q);
    const text = p.toString();
    return `/staff/inkorg${text ? `?${text}` : ''}`;
  };
  const pages = inbox.data?.pages ?? [];
  const counts = pages[0]?.counts;
  const count = (f: InboxFilter) => (f === 'closed' || !counts ? null : counts[f]);

  function submit(event: FormEvent) {
    event.preventDefault();
    const p = new URLSearchParams();
    if (filter !== 'open') p.set('filter', filter);
    if (search.trim()) p.set('q', search.trim());
    setParams(p);
  }

  // Pages can overlap when the inbox changes between them: show each conversation once.
  const rows = pages.flatMap((p) => p.data).filter((c, i, all) => all.findIndex((x) => x.id === c.id) === i);
  return (
    <StaffLayout>
      <h1>{t('inbox.title')}</h1>
      <p>{t('inbox.lead', { unit: unitName })}</p>
      <div className="button-row">
        <ButtonLink to="/staff/inkorg/ny">{t('start.title')}</ButtonLink>
        <ButtonLink variant="link" to="/staff/inkorg/installningar">
          {t('settings.link')}
        </ButtonLink>
      </div>
      <nav aria-label={t('inbox.filtersLabel')} className="inbox-filters">
        <ul>
          {FILTERS.map((f) => {
            const n = count(f);
            return (
              <li key={f}>
                <Link to={link(f)} aria-current={f === filter ? 'page' : undefined} data-testid={`inbox-filter-${f}`}>
                  {t(`inbox.filters.${f}`)}
                  {n !== null && <span className="inbox-filters__count">({n})</span>}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      <form className="inbox-search" aria-label={t('inbox.search')} onSubmit={submit}>
        <TextField
          id="inbox-q"
          label={t('inbox.search')}
          hint={t('inbox.searchHint')}
          type="search"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <Button type="submit" variant="secondary">
          {t('inbox.searchButton')}
        </Button>
      </form>
      <h2 id="inbox-list-title">
        {t(`inbox.filters.${filter}`)}
        {q && ` – ${t('inbox.searchFor', { q })}`}
      </h2>
      {inbox.isPending && <Spinner label={t('inbox.loading')} />}
      <ErrorAlert error={inbox.error} />
      {inbox.data && (
        <p role="status" data-testid="inbox-summary">
          {t('inbox.summary', { count: (q ? null : count(filter)) ?? rows.length })}
          {counts && counts.overdue > 0 && ` ${t('inbox.overdueSummary', { count: counts.overdue })}`}
        </p>
      )}
      {inbox.data && rows.length === 0 && <p data-testid="inbox-empty">{t('inbox.empty')}</p>}
      {rows.length > 0 && (
        <ul className="list-plain" aria-labelledby="inbox-list-title" data-testid="inbox-list">
          {rows.map((c) => (
            <li key={c.id}>
              <InboxCard conversation={c} meId={me.staffId} />
            </li>
          ))}
        </ul>
      )}
      {inbox.hasNextPage && (
        <Button
          variant="secondary"
          pending={inbox.isFetchingNextPage}
          pendingLabel={t('common:loading')}
          onClick={() => void inbox.fetchNextPage()}
        >
          {t('inbox.more')}
        </Button>
      )}
    </StaffLayout>
  );
}

function InboxCard({ conversation: c, meId }: { conversation: StaffConversationSummary; meId: string }) {
  const { t, i18n } = useTranslation('inbox');
  const waiting = useWaitingText();
  const topic = c.topic ? (i18n.language === 'en' ? c.topic.labelEn : c.topic.labelSv) : null;
  const classes = [
    'card',
    'conv-card',
    c.overdue ? 'conv-card--overdue' : null,
    c.unreadCount > 0 ? 'conv-card--unread' : null,
  ];
  return (
    <article
      className={classes.filter(Boolean).join(' ')}
      aria-labelledby={`inbox-${c.id}`}
      data-testid="inbox-conversation"
    >
      {c.overdue && (
        <p className="conv-overdue" data-testid="inbox-overdue">
          <span aria-hidden="true">⚠ </span>
          {t('inbox.overdue')}
        </p>
      )}
      <h3 id={`inbox-${c.id}`} className="conv-card__title">
        <Link to={`/staff/inkorg/${c.id}`}>{c.subject}</Link>
      </h3>
      {c.unreadCount > 0 && (
        <p className="conv-badge" data-testid="inbox-unread">
          {t('inbox.unread', { count: c.unreadCount })}
        </p>
      )}
      <dl className="facts conv-card__facts">
        <dt>{t('inbox.patient')}</dt>
        <dd>
          {c.patient.name}, {formatPnr(c.patient.personalNumber)}
          <ProtectedMarker protectedIdentity={c.patient.protectedIdentity} />
        </dd>
        {topic && (
          <>
            <dt>{t('inbox.topic')}</dt>
            <dd>{topic}</dd>
          </>
        )}
        <dt>{t('inbox.status')}</dt>
        <dd>{t(`status.${c.status}`)}</dd>
        <dt>{t('inbox.assignee')}</dt>
        <dd>{c.assignee ? (c.assignee.staffId === meId ? t('inbox.you') : c.assignee.name) : t('inbox.nobody')}</dd>
        {c.waitingSince && (
          <>
            <dt>{t('inbox.waiting')}</dt>
            <dd>
              {waiting(c.waitingSince)}
              {c.dueAt && ` · ${t('inbox.due', { time: formatMessageTime(c.dueAt, i18n.language) })}`}
            </dd>
          </>
        )}
        <dt>{t('inbox.lastActivity')}</dt>
        <dd>
          <time dateTime={c.lastActivityAt}>{formatMessageTime(c.lastActivityAt, i18n.language)}</time>
        </dd>
      </dl>
      {c.lastMessagePreview && <p className="muted conv-card__preview">{c.lastMessagePreview}</p>}
    </article>
  );
}
