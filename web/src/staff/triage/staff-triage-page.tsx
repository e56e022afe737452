/**
 * /staff/patienter/:personId/triage — a nurse triages a patient on the phone
 * with the same questionnaire and rules as the patient's own flow: one
 * question at a time, the answers so far in view, the same outcome. A
 * decided triage can be overridden with a reason (reported per week).
 * Every step is audited on the server as an access to the patient's data.
 */

import { StaffTriageViewResponse, TriageRoute, TriageUrgency } from '@ingang/contracts';
import { type Questionnaire, type QuestionnaireItem, questionPages } from '@ingang/domain';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { z } from 'zod';
import { api } from '../../api/client.js';
import { OutcomeSummary } from '../../triage/outcome.js';
import { photoIdOf } from '../../triage/photo-field.js';
import { answerText, fromAnswer, QuestionField, toAnswer } from '../../triage/question-field.js';
import { Alert, Button, ErrorAlert, Select, TextField, usePageTitle } from '../../ui/index.js';
import { StaffLayout } from '../staff-layout.js';

type View = z.infer<typeof StaffTriageViewResponse>['data'];

const post = (path: string, body?: unknown) =>
  api.post(path, { body, schema: StaffTriageViewResponse }).then((r) => r.data);
const put = (path: string, body: unknown) =>
  api.put(path, { body, schema: StaffTriageViewResponse }).then((r) => r.data);

export function StaffTriagePage({ personId }: { personId: string }) {
  const { t } = useTranslation('triage');
  usePageTitle(t('staff.title'));
  const [view, setView] = useState<View | null>(null);
  const start = useMutation({ mutationFn: () => post('/api/staff/triage/sessions', { personId }), onSuccess: setView });
  return (
    <StaffLayout>
      <h1>{t('staff.title')}</h1>
      <p>{t('staff.lead')}</p>
      <p className="muted">{t('start.demo')}</p>
      <p>
        <Link to={`/staff/patienter/${personId}/vardkontakt`}>{t('careContact.staff.title')}</Link>
      </p>
      <ErrorAlert error={start.error} />
      {view ? (
        <TriageSessionView view={view} onChange={setView} />
      ) : (
        <Button id="staff-triage-start" onClick={() => start.mutate()} pending={start.isPending}>
          {t('start.begin')}
        </Button>
      )}
    </StaffLayout>
  );
}

/** A triage session: the answers so far, then the current question, or the outcome with the override form. */
export function TriageSessionView({ view, onChange }: { view: View; onChange(view: View): void }) {
  const { t } = useTranslation('triage');
  const s = view.session;
  const q: Questionnaire = {
    resourceType: 'Questionnaire',
    url: '',
    version: '',
    title: s.title,
    status: 'active',
    item: s.items as unknown as QuestionnaireItem[],
  };
  const pages = questionPages(q, s.answers as never);
  const current = pages.find((p) => p.item.linkId === s.next) ?? null;
  const [value, setValue] = useState('');
  const [invalid, setInvalid] = useState<string>();
  const heading = useRef<HTMLHeadingElement>(null);
  const base = `/api/staff/triage/sessions/${s.id}`;
  const answer = useMutation({ mutationFn: (body: unknown) => put(`${base}/answer`, body), onSuccess: onChange });
  const submit = useMutation({ mutationFn: () => post(`${base}/submit`, {}), onSuccess: onChange });
  const talk = useMutation({ mutationFn: () => post(`${base}/talk`), onSuccess: onChange });
  const linkId = current?.item.linkId;
  useEffect(() => {
    setValue('');
    setInvalid(undefined);
    if (linkId) heading.current?.focus();
  }, [linkId]);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!current) return;
    const a = toAnswer(current.item, value);
    if (a === 'invalid') return setInvalid(t('session.invalidNumber'));
    if (a === null && current.item.required) return setInvalid(t('session.required'));
    answer.mutate({ linkId: current.item.linkId, answer: a });
  };

  return (
    <>
      <AnswersTable view={view} />
      {s.decision ? (
        <section aria-labelledby="staff-outcome">
          <h2 id="staff-outcome" ref={heading} tabIndex={-1}>
            {t('result.title')}
          </h2>
          <OutcomeSummary decision={s.decision} audience="staff" />
          <Override view={view} onChange={onChange} />
        </section>
      ) : current ? (
        <form onSubmit={onSubmit} noValidate aria-labelledby="staff-question">
          <h2 id="staff-question" ref={heading} tabIndex={-1}>
            {current.groups[current.groups.length - 1]?.text ?? t('staff.question')}
          </h2>
          <QuestionField
            item={current.item}
            value={value || fromAnswer(s.answers[current.item.linkId]?.[0])}
            onChange={setValue}
            error={invalid}
          />
          <ErrorAlert error={answer.error} />
          <div className="button-row">
            <Button type="submit" pending={answer.isPending}>
              {t('session.next')}
            </Button>
            <Button variant="secondary" onClick={() => talk.mutate()} pending={talk.isPending}>
              {t('talk.action')}
            </Button>
          </div>
        </form>
      ) : (
        <>
          <ErrorAlert error={submit.error} />
          <Button onClick={() => submit.mutate()} pending={submit.isPending}>
            {t('session.submit')}
          </Button>
        </>
      )}
    </>
  );
}

