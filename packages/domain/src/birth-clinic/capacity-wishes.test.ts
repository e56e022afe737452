import { describe, expect, test } from 'vitest';
import { plannedWeekCapacity, weekCapacity } from './capacity.js';
import { checkWishes } from './wishes.js';

describe('weekly capacity from the yearly plan', () => {
  test('spreads the year evenly; the remainder goes to the first weeks', () => {
    // 2027 has 52 ISO weeks: 6700 = 52 × 128 + 44.
    expect(plannedWeekCapacity(6700, 2027, 1)).toBe(129);
    expect(plannedWeekCapacity(6700, 2027, 44)).toBe(129);
    expect(plannedWeekCapacity(6700, 2027, 45)).toBe(128);
    let sum = 0;
    for (let w = 1; w <= 52; w++) sum += plannedWeekCapacity(6700, 2027, w);
    expect(sum).toBe(6700);
  });

  test('a closed week takes none; an adjusted week uses its number; no plan means none', () => {
    expect(weekCapacity('2027-W28', 6700, { capacity: 50, closed: true })).toBe(0);
    expect(weekCapacity('2027-W28', 6700, { capacity: 50, closed: false })).toBe(50);
    expect(weekCapacity('2027-W50', 6700, { capacity: null, closed: false })).toBe(128);
    expect(weekCapacity('2027-W28', 6700, undefined)).toBe(129);
    expect(weekCapacity('2027-W28', null, undefined)).toBe(0);
  });
});

describe('wish lists', () => {
  const clinics = { known: new Set(['a', 'b', 'c', 'd']), openInWeek: new Set(['a', 'b', 'c']) };
  test.each([
    [[], []],
    [['a', 'b', 'c'], []],
    [['a', 'a'], [{ index: 1, error: 'duplicate' }]],
    [['a', 'x'], [{ index: 1, error: 'unknown_clinic' }]],
    [['d'], [{ index: 0, error: 'clinic_closed_that_week' }]],
    [
      ['a', 'b', 'c', 'd'],
      [
        { index: 3, error: 'too_many' },
        { index: 3, error: 'clinic_closed_that_week' },
      ],
    ],
  ])('%j → %j', (ids, problems) => {
    expect(checkWishes(ids, clinics)).toEqual(problems);
  });
});
