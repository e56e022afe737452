/**
 * The unit form's state (all strings, as typed), the request body built from
 * it, and the server's field errors mapped back to the form's fields. The
 * server validates; the form only shapes values, so there is one set of rules.
 */
import type { Unit } from '@ingang/contracts';
import type { TFunction } from 'i18next';
import { ApiError, fieldText } from '../api/errors.js';

export interface DayHours {
  open: boolean;
  opens: string;
  closes: string;
}

export interface UnitFormValues {
  name: string;
  hsaId: string;
  kind: string;
  providerType: string;
  street: string;
  postalCode: string;
  city: string;
  municipality: string;
  latitude: string;
  longitude: string;
  phone: string;
  email: string;
  website: string;
  description: string;
  /** Index 0 is Monday … 6 Sunday. */
  hours: DayHours[];
  services: string[];
  active: boolean;
}

export const DAYS = [1, 2, 3, 4, 5, 6, 7] as const;
export const REGION_ONLY = ['hsaId', 'kind', 'providerType', 'active'] as const;

/** Empty form for a new unit (weekdays 08–17 ticked as the common case). */
export function emptyUnitForm(): UnitFormValues {
  return {
    name: '',
    hsaId: '',
    kind: 'vardcentral',
    providerType: 'public',
    street: '',
    postalCode: '',
    city: '',
    municipality: '',
    latitude: '',
    longitude: '',
    phone: '',
    email: '',
    website: '',
    description: '',
    hours: DAYS.map((day) => ({ open: day <= 5, opens: '08:00', closes: '17:00' })),
    services: [],
    active: true,
  };
}

/** The form filled with a stored unit (one opening period per day is what the form edits). */
export function unitToForm(unit: Unit): UnitFormValues {
  const decimal = (n: number) => String(n).replace('.', ',');
  return {
    name: unit.name,
    hsaId: unit.hsaId,
    kind: unit.kind,
    providerType: unit.providerType,
    street: unit.street,
    postalCode: unit.postalCode,
    city: unit.city,
    municipality: unit.municipality,
    latitude: decimal(unit.latitude),
    longitude: decimal(unit.longitude),
    phone: unit.phone ?? '',
    email: unit.email ?? '',
    website: unit.website ?? '',
    description: unit.description,
    hours: DAYS.map((day) => {
      const h = unit.openingHours.find((o) => o.day === day);
      return h ? { open: true, opens: h.opens, closes: h.closes } : { open: false, opens: '08:00', closes: '17:00' };
    }),
    services: [...unit.services],
    active: unit.active,
  };
}

/** "59,33" and "59.33" are both numbers; anything else is sent as typed so the server names the field. */
function toNumber(text: string): number | string {
  const n = Number(text.trim().replace(',', '.'));
  return text.trim() !== '' && Number.isFinite(n) ? n : text;
}

const orNull = (text: string) => (text.trim() === '' ? null : text.trim());

/** The sent opening hours and, per sent index, the weekday it came from (to map errors back). */
function sentHours(values: UnitFormValues) {
  const days: number[] = [];
  const openingHours = values.hours.flatMap((h, i) => {
    if (!h.open) return [];
    days.push(i + 1);
    return [{ day: i + 1, opens: h.opens, closes: h.closes }];
  });
  return { openingHours, days };
}

/** The create/update body. `includeRegionOnly: false` leaves out what only region admins may change. */
export function formToBody(values: UnitFormValues, options: { includeRegionOnly: boolean; includeActive: boolean }) {
  const body: Record<string, unknown> = {
    name: values.name,
    street: values.street,
    postalCode: values.postalCode,
    city: values.city,
    municipality: values.municipality,
    latitude: toNumber(values.latitude),
    longitude: toNumber(values.longitude),
    phone: orNull(values.phone),
    email: orNull(values.email),
    website: orNull(values.website),
    description: values.description,
    openingHours: sentHours(values).openingHours,
    services: values.services,
  };
  if (options.includeRegionOnly) {
    body.hsaId = values.hsaId;
    body.kind = values.kind;
    body.providerType = values.providerType;
    if (options.includeActive) body.active = values.active;
  }
  return body;
}

/** Element id of a form field (the error summary links to it). */
export const fieldId = (key: string) => `unit-${key}`;
export const hoursFieldId = (day: number, part: 'open' | 'opens' | 'closes') => `unit-hours-${day}-${part}`;
export const serviceFieldId = (index: number) => `unit-service-${index}`;

/** One message per form field key ('name', 'hours-3', 'service-0', …), in form order. */
export function unitFieldErrors(error: unknown, values: UnitFormValues, t: TFunction, weekday: (d: number) => string) {
  const out = new Map<string, { id: string; message: string }>();
  if (!(error instanceof ApiError)) return out;
  if (error.status === 409 && error.code === 'hsa_id_taken') {
    out.set('hsaId', { id: fieldId('hsaId'), message: t('admin:errors.hsaIdTaken') });
    return out;
  }
  const { days } = sentHours(values);
  for (const name of Object.keys(error.fields)) {
    const [top, index] = name.split('.');
    if (!top) continue;
    if (error.status === 403) {
      out.set(top, { id: fieldId(top), message: t('admin:errors.regionOnly') });
    } else if (top === 'openingHours' && index !== undefined) {
      const day = days[Number(index)] ?? 1;
      out.set(`hours-${day}`, {
        id: hoursFieldId(day, 'opens'),
        message: t('admin:errors.hours', { day: weekday(day) }),
      });
    } else if (top === 'services' && index !== undefined) {
      out.set(`service-${index}`, {
        id: serviceFieldId(Number(index)),
        message: t('admin:errors.service', { n: Number(index) + 1 }),
      });
    } else {
      out.set(top, { id: fieldId(top), message: t(`admin:errors.${top}`, { defaultValue: fieldText(error, name) }) });
    }
  }
  return out;
}
