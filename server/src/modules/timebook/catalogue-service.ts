/**
 * Region administration of the timebook catalogue: time types, which units may
 * publish them, and age-group release rules. Region admins only; every change is
 * one transaction with its change-log entry. Retiring keeps the type and its history.
 */
import { randomUUID } from 'node:crypto';
import type { AdminReleaseInput, AdminTimeTypeInput, AdminTimeTypePatch } from '@ingang/contracts';
import type { z } from 'zod';
import type { StaffActor } from '../../platform/auth.js';
import type { Clock } from '../../platform/clock.js';
import { isUniqueViolation } from '../../platform/db/helpers.js';
import type { Db, Queryable } from '../../platform/db/index.js';
import { badRequest, conflict, notFound } from '../../platform/errors.js';
import { requireRegionAdmin } from './access.js';
import * as store from './catalogue-store.js';
import { creationChanges, diffFields, recordTimebookChange } from './change-log.js';
import { formExists } from './form-store.js';

type TimeTypeInput = z.infer<typeof AdminTimeTypeInput>;
type TimeTypePatch = z.infer<typeof AdminTimeTypePatch>;
type ReleaseInput = z.infer<typeof AdminReleaseInput>;

/** 400 naming the fields when the age range is reversed or the form is unknown. */
async function checkTypeFields(q: Queryable, values: Partial<store.TimeTypeValues>) {
  const fields: Record<string, string> = {};
  if (values.minAge != null && values.maxAge != null && values.minAge > values.maxAge) {
    fields['body.maxAge'] = 'must be at least minAge';
  }
  if (values.formId && !(await formExists(q, values.formId))) fields['body.formId'] = 'no such form';
  if (Object.keys(fields).length > 0) throw badRequest('invalid_input', 'Invalid time type.', fields);
}

/** Builds the catalogue administration service. */
export function createCatalogueService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  async function typeOr404(q: Queryable, id: string, forUpdate = false) {
    const type = await store.findTimeType(q, id, { forUpdate });
    if (!type) throw notFound('time type');
    return type;
  }

  return {
    /** Every time type, retired ones included. */
    async listTimeTypes(actor: StaffActor) {
      requireRegionAdmin(actor);
      return store.listTimeTypes(db);
    },

    /** Creates a time type; 409 `code_taken` when the code exists. */
    async createTimeType(actor: StaffActor, input: TimeTypeInput) {
      requireRegionAdmin(actor);
      const now = clock.now();
      const id = randomUUID();
      try {
        return await db.transaction().execute(async (trx) => {
          await checkTypeFields(trx, input);
          await store.insertTimeType(trx, id, input, now);
          await recordTimebookChange(
            trx,
            {
              actorStaffId: actor.staffId,
              entityType: 'time_type',
              entityId: id,
              action: 'time_type.created',
              changes: creationChanges(input),
            },
            now,
          );
          return typeOr404(trx, id);
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw conflict('code_taken', 'A time type with this code already exists.');
        throw error;
      }
    },

    /** Changes the fields sent; `retired` sets or clears retired_at. A no-op writes nothing. */
    async updateTimeType(actor: StaffActor, id: string, patch: TimeTypePatch) {
      requireRegionAdmin(actor);
      const now = clock.now();
      return db.transaction().execute(async (trx) => {
        const before = await typeOr404(trx, id, true);
        const { retired, ...fields } = patch;
        await checkTypeFields(trx, { minAge: before.minAge, maxAge: before.maxAge, ...fields });
        const changes = diffFields(before, fields);
        const retiredAt =
          retired === undefined || retired === (before.retiredAt !== null) ? undefined : retired ? now : null;
        if (retiredAt !== undefined)
          changes.retiredAt = { from: before.retiredAt, to: retiredAt?.toISOString() ?? null };
        if (Object.keys(changes).length === 0) return before;
        const values = Object.fromEntries(Object.keys(changes).map((k) => [k, fields[k as keyof typeof fields]]));
        await store.updateTimeType(trx, id, { ...values, ...(retiredAt !== undefined ? { retiredAt } : {}) }, now);
        await recordTimebookChange(
          trx,
          {
            actorStaffId: actor.staffId,
            entityType: 'time_type',
            entityId: id,
            action: retiredAt ? 'time_type.retired' : 'time_type.updated',
            changes,
          },
          now,
        );
        return typeOr404(trx, id);
      });
    },

    /** Sets which units may publish the type (400 naming unknown units). Existing times stay. */
    async setUnits(actor: StaffActor, id: string, unitIds: string[]) {
      requireRegionAdmin(actor);
      const wanted = [...new Set(unitIds)].sort();
      const now = clock.now();
      return db.transaction().execute(async (trx) => {
        const before = await typeOr404(trx, id, true);
        const known = await store.existingUnits(trx, wanted);
        const unknown = wanted.filter((u) => !known.has(u));
        if (unknown.length > 0) {
          throw badRequest('invalid_input', 'Unknown units.', {
            'body.unitIds': `unknown units: ${unknown.join(', ')}`,
          });
        }
        if (JSON.stringify(before.unitIds) === JSON.stringify(wanted)) return before;
        await store.setTimeTypeUnits(trx, id, wanted);
        await recordTimebookChange(
          trx,
          {
            actorStaffId: actor.staffId,
            entityType: 'time_type',
            entityId: id,
            action: 'time_type.units_changed',
            changes: { unitIds: { from: before.unitIds, to: wanted } },
          },
          now,
        );
        return typeOr404(trx, id);
      });
    },

    /** The type's release rules. */
    async listReleases(actor: StaffActor, typeId: string) {
      requireRegionAdmin(actor);
      await typeOr404(db, typeId);
      return store.listReleases(db, typeId);
    },

    /** Adds a release rule ("born 1956 or earlier from 3 May 08:00"). */
    async createRelease(actor: StaffActor, typeId: string, input: ReleaseInput) {
      requireRegionAdmin(actor);
      const now = clock.now();
      return db.transaction().execute(async (trx) => {
        await typeOr404(trx, typeId);
        const values = {
          id: randomUUID(),
          timeTypeId: typeId,
          bornOnOrBefore: input.bornOnOrBefore,
          minAge: input.minAge,
          opensAt: new Date(input.opensAt),
        };
        const release = await store.insertRelease(trx, values, actor.staffId, now);
        await recordTimebookChange(
          trx,
          {
            actorStaffId: actor.staffId,
            entityType: 'release_rule',
            entityId: release.id,
            action: 'release.created',
            changes: creationChanges({ ...input, timeTypeId: typeId }),
          },
          now,
        );
        return release;
      });
    },

    /** Pauses (true) or resumes (false) a release at once; repeating it changes nothing. */
    async setReleasePaused(actor: StaffActor, releaseId: string, paused: boolean) {
      requireRegionAdmin(actor);
      const now = clock.now();
      return db.transaction().execute(async (trx) => {
        const before = await store.findRelease(trx, releaseId);
        if (!before) throw notFound('release');
        if ((before.pausedAt !== null) === paused) return before;
        const release = await store.setReleasePaused(trx, releaseId, paused ? now : null);
        await recordTimebookChange(
          trx,
          {
            actorStaffId: actor.staffId,
            entityType: 'release_rule',
            entityId: releaseId,
            action: paused ? 'release.paused' : 'release.resumed',
            changes: { pausedAt: { from: before.pausedAt, to: release.pausedAt } },
          },
          now,
        );
        return release;
      });
    },
  };
}
