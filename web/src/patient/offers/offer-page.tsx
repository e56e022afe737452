/**
 * One offer (/erbjudanden/:id?for=personId): what the unit offers, for whom,
 * the free times (reserved for the group, or the unit's open times), the form
 * when the time type has one, and "Boka tiden". One Idempotency-Key per visit,
 * kept after no answer, so a retry never books twice. Someone outside the
 * target group gets a plain "not for you" (the server answers 404).
 */
import type { CitizenOfferDetail } from '@ingang/contracts';
import type { FormDefinition } from '@ingang/domain';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { ApiError } from '../../api/errors.js';
import { useCitizen } from '../../api/me.js';
import { ErrorSummary } from '../../ui/error-summary.js';
import { Alert, Button, ErrorAlert, Spinner, usePageTitle } from '../../ui/index.js';
import { RadioGroup } from '../../ui/radio-group.js';
import { keepKeyAfter } from '../booking/booking-request.js';
import { formatDayHeading, formatWhen } from '../booking/format.js';
import { type Answers, checkAnswers, formForVisit, HealthForm, shownAnswers } from '../booking/health-form.js';
import { BookingRefusal, isRefusal } from '../booking/refusal.js';
import { answerSummary, serverAnswerErrors } from '../invitations/form-errors.js';
import { PatientLayout } from '../patient-layout.js';
import { useBookOffer, useOffer } from './offers-api.js';

const SLOT_FIELD = 'offer-slot';

function BookForm({ offer, form: fullForm }: { offer: CitizenOfferDetail; form: FormDefinition | null }) {
  const { t, i18n } = useTranslation(['offers', 'booking']);
  const me = useCitizen();
  const navigate = useNavigate();
  const book = useBookOffer(offer.id);
  const [slotId, setSlotId] = useState('');
  const [answers, setAnswers] = useState<Answers>({});
  const [local, setLocal] = useState<Record<string, string>>({});
  const [attempt, setAttempt] = useState(0);
  const [key, setKey] = useState(() => crypto.randomUUID());
  // The questions about the visit's own day only when the chosen time is today.
  const start = offer.slots.find((s) => s.id === slotId)?.start;
  const form = fullForm && formForVisit(fullForm, start);

  const questionErrors = { ...serverAnswerErrors(book.error), ...local };
  delete questionErrors[SLOT_FIELD];
  const slotError = local[SLOT_FIELD];
  const summary = [
    ...(slotError ? [{ fieldId: SLOT_FIELD, message: slotError }] : []),
    ...answerSummary(form, questionErrors, i18n.language),
  ];
  const slotFull = book.error instanceof ApiError && book.error.code === 'slot_full';
  const refused = !slotFull && isRefusal(book.error) ? book.error : null;
  const otherError =
    book.error && !slotFull && !refused && Object.keys(serverAnswerErrors(book.error)).length === 0 ? book.error : null;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (book.isPending) return;
    const found: Record<string, string> = {};
    if (!slotId) found[SLOT_FIELD] = t('citizen.chooseError');
    let formAnswers: Answers | undefined;
    if (form) {
      for (const [q, e] of Object.entries(checkAnswers(form, answers)))
        found[q] = t(`booking:${e.key}`, { max: e.max });
      formAnswers = shownAnswers(form, answers);
    }
    setLocal(found);
    setAttempt((n) => n + 1);
    if (Object.keys(found).length > 0) {
      book.reset();
      return;
    }
    const forOther = me && offer.patient.personId !== me.personId;
    book.mutate(
      {
        key,
        body: {
          slotId,
          ...(forOther ? { patientId: offer.patient.personId } : {}),
          ...(formAnswers ? { formAnswers } : {}),
        },
      },
      {
        onSuccess: (booking) => navigate('/bokningar', { state: { notice: 'booked', bookingId: booking.id } }),
        onError: (error) => {
          setAttempt((n) => n + 1);
          if (!keepKeyAfter(error)) setKey(crypto.randomUUID());
          if (error instanceof ApiError && error.code === 'slot_full') setSlotId('');
        },
      },
    );
  }

  return (
    <section aria-labelledby="offer-book-title" data-testid="offer-book">
      <h2 id="offer-book-title">{t('citizen.chooseTitle')}</h2>
      {refused && <BookingRefusal error={refused} />}
      {slotFull && <Alert tone="warning">{t('citizen.slotFull')}</Alert>}
      {offer.slots.length === 0 ? (
        <Alert tone="info">{t('citizen.noTimes')}</Alert>
      ) : (
        <form onSubmit={submit} noValidate>
          <ErrorSummary items={summary} focusKey={attempt} title={t('citizen.summaryTitle')} />
          <RadioGroup
            id={SLOT_FIELD}
            legend={t('citizen.chooseLegend')}
            value={slotId}
            error={slotError}
            onChange={setSlotId}
            options={offer.slots.map((s) => {
              const when = `${formatWhen(s.start, i18n.language)}, ${s.unitName}`;
              return {
                value: s.id,
                label:
                  s.placesLeft === 1
                    ? t('citizen.timeAtOne', { when })
                    : t('citizen.timeAt', { when, places: s.placesLeft }),
              };
            })}
          />
          {form && (
            <HealthForm
              unitName={offer.unit.name}
              definition={form}
              answers={answers}
              onChange={setAnswers}
              errors={questionErrors}
            />
          )}
          <ErrorAlert error={otherError} />
          <div className="button-row">
            <Button type="submit" pending={book.isPending} pendingLabel={t('citizen.booking')}>
              {t('citizen.submit')}
            </Button>
          </div>
        </form>
      )}
    </section>
  );
}

