/**
 * "Rules up front" on the booking page: for the person booked for (oneself or
 * the one acted for), each self-bookable type with what they may do now —
 * book, from when, why not, or the booking they already have — addressed to
 * that person ("Elsa kan inte boka …"). The server decides with the very rule
 * the booking enforces (GET /api/booking-outlook); this only words it.
 */
import { type BookingOutlookItem, BookingOutlookResponse, type PublicTimeType } from '@ingang/contracts';
import { formatCalendarDate } from '@ingang/domain';
import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client.js';
import { Spinner } from '../../ui/index.js';
import type { Subject } from '../acting-for.js';
import { formatShortWhen } from './format.js';

export const outlookKey = ['booking-outlook'] as const;

/** The outlook of the person booked for (null: oneself). */
export function useBookingOutlook(patientId: string | null) {
  return useQuery({
    queryKey: [...outlookKey, patientId ?? 'self'],
    queryFn: () => {
      const q = patientId ? `?patientId=${encodeURIComponent(patientId)}` : '';
      return api.get(`/api/booking-outlook${q}`, { schema: BookingOutlookResponse }).then((r) => r.data.items);
    },
  });
}

/** The sentence for one type, addressed to the person (i18next context `for` when acting for someone). */
export function useRuleText() {
  const { t, i18n } = useTranslation('booking');
  const lang = i18n.language.startsWith('en') ? 'en' : 'sv';
  return (item: BookingOutlookItem, subject: Subject): string => {
    const context = subject.self ? undefined : 'for';
    const name = subject.name.split(' ')[0] ?? subject.name;
    const date = item.earliestDate ? formatCalendarDate(item.earliestDate, lang, true) : '';
    const when = item.activeBooking ? formatShortWhen(item.activeBooking.start, i18n.language) : '';
    const values = { context, name, date, when };
    if (item.bookable) return t('rules.bookable', values);
    switch (item.reason) {
      case 'too_young':
        return t('rules.too_young', { ...values, age: item.minAge });
      case 'too_old':
        return t('rules.too_old', { ...values, age: item.maxAge });
      case 'not_released':
        return item.opensAt
          ? t('rules.not_released', { ...values, at: formatShortWhen(item.opensAt, i18n.language) })
          : t('rules.notReleasedNoDate', values);
      case 'release_paused':
      case 'already_booked':
      case 'too_soon_since_dose':
      case 'not_self_bookable':
        return t(`rules.${item.reason}`, values);
      default:
        return t('refusal.generic');
    }
  };
}

export function BookingRules({
  subject,
  timeTypes,
  outlook,
}: {
  subject: Subject;
  timeTypes: PublicTimeType[];
  outlook: ReturnType<typeof useBookingOutlook>;
}) {
  const { t, i18n } = useTranslation('booking');
  const id = useId();
  const text = useRuleText();
  const english = i18n.language.startsWith('en');
  const name = subject.name.split(' ')[0] ?? subject.name;
  const byId = new Map(timeTypes.map((tt) => [tt.id, tt]));
  return (
    <section aria-labelledby={`${id}-rules`} className="card" data-testid="booking-rules">
      <h2 id={`${id}-rules`}>{t('rules.title', { context: subject.self ? undefined : 'for', name })}</h2>
      {outlook.isPending && <Spinner label={t('rules.loading')} />}
      {outlook.data && (
        <ul className="list-plain rules-list">
          {outlook.data.map((item) => {
            const type = byId.get(item.timeTypeId);
            if (!type) return null;
            return (
              <li key={item.timeTypeId} data-testid="booking-rule" data-bookable={item.bookable}>
                <strong>{english ? type.nameEn : type.name}</strong>
                <br />
                {text(item, subject)}
                {item.activeBooking && item.bookable && (
                  <> {t('rules.hasBooking', { when: formatShortWhen(item.activeBooking.start, i18n.language) })}</>
                )}
                {item.activeBooking && (
                  <>
                    {' '}
                    <Link to="/bokningar">{t('rules.toMyBookings')}</Link>
                  </>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
