/**
 * Daylight saving: 29 March 2026 (02:00 CET → 03:00 CEST) and
 * 25 October 2026 (03:00 CEST → 02:00 CET). Wall-clock times must stay put,
 * non-existent ones are skipped, doubled ones appear once.
 */
import { describe, expect, it } from 'vitest';
import { stockholmWallClock } from './local-time.js';
import { generateSlots, type SlotPattern } from './pattern.js';

function pattern(over: Partial<SlotPattern>): SlotPattern {
  return {
    startDate: '2026-03-27',
    endDate: '2026-10-27',
    weekdays: [1, 2, 3, 4, 5, 6, 7],
    dayStart: '08:00',
    dayEnd: '09:00',
    intervalMinutes: 60,
    durationMinutes: 60,
    places: 1,
    skipPublicHolidays: false,
    ...over,
  };
}

const NIGHT = { dayStart: '00:00', dayEnd: '04:00', intervalMinutes: 30, durationMinutes: 30 };
const NIGHT_TIMES = ['00:00', '00:30', '01:00', '01:30', '02:00', '02:30', '03:00', '03:30'];

function on(slots: ReturnType<typeof generateSlots>, date: string) {
  return slots.filter((s) => s.localDate === date).map((s) => [s.localTime, s.start.toISOString()]);
}

describe('daytime slots keep their wall-clock time across both changes', () => {
  const slots = generateSlots(pattern({}));

  it('08:00 is 07:00Z in winter and 06:00Z in summer', () => {
    expect(slots.length).toBe(215);
    const byDate = new Map(slots.map((s) => [s.localDate, s.start.toISOString()]));
    expect(byDate.get('2026-03-28')).toBe('2026-03-28T07:00:00.000Z');
    expect(byDate.get('2026-03-29')).toBe('2026-03-29T06:00:00.000Z');
    expect(byDate.get('2026-03-30')).toBe('2026-03-30T06:00:00.000Z');
    expect(byDate.get('2026-10-24')).toBe('2026-10-24T06:00:00.000Z');
    expect(byDate.get('2026-10-25')).toBe('2026-10-25T07:00:00.000Z');
    expect(byDate.get('2026-10-26')).toBe('2026-10-26T07:00:00.000Z');
  });

  it('every slot reads 08:00 on its own date in Stockholm', () => {
    for (const s of slots) {
      const w = stockholmWallClock(s.start);
      expect([w.date, w.time]).toEqual([s.localDate, '08:00']);
      expect(s.end.getTime() - s.start.getTime()).toBe(3_600_000);
    }
  });
});

describe('night pattern 00:00–04:00 every 30 minutes', () => {
  const slots = generateSlots(pattern(NIGHT));

  it('on 29 March, 02:00 and 02:30 do not exist and are skipped, not shifted', () => {
    expect(on(slots, '2026-03-29')).toEqual([
      ['00:00', '2026-03-28T23:00:00.000Z'],
      ['00:30', '2026-03-28T23:30:00.000Z'],
      ['01:00', '2026-03-29T00:00:00.000Z'],
      ['01:30', '2026-03-29T00:30:00.000Z'],
      ['03:00', '2026-03-29T01:00:00.000Z'],
      ['03:30', '2026-03-29T01:30:00.000Z'],
    ]);
  });

  it('on 25 October, 02:00 and 02:30 happen twice but yield one slot each (the first)', () => {
    expect(on(slots, '2026-10-25')).toEqual([
      ['00:00', '2026-10-24T22:00:00.000Z'],
      ['00:30', '2026-10-24T22:30:00.000Z'],
      ['01:00', '2026-10-24T23:00:00.000Z'],
      ['01:30', '2026-10-24T23:30:00.000Z'],
      ['02:00', '2026-10-25T00:00:00.000Z'],
      ['02:30', '2026-10-25T00:30:00.000Z'],
      ['03:00', '2026-10-25T02:00:00.000Z'],
      ['03:30', '2026-10-25T02:30:00.000Z'],
    ]);
  });

  it('the days around the changes are ordinary', () => {
    for (const date of ['2026-03-28', '2026-03-30', '2026-10-24', '2026-10-26']) {
      expect(on(slots, date).map(([t]) => t)).toEqual(NIGHT_TIMES);
    }
  });

  it('over the whole span: 8 slots a day except 6 on 29 March, none doubled, all at their wall-clock time', () => {
    const perDate = new Map<string, number>();
    for (const s of slots) perDate.set(s.localDate, (perDate.get(s.localDate) ?? 0) + 1);
    expect(perDate.size).toBe(215);
    for (const [date, n] of perDate) expect(n, date).toBe(date === '2026-03-29' ? 6 : 8);
    expect(slots.length).toBe(215 * 8 - 2);

    const starts = slots.map((s) => s.start.getTime());
    expect(new Set(starts).size).toBe(starts.length);
    const localKeys = slots.map((s) => `${s.localDate} ${s.localTime}`);
    expect(new Set(localKeys).size).toBe(localKeys.length);
    for (let i = 1; i < starts.length; i++) expect(starts[i]).toBeGreaterThan(starts[i - 1]!);
    for (const s of slots) {
      const w = stockholmWallClock(s.start);
      expect(`${w.date} ${w.time}`).toBe(`${s.localDate} ${s.localTime}`);
    }
  });

  it('a 10-minute grid loses exactly the six gap times in March and doubles none in October', () => {
    const tenMin = generateSlots(
      pattern({ ...NIGHT, intervalMinutes: 10, durationMinutes: 10, startDate: '2026-03-29', endDate: '2026-03-29' }),
    );
    expect(tenMin).toHaveLength(24 - 6);
    expect(tenMin.some((s) => s.localTime.startsWith('02:'))).toBe(false);
    const october = generateSlots(
      pattern({ ...NIGHT, intervalMinutes: 10, durationMinutes: 10, startDate: '2026-10-25', endDate: '2026-10-25' }),
    );
    expect(october).toHaveLength(24);
    expect(october.filter((s) => s.localTime === '02:10').map((s) => s.start.toISOString())).toEqual([
      '2026-10-25T00:10:00.000Z',
    ]);
  });

  it('durations are real elapsed time across the gap', () => {
    const long = generateSlots(
      pattern({
        dayStart: '01:00',
        dayEnd: '04:00',
        intervalMinutes: 60,
        durationMinutes: 60,
        startDate: '2026-03-29',
        endDate: '2026-03-29',
      }),
    );
    expect(long.map((s) => [s.localTime, s.end.toISOString()])).toEqual([
      ['01:00', '2026-03-29T01:00:00.000Z'], // ends 03:00 CEST, one hour later
      ['03:00', '2026-03-29T02:00:00.000Z'],
    ]);
  });
});
