/**
 * "Boka om" (/bokningar/:id/boka-om): pick a new time of the same type, then
 * confirm. The server takes the new time first and only then releases the old
 * one, so the page says plainly that the old time is kept until then.
 */
import type { FreeSlot } from '@ingang/contracts';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { ApiError } from '../../api/errors.js';
import { ErrorSummary } from '../../ui/error-summary.js';
import { Alert, Button, ErrorAlert, Spinner, usePageTitle } from '../../ui/index.js';
import { answerSummary, serverAnswerErrors } from '../invitations/form-errors.js';
import { PatientLayout } from '../patient-layout.js';
import { keepKeyAfter } from './booking-request.js';
import { BookingSummary } from './booking-summary.js';
import { formatWhen, timeTypeName } from './format.js';
import { type Answers, checkAnswers, HealthForm, rebookQuestions, shownAnswers } from './health-form.js';
import { BookingRefusal, isRefusal } from './refusal.js';
import { SearchForm } from './search-form.js';
import { readSearch, toSlotSearch } from './search-state.js';
import { SlotResults } from './slot-results.js';
import { useBookings, useFormDefinition, useRebook, useTimeTypes, useUnit, useUnits } from './use-booking.js';

export function RebookPage() {
  const { t, i18n } = useTranslation(['booking', 'common']);
  usePageTitle(t('rebook.title'));
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const bookings = useBookings();
  const units = useUnits();
  const rebook = useRebook();
  const [chosen, setChosen] = useState<FreeSlot | null>(null);
  const [key, setKey] = useState(() => crypto.randomUUID());
  const [slotFull, setSlotFull] = useState(false);
  const unit = useUnit(chosen?.unitId);
  const heading = useRef<HTMLHeadingElement>(null);
  const booking = bookings.data?.find((b) => b.id === id);
  // A new time today asks the questions about the visit's own day again ("Har du feber i dag?").
  const timeTypes = useTimeTypes();
  const form = useFormDefinition(timeTypes.data?.find((tt) => tt.id === booking?.timeType.id));
  const dayForm = rebookQuestions(form.data, chosen?.start);
  const [answers, setAnswers] = useState<Answers>({});
  const [local, setLocal] = useState<Record<string, string>>({});
  const [attempt, setAttempt] = useState(0);

  // Moving between "choose" and "confirm" keeps the page: move focus to the step's heading.
  useEffect(() => {
    if (chosen) heading.current?.focus();
  }, [chosen]);

  if (bookings.isPending || units.isPending) {
    return (
      <PatientLayout>
        <h1>{t('rebook.title')}</h1>
        <Spinner label={t('common:loading')} />
      </PatientLayout>
    );
  }
  if (booking?.status !== 'booked') {
    return (
      <PatientLayout>
        <h1>{t('rebook.title')}</h1>
        <ErrorAlert error={bookings.error ?? units.error} />
        {!bookings.error && <Alert tone="info">{t('rebook.notFound')}</Alert>}
        <Link to="/bokningar">{t('rebook.toMyBookings')}</Link>
      </PatientLayout>
    );
  }

  const values = { ...readSearch(params), typ: booking.timeType.id };
  const search = toSlotSearch(values, units.data);

  function choose(slot: FreeSlot) {
    rebook.reset();
    setSlotFull(false);
    setKey(crypto.randomUUID());
    setAnswers({});
    setLocal({});
    setChosen(slot);
  }

  function confirm() {
    if (!chosen || rebook.isPending || !booking) return;
    let formAnswers: Answers | undefined;
    if (dayForm) {
      const found = checkAnswers(dayForm, answers);
      const messages = Object.fromEntries(Object.entries(found).map(([q, e]) => [q, t(e.key, { max: e.max })]));
      setLocal(messages);
      setAttempt((n) => n + 1);
      if (Object.keys(messages).length > 0) return;
      formAnswers = shownAnswers(dayForm, answers);
    }
    rebook.mutate(
      { bookingId: booking.id, slotId: chosen.id, key, ...(formAnswers ? { formAnswers } : {}) },
      {
        onSuccess: () => navigate('/bokningar', { state: { notice: 'rebooked' } }),
        onError: (error) => {
          if (!keepKeyAfter(error)) setKey(crypto.randomUUID());
          if (error instanceof ApiError && error.code === 'slot_full') {
            setChosen(null);
            setSlotFull(true);
          }
        },
      },
    );
  }

  const refused = isRefusal(rebook.error) ? rebook.error : null;
  return (
    <PatientLayout>
      <h1>{t('rebook.title')}</h1>
      <Alert tone="info" title={t('rebook.keptTitle')}>
        <p>{t('rebook.kept')}</p>
      </Alert>
      <h2>{t('rebook.current')}</h2>
      <BookingSummary
        who={booking.patient.name}
        what={timeTypeName(booking.timeType, i18n.language)}
        unitName={booking.unit.name}
        address={booking.unit.address}
        start={booking.start}
      />
      {chosen ? (
        <section aria-labelledby="rebook-new-title">
          <h2 id="rebook-new-title" ref={heading} tabIndex={-1}>
            {t('rebook.newTitle')}
          </h2>
          {refused && <BookingRefusal error={refused} />}
          <BookingSummary
            who={booking.patient.name}
            what={timeTypeName(booking.timeType, i18n.language)}
            unitName={chosen.unitName}
            address={unit.data ? `${unit.data.street}, ${unit.data.postalCode} ${unit.data.city}` : undefined}
            start={chosen.start}
          />
          {rebook.error && !refused && Object.keys(serverAnswerErrors(rebook.error)).length === 0 && (
            <ErrorAlert error={rebook.error} />
          )}
          {dayForm && (
            <>
              <ErrorSummary
                items={answerSummary(dayForm, { ...serverAnswerErrors(rebook.error), ...local }, i18n.language)}
                focusKey={attempt}
                title={t('form.summaryTitle')}
              />
              <p>{t('rebook.askAgain')}</p>
              <HealthForm
                unitName={chosen.unitName}
                definition={dayForm}
                answers={answers}
                onChange={setAnswers}
                errors={{ ...serverAnswerErrors(rebook.error), ...local }}
              />
            </>
          )}
          <p>{t('rebook.confirmText', { old: formatWhen(booking.start, i18n.language) })}</p>
          <div className="button-row">
            <Button onClick={confirm} pending={rebook.isPending} pendingLabel={t('rebook.moving')}>
              {t('rebook.confirm')}
            </Button>
            <Button variant="secondary" onClick={() => setChosen(null)}>
              {t('rebook.chooseOther')}
            </Button>
          </div>
        </section>
      ) : (
        <>
          {slotFull && (
            <Alert tone="warning" title={t('book.slotFullTitle')}>
              <p>{t('rebook.slotFull')}</p>
            </Alert>
          )}
          <SearchForm fixedTypeId={booking.timeType.id} units={units.data ?? []} />
          {search && (
            <SlotResults
              search={search}
              onChoose={choose}
              chooseLabel={t('rebook.choose')}
              excludeSlotId={booking.slotId}
            />
          )}
        </>
      )}
    </PatientLayout>
  );
}
