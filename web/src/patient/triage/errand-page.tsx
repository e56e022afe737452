/**
 * /sok-vard/arenden — errands without triage (ärendetyper) at the listed
 * unit: the list, then /sok-vard/arenden/:kind — the errand's form. Sent, it
 * opens the conversation it became in the unit's inbox; "book a time" opens
 * the booking search for its time type. Field errors come from the client
 * check first and the server's field codes second, both in an error summary.
 */
import { ErrandTypesResponse, StartErrandResponse } from '@ingang/contracts';
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { z } from 'zod';
import { api } from '../../api/client.js';
import { ApiError } from '../../api/errors.js';
import { ErrorSummary } from '../../ui/error-summary.js';
import { Button, ErrorAlert, Spinner, TextField, usePageTitle } from '../../ui/index.js';
import { RadioGroup } from '../../ui/radio-group.js';
import { TextArea } from '../../ui/text-area.js';
import { useActingFor } from '../acting-for.js';
import { PatientLayout } from '../patient-layout.js';

type ErrandType = z.infer<typeof ErrandTypesResponse>['data']['types'][number];

function ErrandForm({ type, unitId, subjectId }: { type: ErrandType; unitId: string; subjectId?: string }) {
  const { t, i18n } = useTranslation('triage');
  const lang = i18n.language.startsWith('en') ? 'en' : 'sv';
  const navigate = useNavigate();
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [local, setLocal] = useState<Record<string, string>>({});
  // One id per form shown: a resend after a lost answer is the same errand.
  const clientId = useMemo(() => crypto.randomUUID(), []);
  const send = useMutation({
    mutationFn: () =>
      api
        .post('/api/errands', {
          body: { unitId, kind: type.kind, answers, clientId, ...(subjectId ? { subjectId } : {}) },
          schema: StartErrandResponse,
        })
        .then((r) => r.data),
    onSuccess: (data) => {
      if (data.conversationId) navigate(`/meddelanden/${data.conversationId}`);
      else navigate(`/boka?typ=${encodeURIComponent(data.bookingType ?? '')}`);
    },
  });
  const server = send.error instanceof ApiError ? send.error.fields : {};
  const errorOf = (id: string) => {
    const code = local[id] ?? server[`answers.${id}`];
    return code ? t(`errand.errors.${code}`, { defaultValue: t('errand.errors.invalid') }) : undefined;
  };
  const items = type.fields
    .filter((f) => errorOf(f.id))
    .map((f) => ({ fieldId: `errand-${f.id}`, message: `${f.label[lang]}: ${errorOf(f.id)}` }));

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const problems: Record<string, string> = {};
    for (const f of type.fields) {
      const v = (answers[f.id] ?? '').trim();
      if (f.required && !v) problems[f.id] = 'required';
      else if (v.length > f.maxLength) problems[f.id] = 'too_long';
    }
    setLocal(problems);
    if (Object.keys(problems).length === 0) send.mutate();
  };
  const set = (id: string, value: string) => setAnswers((a) => ({ ...a, [id]: value }));

  return (
    <form onSubmit={onSubmit} noValidate>
      {items.length > 0 && <ErrorSummary items={items} focusKey={send.error ?? local} />}
      {type.kind !== 'book_time' && <p>{t('errand.responseGoal', { count: type.responseDays })}</p>}
      {type.fields.map((f) => {
        const label = `${f.label[lang]}${f.required ? '' : ` ${t('errand.optional')}`}`;
        if (f.type === 'choice') {
          return (
            <RadioGroup
              key={f.id}
              id={`errand-${f.id}`}
              legend={label}
              options={(f.options ?? []).map((o) => ({ value: o.code, label: o.label[lang] }))}
              value={answers[f.id] ?? ''}
              onChange={(v) => set(f.id, v)}
              error={errorOf(f.id)}
            />
          );
        }
        const props = {
          id: `errand-${f.id}`,
          label,
          value: answers[f.id] ?? '',
          maxLength: f.maxLength,
          error: errorOf(f.id),
          onChange: (e: { target: { value: string } }) => set(f.id, e.target.value),
        };
        return f.type === 'textarea' ? <TextArea key={f.id} {...props} /> : <TextField key={f.id} {...props} />;
      })}
      {!(send.error instanceof ApiError && Object.keys(server).length) && <ErrorAlert error={send.error} />}
      <Button type="submit" pending={send.isPending} pendingLabel={t('session.sending')}>
        {type.kind === 'book_time' ? t('errand.toBooking') : t('errand.send')}
      </Button>
    </form>
  );
}

export function ErrandPage() {
  const { kind } = useParams();
  const { t, i18n } = useTranslation(['triage', 'common']);
  const lang = i18n.language.startsWith('en') ? 'en' : 'sv';
  const { subject } = useActingFor();
  const subjectId = subject && !subject.self ? subject.personId : undefined;
  const list = useQuery({
    queryKey: ['errands', subjectId ?? 'self'],
    queryFn: () =>
      api
        .get(`/api/errands${subjectId ? `?subjectId=${subjectId}` : ''}`, { schema: ErrandTypesResponse })
        .then((r) => r.data),
  });
  const type = list.data?.types.find((x) => x.kind === kind);
  const title = type ? type.title[lang] : t('errand.title');
  usePageTitle(title);
  return (
    <PatientLayout>
      <h1>{title}</h1>
      {list.isPending && <Spinner label={t('common:loading')} />}
      <ErrorAlert error={list.error} />
      {list.data && !kind && (
        <>
          <p>{t('errand.lead', { unit: list.data.unit?.name ?? '' })}</p>
          {list.data.types.length === 0 ? (
            <p>{t('errand.none')}</p>
          ) : (
            <ul className="link-list">
              {list.data.types.map((x) => (
                <li key={x.kind}>
                  <Link to={`/sok-vard/arenden/${x.kind}`}>{x.title[lang]}</Link>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      {list.data && kind && !type && <p>{t('errand.none')}</p>}
      {list.data?.unit && type && (
        <ErrandForm key={type.kind} type={type} unitId={list.data.unit.id} subjectId={subjectId} />
      )}
      <p>
        <Link to={kind ? '/sok-vard/arenden' : '/sok-vard'}>{t('errand.back')}</Link>
      </p>
    </PatientLayout>
  );
}
