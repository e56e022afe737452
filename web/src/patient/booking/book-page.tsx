/**
 * "Boka tid" (/boka): search free times of a self-bookable time type and
 * choose one; the confirmation step follows (/boka/bekrafta). Books for the
 * person the citizen acts for right now.
 */
import type { FreeSlot } from '@ingang/contracts';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { Alert, ErrorAlert, Spinner, usePageTitle } from '../../ui/index.js';
import { useActingFor } from '../acting-for.js';
import { PatientLayout } from '../patient-layout.js';
import { BookingRules, useBookingOutlook, useRuleText } from './booking-rules.js';
import type { ConfirmState } from './confirm-page.js';
import { readPreselection, usePreselectedSlot } from './preselected.js';
import { SearchForm } from './search-form.js';
import { readSearch, toSlotSearch } from './search-state.js';
import { SlotResults } from './slot-results.js';
import { useTimeTypes, useUnits } from './use-booking.js';

export function BookPage() {
  const { t } = useTranslation(['booking', 'common']);
  usePageTitle(t('book.title'));
  const { subject } = useActingFor();
  const [params] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();
  const timeTypes = useTimeTypes();
  const units = useUnits();
  const notice = (location.state as { notice?: string } | null)?.notice;
  const outlook = useBookingOutlook(subject && !subject.self ? subject.personId : null);
  const ruleText = useRuleText();

  const bookable = timeTypes.data?.filter((tt) => tt.selfBookable) ?? [];
  const values = readSearch(params);
  const search = params.get('typ') ? toSlotSearch(values, units.data) : null;
  // A type the person may not book now is told, not searched: choosing a time would only end in a refusal.
  const blocked = search ? outlook.data?.find((i) => i.timeTypeId === search.timeTypeId && !i.bookable) : undefined;

  function choose(slot: FreeSlot, replace = false) {
    const state: ConfirmState = { slot, timeTypeId: values.typ, back: `?${params}` };
    navigate('/boka/bekrafta', { state, replace });
  }

  // A deep link with a time chosen (the public slot feed) opens the confirmation step with it.
  const preselection = readPreselection(params);
  const preselected = usePreselectedSlot(preselection);
  useEffect(() => {
    if (!preselected.data) return;
    const back = new URLSearchParams(params);
    for (const key of ['tid', 'start', 'enhet']) back.delete(key);
    navigate('/boka/bekrafta', {
      state: { slot: preselected.data, timeTypeId: back.get('typ') ?? '', back: `?${back}` } satisfies ConfirmState,
      replace: true,
    });
  }, [preselected.data, params, navigate]);

  return (
    <PatientLayout>
      <h1>{t('book.title')}</h1>
      {subject && !subject.self ? (
        <p className="alert alert--info" data-testid="booking-for">
          <strong>{t('confirm.bookingFor', { name: subject.name })}</strong>
        </p>
      ) : (
        <p>{t('book.intro')}</p>
      )}
      {notice === 'slotFull' && (
        <Alert tone="warning" title={t('book.slotFullTitle')}>
          <p>{t('book.slotFull')}</p>
        </Alert>
      )}
      {preselection && preselected.isSuccess && !preselected.data && (
        <Alert tone="warning" title={t('book.preselectedGoneTitle')}>
          <p>{t('book.preselectedGone')}</p>
        </Alert>
      )}
      <p>
        <Link to="/bokningar">{t('book.toMyBookings')}</Link>
      </p>
      {(timeTypes.isPending || units.isPending) && <Spinner label={t('common:loading')} />}
      <ErrorAlert error={timeTypes.error ?? units.error ?? outlook.error} />
      {subject && timeTypes.data && <BookingRules subject={subject} timeTypes={bookable} outlook={outlook} />}
      {timeTypes.data && units.data && <SearchForm timeTypes={bookable} units={units.data} />}
      {search && subject && blocked && (
        <div data-testid="booking-blocked">
          <Alert tone="warning" title={t('rules.chosenTitle')}>
            <p>{ruleText(blocked, subject)}</p>
          </Alert>
        </div>
      )}
      {search && !blocked && <SlotResults search={search} onChoose={choose} />}
    </PatientLayout>
  );
}
