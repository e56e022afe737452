/**
 * One way to write a date or a time in the whole web app (issue 19, item 3):
 * web/src/ui/datetime.ts writes "14 mars 2026 kl. 10.32" / "14 March 2026 at
 * 10:32" on Stockholm's clock, and no other file under web/src formats a date
 * on its own (Intl.DateTimeFormat, toLocale…String, a hand-made "kl.", the
 * device's hours and minutes).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  capitalize,
  displayLanguage,
  formatCalendarDay,
  formatClock,
  formatDate,
  formatDateTime,
  formatMoment,
  formatUntil,
  formatWallClock,
  nextStockholmTime,
  stockholmClock,
  stockholmIsoInstant,
  todayInStockholm,
} from '../../web/src/ui/datetime.js';

describe('the web formatter', () => {
  // 09:32 UTC in March is 10:32 in Stockholm (CET).
  const winter = '2026-03-14T09:32:00Z';
  // 08:05 UTC in May is 10:05 in Stockholm (CEST).
  const summer = '2026-05-04T08:05:00Z';

  test('date and time: Swedish with "kl." and a period, English with "at" and a colon', () => {
    expect(formatDateTime(winter, 'sv')).toBe('14 mars 2026 kl. 10.32');
    expect(formatDateTime(winter, 'en')).toBe('14 March 2026 at 10:32');
    expect(formatDateTime(summer, 'sv', { weekday: true, year: false })).toBe('måndag 4 maj kl. 10.05');
    expect(formatDateTime(summer, 'en-GB', { weekday: true })).toBe('Monday 4 May 2026 at 10:05');
  });

  test('the clock is Stockholm’s, across the turn of the day and daylight saving', () => {
    expect(formatClock(winter, 'sv')).toBe('10.32');
    expect(formatClock(new Date(summer), 'en')).toBe('10:05');
    // 23:30 UTC on 31 December is already New Year's Day in Stockholm.
    expect(formatDate('2026-12-31T23:30:00Z', 'sv')).toBe('1 januari 2027');
    expect(stockholmClock('2026-12-31T23:30:00Z')).toBe('00:30');
  });

  test('calendar dates, weekdays and wall-clock times', () => {
    expect(formatCalendarDay('2026-05-04', 'sv')).toBe('4 maj 2026');
    expect(formatCalendarDay('2026-05-10', 'sv', { weekday: true, year: false })).toBe('söndag 10 maj');
    expect(formatCalendarDay('2026-05-10', 'en', { weekday: true })).toBe('Sunday 10 May 2026');
    expect(formatWallClock('08:00', 'sv')).toBe('08.00');
    expect(formatWallClock('08:00', 'en')).toBe('08:00');
    expect(capitalize(formatCalendarDay('2026-05-04', 'sv', { weekday: true }))).toBe('Måndag 4 maj 2026');
  });

  test('a moment: the time alone today, the day this year, the year before that', () => {
    const now = new Date('2026-05-04T18:00:00Z');
    expect(formatMoment(summer, 'sv', now)).toBe('10.05');
    expect(formatMoment(winter, 'sv', now)).toBe('14 mars kl. 10.32');
    expect(formatMoment('2025-12-24T14:00:00Z', 'en', now)).toBe('24 December 2025 at 15:00');
  });

  test('an end time: the time today, "i morgon" the day after, the date further on', () => {
    // 22:30 UTC on 7 December is 23:30 in Stockholm.
    const now = new Date('2026-12-07T22:30:00Z');
    expect(formatUntil('2026-12-07T22:59:00Z', 'sv', now)).toBe('kl. 23.59');
    expect(formatUntil('2026-12-07T22:59:00Z', 'en', now)).toBe('23:59');
    // 23:30 UTC is already 8 December in Stockholm.
    expect(formatUntil('2026-12-07T23:30:00Z', 'sv', now)).toBe('i morgon kl. 00.30');
    expect(formatUntil('2026-12-08T00:30:00Z', 'en', now)).toBe('tomorrow at 01:30');
    expect(formatUntil('2026-12-09T08:00:00Z', 'sv', now)).toBe('9 december kl. 09.00');
  });

  test('a close time is the next time the Stockholm clock shows it: today, or after midnight', () => {
    const evening = new Date('2026-12-07T22:30:00Z'); // 23:30 in Stockholm
    expect(nextStockholmTime('23:59', evening)?.toISOString()).toBe('2026-12-07T22:59:00.000Z');
    expect(nextStockholmTime('01:30', evening)?.toISOString()).toBe('2026-12-08T00:30:00.000Z');
    // The very minute now has passed: tomorrow, a day ahead.
    expect(nextStockholmTime('23:30', evening)?.toISOString()).toBe('2026-12-08T22:30:00.000Z');
    // 23:30 UTC is 00:30 in Stockholm: "16:30" is later the same Stockholm day (the UTC date before).
    expect(nextStockholmTime('16:30', new Date('2026-12-07T23:30:00Z'))?.toISOString()).toBe(
      '2026-12-08T15:30:00.000Z',
    );
    // Summer time (CEST).
    expect(nextStockholmTime('16:30', new Date('2026-07-01T08:00:00Z'))?.toISOString()).toBe(
      '2026-07-01T14:30:00.000Z',
    );
    expect(nextStockholmTime('4.30', evening)).toBeNull();
    expect(nextStockholmTime('', evening)).toBeNull();
  });

  test('Stockholm dates and instants for inputs and queries', () => {
    expect(todayInStockholm(new Date('2026-03-28T23:30:00Z'))).toBe('2026-03-29');
    expect(stockholmIsoInstant('2026-01-15')).toBe('2026-01-15T00:00:00+01:00');
    expect(stockholmIsoInstant('2026-07-15', '09:10')).toBe('2026-07-15T09:10:00+02:00');
    expect(new Date(stockholmIsoInstant('2026-07-15', '09:10')).toISOString()).toBe('2026-07-15T07:10:00.000Z');
    // 02:30 does not exist on 29 March 2026 (clocks go 02:00 → 03:00): the hour after.
    expect(stockholmIsoInstant('2026-03-29', '02:30')).toBe('2026-03-29T03:30:00+02:00');
    expect(displayLanguage('en-US')).toBe('en');
    expect(displayLanguage(undefined)).toBe('sv');
  });
});

const WEB = new URL('../../web/src', import.meta.url).pathname;
const FORMATTER = 'ui/datetime.ts';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(path) ? [path] : [];
  });
}

/** Ways a page formats a date or a time by itself. */
const OWN_FORMATTING: [RegExp, string][] = [
  [/\bIntl\.DateTimeFormat\b/, 'Intl.DateTimeFormat'],
  [/\.toLocale(?:Date|Time)?String\(/, 'toLocaleString/toLocaleDateString/toLocaleTimeString'],
  [/\.get(?:UTC)?(?:Hours|Minutes)\(\)/, 'the hours and minutes of a Date'],
  [/['"`][^'"`\n]*\bkl\.\s/, 'a hand-made "kl."'],
  [/timeZone:\s*['"]Europe\/Stockholm['"]/, 'its own Stockholm time zone'],
];

/** Source without its comments (a comment may show an example "kl. 09.10"). */
function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

/** Where a file under web/src formats dates on its own: "path: what". */
export function ownDateFormatting(root = WEB): string[] {
  const found: string[] = [];
  for (const path of sources(root)) {
    const rel = relative(root, path);
    // The formatter itself, and the i18n texts (which place the formatter's time in a sentence).
    if (rel === FORMATTER || rel.startsWith('i18n/')) continue;
    const text = withoutComments(readFileSync(path, 'utf8'));
    for (const [pattern, what] of OWN_FORMATTING) if (pattern.test(text)) found.push(`${rel}: ${what}`);
  }
  return found;
}

describe('no page formats dates on its own', () => {
  test('the scan recognises each way (run on a file that does them all)', () => {
    const samples = [
      "new Intl.DateTimeFormat('sv-SE').format(at)",
      "at.toLocaleString('sv-SE')",
      'at.getHours()',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a sample of source text
      '`${day} kl. ${time}`',
      "{ timeZone: 'Europe/Stockholm' }",
    ];
    for (const sample of samples) {
      expect(
        OWN_FORMATTING.some(([pattern]) => pattern.test(sample)),
        sample,
      ).toBe(true);
    }
    expect(OWN_FORMATTING.some(([pattern]) => pattern.test("name.toLocaleLowerCase('sv')"))).toBe(false);
    expect(withoutComments('/** "4 maj kl. 09.10" */\nconst a = 1; // kl. 10.00')).not.toMatch(/kl\./);
  });

  test('every file under web/src writes dates and times through ui/datetime.ts', () => {
    expect(ownDateFormatting()).toEqual([]);
  });
});
