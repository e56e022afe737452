/**
 * "Bekräfta bokningen" (/boka/bekrafta): whom the booking is for, what, where
 * and when, the health declaration when the time type needs one, and "Boka".
 * One Idempotency-Key per visit of this step, kept across retries after no
 * answer, so a double click or a retry never books twice.
 */
import type { FreeSlot } from '@ingang/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import { ApiError, fieldText } from '../../api/errors.js';
import { ErrorSummary } from '../../ui/error-summary.js';
import { Alert, Button, Checkbox, ErrorAlert, Spinner, usePageTitle } from '../../ui/index.js';
import { useActingFor } from '../acting-for.js';
import { PatientLayout } from '../patient-layout.js';
import { keepKeyAfter } from './booking-request.js';
import { BookingSummary } from './booking-summary.js';
import { type Answers, checkAnswers, formForVisit, HealthForm, questionFieldId, shownAnswers } from './health-form.js';
import { BookingRefusal, isRefusal } from './refusal.js';
import { useCreateBooking, useFormDefinition, useTimeTypes, useUnit } from './use-booking.js';

/** What the search hands to this step (router state). */
export interface ConfirmState {
  slot: FreeSlot;
  timeTypeId: string;
  /** The search's query string, to go back to the same list. */
  back: string;
}

/** Server field errors of the declaration (`formAnswers.<question>`) by question id. */
function serverAnswerErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const field of Object.keys(error.fields)) {
    const match = /^formAnswers\.(.+)$/.exec(field);
    if (match?.[1]) out[match[1]] = fieldText(error, field);
  }
  return out;
}

export function ConfirmPage() {
  const { t, i18n } = useTranslation(['booking', 'common']);
  usePageTitle(t('confirm.title'));
  const location = useLocation();
  const navigate = useNavigate();
  const state = location.state as ConfirmState | null;
  const { subject } = useActingFor();
  const timeTypes = useTimeTypes();
  const timeType = timeTypes.data?.find((tt) => tt.id === state?.timeTypeId);
  const unit = useUnit(state?.slot.unitId);
  const formQuery = useFormDefinition(timeType);
  const book = useCreateBooking();
  const [key, setKey] = useState(() => crypto.randomUUID());
  const [answers, setAnswers] = useState<Answers>({});
  const [local, setLocal] = useState<Record<string, string>>({});
  const [attempt, setAttempt] = useState(0);
  // "Första lediga tid": on by default, so a time taken meanwhile does not send people back to the list.
  const [nextFree, setNextFree] = useState(true);

  if (!state?.slot) {
    return (
      <PatientLayout>
        <h1>{t('confirm.title')}</h1>
        <Alert tone="info">{t('confirm.noSlot')}</Alert>
        <Link to="/boka">{t('confirm.toSearch')}</Link>
      </PatientLayout>
    );
  }
  const { slot } = state;
  const backTo = `/boka${state.back}`;
  // Days ahead, the questions about the visit's own day are not asked (formForVisit).
  const form = { ...formQuery, data: formQuery.data ? formForVisit(formQuery.data, slot.start) : undefined };

  const errors = { ...serverAnswerErrors(book.error), ...local };
  const summary =
    form.data?.questions
      .filter((q) => errors[q.id])
      .map((q) => ({
        fieldId: questionFieldId(q.id),
        message: `${q.label[i18n.language.startsWith('en') ? 'en' : 'sv']}: ${errors[q.id]}`,
      })) ?? [];

  function submit(event: FormEvent) {
    event.preventDefault();
    if (book.isPending || !subject) return;
    let formAnswers: Answers | undefined;
    if (form.data) {
      const found = checkAnswers(form.data, answers);
      const messages = Object.fromEntries(Object.entries(found).map(([q, e]) => [q, t(e.key, { max: e.max })]));
      setLocal(messages);
      setAttempt((n) => n + 1);
      if (Object.keys(messages).length > 0) {
        book.reset();
        return;
      }
      formAnswers = shownAnswers(form.data, answers);
    }
    book.mutate(
      {
        key,
        body: {
          slotId: slot.id,
          ...(subject.self ? {} : { patientId: subject.personId }),
          ...(formAnswers ? { formAnswers } : {}),
          ...(nextFree ? { ifTaken: 'next_free_same_day' as const } : {}),
        },
      },
      {
        onSuccess: (answer) => {
          const booked = answer.data;
          // Another time than the picked one: "Mina bokningar" says which (SubstitutedNotice).
          const substituted = answer.substituted ? { requested: slot.start, booked: booked.start } : undefined;
          navigate('/bokningar', { state: { notice: 'booked', bookingId: booked.id, substituted } });
        },
        onError: (error) => {
          setAttempt((n) => n + 1);
          if (!keepKeyAfter(error)) setKey(crypto.randomUUID());
          if (error instanceof ApiError && error.code === 'slot_full')
            navigate(backTo, { state: { notice: 'slotFull' } });
        },
      },
    );
  }

  const loading = timeTypes.isPending || (timeType?.requiresForm && form.isPending);
  // Without its declaration a form-requiring time cannot be booked: say so rather than offer "Boka".
  const formMissing = Boolean(timeType?.requiresForm && !form.data && !form.isPending);
  const refused = isRefusal(book.error) ? book.error : null;
  const otherError =
    book.error && !refused && (!form.data || Object.keys(serverAnswerErrors(book.error)).length === 0)
      ? book.error
      : null;

  return (
    <PatientLayout>
      <h1>{t('confirm.title')}</h1>
      {refused && <BookingRefusal error={refused} />}
      {subject && !subject.self && (
        <p className="alert alert--info" data-testid="booking-for">
          <strong>{t('confirm.bookingFor', { name: subject.name })}</strong>
        </p>
      )}
      <BookingSummary
        who={subject?.name ?? ''}
        what={timeType ? (i18n.language.startsWith('en') ? timeType.nameEn : timeType.name) : ''}
        unitName={slot.unitName}
        address={unit.data ? `${unit.data.street}, ${unit.data.postalCode} ${unit.data.city}` : undefined}
        start={slot.start}
      />
      {loading && <Spinner label={t('common:loading')} />}
      <ErrorAlert error={timeTypes.error} />
      {formMissing && (
        <Alert tone="error" title={t('form.unavailableTitle')}>
          <p>{t('form.unavailable')}</p>
        </Alert>
      )}
      {!loading && !formMissing && (
        <form onSubmit={submit} noValidate>
          <ErrorSummary items={summary} focusKey={attempt} title={t('form.summaryTitle')} />
          {form.data && (
            <HealthForm
              unitName={slot.unitName}
              definition={form.data}
              answers={answers}
              onChange={setAnswers}
              errors={errors}
            />
          )}
          {otherError && <ErrorAlert error={otherError} />}
          <Checkbox
            name="ifTaken"
            label={t('confirm.nextFree')}
            checked={nextFree}
            onChange={(event) => setNextFree(event.target.checked)}
          />
          <div className="button-row">
            <Button type="submit" pending={book.isPending} pendingLabel={t('confirm.booking')} disabled={!subject}>
              {t('confirm.submit')}
            </Button>
            <Link to={backTo} className="button button--secondary">
              {t('confirm.back')}
            </Link>
          </div>
        </form>
      )}
    </PatientLayout>
  );
}
