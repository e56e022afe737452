/**
 * Unit administration: region admins create and edit any unit; unit admins
 * edit their own unit's details. Each change is one transaction that also
 * writes its change-log entry, so a change is never recorded half-way.
 */
import { randomUUID } from 'node:crypto';
import type { CreateUnitRequest, UpdateUnitRequest } from '@ingang/contracts';
import { hasUnitRole, isRegionAdmin } from '@ingang/domain';
import type { z } from 'zod';
import type { StaffActor } from '../../platform/auth.js';
import type { Clock } from '../../platform/clock.js';
import { isUniqueViolation } from '../../platform/db/helpers.js';
import type { Db } from '../../platform/db/index.js';
import { conflict, notFound } from '../../platform/errors.js';
import type { UnitRecords } from '../units/index.js';
import { regionOnlyFields, requireRegionAdmin, requireUnitAdministration } from './access.js';
import { listUnitChanges, recordChange } from './change-log-store.js';
import { creationChanges, diffUnit, normalizeUnitInput, REGION_ONLY_FIELDS } from './unit-diff.js';

type CreateUnit = z.infer<typeof CreateUnitRequest>;
type UpdateUnit = z.infer<typeof UpdateUnitRequest>;

const hsaIdTaken = () => conflict('hsa_id_taken', 'A unit with this HSA-id already exists.');

/** Runs a write and turns the HSA-id unique violation (also from a concurrent request) into 409. */
async function mapHsaConflict<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw hsaIdTaken();
    throw error;
  }
}

export type UnitAdminService = ReturnType<typeof createUnitAdminService>;

/** Builds the unit administration service. */
export function createUnitAdminService(deps: { db: Db; clock: Clock; unitRecords: UnitRecords }) {
  const { db, clock, unitRecords } = deps;
  return {
    /** Region admins: every unit, inactive included. Others: the units they administer. */
    async listUnits(actor: StaffActor) {
      if (isRegionAdmin(actor)) return unitRecords.list(db);
      const administered = actor.units.filter((u) => hasUnitRole(actor, u.unitId, 'unit_admin')).map((u) => u.unitId);
      return unitRecords.list(db, administered);
    },

    /** Creates a unit (region admins only); 409 `hsa_id_taken` when the HSA-id exists. */
    async createUnit(actor: StaffActor, input: CreateUnit) {
      requireRegionAdmin(actor);
      const values = { ...normalizeUnitInput(input), active: true };
      const now = clock.now();
      return mapHsaConflict(() =>
        db.transaction().execute(async (trx) => {
          const unit = await unitRecords.insert(trx, randomUUID(), values, now);
          const { id: _id, updatedAt: _at, ...created } = unit;
          await recordChange(
            trx,
            {
              actorStaffId: actor.staffId,
              entityType: 'unit',
              entityId: unit.id,
              unitId: unit.id,
              action: 'unit.created',
              changes: creationChanges(created),
            },
            now,
          );
          return unit;
        }),
      );
    },

    /**
     * Changes the fields sent that differ from the stored ones; records exactly
     * those. Region-only fields (hsaId, kind, providerType, active) are refused for
     * unit admins with 403 — only when the value would actually change, so a form
     * that sends the unit back unchanged still saves. A no-op writes nothing.
     */
    async updateUnit(actor: StaffActor, unitId: string, input: UpdateUnit) {
      requireUnitAdministration(actor, unitId);
      const patch = normalizeUnitInput(input);
      const now = clock.now();
      return mapHsaConflict(() =>
        db.transaction().execute(async (trx) => {
          const before = await unitRecords.find(trx, unitId, { forUpdate: true });
          if (!before) throw notFound('unit');
          const changes = diffUnit(before, patch);
          const refused = REGION_ONLY_FIELDS.filter((f) => f in changes);
          if (refused.length > 0 && !isRegionAdmin(actor)) throw regionOnlyFields(refused);
          const changed = Object.keys(changes);
          if (changed.length === 0) return before;
          const values = Object.fromEntries(changed.map((k) => [k, patch[k as keyof UpdateUnit]]));
          const unit = await unitRecords.update(trx, unitId, values, now);
          await recordChange(
            trx,
            {
              actorStaffId: actor.staffId,
              entityType: 'unit',
              entityId: unitId,
              unitId,
              action: 'unit.updated',
              changes,
            },
            now,
          );
          return unit;
        }),
      );
    },

    /** The unit's change history (units, staff and roles), newest first. */
    async listChanges(actor: StaffActor, unitId: string) {
      requireUnitAdministration(actor, unitId);
      const unit = await unitRecords.find(db, unitId);
      if (!unit) throw notFound('unit');
      return listUnitChanges(db, unitId);
    },
  };
}
