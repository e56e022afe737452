/** Change-log rows for the timebook catalogue and publications, written in the change's own transaction. */
import { type FieldChanges, recordChangeLog } from '../../platform/change-log.js';
import type { Queryable } from '../../platform/db/index.js';

export type { FieldChanges };

export interface TimebookChange {
  actorStaffId: string;
  entityType: 'time_type' | 'health_form' | 'release_rule' | 'slot_batch';
  entityId: string;
  action: string;
  changes: FieldChanges;
  /** The unit a publication belongs to; null for region-wide catalogue changes. */
  unitId?: string | null;
}

/** Writes one change-log entry (through the platform's one writer of the table). */
export function recordTimebookChange(db: Queryable, entry: TimebookChange, at: Date): Promise<void> {
  return recordChangeLog(db, entry, at);
}

/** The fields of `patch` whose value differs from `before`, as { field: { from, to } }. */
export function diffFields<T extends object>(before: T, patch: Partial<T>): FieldChanges {
  const changes: FieldChanges = {};
  for (const key of Object.keys(patch) as (keyof T)[]) {
    const to = patch[key];
    if (to === undefined) continue;
    if (JSON.stringify(before[key]) !== JSON.stringify(to)) changes[String(key)] = { from: before[key], to };
  }
  return changes;
}

/** Every field of a new entity, as changes from nothing. */
export function creationChanges(values: object): FieldChanges {
  return Object.fromEntries(Object.entries(values).map(([key, to]) => [key, { from: null, to }]));
}
