import { describe, expect, it, test } from 'vitest';
import { GUARDIAN_AGE_LIMIT, guardianMayActFor } from './guardianship.js';

const open = { guardianProtected: false, childProtected: false };

function decide(childBirthDate: string, at: string, extra: Partial<Parameters<typeof guardianMayActFor>[0]> = {}) {
  return guardianMayActFor({ childBirthDate, at: new Date(at), ...open, ...extra });
}

describe('guardianMayActFor: age limit', () => {
  it('the limit is 13', () => {
    expect(GUARDIAN_AGE_LIMIT).toBe(13);
  });

  test.each([
    // [child born, at (UTC), allowed]
    ['2013-06-15', '2026-06-14T10:00:00Z', true], // the day before the 13th birthday
    ['2013-06-15', '2026-06-14T21:59:59.999Z', true], // 23:59:59.999 local
    ['2013-06-15', '2026-06-14T22:00:00Z', false], // 00:00 local on the birthday
    ['2013-06-15', '2026-06-15T10:00:00Z', false], // on the birthday
    ['2013-06-15', '2030-01-01T10:00:00Z', false],
    ['2013-01-10', '2026-01-09T22:59:59Z', true], // winter time: midnight is 23:00 UTC
    ['2013-01-10', '2026-01-09T23:00:00Z', false],
    ['2025-01-01', '2025-06-01T10:00:00Z', true], // a baby
    ['2013-06-16', '2026-06-15T10:00:00Z', true], // 12 for one more day
  ])('born %s, at %s → allowed %s', (birth, at, allowed) => {
    expect(decide(birth, at)).toEqual(allowed ? { ok: true } : { ok: false, reason: 'child_too_old' });
  });
});

describe('guardianMayActFor: leap-day births (13th birthday on 1 March in a common year)', () => {
  test.each([
    ['2025-02-28T10:00:00Z', true],
    ['2025-02-28T22:59:59Z', true], // 23:59:59 on 28 Feb in Stockholm
    ['2025-02-28T23:00:00Z', false], // 00:00 on 1 Mar in Stockholm
    ['2025-03-01T10:00:00Z', false],
  ])('born 2012-02-29, at %s → allowed %s', (at, allowed) => {
    expect(decide('2012-02-29', at).ok).toBe(allowed);
  });

  it('with a limit landing on a leap year the birthday is 29 February itself', () => {
    expect(decide('2012-02-29', '2024-02-28T22:59:59Z', { limitYears: 12 }).ok).toBe(true);
    expect(decide('2012-02-29', '2024-02-28T23:00:00Z', { limitYears: 12 }).ok).toBe(false);
  });
});

describe('guardianMayActFor: daylight saving', () => {
  test.each([
    // 13th birthday on the spring-forward day: midnight is still CET (23:00 UTC)
    ['2013-03-29', '2026-03-28T22:59:59Z', true],
    ['2013-03-29', '2026-03-28T23:00:00Z', false],
    // 13th birthday the day after spring forward: midnight is CEST (22:00 UTC)
    ['2013-03-30', '2026-03-29T21:59:59Z', true],
    ['2013-03-30', '2026-03-29T22:00:00Z', false],
    // 13th birthday on the fall-back day: midnight is still CEST (22:00 UTC)
    ['2013-10-25', '2026-10-24T21:59:59Z', true],
    ['2013-10-25', '2026-10-24T22:00:00Z', false],
    // the day after fall back: midnight is CET (23:00 UTC)
    ['2013-10-26', '2026-10-25T22:59:59Z', true],
    ['2013-10-26', '2026-10-25T23:00:00Z', false],
  ])('born %s, at %s → allowed %s', (birth, at, allowed) => {
    expect(decide(birth, at).ok).toBe(allowed);
  });
});

describe('guardianMayActFor: protected identity', () => {
  test.each([
    [true, false],
    [false, true],
    [true, true],
  ])('guardian protected %s, child protected %s → protected_identity', (guardianProtected, childProtected) => {
    expect(decide('2020-01-01', '2026-06-15T10:00:00Z', { guardianProtected, childProtected })).toEqual({
      ok: false,
      reason: 'protected_identity',
    });
  });

  it('reports child_too_old first (it reveals nothing about protection)', () => {
    expect(decide('2000-01-01', '2026-06-15T10:00:00Z', { childProtected: true })).toEqual({
      ok: false,
      reason: 'child_too_old',
    });
  });
});

describe('guardianMayActFor: custom limit', () => {
  it('limitYears overrides the default', () => {
    expect(decide('2010-06-15', '2026-06-14T10:00:00Z', { limitYears: 16 }).ok).toBe(true);
    expect(decide('2010-06-15', '2026-06-15T10:00:00Z', { limitYears: 16 }).ok).toBe(false);
    expect(decide('2010-06-15', '2026-06-14T10:00:00Z').ok).toBe(false);
  });

  it('throws for an invalid birth date (a programming error, not user input)', () => {
    expect(() => decide('2013-02-30', '2026-01-01T00:00:00Z')).toThrow(RangeError);
  });
});
