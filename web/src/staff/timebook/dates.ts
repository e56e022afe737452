/** Calendar-date helpers on Stockholm's clock (dates as 'YYYY-MM-DD' strings, never browser-local). */
import { formatCalendarDay, stockholmIsoInstant } from '../../ui/datetime.js';

/** Today's date in Stockholm. */
export { todayInStockholm } from '../../ui/datetime.js';

/** `date` plus `days` (may be negative); pure date arithmetic in UTC so DST never shifts it. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** ISO weekday, 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/** The Monday of the week `date` is in. */
export function mondayOf(date: string): string {
  return addDays(date, 1 - isoWeekday(date));
}

/** ISO week number (vecka) of `date`. */
export function isoWeek(date: string): number {
  const thursday = addDays(date, 4 - isoWeekday(date));
  const jan1 = new Date(`${thursday.slice(0, 4)}-01-01T00:00:00Z`).getTime();
  return Math.floor((new Date(`${thursday}T00:00:00Z`).getTime() - jan1) / 86_400_000 / 7) + 1;
}

/** A date as "måndag 3 maj" (or "Monday 3 May"). */
export function formatDate(date: string, language: string, withYear = false): string {
  return formatCalendarDay(date, language, { weekday: true, year: withYear });
}

/** A Stockholm wall-clock date + time ('YYYY-MM-DD', 'HH:MM') as an ISO instant with its offset. */
export function stockholmInstant(date: string, time: string): string {
  return stockholmIsoInstant(date, time);
}
