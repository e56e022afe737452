/**
 * Bulk publishing of times from a weekly pattern ("weekdays 08:00–16:00 every
 * 10 minutes, 3 places, six weeks, no lunch, no public holidays").
 *
 * Times are wall-clock Europe/Stockholm: 08:00 stays 08:00 across daylight
 * saving changes. A time that does not exist (the March gap) is skipped, never
 * moved onto a neighbour; a time that occurs twice (the October hour) yields
 * one slot, at its first occurrence.
 */
import { addDays, compareIsoDates, epochDay, isValidIsoDate } from '../calendar-date.js';
import { isoWeekday, isSwedishPublicHoliday } from './holidays.js';
import { formatMinutes, parseClockTime, stockholmInstantAtMinute } from './local-time.js';

/** A pattern for creating many times at once. */
export interface SlotPattern {
  /** First date, 'YYYY-MM-DD' (inclusive). */
  startDate: string;
  /** Last date, 'YYYY-MM-DD' (inclusive). */
  endDate: string;
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  weekdays: number[];
  /** 'HH:MM' local Stockholm time of the first slot each day. */
  dayStart: string;
  /** 'HH:MM' local (or '24:00'); the last slot must END by this time. */
  dayEnd: string;
  /** Minutes between slot starts. */
  intervalMinutes: number;
  /** Length of each slot in minutes. */
  durationMinutes: number;
  /** Places (bookable seats) per slot. */
  places: number;
  /** Local 'HH:MM' ranges in which no slot may overlap (e.g. lunch). */
  breaks?: { start: string; end: string }[];
  /** Leave out Swedish public holidays (see `swedishPublicHolidays`). */
  skipPublicHolidays: boolean;
  /** Dates 'YYYY-MM-DD' to leave out. */
  excludeDates?: string[];
}

/** One generated time. */
export interface GeneratedSlot {
  start: Date;
  /** `start` + durationMinutes of real (elapsed) time. */
  end: Date;
  places: number;
  /** Local Stockholm date 'YYYY-MM-DD'. */
  localDate: string;
  /** Local Stockholm start time 'HH:MM'. */
  localTime: string;
}

/** Options for `validatePattern`. */
export interface ValidatePatternOptions {
  /** Most slots one pattern may create; default `DEFAULT_MAX_PATTERN_SLOTS`. */
  maxSlots?: number;
  /** Today's Stockholm date; when given, startDate may not be earlier. */
  today?: string;
}

/** Default cap on the number of slots one pattern may create. */
export const DEFAULT_MAX_PATTERN_SLOTS = 20_000;
/** Longest span (inclusive days) a pattern may cover. */
export const MAX_PATTERN_DAYS = 366;
/** Most places one slot may have. */
export const MAX_SLOT_PLACES = 1000;

function isInt(n: unknown, min: number, max: number): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max;
}

interface DayGrid {
  /** Start minutes (since local midnight) of every slot on a pattern day. */
  starts: number[];
}

function dayGrid(p: SlotPattern): DayGrid {
  const dayStart = parseClockTime(p.dayStart) ?? 0;
  const dayEnd = parseClockTime(p.dayEnd, true) ?? 0;
  const breaks = (p.breaks ?? []).map((b) => ({
    start: parseClockTime(b.start, true) ?? 0,
    end: parseClockTime(b.end, true) ?? 0,
  }));
  const starts: number[] = [];
  for (let m = dayStart; m + p.durationMinutes <= dayEnd; m += p.intervalMinutes) {
    const end = m + p.durationMinutes;
    if (breaks.some((b) => m < b.end && end > b.start)) continue;
    starts.push(m);
  }
  return { starts };
}

/** The dates of the pattern on which slots are created, ascending. */
export function patternDates(p: SlotPattern): string[] {
  const weekdays = new Set(p.weekdays);
  const excluded = new Set(p.excludeDates ?? []);
  const out: string[] = [];
  for (let date = p.startDate; compareIsoDates(date, p.endDate) <= 0; date = addDays(date, 1)) {
    if (!weekdays.has(isoWeekday(date))) continue;
    if (excluded.has(date)) continue;
    if (p.skipPublicHolidays && isSwedishPublicHoliday(date)) continue;
    out.push(date);
  }
  return out;
}

/**
 * Checks a pattern. Returns field → Swedish message for every problem, or
 * null when it is valid. Refuses reversed or over-long (> 366 days) date
 * ranges, an end time not after the start, interval/duration/places below 1,
 * a pattern that creates no slots, and one that creates more than `maxSlots`
 * (reported under the key 'pattern').
 */
