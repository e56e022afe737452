/**
 * THE date and time formatter of the web app. Every page writes dates and
 * times through this module, so a time reads the same everywhere:
 * Swedish "14 mars 2026 kl. 10.32" (the period Språkrådet recommends),
 * English "14 March 2026 at 10:32" — always on Stockholm's clock, whatever
 * the device's zone. Month and weekday names are spelled out here (through
 * @ingang/domain) rather than taken from Intl, so the text is the same in
 * every browser. server/test/datetime-format.test.ts tests it and fails when
 * a file under web/src formats a date on its own.
 */
import {
  addDays,
  formatCalendarDate,
  formatStockholmTime,
  parseClockTime,
  stockholmDate,
  stockholmInstant,
  stockholmWallClock,
} from '@ingang/domain';

export type DisplayLanguage = 'sv' | 'en';

/** The interface language ('en', 'en-GB' → 'en'; anything else → 'sv'). */
export function displayLanguage(language: string | undefined): DisplayLanguage {
  return language?.startsWith('en') ? 'en' : 'sv';
}

type At = string | Date;
const instant = (at: At) => (typeof at === 'string' ? new Date(at) : at);

const WEEKDAYS: Record<DisplayLanguage, readonly string[]> = {
  sv: ['måndag', 'tisdag', 'onsdag', 'torsdag', 'fredag', 'lördag', 'söndag'],
  en: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
};

/** ISO weekday of a calendar date, 1 = Monday … 7 = Sunday. */
function isoWeekday(date: string): number {
  const day = new Date(`${date}T12:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/** "måndag" / "Monday" for a calendar date YYYY-MM-DD. */
export function formatWeekday(date: string, language: string): string {
  return WEEKDAYS[displayLanguage(language)][isoWeekday(date) - 1] ?? '';
}

export interface DateOptions {
  /** Lead with the weekday: "måndag 4 maj 2026". */
  weekday?: boolean;
  /** Write the year (default true). */
  year?: boolean;
}

/** A calendar date YYYY-MM-DD: "4 maj 2026", "måndag 4 maj", "Monday 4 May 2026". */
export function formatCalendarDay(date: string, language: string, options: DateOptions = {}): string {
  const l = displayLanguage(language);
  const text = formatCalendarDate(date, l, options.year ?? true);
  return options.weekday ? `${formatWeekday(date, l)} ${text}` : text;
}

/** The Stockholm calendar day of an instant: "4 maj 2026" (options as `formatCalendarDay`). */
export function formatDate(at: At, language: string, options: DateOptions = {}): string {
  return formatCalendarDay(stockholmDate(instant(at)), language, options);
}

/** The Stockholm clock time of an instant: "09.10" / "09:10". */
export function formatClock(at: At, language: string): string {
  return formatStockholmTime(instant(at), displayLanguage(language));
}

/** A wall-clock time 'HH:MM' as written in the language: "09.10" / "09:10". */
export function formatWallClock(time: string, language: string): string {
  return displayLanguage(language) === 'sv' ? time.replace(':', '.') : time;
}

/**
 * An end time from now on: "kl. 16.30" / "16:30" today (Stockholm), "i morgon kl. 00.30" /
 * "tomorrow at 00:30" the day after, the date and time further on (the sentence says "till …").
 */
export function formatUntil(at: At, language: string, now: Date = new Date()): string {
  const l = displayLanguage(language);
  const a = instant(at);
  const day = stockholmDate(a);
  const today = stockholmDate(now);
  const clock = formatClock(a, l);
  if (day === today) return l === 'sv' ? `kl. ${clock}` : clock;
  if (day === addDays(today, 1)) return l === 'sv' ? `i morgon kl. ${clock}` : `tomorrow at ${clock}`;
  return formatDateTime(a, l, { year: day.slice(0, 4) !== today.slice(0, 4) });
}

/** "4 maj 2026 kl. 09.10" / "4 May 2026 at 09:10" (options as `formatCalendarDay`). */
export function formatDateTime(at: At, language: string, options: DateOptions = {}): string {
  const l = displayLanguage(language);
  const day = formatDate(at, l, options);
  return `${day} ${l === 'sv' ? 'kl.' : 'at'} ${formatClock(at, l)}`;
}

/**
 * A moment in a list or a chat: the time alone today ("14.05"), the day and
 * time this year ("3 maj kl. 14.05"), the full date and time before that.
 */
export function formatMoment(at: At, language: string, now: Date = new Date()): string {
  const a = instant(at);
  const day = stockholmDate(a);
  const today = stockholmDate(now);
  if (day === today) return formatClock(a, language);
  return formatDateTime(a, language, { year: day.slice(0, 4) !== today.slice(0, 4) });
}

/** The first letter in capitals ("måndag 4 maj" → "Måndag 4 maj"). */
export function capitalize(text: string): string {
  return text.charAt(0).toLocaleUpperCase('sv') + text.slice(1);
}

/** Today's date in Stockholm, YYYY-MM-DD (a date input's value or min). */
export function todayInStockholm(now: Date = new Date()): string {
  return stockholmDate(now);
}

/** The Stockholm wall-clock time 'HH:MM' of an instant (a time input's value). */
export function stockholmClock(at: At): string {
  return stockholmWallClock(instant(at)).time;
}

/**
 * A Stockholm wall-clock date and time ('YYYY-MM-DD', 'HH:MM') as an ISO
 * instant with that moment's offset ("2026-05-04T09:10:00+02:00"). A time in
 * the spring-forward gap is read as the hour after.
 */
export function stockholmIsoInstant(date: string, time = '00:00'): string {
  const at = stockholmInstant(date, time) ?? new Date(`${date}T${time}:00+01:00`);
  const w = stockholmWallClock(at);
  const local = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
  const offsetMinutes = Math.round((local - Math.floor(at.getTime() / 60_000) * 60_000) / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${w.date}T${w.time}:00${offset}`;
}

/**
 * The next moment after `now` when Stockholm's clock shows `time` ('HH:MM'): today, or
 * tomorrow when that time has passed — so a close time given late in the evening ("01:00")
 * runs past midnight. Null when `time` is not 'HH:MM'.
 */
export function nextStockholmTime(time: string, now: Date = new Date()): Date | null {
  if (parseClockTime(time) === null) return null;
  const today = stockholmDate(now);
  const at = new Date(stockholmIsoInstant(today, time));
  return at.getTime() > now.getTime() ? at : new Date(stockholmIsoInstant(addDays(today, 1), time));
}
