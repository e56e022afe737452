import { describe, expect, it, test } from 'vitest';
import {
  addDays,
  addYears,
  compareIsoDates,
  daysInMonth,
  epochDay,
  formatIsoDate,
  fromEpochDay,
  isLeapYear,
  isRealDate,
  isValidIsoDate,
  parseIsoDate,
  requireIsoDate,
} from './calendar-date.js';

describe('isLeapYear / daysInMonth', () => {
  test.each([
    [2024, true],
    [2023, false],
    [2000, true],
    [1900, false],
    [2100, false],
    [1600, true],
  ])('%i leap: %s', (year, leap) => {
    expect(isLeapYear(year)).toBe(leap);
    expect(daysInMonth(year, 2)).toBe(leap ? 29 : 28);
  });

  it('knows month lengths', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => daysInMonth(2023, m))).toEqual([
      31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
    ]);
  });
});

describe('parsing', () => {
  test.each(['2024-02-29', '0001-01-01', '9999-12-31', '1970-01-01'])('%s is valid', (d) => {
    expect(isValidIsoDate(d)).toBe(true);
    const p = requireIsoDate(d);
    expect(formatIsoDate(p.year, p.month, p.day)).toBe(d);
  });

  test.each([
    '2023-02-29',
    '2024-02-30',
    '2024-13-01',
    '2024-00-10',
    '2024-01-00',
    '2024-1-1',
    '20240101',
    ' 2024-01-01',
    '0000-01-01',
    '',
  ])('%j is invalid', (d) => {
    expect(parseIsoDate(d)).toBeNull();
    expect(() => requireIsoDate(d)).toThrow(RangeError);
  });

  it('isRealDate rejects non-integers', () => {
    expect(isRealDate(2024, 1.5, 1)).toBe(false);
    expect(isRealDate(2024, 1, 1)).toBe(true);
  });
});

describe('arithmetic', () => {
  it('epochDay and fromEpochDay are inverse', () => {
    expect(epochDay('1970-01-01')).toBe(0);
    expect(epochDay('1969-12-31')).toBe(-1);
    expect(fromEpochDay(epochDay('1900-03-01'))).toBe('1900-03-01');
    expect(fromEpochDay(epochDay('0050-06-15'))).toBe('0050-06-15');
    for (let d = -50_000; d < 50_000; d += 97) expect(epochDay(fromEpochDay(d))).toBe(d);
  });

  test.each([
    ['2024-02-28', 1, '2024-02-29'],
    ['2023-02-28', 1, '2023-03-01'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-03-29', 1, '2026-03-30'],
    ['2026-01-01', -1, '2025-12-31'],
    ['2026-01-01', 365, '2027-01-01'],
  ])('addDays(%s, %i) = %s', (d, n, out) => {
    expect(addDays(d, n)).toBe(out);
  });

  test.each([
    ['2012-02-29', 13, '2025-03-01'],
    ['2012-02-29', 12, '2024-02-29'],
    ['2012-02-29', -1, '2011-03-01'],
    ['2012-03-01', 1, '2013-03-01'],
    ['2000-06-15', 26, '2026-06-15'],
  ])('addYears(%s, %i) = %s', (d, n, out) => {
    expect(addYears(d, n)).toBe(out);
  });

  it('compares dates', () => {
    expect(compareIsoDates('2026-01-01', '2026-01-02')).toBeLessThan(0);
    expect(compareIsoDates('2026-01-02', '2026-01-01')).toBeGreaterThan(0);
    expect(compareIsoDates('2026-01-01', '2026-01-01')).toBe(0);
  });
});
