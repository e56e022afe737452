/**
 * One invitation (/kallelser/:id): from whom, what, the time or the period,
 * the unit's instructions, the form when the invitation has one, and the
 * answers the server allows now (confirm / ask for another time / decline, or
 * book one of the reserved times). After an answer the page says plainly what
 * happened; a conflicting answer from another device shows the state as it is.
 */
import type { CitizenInvitationDetail } from '@ingang/contracts';
import type { FormDefinition } from '@ingang/domain';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api/errors.js';
import { useCitizen } from '../../api/me.js';
import { ErrorSummary } from '../../ui/error-summary.js';
import { Alert, Button, ButtonLink, ErrorAlert, Spinner, usePageTitle } from '../../ui/index.js';
import { RadioGroup } from '../../ui/radio-group.js';
import { keepKeyAfter } from '../booking/booking-request.js';
import { formatShortWhen, formatWhen } from '../booking/format.js';
import { type Answers, checkAnswers, formForVisit, HealthForm, shownAnswers } from '../booking/health-form.js';
import { PatientLayout } from '../patient-layout.js';
import { AnswerDialog } from './answer-dialogs.js';
import { DoneNotice } from './done-notice.js';
import { answerSummary, serverAnswerErrors } from './form-errors.js';
import { useInvitationWhen } from './invitation-card.js';
import { useAnswerInvitation, useInvitation } from './invitations-api.js';

const SLOT_FIELD = 'inv-slot';

function Facts({ invitation }: { invitation: CitizenInvitationDetail }) {
  const { t, i18n } = useTranslation('invitations');
  const when = useInvitationWhen();
  const what = i18n.language.startsWith('en') ? invitation.timeType.nameEn : invitation.timeType.name;
  return (
    <dl className="facts card" data-testid="invitation-facts">
      <dt>{t('page.who')}</dt>
      <dd>{invitation.patient.name}</dd>
      <dt>{t('page.what')}</dt>
      <dd>{what}</dd>
      <dt>{t('page.from')}</dt>
      <dd>
        {invitation.unit.name}
        <br />
        {invitation.unit.address}
      </dd>
      <dt>{invitation.kind === 'fixed_time' || invitation.bookedSlot ? t('page.when') : t('page.period')}</dt>
      <dd data-testid="invitation-when">{when(invitation)}</dd>
      <dt>{t('page.status')}</dt>
      <dd data-testid="invitation-status">{t(`status.${invitation.status}`)}</dd>
      {invitation.status === 'proposed' && (
        <>
          <dt>{t('page.respondBy')}</dt>
          <dd>{formatShortWhen(invitation.respondBy, i18n.language)}</dd>
        </>
      )}
    </dl>
  );
}

function Answered({ invitation }: { invitation: CitizenInvitationDetail }) {
  const { t } = useTranslation('invitations');
  const status = invitation.status;
  if (status === 'proposed') return null;
  return (
    <DoneNotice title={t(`page.done.${status}`)} tone={status === 'booked' ? 'success' : 'info'}>
      <p>{t(`page.done.${status}Text`)}</p>
      {status === 'booked' && (
        <p>
          <Link to="/bokningar">{t('page.toBookings')}</Link>
        </p>
      )}
    </DoneNotice>
  );
}

