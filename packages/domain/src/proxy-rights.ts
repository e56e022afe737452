/**
 * Ombud (a person an adult lets act for them in the e-service): which scopes
 * exist, when a grant may be made, when it is in force, and how its status
 * moves. Pure rules; the server stores grants and asks these functions.
 *
 * End dates are calendar dates in Europe/Stockholm: a grant "valid until
 * 2027-05-31" works through that whole day and ends at 00:00 on 1 June.
 */
import { ageOn, stockholmDate, stockholmMidnight } from './age.js';
import { addDays, addYears, isValidIsoDate } from './calendar-date.js';

/** What an ombud can be allowed to do. */
export const PROXY_SCOPES = ['booking', 'messages', 'video', 'invitations'] as const;
export type ProxyScope = (typeof PROXY_SCOPES)[number];

/** What a request can act on: the grantable scopes plus 'records' (guardians only). */
export const ACTING_SCOPES = [...PROXY_SCOPES, 'records'] as const;
export type ActingScope = (typeof ACTING_SCOPES)[number];

/** Both parties of a grant must have reached this age. */
export const ADULT_AGE = 18;
/** The longest a grant may run, counted from today. */
export const MAX_GRANT_YEARS = 5;

/** True when `scope` is one of the grantable scopes. */
export function isProxyScope(scope: string): scope is ProxyScope {
  return (PROXY_SCOPES as readonly string[]).includes(scope);
}

/** True when a person born on `birthDate` is 18 or older at `at` (Stockholm calendar). */
export function isAdult(birthDate: string, at: Date): boolean {
  return ageOn(birthDate, at) >= ADULT_AGE;
}

/** The instant a grant "valid until `validUntil`" ends: 00:00 Stockholm the day after. */
export function grantExpiresAt(validUntil: string): Date {
  return stockholmMidnight(addDays(validUntil, 1));
}

/** The last calendar day a grant ending at `expiresAt` is in force (inverse of `grantExpiresAt`). */
export function grantLastDay(expiresAt: Date): string {
  return stockholmDate(new Date(expiresAt.getTime() - 1));
}

/** Input to `checkNewGrant`. */
export interface NewGrant {
  grantor: { personalNumber: string; birthDate: string; protectedIdentity: boolean };
  ombud: { personalNumber: string; birthDate: string; protectedIdentity: boolean };
  scopes: readonly string[];
  /** Last day in force, 'YYYY-MM-DD'. */
  validUntil: string;
  /** Now (the clock's). */
  at: Date;
}

export type NewGrantError =
  | 'self_grant'
  | 'grantor_not_adult'
  | 'ombud_not_adult'
  | 'protected_identity'
  | 'ombud_unavailable'
  | 'scopes_required'
  | 'unknown_scope'
  | 'invalid_date'
  | 'valid_until_in_past'
  | 'valid_until_too_late';

/** Result of `checkNewGrant`: the normalized scopes and the end instant, or the first problem and its field. */
export type NewGrantDecision =
  | { ok: true; scopes: ProxyScope[]; expiresAt: Date }
  | { ok: false; error: NewGrantError; field: 'ombud' | 'grantor' | 'scopes' | 'validUntil' };

/**
 * Whether a grant may be made. Both parties adults, two different people, the
 * grantor without protected identity (`protected_identity`); an ombud with
 * protected identity gets `ombud_unavailable`, which does not reveal the
 * protection to the grantor. At least one known scope (duplicates dropped,
 * returned in canonical order). End date from today to 5 years ahead.
 */
