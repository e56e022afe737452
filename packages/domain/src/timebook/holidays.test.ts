import { describe, expect, it, test } from 'vitest';
import {
  easterSunday,
  isoWeekday,
  isSwedishPublicHoliday,
  swedishHolidayName,
  swedishPublicHolidays,
} from './holidays.js';

describe('easterSunday', () => {
  test.each([
    [2019, '2019-04-21'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2028, '2028-04-16'],
    [2038, '2038-04-25'], // latest possible
    [2285, '2285-03-22'], // earliest possible
  ])('%i → %s', (year, date) => {
    expect(easterSunday(year)).toBe(date);
  });
});

describe('swedishPublicHolidays', () => {
  it('lists 2026 in date order', () => {
    expect(swedishPublicHolidays(2026)).toEqual([
      { date: '2026-01-01', name: 'Nyårsdagen' },
      { date: '2026-01-06', name: 'Trettondedag jul' },
      { date: '2026-04-03', name: 'Långfredagen' },
      { date: '2026-04-05', name: 'Påskdagen' },
      { date: '2026-04-06', name: 'Annandag påsk' },
      { date: '2026-05-01', name: 'Första maj' },
      { date: '2026-05-14', name: 'Kristi himmelsfärds dag' },
      { date: '2026-05-24', name: 'Pingstdagen' },
      { date: '2026-06-06', name: 'Sveriges nationaldag' },
      { date: '2026-06-19', name: 'Midsommarafton' },
      { date: '2026-06-20', name: 'Midsommardagen' },
      { date: '2026-10-31', name: 'Alla helgons dag' },
      { date: '2026-12-24', name: 'Julafton' },
      { date: '2026-12-25', name: 'Juldagen' },
      { date: '2026-12-26', name: 'Annandag jul' },
      { date: '2026-12-31', name: 'Nyårsafton' },
    ]);
  });

  test.each([
    [2025, 'Midsommarafton', '2025-06-20'],
    [2027, 'Midsommarafton', '2027-06-25'], // latest possible
    [2027, 'Midsommardagen', '2027-06-26'],
    [2025, 'Alla helgons dag', '2025-11-01'],
    [2027, 'Alla helgons dag', '2027-11-06'], // latest possible
    [2027, 'Långfredagen', '2027-03-26'],
    [2027, 'Annandag påsk', '2027-03-29'],
    [2027, 'Kristi himmelsfärds dag', '2027-05-06'],
  ])('%i %s is %s', (year, name, date) => {
    expect(swedishPublicHolidays(year).find((h) => h.name === name)?.date).toBe(date);
  });

  it('puts midsommar and alla helgon on Friday/Saturday for many years', () => {
    for (let year = 2000; year <= 2100; year++) {
      const list = swedishPublicHolidays(year);
      const get = (name: string) => list.find((h) => h.name === name)?.date ?? '';
      expect(isoWeekday(get('Midsommarafton'))).toBe(5);
      expect(isoWeekday(get('Midsommardagen'))).toBe(6);
      expect(isoWeekday(get('Alla helgons dag'))).toBe(6);
      expect(isoWeekday(get('Påskdagen'))).toBe(7);
      expect(list).toHaveLength(16);
    }
  });

  it('returns copies, so callers cannot corrupt the cache', () => {
    const first = swedishPublicHolidays(2030);
    first[0]!.date = 'broken';
    first.pop();
    expect(swedishPublicHolidays(2030)[0]?.date).toBe('2030-01-01');
    expect(swedishPublicHolidays(2030)).toHaveLength(16);
  });
});

describe('isSwedishPublicHoliday', () => {
  test.each([
    ['2026-04-03', true],
    ['2026-04-04', false], // påskafton is not in the list
    ['2026-06-19', true],
    ['2026-06-18', false],
    ['2026-12-24', true],
    ['2026-03-29', false],
    ['2026-02-30', false],
    ['nonsense', false],
  ])('%s → %s', (date, expected) => {
    expect(isSwedishPublicHoliday(date)).toBe(expected);
  });

  it('names the holiday', () => {
    expect(swedishHolidayName('2026-06-06')).toBe('Sveriges nationaldag');
    expect(swedishHolidayName('2026-06-07')).toBeNull();
  });
});

describe('isoWeekday', () => {
  test.each([
    ['2026-03-29', 7],
    ['2026-03-30', 1],
    ['2026-01-01', 4],
    ['2000-02-29', 2],
  ])('%s → %i', (date, wd) => {
    expect(isoWeekday(date)).toBe(wd);
  });
});
