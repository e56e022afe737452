/**
 * "Din vårdkontakt": a patient with an ongoing care episode sees the named
 * contact first on the entrance and writes to them without triage
 * (/sok-vard/vardkontakt/:id). The message opens a conversation in the
 * unit's inbox; the patient lands in it.
 */
import { CareEpisodesResponse, WriteCareContactResponse } from '@ingang/contracts';
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../../api/client.js';
import { ErrorSummary } from '../../ui/error-summary.js';
import { Button, ErrorAlert, Spinner, TextField, usePageTitle } from '../../ui/index.js';
import { TextArea } from '../../ui/text-area.js';
import { useActingFor } from '../acting-for.js';
import { PatientLayout } from '../patient-layout.js';

function useCareContacts() {
  const { subject } = useActingFor();
  const subjectId = subject && !subject.self ? subject.personId : undefined;
  const query = useQuery({
    queryKey: ['care-contacts', subjectId ?? 'self'],
    queryFn: () =>
      api
        .get(`/api/care-contacts${subjectId ? `?subjectId=${subjectId}` : ''}`, { schema: CareEpisodesResponse })
        .then((r) => r.data),
  });
  return { query, subjectId };
}

/** The section on the entrance: nothing when there is no ongoing episode. */
export function CareContactSection() {
  const { t } = useTranslation('triage');
  const { query } = useCareContacts();
  if (!query.data?.length) return null;
  return (
    <section className="care-contact" aria-labelledby="care-contact-heading">
      <h2 id="care-contact-heading">{t('careContact.title')}</h2>
      <ul className="link-list">
        {query.data.map((e) => (
          <li key={e.id}>
            <p>
              {t('careContact.who', {
                name: e.contact.name,
                title: e.contact.title,
                unit: e.unit.name,
                label: e.label,
              })}
            </p>
            <Link className="button button--primary" to={`/sok-vard/vardkontakt/${e.id}`}>
              {t('careContact.write', { name: e.contact.name })}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function CareContactWritePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation(['triage', 'common']);
  const { query, subjectId } = useCareContacts();
  const episode = query.data?.find((e) => e.id === id);
  const title = episode ? t('careContact.write', { name: episode.contact.name }) : t('careContact.title');
  usePageTitle(title);
  const navigate = useNavigate();
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [missing, setMissing] = useState<string[]>([]);
  const clientId = useMemo(() => crypto.randomUUID(), []);
  const send = useMutation({
    mutationFn: () =>
      api
        .post(`/api/care-contacts/${id}/messages`, {
          body: { subject, body, clientId, ...(subjectId ? { subjectId } : {}) },
          schema: WriteCareContactResponse,
        })
        .then((r) => r.data),
    onSuccess: (data) => navigate(`/meddelanden/${data.conversationId}`),
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const m = [...(subject.trim() ? [] : ['subject']), ...(body.trim() ? [] : ['body'])];
    setMissing(m);
    if (m.length === 0) send.mutate();
  };
  const items = missing.map((f) => ({ fieldId: `care-${f}`, message: t(`careContact.missing.${f}`) }));
  return (
    <PatientLayout>
      <h1>{title}</h1>
      {query.isPending && <Spinner label={t('common:loading')} />}
      <ErrorAlert error={query.error} />
      {query.data && !episode && <p>{t('careContact.none')}</p>}
      {episode && (
        <form onSubmit={onSubmit} noValidate>
          {items.length > 0 && <ErrorSummary items={items} focusKey={missing} />}
          <p>{t('careContact.lead', { unit: episode.unit.name })}</p>
          <TextField
            id="care-subject"
            label={t('careContact.subject')}
            value={subject}
            maxLength={80}
            onChange={(e) => setSubject(e.target.value)}
            error={missing.includes('subject') ? t('careContact.missing.subject') : undefined}
          />
          <TextArea
            id="care-body"
            label={t('careContact.body')}
            value={body}
            maxLength={5000}
            onChange={(e) => setBody(e.target.value)}
            error={missing.includes('body') ? t('careContact.missing.body') : undefined}
          />
          <ErrorAlert error={send.error} />
          <Button type="submit" pending={send.isPending} pendingLabel={t('session.sending')}>
            {t('careContact.send')}
          </Button>
        </form>
      )}
      <p>
        <Link to="/sok-vard">{t('errand.back')}</Link>
      </p>
    </PatientLayout>
  );
}
