/**
 * "Meddelanden" (/meddelanden): the conversations of the citizen and of those
 * they may write for, newest activity first, with unread counts; "Skriv nytt
 * meddelande"; web push on this device. The list follows changes live.
 */
import type { CitizenConversationSummary } from '@ingang/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCitizen } from '../../api/me.js';
import { ButtonLink, ErrorAlert, Spinner, usePageTitle } from '../../ui/index.js';
import { PatientLayout } from '../patient-layout.js';
import { formatMessageTime } from './format.js';
import { useLiveWatch } from './live.js';
import { useConversationLists } from './messages-api.js';
import { PushSection } from './push-section.js';
import { topicLabel, useMessageSubjects } from './subjects.js';

interface Row extends CitizenConversationSummary {
  subjectId: string | null;
  subjectName: string;
}

export function MessagesPage() {
  const { t, i18n } = useTranslation(['messages', 'common']);
  usePageTitle(t('list.title'));
  const me = useCitizen();
  const subjects = useMessageSubjects();
  const ids = subjects.map((s) => s.subjectId);
  const lists = useConversationLists(ids);
  const client = useQueryClient();

  useLiveWatch({
    enabled: Boolean(me),
    watches: subjects.map((s) =>
      s.subjectId ? { type: 'watch_subject', subjectId: s.subjectId } : { type: 'watch_subject' },
    ),
    onChanged: () => void client.invalidateQueries({ queryKey: ['messaging', 'list'] }),
    onReconnect: () => void client.invalidateQueries({ queryKey: ['messaging', 'list'] }),
  });

  const rows: Row[] = lists
    .flatMap((q, i) => {
      const subject = subjects[i];
      return (q.data ?? []).map((c) => ({
        ...c,
        subjectId: subject?.subjectId ?? null,
        subjectName: subject?.name ?? '',
      }));
    })
    .sort((a, b) => b.lastActivityAt.localeCompare(a.lastActivityAt));
  const loading = lists.some((q) => q.isPending);
  const error = lists.find((q) => q.error)?.error;
  const unread = rows.reduce((sum, r) => sum + r.unreadCount, 0);

  return (
    <PatientLayout>
      <h1>{t('list.title')}</h1>
      <p>{t('list.lead')}</p>
      <div className="button-row">
        <ButtonLink to="/meddelanden/ny">{t('list.new')}</ButtonLink>
      </div>
      <section aria-labelledby="conversations-title">
        <h2 id="conversations-title">{t('list.conversations')}</h2>
        {loading && <Spinner label={t('list.loading')} />}
        <ErrorAlert error={error} />
        {!loading && !error && rows.length === 0 && <p data-testid="conversations-empty">{t('list.empty')}</p>}
        {rows.length > 0 && (
          <>
            <p role="status" className="muted">
              {unread > 0 ? t('list.unreadSummary', { count: unread }) : t('list.allRead')}
            </p>
            <ul className="list-plain" data-testid="conversations">
              {rows.map((c) => (
                <li key={c.id}>
                  <article
                    className={`card conv-card${c.unreadCount > 0 ? ' conv-card--unread' : ''}`}
                    aria-labelledby={`conv-${c.id}`}
                    data-testid="conversation"
                  >
                    <h3 id={`conv-${c.id}`} className="conv-card__title">
                      <Link to={`/meddelanden/${c.id}${c.subjectId ? `?for=${c.subjectId}` : ''}`}>{c.subject}</Link>
                    </h3>
                    {c.unreadCount > 0 && (
                      <p className="conv-badge" data-testid="conversation-unread">
                        {t('list.unread', { count: c.unreadCount })}
                      </p>
                    )}
                    <dl className="facts conv-card__facts">
                      <dt>{t('list.unit')}</dt>
                      <dd>{c.unit.name}</dd>
                      {c.topic && (
                        <>
                          <dt>{t('list.topic')}</dt>
                          <dd>{topicLabel(c.topic, i18n.language)}</dd>
                        </>
                      )}
                      {c.subjectId && (
                        <>
                          <dt>{t('list.about')}</dt>
                          <dd>{c.subjectName}</dd>
                        </>
                      )}
                      <dt>{t('list.lastActivity')}</dt>
                      <dd>
                        <time dateTime={c.lastActivityAt}>{formatMessageTime(c.lastActivityAt, i18n.language)}</time>
                      </dd>
                      {c.status === 'closed' && (
                        <>
                          <dt>{t('list.status')}</dt>
                          <dd>{c.abilities.reply ? t('list.closedCanReply') : t('list.closed')}</dd>
                        </>
                      )}
                    </dl>
                    {c.lastMessagePreview && <p className="muted conv-card__preview">{c.lastMessagePreview}</p>}
                  </article>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      <PushSection />
    </PatientLayout>
  );
}
