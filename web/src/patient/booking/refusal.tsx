/**
 * Why a booking did not go through, shown prominently (it takes focus): the
 * reason in the web's words from the server's code and facts ("Du kan boka
 * från 3 maj kl. 08.00"), and for
 * "already booked" the way to Mina bokningar.
 */
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, codeText } from '../../api/errors.js';
import { formatShortWhen } from './format.js';

/** True for the refusals this box explains (403 eligibility, 409 already booked). */
export function isRefusal(error: unknown): error is ApiError {
  return error instanceof ApiError && (error.status === 403 || (error.status === 409 && error.code !== 'slot_full'));
}

export function BookingRefusal({ error }: { error: ApiError }) {
  const { t, i18n } = useTranslation('booking');
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  const title =
    error.code === 'not_released'
      ? t('refusal.notReleasedTitle')
      : error.code === 'already_booked'
        ? t('refusal.alreadyBookedTitle')
        : t('refusal.title');
  return (
    <div
      ref={ref}
      tabIndex={-1}
      className="alert alert--warning"
      role="alert"
      data-testid="booking-refusal"
      data-code={error.code}
    >
      <h2 className="alert__title">{title}</h2>
      <p>
        <strong>{refusalText(error, t, i18n.language)}</strong>
      </p>
      {error.code === 'already_booked' && (
        <p>
          <Link to="/bokningar">{t('refusal.toMyBookings')}</Link>
        </p>
      )}
      {error.code === 'not_released' && <p>{t('refusal.notReleasedHelp')}</p>}
    </div>
  );
}

/** The refusal in words: "Du kan boka från …" when the server said when, else the code's text. */
function refusalText(error: ApiError, t: (key: string, values?: Record<string, unknown>) => string, language: string) {
  const opensAt = error.details.opensAt;
  if (error.code === 'not_released' && typeof opensAt === 'string') {
    return t('rules.not_released', { at: formatShortWhen(opensAt, language) });
  }
  return codeText(error.code) ?? t('refusal.generic');
}
