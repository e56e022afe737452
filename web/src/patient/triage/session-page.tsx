/**
 * One triage question per page (`/sok-vard/:id?fraga=<linkId>`), then the
 * result. Each answer is sent at once (the server keeps the draft a day and
 * stops at a red flag); Back steps through the questions asked; "I want to
 * talk to someone" is on every page. The heading takes focus on each new
 * question so a screen reader starts there.
 */
import { previousPage, type Questionnaire, type QuestionnaireItem, questionPages } from '@ingang/domain';
import { type FormEvent, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import { ApiError, codeText, fieldText } from '../../api/errors.js';
import { OutcomeSummary } from '../../triage/outcome.js';
import { fromAnswer, QuestionField, toAnswer } from '../../triage/question-field.js';
import { Alert, Button, ButtonLink, ErrorAlert, Spinner, usePageTitle } from '../../ui/index.js';
import { PatientLayout } from '../patient-layout.js';
import { DropInPanel } from './drop-in-panel.js';
import { type TriageSessionView, useTriageSession, useTriageStep } from './triage-api.js';

function questionnaireOf(session: TriageSessionView): Questionnaire {
  return {
    resourceType: 'Questionnaire',
    url: '',
    version: '',
    title: session.title,
    status: 'active',
    item: session.items as unknown as QuestionnaireItem[],
  };
}

export function TriageSessionPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation(['triage', 'common']);
  const session = useTriageSession(id);
  return (
    <PatientLayout>
      {session.isPending && <Spinner label={t('common:loading')} />}
      {session.error instanceof ApiError && (session.error.status === 404 || session.error.status === 410) ? (
        <Alert tone="warning" title={t('triage:session.goneTitle')}>
          <p>{t('triage:session.gone')}</p>
          <ButtonLink to="/sok-vard">{t('triage:session.again')}</ButtonLink>
        </Alert>
      ) : (
        <ErrorAlert error={session.error} />
      )}
      {session.data && <SessionBody session={session.data} />}
    </PatientLayout>
  );
}

function SessionBody({ session }: { session: TriageSessionView }) {
  const { t } = useTranslation('triage');
  const [params, setParams] = useSearchParams();
  const q = useMemo(() => questionnaireOf(session), [session]);
  const pages = useMemo(() => questionPages(q, session.answers as never), [q, session.answers]);
  const asked = params.get('fraga');
  const current = pages.find((p) => p.item.linkId === (asked ?? session.next)) ?? null;
  const steps = useTriageStep(session.id);
  const heading = useRef<HTMLHeadingElement>(null);
  const [value, setValue] = useState('');
  const [invalid, setInvalid] = useState<string | undefined>();
  const title = session.decision
    ? t('result.title')
    : current
      ? t('session.title', { n: pages.indexOf(current) + 1 })
      : t('session.readyTitle');
  usePageTitle(title);

  const linkId = current?.item.linkId ?? null;
  useEffect(() => {
    setValue(linkId ? fromAnswer(session.answers[linkId]?.[0]) : '');
    setInvalid(undefined);
    heading.current?.focus();
  }, [linkId, session.answers]);
  useEffect(() => {
    if (session.decision) heading.current?.focus();
  }, [session.decision]);

  const stepError = steps.answer.error ?? steps.submit.error ?? steps.talk.error;
  const talk = (
    <section className="triage-talk" aria-labelledby="talk-heading">
      <h2 id="talk-heading">{t('talk.title')}</h2>
      <p>{t('talk.body')}</p>
      <Button variant="secondary" id="triage-talk" onClick={() => steps.talk.mutate()} pending={steps.talk.isPending}>
        {t('talk.action')}
      </Button>
    </section>
  );

  if (session.decision) {
    return (
      <>
        <h1 ref={heading} tabIndex={-1}>
          {t('result.title')}
        </h1>
        <OutcomeSummary
          decision={session.decision}
          audience="patient"
          dropIn={
            session.decision.route === 'drop_in_video' ? (
              <DropInPanel sessionId={session.id} unit={session.decision.unit?.name ?? ''} />
            ) : undefined
          }
        />
        <p className="muted">{t('start.demo')}</p>
      </>
    );
  }

  if (!current) {
    return (
      <>
        <h1 ref={heading} tabIndex={-1}>
          {t('session.readyTitle')}
        </h1>
        <p>{t('session.ready')}</p>
        <ErrorAlert error={stepError} />
        <div className="button-row">
          <Button
            id="triage-submit"
            onClick={() => steps.submit.mutate()}
            pending={steps.submit.isPending}
            pendingLabel={t('session.sending')}
          >
            {t('session.submit')}
          </Button>
          {pages.length > 0 && (
            <Button
              variant="secondary"
              onClick={() => setParams({ fraga: pages[pages.length - 1]?.item.linkId ?? '' })}
            >
              {t('session.back')}
            </Button>
          )}
        </div>
        {talk}
      </>
    );
  }

  const item = current.item;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const answer = toAnswer(item, value);
    if (answer === 'invalid') return setInvalid(t('session.invalidNumber'));
    if (answer === null && item.required) return setInvalid(t('session.required'));
    steps.answer.mutate(
      { linkId: item.linkId, answer },
      {
        onSuccess: (next) => {
          if (!next.decision) setParams(next.next ? { fraga: next.next } : {});
        },
      },
    );
  };
  const previous = previousPage(q, session.answers as never, item.linkId);
  const group = current.groups[current.groups.length - 1]?.text;
  return (
    <>
      <p className="muted">{t('session.progress', { n: pages.indexOf(current) + 1 })}</p>
      <h1 ref={heading} tabIndex={-1}>
        {group ?? session.title}
      </h1>
      <form onSubmit={onSubmit} noValidate>
        <QuestionField
          item={item}
          value={value}
          onChange={setValue}
          error={invalid ?? fieldMessage(stepError, item.linkId, t)}
          photo={{
            subjectId: session.subjectPersonId,
            photoUrl: (photoId) => `/api/triage/sessions/${session.id}/photos/${photoId}`,
          }}
        />
        {!fieldMessage(stepError, item.linkId, t) && <ErrorAlert error={steps.answer.error} />}
        <div className="button-row">
          <Button type="submit" id="triage-next" pending={steps.answer.isPending} pendingLabel={t('session.sending')}>
            {item.required ? t('session.next') : t('session.nextOrSkip')}
          </Button>
          {previous && (
            <Button variant="secondary" onClick={() => setParams({ fraga: previous.item.linkId })}>
              {t('session.back')}
            </Button>
          )}
        </div>
      </form>
      {talk}
    </>
  );
}

/** A translated message for a field error the server named, or undefined. */
function fieldMessage(error: unknown, linkId: string, t: (key: string) => string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  if (error.fields[`answers.${linkId}`] === undefined) return undefined;
  return t(`errors.${error.code}`) || codeText(error.code) || fieldText(error, `answers.${linkId}`);
}