export function OfferPage() {
  const { t, i18n } = useTranslation(['offers', 'common']);
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const me = useCitizen();
  const forId = params.get('for') ?? undefined;
  const patientId = forId && forId !== me?.personId ? forId : undefined;
  const query = useOffer(id, patientId);
  const offer = query.data?.offer;
  usePageTitle(offer?.title ?? t('citizen.title'));
  const notFound = query.error instanceof ApiError && [400, 403, 404].includes(query.error.status);

  return (
    <PatientLayout>
      <h1>{offer?.title ?? t('citizen.title')}</h1>
      <p>
        <Link to="/kallelser">{t('citizen.back')}</Link>
      </p>
      {query.isPending && <Spinner label={t('citizen.loading')} />}
      {notFound ? (
        <Alert tone="info">
          <span data-testid="offer-not-found">{t('citizen.notFound')}</span>
        </Alert>
      ) : (
        <ErrorAlert error={query.error} />
      )}
      {offer && (
        <>
          {offer.description && <p style={{ whiteSpace: 'pre-line' }}>{offer.description}</p>}
          <dl className="facts card" data-testid="offer-facts">
            <dt>{t('citizen.forWho')}</dt>
            <dd>{offer.patient.name}</dd>
            <dt>{t('citizen.what')}</dt>
            <dd>{i18n.language.startsWith('en') ? offer.timeType.nameEn : offer.timeType.name}</dd>
            <dt>{t('citizen.where')}</dt>
            <dd>
              {offer.unit.name}
              <br />
              {offer.unit.address}
            </dd>
            {offer.validUntil && (
              <>
                <dt>{t('citizen.validUntil')}</dt>
                <dd>{formatDayHeading(offer.validUntil, i18n.language)}</dd>
              </>
            )}
          </dl>
          {offer.bookingId ? (
            <Alert tone="success" title={t('citizen.alreadyBooked')}>
              <Link to="/bokningar">{t('citizen.toBookings')}</Link>
            </Alert>
          ) : offer.abilities.canBook ? (
            <BookForm offer={offer} form={query.data?.form ?? null} />
          ) : null}
        </>
      )}
    </PatientLayout>
  );
}
