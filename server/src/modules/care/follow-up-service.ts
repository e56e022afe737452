/**
 * The unit administrator's follow-up of emergency accesses: list them and mark
 * them reviewed. Open to the unit's unit admins and to region admins; staff of
 * the unit without the role get 403, anyone else 404 (like unit administration).
 * The list shows patients' names and personnummer, so each patient shown is
 * audited with purpose 'follow_up'.
 */
import { canFollowUpEmergencyAccess, mayReviewEmergencyAccess, worksInUnit } from '@ingang/domain';
import { recordAudit } from '../../platform/audit.js';
import type { StaffActor } from '../../platform/auth.js';
import type { AppContext } from '../../platform/context.js';
import { conflict, forbidden, notFound } from '../../platform/errors.js';
import * as store from './emergency-store.js';

type Deps = Pick<AppContext, 'db' | 'clock'>;

function requireFollowUp(actor: StaffActor, unitId: string): void {
  if (canFollowUpEmergencyAccess(actor, unitId)) return;
  if (worksInUnit(actor, unitId)) {
    throw forbidden('unit_admin_only', "Only the unit's administrators follow up emergency access.");
  }
  throw notFound('unit');
}

export function createFollowUpService(deps: Deps) {
  const { db, clock } = deps;

  return {
    /** The unit's emergency accesses by review status, newest first (at most FOLLOW_UP_LIST_LIMIT). */
    async list(actor: StaffActor, unitId: string, status: store.EmergencyStatus) {
      requireFollowUp(actor, unitId);
      const now = clock.now();
      return db.transaction().execute(async (trx) => {
        if (!(await store.unitExists(trx, unitId))) throw notFound('unit');
        const items = await store.listEmergencyAccesses(trx, unitId, status);
        // One audit row per entry shown; in id order so concurrent lists lock audit chains in the same order.
        for (const item of [...items].sort((a, b) => a.patient.personId.localeCompare(b.patient.personId))) {
          await recordAudit(trx, {
            actor,
            subjectPersonId: item.patient.personId,
            action: 'read',
            recordType: 'emergency_access',
            recordId: item.id,
            purpose: 'follow_up',
            unitId,
            at: now,
          });
        }
        return items;
      });
    },

    /**
     * Marks an emergency access reviewed with a note. 404 for an id of another
     * unit, 403 `own_emergency_access` for one's own access, 409 `already_reviewed`.
     */
    async review(actor: StaffActor, unitId: string, id: string, note: string) {
      requireFollowUp(actor, unitId);
      const now = clock.now();
      return db.transaction().execute(async (trx) => {
        const access = await store.findEmergencyAccess(trx, unitId, id, { forUpdate: true });
        if (!access) throw notFound('emergency access');
        const decision = mayReviewEmergencyAccess(actor, {
          unitId,
          staffId: access.staff.staffId,
          reviewedAt: access.review ? new Date(access.review.at) : null,
        });
        if (!decision.ok) {
          if (decision.reason === 'already_reviewed') {
            throw conflict('already_reviewed', 'This emergency access has already been reviewed.');
          }
          if (decision.reason === 'own_access') {
            throw forbidden('own_emergency_access', 'Another administrator must review your own emergency access.');
          }
          throw notFound('unit');
        }
        await store.markReviewed(trx, { id, reviewerId: actor.staffId, note: note.trim(), now });
        await recordAudit(trx, {
          actor,
          subjectPersonId: access.patient.personId,
          action: 'review',
          recordType: 'emergency_access',
          recordId: id,
          purpose: 'follow_up',
          unitId,
          at: now,
        });
        const reviewed = await store.findEmergencyAccess(trx, unitId, id);
        if (!reviewed) throw notFound('emergency access');
        return reviewed;
      });
    },
  };
}

export type FollowUpService = ReturnType<typeof createFollowUpService>;
