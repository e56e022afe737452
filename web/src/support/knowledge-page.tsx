/**
 * The desk's knowledge (issue 16): help-centre articles (Swedish and English) and standard
 * answers. Second line creates and edits them — every save is a new version, with the history
 * shown — and marks them reviewed; first line reads only (the server enforces the same rule).
 */
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../ui/datetime.js';
import { Alert, Button, Checkbox, ErrorAlert, Select, Spinner, TextField, usePageTitle } from '../ui/index.js';
import { TextArea } from '../ui/text-area.js';
import {
  deskApi,
  type KnowledgeKind,
  useAgentArticles,
  useAgentMe,
  useDeskMutation,
  useStandardAnswers,
  useVersions,
} from './desk-api.js';

const day = (iso: string | null, language: string) => (iso ? formatDate(iso, language) : '–');

interface Item {
  id: string;
  heading: string;
  version: number;
  lastReviewedAt: string | null;
}

/** One article or standard answer: version, last reviewed, its history on demand, and second line's actions. */
function ItemRow(props: { kind: KnowledgeKind; item: Item; canEdit: boolean; onEdit: () => void }) {
  const { t, i18n } = useTranslation('support');
  const { kind, item } = props;
  const [open, setOpen] = useState(false);
  const history = useVersions(kind, open ? item.id : null);
  const reviewed = useDeskMutation(() => deskApi.reviewed(kind, item.id));
  return (
    <li className="knowledge-item">
      <h3>{item.heading}</h3>
      <p className="muted">
        {t('knowledge.versionLine', { version: item.version, reviewed: day(item.lastReviewedAt, i18n.language) })}
      </p>
      <div className="knowledge-actions">
        <Button variant="secondary" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? t('knowledge.hideHistory') : t('knowledge.showHistory')}
        </Button>
        {props.canEdit && (
          <>
            <Button variant="secondary" onClick={props.onEdit}>
              {t('knowledge.edit')}
            </Button>
            <Button variant="secondary" onClick={() => reviewed.mutate(undefined)} pending={reviewed.isPending}>
              {t('knowledge.markReviewed')}
            </Button>
          </>
        )}
      </div>
      {reviewed.error && <ErrorAlert error={reviewed.error} />}
      {open &&
        (history.isPending ? (
          <Spinner label={t('knowledge.history')} />
        ) : history.error ? (
          <ErrorAlert error={history.error} />
        ) : (
          <ol className="knowledge-history" aria-label={t('knowledge.history')}>
            {history.data.versions.map((v) => (
              <li key={v.version}>
                <p>
                  <strong>{t('knowledge.version', { version: v.version })}</strong> – {v.savedBy ?? '–'},{' '}
                  {day(v.savedAt, i18n.language)}: {v.title}
                </p>
                <p className="knowledge-history__body">{v.body}</p>
              </li>
            ))}
          </ol>
        ))}
    </li>
  );
}

const emptyArticle = { slug: '', locale: 'sv', title: '', body: '', keywords: '', published: true };

function ArticleForm(props: { value: typeof emptyArticle; onSaved: () => void }) {
  const { t } = useTranslation('support');
  const [a, setA] = useState(props.value);
  const save = useDeskMutation(() => deskApi.saveArticle(a));
  const set = (patch: Partial<typeof emptyArticle>) => setA({ ...a, ...patch });
  return (
    <form
      className="stack"
      aria-labelledby="article-form-h"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        save.mutate(undefined, { onSuccess: props.onSaved });
      }}
    >
      <h3 id="article-form-h">{t('knowledge.articleForm')}</h3>
      {save.error && <ErrorAlert error={save.error} />}
      <TextField
        label={t('knowledge.slug')}
        hint={t('knowledge.slugHint')}
        value={a.slug}
        onChange={(e) => set({ slug: e.target.value })}
      />
      <Select
        label={t('knowledge.locale')}
        value={a.locale}
        onChange={(e) => set({ locale: e.target.value })}
        options={[
          { value: 'sv', label: t('knowledge.sv') },
          { value: 'en', label: t('knowledge.en') },
        ]}
      />
      <TextField label={t('knowledge.itemTitle')} value={a.title} onChange={(e) => set({ title: e.target.value })} />
      <TextArea label={t('knowledge.body')} value={a.body} onChange={(e) => set({ body: e.target.value })} rows={6} />
      <TextField
        label={t('knowledge.keywords')}
        value={a.keywords}
        onChange={(e) => set({ keywords: e.target.value })}
      />
      <Checkbox
        label={t('knowledge.published')}
        checked={a.published}
        onChange={(e) => set({ published: e.target.checked })}
      />
      <Button type="submit" pending={save.isPending} disabled={!a.slug.trim() || !a.title.trim() || !a.body.trim()}>
        {t('knowledge.save')}
      </Button>
    </form>
  );
}

