/**
 * Care relationships (vårdrelation) and emergency access (nödåtkomst): the pure
 * rules behind staff access to a patient's data. Staff may open a patient's
 * data only when their active unit has a care relationship with the patient;
 * emergency access lets one staff member override that for a short time with a
 * mandatory reason, and the unit administrator follows it up afterwards.
 */
import { hasUnitRole, isRegionAdmin, type PolicyActor } from './roles.js';

/** Shortest reason accepted for registering a relationship or taking emergency access. */
export const ACCESS_REASON_MIN = 10;
/** Longest reason accepted. */
export const ACCESS_REASON_MAX = 500;
/** How long an emergency access lasts. */
export const EMERGENCY_ACCESS_HOURS = 4;

/** Result of `validateAccessReason`. */
export type AccessReasonResult =
  | { ok: true; value: string }
  | { ok: false; error: 'too_short' | 'too_long'; message: string };

/**
 * A reason is trimmed, then must be `ACCESS_REASON_MIN`–`ACCESS_REASON_MAX`
 * characters (counted as code points, so "å" and emoji count as one).
 */
export function validateAccessReason(input: string): AccessReasonResult {
  const value = input.trim();
  const length = [...value].length;
  if (length < ACCESS_REASON_MIN) {
    return { ok: false, error: 'too_short', message: `Write a reason of at least ${ACCESS_REASON_MIN} characters.` };
  }
  if (length > ACCESS_REASON_MAX) {
    return { ok: false, error: 'too_long', message: `The reason may be at most ${ACCESS_REASON_MAX} characters.` };
  }
  return { ok: true, value };
}

/** When an emergency access granted at `grantedAt` ends (exclusive). */
export function emergencyAccessExpiry(grantedAt: Date, hours: number = EMERGENCY_ACCESS_HOURS): Date {
  if (!(hours > 0)) throw new RangeError('emergency access must last a positive number of hours');
  return new Date(grantedAt.getTime() + hours * 3_600_000);
}

/** True while an emergency access is in force: from its grant up to (not including) its expiry. */
export function isEmergencyAccessActive(access: { expiresAt: Date }, at: Date): boolean {
  return at.getTime() < access.expiresAt.getTime();
}

/** True while a registered relationship is in force: open-ended, or `at` before its end. */
export function isRelationshipActive(relationship: { endsAt: Date | null }, at: Date): boolean {
  return relationship.endsAt === null || at.getTime() < relationship.endsAt.getTime();
}

/** May list and review the emergency accesses taken in unit `unitId`: its unit admins, and region admins. */
export function canFollowUpEmergencyAccess(actor: PolicyActor, unitId: string): boolean {
  return isRegionAdmin(actor) || hasUnitRole(actor, unitId, 'unit_admin');
}

/** Why a review is refused, or ok. */
export type EmergencyReviewDecision =
  | { ok: true }
  | { ok: false; reason: 'not_unit_admin' | 'own_access' | 'already_reviewed' };

/**
 * May `actor` mark this emergency access as reviewed: a unit admin of its unit
 * (or a region admin), never the person who took the access (no self-review),
 * and only once.
 */
export function mayReviewEmergencyAccess(
  actor: PolicyActor,
  access: { unitId: string; staffId: string; reviewedAt: Date | null },
): EmergencyReviewDecision {
  if (!canFollowUpEmergencyAccess(actor, access.unitId)) return { ok: false, reason: 'not_unit_admin' };
  if (actor.kind === 'staff' && actor.staffId === access.staffId) return { ok: false, reason: 'own_access' };
  if (access.reviewedAt !== null) return { ok: false, reason: 'already_reviewed' };
  return { ok: true };
}

/** The contact details staff and support may see of a person. */
export interface ContactDetails {
  protectedIdentity: boolean;
  address?: unknown;
  phone?: string | null;
  email?: string | null;
}

/**
 * What staff and support may see of a person: for a protected identity
 * (sekretessmarkering / skyddad folkbokföring) address, phone and e-mail are
 * null whatever the input held; everything else passes through unchanged.
 */
export function redactForStaff<T extends ContactDetails>(person: T): T {
  if (!person.protectedIdentity) return person;
  const redacted = { ...person } as Record<string, unknown>;
  for (const key of ['address', 'phone', 'email']) if (key in redacted) redacted[key] = null;
  return redacted as T;
}