export function validatePattern(p: SlotPattern, opts: ValidatePatternOptions = {}): Record<string, string> | null {
  const errors: Record<string, string> = {};
  const maxSlots = opts.maxSlots ?? DEFAULT_MAX_PATTERN_SLOTS;

  const startOk = typeof p.startDate === 'string' && isValidIsoDate(p.startDate);
  const endOk = typeof p.endDate === 'string' && isValidIsoDate(p.endDate);
  if (!startOk) errors.startDate = 'Ange ett giltigt startdatum (ÅÅÅÅ-MM-DD).';
  else if (opts.today && compareIsoDates(p.startDate, opts.today) < 0)
    errors.startDate = 'Startdatumet kan inte ligga bakåt i tiden.';
  if (!endOk) errors.endDate = 'Ange ett giltigt slutdatum (ÅÅÅÅ-MM-DD).';
  if (startOk && endOk) {
    const days = epochDay(p.endDate) - epochDay(p.startDate) + 1;
    if (days < 1) errors.endDate = 'Slutdatumet kan inte vara före startdatumet.';
    else if (days > MAX_PATTERN_DAYS) errors.endDate = `Ett mönster kan gälla högst ${MAX_PATTERN_DAYS} dagar.`;
  }

  if (!Array.isArray(p.weekdays) || p.weekdays.length === 0) errors.weekdays = 'Välj minst en veckodag.';
  else if (!p.weekdays.every((d) => isInt(d, 1, 7)))
    errors.weekdays = 'Veckodagar anges som 1 (måndag) till 7 (söndag).';

  const dayStart = typeof p.dayStart === 'string' ? parseClockTime(p.dayStart) : null;
  const dayEnd = typeof p.dayEnd === 'string' ? parseClockTime(p.dayEnd, true) : null;
  if (dayStart === null) errors.dayStart = 'Ange starttiden som TT:MM.';
  if (dayEnd === null) errors.dayEnd = 'Ange sluttiden som TT:MM.';
  else if (dayStart !== null && dayEnd <= dayStart) errors.dayEnd = 'Sluttiden måste vara efter starttiden.';

  if (!isInt(p.intervalMinutes, 1, 1440)) errors.intervalMinutes = 'Intervallet ska vara 1–1440 minuter.';
  if (!isInt(p.durationMinutes, 1, 1440)) errors.durationMinutes = 'Tidens längd ska vara 1–1440 minuter.';
  else if (dayStart !== null && dayEnd !== null && dayEnd > dayStart && p.durationMinutes > dayEnd - dayStart)
    errors.durationMinutes = 'Tiden är längre än dagen mellan start- och sluttid.';
  if (!isInt(p.places, 1, MAX_SLOT_PLACES)) errors.places = `Antal platser ska vara 1–${MAX_SLOT_PLACES}.`;

  if (p.breaks !== undefined) {
    const ok =
      Array.isArray(p.breaks) &&
      p.breaks.every((b) => {
        const s = typeof b?.start === 'string' ? parseClockTime(b.start) : null;
        const e = typeof b?.end === 'string' ? parseClockTime(b.end, true) : null;
        return s !== null && e !== null && e > s;
      });
    if (!ok) errors.breaks = 'Ange pauser som start- och sluttid (TT:MM) där sluttiden är efter starttiden.';
  }
  if (p.excludeDates !== undefined) {
    const ok = Array.isArray(p.excludeDates) && p.excludeDates.every((d) => typeof d === 'string' && isValidIsoDate(d));
    if (!ok) errors.excludeDates = 'Undantagna datum anges som ÅÅÅÅ-MM-DD.';
  }
  if (typeof p.skipPublicHolidays !== 'boolean') errors.skipPublicHolidays = 'Ange om helgdagar ska hoppas över.';

  if (Object.keys(errors).length > 0) return errors;

  const count = countPatternSlots(p);
  if (count === 0) return { pattern: 'Mönstret ger inga tider. Kontrollera datum, veckodagar och tider.' };
  if (count > maxSlots)
    return { pattern: `Mönstret ger ${count} tider, men högst ${maxSlots} kan skapas på en gång. Dela upp det.` };
  return null;
}

/**
 * Upper bound on the slots a (valid) pattern creates, without building them:
 * slots per day × pattern days. The only difference from `generateSlots` is
 * a time falling in the March daylight-saving gap.
 */
export function countPatternSlots(p: SlotPattern): number {
  return dayGrid(p).starts.length * patternDates(p).length;
}

/**
 * The slots of a pattern, ascending by start. Throws a RangeError if the
 * pattern is invalid (call `validatePattern` first to get field messages);
 * the slot cap is the caller's, via `validatePattern`'s `maxSlots`.
 */
export function generateSlots(p: SlotPattern): GeneratedSlot[] {
  const errors = validatePattern(p, { maxSlots: Number.POSITIVE_INFINITY });
  if (errors) throw new RangeError(`Invalid slot pattern: ${Object.keys(errors).join(', ')}`);
  const { starts } = dayGrid(p);
  const durationMs = p.durationMinutes * 60_000;
  const slots: GeneratedSlot[] = [];
  for (const localDate of patternDates(p)) {
    for (const minute of starts) {
      // null: the local time falls in the spring-forward gap — skip, never shift.
      const start = stockholmInstantAtMinute(localDate, minute);
      if (!start) continue;
      slots.push({
        start,
        end: new Date(start.getTime() + durationMs),
        places: p.places,
        localDate,
        localTime: formatMinutes(minute),
      });
    }
  }
  return slots;
}
