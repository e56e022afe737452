/**
 * Wall-clock times ('HH:MM') in Europe/Stockholm and their UTC instants.
 *
 * Daylight saving makes the mapping irregular twice a year: on the last
 * Sunday of March 02:00–02:59 does not exist, and on the last Sunday of
 * October 02:00–02:59 happens twice. `stockholmInstant` reports the first as
 * null and picks the first occurrence of the second, so callers never shift
 * or double a time.
 */
import { STOCKHOLM_TIME_ZONE } from '../age.js';
import { formatIsoDate, requireIsoDate } from '../calendar-date.js';

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;

let formatter: Intl.DateTimeFormat | undefined;

function stockholmFormatter(): Intl.DateTimeFormat {
  formatter ??= new Intl.DateTimeFormat('en-CA', {
    timeZone: STOCKHOLM_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  return formatter;
}

/** A Stockholm wall-clock reading of an instant. */
export interface StockholmWallClock {
  /** 'YYYY-MM-DD' */
  date: string;
  /** 'HH:MM' (24-hour) */
  time: string;
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** The Europe/Stockholm date and time of `at` (seconds dropped). Throws for an invalid Date. */
export function stockholmWallClock(at: Date): StockholmWallClock {
  if (Number.isNaN(at.getTime())) throw new RangeError('Invalid Date');
  const p: Record<string, number> = {};
  for (const part of stockholmFormatter().formatToParts(at)) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  const year = p.year ?? Number.NaN;
  const month = p.month ?? Number.NaN;
  const day = p.day ?? Number.NaN;
  const hour = p.hour ?? Number.NaN;
  const minute = p.minute ?? Number.NaN;
  return {
    date: formatIsoDate(year, month, day),
    time: formatMinutes(hour * 60 + minute),
    year,
    month,
    day,
    hour,
    minute,
  };
}

/**
 * Minutes since midnight for 'HH:MM' (00:00–23:59), or null when malformed.
 * With `allowEndOfDay`, '24:00' is accepted as 1440 (the end of a day).
 */
export function parseClockTime(time: string, allowEndOfDay = false): number | null {
  if (allowEndOfDay && time === '24:00') return 1440;
  const m = HH_MM.exec(time);
  if (!m) return null;
  return Number(m[1]) * 60 + Number(m[2]);
}

/** Formats minutes since midnight (0–1439) as 'HH:MM'. */
export function formatMinutes(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * The UTC instant of wall-clock `time` ('HH:MM') on `date` in Europe/Stockholm.
 * Returns null when that local time does not exist (the spring-forward gap);
 * when it occurs twice (the autumn fall-back hour) the earlier instant is
 * returned. Throws a RangeError for a malformed date or time.
 */
export function stockholmInstant(date: string, time: string): Date | null {
  const minutes = parseClockTime(time);
  if (minutes === null) throw new RangeError(`Not a valid time (HH:MM): ${JSON.stringify(time)}`);
  return stockholmInstantAtMinute(date, minutes);
}

/** As `stockholmInstant`, with the time given as minutes since local midnight (0–1439). */
export function stockholmInstantAtMinute(date: string, minutes: number): Date | null {
  const { year, month, day } = requireIsoDate(date);
  const naive = new Date(0);
  naive.setUTCFullYear(year, month - 1, day);
  const wallAsUtc = naive.getTime() + minutes * MS_PER_MINUTE;
  const wanted = formatMinutes(minutes);
  // Stockholm is UTC+2 (CEST) or UTC+1 (CET); try the larger offset first,
  // which is the earlier instant, so an ambiguous time resolves to its first occurrence.
  for (const offsetHours of [2, 1]) {
    const candidate = new Date(wallAsUtc - offsetHours * MS_PER_HOUR);
    const w = stockholmWallClock(candidate);
    if (w.date === date && w.time === wanted) return candidate;
  }
  return null;
}
