/**
 * The access log for patient data (Patientdatalagen): who read or changed
 * whose data, in which role and unit, and why. Call `recordAudit` with the
 * transaction that performs the access, so the row exists exactly when the
 * access happened. (A later change adds a hash chain over the rows.)
 */

import type { Queryable } from './db/index.js';
import type { UnitRole } from './db/schema.js';
import { uuid } from './sessions.js';

/**
 * Who accessed the data. A full `CitizenActor` or `StaffActor` from auth.ts
 * fits; the citizen shape alone covers a citizen acting through a
 * single-use credential without a session (e.g. an e-mail verification link).
 */
export type AuditActor =
  | { kind: 'citizen'; personId: string }
  | {
      kind: 'staff';
      staffId: string;
      supportRole: 'first_line' | 'second_line' | null;
      units: { unitId: string; roles: UnitRole[] }[];
      activeUnitId: string | null;
    };

export interface AuditEntry {
  actor: AuditActor;
  /** The person whose data was accessed. */
  subjectPersonId: string;
  /** What was done, e.g. 'read', 'update', 'create'. */
  action: string;
  /** What kind of record, e.g. 'profile', 'identity'. */
  recordType: string;
  recordId?: string;
  /** Why, e.g. 'self_service', 'care', 'support'. */
  purpose: string;
  /** The care unit the access was made in (staff); defaults to the actor's active unit. */
  unitId?: string;
  /** When; defaults to the database's now(). Pass the clock's now for time-travelling tests. */
  at?: Date;
}

/** Writes one audit row through `q` (the transaction of the access). */
export async function recordAudit(q: Queryable, entry: AuditEntry): Promise<void> {
  const { actor } = entry;
  let actorKind: 'citizen' | 'staff' | 'support';
  let actorRole: string;
  let unitId: string | null = entry.unitId ?? null;
  if (actor.kind === 'citizen') {
    actorKind = 'citizen';
    actorRole = actor.personId === entry.subjectPersonId ? 'self' : 'representative';
  } else {
    unitId ??= actor.activeUnitId;
    const roles = unitId ? (actor.units.find((u) => u.unitId === unitId)?.roles ?? []) : [];
    // Support staff acting outside a care unit are logged as support, not as care staff.
    if (!unitId && actor.supportRole) {
      actorKind = 'support';
      actorRole = `support_${actor.supportRole}`;
    } else {
      actorKind = 'staff';
      actorRole = roles.length ? [...roles].sort().join(',') : 'staff';
    }
  }
  await q
    .insertInto('audit_log')
    .values({
      id: uuid(),
      ...(entry.at ? { at: entry.at } : {}),
      actor_kind: actorKind,
      actor_person_id: actor.kind === 'citizen' ? actor.personId : null,
      actor_staff_id: actor.kind === 'staff' ? actor.staffId : null,
      actor_role: actorRole,
      unit_id: unitId,
      subject_person_id: entry.subjectPersonId,
      action: entry.action,
      record_type: entry.recordType,
      record_id: entry.recordId ?? null,
      purpose: entry.purpose,
    })
    .execute();
}
