/**
 * "Lägg till i kalender": the booking as an iCalendar file made in the browser with the same
 * rules as the confirmation e-mail's attachment (packages/domain ics), so nothing is fetched.
 */
import type { Booking } from '@ingang/contracts';
import { bookingIcs } from '@ingang/domain';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatWhen, timeTypeName } from './format.js';

export function CalendarLink({ booking }: { booking: Booking }) {
  const { t, i18n } = useTranslation('booking');
  const href = useMemo(() => {
    const ics = bookingIcs({
      uid: `booking-${booking.id}@${window.location.host}`,
      start: new Date(booking.start),
      end: new Date(booking.end),
      summary: timeTypeName(booking.timeType, i18n.language),
      location: `${booking.unit.name}, ${booking.unit.address}`,
      now: new Date(),
    });
    return `data:text/calendar;charset=utf-8,${encodeURIComponent(ics)}`;
  }, [booking, i18n.language]);
  return (
    <a
      className="button button--secondary"
      href={href}
      download={`bokning-${booking.id.slice(0, 8)}.ics`}
      aria-label={t('mine.addToCalendarAria', {
        what: timeTypeName(booking.timeType, i18n.language),
        when: formatWhen(booking.start, i18n.language),
      })}
    >
      {t('mine.addToCalendar')}
    </a>
  );
}
