/**
 * SQL for care relationships, emergency accesses and the staff view of a
 * patient. Reads of patient data here are only called after
 * `requirePatientAccess` passed (patients) or the unit follow-up check passed
 * (emergency accesses of one unit); every function is scoped by unit or person.
 */

import { uuid } from '../../platform/db/helpers.js';
import type { Queryable } from '../../platform/db/index.js';

export interface PatientRow {
  id: string;
  personalNumber: string;
  givenName: string;
  familyName: string;
  protectedIdentity: boolean;
  address: { street: string | null; postalCode: string | null; city: string | null; municipality: string | null };
  phone: string | null;
  email: string | null;
  listedUnit: { id: string; name: string } | null;
}

/** The patient with contact details and listed unit (unredacted: the service redacts). */
export async function findPatient(q: Queryable, personId: string): Promise<PatientRow | null> {
  const r = await q
    .selectFrom('persons as p')
    .leftJoin('units as u', 'u.id', 'p.listed_unit_id')
    .select([
      'p.id',
      'p.personal_number',
      'p.given_name',
      'p.family_name',
      'p.protected_identity',
      'p.street',
      'p.postal_code',
      'p.city',
      'p.municipality',
      'p.phone',
      'p.email',
      'u.id as unit_id',
      'u.name as unit_name',
    ])
    .where('p.id', '=', personId)
    .executeTakeFirst();
  if (!r) return null;
  return {
    id: r.id,
    personalNumber: r.personal_number,
    givenName: r.given_name,
    familyName: r.family_name,
    protectedIdentity: r.protected_identity,
    address: { street: r.street, postalCode: r.postal_code, city: r.city, municipality: r.municipality },
    phone: r.phone,
    email: r.email,
    listedUnit: r.unit_id && r.unit_name ? { id: r.unit_id, name: r.unit_name } : null,
  };
}

export interface RelationshipRow {
  id: string;
  personId: string;
  unitId: string;
  reason: string;
  registeredBy: { staffId: string; name: string };
  createdAt: string;
  endsAt: string | null;
}

function relationshipQuery(q: Queryable) {
  return q
    .selectFrom('care_relationships as r')
    .innerJoin('staff as s', 's.id', 'r.registered_by')
    .select([
      'r.id',
      'r.person_id',
      'r.unit_id',
      'r.reason',
      'r.created_at',
      'r.ends_at',
      's.id as staff_id',
      's.given_name',
      's.family_name',
    ]);
}

type RelationshipSelect = Awaited<ReturnType<ReturnType<typeof relationshipQuery>['executeTakeFirstOrThrow']>>;

const toRelationship = (r: RelationshipSelect): RelationshipRow => ({
  id: r.id,
  personId: r.person_id,
  unitId: r.unit_id,
  reason: r.reason,
  registeredBy: { staffId: r.staff_id, name: `${r.given_name} ${r.family_name}` },
  createdAt: r.created_at.toISOString(),
  endsAt: r.ends_at ? r.ends_at.toISOString() : null,
});

/** The unit's relationships with the patient that are in force at `at`, newest first. */
export async function listActiveRelationships(
  q: Queryable,
  unitId: string,
  personId: string,
  at: Date,
): Promise<RelationshipRow[]> {
  const rows = await relationshipQuery(q)
    .where('r.unit_id', '=', unitId)
    .where('r.person_id', '=', personId)
    .where('r.created_at', '<=', at)
    .where((eb) => eb.or([eb('r.ends_at', 'is', null), eb('r.ends_at', '>', at)]))
    .orderBy('r.created_at', 'desc')
    .execute();
  return rows.map(toRelationship);
}

/**
 * Registers an open-ended relationship, or returns the one already open for
 * the unit and patient (`created: false`). One statement with the partial
 * unique index, so two simultaneous registrations yield one row.
 */
export async function registerRelationship(
  q: Queryable,
  input: { unitId: string; personId: string; reason: string; staffId: string; now: Date },
): Promise<{ relationship: RelationshipRow; created: boolean }> {
  const inserted = await q
    .insertInto('care_relationships')
    .values({
      id: uuid(),
      unit_id: input.unitId,
      person_id: input.personId,
      reason: input.reason,
      registered_by: input.staffId,
      created_at: input.now,
      ends_at: null,
    })
    .onConflict((oc) => oc.columns(['unit_id', 'person_id']).where('ends_at', 'is', null).doNothing())
    .returning('id')
    .executeTakeFirst();
  const row = await relationshipQuery(q)
    .where('r.unit_id', '=', input.unitId)
    .where('r.person_id', '=', input.personId)
    .where('r.ends_at', 'is', null)
    .executeTakeFirstOrThrow();
  return { relationship: toRelationship(row), created: inserted !== undefined };
}

/** Stores a new emergency access. */
export async function insertEmergencyAccess(
  q: Queryable,
  input: { unitId: string; staffId: string; personId: string; reason: string; now: Date; expiresAt: Date },
): Promise<{ id: string }> {
  const id = uuid();
  await q
    .insertInto('emergency_accesses')
    .values({
      id,
      unit_id: input.unitId,
      staff_id: input.staffId,
      person_id: input.personId,
      reason: input.reason,
      created_at: input.now,
      expires_at: input.expiresAt,
    })
    .execute();
  return { id };
}

/**
 * Stores an outreach: an invitation sent without a care relationship goes on the
 * unit's emergency follow-up list. It opens nothing (patient access reads only
 * kind 'emergency'); the table asks for a window, so it gets one of 1 ms.
 */
export async function insertOutreach(
  q: Queryable,
  input: { unitId: string; staffId: string; personId: string; reason: string; now: Date },
): Promise<void> {
  await q
    .insertInto('emergency_accesses')
    .values({
      id: uuid(),
      kind: 'outreach',
      unit_id: input.unitId,
      staff_id: input.staffId,
      person_id: input.personId,
      reason: input.reason,
      created_at: input.now,
      expires_at: new Date(input.now.getTime() + 1),
    })
    .execute();
}

/** The staff member's newest unexpired emergency access to the patient in the unit, or null. */
export async function findOwnActiveEmergency(
  q: Queryable,
  scope: { staffId: string; unitId: string; personId: string; at: Date },
): Promise<{ id: string; expiresAt: string } | null> {
  const row = await q
    .selectFrom('emergency_accesses')
    .select(['id', 'expires_at'])
    .where('kind', '=', 'emergency')
    .where('staff_id', '=', scope.staffId)
    .where('unit_id', '=', scope.unitId)
    .where('person_id', '=', scope.personId)
    .where('created_at', '<=', scope.at)
    .where('expires_at', '>', scope.at)
    .orderBy('expires_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { id: row.id, expiresAt: row.expires_at.toISOString() } : null;
}
