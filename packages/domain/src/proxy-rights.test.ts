import { describe, expect, test } from 'vitest';
import {
  checkNewGrant,
  grantDisplayStatus,
  grantExpiresAt,
  grantLastDay,
  grantTransition,
  isAdult,
  isProxyScope,
  type NewGrant,
  ombudMayAct,
  PROXY_SCOPES,
} from './proxy-rights.js';

const at = new Date('2026-08-01T10:00:00Z');
const base: NewGrant = {
  grantor: { personalNumber: '193602082840', birthDate: '1936-02-08', protectedIdentity: false },
  ombud: { personalNumber: '198804122380', birthDate: '1988-04-12', protectedIdentity: false },
  scopes: ['booking', 'messages'],
  validUntil: '2027-08-01',
  at,
};
const check = (patch: Partial<NewGrant>) => checkNewGrant({ ...base, ...patch });

describe('scopes', () => {
  test('the four grantable scopes; records is not grantable', () => {
    expect(PROXY_SCOPES).toEqual(['booking', 'messages', 'video', 'invitations']);
    expect(isProxyScope('video')).toBe(true);
    expect(isProxyScope('records')).toBe(false);
    expect(isProxyScope('')).toBe(false);
  });

  test('scopes are deduplicated and put in canonical order', () => {
    const d = check({ scopes: ['invitations', 'booking', 'invitations'] });
    expect(d).toMatchObject({ ok: true, scopes: ['booking', 'invitations'] });
  });

  test.each([
    [[], 'scopes_required'],
    [['booking', 'records'], 'unknown_scope'],
    [['everything'], 'unknown_scope'],
  ])('scopes %j → %s', (scopes, error) => {
    expect(check({ scopes })).toEqual({ ok: false, error, field: 'scopes' });
  });
});

describe('end dates', () => {
  test('valid through the last day: ends 00:00 Stockholm the day after (summer and winter time)', () => {
    expect(grantExpiresAt('2027-08-01').toISOString()).toBe('2027-08-01T22:00:00.000Z');
    expect(grantExpiresAt('2027-01-15').toISOString()).toBe('2027-01-15T23:00:00.000Z');
    // The day before the spring DST change: midnight after it is still CET.
    expect(grantExpiresAt('2027-03-27').toISOString()).toBe('2027-03-27T23:00:00.000Z');
    expect(grantExpiresAt('2027-03-28').toISOString()).toBe('2027-03-28T22:00:00.000Z');
  });

  test.each(['2027-08-01', '2027-03-28', '2027-10-31', '2028-02-29'])(
    'grantLastDay inverts grantExpiresAt (%s)',
    (d) => {
      expect(grantLastDay(grantExpiresAt(d))).toBe(d);
    },
  );

  test.each([
    ['2026-08-01', true], // today (Stockholm) is allowed
    ['2026-07-31', false],
    ['2031-08-01', true], // exactly five years
    ['2031-08-02', false],
  ])('validUntil %s → ok %s', (validUntil, ok) => {
    const d = check({ validUntil });
    expect(d.ok).toBe(ok);
    if (!d.ok) {
      expect(d.field).toBe('validUntil');
      expect(d.error).toBe(validUntil < '2026-08-01' ? 'valid_until_in_past' : 'valid_until_too_late');
    }
  });

  test('"today" is the Stockholm date: 23:30 UTC on 31 July is already 1 August', () => {
    expect(check({ validUntil: '2026-07-31', at: new Date('2026-07-31T22:30:00Z') })).toMatchObject({
      ok: false,
      error: 'valid_until_in_past',
    });
    expect(check({ validUntil: '2026-07-31', at: new Date('2026-07-31T21:30:00Z') }).ok).toBe(true);
  });

  test.each(['2027-02-30', '2027-13-01', 'tomorrow'])('not a date: %s', (validUntil) => {
    expect(check({ validUntil })).toEqual({ ok: false, error: 'invalid_date', field: 'validUntil' });
  });
});

