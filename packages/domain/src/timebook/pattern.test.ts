import { describe, expect, it, test } from 'vitest';
import { countPatternSlots, generateSlots, type SlotPattern, validatePattern } from './pattern.js';

/** Weekdays 08:00–16:00 every 10 minutes, 3 places, in a CET week. */
function pattern(over: Partial<SlotPattern> = {}): SlotPattern {
  return {
    startDate: '2026-02-02', // Monday
    endDate: '2026-02-08', // Sunday
    weekdays: [1, 2, 3, 4, 5],
    dayStart: '08:00',
    dayEnd: '16:00',
    intervalMinutes: 10,
    durationMinutes: 10,
    places: 3,
    skipPublicHolidays: true,
    ...over,
  };
}

describe('validatePattern', () => {
  it('accepts a normal pattern', () => {
    expect(validatePattern(pattern())).toBeNull();
  });

  test.each<[string, Partial<SlotPattern>, string]>([
    ['end time before start', { dayStart: '16:00', dayEnd: '08:00' }, 'dayEnd'],
    ['end time equal to start', { dayEnd: '08:00' }, 'dayEnd'],
    ['malformed start time', { dayStart: '8:00' }, 'dayStart'],
    ['malformed end time', { dayEnd: '16.00' }, 'dayEnd'],
    ['end date before start date', { endDate: '2026-02-01' }, 'endDate'],
    ['span of 367 days', { endDate: '2027-02-03' }, 'endDate'],
    ['invalid start date', { startDate: '2026-02-30' }, 'startDate'],
    ['invalid end date', { endDate: 'tomorrow' }, 'endDate'],
    ['no weekdays', { weekdays: [] }, 'weekdays'],
    ['weekday 0', { weekdays: [0, 1] }, 'weekdays'],
    ['weekday 8', { weekdays: [8] }, 'weekdays'],
    ['interval 0', { intervalMinutes: 0 }, 'intervalMinutes'],
    ['fractional interval', { intervalMinutes: 2.5 }, 'intervalMinutes'],
    ['duration 0', { durationMinutes: 0 }, 'durationMinutes'],
    ['duration longer than the day', { dayEnd: '08:30', durationMinutes: 45 }, 'durationMinutes'],
    ['places 0', { places: 0 }, 'places'],
    ['places negative', { places: -2 }, 'places'],
    ['break ending before it starts', { breaks: [{ start: '12:00', end: '11:00' }] }, 'breaks'],
    ['malformed break', { breaks: [{ start: 'lunch', end: '13:00' }] }, 'breaks'],
    ['malformed excluded date', { excludeDates: ['2026-02-31'] }, 'excludeDates'],
  ])('refuses %s (field %s)', (_name, over, field) => {
    const errors = validatePattern(pattern(over));
    expect(errors).not.toBeNull();
    expect(Object.keys(errors ?? {})).toContain(field);
    expect(errors?.[field]).toMatch(/\S/);
  });

  it('uses the Swedish message for an end time before the start', () => {
    expect(validatePattern(pattern({ dayStart: '16:00', dayEnd: '08:00' }))).toEqual({
      dayEnd: 'Sluttiden måste vara efter starttiden.',
    });
  });

  it('accepts exactly 366 days', () => {
    expect(validatePattern(pattern({ startDate: '2027-01-01', endDate: '2028-01-01' }))).toBeNull();
  });

  it('refuses more than maxSlots, allows exactly maxSlots', () => {
    const p = pattern(); // 5 days × 48 slots
    expect(countPatternSlots(p)).toBe(240);
    expect(validatePattern(p, { maxSlots: 240 })).toBeNull();
    expect(validatePattern(p, { maxSlots: 239 })?.pattern).toContain('240');
  });

  it('refuses more than 20 000 slots by default', () => {
    const p = pattern({
      startDate: '2026-01-01',
      endDate: '2026-12-31',
      weekdays: [1, 2, 3, 4, 5, 6, 7],
      intervalMinutes: 1,
      durationMinutes: 1,
    });
    expect(validatePattern(p)?.pattern).toMatch(/högst 20000/);
  });

  it('refuses a pattern that creates no slots', () => {
    expect(
      validatePattern(pattern({ weekdays: [6, 7], startDate: '2026-02-02', endDate: '2026-02-06' }))?.pattern,
    ).toMatch(/inga tider/);
  });

  it('refuses a start date before today only when today is given', () => {
    expect(validatePattern(pattern(), { today: '2026-02-03' })?.startDate).toBeDefined();
    expect(validatePattern(pattern(), { today: '2026-02-02' })).toBeNull();
    expect(validatePattern(pattern())).toBeNull();
  });

  it('reports several fields at once', () => {
    expect(Object.keys(validatePattern(pattern({ places: 0, intervalMinutes: 0 })) ?? {}).sort()).toEqual([
      'intervalMinutes',
      'places',
    ]);
  });
});

