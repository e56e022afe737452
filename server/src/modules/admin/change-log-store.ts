/**
 * SQL for administration's change log: who changed what, when, field by field.
 * Entries are written in the same transaction as the change they describe.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Queryable } from '../../platform/db/index.js';

export type FieldChanges = Record<string, { from: unknown; to: unknown }>;

export interface ChangeEntry {
  actorStaffId: string;
  entityType: 'unit' | 'staff';
  entityId: string;
  /** The unit the change belongs to; the unit's change history is read by it. */
  unitId: string;
  action: 'unit.created' | 'unit.updated' | 'staff.created' | 'staff.roles_changed';
  changes: FieldChanges;
}

/** Writes one change-log entry. */
export async function recordChange(db: Queryable, entry: ChangeEntry, at: Date): Promise<void> {
  await db
    .insertInto('change_log')
    .values({
      id: randomUUID(),
      at,
      actor_staff_id: entry.actorStaffId,
      entity_type: entry.entityType,
      entity_id: entry.entityId,
      unit_id: entry.unitId,
      action: entry.action,
      changes: JSON.stringify(entry.changes),
    })
    .execute();
}

/** A unit's change history, newest first, with the actor's and the entity's current names. */
export async function listUnitChanges(db: Queryable, unitId: string, limit = 500) {
  const rows = await db
    .selectFrom('change_log')
    .leftJoin('staff as actor', 'actor.id', 'change_log.actor_staff_id')
    .leftJoin('units as eu', (join) =>
      join.onRef('eu.id', '=', 'change_log.entity_id').on('change_log.entity_type', '=', 'unit'),
    )
    .leftJoin('staff as es', (join) =>
      join.onRef('es.id', '=', 'change_log.entity_id').on('change_log.entity_type', '=', 'staff'),
    )
    .select([
      'change_log.id',
      'change_log.at',
      'change_log.actor_staff_id',
      'actor.given_name as actor_given',
      'actor.family_name as actor_family',
      'change_log.entity_type',
      'change_log.entity_id',
      'eu.name as unit_name',
      'es.given_name as staff_given',
      'es.family_name as staff_family',
      'change_log.action',
      'change_log.changes',
    ])
    .where('change_log.unit_id', '=', unitId)
    .orderBy('change_log.at', 'desc')
    .orderBy(sql`change_log.seq`, 'desc')
    .limit(limit)
    .execute();
  const fullName = (given: string | null, family: string | null) => (given ? `${given} ${family ?? ''}`.trim() : null);
  return rows.map((r) => ({
    id: r.id,
    at: r.at.toISOString(),
    actor: { staffId: r.actor_staff_id, name: fullName(r.actor_given, r.actor_family) },
    entityType: r.entity_type,
    entityId: r.entity_id,
    entityName: r.unit_name ?? fullName(r.staff_given, r.staff_family),
    action: r.action,
    changes: r.changes,
  }));
}
