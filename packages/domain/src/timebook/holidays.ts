/**
 * Swedish public holidays (helgdagar, lag 1989:253) plus the days that are
 * de facto days off for clinics: midsommarafton, julafton and nyårsafton.
 */
import { addDays, formatIsoDate, parseIsoDate } from '../calendar-date.js';

/** One holiday: its date 'YYYY-MM-DD' and Swedish name. */
export interface SwedishHoliday {
  date: string;
  name: string;
}

/**
 * Easter Sunday of `year` ('YYYY-MM-DD'), Gregorian computus (the anonymous
 * "Meeus/Jones/Butcher" algorithm).
 */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return formatIsoDate(year, month, day);
}

/** The first date from `fromDate` (inclusive) that falls on ISO weekday `weekday` (1 = Monday). */
function firstWeekdayFrom(fromDate: string, weekday: number): string {
  for (let i = 0; i < 7; i++) {
    const date = addDays(fromDate, i);
    if (isoWeekday(date) === weekday) return date;
  }
  throw new Error('unreachable');
}

/** ISO weekday of a 'YYYY-MM-DD' date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const parts = parseIsoDate(date);
  if (!parts) throw new RangeError(`Not a valid date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  const d = new Date(0);
  d.setUTCFullYear(parts.year, parts.month - 1, parts.day);
  const js = d.getUTCDay(); // 0 = Sunday
  return js === 0 ? 7 : js;
}

const cache = new Map<number, SwedishHoliday[]>();

/**
 * Swedish holidays of `year`, sorted by date: the statutory red days
 * (including the Sundays påskdagen and pingstdagen) and the de facto days off
 * midsommarafton, julafton and nyårsafton.
 */
export function swedishPublicHolidays(year: number): SwedishHoliday[] {
  const cached = cache.get(year);
  if (cached) return cached.map((h) => ({ ...h }));
  const y = (month: number, day: number) => formatIsoDate(year, month, day);
  const easter = easterSunday(year);
  const list: SwedishHoliday[] = [
    { date: y(1, 1), name: 'Nyårsdagen' },
    { date: y(1, 6), name: 'Trettondedag jul' },
    { date: addDays(easter, -2), name: 'Långfredagen' },
    { date: easter, name: 'Påskdagen' },
    { date: addDays(easter, 1), name: 'Annandag påsk' },
    { date: y(5, 1), name: 'Första maj' },
    { date: addDays(easter, 39), name: 'Kristi himmelsfärds dag' },
    { date: addDays(easter, 49), name: 'Pingstdagen' },
    { date: y(6, 6), name: 'Sveriges nationaldag' },
    // Midsommardagen is the Saturday 20–26 June; its eve is a de facto holiday.
    { date: firstWeekdayFrom(y(6, 19), 5), name: 'Midsommarafton' },
    { date: firstWeekdayFrom(y(6, 20), 6), name: 'Midsommardagen' },
    { date: firstWeekdayFrom(y(10, 31), 6), name: 'Alla helgons dag' },
    { date: y(12, 24), name: 'Julafton' },
    { date: y(12, 25), name: 'Juldagen' },
    { date: y(12, 26), name: 'Annandag jul' },
    { date: y(12, 31), name: 'Nyårsafton' },
  ];
  list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  cache.set(year, list);
  return list.map((h) => ({ ...h }));
}

/** True when `date` ('YYYY-MM-DD') is in `swedishPublicHolidays` of its year; false for malformed input. */
export function isSwedishPublicHoliday(date: string): boolean {
  return swedishHolidayName(date) !== null;
}

/** The holiday's Swedish name when `date` is a holiday, else null. */
export function swedishHolidayName(date: string): string | null {
  const parts = parseIsoDate(date);
  if (!parts) return null;
  return swedishPublicHolidays(parts.year).find((h) => h.date === date)?.name ?? null;
}
