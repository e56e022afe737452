import { describe, expect, test } from 'vitest';
import { generatePersonnummer } from '../personnummer-generator.js';
import { birthDateBounds, inAgeRange, validateTargetCriteria } from './target-group.js';
import { markUnknown, parseTargetList, summarizeTargetList } from './target-list.js';

const today = new Date('2026-11-20T10:00:00Z');
const a = generatePersonnummer({ birthDate: '1950-03-04', serial: 123 });
const b = generatePersonnummer({ birthDate: '1988-04-12', serial: 238 });
const dashed = `${b.slice(0, 8)}-${b.slice(8)}`;
const badCheck = `${a.slice(0, 11)}${(Number(a[11]) + 1) % 10}`;

describe('parseTargetList', () => {
  test('reads one number per line, a CSV first column, skips blanks, comments and a header', () => {
    const rows = parseTargetList(`personnummer;namn\n${a};X\n\n# kommentar\n"${dashed}",Y\r\n`, today);
    expect(rows).toEqual([
      { line: 2, input: a, status: 'ok', normalized: a, message: null },
      { line: 5, input: dashed, status: 'ok', normalized: b, message: null },
    ]);
  });

  test.each([
    ['12345', 'invalid', /10 eller 12 siffror/],
    [badCheck, 'invalid', /kontrollsiffra/],
    ['19501332-1234', 'invalid', /datum/],
  ])('row %s is %s', (input, status, message) => {
    const [row] = parseTargetList(input, today);
    expect(row).toMatchObject({ line: 1, status });
    expect(row?.message).toMatch(message);
  });

  test('a duplicate (even written differently) names the first line', () => {
    const rows = parseTargetList(`${b}\n${a}\n${dashed}`, today);
    expect(rows[2]).toMatchObject({
      line: 3,
      status: 'duplicate',
      normalized: b,
      message: 'Samma personnummer som på rad 1.',
    });
  });

  test('unknown persons are marked, and any error makes the list unusable', () => {
    const rows = markUnknown(parseTargetList(`${a}\n${b}`, today), new Set([a]));
    expect(rows.map((r) => r.status)).toEqual(['ok', 'unknown']);
    expect(summarizeTargetList(rows)).toEqual({ ok: 1, errors: 1, usable: false });
    expect(summarizeTargetList(markUnknown(parseTargetList(a, today), new Set([a])))).toEqual({
      ok: 1,
      errors: 0,
      usable: true,
    });
    expect(summarizeTargetList([])).toEqual({ ok: 0, errors: 0, usable: false });
  });
});

describe('target groups', () => {
  test('at least one criterion; min ≤ max', () => {
    expect(validateTargetCriteria({ listedAtUnit: false, minAge: null, maxAge: null, riskGroup: null })).toHaveProperty(
      'target.kind',
    );
    expect(validateTargetCriteria({ listedAtUnit: false, minAge: 70, maxAge: 65, riskGroup: null })).toHaveProperty(
      'target.maxAge',
    );
    expect(validateTargetCriteria({ listedAtUnit: true, minAge: 65, maxAge: null, riskGroup: null })).toEqual({});
  });

  test('birth-date bounds', () => {
    expect(birthDateBounds(65, null, '2026-11-20')).toEqual({ bornOnOrBefore: '1961-11-20', bornAfter: null });
    expect(birthDateBounds(null, 17, '2026-11-20')).toEqual({ bornOnOrBefore: null, bornAfter: '2008-11-20' });
  });

  test.each([
    ['1961-11-20', true], // 65 today
    ['1961-11-21', false], // 65 tomorrow
    ['1926-11-21', true], // 99
  ])('born %s is 65+ on 2026-11-20: %s', (birth, inside) => {
    expect(inAgeRange(birth, 65, 99, '2026-11-20')).toBe(inside);
  });

  test('the upper bound: still 17 the day before turning 18', () => {
    expect(inAgeRange('2008-11-21', null, 17, '2026-11-20')).toBe(true);
    expect(inAgeRange('2008-11-20', null, 17, '2026-11-20')).toBe(false);
  });

  test('29 February births turn a year older on 1 March in common years', () => {
    expect(inAgeRange('1960-02-29', 67, null, '2027-02-28')).toBe(false);
    expect(inAgeRange('1960-02-29', 67, null, '2027-03-01')).toBe(true);
  });
});
