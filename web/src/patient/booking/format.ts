/**
 * Dates and times of the booking pages, always in Stockholm time (the region's
 * time, whatever the device says) and written the Swedish way ("09.10").
 */
import {
  addDays,
  formatCalendarDate,
  formatStockholmDateTime,
  formatStockholmTime,
  isValidIsoDate,
  stockholmDate,
  stockholmMidnight,
} from '@ingang/domain';

type Locale = 'sv' | 'en';

function locale(language: string): Locale {
  return language.startsWith('en') ? 'en' : 'sv';
}

/** Today in Stockholm as YYYY-MM-DD. */
export function todayDate(now = new Date()): string {
  return stockholmDate(now);
}

/** `date` plus `days` (YYYY-MM-DD). */
export function plusDays(date: string, days: number): string {
  return addDays(date, days);
}

/** True for a real calendar date YYYY-MM-DD. */
export function isDate(value: string): boolean {
  return isValidIsoDate(value);
}

/**
 * The search window for the dates chosen: the first day 00:00 to the day after
 * the last, Stockholm time. (The server leaves out times that have begun, so a
 * stable window — the same query key on every render — is enough.)
 */
export function searchWindow(fromDate: string, toDate: string): { from: string; to: string } {
  return {
    from: stockholmMidnight(fromDate).toISOString(),
    to: stockholmMidnight(addDays(toDate, 1)).toISOString(),
  };
}

/** The Stockholm calendar day of an instant (the key days are grouped by). */
export function dayOf(at: string): string {
  return stockholmDate(new Date(at));
}

/** "måndag 4 maj" / "Monday 4 May" for a day key YYYY-MM-DD. */
export function formatDayHeading(date: string, language: string): string {
  const l = locale(language);
  // Noon UTC is the same calendar day in Stockholm all year round.
  const weekday = new Intl.DateTimeFormat(l === 'sv' ? 'sv-SE' : 'en-GB', {
    weekday: 'long',
    timeZone: 'Europe/Stockholm',
  }).format(new Date(`${date}T12:00:00Z`));
  const text = `${weekday} ${formatCalendarDate(date, l)}`;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "09.10" / "09:10". */
export function formatTime(at: string, language: string): string {
  return formatStockholmTime(new Date(at), locale(language));
}

/** "måndag 4 maj 2026 kl. 09.10" / "Monday 4 May 2026 at 09:10". */
export function formatWhen(at: string, language: string): string {
  const l = locale(language);
  const day = formatDayHeading(dayOf(at), language);
  const year = dayOf(at).slice(0, 4);
  return l === 'sv'
    ? `${day} ${year} kl. ${formatTime(at, language)}`
    : `${day} ${year} at ${formatTime(at, language)}`;
}

/** "4 maj kl. 09.10" / "4 May at 09:10". */
export function formatShortWhen(at: string, language: string): string {
  return formatStockholmDateTime(new Date(at), locale(language));
}

/** The short reference a person can read out at the desk or on the phone: the booking id's first 8 hex digits. */
export function bookingReference(id: string): string {
  return id.replaceAll('-', '').slice(0, 8).toUpperCase();
}