describe('adults and parties', () => {
  test.each([
    ['2008-08-01', true], // 18 today
    ['2008-08-02', false], // 18 tomorrow
    ['2008-02-29', true],
  ])('isAdult(%s) on 2026-08-01 → %s', (birth, adult) => {
    expect(isAdult(birth, at)).toBe(adult);
  });

  test('a leap-day baby comes of age on 1 March in a common year', () => {
    expect(isAdult('2008-02-29', new Date('2026-02-28T12:00:00Z'))).toBe(false);
    expect(isAdult('2008-02-29', new Date('2026-02-28T23:00:00Z'))).toBe(true); // 00:00 on 1 March
  });

  test.each([
    [{ ombud: base.grantor }, 'self_grant', 'ombud'],
    [{ grantor: { ...base.grantor, birthDate: '2010-01-01' } }, 'grantor_not_adult', 'grantor'],
    [{ ombud: { ...base.ombud, birthDate: '2012-06-30' } }, 'ombud_not_adult', 'ombud'],
    [{ grantor: { ...base.grantor, protectedIdentity: true } }, 'protected_identity', 'grantor'],
    [{ ombud: { ...base.ombud, protectedIdentity: true } }, 'ombud_unavailable', 'ombud'],
  ] as const)('%j → %s', (patch, error, field) => {
    expect(check(patch as Partial<NewGrant>)).toEqual({ ok: false, error, field });
  });

  test('a valid grant carries its end instant', () => {
    expect(check({})).toEqual({
      ok: true,
      scopes: ['booking', 'messages'],
      expiresAt: new Date('2027-08-01T22:00:00Z'),
    });
  });
});

describe('acting under a grant', () => {
  const expiresAt = new Date('2027-08-01T22:00:00Z');
  const active = { status: 'active' as const, expiresAt, scopes: ['booking', 'messages'] };
  const open = { grantorProtected: false, ombudProtected: false };

  test.each([
    [active, 'booking', at, { ok: true }],
    [active, 'video', at, { ok: false, reason: 'scope_not_granted' }],
    [active, 'records', at, { ok: false, reason: 'scope_not_granted' }],
    [{ ...active, status: 'pending' as const }, 'booking', at, { ok: false, reason: 'no_grant' }],
    [{ ...active, status: 'ended' as const }, 'booking', at, { ok: false, reason: 'no_grant' }],
    [null, 'booking', at, { ok: false, reason: 'no_grant' }],
    [active, 'booking', new Date(expiresAt.getTime() - 1), { ok: true }],
    [active, 'booking', expiresAt, { ok: false, reason: 'grant_expired' }],
    [active, 'video', expiresAt, { ok: false, reason: 'grant_expired' }],
  ] as const)('%j, %s at %s → %j', (grant, scope, when, result) => {
    expect(ombudMayAct({ grant, scope, at: when, ...open })).toEqual(result);
  });

  test('protected identity on either side ends the right', () => {
    expect(ombudMayAct({ grant: active, scope: 'booking', at, grantorProtected: true, ombudProtected: false })).toEqual(
      { ok: false, reason: 'protected_identity' },
    );
    expect(ombudMayAct({ grant: active, scope: 'booking', at, grantorProtected: false, ombudProtected: true })).toEqual(
      { ok: false, reason: 'protected_identity' },
    );
  });

  test('display status: active or pending past the end shows as expired', () => {
    expect(grantDisplayStatus({ status: 'active', expiresAt }, at)).toBe('active');
    expect(grantDisplayStatus({ status: 'active', expiresAt }, expiresAt)).toBe('expired');
    expect(grantDisplayStatus({ status: 'pending', expiresAt }, expiresAt)).toBe('expired');
    expect(grantDisplayStatus({ status: 'ended', expiresAt }, expiresAt)).toBe('ended');
  });
});

describe('status transitions', () => {
  const expiresAt = new Date('2027-08-01T22:00:00Z');
  const g = (status: 'pending' | 'active' | 'ended') => ({ status, expiresAt });

  test.each([
    ['pending', 'accept', 'ombud', at, { ok: true, status: 'active' }],
    ['pending', 'accept', 'grantor', at, { ok: false, error: 'only_ombud_accepts' }],
    ['active', 'accept', 'ombud', at, { ok: false, error: 'not_pending' }],
    ['ended', 'accept', 'ombud', at, { ok: false, error: 'already_ended' }],
    ['pending', 'accept', 'ombud', expiresAt, { ok: false, error: 'grant_expired' }],
    ['pending', 'end', 'grantor', at, { ok: true, status: 'ended' }],
    ['pending', 'end', 'ombud', at, { ok: true, status: 'ended' }],
    ['active', 'end', 'grantor', at, { ok: true, status: 'ended' }],
    ['active', 'end', 'ombud', expiresAt, { ok: true, status: 'ended' }],
    ['ended', 'end', 'grantor', at, { ok: false, error: 'already_ended' }],
  ] as const)('%s --%s by %s--> %j', (status, action, by, when, result) => {
    expect(grantTransition(g(status), action, by, when)).toEqual(result);
  });
});
