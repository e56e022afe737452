/** SQL for care episodes (migration 262): continuity with a named care contact. */
import type { Queryable } from '../../platform/db/index.js';

export async function insertEpisode(
  q: Queryable,
  row: {
    id: string;
    unitId: string;
    personId: string;
    label: string;
    contactStaffId: string;
    topicId: string | null;
    staffId: string;
    at: Date;
  },
): Promise<void> {
  await q
    .insertInto('care_episodes')
    .values({
      id: row.id,
      unit_id: row.unitId,
      patient_person_id: row.personId,
      label: row.label,
      contact_staff_id: row.contactStaffId,
      topic_id: row.topicId,
      created_by_staff_id: row.staffId,
      created_at: row.at,
    })
    .execute();
}

/** Active episodes with the unit and the contact's name (for a patient, or a unit's patient). */
export async function activeEpisodes(q: Queryable, filter: { personId: string; unitId?: string }) {
  let query = q
    .selectFrom('care_episodes as e')
    .innerJoin('units as u', 'u.id', 'e.unit_id')
    .innerJoin('staff as s', 's.id', 'e.contact_staff_id')
    .select([
      'e.id',
      'e.unit_id',
      'e.patient_person_id',
      'e.label',
      'e.contact_staff_id',
      'e.topic_id',
      'e.created_at',
      'u.name as unit_name',
      's.given_name',
      's.family_name',
      's.title',
    ])
    .where('e.patient_person_id', '=', filter.personId)
    .where('e.ended_at', 'is', null);
  if (filter.unitId) query = query.where('e.unit_id', '=', filter.unitId);
  return query.orderBy('e.created_at').execute();
}

export async function findEpisode(q: Queryable, id: string) {
  return q
    .selectFrom('care_episodes')
    .select(['id', 'unit_id', 'patient_person_id', 'contact_staff_id', 'topic_id', 'label', 'ended_at'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function endEpisode(q: Queryable, id: string, staffId: string, at: Date): Promise<boolean> {
  const r = await q
    .updateTable('care_episodes')
    .set({ ended_at: at, ended_by_staff_id: staffId })
    .where('id', '=', id)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function worksInUnit(q: Queryable, unitId: string, staffId: string): Promise<boolean> {
  const row = await q
    .selectFrom('staff_unit_roles as r')
    .innerJoin('staff as s', 's.id', 'r.staff_id')
    .select('s.id')
    .where('r.unit_id', '=', unitId)
    .where('s.id', '=', staffId)
    .where('s.active', '=', true)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * The care contact of the patient's active episode at the unit (the latest, if several), while the
 * contact still works there and is active; null otherwise.
 */
export async function activeContactAt(q: Queryable, unitId: string, personId: string): Promise<string | null> {
  const row = await q
    .selectFrom('care_episodes as e')
    .innerJoin('staff as s', 's.id', 'e.contact_staff_id')
    .select('e.contact_staff_id')
    .where('e.unit_id', '=', unitId)
    .where('e.patient_person_id', '=', personId)
    .where('e.ended_at', 'is', null)
    .where('s.active', '=', true)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('staff_unit_roles as r')
          .select('r.staff_id')
          .whereRef('r.staff_id', '=', 'e.contact_staff_id')
          .where('r.unit_id', '=', unitId),
      ),
    )
    .orderBy('e.created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.contact_staff_id ?? null;
}

/** Care-relationship source: an active care episode at the unit. */
export async function careEpisodeSource(
  q: Queryable,
  scope: { unitId: string; at: Date },
  personIds: string[],
): Promise<Set<string>> {
  if (personIds.length === 0) return new Set();
  const rows = await q
    .selectFrom('care_episodes')
    .select('patient_person_id')
    .where('unit_id', '=', scope.unitId)
    .where('ended_at', 'is', null)
    .where('patient_person_id', 'in', personIds)
    .execute();
  return new Set(rows.map((r) => r.patient_person_id));
}
