import { describe, expect, it, test } from 'vitest';
import { formatMinutes, parseClockTime, stockholmInstant, stockholmWallClock } from './local-time.js';

describe('stockholmInstant', () => {
  test.each([
    ['2026-01-15', '08:00', '2026-01-15T07:00:00.000Z'], // CET
    ['2026-06-15', '08:00', '2026-06-15T06:00:00.000Z'], // CEST
    ['2026-03-29', '01:59', '2026-03-29T00:59:00.000Z'], // last minute before the gap
    ['2026-03-29', '03:00', '2026-03-29T01:00:00.000Z'], // first minute after the gap
    ['2026-10-25', '01:59', '2026-10-24T23:59:00.000Z'],
    ['2026-10-25', '02:00', '2026-10-25T00:00:00.000Z'], // first of two 02:00s
    ['2026-10-25', '02:59', '2026-10-25T00:59:00.000Z'], // first of two 02:59s
    ['2026-10-25', '03:00', '2026-10-25T02:00:00.000Z'],
    ['2026-12-31', '23:59', '2026-12-31T22:59:00.000Z'],
    ['2027-03-28', '08:00', '2027-03-28T06:00:00.000Z'], // 2027 change day, after it
  ])('%s %s → %s', (date, time, iso) => {
    expect(stockholmInstant(date, time)?.toISOString()).toBe(iso);
  });

  test.each(['02:00', '02:30', '02:59'])('2026-03-29 %s does not exist → null', (time) => {
    expect(stockholmInstant('2026-03-29', time)).toBeNull();
  });

  it('throws for malformed input', () => {
    expect(() => stockholmInstant('2026-02-30', '08:00')).toThrow(RangeError);
    expect(() => stockholmInstant('2026-02-01', '8:00')).toThrow(RangeError);
    expect(() => stockholmInstant('2026-02-01', '24:00')).toThrow(RangeError);
  });
});

describe('stockholmWallClock', () => {
  test.each([
    ['2026-10-25T00:30:00Z', '2026-10-25', '02:30'],
    ['2026-10-25T01:30:00Z', '2026-10-25', '02:30'],
    ['2026-03-29T01:00:00Z', '2026-03-29', '03:00'],
    ['2026-05-03T06:00:00Z', '2026-05-03', '08:00'],
    ['2026-12-31T23:00:00Z', '2027-01-01', '00:00'],
  ])('%s → %s %s', (iso, date, time) => {
    const w = stockholmWallClock(new Date(iso));
    expect([w.date, w.time]).toEqual([date, time]);
  });

  it('throws for an invalid Date', () => {
    expect(() => stockholmWallClock(new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe('parseClockTime / formatMinutes', () => {
  test.each([
    ['00:00', 0],
    ['08:05', 485],
    ['23:59', 1439],
    ['24:00', null],
    ['7:00', null],
    ['12:60', null],
    ['ab:cd', null],
  ])('%s → %s', (time, minutes) => {
    expect(parseClockTime(time)).toBe(minutes);
  });

  it('accepts 24:00 only as an end of day', () => {
    expect(parseClockTime('24:00', true)).toBe(1440);
    expect(parseClockTime('24:01', true)).toBeNull();
  });

  it('formats minutes', () => {
    expect(formatMinutes(0)).toBe('00:00');
    expect(formatMinutes(485)).toBe('08:05');
    expect(formatMinutes(1439)).toBe('23:59');
  });
});
