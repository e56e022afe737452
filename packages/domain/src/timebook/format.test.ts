import { expect, test } from 'vitest';
import { formatCalendarDate, formatStockholmDate, formatStockholmDateTime, formatStockholmTime } from './format.js';

test.each([
  ['2026-05-03T06:00:00Z', '3 maj kl. 08.00', '3 May at 08:00', '3 maj 2026', '3 May 2026'],
  ['2026-01-14T23:05:00Z', '15 januari kl. 00.05', '15 January at 00:05', '15 januari 2026', '15 January 2026'],
  ['2026-10-25T00:30:00Z', '25 oktober kl. 02.30', '25 October at 02:30', '25 oktober 2026', '25 October 2026'],
  ['2026-10-25T01:30:00Z', '25 oktober kl. 02.30', '25 October at 02:30', '25 oktober 2026', '25 October 2026'],
  ['2026-12-31T23:00:00Z', '1 januari kl. 00.00', '1 January at 00:00', '1 januari 2027', '1 January 2027'],
  ['2026-08-20T12:45:59Z', '20 augusti kl. 14.45', '20 August at 14:45', '20 augusti 2026', '20 August 2026'],
])('%s → %s / %s', (iso, sv, en, svDate, enDate) => {
  const at = new Date(iso);
  expect(formatStockholmDateTime(at)).toBe(sv);
  expect(formatStockholmDateTime(at, 'sv')).toBe(sv);
  expect(formatStockholmDateTime(at, 'en')).toBe(en);
  expect(formatStockholmDate(at)).toBe(svDate);
  expect(formatStockholmDate(at, 'en')).toBe(enDate);
});

test('formatStockholmTime', () => {
  expect(formatStockholmTime(new Date('2026-05-03T06:00:00Z'))).toBe('08.00');
  expect(formatStockholmTime(new Date('2026-05-03T06:00:00Z'), 'en')).toBe('08:00');
});

test.each([
  ['2026-02-14', 'sv', false, '14 februari'],
  ['2026-02-14', 'en', false, '14 February'],
  ['2026-12-01', 'sv', true, '1 december 2026'],
  ['2026-03-09', 'en', true, '9 March 2026'],
] as const)('formatCalendarDate(%s, %s, %s) → %s', (date, locale, withYear, out) => {
  expect(formatCalendarDate(date, locale, withYear)).toBe(out);
});

test('throws for bad input', () => {
  expect(() => formatStockholmDateTime(new Date(Number.NaN))).toThrow(RangeError);
  expect(() => formatCalendarDate('2026-02-30')).toThrow(RangeError);
});
