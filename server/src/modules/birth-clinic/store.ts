/**
 * The SQL for the birth-clinic tables (migration 170): delivery clinics,
 * capacity plans and week adjustments, pregnancies with their wishes and
 * allocations, and allocation runs. Reads of persons/units are joins only.
 */
import { sql } from 'kysely';
import type { Queryable } from '../../platform/db/index.js';
import type { NewJobRow } from '../../platform/jobs.js';
import type { RelationshipSource } from '../../platform/patient-access.js';

export interface ClinicRow {
  id: string;
  unit_id: string;
  name: string;
  short_name: string;
  description_sv: string;
  description_en: string;
  city: string;
  latitude: number;
  longitude: number;
}

/** Active delivery clinics, by name. */
export async function clinics(q: Queryable): Promise<ClinicRow[]> {
  return q
    .selectFrom('birth_clinics as c')
    .innerJoin('units as u', 'u.id', 'c.unit_id')
    .select([
      'c.id',
      'c.unit_id',
      'u.name',
      'c.short_name',
      'c.description_sv',
      'c.description_en',
      'u.city',
      'u.latitude',
      'u.longitude',
    ])
    .where('c.active', '=', true)
    .orderBy('u.name')
    .execute();
}

/** The delivery clinic a unit is, if any. */
export async function clinicOfUnit(q: Queryable, unitId: string) {
  return q
    .selectFrom('birth_clinics as c')
    .innerJoin('units as u', 'u.id', 'c.unit_id')
    .select(['c.id', 'u.name'])
    .where('c.unit_id', '=', unitId)
    .where('c.active', '=', true)
    .executeTakeFirst();
}

export async function unitFacts(q: Queryable, unitId: string) {
  return q
    .selectFrom('units')
    .select(['id', 'name', 'kind', 'latitude', 'longitude'])
    .where('id', '=', unitId)
    .executeTakeFirst();
}

/** Yearly plans for the given years. */
export async function plans(q: Queryable, years: number[]) {
  if (years.length === 0) return [];
  return q.selectFrom('birth_capacity_plans').selectAll().where('year', 'in', years).execute();
}

/** Week adjustments for the given weeks (all clinics). */
export async function weekAdjustments(q: Queryable, weeks: string[]) {
  if (weeks.length === 0) return [];
  return q.selectFrom('birth_capacity_weeks').selectAll().where('week', 'in', weeks).execute();
}

/** Week adjustments of a year (keys 'YYYY-W..'). */
export async function weekAdjustmentsOfYear(q: Queryable, year: number) {
  return q.selectFrom('birth_capacity_weeks').selectAll().where('week', 'like', `${year}-W%`).orderBy('week').execute();
}

export async function upsertPlan(
  q: Queryable,
  row: { clinic_id: string; year: number; births: number; at: Date; staffId: string },
) {
  await q
    .insertInto('birth_capacity_plans')
    .values({
      clinic_id: row.clinic_id,
      year: row.year,
      births: row.births,
      updated_at: row.at,
      updated_by_staff_id: row.staffId,
    })
    .onConflict((oc) =>
      oc
        .columns(['clinic_id', 'year'])
        .doUpdateSet({ births: row.births, updated_at: row.at, updated_by_staff_id: row.staffId }),
    )
    .execute();
}

export async function upsertWeek(
  q: Queryable,
  row: {
    clinic_id: string;
    week: string;
    capacity: number | null;
    closed: boolean;
    reason: string;
    at: Date;
    staffId: string;
  },
) {
  const values = {
    capacity: row.capacity,
    closed: row.closed,
    reason: row.reason,
    updated_at: row.at,
    updated_by_staff_id: row.staffId,
  };
  await q
    .insertInto('birth_capacity_weeks')
    .values({ clinic_id: row.clinic_id, week: row.week, ...values })
    .onConflict((oc) => oc.columns(['clinic_id', 'week']).doUpdateSet(values))
    .execute();
}

