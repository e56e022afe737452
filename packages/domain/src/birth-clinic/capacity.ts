/**
 * Capacity per delivery clinic and ISO week. The region plans births per
 * clinic and year; a week's capacity is the year's plan spread evenly over
 * the year's ISO weeks (the remainder goes one each to the first weeks), unless
 * the week is adjusted (a number) or closed (takes no births).
 */
import { isoWeeksInYear } from './pregnancy.js';

/** A week's setting: an explicit capacity, and/or closed. */
export interface WeekAdjustment {
  capacity: number | null;
  closed: boolean;
}

/** The planned births in ISO week `week` (1-based) of `year` for a yearly plan. */
export function plannedWeekCapacity(yearlyBirths: number, year: number, week: number): number {
  const weeks = isoWeeksInYear(year);
  const base = Math.floor(yearlyBirths / weeks);
  return base + (week <= yearlyBirths % weeks ? 1 : 0);
}

/** The effective capacity of a week: 0 when closed, the adjustment when set, else the plan. */
export function weekCapacity(
  weekKey: string,
  yearlyBirths: number | null,
  adjustment: WeekAdjustment | undefined,
): number {
  if (adjustment?.closed) return 0;
  if (adjustment?.capacity !== null && adjustment?.capacity !== undefined) return adjustment.capacity;
  if (yearlyBirths === null) return 0;
  const year = Number(weekKey.slice(0, 4));
  const week = Number(weekKey.slice(6));
  return plannedWeekCapacity(yearlyBirths, year, week);
}
