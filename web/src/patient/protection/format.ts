/**
 * Dates, times and names for the protection pages, in the interface language
 * and always in Stockholm time (the region's time, whatever the device says).
 */
import { formatCalendarDay, formatDate, formatDateTime as formatInstant } from '../../ui/datetime.js';

/** "13 mars 2034" for a calendar date YYYY-MM-DD. */
export function formatIsoDate(date: string, language: string): string {
  return formatCalendarDay(date, language);
}

/** "13 mars 2034": the Stockholm calendar day of an instant. */
export function formatDay(at: Date, language: string): string {
  return formatDate(at, language);
}

/**
 * The last day a right is in force, for a right that ends at an instant
 * (00:00 Stockholm on the 13th birthday, or the day after a grant's last day):
 * the day before that instant.
 */
export function lastDayBefore(endsAt: string, language: string): string {
  return formatDay(new Date(new Date(endsAt).getTime() - 1), language);
}

/** "14 mars 2026 kl. 10.32" / "14 March 2026 at 10:32". */
export function formatDateTime(at: string, language: string): string {
  return formatInstant(at, language);
}

/** "Elsas" / "Elsa's"; Swedish adds no s after s, x or z ("Lars sida"). */
export function possessive(name: string, language: string): string {
  if (language.startsWith('en')) return `${name}'s`;
  return /[sxz]$/i.test(name) ? name : `${name}s`;
}

/** YYYYMMDD-NNNN. */
export function formatPersonalNumber(twelve: string): string {
  return `${twelve.slice(0, 8)}-${twelve.slice(8)}`;
}

/** Today's date in Stockholm as YYYY-MM-DD (the min of a date input). */
export { todayInStockholm as stockholmToday } from '../../ui/datetime.js';
