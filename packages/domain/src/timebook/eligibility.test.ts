import { describe, expect, it, test } from 'vitest';
import type { BookingStatus } from './booking-state.js';
import {
  bookingOutlook,
  canCancel,
  checkEligibility,
  type EligibilityInput,
  type EligibilityTimeType,
  type ReleaseRule,
} from './eligibility.js';

const AT = new Date('2026-04-20T10:00:00Z'); // 12:00 CEST, Monday 20 April 2026
const MAY_3_0800 = new Date('2026-05-03T06:00:00Z'); // 08:00 CEST

const TYPE: EligibilityTimeType = {
  minAge: null,
  maxAge: null,
  selfBookable: true,
  oneActiveBooking: false,
  doseGroup: null,
  minDaysSinceDose: null,
};

function input(over: Partial<EligibilityInput> & { type?: Partial<EligibilityTimeType> } = {}): EligibilityInput {
  const { type, ...rest } = over;
  return {
    birthDate: '1955-08-01',
    timeType: { ...TYPE, ...type },
    releaseRules: [],
    activeBookingsOfType: 0,
    lastDoseAt: null,
    at: AT,
    ...rest,
  };
}

function rule(over: Partial<ReleaseRule>): ReleaseRule {
  return { bornOnOrBefore: null, minAge: null, opensAt: new Date('2026-04-01T06:00:00Z'), pausedAt: null, ...over };
}

describe('checkEligibility: basics and age', () => {
  test.each<[string, Partial<EligibilityInput> & { type?: Partial<EligibilityTimeType> }, string | null]>([
    ['everything open', {}, null],
    ['not self-bookable', { type: { selfBookable: false } }, 'not_self_bookable'],
    ['not self-bookable, by invitation', { type: { selfBookable: false }, via: 'invitation' }, null],
    ['17 years old, min 18', { birthDate: '2008-04-21', type: { minAge: 18 } }, 'too_young'],
    ['18 today, min 18', { birthDate: '2008-04-20', type: { minAge: 18 } }, null],
    ['65 years old, max 64', { birthDate: '1961-04-20', type: { maxAge: 64 } }, 'too_old'],
    ['64 years old, max 64', { birthDate: '1961-04-21', type: { maxAge: 64 } }, null],
    // Age is judged on the slot's date: 17 today, 18 on the day of the visit.
    [
      '18 on the slot date',
      { birthDate: '2008-05-01', type: { minAge: 18 }, slotStart: new Date('2026-05-01T06:00:00Z') },
      null,
    ],
    [
      '17 on the slot date',
      { birthDate: '2008-05-02', type: { minAge: 18 }, slotStart: new Date('2026-05-01T21:59:00Z') },
      'too_young',
    ],
    // 22:30Z on 1 May is 00:30 on 2 May in Stockholm.
    [
      'Stockholm date decides',
      { birthDate: '2008-05-02', type: { minAge: 18 }, slotStart: new Date('2026-05-01T22:30:00Z') },
      null,
    ],
    [
      'invitation still checks age',
      { birthDate: '2010-01-01', type: { minAge: 18, selfBookable: false }, via: 'invitation' },
      'too_young',
    ],
  ])('%s → %s', (_name, over, code) => {
    const result = checkEligibility(input(over));
    expect(result.ok ? null : result.code).toBe(code);
  });

  it('explains age limits in Swedish', () => {
    expect(checkEligibility(input({ birthDate: '2010-01-01', type: { minAge: 18 } }))).toEqual({
      ok: false,
      code: 'too_young',
      message: 'Du behöver vara minst 18 år för att boka den här tiden.',
    });
  });
});

