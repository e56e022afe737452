/** One booking in Mina bokningar: who, what, where, when, and (while coming) "Boka om" and "Avboka". */
import type { Booking } from '@ingang/contracts';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, ButtonLink } from '../../ui/index.js';
import { CalendarLink } from './calendar-link.js';
import { bookingReference, formatShortWhen, formatWhen, timeTypeName } from './format.js';

/** A map search for the unit's address (the person's own map app opens it on a phone). */
function directionsUrl(address: string): string {
  return `https://www.openstreetmap.org/search?query=${encodeURIComponent(address)}`;
}

export function BookingCard({ booking, onCancel }: { booking: Booking; onCancel?: () => void }) {
  const { t, i18n } = useTranslation('booking');
  const id = useId();
  const when = formatWhen(booking.start, i18n.language);
  const active = booking.status === 'booked';
  return (
    <article className="card" aria-labelledby={`${id}-title`} data-testid="booking" data-booking-id={booking.id}>
      <h3 id={`${id}-title`}>{timeTypeName(booking.timeType, i18n.language)}</h3>
      <dl className="facts">
        <dt>{t('summary.who')}</dt>
        <dd data-testid="booking-who">{booking.patient.name}</dd>
        <dt>{t('summary.when')}</dt>
        <dd data-testid="booking-when">{when}</dd>
        <dt>{t('summary.where')}</dt>
        <dd>
          {booking.unit.name}
          <br />
          {booking.unit.address}
          <br />
          <a href={directionsUrl(booking.unit.address)} rel="noopener noreferrer" target="_blank">
            {t('mine.directions')}
            <span className="visually-hidden"> {t('mine.opensNewWindow')}</span>
          </a>
        </dd>
        <dt>{t('mine.reference')}</dt>
        <dd data-testid="booking-reference">{bookingReference(booking.id)}</dd>
        {booking.status !== 'booked' && (
          <>
            <dt>{t('summary.status')}</dt>
            <dd data-testid="booking-status">{t(`status.${booking.status}`)}</dd>
          </>
        )}
      </dl>
      {active && onCancel && (
        <>
          {!booking.canCancel && (
            <p id={`${id}-cutoff`} className="muted" data-testid="booking-cutoff">
              {t('mine.afterCutoff', { at: formatShortWhen(booking.cancelCutoffAt, i18n.language) })}
            </p>
          )}
          <div className="button-row">
            <CalendarLink booking={booking} />
            {booking.canCancel ? (
              <ButtonLink
                variant="secondary"
                to={`/bokningar/${booking.id}/boka-om`}
                aria-label={t('mine.rebookAria', { what: timeTypeName(booking.timeType, i18n.language), when })}
              >
                {t('mine.rebook')}
              </ButtonLink>
            ) : (
              <Button variant="secondary" disabled aria-describedby={`${id}-cutoff`}>
                {t('mine.rebook')}
              </Button>
            )}
            <Button
              variant="danger"
              onClick={onCancel}
              disabled={!booking.canCancel}
              aria-describedby={booking.canCancel ? undefined : `${id}-cutoff`}
              aria-label={t('mine.cancelAria', { what: timeTypeName(booking.timeType, i18n.language), when })}
            >
              {t('mine.cancel')}
            </Button>
          </div>
          {booking.canCancel && (
            <p className="muted">
              {t('mine.cutoffHint', { at: formatShortWhen(booking.cancelCutoffAt, i18n.language) })}
            </p>
          )}
        </>
      )}
    </article>
  );
}
