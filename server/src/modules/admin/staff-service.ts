/**
 * Staff administration of a unit: add people (creating the staff user when the
 * HSA-id is new) and set their roles. Each change locks the unit row, so two
 * administrators changing roles at once cannot both remove "the other" last
 * unit admin; the change-log entries are written in the same transaction.
 */
import type { AddStaffRequest } from '@ingang/contracts';
import { canAppointUnitAdmin, isRegionAdmin, unitAbilities } from '@ingang/domain';
import type { z } from 'zod';
import type { StaffActor } from '../../platform/auth.js';
import type { Clock } from '../../platform/clock.js';
import { isUniqueViolation } from '../../platform/db/helpers.js';
import type { Db, Tx } from '../../platform/db/index.js';
import type { UnitRole } from '../../platform/db/schema.js';
import { conflict, forbidden, notFound } from '../../platform/errors.js';
import type { UnitRecords } from '../units/index.js';
import { requireRegionAdmin, requireUnitAdministration } from './access.js';
import { recordChange } from './change-log-store.js';
import {
  countOtherUnitAdmins,
  findStaffByHsaId,
  findStaffById,
  grantRoles,
  insertStaff,
  listUnitStaff,
  revokeRoles,
  rolesInUnit,
  type StaffData,
  type StaffMemberData,
  searchStaff,
  sortRoles,
} from './staff-store.js';

type AddStaff = z.infer<typeof AddStaffRequest>;

export type StaffAdminService = ReturnType<typeof createStaffAdminService>;

/** Builds the staff administration service. */
export function createStaffAdminService(deps: { db: Db; clock: Clock; unitRecords: UnitRecords }) {
  const { db, clock, unitRecords } = deps;

  /** Locks the unit for this transaction; 404 when it does not exist. */
  async function lockUnit(trx: Tx, unitId: string) {
    const unit = await unitRecords.find(trx, unitId, { forUpdate: true });
    if (!unit) throw notFound('unit');
  }

  /** Replaces the member's roles in the unit with `wanted`, enforcing the role rules; records the change. */
  async function applyRoles(
    trx: Tx,
    actor: StaffActor,
    unitId: string,
    staff: StaffData,
    wanted: UnitRole[],
    now: Date,
  ): Promise<StaffMemberData> {
    const before = await rolesInUnit(trx, staff.staffId, unitId);
    const after = sortRoles(wanted);
    const added = after.filter((r) => !before.includes(r));
    const removed = before.filter((r) => !after.includes(r));
    const touchesAdmin = added.includes('unit_admin') || removed.includes('unit_admin');
    if (touchesAdmin && !canAppointUnitAdmin(actor, unitId)) {
      throw forbidden('region_admin_only', 'Only region administrators can appoint unit administrators.');
    }
    if (removed.includes('unit_admin') && !isRegionAdmin(actor)) {
      // Read under the unit lock, so concurrent removals see each other's result.
      if ((await countOtherUnitAdmins(trx, unitId, staff.staffId)) === 0) {
        throw conflict('last_unit_admin', 'The unit must keep at least one unit administrator.');
      }
    }
    if (added.length === 0 && removed.length === 0) return { ...staff, roles: before };
    await revokeRoles(trx, staff.staffId, unitId, removed);
    await grantRoles(trx, staff.staffId, unitId, added, now);
    await recordChange(
      trx,
      {
        actorStaffId: actor.staffId,
        entityType: 'staff',
        entityId: staff.staffId,
        unitId,
        action: 'staff.roles_changed',
        changes: { roles: { from: before, to: after } },
      },
      now,
    );
    return { ...staff, roles: after };
  }

  return {
    /** The unit's members with their roles, and the caller's abilities. */
    async listStaff(actor: StaffActor, unitId: string) {
      requireUnitAdministration(actor, unitId);
      const unit = await unitRecords.find(db, unitId);
      if (!unit) throw notFound('unit');
      return { data: await listUnitStaff(db, unitId), abilities: unitAbilities(actor, unitId) };
    },

    /**
     * Adds a person to the unit with the given roles (on top of any they hold).
     * A new HSA-id creates the staff user with OIDC subject = HSA-id, so the
     * embedded IdP can log them in at once. An existing user's name, e-mail and
     * title are never overwritten here: the identity belongs to the person and
     * the IdP, and one unit's administrator must not rename someone for all units.
     */
    async addStaff(actor: StaffActor, unitId: string, input: AddStaff): Promise<StaffMemberData> {
      requireUnitAdministration(actor, unitId);
      const now = clock.now();
      try {
        return await db.transaction().execute(async (trx) => {
          await lockUnit(trx, unitId);
          let staff = await findStaffByHsaId(trx, input.hsaId);
          if (!staff) {
            staff = await insertStaff(trx, input, now);
            if (staff) {
              const { staffId: _id, active: _active, ...fields } = staff;
              await recordChange(
                trx,
                {
                  actorStaffId: actor.staffId,
                  entityType: 'staff',
                  entityId: staff.staffId,
                  unitId,
                  action: 'staff.created',
                  changes: Object.fromEntries(Object.entries(fields).map(([k, to]) => [k, { from: null, to }])),
                },
                now,
              );
            } else {
              // Another unit added the same person a moment ago; use that user.
              staff = await findStaffByHsaId(trx, input.hsaId);
            }
          }
          if (!staff) throw conflict('staff_conflict', 'The staff member was changed at the same time; try again.');
          const current = await rolesInUnit(trx, staff.staffId, unitId);
          return applyRoles(trx, actor, unitId, staff, [...current, ...input.roles], now);
        });
      } catch (error) {
        // The OIDC subject is unique too; a clash there means another account uses this HSA-id as its login.
        if (isUniqueViolation(error)) throw conflict('hsa_id_taken', 'Another staff account uses this HSA-id.');
        throw error;
      }
    },

    /** Sets the member's roles in the unit; `[]` removes them from it. Takes effect on their next request. */
    async setRoles(actor: StaffActor, unitId: string, staffId: string, roles: UnitRole[]): Promise<StaffMemberData> {
      requireUnitAdministration(actor, unitId);
      const now = clock.now();
      return db.transaction().execute(async (trx) => {
        await lockUnit(trx, unitId);
        const staff = await findStaffById(trx, staffId);
        if (!staff) throw notFound('staff member');
        return applyRoles(trx, actor, unitId, staff, roles, now);
      });
    },

    /** Staff by name or HSA-id, at most 50 (region admins only). */
    async searchStaff(actor: StaffActor, text: string): Promise<StaffData[]> {
      requireRegionAdmin(actor);
      return searchStaff(db, text, 50);
    },
  };
}
