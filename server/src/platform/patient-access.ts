/**
 * Staff access to a patient's data: the one gate every capability (overview,
 * booking, messages, video, invitations) calls before it reads or writes a
 * patient's data as staff.
 *
 * A staff member works in their session's active unit, and that unit must have
 * a care relationship with the patient. Relationship kinds come from small
 * set-based sources, `(q, scope, personIds) → allowed subset`, asked in
 * order: 'listed' (persons.listed_unit_id) and 'registered'
 * (care_relationships) are built in; the modules contribute theirs as
 * `accessSources` (a booking, a conversation, an invitation…), and app.ts builds
 * the one gate (`createPatientAccess`) from that list — no global registry.
 * Emergency access (nödåtkomst) is asked last, so an access that has a real
 * relationship is never flagged as an emergency; an emergency access is
 * personal to the staff member who took it, and its audit rows are flagged.
 *
 * Refusals are recorded too. A refused attempt throws `PatientAccessRefused`,
 * which rolls the caller's transaction back, so the refusal cannot be written
 * in it; nor can it be written beside it (PGlite has one connection, and the
 * open transaction holds it). `patientTransaction(db, fn)` therefore runs the
 * transaction and, after the rollback, writes the refusal to `access_refusals`
 * in a transaction of its own before rethrowing. Services that touch patient
 * data as staff open their transaction with it.
 */

import { redactForStaff, worksInUnit } from '@ingang/domain';
import { sql } from 'kysely';
import { recordAudit } from './audit.js';
import type { StaffActor } from './auth.js';
import { uuid } from './db/helpers.js';
import type { Db, Queryable, Tx } from './db/index.js';
import { AppError, forbidden, notFound } from './errors.js';
import type { AccessSourceSpec } from './module.js';

export { redactForStaff };

/** How the unit is allowed to see the patient. Later modules add kinds by registering sources. */
export type RelationshipKind = 'listed' | 'registered' | 'emergency' | (string & {});

/** The context a source answers for: the active unit, the staff member, the instant. */
export interface RelationshipScope {
  unitId: string;
  staffId: string;
  at: Date;
}

/** Returns the subset of `personIds` this source relates to the scope's unit (or staff member). */
export type RelationshipSource = (q: Queryable, scope: RelationshipScope, personIds: string[]) => Promise<Set<string>>;

export interface PatientAccessRequest {
  /** What is done, e.g. 'read', 'update', 'lookup'. */
  action: string;
  /** What kind of record, e.g. 'patient_overview', 'booking'. */
  recordType: string;
  recordId?: string;
  /** Why, e.g. 'care', 'lookup'. */
  purpose: string;
  /** The clock's now: used for expiries and as the audit time. */
  at: Date;
}

