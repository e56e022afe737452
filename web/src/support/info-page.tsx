/** Information posts: second line publishes and sees each agent's read status; first line reads and marks read. */
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../ui/datetime.js';
import { Button, ErrorAlert, Spinner, TextField, usePageTitle } from '../ui/index.js';
import { TextArea } from '../ui/text-area.js';
import { deskApi, useAgentMe, useDeskMutation, useInfoPosts } from './desk-api.js';

const time = (iso: string, language: string) => formatDateTime(iso, language);

export function InfoPage() {
  const { t, i18n } = useTranslation(['support', 'common']);
  usePageTitle(t('support:info.title'));
  const me = useAgentMe();
  const posts = useInfoPosts();
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const publish = useDeskMutation(() => deskApi.post({ title, body }));
  const read = useDeskMutation((id: string) => deskApi.read(id));
  const second = me.data?.line === 'second_line';
  return (
    <>
      <h1>{t('support:info.title')}</h1>
      {second && (
        <form
          className="stack"
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            publish.mutate(undefined, {
              onSuccess: () => {
                setTitle('');
                setBody('');
              },
            });
          }}
        >
          <h2>{t('support:info.new')}</h2>
          {publish.error && <ErrorAlert error={publish.error} />}
          <TextField label={t('support:info.postTitle')} value={title} onChange={(e) => setTitle(e.target.value)} />
          <TextArea label={t('support:info.body')} value={body} onChange={(e) => setBody(e.target.value)} rows={4} />
          <Button type="submit" pending={publish.isPending} disabled={!title.trim() || !body.trim()}>
            {t('support:info.publish')}
          </Button>
        </form>
      )}
      {posts.isPending ? (
        <Spinner label={t('common:loading')} />
      ) : posts.error ? (
        <ErrorAlert error={posts.error} />
      ) : posts.data.posts.length === 0 ? (
        <p>{t('support:info.none')}</p>
      ) : (
        posts.data.posts.map((p) => (
          <article key={p.id} className="info-post">
            <h2>{p.title}</h2>
            <p className="muted">
              {p.authorName}, {time(p.createdAt, i18n.language)}
            </p>
            <p>{p.body}</p>
            {p.readAt ? (
              <p>{t('support:info.read', { time: time(p.readAt, i18n.language) })}</p>
            ) : (
              <Button variant="secondary" onClick={() => read.mutate(p.id)}>
                {t('support:desk.markRead')}
              </Button>
            )}
            {p.reads && (
              <>
                <h3>{t('support:info.readStatus')}</h3>
                <ul>
                  {p.reads.map((r) => (
                    <li key={r.staffId}>
                      {r.name}:{' '}
                      {r.readAt
                        ? t('support:info.read', { time: time(r.readAt, i18n.language) })
                        : t('support:info.unread')}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </article>
        ))
      )}
    </>
  );
}