describe('checkEligibility: age-group release', () => {
  const born1956 = rule({ bornOnOrBefore: '1956-12-31', opensAt: MAY_3_0800 });
  const adults = rule({ minAge: 18, opensAt: new Date('2026-06-01T06:00:00Z') });
  const everyone = rule({ opensAt: MAY_3_0800 });

  test.each<[string, string, ReleaseRule[], Date, string | null, string | undefined]>([
    ['no rules → released', '1990-01-01', [], AT, null, undefined],
    ['born 1955, rule opened', '1955-08-01', [rule({ bornOnOrBefore: '1956-12-31' })], AT, null, undefined],
    ['born exactly on the limit', '1956-12-31', [rule({ bornOnOrBefore: '1956-12-31' })], AT, null, undefined],
    [
      'born the day after the limit',
      '1957-01-01',
      [rule({ bornOnOrBefore: '1956-12-31' })],
      AT,
      'not_released',
      undefined,
    ],
    ['exactly at opensAt (inclusive)', '1955-08-01', [born1956], MAY_3_0800, null, undefined],
    [
      '1 ms before opensAt',
      '1955-08-01',
      [born1956],
      new Date(MAY_3_0800.getTime() - 1),
      'not_released',
      MAY_3_0800.toISOString(),
    ],
    ['opens later', '1955-08-01', [born1956], AT, 'not_released', MAY_3_0800.toISOString()],
    ['minAge rule, old enough, opens later', '1990-01-01', [adults], AT, 'not_released', '2026-06-01T06:00:00.000Z'],
    [
      'minAge rule, too young for it',
      '2010-01-01',
      [adults],
      new Date('2026-07-01T00:00:00Z'),
      'not_released',
      undefined,
    ],
    ['minAge rule, opened', '1990-01-01', [adults], new Date('2026-06-01T06:00:00Z'), null, undefined],
    ['everyone rule (both null)', '2015-01-01', [everyone], MAY_3_0800, null, undefined],
    ['earliest of several upcoming', '1955-08-01', [adults, born1956], AT, 'not_released', MAY_3_0800.toISOString()],
    ['any opened rule suffices', '1955-08-01', [born1956, rule({ minAge: 60 })], AT, null, undefined],
    [
      'both criteria must hold',
      '1955-08-01',
      [rule({ bornOnOrBefore: '1956-12-31', minAge: 75 })],
      AT,
      'not_released',
      undefined,
    ],
    [
      'paused rule only',
      '1955-08-01',
      [rule({ pausedAt: new Date('2026-04-10T00:00:00Z') })],
      AT,
      'release_paused',
      undefined,
    ],
    [
      'pause set in the future is not yet in force',
      '1955-08-01',
      [rule({ pausedAt: new Date('2026-05-10T00:00:00Z') })],
      AT,
      null,
      undefined,
    ],
    [
      'paused rule and another one upcoming',
      '1955-08-01',
      [rule({ pausedAt: AT }), born1956],
      AT,
      'not_released',
      MAY_3_0800.toISOString(),
    ],
    [
      'paused rule, other group open',
      '1955-08-01',
      [rule({ pausedAt: AT }), rule({ minAge: 60 })],
      AT,
      null,
      undefined,
    ],
    [
      'paused rule for another group',
      '1990-01-01',
      [rule({ bornOnOrBefore: '1956-12-31', pausedAt: AT })],
      AT,
      'not_released',
      undefined,
    ],
  ])('%s', (_name, birthDate, releaseRules, at, code, opensAt) => {
    const result = checkEligibility(input({ birthDate, releaseRules, at }));
    expect(result.ok ? null : result.code).toBe(code);
    expect(result.ok ? undefined : result.opensAt?.toISOString()).toBe(opensAt);
  });

  it('says when the person may book, in Stockholm time', () => {
    expect(checkEligibility(input({ releaseRules: [born1956] }))).toEqual({
      ok: false,
      code: 'not_released',
      message: 'Du kan boka från 3 maj kl. 08.00.',
      opensAt: MAY_3_0800,
    });
  });

  it('explains a paused release and a group not yet scheduled', () => {
    const paused = checkEligibility(input({ releaseRules: [rule({ pausedAt: AT })] }));
    expect(paused.ok ? '' : paused.message).toBe('Bokningen är pausad just nu. Försök igen senare.');
    const none = checkEligibility(input({ birthDate: '1990-01-01', releaseRules: [born1956] }));
    expect(none.ok ? '' : none.message).toBe('Din åldersgrupp kan inte boka ännu.');
  });

  it('release rules do not apply to invitations', () => {
    expect(checkEligibility(input({ releaseRules: [born1956], via: 'invitation' }))).toEqual({ ok: true });
  });
});

describe('checkEligibility: one active booking', () => {
  test.each([
    [true, 0, null],
    [true, 1, 'already_booked'],
    [true, 2, 'already_booked'],
    [false, 3, null],
  ] as const)('oneActiveBooking=%s, active=%i → %s', (oneActiveBooking, activeBookingsOfType, code) => {
    const result = checkEligibility(input({ type: { oneActiveBooking }, activeBookingsOfType }));
    expect(result.ok ? null : result.code).toBe(code);
  });

  it('names the time type', () => {
    const result = checkEligibility(
      input({ type: { oneActiveBooking: true }, activeBookingsOfType: 1, timeTypeName: 'Influensavaccination' }),
    );
    expect(result.ok ? '' : result.message).toBe(
      'Du har redan en bokad tid för Influensavaccination. Avboka eller boka om den först.',
    );
  });
});

