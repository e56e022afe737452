/**
 * "Mina bokningar" (/bokningar): coming and earlier bookings of the citizen
 * and of those they act for — who, what, where, when — with "Boka om" and
 * "Avboka" until the time type's cut-off.
 */
import type { Booking } from '@ingang/contracts';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { formatClock } from '../../ui/datetime.js';
import { Alert, ButtonLink, ErrorAlert, Spinner, usePageTitle } from '../../ui/index.js';
import { PatientLayout } from '../patient-layout.js';
import { MyVideoMeetings, useComingMeetings } from '../video/my-meetings.js';
import { BookingCard } from './booking-card.js';
import { CancelDialog } from './cancel-dialog.js';
import { timeTypeName } from './format.js';
import { useBookings } from './use-booking.js';

function isUpcoming(b: Booking, now: number): boolean {
  return (b.status === 'booked' || b.status === 'arrived') && new Date(b.end).getTime() > now;
}

export function MyBookingsPage() {
  const { t, i18n } = useTranslation(['booking', 'common']);
  usePageTitle(t('mine.title'));
  const location = useLocation();
  const state = location.state as { notice?: string; substituted?: { requested: string; booked: string } } | null;
  const notice = state?.notice;
  const substituted = state?.substituted;
  const bookings = useBookings();
  const [cancelling, setCancelling] = useState<Booking | null>(null);
  const [cancelled, setCancelled] = useState<Booking | null>(null);
  const cancelledRef = useRef<HTMLDivElement>(null);
  // Runs after the dialog (a child) has given focus back to its opener, so the status wins.
  useEffect(() => {
    if (cancelled) cancelledRef.current?.focus();
  }, [cancelled]);

  const { timed, untimed } = useComingMeetings();
  const hasMeetings = timed.length + untimed.length > 0;
  const now = Date.now();
  const all = bookings.data ?? [];
  const upcoming = all.filter((b) => isUpcoming(b, now)).sort((a, b) => a.start.localeCompare(b.start));
  const past = all.filter((b) => !isUpcoming(b, now)).sort((a, b) => b.start.localeCompare(a.start));

  return (
    <PatientLayout>
      <h1>{t('mine.title')}</h1>
      {notice === 'booked' && !cancelled && (
        <Alert tone="success" title={t(substituted ? 'mine.substitutedTitle' : 'mine.bookedTitle')}>
          {substituted && (
            <p data-testid="substituted">
              <strong>
                {t('mine.substituted', {
                  requested: formatClock(substituted.requested, i18n.language),
                  booked: formatClock(substituted.booked, i18n.language),
                })}
              </strong>
            </p>
          )}
          <p>{t('mine.booked')}</p>
        </Alert>
      )}
      {notice === 'rebooked' && !cancelled && (
        <Alert tone="success" title={t('mine.rebookedTitle')}>
          <p>{t('mine.rebooked')}</p>
        </Alert>
      )}
      {cancelled && (
        // Focus goes here after the dialog closes: the button that opened it disappears with the booking.
        <div ref={cancelledRef} tabIndex={-1} data-testid="cancelled-status">
          <Alert tone="success" title={t('mine.cancelledTitle')}>
            <p>{t('mine.cancelled', { what: timeTypeName(cancelled.timeType, i18n.language) })}</p>
          </Alert>
        </div>
      )}
      <div className="button-row">
        <ButtonLink to="/boka">{t('mine.bookNew')}</ButtonLink>
      </div>
      <MyVideoMeetings />
      {bookings.isPending && <Spinner label={t('mine.loading')} />}
      <ErrorAlert error={bookings.error} />
      {bookings.data && (
        <>
          <section aria-labelledby="upcoming-title" data-testid="bookings-upcoming">
            <h2 id="upcoming-title">{t('mine.upcoming')}</h2>
            {upcoming.length === 0 ? (
              <p data-testid="bookings-empty">{hasMeetings ? t('mine.noUpcomingButMeetings') : t('mine.noUpcoming')}</p>
            ) : (
              <ul className="list-plain">
                {upcoming.map((b) => (
                  <li key={b.id}>
                    <BookingCard booking={b} onCancel={() => setCancelling(b)} />
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="past-title" data-testid="bookings-past">
            <h2 id="past-title">{t('mine.past')}</h2>
            {past.length === 0 ? (
              <p>{t('mine.noPast')}</p>
            ) : (
              <ul className="list-plain">
                {past.map((b) => (
                  <li key={b.id}>
                    <BookingCard booking={b} />
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
      <CancelDialog
        booking={cancelling}
        onClose={() => setCancelling(null)}
        onCancelled={(b) => {
          setCancelling(null);
          setCancelled(b);
        }}
      />
    </PatientLayout>
  );
}
