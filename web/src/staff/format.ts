/** Display helpers shared by the staff portal and administration: roles, unit kinds, weekdays, dates. */
import type { Unit } from '@ingang/contracts';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatWallClock } from '../ui/datetime.js';

export type UnitRole = 'clinician' | 'booking_admin' | 'unit_admin';
export const UNIT_ROLES: UnitRole[] = ['clinician', 'booking_admin', 'unit_admin'];
export const UNIT_KINDS = ['vardcentral', 'hospital_clinic', 'bvc', 'maternity', 'vaccinator', 'other'] as const;
export type OpeningHours = Unit['openingHours'][number];

/** Words for roles, kinds, weekdays and times in the current language. */
export function useLabels() {
  const { t, i18n } = useTranslation('staff');
  const weekdays = t('weekdays', { returnObjects: true }) as string[];
  return {
    role: (role: string) => t(`roles.${role}`, { defaultValue: role }),
    roles: (roles: string[]) =>
      [...roles]
        .sort((a, b) => UNIT_ROLES.indexOf(a as UnitRole) - UNIT_ROLES.indexOf(b as UnitRole))
        .map((r) => t(`roles.${r}`, { defaultValue: r }))
        .join(', '),
    kind: (kind: string) => t(`kinds.${kind}`, { defaultValue: kind }),
    provider: (type: string) => t(`providers.${type}`, { defaultValue: type }),
    /** ISO weekday 1 (Monday) … 7 (Sunday). */
    weekday: (day: number) => weekdays[day - 1] ?? String(day),
    hours: (h: OpeningHours) =>
      h.opens === '00:00' && h.closes === '23:59'
        ? t('unit.allDay')
        : `${formatWallClock(h.opens, i18n.language)}–${formatWallClock(h.closes, i18n.language)}`,
    /** Date and time in Swedish (or English) format, always on Stockholm's clock. */
    dateTime: (iso: string) => formatDateTime(iso, i18n.language),
  };
}

/** Capitalises the first letter ("måndag" → "Måndag") for a label at the start of a line. */
export { capitalize } from '../ui/datetime.js';