/** How many have been told a place at the clinic in each week (for capacity checks and alerts). */
export async function toldCounts(q: Queryable, clinicId: string, weeks: string[]) {
  if (weeks.length === 0) return new Map<string, number>();
  const rows = await q
    .selectFrom('pregnancies')
    .select(['delivery_week', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', '=', 'active')
    .where('allocated_clinic_id', '=', clinicId)
    .where('told_at', 'is not', null)
    .where('delivery_week', 'in', weeks)
    .groupBy('delivery_week')
    .execute();
  return new Map(rows.map((r) => [r.delivery_week, Number(r.n)]));
}

const pregnancyColumns = [
  'p.id',
  'p.person_id',
  'p.antenatal_unit_id',
  'p.due_date',
  'p.delivery_week',
  'p.cutoff_at',
  'p.registered_at',
  'p.wish_clinic_ids',
  'p.wishes_version',
  'p.wishes_updated_by',
  'p.allocated_clinic_id',
  'p.allocation_basis',
  'p.allocation_rank',
  'p.allocation_reason',
  'p.told_at',
  'p.override_reason',
] as const;

/** The person's active pregnancy with her antenatal clinic's name. */
export async function activeOfPerson(q: Queryable, personId: string, lock = false) {
  let query = q
    .selectFrom('pregnancies as p')
    .innerJoin('units as u', 'u.id', 'p.antenatal_unit_id')
    .select([...pregnancyColumns, 'u.name as antenatal_name'])
    .where('p.person_id', '=', personId)
    .where('p.status', '=', 'active');
  if (lock) query = query.forUpdate('p');
  return query.executeTakeFirst();
}

/** One active pregnancy registered at the unit (locked when asked). */
export async function ofUnit(q: Queryable, unitId: string, id: string, lock = false) {
  let query = q
    .selectFrom('pregnancies as p')
    .select(pregnancyColumns)
    .where('p.id', '=', id)
    .where('p.antenatal_unit_id', '=', unitId)
    .where('p.status', '=', 'active');
  if (lock) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function byId(q: Queryable, id: string) {
  return q.selectFrom('pregnancies as p').select(pregnancyColumns).where('p.id', '=', id).executeTakeFirst();
}

export type PregnancyRow = NonNullable<Awaited<ReturnType<typeof byId>>>;

/** The unit's active pregnancies with the patients' names, by due date. */
export async function listOfUnit(q: Queryable, unitId: string) {
  return q
    .selectFrom('pregnancies as p')
    .innerJoin('persons as per', 'per.id', 'p.person_id')
    .leftJoin('birth_clinics as c', 'c.id', 'p.allocated_clinic_id')
    .leftJoin('units as cu', 'cu.id', 'c.unit_id')
    .select([
      ...pregnancyColumns,
      'per.given_name',
      'per.family_name',
      'per.personal_number',
      'per.protected_identity',
      'cu.name as clinic_name',
    ])
    .where('p.antenatal_unit_id', '=', unitId)
    .where('p.status', '=', 'active')
    .orderBy('p.due_date')
    .orderBy('p.id')
    .execute();
}

export async function insertPregnancy(
  q: Queryable,
  row: {
    id: string;
    person_id: string;
    unit_id: string;
    due_date: string;
    week: string;
    cutoff_at: Date;
    at: Date;
    staffId: string;
  },
) {
  await q
    .insertInto('pregnancies')
    .values({
      id: row.id,
      person_id: row.person_id,
      antenatal_unit_id: row.unit_id,
      due_date: row.due_date,
      delivery_week: row.week,
      cutoff_at: row.cutoff_at,
      status: 'active',
      registered_at: row.at,
      registered_by_staff_id: row.staffId,
      updated_at: row.at,
    })
    .execute();
}

export async function updateDueDate(q: Queryable, id: string, dueDate: string, week: string, cutoffAt: Date, at: Date) {
  await q
    .updateTable('pregnancies')
    .set({ due_date: dueDate, delivery_week: week, cutoff_at: cutoffAt, updated_at: at })
    .where('id', '=', id)
    .execute();
}

/**
 * Sets the wishes if they are still at `version` (the guard a concurrent change
 * by patient or midwife trips over); returns false when someone changed them first.
 */
export async function setWishes(
  q: Queryable,
  id: string,
  change: { clinicIds: string[]; version: number; by: 'citizen' | 'staff'; reason: string | null; at: Date },
): Promise<boolean> {
  const result = await q
    .updateTable('pregnancies')
    .set({
      wish_clinic_ids: sql`${sql.val(change.clinicIds)}::uuid[]`,
      wishes_version: change.version + 1,
      wishes_updated_at: change.at,
      wishes_updated_by: change.by,
      wishes_reason: change.reason,
      updated_at: change.at,
    })
    .where('id', '=', id)
    .where('wishes_version', '=', change.version)
    .where('cutoff_at', '>', change.at)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The antenatal clinic's relationship: it registered the patient's active pregnancy. */
export const registeredPregnancySource: RelationshipSource = async (q, scope, personIds) => {
  const rows = await q
    .selectFrom('pregnancies')
    .select('person_id')
    .where('antenatal_unit_id', '=', scope.unitId)
    .where('status', '=', 'active')
    .where('person_id', 'in', personIds)
    .where('registered_at', '<=', scope.at)
    .execute();
  return new Set(rows.map((r) => r.person_id));
};

/** What the clinic list needs about the patient: postal code, protection, language. */
export async function personFacts(q: Queryable, personId: string) {
  return q
    .selectFrom('persons')
    .select(['postal_code', 'protected_identity', 'locale'])
    .where('id', '=', personId)
    .executeTakeFirst();
}

/** An override: the clinic, told now, with the reason and who made it. */
export async function overrideAllocation(
  q: Queryable,
  id: string,
  o: { clinicId: string; reason: string; staffId: string; at: Date },
) {
  await q
    .updateTable('pregnancies')
    .set({
      allocated_clinic_id: o.clinicId,
      allocation_basis: 'override',
      allocation_rank: null,
      allocation_reason: 'override',
      override_reason: o.reason,
      override_by_staff_id: o.staffId,
      allocated_at: o.at,
      told_at: o.at,
      reminded_at: null,
      updated_at: o.at,
    })
    .where('id', '=', id)
    .where('status', '=', 'active')
    .execute();
}

/** What a notification needs: status, week, told/reminded, cut-off, clinic name, the patient's mail settings. */
export async function notifyFacts(q: Queryable, pregnancyId: string) {
  return q
    .selectFrom('pregnancies as p')
    .innerJoin('persons as per', 'per.id', 'p.person_id')
    .leftJoin('birth_clinics as c', 'c.id', 'p.allocated_clinic_id')
    .leftJoin('units as u', 'u.id', 'c.unit_id')
    .select([
      'p.status',
      'p.delivery_week',
      'p.told_at',
      'p.reminded_at',
      'p.cutoff_at',
      'u.name as clinic',
      'per.email',
      'per.email_verified_at',
      'per.notify_email',
    ])
    .where('p.id', '=', pregnancyId)
    .executeTakeFirst();
}

/** Claims the reminder (true once); two workers never both send it. */
export async function markReminded(q: Queryable, pregnancyId: string, at: Date): Promise<boolean> {
  const r = await q
    .updateTable('pregnancies')
    .set({ reminded_at: at })
    .where('id', '=', pregnancyId)
    .where('reminded_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Inserts prepared job rows (one statement per 500). */
export async function insertJobRows(q: Queryable, rows: NewJobRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500)
    await q
      .insertInto('jobs')
      .values(rows.slice(i, i + 500))
      .execute();
}
