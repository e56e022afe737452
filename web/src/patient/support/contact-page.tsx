/** "Kontakta support" in the app (logged in): my cases, a new case with suggestions, the chat and the rating. */
import '../../support/support.css';
import type { ArticleSummary } from '@ingang/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { fieldError } from '../../api/client.js';
import { Alert, Button, ErrorAlert, Select, Spinner, TextField, usePageTitle } from '../../ui/index.js';
import { TextArea } from '../../ui/text-area.js';
import { PatientLayout } from '../patient-layout.js';
import { useCaseAction, useMyCase, useMyCases, useOpenCase, useSuggestions } from './api.js';
import { Suggestions, SupportStatusLine } from './status-line.js';

export function ContactSupportPage() {
  const { t, i18n } = useTranslation(['support', 'common']);
  usePageTitle(t('support:contact.title'));
  const cases = useMyCases();
  const open = useOpenCase();
  const suggest = useSuggestions();
  const navigate = useNavigate();
  const [subject, setSubject] = useState('');
  const [message, setMessage] = useState('');
  const [suggested, setSuggested] = useState<ArticleSummary[]>([]);
  const locale = i18n.language === 'en' ? 'en' : 'sv';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    open.mutate({ subject, message, locale }, { onSuccess: (r) => navigate(`/kontakta-support/${r.case.id}`) });
  };
  return (
    <PatientLayout>
      <h1>{t('support:contact.title')}</h1>
      <p>{t('support:contact.lead')}</p>
      <SupportStatusLine />
      <h2>{t('support:contact.newCase')}</h2>
      <form onSubmit={submit} noValidate className="stack">
        {open.error && !fieldError(open.error, 'subject') && !fieldError(open.error, 'message') && (
          <ErrorAlert error={open.error} />
        )}
        <TextField
          label={t('support:contact.subject')}
          value={subject}
          onChange={(e) => setSubject(e.target.value)}
          error={fieldError(open.error, 'subject')}
          required
        />
        <TextArea
          label={t('support:contact.message')}
          value={message}
          onChange={(e) => setMessage(e.target.value)}
          onBlur={() =>
            message.trim() &&
            suggest.mutate({ text: `${subject} ${message}`, locale }, { onSuccess: (r) => setSuggested(r.articles) })
          }
          error={fieldError(open.error, 'message')}
          rows={5}
          required
        />
        <Suggestions articles={suggested} />
        <Button type="submit" pending={open.isPending} pendingLabel={t('support:contact.sending')}>
          {t('support:contact.send')}
        </Button>
      </form>
      <h2>{t('support:contact.myCases')}</h2>
      {cases.isPending ? (
        <Spinner label={t('common:loading')} />
      ) : cases.error ? (
        <ErrorAlert error={cases.error} />
      ) : cases.data.cases.length === 0 ? (
        <p>{t('support:contact.noCases')}</p>
      ) : (
        <ul className="support-cases">
          {cases.data.cases.map((c) => (
            <li key={c.id}>
              <Link to={`/kontakta-support/${c.id}`}>
                {c.reference}: {c.subject}
              </Link>{' '}
              <span className="muted">({t(`support:status.${c.status}`)})</span>
            </li>
          ))}
        </ul>
      )}
    </PatientLayout>
  );
}

export function SupportChatPage() {
  const { t } = useTranslation(['support', 'common']);
  const { id = '' } = useParams();
  const c = useMyCase(id);
  const actions = useCaseAction(id);
  const [text, setText] = useState('');
  const [rating, setRating] = useState('5');
  const [comment, setComment] = useState('');
  usePageTitle(c.data ? t('support:chat.title', { reference: c.data.reference }) : t('support:contact.title'));
  if (c.isPending)
    return (
      <PatientLayout>
        <Spinner label={t('common:loading')} />
      </PatientLayout>
    );
  if (c.error)
    return (
      <PatientLayout>
        <ErrorAlert error={c.error} />
      </PatientLayout>
    );
  const kase = c.data;
  const send = (e: FormEvent) => {
    e.preventDefault();
    actions.reply.mutate(text, { onSuccess: () => setText('') });
  };
  return (
    <PatientLayout>
      <h1>{t('support:chat.title', { reference: kase.reference })}</h1>
      <p>
        {kase.subject} <span className="muted">({t(`support:status.${kase.status}`)})</span>
      </p>
      <ol className="support-chat" aria-live="polite">
        {kase.messages.map((m) => (
          <li key={m.id} className={`support-chat__msg support-chat__msg--${m.author}`}>
            <p className="support-chat__who">
              {m.author === 'citizen'
                ? t('support:chat.you')
                : m.author === 'system'
                  ? t('support:chat.auto')
                  : (m.authorName ?? t('support:chat.support'))}
            </p>
            <p className="support-chat__body">{m.body}</p>
          </li>
        ))}
      </ol>
      <form onSubmit={send} className="stack">
        {actions.reply.error && <ErrorAlert error={actions.reply.error} />}
        <TextArea label={t('support:chat.reply')} value={text} onChange={(e) => setText(e.target.value)} rows={3} />
        <Button type="submit" pending={actions.reply.isPending} disabled={!text.trim()}>
          {t('support:chat.send')}
        </Button>
      </form>
      {kase.rating !== null ? (
        <Alert tone="success">{t('support:chat.rated', { rating: kase.rating })}</Alert>
      ) : kase.canRate ? (
        <form
          className="stack"
          onSubmit={(e) => {
            e.preventDefault();
            actions.rate.mutate({ rating: Number(rating), ...(comment.trim() ? { comment } : {}) });
          }}
        >
          <h2>{t('support:chat.rateTitle')}</h2>
          <Select
            label={t('support:chat.rate')}
            hint={t('support:chat.rateHint')}
            value={rating}
            onChange={(e) => setRating(e.target.value)}
            options={['1', '2', '3', '4', '5'].map((v) => ({ value: v, label: v }))}
          />
          <TextField label={t('support:chat.comment')} value={comment} onChange={(e) => setComment(e.target.value)} />
          {actions.rate.error && <ErrorAlert error={actions.rate.error} />}
          <Button type="submit" pending={actions.rate.isPending}>
            {t('support:chat.sendRating')}
          </Button>
        </form>
      ) : null}
      <p>
        <Link to="/kontakta-support">{t('support:chat.back')}</Link>
      </p>
    </PatientLayout>
  );
}
