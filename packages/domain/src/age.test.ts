import { describe, expect, it, test } from 'vitest';
import {
  ageOn,
  birthdayDate,
  birthdayInstant,
  dateInTimeZone,
  midnightInTimeZone,
  stockholmDate,
  stockholmMidnight,
} from './age.js';
import { addDays } from './calendar-date.js';

describe('stockholmDate', () => {
  test.each([
    ['2026-01-14T22:59:59.999Z', '2026-01-14'], // 23:59 CET
    ['2026-01-14T23:00:00Z', '2026-01-15'], // 00:00 CET
    ['2026-06-14T21:59:59Z', '2026-06-14'], // 23:59 CEST
    ['2026-06-14T22:00:00Z', '2026-06-15'], // 00:00 CEST
    ['2026-12-31T23:00:00Z', '2027-01-01'],
    ['2026-03-29T00:59:59Z', '2026-03-29'], // just before spring forward
    ['2026-03-29T01:00:00Z', '2026-03-29'], // 03:00 CEST
    ['2026-10-25T00:30:00Z', '2026-10-25'], // first 02:30
    ['2026-10-25T01:30:00Z', '2026-10-25'], // second 02:30
    ['1950-07-01T12:00:00Z', '1950-07-01'],
  ])('%s → %s', (iso, date) => {
    expect(stockholmDate(new Date(iso))).toBe(date);
  });

  it('throws for an invalid Date', () => {
    expect(() => stockholmDate(new Date(Number.NaN))).toThrow(RangeError);
  });

  it('dateInTimeZone uses the given zone', () => {
    const at = new Date('2026-06-14T22:30:00Z');
    expect(dateInTimeZone(at, 'UTC')).toBe('2026-06-14');
    expect(dateInTimeZone(at, 'Europe/Stockholm')).toBe('2026-06-15');
    expect(dateInTimeZone(at, 'America/New_York')).toBe('2026-06-14');
  });

  // The offsets are remembered per span of hours (age.ts); Intl itself is the reference.
  it('agrees with Intl every 7 minutes 13 s across DST changes, in zones with odd offsets and changes', () => {
    const intl = (zone: string) =>
      new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
    const zones = ['Europe/Stockholm', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/St_Johns', 'Pacific/Apia'];
    const ranges = [
      ['2026-03-28T12:00:00Z', '2026-03-30T12:00:00Z'],
      ['2026-10-24T12:00:00Z', '2026-10-26T12:00:00Z'],
      ['2026-04-04T00:00:00Z', '2026-04-06T00:00:00Z'],
      ['2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z'],
      ['2011-12-29T00:00:00Z', '2011-12-31T12:00:00Z'], // Samoa skipped 30 December 2011
      ['1899-12-31T20:00:00Z', '1900-01-01T04:00:00Z'], // local mean time (odd seconds)
    ] as const;
    let compared = 0;
    for (const zone of zones) {
      const reference = intl(zone);
      for (const [from, to] of ranges) {
        for (let t = Date.parse(from); t < Date.parse(to); t += 433_000) {
          const at = new Date(t);
          expect(dateInTimeZone(at, zone), `${zone} ${at.toISOString()}`).toBe(reference.format(at));
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(5000);
  });
});

describe('stockholmMidnight', () => {
  test.each([
    ['2026-01-15', '2026-01-14T23:00:00.000Z'], // CET
    ['2026-06-15', '2026-06-14T22:00:00.000Z'], // CEST
    ['2026-03-29', '2026-03-28T23:00:00.000Z'], // spring-forward day starts in CET
    ['2026-03-30', '2026-03-29T22:00:00.000Z'], // first full CEST day
    ['2026-10-25', '2026-10-24T22:00:00.000Z'], // fall-back day starts in CEST
    ['2026-10-26', '2026-10-25T23:00:00.000Z'], // first full CET day
    ['2024-02-29', '2024-02-28T23:00:00.000Z'],
    ['2000-01-01', '1999-12-31T23:00:00.000Z'],
  ])('%s → %s', (date, iso) => {
    expect(stockholmMidnight(date).toISOString()).toBe(iso);
  });

  it('is the first instant of the local day for every day of 2024–2027', () => {
    let date = '2024-01-01';
    while (date < '2028-01-01') {
      const midnight = stockholmMidnight(date);
      expect(stockholmDate(midnight)).toBe(date);
      expect(stockholmDate(new Date(midnight.getTime() - 1))).toBe(addDays(date, -1));
      date = addDays(date, 1);
    }
  });

  it('days are 23 or 25 hours long only on DST change days', () => {
    const hours = (d: string) =>
      (stockholmMidnight(addDays(d, 1)).getTime() - stockholmMidnight(d).getTime()) / 3_600_000;
    expect(hours('2026-03-29')).toBe(23);
    expect(hours('2026-10-25')).toBe(25);
    expect(hours('2026-03-28')).toBe(24);
    expect(hours('2026-10-26')).toBe(24);
  });

  test.each(['2023-02-29', '2026-13-01', '26-01-01', ''])('throws for %j', (bad) => {
    expect(() => stockholmMidnight(bad)).toThrow(RangeError);
  });

  it('midnightInTimeZone works for other zones', () => {
    expect(midnightInTimeZone('2026-06-15', 'UTC').toISOString()).toBe('2026-06-15T00:00:00.000Z');
    expect(midnightInTimeZone('2026-06-15', 'America/New_York').toISOString()).toBe('2026-06-15T04:00:00.000Z');
    expect(midnightInTimeZone('2026-06-15', 'Asia/Tokyo').toISOString()).toBe('2026-06-14T15:00:00.000Z');
  });
});

describe('ageOn', () => {
  test.each([
    ['2000-06-15', '2026-06-14T12:00:00Z', 25],
    ['2000-06-15', '2026-06-15T12:00:00Z', 26],
    ['2000-06-15', '2026-06-14T22:00:00Z', 26], // 00:00 on the birthday in Stockholm
    ['2000-06-15', '2026-06-14T21:59:59Z', 25],
    ['2000-12-31', '2026-12-31T22:59:59Z', 26],
    ['2000-01-01', '2026-12-31T23:00:00Z', 27], // New Year in Stockholm
    ['2026-06-15', '2026-06-15T12:00:00Z', 0],
    ['1926-06-16', '2026-06-15T12:00:00Z', 99],
    ['1926-06-15', '2026-06-15T12:00:00Z', 100],
  ])('born %s, at %s → %i', (birth, at, age) => {
    expect(ageOn(birth, new Date(at))).toBe(age);
  });

  describe('29 February births turn a year older on 1 March in common years', () => {
    test.each([
      ['2025-02-28T12:00:00Z', 12],
      ['2025-02-28T22:59:59Z', 12], // 23:59 on 28 Feb in Stockholm
      ['2025-02-28T23:00:00Z', 13], // 00:00 on 1 Mar in Stockholm
      ['2025-03-01T12:00:00Z', 13],
      ['2024-02-28T12:00:00Z', 11],
      ['2024-02-29T12:00:00Z', 12], // leap year: birthday on the day itself
      ['2024-03-01T12:00:00Z', 12],
      ['2100-02-28T12:00:00Z', 87], // 2100 is not a leap year
      ['2100-03-01T12:00:00Z', 88],
    ])('born 2012-02-29, at %s → %i', (at, age) => {
      expect(ageOn('2012-02-29', new Date(at))).toBe(age);
    });
  });

  it('uses the given time zone for the calendar date', () => {
    const at = new Date('2026-06-14T22:30:00Z'); // 15 June in Stockholm, 14 June in UTC
    expect(ageOn('2000-06-15', at)).toBe(26);
    expect(ageOn('2000-06-15', at, 'UTC')).toBe(25);
  });

  it('throws for an invalid birth date', () => {
    expect(() => ageOn('2001-02-29', new Date())).toThrow(RangeError);
  });
});

describe('birthdayDate / birthdayInstant', () => {
  test.each([
    ['2013-06-15', 13, '2026-06-15', '2026-06-14T22:00:00.000Z'],
    ['2013-01-10', 13, '2026-01-10', '2026-01-09T23:00:00.000Z'],
    ['2012-02-29', 13, '2025-03-01', '2025-02-28T23:00:00.000Z'],
    ['2012-02-29', 12, '2024-02-29', '2024-02-28T23:00:00.000Z'],
    ['2013-03-29', 13, '2026-03-29', '2026-03-28T23:00:00.000Z'], // DST day, still CET at midnight
    ['2013-10-25', 13, '2026-10-25', '2026-10-24T22:00:00.000Z'], // DST day, still CEST at midnight
    ['2000-01-01', 0, '2000-01-01', '1999-12-31T23:00:00.000Z'],
  ])('born %s turns %i on %s at %s', (birth, years, date, iso) => {
    expect(birthdayDate(birth, years)).toBe(date);
    expect(birthdayInstant(birth, years).toISOString()).toBe(iso);
  });

  it('agrees with ageOn: one millisecond before the instant the age is one lower', () => {
    for (const birth of ['2012-02-29', '2013-03-29', '2013-10-25', '1990-12-31', '2001-01-01']) {
      for (const years of [1, 4, 13, 18, 50]) {
        const instant = birthdayInstant(birth, years);
        expect(ageOn(birth, instant)).toBe(years);
        expect(ageOn(birth, new Date(instant.getTime() - 1))).toBe(years - 1);
      }
    }
  });
});
