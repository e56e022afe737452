/**
 * Plain calendar dates ('YYYY-MM-DD') without time or time zone.
 *
 * Arithmetic is done on UTC midnights so that no daylight-saving change can
 * shift a date; convert to an instant with `stockholmMidnight` (age.ts).
 */

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date split into numbers (month 1–12, day 1–31). */
export interface DateParts {
  year: number;
  month: number;
  day: number;
}

/** True for Gregorian leap years (divisible by 4, centuries only if divisible by 400). */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Number of days in `month` (1–12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** True when year/month/day name a real Gregorian date (year 1–9999). */
export function isRealDate(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    year >= 1 &&
    year <= 9999 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

/** Parses 'YYYY-MM-DD' into numbers, or returns null if it is not a real date. */
export function parseIsoDate(date: string): DateParts | null {
  const m = ISO_DATE.exec(date);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return isRealDate(year, month, day) ? { year, month, day } : null;
}

/** True when `date` is a real date written 'YYYY-MM-DD'. */
export function isValidIsoDate(date: string): boolean {
  return parseIsoDate(date) !== null;
}

/** Parses 'YYYY-MM-DD' or throws a RangeError naming the bad value. */
export function requireIsoDate(date: string): DateParts {
  const parts = parseIsoDate(date);
  if (!parts) throw new RangeError(`Not a valid date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  return parts;
}

/** Formats numbers as 'YYYY-MM-DD' (no validation). */
export function formatIsoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Days since 1970-01-01 for a calendar date (negative before 1970). */
export function epochDay(date: string): number {
  const { year, month, day } = requireIsoDate(date);
  return utcEpochDay(year, month, day);
}

/** The calendar date `days` days after 1970-01-01. */
export function fromEpochDay(days: number): string {
  const d = new Date(days * MS_PER_DAY);
  return formatIsoDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** Adds (or with a negative number subtracts) whole days to a calendar date. */
export function addDays(date: string, days: number): string {
  return fromEpochDay(epochDay(date) + days);
}

/**
 * The date `years` years after (before, if negative) `date`. A 29 February
 * that lands in a common year becomes 1 March (the Swedish birthday rule).
 */
export function addYears(date: string, years: number): string {
  const { year, month, day } = requireIsoDate(date);
  const target = year + years;
  if (month === 2 && day === 29 && !isLeapYear(target)) return formatIsoDate(target, 3, 1);
  return formatIsoDate(target, month, day);
}

/** Compares two 'YYYY-MM-DD' strings: negative, zero or positive like a sort comparator. */
export function compareIsoDates(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function utcEpochDay(year: number, month: number, day: number): number {
  const d = new Date(0);
  // setUTCFullYear avoids Date.UTC's 0–99 → 1900–1999 year mapping.
  d.setUTCFullYear(year, month - 1, day);
  return Math.round(d.getTime() / MS_PER_DAY);
}
