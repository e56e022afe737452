import { describe, expect, test } from 'vitest';
import {
  checkDueDate,
  cutoffAt,
  dateAtGestation,
  gestationOn,
  isoWeek,
  isoWeekStart,
  isoWeeksInYear,
  isValidIsoWeek,
  lastChangeDay,
  wishesOpen,
} from './pregnancy.js';

describe('gestation from the due date', () => {
  test('the due date is 40+0; 280 days before is 0+0', () => {
    expect(gestationOn('2027-06-01', '2027-06-01')).toEqual({ weeks: 40, days: 0 });
    expect(gestationOn('2027-06-01', '2026-08-25')).toEqual({ weeks: 0, days: 0 });
    expect(gestationOn('2027-06-01', '2026-08-24')).toEqual({ weeks: -1, days: 6 });
  });

  test('22+0 and the last change day 21+6', () => {
    expect(dateAtGestation('2027-06-01', { weeks: 22, days: 0 })).toBe('2027-01-26');
    expect(lastChangeDay('2027-06-01')).toBe('2027-01-25');
    expect(gestationOn('2027-06-01', '2027-01-25')).toEqual({ weeks: 21, days: 6 });
  });

  test('the cut-off is 00:00 Stockholm on 22+0 (winter: UTC+1)', () => {
    expect(cutoffAt('2027-06-01').toISOString()).toBe('2027-01-25T23:00:00.000Z');
    expect(wishesOpen('2027-06-01', new Date('2027-01-25T22:59:59Z'))).toBe(true);
    expect(wishesOpen('2027-06-01', new Date('2027-01-25T23:00:00Z'))).toBe(false);
  });

  test('the cut-off is configurable and follows a changed due date', () => {
    expect(cutoffAt('2027-06-01', { weeks: 20, days: 6 }).toISOString()).toBe('2027-01-18T23:00:00.000Z');
    // A due date a week later moves the cut-off a week later (summer time: UTC+2).
    expect(cutoffAt('2027-10-01').toISOString()).toBe('2027-05-27T22:00:00.000Z');
    expect(cutoffAt('2027-10-08').toISOString()).toBe('2027-06-03T22:00:00.000Z');
  });
});

describe('due-date checks', () => {
  const at = new Date('2026-12-07T10:00:00Z');
  test.each([
    ['2026-12-07', null],
    ['2026-12-06', 'due_date_past'],
    ['2027-10-11', null], // 44 weeks exactly
    ['2027-10-12', 'due_date_too_far'],
    ['2027-02-30', 'invalid_date'],
  ])('%s → %s', (date, error) => {
    expect(checkDueDate(date, at)).toBe(error);
  });
});

describe('ISO weeks (the delivery week)', () => {
  test.each([
    ['2026-12-07', '2026-W50'],
    ['2027-01-01', '2026-W53'],
    ['2027-01-04', '2027-W01'],
    ['2024-12-30', '2025-W01'],
    ['2021-01-03', '2020-W53'],
  ])('%s is in %s', (date, week) => {
    expect(isoWeek(date)).toBe(week);
  });

  test('week starts and lengths of years', () => {
    expect(isoWeekStart('2027-W01')).toBe('2027-01-04');
    expect(isoWeekStart('2026-W53')).toBe('2026-12-28');
    expect(isoWeeksInYear(2026)).toBe(53);
    expect(isoWeeksInYear(2027)).toBe(52);
    expect(isValidIsoWeek('2027-W53')).toBe(false);
    expect(isValidIsoWeek('2026-W53')).toBe(true);
    expect(isValidIsoWeek('2026-53')).toBe(false);
    expect(() => isoWeekStart('x')).toThrow(RangeError);
  });
});
