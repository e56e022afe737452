/**
 * Ages and local dates on the Swedish calendar.
 *
 * Leap-day births: a person born on 29 February has their birthday on
 * 1 March in common years. This follows Swedish practice (a person born on a
 * leap day turns a year older on 1 March, e.g. comes of age on 1 March), and
 * it is applied the same way by `ageOn`, `birthdayInstant` and everything
 * built on them (guardianship limits, cohorts).
 */
import { addYears, formatIsoDate, requireIsoDate } from './calendar-date.js';

/** The region's time zone; wall-clock rules are expressed in it. */
export const STOCKHOLM_TIME_ZONE = 'Europe/Stockholm';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The wall clock from Intl: correct for every zone and instant, but ~10 µs a call. */
function exactWallClock(at: Date, timeZone: string): WallClock {
  const out: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(at)) {
    if (part.type !== 'literal') out[part.type] = Number(part.value);
  }
  return {
    year: out.year ?? Number.NaN,
    month: out.month ?? Number.NaN,
    day: out.day ?? Number.NaN,
    hour: out.hour ?? Number.NaN,
    minute: out.minute ?? Number.NaN,
    second: out.second ?? Number.NaN,
  };
}

/** The zone's offset (ms) at whole second `secondMs`, from Intl. */
function exactOffsetMs(secondMs: number, timeZone: string): number {
  const w = exactWallClock(new Date(secondMs), timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - secondMs;
}

/**
 * Offsets are remembered per six hours of UTC: Intl's formatToParts was the largest share of a
 * booking's own CPU in the domain rules (docs/performance.md). A span whose first and last
 * second have the same offset has it throughout (a zone changes its offset a few times a
 * year at most, never twice within hours); one that holds a change (NaN) asks Intl every
 * time. Six hours, not less: the times booked lie anywhere in the coming months (age is judged
 * at the time's start), so short spans would mostly be seen once.
 */
const OFFSET_SPAN_MS = 6 * 3_600_000;
const MAX_SPANS = 4096;
const spanOffsets = new Map<string, Map<number, number>>();

function offsetOfSpan(span: number, timeZone: string): number {
  let spans = spanOffsets.get(timeZone);
  if (!spans) {
    spans = new Map();
    spanOffsets.set(timeZone, spans);
  }
  let offset = spans.get(span);
  if (offset === undefined) {
    const first = exactOffsetMs(span * OFFSET_SPAN_MS, timeZone);
    const last = exactOffsetMs(span * OFFSET_SPAN_MS + OFFSET_SPAN_MS - 1000, timeZone);
    offset = first === last ? first : Number.NaN;
    if (spans.size >= MAX_SPANS) spans.clear();
    spans.set(span, offset);
  }
  return offset;
}

function wallClock(at: Date, timeZone: string): WallClock {
  const ms = at.getTime();
  if (Number.isNaN(ms)) throw new RangeError('Invalid Date');
  const offset = offsetOfSpan(Math.floor(ms / OFFSET_SPAN_MS), timeZone);
  if (Number.isNaN(offset)) return exactWallClock(at, timeZone);
  const local = new Date(ms + offset);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
  };
}

/** The local calendar date ('YYYY-MM-DD') of instant `at` in `timeZone`. */
export function dateInTimeZone(at: Date, timeZone: string): string {
  const w = wallClock(at, timeZone);
  return formatIsoDate(w.year, w.month, w.day);
}

/** The local calendar date ('YYYY-MM-DD') of instant `at` in Europe/Stockholm. */
export function stockholmDate(at: Date): string {
  return dateInTimeZone(at, STOCKHOLM_TIME_ZONE);
}

/** Offset of `timeZone` from UTC at `instantMs`, in milliseconds (CET = +3 600 000). */
function offsetMs(instantMs: number, timeZone: string): number {
  const w = wallClock(new Date(instantMs), timeZone);
  const asUtc = new Date(0);
  asUtc.setUTCFullYear(w.year, w.month - 1, w.day);
  asUtc.setUTCHours(w.hour, w.minute, w.second, 0);
  return asUtc.getTime() - (instantMs - (((instantMs % 1000) + 1000) % 1000));
}

/**
 * The UTC instant of 00:00 local time on `date` in `timeZone`. Throws a
 * RangeError for an invalid date. (If midnight were skipped by a DST jump,
 * the first instant of that day is returned; Stockholm never skips midnight.)
 */
export function midnightInTimeZone(date: string, timeZone: string): Date {
  const { year, month, day } = requireIsoDate(date);
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  const naive = d.getTime();
  // Two passes settle the offset even when the guess lands across a DST change.
  let guess = naive - offsetMs(naive, timeZone);
  guess = naive - offsetMs(guess, timeZone);
  if (dateInTimeZone(new Date(guess), timeZone) !== date) {
    // Midnight does not exist locally: step forward to the start of the day.
    guess = naive - offsetMs(guess + 3_600_000, timeZone);
  }
  return new Date(guess);
}

/** The UTC instant of 00:00 Europe/Stockholm time on `date` ('YYYY-MM-DD'). DST-safe. */
export function stockholmMidnight(date: string): Date {
  return midnightInTimeZone(date, STOCKHOLM_TIME_ZONE);
}

/**
 * Completed years of a person born on `birthDate` ('YYYY-MM-DD') on the local
 * calendar date of `at` in `timeZone` (default Europe/Stockholm). A person
 * born on 29 February turns a year older on 1 March in common years.
 * Returns a negative number if `at` is before the birth date's first year.
 */
export function ageOn(birthDate: string, at: Date, timeZone: string = STOCKHOLM_TIME_ZONE): number {
  const birth = requireIsoDate(birthDate);
  const today = wallClock(at, timeZone);
  let age = today.year - birth.year;
  // Comparing (month, day) pairs also yields the 1 March rule: in a common
  // year no date equals 29 Feb, so 28 Feb is "before" and 1 Mar is "on or after".
  if (today.month < birth.month || (today.month === birth.month && today.day < birth.day)) {
    age -= 1;
  }
  return age;
}

/**
 * The date ('YYYY-MM-DD') a person born on `birthDate` turns `years` old
 * (29 February → 1 March in common years).
 */
export function birthdayDate(birthDate: string, years: number): string {
  return addYears(birthDate, years);
}

/**
 * The instant (00:00 Europe/Stockholm) a person born on `birthDate` turns
 * `years` old; 29 February births turn on 1 March in common years.
 */
export function birthdayInstant(birthDate: string, years: number): Date {
  return stockholmMidnight(birthdayDate(birthDate, years));
}