describe('checkEligibility: interval since last dose', () => {
  // Last dose 16 November 2025 (Stockholm); + 90 days = 14 February 2026.
  const dose = new Date('2025-11-16T09:00:00Z');
  const type = { minDaysSinceDose: 90, doseGroup: 'covid' };

  test.each<[string, Date | null, Date | undefined, Date, string | null]>([
    ['no earlier dose', null, undefined, new Date('2025-11-20T10:00:00Z'), null],
    ['slot on the first allowed date', dose, new Date('2026-02-14T07:00:00Z'), AT, null],
    ['slot the day before', dose, new Date('2026-02-13T22:59:00Z'), AT, 'too_soon_since_dose'], // 23:59 CET 13 Feb
    ['slot 00:00 Stockholm on the allowed date', dose, new Date('2026-02-13T23:00:00Z'), AT, null],
    ['no slot: judged on today', dose, undefined, new Date('2026-02-13T12:00:00Z'), 'too_soon_since_dose'],
    ['no slot, today allowed', dose, undefined, new Date('2026-02-14T12:00:00Z'), null],
  ])('%s', (_name, lastDoseAt, slotStart, at, code) => {
    const result = checkEligibility(input({ type, lastDoseAt, slotStart, at }));
    expect(result.ok ? null : result.code).toBe(code);
  });

  it('uses the dose’s Stockholm date (a dose at 23:30 CET counts as the next day)', () => {
    const late = new Date('2025-11-16T23:30:00Z'); // 00:30 on 17 November in Stockholm
    const result = checkEligibility(input({ type, lastDoseAt: late, slotStart: new Date('2026-02-14T08:00:00Z') }));
    expect(result.ok ? null : result.earliestDate).toBe('2026-02-15');
  });

  it('gives the first allowed date in plain Swedish', () => {
    expect(checkEligibility(input({ type, lastDoseAt: dose, slotStart: new Date('2026-01-10T08:00:00Z') }))).toEqual({
      ok: false,
      code: 'too_soon_since_dose',
      message: 'Du kan boka tidigast 14 februari (90 dagar efter din senaste dos).',
      earliestDate: '2026-02-14',
    });
  });
});

describe('canCancel', () => {
  const slotStart = new Date('2026-05-03T06:00:00Z');
  const minutes = (n: number) => new Date(slotStart.getTime() - n * 60_000);

  test.each<[string, BookingStatus, number, Date, string | null]>([
    ['well before the cut-off', 'booked', 60, minutes(120), null],
    ['exactly at the cut-off', 'booked', 60, minutes(60), null],
    ['1 ms after the cut-off', 'booked', 60, new Date(minutes(60).getTime() + 1), 'cancel_cutoff_passed'],
    ['after the start', 'booked', 0, new Date(slotStart.getTime() + 1), 'cancel_cutoff_passed'],
    ['cut-off 0, at the start', 'booked', 0, slotStart, null],
    ['arrived', 'arrived', 60, minutes(600), 'not_cancellable'],
    ['completed', 'completed', 60, minutes(600), 'not_cancellable'],
    ['no-show', 'no_show', 60, minutes(600), 'not_cancellable'],
    ['already cancelled', 'cancelled', 60, minutes(600), 'not_cancellable'],
  ])('%s', (_name, status, cutoffMinutes, at, code) => {
    const result = canCancel({ slotStart, cutoffMinutes, at, status });
    expect(result.ok ? null : result.code).toBe(code);
  });

  it('says until when cancelling was possible', () => {
    const result = canCancel({ slotStart, cutoffMinutes: 24 * 60, at: minutes(60), status: 'booked' });
    expect(result.ok ? '' : result.message).toBe(
      'Det gick att avboka fram till 2 maj kl. 08.00. Kontakta mottagningen om du inte kan komma.',
    );
  });
});

describe('bookingOutlook: the rules told before searching', () => {
  test('a child under the minimum age is told the date they reach it', () => {
    const result = bookingOutlook(input({ birthDate: '2021-03-10', type: { minAge: 18 } }));
    expect(result).toMatchObject({ ok: false, code: 'too_young', earliestDate: '2039-03-10' });
  });

  test('an invitation-only type is not bookable up front, as when booking', () => {
    expect(bookingOutlook(input({ type: { selfBookable: false } }))).toMatchObject({ code: 'not_self_bookable' });
  });

  test('a future release names when it opens; an active booking is told', () => {
    expect(bookingOutlook(input({ releaseRules: [rule({ opensAt: MAY_3_0800 })] }))).toMatchObject({
      code: 'not_released',
      opensAt: MAY_3_0800,
    });
    expect(bookingOutlook(input({ type: { oneActiveBooking: true }, activeBookingsOfType: 1 }))).toMatchObject({
      code: 'already_booked',
    });
    expect(bookingOutlook(input())).toEqual({ ok: true });
  });
});