export interface PatientAccessGrant {
  relationship: RelationshipKind;
  unitId: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const listedSource: RelationshipSource = async (q, scope, personIds) => {
  const rows = await q
    .selectFrom('persons')
    .select('id')
    .where('listed_unit_id', '=', scope.unitId)
    .where('id', 'in', personIds)
    .execute();
  return new Set(rows.map((r) => r.id));
};

const registeredSource: RelationshipSource = async (q, scope, personIds) => {
  const rows = await q
    .selectFrom('care_relationships')
    .select('person_id')
    .where('unit_id', '=', scope.unitId)
    .where('person_id', 'in', personIds)
    .where('created_at', '<=', scope.at)
    .where((eb) => eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', scope.at)]))
    .execute();
  return new Set(rows.map((r) => r.person_id));
};

/** Emergency access: personal to the staff member, in the unit it was taken in, until it expires. */
const emergencySource: RelationshipSource = async (q, scope, personIds) => {
  const rows = await q
    .selectFrom('emergency_accesses')
    .select('person_id')
    .where('staff_id', '=', scope.staffId)
    .where('unit_id', '=', scope.unitId)
    .where('person_id', 'in', personIds)
    .where('created_at', '<=', scope.at)
    .where('expires_at', '>', scope.at)
    .execute();
  return new Set(rows.map((r) => r.person_id));
};

/**
 * A source for "the patient has a record of this kind at the unit": a row in `table` with the
 * unit, the person in `personColumn`, created by the scope's instant (bookings, invitations,
 * conversations all relate a patient to a unit this way).
 */
export function unitRecordSource(table: string, personColumn: string): RelationshipSource {
  return async (q, scope, personIds) => {
    const rows = await sql<{ person_id: string }>`
      select distinct ${sql.ref(personColumn)} as person_id from ${sql.table(table)}
      where unit_id = ${scope.unitId} and ${sql.ref(personColumn)} in (${sql.join(personIds)})
        and created_at <= ${scope.at}`.execute(q);
    return new Set(rows.rows.map((r) => r.person_id));
  };
}

/** The gate, over the relationship sources app.ts collected from the modules. */
export interface PatientAccess {
  /**
   * Passes when the actor's active unit has a care relationship with the
   * patient (or the actor holds an unexpired emergency access there) and writes
   * the audit row through `q`, flagged for an emergency access. Otherwise throws
   * 403 `no_active_unit` or `no_care_relationship` (unknown patients look the same).
   */
  require(q: Tx, actor: StaffActor, personId: string, request: PatientAccessRequest): Promise<PatientAccessGrant>;
  /**
   * The subset of `personIds` the actor may open in their active unit now (empty
   * without an active unit). Writes no audit row: a list audits what it shows.
   */
  allowed(q: Queryable, actor: StaffActor, personIds: string[], at: Date): Promise<Set<string>>;
  /** Every relationship kind the actor's active unit (and own emergency access) has with the patient. */
  relationshipsWith(q: Queryable, actor: StaffActor, personId: string, at: Date): Promise<RelationshipKind[]>;
  /** The names of the sources, in the order they are asked (emergency access comes after them). */
  sourceNames(): string[];
  /**
   * Adds the modules' sources (after 'listed' and 'registered', in the order given). app.ts
   * calls it once, when every module is wired; a second call throws, so the policy a service
   * sees cannot depend on what was mounted when.
   */
  complete(sources: readonly AccessSourceSpec[]): void;
}

/** A patient-access gate; `sources` (optional) completes it at once (tests, scripts). */
export function createPatientAccess(sources?: readonly AccessSourceSpec[]): PatientAccess {
  const asked: [string, RelationshipSource][] = [
    ['listed', listedSource],
    ['registered', registeredSource],
  ];
  let completed = false;

  /** Every kind of relationship per person, asking all sources (emergency last). */
  async function relationshipMap(q: Queryable, scope: RelationshipScope, personIds: string[], firstOnly: boolean) {
    const result = new Map<string, RelationshipKind[]>();
    let pending = [...new Set(personIds.filter((id) => UUID.test(id)))];
    for (const [name, source] of [...asked, ['emergency', emergencySource] as const]) {
      if (pending.length === 0) break;
      const found = await source(q, scope, pending);
      for (const id of found) result.set(id, [...(result.get(id) ?? []), name]);
      if (firstOnly) pending = pending.filter((id) => !found.has(id));
    }
    return result;
  }

  const access: PatientAccess = {
    async require(q, actor, personId, request) {
      const unitId = actor.activeUnitId;
      if (!unitId) throw patientAccessRefused(actor, { personId }, request);
      const found = await relationshipMap(q, { unitId, staffId: actor.staffId, at: request.at }, [personId], true);
      const relationship = found.get(personId)?.[0];
      if (!relationship) throw patientAccessRefused(actor, { personId }, request);
      const emergency =
        relationship === 'emergency' ? await activeEmergency(q, actor.staffId, unitId, personId, request.at) : null;
      await recordAudit(q, {
        actor,
        subjectPersonId: personId,
        action: request.action,
        recordType: request.recordType,
        recordId: request.recordId,
        purpose: request.purpose,
        unitId,
        at: request.at,
        ...(emergency ? { flagged: true, reason: `Nödåtkomst ${emergency.id}: ${emergency.reason}` } : {}),
      });
      return { relationship, unitId };
    },

    async allowed(q, actor, personIds, at) {
      if (!actor.activeUnitId) return new Set();
      const scope = { unitId: actor.activeUnitId, staffId: actor.staffId, at };
      return new Set((await relationshipMap(q, scope, personIds, true)).keys());
    },

    async relationshipsWith(q, actor, personId, at) {
      if (!actor.activeUnitId) return [];
      const scope = { unitId: actor.activeUnitId, staffId: actor.staffId, at };
      return (await relationshipMap(q, scope, [personId], false)).get(personId) ?? [];
    },

    sourceNames: () => asked.map(([name]) => name),

    complete(specs) {
      if (completed) throw new Error('patient access is already complete');
      completed = true;
      for (const { name, source } of specs) {
        if (name === 'emergency') throw new Error("'emergency' is reserved for emergency access");
        if (asked.some(([taken]) => taken === name))
          throw new Error(`relationship source '${name}' is already registered`);
        asked.push([name, source]);
      }
    },
  };
  if (sources) access.complete(sources);
  return access;
}

/** Thrown when staff may not open a patient's data; `patientTransaction` records it after the rollback. */
export class PatientAccessRefused extends AppError {
  /** Set once the refusal is in access_refusals. */
  recorded = false;
  constructor(
    readonly attempt: {
      staffId: string;
      unitId: string | null;
      subject: { personId: string } | { personalNumber: string };
      request: PatientAccessRequest;
    },
    code: 'no_care_relationship' | 'no_active_unit',
  ) {
    super(
      403,
      code,
      code === 'no_active_unit'
        ? 'Choose the unit you are working in first.'
        : 'Your unit has no care relationship with this patient. Register a relationship or use emergency access.',
    );
  }
}

/** A refusal for an attempt that named a patient the caller could not resolve (e.g. an unknown personnummer). */
export function patientAccessRefused(
  actor: StaffActor,
  subject: { personId: string } | { personalNumber: string },
  request: PatientAccessRequest,
): PatientAccessRefused {
  return new PatientAccessRefused(
    { staffId: actor.staffId, unitId: actor.activeUnitId, subject, request },
    actor.activeUnitId ? 'no_care_relationship' : 'no_active_unit',
  );
}

/** The newest unexpired emergency access of the staff member to the patient in the unit. */
async function activeEmergency(q: Queryable, staffId: string, unitId: string, personId: string, at: Date) {
  return q
    .selectFrom('emergency_accesses')
    .select(['id', 'reason'])
    .where('staff_id', '=', staffId)
    .where('unit_id', '=', unitId)
    .where('person_id', '=', personId)
    .where('expires_at', '>', at)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Writes a refused attempt in its own transaction (the refused one has rolled back). */
export async function recordRefusal(db: Db, refusal: PatientAccessRefused): Promise<void> {
  if (refusal.recorded) return;
  const { attempt } = refusal;
  const subject = attempt.subject;
  await db
    .insertInto('access_refusals')
    .values({
      id: uuid(),
      at: attempt.request.at,
      staff_id: attempt.staffId,
      unit_id: attempt.unitId,
      subject_person_id: 'personId' in subject && UUID.test(subject.personId) ? subject.personId : null,
      subject_personal_number: 'personalNumber' in subject ? subject.personalNumber : null,
      action: attempt.request.action,
      record_type: attempt.request.recordType,
      record_id: attempt.request.recordId ?? null,
      purpose: attempt.request.purpose,
      reason: refusal.code,
    })
    .execute();
  refusal.recorded = true;
}

/**
 * Runs `fn` in a transaction; when it throws `PatientAccessRefused`, records the
 * refusal after the rollback and rethrows. Use it for every staff access to
 * patient data so refused attempts are never lost.
 */
export async function patientTransaction<T>(db: Db, fn: (trx: Tx) => Promise<T>): Promise<T> {
  try {
    return await db.transaction().execute(fn);
  } catch (error) {
    if (error instanceof PatientAccessRefused) await recordRefusal(db, error);
    throw error;
  }
}

/**
 * Patient data of a unit (day list, inbox, invitations, risk flags): only staff
 * who work in the unit, working in it now (their session's active unit), so the
 * audit row names the unit the data was seen in. Region administration is no
 * care role: a region admin outside the unit gets 404 like anyone else.
 */
export function requireUnitCare(actor: StaffActor, unitId: string): void {
  if (!worksInUnit(actor, unitId)) throw notFound('unit');
  if (actor.activeUnitId !== unitId) {
    throw forbidden('wrong_active_unit', 'Choose this unit as the unit you are working in first.');
  }
}
