import { describe, expect, it, test } from 'vitest';
import {
  ACCESS_REASON_MAX,
  ACCESS_REASON_MIN,
  canFollowUpEmergencyAccess,
  EMERGENCY_ACCESS_HOURS,
  emergencyAccessExpiry,
  isEmergencyAccessActive,
  isRelationshipActive,
  mayReviewEmergencyAccess,
  redactForStaff,
  validateAccessReason,
} from './care-relationship.js';
import type { PolicyActor } from './roles.js';

type Units = Extract<PolicyActor, { kind: 'staff' }>['units'];

const staff = (staffId: string, units: Units, extra: { regionAdmin?: boolean } = {}): PolicyActor =>
  ({
    kind: 'staff',
    staffId,
    regionAdmin: false,
    supportRole: null,
    units,
    activeUnitId: null,
    ...extra,
  }) as const;

describe('validateAccessReason', () => {
  it('limits are 10 and 500', () => {
    expect([ACCESS_REASON_MIN, ACCESS_REASON_MAX]).toEqual([10, 500]);
  });

  test.each([
    ['', false, 'too_short'],
    ['123456789', false, 'too_short'],
    ['   123456789   ', false, 'too_short'], // trimmed before counting
    ['1234567890', true, null],
    ['x'.repeat(500), true, null],
    ['x'.repeat(501), false, 'too_long'],
    ['åäöåäöåäöå', true, null], // ten letters, more than ten bytes
    ['😀'.repeat(10), true, null], // code points, not UTF-16 units
    ['😀'.repeat(9), false, 'too_short'],
  ])('%j → ok %s', (input, ok, error) => {
    const result = validateAccessReason(input);
    expect(result.ok).toBe(ok);
    if (!result.ok) expect(result.error).toBe(error);
  });

  it('returns the trimmed reason', () => {
    expect(validateAccessReason('  Akut bröstsmärta, journal behövs  ')).toEqual({
      ok: true,
      value: 'Akut bröstsmärta, journal behövs',
    });
  });
});

describe('emergency access expiry', () => {
  const granted = new Date('2026-03-29T00:30:00Z');

  it('lasts four hours by default, in real time (across the DST change)', () => {
    expect(EMERGENCY_ACCESS_HOURS).toBe(4);
    // 29 March 2026: Stockholm skips 02:00→03:00; the access still lasts 4 real hours.
    expect(emergencyAccessExpiry(granted).toISOString()).toBe('2026-03-29T04:30:00.000Z');
  });

  it('takes another duration and refuses a non-positive one', () => {
    expect(emergencyAccessExpiry(granted, 1).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(() => emergencyAccessExpiry(granted, 0)).toThrow(RangeError);
    expect(() => emergencyAccessExpiry(granted, Number.NaN)).toThrow(RangeError);
  });

  test.each([
    ['2026-03-29T00:30:00Z', true],
    ['2026-03-29T04:29:59.999Z', true],
    ['2026-03-29T04:30:00Z', false],
    ['2026-03-30T00:00:00Z', false],
  ])('active at %s → %s', (at, active) => {
    expect(isEmergencyAccessActive({ expiresAt: emergencyAccessExpiry(granted) }, new Date(at))).toBe(active);
  });
});

describe('isRelationshipActive', () => {
  const end = new Date('2026-05-01T00:00:00Z');
  test.each([
    [null, '2099-01-01T00:00:00Z', true],
    [end, '2026-04-30T23:59:59Z', true],
    [end, '2026-05-01T00:00:00Z', false],
  ])('ends %s, at %s → %s', (endsAt, at, active) => {
    expect(isRelationshipActive({ endsAt }, new Date(at))).toBe(active);
  });
});

describe('emergency access follow-up', () => {
  const unitA = 'unit-a';
  const admin = staff('admin-a', [{ unitId: unitA, roles: ['unit_admin'] }]);
  const nurse = staff('nurse-a', [{ unitId: unitA, roles: ['clinician', 'booking_admin'] }]);
  const otherAdmin = staff('admin-b', [{ unitId: 'unit-b', roles: ['unit_admin'] }]);
  const regionAdmin = staff('region', [], { regionAdmin: true });
  const citizen: PolicyActor = { kind: 'citizen', personId: 'p' };
  const access = { unitId: unitA, staffId: 'nurse-a', reviewedAt: null };

  test.each([
    ['unit admin', admin, true],
    ['region admin', regionAdmin, true],
    ['clinician of the unit', nurse, false],
    ['unit admin of another unit', otherAdmin, false],
    ['citizen', citizen, false],
  ])('%s may follow up: %s', (_name, actor, allowed) => {
    expect(canFollowUpEmergencyAccess(actor, unitA)).toBe(allowed);
  });

  it('the unit admin reviews once; never their own access', () => {
    expect(mayReviewEmergencyAccess(admin, access)).toEqual({ ok: true });
    expect(mayReviewEmergencyAccess(regionAdmin, access)).toEqual({ ok: true });
    expect(mayReviewEmergencyAccess(admin, { ...access, reviewedAt: new Date() })).toEqual({
      ok: false,
      reason: 'already_reviewed',
    });
    expect(mayReviewEmergencyAccess(admin, { ...access, staffId: 'admin-a' })).toEqual({
      ok: false,
      reason: 'own_access',
    });
    expect(mayReviewEmergencyAccess(nurse, access)).toEqual({ ok: false, reason: 'not_unit_admin' });
    expect(mayReviewEmergencyAccess(otherAdmin, access)).toEqual({ ok: false, reason: 'not_unit_admin' });
  });
});

describe('redactForStaff', () => {
  const contact = {
    name: 'Sanna Skog',
    address: { street: 'Hemliga gatan 1' },
    phone: '070-000 00 00',
    email: 's@example.se',
  };

  it('nulls address, phone and e-mail for a protected identity and keeps the rest', () => {
    expect(redactForStaff({ ...contact, protectedIdentity: true })).toEqual({
      name: 'Sanna Skog',
      protectedIdentity: true,
      address: null,
      phone: null,
      email: null,
    });
  });

  it('passes an unprotected person through unchanged and never mutates the input', () => {
    const open = { ...contact, protectedIdentity: false };
    expect(redactForStaff(open)).toBe(open);
    const input = { ...contact, protectedIdentity: true };
    redactForStaff(input);
    expect(input.phone).toBe('070-000 00 00');
  });

  it('adds no keys the input did not have', () => {
    expect(redactForStaff({ name: 'X', protectedIdentity: true })).toEqual({ name: 'X', protectedIdentity: true });
  });
});
