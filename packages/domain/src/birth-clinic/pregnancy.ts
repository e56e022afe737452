/**
 * Pregnancy dates for the birth-clinic wish: gestational age from the expected
 * due date (40+0), the cut-off for changing wishes (default 21+6, so the last
 * day to change is 21+6 and the result comes at 22+0), the delivery week
 * (the ISO week of the due date) and the due-date checks.
 *
 * Dates are Stockholm calendar dates ('YYYY-MM-DD'); instants are UTC.
 */
import { stockholmDate, stockholmMidnight } from '../age.js';
import { addDays, epochDay, fromEpochDay, isValidIsoDate } from '../calendar-date.js';

/** Days from conception-dating day 0 (0+0) to the due date (40+0). */
export const TERM_DAYS = 280;
/** A due date may be at most this many weeks after today. */
export const MAX_DUE_WEEKS_AHEAD = 44;
/** At most this many ranked wishes. */
export const MAX_WISHES = 3;

/** A gestational age, e.g. 21+6 = { weeks: 21, days: 6 }. */
export interface GestationalAge {
  weeks: number;
  days: number;
}

/** The default last gestational day for changing wishes: 21+6. */
export const DEFAULT_CUTOFF: GestationalAge = { weeks: 21, days: 6 };

/** Gestational age on `date` for a pregnancy due on `dueDate` (negative before 0+0). */
export function gestationOn(dueDate: string, date: string): GestationalAge {
  const total = TERM_DAYS - (epochDay(dueDate) - epochDay(date));
  return { weeks: Math.floor(total / 7), days: ((total % 7) + 7) % 7 };
}

/** The calendar date the pregnancy reaches `age` (e.g. 22+0). */
export function dateAtGestation(dueDate: string, age: GestationalAge): string {
  return addDays(dueDate, age.weeks * 7 + age.days - TERM_DAYS);
}

/**
 * The instant wishes lock: 00:00 Stockholm on the day after the last day to
 * change (`cutoff`, default 21+6). A changed due date moves it.
 */
export function cutoffAt(dueDate: string, cutoff: GestationalAge = DEFAULT_CUTOFF): Date {
  return stockholmMidnight(addDays(dateAtGestation(dueDate, cutoff), 1));
}

/** The last calendar day wishes can be changed (the cut-off day itself, e.g. 21+6). */
export function lastChangeDay(dueDate: string, cutoff: GestationalAge = DEFAULT_CUTOFF): string {
  return dateAtGestation(dueDate, cutoff);
}

/** True when wishes can still be changed at `at`. */
export function wishesOpen(dueDate: string, at: Date, cutoff: GestationalAge = DEFAULT_CUTOFF): boolean {
  return at.getTime() < cutoffAt(dueDate, cutoff).getTime();
}

export type DueDateError = 'invalid_date' | 'due_date_past' | 'due_date_too_far';

/** Checks a due date against today (Stockholm): not in the past, at most 44 weeks ahead. */
export function checkDueDate(dueDate: string, at: Date): DueDateError | null {
  if (!isValidIsoDate(dueDate)) return 'invalid_date';
  const today = stockholmDate(at);
  if (epochDay(dueDate) < epochDay(today)) return 'due_date_past';
  if (epochDay(dueDate) - epochDay(today) > MAX_DUE_WEEKS_AHEAD * 7) return 'due_date_too_far';
  return null;
}

/** ISO-8601 week of a date as 'YYYY-Www' (the delivery week key). */
export function isoWeek(date: string): string {
  const day = epochDay(date);
  // 1970-01-01 was a Thursday; ISO weekday 1 = Monday.
  const weekday = ((((day + 3) % 7) + 7) % 7) + 1;
  const thursday = day + 4 - weekday;
  const year = Number(fromEpochDay(thursday).slice(0, 4));
  const week = Math.floor((thursday - epochDay(`${year}-01-01`)) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The Monday that starts an ISO week key ('YYYY-Www'). */
export function isoWeekStart(week: string): string {
  const match = /^(\d{4})-W(\d{2})$/.exec(week);
  if (!match) throw new RangeError(`Not an ISO week: ${JSON.stringify(week)}`);
  const jan4 = epochDay(`${match[1]}-01-04`);
  const mondayOfWeek1 = jan4 - ((((jan4 + 3) % 7) + 7) % 7);
  return fromEpochDay(mondayOfWeek1 + (Number(match[2]) - 1) * 7);
}

/** The ISO weeks of a year (52 or 53). */
export function isoWeeksInYear(year: number): number {
  return isoWeek(`${year}-12-28`).endsWith('53') ? 53 : 52;
}

/** True for a well-formed ISO week key that exists. */
export function isValidIsoWeek(week: string): boolean {
  const match = /^(\d{4})-W(\d{2})$/.exec(week);
  if (!match) return false;
  const n = Number(match[2]);
  return n >= 1 && n <= isoWeeksInYear(Number(match[1]));
}

/** The delivery week a pregnancy belongs to: the ISO week of its due date. */
export const deliveryWeek = isoWeek;
