/**
 * Answer-time targets in working days. A working day is Monday–Friday and not
 * a Swedish public holiday (nor midsommarafton, julafton or nyårsafton, which
 * `swedishPublicHolidays` lists). A message is due by the end of the N-th
 * working day after the Stockholm day it arrived on: sent Friday afternoon with
 * a target of 2 working days, it is due by the end of Tuesday.
 */
import { addDays } from '../calendar-date.js';
import { isoWeekday, isSwedishPublicHoliday } from '../timebook/holidays.js';
import { stockholmInstant, stockholmWallClock } from '../timebook/local-time.js';

/** True for Monday–Friday dates that are not Swedish public holidays. */
export function isWorkingDay(date: string): boolean {
  const weekday = isoWeekday(date);
  return weekday >= 1 && weekday <= 5 && !isSwedishPublicHoliday(date);
}

/** The N-th working day strictly after `date` ('YYYY-MM-DD'); n ≥ 1. */
export function nthWorkingDayAfter(date: string, n: number): string {
  if (!Number.isInteger(n) || n < 1) throw new RangeError('n must be a whole number ≥ 1');
  let day = date;
  let found = 0;
  while (found < n) {
    day = addDays(day, 1);
    if (isWorkingDay(day)) found += 1;
  }
  return day;
}

/** When an answer to a message that arrived at `arrivedAt` is due: 00:00 Stockholm after the N-th working day. */
export function answerDueAt(arrivedAt: Date, targetWorkingDays: number): Date {
  const arrivedOn = stockholmWallClock(arrivedAt).date;
  const lastDay = nthWorkingDayAfter(arrivedOn, targetWorkingDays);
  const due = stockholmInstant(addDays(lastDay, 1), '00:00');
  if (!due) throw new Error('Stockholm midnight is always a valid instant');
  return due;
}

/** True when the message is still unanswered after its due time. */
export function isAnswerOverdue(arrivedAt: Date, targetWorkingDays: number, now: Date): boolean {
  return now.getTime() >= answerDueAt(arrivedAt, targetWorkingDays).getTime();
}
