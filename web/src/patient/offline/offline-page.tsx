/**
 * Shown instead of a logged-in page when there is no network: the coming bookings saved on this
 * device, clearly marked with when they were saved, and a way to try again.
 */
import { useTranslation } from 'react-i18next';
import { Alert, Button, usePageTitle } from '../../ui/index.js';
import { bookingReference, formatWhen } from '../booking/format.js';
import { PatientLayout } from '../patient-layout.js';
import type { SavedBookings } from './saved-bookings.js';

export function OfflinePage({ saved, onRetry }: { saved: SavedBookings; onRetry: () => void }) {
  const { t, i18n } = useTranslation(['home', 'booking']);
  usePageTitle(t('home:offline.title'));
  return (
    <PatientLayout>
      <h1>{t('home:offline.title')}</h1>
      <Alert tone="warning">
        <p data-testid="offline-saved-at">
          {t('home:offline.savedAt', { at: formatWhen(saved.savedAt, i18n.language) })}
        </p>
      </Alert>
      <div className="button-row">
        <Button onClick={onRetry}>{t('home:offline.retry')}</Button>
      </div>
      <h2>{t('home:bookings.title')}</h2>
      {saved.bookings.length === 0 ? (
        <p>{t('home:offline.none')}</p>
      ) : (
        <ul className="list-plain">
          {saved.bookings.map((b) => (
            <li key={b.id}>
              <article className="card" data-testid="offline-booking">
                <h3>{b.what}</h3>
                <dl className="facts">
                  <dt>{t('booking:summary.who')}</dt>
                  <dd>{b.who}</dd>
                  <dt>{t('booking:summary.when')}</dt>
                  <dd>{formatWhen(b.start, i18n.language)}</dd>
                  <dt>{t('booking:summary.where')}</dt>
                  <dd>
                    {b.unitName}
                    <br />
                    {b.unitAddress}
                  </dd>
                  <dt>{t('booking:mine.reference')}</dt>
                  <dd>{bookingReference(b.id)}</dd>
                </dl>
              </article>
            </li>
          ))}
        </ul>
      )}
    </PatientLayout>
  );
}
