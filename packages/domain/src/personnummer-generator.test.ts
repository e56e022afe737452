import { describe, expect, it, test } from 'vitest';
import { ageOn } from './age.js';
import { addDays } from './calendar-date.js';
import { parsePersonnummer } from './personnummer.js';
import {
  generatePersonnummer,
  syntheticPersonnummer,
  syntheticPersonnummerCapacity,
} from './personnummer-generator.js';

const TODAY = new Date('2026-06-15T10:00:00Z');

describe('generatePersonnummer', () => {
  it('round-trips through the parser for many dates, serials, sexes and both number kinds', () => {
    let checked = 0;
    for (let i = 0; i < 1500; i++) {
      const birthDate = addDays('1900-01-01', i * 31 + (i % 7)); // walks to ~2027 over varied days
      if (birthDate > '2026-06-15') break;
      for (const sex of ['female', 'male'] as const) {
        for (const samordningsnummer of [false, true]) {
          const serial = (i * 37) % 1000;
          const n = generatePersonnummer({ birthDate, serial, sex, samordningsnummer });
          expect(n).toMatch(/^\d{12}$/);
          const r = parsePersonnummer(n, TODAY);
          if (!r.ok) throw new Error(`${n} (${birthDate}) rejected: ${r.error}`);
          expect(r.value).toEqual({ normalized: n, birthDate, samordningsnummer, sex });
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(5000);
  });

  it('covers every leap day since 1904 and month ends', () => {
    for (let y = 1904; y <= 2024; y += 4) {
      const n = generatePersonnummer({ birthDate: `${y}-02-29` });
      expect(parsePersonnummer(n, TODAY).ok).toBe(true);
    }
    for (const d of ['1999-12-31', '2000-01-31', '2001-04-30', '2023-02-28']) {
      expect(parsePersonnummer(generatePersonnummer({ birthDate: d, samordningsnummer: true }), TODAY).ok).toBe(true);
    }
  });

  test.each([
    [undefined, undefined, '001'],
    [1, 'male', '001'],
    [1, 'female', '000'],
    [0, 'male', '001'],
    [998, 'male', '999'],
    [999, 'female', '998'],
    [42, 'female', '042'],
    [42, undefined, '042'],
    [7, 'male', '007'],
  ] as const)('serial %s with sex %s → birth number %s', (serial, sex, expected) => {
    const n = generatePersonnummer({ birthDate: '1985-07-14', serial, sex });
    expect(n.slice(8, 11)).toBe(expected);
  });

  it('adds 60 to the day for a samordningsnummer', () => {
    expect(generatePersonnummer({ birthDate: '1985-07-14', samordningsnummer: true }).slice(0, 8)).toBe('19850774');
  });

  test.each([
    [{ birthDate: '2023-02-29' }],
    [{ birthDate: '1985-7-14' }],
    [{ birthDate: 'yesterday' }],
    [{ birthDate: '1799-12-31' }],
    [{ birthDate: '1985-07-14', serial: 1000 }],
    [{ birthDate: '1985-07-14', serial: -1 }],
    [{ birthDate: '1985-07-14', serial: 1.5 }],
  ])('throws a RangeError for %j', (opts) => {
    expect(() => generatePersonnummer(opts)).toThrow(RangeError);
  });
});

describe('syntheticPersonnummer', () => {
  it('is deterministic', () => {
    expect(syntheticPersonnummer(12345, { today: TODAY })).toBe(syntheticPersonnummer(12345, { today: TODAY }));
  });

  it('has a capacity of ~36.9 million with the defaults (ages 0–100)', () => {
    const capacity = syntheticPersonnummerCapacity({ today: TODAY });
    expect(capacity).toBeGreaterThan(36_000_000);
    expect(capacity % 999).toBe(0);
    expect(syntheticPersonnummerCapacity()).toBeGreaterThan(2_000_000);
  });

  it('gives 200 000 distinct numbers for 200 000 seeds', () => {
    const seen = new Set<string>();
    for (let seed = 0; seed < 200_000; seed++) seen.add(syntheticPersonnummer(seed, { today: TODAY }));
    expect(seen.size).toBe(200_000);
  });

  it('gives distinct numbers around the 2 million mark and at the end of the capacity', () => {
    const capacity = syntheticPersonnummerCapacity({ today: TODAY });
    const seen = new Set<string>();
    const ranges = [
      [1_990_000, 2_010_000],
      [capacity - 10_000, capacity],
    ] as const;
    for (const [from, to] of ranges) {
      for (let seed = from; seed < to; seed++) seen.add(syntheticPersonnummer(seed, { today: TODAY }));
    }
    expect(seen.size).toBe(30_000);
  });

  it('produces valid numbers whose holders are aged 0–100', () => {
    const capacity = syntheticPersonnummerCapacity({ today: TODAY });
    const seeds = [0, 1, 2, capacity - 1, capacity - 2];
    for (let i = 0; i < 5000; i++) seeds.push((i * 7_368_787) % capacity);
    for (const seed of seeds) {
      const r = parsePersonnummer(syntheticPersonnummer(seed, { today: TODAY }), TODAY);
      if (!r.ok) throw new Error(`seed ${seed} gave an invalid number`);
      expect(r.value.samordningsnummer).toBe(false);
      const age = ageOn(r.value.birthDate, TODAY);
      expect(age).toBeGreaterThanOrEqual(0);
      expect(age).toBeLessThanOrEqual(100);
    }
  });

  it('spreads consecutive seeds over ages and both sexes', () => {
    const ages = new Set<number>();
    const sexes = { female: 0, male: 0 };
    for (let seed = 0; seed < 2000; seed++) {
      const r = parsePersonnummer(syntheticPersonnummer(seed, { today: TODAY }), TODAY);
      if (!r.ok) throw new Error('invalid');
      ages.add(ageOn(r.value.birthDate, TODAY));
      sexes[r.value.sex]++;
    }
    expect(ages.size).toBe(101);
    expect(sexes.female).toBeGreaterThan(900);
    expect(sexes.male).toBeGreaterThan(900);
  });

  test.each([
    [18, 18, TODAY],
    [0, 0, TODAY],
    [13, 17, TODAY],
    [1, 1, new Date('2028-02-29T12:00:00Z')], // leap day: 28 Feb 2027 is the latest age-1 birth date
    [4, 4, new Date('2028-02-29T12:00:00Z')],
    [65, 100, new Date('2027-03-01T12:00:00Z')],
  ])('respects minAge %i, maxAge %i on %s', (minAge, maxAge, today) => {
    const opts = { minAge, maxAge, today };
    const capacity = syntheticPersonnummerCapacity(opts);
    expect(capacity).toBeGreaterThan(0);
    const seeds = [0, capacity - 1];
    for (let i = 1; i < 3000; i++) seeds.push(Math.floor((i * capacity) / 3000));
    const dates = new Set<string>();
    for (const seed of seeds) {
      const r = parsePersonnummer(syntheticPersonnummer(seed, opts), today);
      if (!r.ok) throw new Error(`seed ${seed} invalid`);
      const age = ageOn(r.value.birthDate, today);
      expect(age).toBeGreaterThanOrEqual(minAge);
      expect(age).toBeLessThanOrEqual(maxAge);
      dates.add(r.value.birthDate);
    }
    // Every day of a one-year range is used for the first `days` seeds.
    if (minAge === maxAge) expect(dates.size).toBeGreaterThanOrEqual(capacity / 999 - 1);
  });

  it('uses both edges of the date range (someone turning maxAge + 1 tomorrow, someone born today)', () => {
    const opts = { today: TODAY };
    const days = syntheticPersonnummerCapacity(opts) / 999;
    const dates = new Set<string>();
    for (let seed = 0; seed < days; seed++) {
      dates.add(syntheticPersonnummer(seed, opts).slice(0, 8));
    }
    expect(dates.size).toBe(days);
    expect(dates.has('19250616')).toBe(true); // 100 today, 101 tomorrow
    expect(dates.has('19250615')).toBe(false); // 101 today
    expect(dates.has('20260615')).toBe(true); // born today
  });

  test.each([-1, 1.5, Number.NaN, 40_000_000])('throws for seed %s', (seed) => {
    expect(() => syntheticPersonnummer(seed, { today: TODAY })).toThrow(RangeError);
  });

  test.each([[{ minAge: -1 }], [{ minAge: 10, maxAge: 5 }], [{ maxAge: 1.5 }], [{ maxAge: 300 }]])(
    'throws for options %j',
    (opts) => {
      expect(() => syntheticPersonnummer(0, { ...opts, today: TODAY })).toThrow(RangeError);
    },
  );
});
