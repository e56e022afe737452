/**
 * The support desk's opening-hours calendar: wall-clock hours in
 * Europe/Stockholm for weekdays and weekends, closed on Swedish public
 * holidays (the timebook's holiday computation). SLA clocks count only minutes
 * inside these hours, so a mail that arrives Friday evening is not "late" on
 * Saturday morning before the desk opens.
 */
import { addDays } from '../calendar-date.js';
import { isoWeekday, isSwedishPublicHoliday } from '../timebook/holidays.js';
import { parseClockTime, stockholmInstantAtMinute, stockholmWallClock } from '../timebook/local-time.js';

/** Open 'HH:MM'–'HH:MM' (close may be '24:00'), or null for closed all day. */
export type DayHours = { open: string; close: string } | null;

export interface OpeningCalendar {
  weekdays: DayHours;
  weekends: DayHours;
  /** Closed on Swedish public holidays (default true). */
  closedOnHolidays?: boolean;
  /** Extra closed dates ('YYYY-MM-DD'), e.g. midsummer eve if not a holiday. */
  closedDates?: readonly string[];
}

/** The region's desk in the source: weekdays 08–19, weekends 08–15, closed on public holidays. */
export const DEFAULT_SUPPORT_CALENDAR: OpeningCalendar = {
  weekdays: { open: '08:00', close: '19:00' },
  weekends: { open: '08:00', close: '15:00' },
  closedOnHolidays: true,
};

const MINUTE = 60_000;

/** The opening interval of a Stockholm date as UTC instants, or null when closed that day. */
export function openingInterval(cal: OpeningCalendar, date: string): { start: Date; end: Date } | null {
  if (cal.closedDates?.includes(date)) return null;
  if ((cal.closedOnHolidays ?? true) && isSwedishPublicHoliday(date)) return null;
  const hours = isoWeekday(date) >= 6 ? cal.weekends : cal.weekdays;
  if (!hours) return null;
  const open = parseClockTime(hours.open);
  const close = parseClockTime(hours.close, true);
  if (open === null || close === null || close <= open) return null;
  const start = stockholmInstantAtMinute(date, open);
  // '24:00' is the next day's midnight.
  const end = close === 1440 ? stockholmInstantAtMinute(addDays(date, 1), 0) : stockholmInstantAtMinute(date, close);
  if (!start || !end) return null;
  return { start, end };
}

/** True when the desk is open at `at`. */
export function isOpenAt(cal: OpeningCalendar, at: Date): boolean {
  const day = openingInterval(cal, stockholmWallClock(at).date);
  return day !== null && at >= day.start && at < day.end;
}

/** The next moment the desk is open at or after `at` (itself when open); null if closed for a year. */
export function nextOpening(cal: OpeningCalendar, at: Date): Date | null {
  let date = stockholmWallClock(at).date;
  for (let i = 0; i < 370; i++, date = addDays(date, 1)) {
    const day = openingInterval(cal, date);
    if (!day || at >= day.end) continue;
    return at > day.start ? at : day.start;
  }
  return null;
}

/** Whole minutes of opening hours between `from` and `to` (0 when `to` ≤ `from`). */
export function openMinutesBetween(cal: OpeningCalendar, from: Date, to: Date): number {
  if (to <= from) return 0;
  let total = 0;
  let date = stockholmWallClock(from).date;
  const last = stockholmWallClock(to).date;
  for (let i = 0; i < 3700; i++, date = addDays(date, 1)) {
    const day = openingInterval(cal, date);
    if (day) {
      const a = Math.max(day.start.getTime(), from.getTime());
      const b = Math.min(day.end.getTime(), to.getTime());
      if (b > a) total += b - a;
    }
    if (date === last) break;
  }
  return Math.floor(total / MINUTE);
}

/** The instant when `minutes` of opening hours have passed since `from` (the SLA deadline). */
export function addOpenMinutes(cal: OpeningCalendar, from: Date, minutes: number): Date | null {
  let left = minutes * MINUTE;
  let cursor = nextOpening(cal, from);
  for (let i = 0; cursor && i < 3700; i++) {
    const day = openingInterval(cal, stockholmWallClock(cursor).date);
    if (!day) return null;
    const room = day.end.getTime() - cursor.getTime();
    if (left <= room) return new Date(cursor.getTime() + left);
    left -= room;
    cursor = nextOpening(cal, day.end);
  }
  return null;
}