const emptyAnswer = { shortcut: '', title: '', body: '' };

function AnswerForm(props: { value: typeof emptyAnswer; onSaved: () => void }) {
  const { t } = useTranslation('support');
  const [a, setA] = useState(props.value);
  const save = useDeskMutation(() => deskApi.saveAnswer(a));
  return (
    <form
      className="stack"
      aria-labelledby="answer-form-h"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        save.mutate(undefined, { onSuccess: props.onSaved });
      }}
    >
      <h3 id="answer-form-h">{t('knowledge.answerForm')}</h3>
      {save.error && <ErrorAlert error={save.error} />}
      <TextField
        label={t('knowledge.shortcut')}
        hint={t('knowledge.shortcutHint')}
        value={a.shortcut}
        onChange={(e) => setA({ ...a, shortcut: e.target.value })}
      />
      <TextField
        label={t('knowledge.itemTitle')}
        value={a.title}
        onChange={(e) => setA({ ...a, title: e.target.value })}
      />
      <TextArea
        label={t('knowledge.body')}
        hint={t('knowledge.placeholdersHint')}
        value={a.body}
        onChange={(e) => setA({ ...a, body: e.target.value })}
        rows={5}
      />
      <Button type="submit" pending={save.isPending} disabled={!a.shortcut.trim() || !a.title.trim() || !a.body.trim()}>
        {t('knowledge.save')}
      </Button>
    </form>
  );
}

export function KnowledgePage() {
  const { t } = useTranslation(['support', 'common']);
  usePageTitle(t('support:knowledge.title'));
  const me = useAgentMe();
  const articles = useAgentArticles();
  const answers = useStandardAnswers();
  const canEdit = me.data?.line === 'second_line';
  // The form being edited (a fresh key remounts it with the chosen item's values).
  const [article, setArticle] = useState<{ key: string; value: typeof emptyArticle } | null>(null);
  const [answer, setAnswer] = useState<{ key: string; value: typeof emptyAnswer } | null>(null);
  return (
    <>
      <h1>{t('support:knowledge.title')}</h1>
      {!canEdit && <Alert tone="info">{t('support:knowledge.readOnly')}</Alert>}
      <section aria-labelledby="articles-h" className="stack">
        <h2 id="articles-h">{t('support:knowledge.articles')}</h2>
        {canEdit && !article && (
          <Button variant="secondary" onClick={() => setArticle({ key: 'new', value: emptyArticle })}>
            {t('support:knowledge.newArticle')}
          </Button>
        )}
        {article && <ArticleForm key={article.key} value={article.value} onSaved={() => setArticle(null)} />}
        {articles.isPending ? (
          <Spinner label={t('common:loading')} />
        ) : articles.error ? (
          <ErrorAlert error={articles.error} />
        ) : (
          <ul className="knowledge-list">
            {articles.data.articles.map((a) => (
              <ItemRow
                key={a.id}
                kind="articles"
                canEdit={canEdit}
                item={{
                  id: a.id,
                  heading: `${a.title} (${a.locale}, ${a.published ? t('support:knowledge.isPublished') : t('support:knowledge.draft')})`,
                  version: a.version,
                  lastReviewedAt: a.lastReviewedAt,
                }}
                onEdit={() =>
                  setArticle({
                    key: `${a.id}:${a.version}`,
                    value: {
                      slug: a.slug,
                      locale: a.locale,
                      title: a.title,
                      body: a.body,
                      keywords: a.keywords,
                      published: a.published,
                    },
                  })
                }
              />
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="answers-h" className="stack">
        <h2 id="answers-h">{t('support:knowledge.answers')}</h2>
        {canEdit && !answer && (
          <Button variant="secondary" onClick={() => setAnswer({ key: 'new', value: emptyAnswer })}>
            {t('support:knowledge.newAnswer')}
          </Button>
        )}
        {answer && <AnswerForm key={answer.key} value={answer.value} onSaved={() => setAnswer(null)} />}
        {answers.isPending ? (
          <Spinner label={t('common:loading')} />
        ) : answers.error ? (
          <ErrorAlert error={answers.error} />
        ) : (
          <ul className="knowledge-list">
            {answers.data.answers.map((a) => (
              <ItemRow
                key={a.id}
                kind="standard-answers"
                canEdit={canEdit}
                item={{
                  id: a.id,
                  heading: `::${a.shortcut} – ${a.title}`,
                  version: a.version,
                  lastReviewedAt: a.lastReviewedAt,
                }}
                onEdit={() =>
                  setAnswer({
                    key: `${a.id}:${a.version}`,
                    value: { shortcut: a.shortcut, title: a.title, body: a.body },
                  })
                }
              />
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
