/** Who, what, where and when of a booking or a chosen time, as a definition list. */
import { useTranslation } from 'react-i18next';
import { formatWhen } from './format.js';

export interface BookingSummaryProps {
  who: string;
  what: string;
  unitName: string;
  /** Street, postal code and city; omitted while loading. */
  address?: string;
  start: string;
}

export function BookingSummary({ who, what, unitName, address, start }: BookingSummaryProps) {
  const { t, i18n } = useTranslation('booking');
  return (
    <dl className="facts card" data-testid="booking-summary">
      <dt>{t('summary.who')}</dt>
      <dd>{who}</dd>
      <dt>{t('summary.what')}</dt>
      <dd>{what}</dd>
      <dt>{t('summary.where')}</dt>
      <dd>
        {unitName}
        {address && (
          <>
            <br />
            {address}
          </>
        )}
      </dd>
      <dt>{t('summary.when')}</dt>
      <dd>{formatWhen(start, i18n.language)}</dd>
    </dl>
  );
}
