/**
 * Dates and times in the words citizens read: "3 maj kl. 08.00", "3 May at 08:00".
 * Month names are spelled out here rather than taken from Intl so the text
 * is the same on every runtime (ICU versions differ).
 */
import { requireIsoDate } from '../calendar-date.js';
import { stockholmWallClock } from './local-time.js';

/** UI languages. */
export type DisplayLocale = 'sv' | 'en';

const MONTHS: Record<DisplayLocale, readonly string[]> = {
  sv: [
    'januari',
    'februari',
    'mars',
    'april',
    'maj',
    'juni',
    'juli',
    'augusti',
    'september',
    'oktober',
    'november',
    'december',
  ],
  en: [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ],
};

function monthName(month: number, locale: DisplayLocale): string {
  return MONTHS[locale][month - 1] ?? String(month);
}

function clock(hour: number, minute: number, locale: DisplayLocale): string {
  const hh = String(hour).padStart(2, '0');
  const mm = String(minute).padStart(2, '0');
  // Swedish writes times with a period (Språkrådet): 08.00.
  return locale === 'sv' ? `${hh}.${mm}` : `${hh}:${mm}`;
}

/** Stockholm local day, month and time of `at`: "3 maj kl. 08.00" (sv) or "3 May at 08:00" (en). */
export function formatStockholmDateTime(at: Date, locale: DisplayLocale = 'sv'): string {
  const w = stockholmWallClock(at);
  const time = clock(w.hour, w.minute, locale);
  return locale === 'sv'
    ? `${w.day} ${monthName(w.month, locale)} kl. ${time}`
    : `${w.day} ${monthName(w.month, locale)} at ${time}`;
}

/** Stockholm local date of `at` with year: "3 maj 2026" / "3 May 2026". */
export function formatStockholmDate(at: Date, locale: DisplayLocale = 'sv'): string {
  const w = stockholmWallClock(at);
  return `${w.day} ${monthName(w.month, locale)} ${w.year}`;
}

/** Stockholm local time of `at`: "08.00" (sv) / "08:00" (en). */
export function formatStockholmTime(at: Date, locale: DisplayLocale = 'sv'): string {
  const w = stockholmWallClock(at);
  return clock(w.hour, w.minute, locale);
}

/** A calendar date 'YYYY-MM-DD' as "14 februari" (sv) / "14 February" (en); with `withYear`, "14 februari 2026". */
export function formatCalendarDate(date: string, locale: DisplayLocale = 'sv', withYear = false): string {
  const { year, month, day } = requireIsoDate(date);
  const base = `${day} ${monthName(month, locale)}`;
  return withYear ? `${base} ${year}` : base;
}
