/**
 * Dates and times of the booking pages, always in Stockholm time (the region's
 * time, whatever the device says) and written the Swedish way ("09.10").
 */
import { addDays, isValidIsoDate, stockholmDate, stockholmMidnight } from '@ingang/domain';
import { capitalize, formatCalendarDay, formatClock, formatDateTime } from '../../ui/datetime.js';

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

/** "Måndag 4 maj" / "Monday 4 May" for a day key YYYY-MM-DD. */
export function formatDayHeading(date: string, language: string): string {
  return capitalize(formatCalendarDay(date, language, { weekday: true, year: false }));
}

/** "09.10" / "09:10". */
export function formatTime(at: string, language: string): string {
  return formatClock(at, language);
}

/** "Måndag 4 maj 2026 kl. 09.10" / "Monday 4 May 2026 at 09:10". */
export function formatWhen(at: string, language: string): string {
  return capitalize(formatDateTime(at, language, { weekday: true }));
}

/** "4 maj kl. 09.10" / "4 May at 09:10". */
export function formatShortWhen(at: string, language: string): string {
  return formatDateTime(at, language, { year: false });
}

/** A time type's name in the interface language (Swedish when it has no English name). */
export function timeTypeName(type: { name: string; nameEn?: string | null }, language: string): string {
  return language.startsWith('en') && type.nameEn ? type.nameEn : type.name;
}

/** The short reference a person can read out at the desk or on the phone: the booking id's first 8 hex digits. */
export function bookingReference(id: string): string {
  return id.replaceAll('-', '').slice(0, 8).toUpperCase();
}
