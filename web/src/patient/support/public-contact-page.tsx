/** Contact support without logging in: name and e-mail asked; the answer comes by e-mail. */
import '../../support/support.css';
import type { ArticleSummary } from '@ingang/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { fieldError } from '../../api/client.js';
import { Alert, Button, ErrorAlert, TextField, usePageTitle } from '../../ui/index.js';
import { TextArea } from '../../ui/text-area.js';
import { PatientLayout } from '../patient-layout.js';
import { usePublicCase, useSuggestions } from './api.js';
import { Suggestions, SupportStatusLine } from './status-line.js';

export function PublicContactPage() {
  const { t, i18n } = useTranslation(['support', 'common']);
  usePageTitle(t('support:contact.title'));
  const [form, setForm] = useState({ name: '', email: '', subject: '', message: '' });
  const [suggested, setSuggested] = useState<ArticleSummary[]>([]);
  const send = usePublicCase();
  const suggest = useSuggestions();
  const locale = i18n.language === 'en' ? 'en' : 'sv';
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    send.mutate({ ...form, locale });
  };
  const err = (name: string) => fieldError(send.error, name);
  return (
    <PatientLayout>
      <h1>{t('support:contact.title')}</h1>
      <p>{t('support:contact.lead')}</p>
      <SupportStatusLine />
      {send.data ? (
        <>
          <Alert tone="success">{t('support:contact.sentPublic', { reference: send.data.reference })}</Alert>
          <Suggestions articles={send.data.suggestions} />
        </>
      ) : (
        <form onSubmit={submit} noValidate className="stack">
          <p>
            <Link to="/logga-in?returnTo=%2Fkontakta-support">{t('support:contact.loginInstead')}</Link>
          </p>
          {send.error && !err('name') && !err('email') && !err('subject') && !err('message') && (
            <ErrorAlert error={send.error} />
          )}
          <TextField
            label={t('support:contact.name')}
            value={form.name}
            onChange={set('name')}
            autoComplete="name"
            error={err('name')}
            required
          />
          <TextField
            label={t('support:contact.email')}
            hint={t('support:contact.emailHint')}
            value={form.email}
            onChange={set('email')}
            type="email"
            autoComplete="email"
            error={err('email')}
            required
          />
          <TextField
            label={t('support:contact.subject')}
            value={form.subject}
            onChange={set('subject')}
            error={err('subject')}
            required
          />
          <TextArea
            label={t('support:contact.message')}
            value={form.message}
            onChange={set('message')}
            onBlur={() =>
              form.message.trim() &&
              suggest.mutate(
                { text: `${form.subject} ${form.message}`, locale },
                { onSuccess: (r) => setSuggested(r.articles) },
              )
            }
            error={err('message')}
            rows={6}
            required
          />
          <Suggestions articles={suggested} />
          <Button type="submit" pending={send.isPending} pendingLabel={t('support:contact.sending')}>
            {t('support:contact.send')}
          </Button>
        </form>
      )}
    </PatientLayout>
  );
}
