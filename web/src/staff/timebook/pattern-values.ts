/** The publish form's values, the request body built from them, and the field errors mapped back. */
import { ApiError, codeText, fieldText } from '../../api/errors.js';
import { addDays, stockholmInstant, todayInStockholm } from './dates.js';
import type { SlotPattern } from './timebook-api.js';

export interface BreakValue {
  key: number;
  start: string;
  end: string;
}

export interface PatternValues {
  timeTypeId: string;
  startDate: string;
  endDate: string;
  weekdays: number[];
  dayStart: string;
  dayEnd: string;
  intervalMinutes: string;
  places: string;
  breaks: BreakValue[];
  skipPublicHolidays: boolean;
  visibleDate: string;
  visibleTime: string;
}

/** Weekdays 08:00–16:00 every 10 minutes, lunch 12–13, for two weeks from tomorrow. */
export function initialPattern(timeTypeId: string): PatternValues {
  const start = addDays(todayInStockholm(), 1);
  return {
    timeTypeId,
    startDate: start,
    endDate: addDays(start, 13),
    weekdays: [1, 2, 3, 4, 5],
    dayStart: '08:00',
    dayEnd: '16:00',
    intervalMinutes: '10',
    places: '',
    breaks: [{ key: 1, start: '12:00', end: '13:00' }],
    skipPublicHolidays: true,
    visibleDate: '',
    visibleTime: '',
  };
}

/** The ids of the form's controls, so error summaries can link to them. */
export const fieldId = (key: string) => `tb-${key}`;

const int = (value: string) => (value.trim() === '' ? undefined : Number(value));

/** The request body of preview and publish. */
export function patternBody(v: PatternValues): { timeTypeId: string; pattern: SlotPattern; visibleFrom?: string } {
  return {
    timeTypeId: v.timeTypeId,
    pattern: {
      startDate: v.startDate,
      endDate: v.endDate,
      weekdays: [...v.weekdays].sort(),
      dayStart: v.dayStart,
      dayEnd: v.dayEnd,
      intervalMinutes: int(v.intervalMinutes) ?? Number.NaN,
      places: int(v.places),
      breaks: v.breaks.map(({ start, end }) => ({ start, end })),
      skipPublicHolidays: v.skipPublicHolidays,
    },
    visibleFrom: v.visibleDate ? stockholmInstant(v.visibleDate, v.visibleTime || '00:00') : undefined,
  };
}

/** Checks the browser can make without the server: blanks and whole numbers, in Swedish or English. */
export function localErrors(v: PatternValues, t: (key: string) => string): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!v.timeTypeId) errors.timeTypeId = t('publish.errors.timeType');
  if (!v.startDate) errors.startDate = t('publish.errors.date');
  if (!v.endDate) errors.endDate = t('publish.errors.date');
  if (!v.dayStart) errors.dayStart = t('publish.errors.time');
  if (!v.dayEnd) errors.dayEnd = t('publish.errors.time');
  if (!/^\d+$/.test(v.intervalMinutes.trim())) errors.intervalMinutes = t('publish.errors.whole');
  if (v.places.trim() !== '' && !/^\d+$/.test(v.places.trim())) errors.places = t('publish.errors.whole');
  if (v.breaks.some((b) => !b.start || !b.end)) errors.breaks = t('publish.errors.break');
  if (v.visibleTime && !v.visibleDate) errors.visibleFrom = t('publish.errors.visibleDate');
  return errors;
}

/** Field errors of a failed request (400 with fields) or of a preview that named problems. */
export function serverErrors(error: unknown, previewErrors?: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = { ...(previewErrors ?? {}) };
  if (error instanceof ApiError) {
    // The type itself is refused (not allowed at this unit, or retired): say so at the type picker.
    if (error.code === 'time_type_not_allowed' || error.code === 'time_type_retired')
      out.timeTypeId = codeText(error.code) ?? error.code;
    for (const name of Object.keys(error.fields)) {
      const key = name.replace(/^pattern\./, '').replace(/\.\d+.*$/, '');
      out[key === 'pattern' ? 'startDate' : key] ??= fieldText(error, name);
    }
  }
  return out;
}

/** The order errors are listed in, top to bottom as the form shows them. */
export const FIELD_ORDER = [
  'timeTypeId',
  'startDate',
  'endDate',
  'weekdays',
  'dayStart',
  'dayEnd',
  'intervalMinutes',
  'durationMinutes',
  'places',
  'breaks',
  'excludeDates',
  'skipPublicHolidays',
  'visibleFrom',
];
