/**
 * The change log (who changed what, when, field by field) is a platform table like
 * the audit log: administration and the timebook both write it, each in the
 * transaction of the change it describes, through this one helper.
 */
import { randomUUID } from 'node:crypto';
import type { Queryable } from './db/index.js';

export type FieldChanges = Record<string, { from: unknown; to: unknown }>;

export interface ChangeLogEntry {
  actorStaffId: string;
  entityType: string;
  entityId: string;
  action: string;
  changes: FieldChanges;
  /** The unit the change belongs to (its history is read by it); null for region-wide changes. */
  unitId?: string | null;
}

/** Writes one change-log entry. */
export async function recordChangeLog(db: Queryable, entry: ChangeLogEntry, at: Date): Promise<void> {
  await db
    .insertInto('change_log')
    .values({
      id: randomUUID(),
      at,
      actor_staff_id: entry.actorStaffId,
      entity_type: entry.entityType,
      entity_id: entry.entityId,
      unit_id: entry.unitId ?? null,
      action: entry.action,
      changes: JSON.stringify(entry.changes),
    })
    .execute();
}