function AnswerForm({
  invitation,
  form: fullForm,
}: {
  invitation: CitizenInvitationDetail;
  form: FormDefinition | null;
}) {
  const { t, i18n } = useTranslation(['invitations', 'booking']);
  const answer = useAnswerInvitation(invitation.id);
  const [answers, setAnswers] = useState<Answers>({});
  const [slotId, setSlotId] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const [attempt, setAttempt] = useState(0);
  const [dialog, setDialog] = useState<'decline' | 'other' | null>(null);
  const [key, setKey] = useState(() => crypto.randomUUID());
  const { abilities } = invitation;
  const booking = abilities.canBook;
  // The questions about the visit's own day only when the time (fixed or chosen) is today.
  const start = booking ? invitation.reservedSlots.find((s) => s.id === slotId)?.start : invitation.slot?.start;
  const form = fullForm && formForVisit(fullForm, start);

  const questionErrors = { ...serverAnswerErrors(answer.error), ...local };
  delete questionErrors[SLOT_FIELD];
  const slotError = local[SLOT_FIELD];
  const summary = [
    ...(slotError ? [{ fieldId: SLOT_FIELD, message: slotError }] : []),
    ...answerSummary(form, questionErrors, i18n.language),
  ];
  const code = answer.error instanceof ApiError ? answer.error.code : null;
  const conflict = code === 'invalid_transition';
  const slotFull = code === 'slot_full';
  const otherError =
    answer.error && !conflict && !slotFull && Object.keys(serverAnswerErrors(answer.error)).length === 0 && !dialog
      ? answer.error
      : null;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (answer.isPending) return;
    const found: Record<string, string> = {};
    if (booking && !slotId) found[SLOT_FIELD] = t('page.chooseError');
    let formAnswers: Answers | undefined;
    if (form) {
      for (const [q, e] of Object.entries(checkAnswers(form, answers)))
        found[q] = t(`booking:${e.key}`, { max: e.max });
      formAnswers = shownAnswers(form, answers);
    }
    setLocal(found);
    setAttempt((n) => n + 1);
    if (Object.keys(found).length > 0) {
      answer.reset();
      return;
    }
    const body = formAnswers ? { formAnswers } : {};
    const onError = (error: Error) => {
      setAttempt((n) => n + 1);
      if (!keepKeyAfter(error)) setKey(crypto.randomUUID());
    };
    if (booking) answer.mutate({ action: 'book', key, body: { slotId, ...body } }, { onError });
    else answer.mutate({ action: 'confirm', body }, { onError });
  }

  if (!abilities.canConfirm && !abilities.canBook && !abilities.canDecline && !abilities.canRequestOtherTime)
    return null;
  const slots = invitation.reservedSlots;
  return (
    <section aria-labelledby="answer-title" data-testid="invitation-answer">
      <h2 id="answer-title">{t('page.answerTitle')}</h2>
      {conflict && <Alert tone="warning">{t('page.conflict')}</Alert>}
      {slotFull && <Alert tone="warning">{t('page.slotFull')}</Alert>}
      {(abilities.canConfirm || abilities.canBook) && (
        <form onSubmit={submit} noValidate>
          <ErrorSummary items={summary} focusKey={attempt} title={t('page.summaryTitle')} />
          {booking &&
            (slots.length === 0 ? (
              <Alert tone="warning">{t('page.noTimesLeft')}</Alert>
            ) : (
              <RadioGroup
                id={SLOT_FIELD}
                legend={t('page.chooseLegend')}
                value={slotId}
                error={slotError}
                onChange={setSlotId}
                options={slots.map((s) => ({ value: s.id, label: formatWhen(s.start, i18n.language) }))}
              />
            ))}
          {form && (
            <>
              {abilities.canConfirm && <p>{t('page.formFirst')}</p>}
              <HealthForm
                unitName={invitation.unit.name}
                definition={form}
                answers={answers}
                onChange={setAnswers}
                errors={questionErrors}
              />
            </>
          )}
          <ErrorAlert error={otherError} />
          <div className="button-row">
            <Button
              type="submit"
              pending={answer.isPending && !dialog}
              pendingLabel={booking ? t('page.booking') : t('page.confirming')}
              disabled={booking && slots.length === 0}
            >
              {booking ? t('page.book') : t('page.confirm')}
            </Button>
          </div>
        </form>
      )}
      {(abilities.canRequestOtherTime || abilities.canDecline) && (
        <div className="button-row">
          {abilities.canRequestOtherTime && (
            <Button
              variant="secondary"
              onClick={() => {
                answer.reset();
                setDialog('other');
              }}
            >
              {t('page.otherTime')}
            </Button>
          )}
          {abilities.canDecline && (
            <Button
              variant="secondary"
              onClick={() => {
                answer.reset();
                setDialog('decline');
              }}
            >
              {t('page.decline')}
            </Button>
          )}
        </div>
      )}
      <AnswerDialog
        kind={dialog}
        pending={answer.isPending}
        error={dialog ? answer.error : null}
        onClose={() => setDialog(null)}
        onSubmit={(text) =>
          answer.mutate(
            dialog === 'other'
              ? { action: 'request-other-time', body: text ? { message: text } : {} }
              : { action: 'decline', body: text ? { reason: text } : {} },
            {
              onSettled: (_data, error) =>
                (!error || (error instanceof ApiError && error.code === 'invalid_transition')) && setDialog(null),
            },
          )
        }
      />
    </section>
  );
}

export function InvitationPage() {
  const { t } = useTranslation(['invitations', 'common']);
  usePageTitle(t('page.title'));
  const { id = '' } = useParams();
  const me = useCitizen();
  const query = useInvitation(id);
  const invitation = query.data?.invitation;
  const notFound = query.error instanceof ApiError && (query.error.status === 404 || query.error.status === 400);

  return (
    <PatientLayout>
      <h1>{t('page.title')}</h1>
      <p>
        <Link to="/kallelser">{t('page.back')}</Link>
      </p>
      {query.isPending && <Spinner label={t('page.loading')} />}
      {notFound ? <Alert tone="info">{t('page.notFound')}</Alert> : <ErrorAlert error={query.error} />}
      {invitation && (
        <>
          <Answered key={invitation.status} invitation={invitation} />
          {me && invitation.patient.personId !== me.personId && (
            <p className="alert alert--info" data-testid="invitation-for">
              <strong>{t('page.forOther', { name: invitation.patient.name })}</strong>
            </p>
          )}
          <Facts invitation={invitation} />
          <section aria-labelledby="instructions-title">
            <h2 id="instructions-title">{t('page.instructions')}</h2>
            {invitation.instructions ? (
              invitation.instructions.split(/\n{2,}/).map((para, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: paragraphs of one fixed text.
                <p key={i} style={{ whiteSpace: 'pre-line' }}>
                  {para}
                </p>
              ))
            ) : (
              <p className="muted">{t('page.noInstructions')}</p>
            )}
          </section>
          {invitation.status === 'proposed' && (
            <AnswerForm key={invitation.slot?.id ?? 'period'} invitation={invitation} form={query.data?.form ?? null} />
          )}
          {invitation.status === 'booked' && (
            <div className="button-row">
              <ButtonLink variant="secondary" to="/bokningar">
                {t('page.toBookings')}
              </ButtonLink>
            </div>
          )}
        </>
      )}
    </PatientLayout>
  );
}
