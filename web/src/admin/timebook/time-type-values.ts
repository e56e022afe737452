/** The time-type form's values (text for numbers) and the request body built from them. */
import type { AdminTimeType } from './timebook-admin-api.js';

export interface TimeTypeValues {
  code: string;
  nameSv: string;
  nameEn: string;
  durationMinutes: string;
  mode: 'on_site' | 'video' | 'phone';
  placesPerSlot: string;
  selfBookable: boolean;
  formId: string;
  minAge: string;
  maxAge: string;
  oneActiveBooking: boolean;
  doseGroup: string;
  minDaysSinceDose: string;
  cancelCutoffMinutes: string;
}

const text = (n: number | null) => (n === null ? '' : String(n));

/** Empty for "Ny tidstyp", or the type's current values. */
export function timeTypeValues(type?: AdminTimeType): TimeTypeValues {
  return {
    code: type?.code ?? '',
    nameSv: type?.nameSv ?? '',
    nameEn: type?.nameEn ?? '',
    durationMinutes: text(type?.durationMinutes ?? 10),
    mode: type?.mode ?? 'on_site',
    placesPerSlot: text(type?.placesPerSlot ?? 1),
    selfBookable: type?.selfBookable ?? true,
    formId: type?.formId ?? '',
    minAge: text(type?.minAge ?? null),
    maxAge: text(type?.maxAge ?? null),
    oneActiveBooking: type?.oneActiveBooking ?? true,
    doseGroup: type?.doseGroup ?? '',
    minDaysSinceDose: text(type?.minDaysSinceDose ?? null),
    cancelCutoffMinutes: text(type?.cancelCutoffMinutes ?? 0),
  };
}

/** A number when the text is one; otherwise the text, so the server names the field. */
const num = (value: string) => (/^\s*-?\d+\s*$/.test(value) ? Number(value) : value.trim() === '' ? null : value);

/** The body of POST (with code) or PATCH (without). */
export function timeTypeBody(v: TimeTypeValues, create: boolean): Record<string, unknown> {
  return {
    ...(create ? { code: v.code.trim() } : {}),
    nameSv: v.nameSv,
    nameEn: v.nameEn,
    durationMinutes: num(v.durationMinutes),
    mode: v.mode,
    placesPerSlot: num(v.placesPerSlot),
    selfBookable: v.selfBookable,
    formId: v.formId || null,
    minAge: num(v.minAge),
    maxAge: num(v.maxAge),
    oneActiveBooking: v.oneActiveBooking,
    doseGroup: v.doseGroup.trim() || null,
    minDaysSinceDose: num(v.minDaysSinceDose),
    cancelCutoffMinutes: num(v.cancelCutoffMinutes) ?? 0,
  };
}

/** Field order of the error summary. */
export const TYPE_FIELDS: (keyof TimeTypeValues)[] = [
  'code',
  'nameSv',
  'nameEn',
  'durationMinutes',
  'mode',
  'placesPerSlot',
  'selfBookable',
  'formId',
  'minAge',
  'maxAge',
  'oneActiveBooking',
  'doseGroup',
  'minDaysSinceDose',
  'cancelCutoffMinutes',
];