/** The answers given so far, as question and answer rows. */
export function AnswersTable({ view }: { view: View }) {
  const { t } = useTranslation('triage');
  const items = new Map<string, QuestionnaireItem>();
  const walk = (list: QuestionnaireItem[]) => {
    for (const i of list) {
      items.set(i.linkId, i);
      if (i.item) walk(i.item);
    }
  };
  walk(view.session.items as unknown as QuestionnaireItem[]);
  const rows = [...items.values()].filter((i) => view.session.answers[i.linkId]);
  if (rows.length === 0) return null;
  return (
    <table className="data-table">
      <caption>{t('staff.answersTitle')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('staff.question')}</th>
          <th scope="col">{t('staff.answer')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((item) => (
          <tr key={item.linkId}>
            <td>{item.text}</td>
            <td>
              {item.type === 'attachment' ? (
                <StaffPhoto
                  sessionId={view.session.id}
                  answer={view.session.answers[item.linkId]?.[0]}
                  question={item.text ?? item.linkId}
                />
              ) : (
                answerText(item, view.session.answers[item.linkId]?.[0] ?? {}, t('answer.yes'), t('answer.no'))
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A photo answer, fetched through the staff route (care relationship, audited by the server). */
function StaffPhoto({
  sessionId,
  answer,
  question,
}: {
  sessionId: string;
  answer: Record<string, unknown> | undefined;
  question: string;
}) {
  const { t } = useTranslation('triage');
  const photoId = photoIdOf(answer);
  if (!photoId) return <>{t('photo.none')}</>;
  const src = `/api/staff/triage/sessions/${sessionId}/photos/${photoId}`;
  return (
    <a href={src} target="_blank" rel="noreferrer" className="triage-photo">
      <img src={src} alt={t('photo.alt', { question })} />
      <span className="visually-hidden">{t('photo.open')}</span>
    </a>
  );
}

function Override({ view, onChange }: { view: View; onChange(view: View): void }) {
  const { t } = useTranslation('triage');
  const decision = view.session.decision;
  const [route, setRoute] = useState<string>(decision?.route ?? 'message_unit');
  const [urgency, setUrgency] = useState<string>(decision?.urgency ?? 'same_day');
  const [reason, setReason] = useState('');
  const save = useMutation({
    mutationFn: () => post(`/api/staff/triage/decisions/${decision?.id}/override`, { route, urgency, reason }),
    onSuccess: onChange,
  });
  if (!decision) return null;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
      aria-labelledby="override-title"
    >
      <h3 id="override-title">{t('staff.overrideTitle')}</h3>
      {view.overrides.length > 0 && <Alert tone="success">{t('staff.overridden')}</Alert>}
      <Select
        label={t('staff.overrideRoute')}
        value={route}
        onChange={(e) => setRoute(e.target.value)}
        options={TriageRoute.options.map((r) => ({ value: r, label: t(`route.${r}`) }))}
      />
      <Select
        label={t('staff.overrideUrgency')}
        value={urgency}
        onChange={(e) => setUrgency(e.target.value)}
        options={TriageUrgency.options.map((u) => ({ value: u, label: t(`urgency.${u}`) }))}
      />
      <TextField
        label={t('staff.overrideReason')}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        maxLength={500}
      />
      <ErrorAlert error={save.error} />
      <Button type="submit" pending={save.isPending}>
        {t('staff.overrideSave')}
      </Button>
    </form>
  );
}