describe('generateSlots', () => {
  it('creates the weekday grid, last slot ending exactly at dayEnd', () => {
    const slots = generateSlots(pattern());
    expect(slots).toHaveLength(5 * 48);
    expect(slots[0]).toEqual({
      start: new Date('2026-02-02T07:00:00Z'),
      end: new Date('2026-02-02T07:10:00Z'),
      places: 3,
      localDate: '2026-02-02',
      localTime: '08:00',
    });
    const last = slots.at(-1);
    expect([last?.localDate, last?.localTime]).toEqual(['2026-02-06', '15:50']);
    expect(last?.end.toISOString()).toBe('2026-02-06T15:00:00.000Z'); // 16:00 CET
    expect(new Set(slots.map((s) => s.localDate)).size).toBe(5);
  });

  it('leaves out a slot that would end after dayEnd', () => {
    const slots = generateSlots(
      pattern({ endDate: '2026-02-02', dayEnd: '09:00', intervalMinutes: 25, durationMinutes: 20 }),
    );
    expect(slots.map((s) => s.localTime)).toEqual(['08:00', '08:25']); // 08:50 would end 09:10
  });

  it('leaves out slots overlapping a break, keeps ones touching it', () => {
    const slots = generateSlots(
      pattern({
        endDate: '2026-02-02',
        dayStart: '11:00',
        dayEnd: '14:00',
        intervalMinutes: 30,
        durationMinutes: 30,
        breaks: [{ start: '12:00', end: '13:00' }],
      }),
    );
    expect(slots.map((s) => s.localTime)).toEqual(['11:00', '11:30', '13:00', '13:30']);
  });

  it('a break not on the grid removes every slot it overlaps', () => {
    const slots = generateSlots(
      pattern({
        endDate: '2026-02-02',
        dayStart: '11:00',
        dayEnd: '13:00',
        intervalMinutes: 20,
        durationMinutes: 20,
        breaks: [{ start: '11:50', end: '12:10' }],
      }),
    );
    expect(slots.map((s) => s.localTime)).toEqual(['11:00', '11:20', '12:20', '12:40']);
  });

  it('skips public holidays only when asked', () => {
    // Week of Easter 2026: långfredagen 3 April, annandag påsk 6 April.
    const week = { startDate: '2026-03-30', endDate: '2026-04-06', dayEnd: '08:10' };
    const skipping = generateSlots(pattern({ ...week, skipPublicHolidays: true })).map((s) => s.localDate);
    expect(skipping).toEqual(['2026-03-30', '2026-03-31', '2026-04-01', '2026-04-02']);
    const keeping = generateSlots(pattern({ ...week, skipPublicHolidays: false })).map((s) => s.localDate);
    expect(keeping).toEqual(['2026-03-30', '2026-03-31', '2026-04-01', '2026-04-02', '2026-04-03', '2026-04-06']);
  });

  it('skips midsommarafton 2026 (Friday 19 June)', () => {
    const dates = generateSlots(pattern({ startDate: '2026-06-15', endDate: '2026-06-21', dayEnd: '08:10' })).map(
      (s) => s.localDate,
    );
    expect(dates).toEqual(['2026-06-15', '2026-06-16', '2026-06-17', '2026-06-18']);
  });

  it('skips excluded dates and respects the weekday list', () => {
    const dates = generateSlots(pattern({ weekdays: [1, 3, 7], excludeDates: ['2026-02-04'], dayEnd: '08:10' })).map(
      (s) => s.localDate,
    );
    expect(dates).toEqual(['2026-02-02', '2026-02-08']);
  });

  it('allows 24:00 as the end of the day', () => {
    const slots = generateSlots(
      pattern({ endDate: '2026-02-02', dayStart: '23:00', dayEnd: '24:00', intervalMinutes: 30, durationMinutes: 30 }),
    );
    expect(slots.map((s) => [s.localTime, s.end.toISOString()])).toEqual([
      ['23:00', '2026-02-02T22:30:00.000Z'],
      ['23:30', '2026-02-02T23:00:00.000Z'], // 00:00 CET the next day
    ]);
  });

  it('throws for an invalid pattern', () => {
    expect(() => generateSlots(pattern({ places: 0 }))).toThrow(RangeError);
  });

  it('is not capped by the default maxSlots (the caller validates its own cap)', () => {
    const p = pattern({
      startDate: '2026-01-05',
      endDate: '2026-03-01',
      weekdays: [1, 2, 3, 4, 5, 6, 7],
      dayStart: '00:00',
      dayEnd: '12:00',
      intervalMinutes: 2,
      durationMinutes: 2,
      skipPublicHolidays: false,
    });
    expect(generateSlots(p)).toHaveLength(56 * 360);
  });
});
