/**
 * Whether a guardian (vårdnadshavare) may use the e-service on a child's behalf.
 */
import { birthdayInstant } from './age.js';

/** Age at which a guardian's access to the child's e-services ends. */
export const GUARDIAN_AGE_LIMIT = 13;

/** Input to `guardianMayActFor`. */
export interface GuardianCheck {
  /** The child's real birth date 'YYYY-MM-DD'. */
  childBirthDate: string;
  /** The instant of the request (pass the clock's now). */
  at: Date;
  /** Age limit in years; default `GUARDIAN_AGE_LIMIT` (13). */
  limitYears?: number;
  /** The guardian has a protected identity (skyddad identitet). */
  guardianProtected: boolean;
  /** The child has a protected identity (skyddad identitet). */
  childProtected: boolean;
}

/** Result of `guardianMayActFor`. */
export type GuardianDecision = { ok: true } | { ok: false; reason: 'child_too_old' | 'protected_identity' };

/**
 * Allowed strictly before the child turns `limitYears` (00:00 Europe/Stockholm
 * on that birthday; 29 February births turn on 1 March in common years), and
 * only when neither guardian nor child has a protected identity. When both
 * reasons apply, 'child_too_old' is reported: it reveals nothing about
 * protection status.
 */
export function guardianMayActFor(check: GuardianCheck): GuardianDecision {
  const limit = check.limitYears ?? GUARDIAN_AGE_LIMIT;
  const endsAt = birthdayInstant(check.childBirthDate, limit);
  if (!(check.at.getTime() < endsAt.getTime())) return { ok: false, reason: 'child_too_old' };
  if (check.guardianProtected || check.childProtected) return { ok: false, reason: 'protected_identity' };
  return { ok: true };
}
