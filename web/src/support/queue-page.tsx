/** The queue: my availability, the newest unread post, take next, and the views sorted against the SLA. */
import type { QueueCase, SupportQueueView } from '@ingang/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { DataTable } from '../ui/data-table.js';
import { Alert, Button, Checkbox, ErrorAlert, Spinner, usePageTitle } from '../ui/index.js';
import { deskApi, useAgentMe, useDeskMutation, useQueue } from './desk-api.js';

const VIEWS: SupportQueueView[] = ['new', 'mine', 'waiting', 'escalated', 'closed'];

export function CaseTable({ cases, caption }: { cases: QueueCase[]; caption: string }) {
  const { t } = useTranslation('support');
  if (cases.length === 0) return <p>{t('desk.empty')}</p>;
  return (
    <DataTable
      caption={caption}
      rows={cases}
      rowKey={(c) => c.id}
      columns={[
        {
          key: 'ref',
          header: t('desk.cols.reference'),
          render: (c) => <Link to={`/support/arenden/${c.id}`}>{c.reference}</Link>,
        },
        { key: 'subject', header: t('desk.cols.subject'), render: (c) => c.subject },
        { key: 'channel', header: t('desk.cols.channel'), render: (c) => t(`desk.channel.${c.channel}`) },
        { key: 'waited', header: t('desk.cols.waited'), render: (c) => t('desk.minutes', { count: c.waitedMinutes }) },
        {
          key: 'sla',
          header: t('desk.cols.sla'),
          render: (c) => <span className={`sla-badge sla-badge--${c.sla}`}>{t(`desk.sla.${c.sla}`)}</span>,
        },
        { key: 'assignee', header: t('desk.cols.assignee'), render: (c) => c.assigneeName ?? '–' },
      ]}
    />
  );
}

export function UnreadPost() {
  const { t } = useTranslation('support');
  const me = useAgentMe();
  const read = useDeskMutation((id: string) => deskApi.read(id));
  const post = me.data?.unreadPost;
  if (!post) return null;
  return (
    <section className="alert alert--warning" aria-labelledby="unread-post">
      <h2 id="unread-post">{t('desk.unreadTitle')}</h2>
      <p>
        <strong>{post.title}</strong>
      </p>
      <p>{post.body}</p>
      <Button onClick={() => read.mutate(post.id)} pending={read.isPending}>
        {t('desk.markRead')}
      </Button>
    </section>
  );
}

export function QueuePage() {
  const { t } = useTranslation(['support', 'common']);
  usePageTitle(t('support:desk.nav.queue'));
  const [view, setView] = useState<SupportQueueView>('new');
  const me = useAgentMe();
  const queue = useQueue(view);
  const navigate = useNavigate();
  const [none, setNone] = useState(false);
  const available = useDeskMutation((v: boolean) => deskApi.setAvailable(v));
  const languages = useDeskMutation((v: { available: boolean; languages: ('sv' | 'en')[] }) =>
    deskApi.setAvailable(v.available, v.languages),
  );
  const next = useDeskMutation(() => deskApi.next());
  return (
    <>
      <h1>{t('support:desk.nav.queue')}</h1>
      {me.data && (
        <p>
          {me.data.name} · {t(`support:desk.line.${me.data.line}`)} ·{' '}
          {t('support:desk.load', { open: me.data.openCases, max: me.data.maxConcurrent })}
        </p>
      )}
      {me.data && (
        <Checkbox
          label={t('support:desk.available')}
          checked={me.data.available}
          onChange={(e) => available.mutate(e.target.checked)}
        />
      )}
      {me.data && me.data.line === 'first_line' && (
        <fieldset className="desk-views">
          <legend>{t('support:desk.languages')}</legend>
          {(['sv', 'en'] as const).map((l) => {
            const mine = me.data.languages;
            const on = mine.includes(l);
            return (
              <Checkbox
                key={l}
                label={t(`support:desk.language.${l}`)}
                checked={on}
                // At least one language: the last one cannot be unticked.
                disabled={on && mine.length === 1}
                onChange={(e) =>
                  languages.mutate({
                    available: me.data.available,
                    languages: e.target.checked ? [...mine, l] : mine.filter((x) => x !== l),
                  })
                }
              />
            );
          })}
        </fieldset>
      )}
      <UnreadPost />
      <Button
        onClick={() =>
          next.mutate(undefined, {
            onSuccess: (r) => {
              setNone(!r);
              if (r) navigate(`/support/arenden/${r.data.id}`);
            },
          })
        }
        pending={next.isPending}
        disabled={!!me.data?.unreadPost}
      >
        {t('support:desk.takeNext')}
      </Button>
      {none && <Alert tone="info">{t('support:desk.noneWaiting')}</Alert>}
      <fieldset className="desk-views">
        <legend>{t('support:desk.viewsLabel')}</legend>
        {VIEWS.map((v) => (
          <label key={v} className="desk-views__option">
            <input type="radio" name="view" value={v} checked={view === v} onChange={() => setView(v)} />{' '}
            {t(`support:desk.views.${v}`)}
          </label>
        ))}
      </fieldset>
      {queue.isPending ? (
        <Spinner label={t('common:loading')} />
      ) : queue.error ? (
        <ErrorAlert error={queue.error} />
      ) : (
        <CaseTable cases={queue.data.cases} caption={t(`support:desk.views.${view}`)} />
      )}
    </>
  );
}
