/**
 * Administration's view of the change log: who changed what, when, field by field.
 * Entries are written through platform/change-log.ts in the same transaction as the
 * change they describe; the unit's history is read here.
 */
import { sql } from 'kysely';
import { type FieldChanges, recordChangeLog } from '../../platform/change-log.js';
import type { Queryable } from '../../platform/db/index.js';

export type { FieldChanges };

export interface ChangeEntry {
  actorStaffId: string;
  entityType: 'unit' | 'staff';
  entityId: string;
  /** The unit the change belongs to; the unit's change history is read by it. */
  unitId: string;
  action: 'unit.created' | 'unit.updated' | 'staff.created' | 'staff.roles_changed';
  changes: FieldChanges;
}

/** Writes one change-log entry (through the platform's one writer of the table). */
export function recordChange(db: Queryable, entry: ChangeEntry, at: Date): Promise<void> {
  return recordChangeLog(db, entry, at);
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