export function checkNewGrant(input: NewGrant): NewGrantDecision {
  const { grantor, ombud, at } = input;
  if (grantor.personalNumber === ombud.personalNumber) return { ok: false, error: 'self_grant', field: 'ombud' };
  if (!isAdult(grantor.birthDate, at)) return { ok: false, error: 'grantor_not_adult', field: 'grantor' };
  if (grantor.protectedIdentity) return { ok: false, error: 'protected_identity', field: 'grantor' };
  if (!isAdult(ombud.birthDate, at)) return { ok: false, error: 'ombud_not_adult', field: 'ombud' };
  if (ombud.protectedIdentity) return { ok: false, error: 'ombud_unavailable', field: 'ombud' };
  if (input.scopes.length === 0) return { ok: false, error: 'scopes_required', field: 'scopes' };
  if (!input.scopes.every(isProxyScope)) return { ok: false, error: 'unknown_scope', field: 'scopes' };
  const scopes = PROXY_SCOPES.filter((s) => input.scopes.includes(s));
  if (!isValidIsoDate(input.validUntil)) return { ok: false, error: 'invalid_date', field: 'validUntil' };
  const today = stockholmDate(at);
  if (input.validUntil < today) return { ok: false, error: 'valid_until_in_past', field: 'validUntil' };
  if (input.validUntil > addYears(today, MAX_GRANT_YEARS)) {
    return { ok: false, error: 'valid_until_too_late', field: 'validUntil' };
  }
  return { ok: true, scopes, expiresAt: grantExpiresAt(input.validUntil) };
}

export type GrantStatus = 'pending' | 'active' | 'ended';
/** What a person sees: 'expired' is an active or pending grant past its end. */
export type GrantDisplayStatus = GrantStatus | 'expired';

/** The status to show at `at`. */
export function grantDisplayStatus(grant: { status: GrantStatus; expiresAt: Date }, at: Date): GrantDisplayStatus {
  if (grant.status !== 'ended' && grant.expiresAt.getTime() <= at.getTime()) return 'expired';
  return grant.status;
}

/** Why an ombud may not act. */
export type OmbudRefusal = 'no_grant' | 'grant_expired' | 'scope_not_granted' | 'protected_identity';

/**
 * Whether an ombud may act under `grant` (null: none) for `scope` at `at`.
 * Only an accepted ('active') grant counts; it ends at `expiresAt` (exclusive).
 * 'records' is never granted to an ombud. A party with protected identity
 * ends the right, as it does for guardians.
 */
export function ombudMayAct(input: {
  grant: { status: GrantStatus; expiresAt: Date; scopes: readonly string[] } | null;
  scope: ActingScope;
  at: Date;
  grantorProtected: boolean;
  ombudProtected: boolean;
}): { ok: true } | { ok: false; reason: OmbudRefusal } {
  const { grant } = input;
  if (grant?.status !== 'active') return { ok: false, reason: 'no_grant' };
  if (grant.expiresAt.getTime() <= input.at.getTime()) return { ok: false, reason: 'grant_expired' };
  if (input.grantorProtected || input.ombudProtected) return { ok: false, reason: 'protected_identity' };
  if (!grant.scopes.includes(input.scope)) return { ok: false, reason: 'scope_not_granted' };
  return { ok: true };
}

export type GrantParty = 'grantor' | 'ombud';
export type GrantTransitionError = 'only_ombud_accepts' | 'not_pending' | 'already_ended' | 'grant_expired';

/**
 * The guarded status moves. `accept`: the ombud, on a pending grant before its
 * end. `end`: either party, from pending or active (also after expiry, which
 * just records who closed it).
 */
export function grantTransition(
  grant: { status: GrantStatus; expiresAt: Date },
  action: 'accept' | 'end',
  by: GrantParty,
  at: Date,
): { ok: true; status: GrantStatus } | { ok: false; error: GrantTransitionError } {
  if (grant.status === 'ended') return { ok: false, error: 'already_ended' };
  if (action === 'end') return { ok: true, status: 'ended' };
  if (by !== 'ombud') return { ok: false, error: 'only_ombud_accepts' };
  if (grant.status !== 'pending') return { ok: false, error: 'not_pending' };
  if (grant.expiresAt.getTime() <= at.getTime()) return { ok: false, error: 'grant_expired' };
  return { ok: true, status: 'active' };
}
