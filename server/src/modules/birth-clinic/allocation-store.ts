/**
 * The SQL of the allocation run and the region's figures: every active
 * pregnancy with what the rules need, the placements written back in batches,
 * the run row, the delivery list and the capacity-vs-demand counts.
 */
import { type Insertable, sql } from 'kysely';
import type { Queryable } from '../../platform/db/index.js';
import type { BirthAllocationRunsTable } from '../../platform/db/schema.js';

/** Serialises allocation runs across instances (the lock ends with the transaction). */
export async function lockRuns(q: Queryable): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('birth-clinic.allocate'))`.execute(q);
}

/** Every active pregnancy with her home postal code and the antenatal clinic's position. */
export async function allocationInputs(q: Queryable) {
  return q
    .selectFrom('pregnancies as p')
    .innerJoin('persons as per', 'per.id', 'p.person_id')
    .innerJoin('units as u', 'u.id', 'p.antenatal_unit_id')
    .select([
      'p.id',
      'p.person_id',
      'p.delivery_week',
      'p.registered_at',
      'p.cutoff_at',
      'p.wish_clinic_ids',
      'p.allocated_clinic_id',
      'p.allocation_basis',
      'p.allocation_rank',
      'p.allocation_reason',
      'p.told_at',
      'per.postal_code',
      'per.protected_identity',
      'u.latitude',
      'u.longitude',
    ])
    .where('p.status', '=', 'active')
    .execute();
}

export interface PlacementWrite {
  id: string;
  clinicId: string | null;
  basis: string;
  rank: number | null;
  reason: string;
  tell: boolean;
}

/** Writes placements in batches of one statement each; `tell` sets told_at (and clears the reminder). */
export async function writePlacements(q: Queryable, rows: PlacementWrite[], runId: string, at: Date): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    const batch = rows.slice(i, i + 1000);
    const values = sql.join(
      batch.map(
        (r) =>
          sql`(${r.id}::uuid, ${r.clinicId}::uuid, ${r.basis}::text, ${r.rank}::int, ${r.reason}::text, ${r.tell}::boolean)`,
      ),
    );
    await sql`
      update pregnancies as p set
        allocated_clinic_id = v.clinic_id,
        allocation_basis = v.basis,
        allocation_rank = v.rank,
        allocation_reason = v.reason,
        allocation_run_id = ${runId}::uuid,
        allocated_at = ${at},
        told_at = case when v.tell then ${at}::timestamptz else p.told_at end,
        reminded_at = case when v.tell then null else p.reminded_at end,
        updated_at = ${at}
      from (values ${values}) as v(id, clinic_id, basis, rank, reason, tell)
      where p.id = v.id`.execute(q);
  }
}

export async function insertRun(q: Queryable, run: Insertable<BirthAllocationRunsTable>) {
  await q.insertInto('birth_allocation_runs').values(run).execute();
}

/** The clinic's allocated patients in a week (told or provisional), by due date. */
export async function deliveryList(q: Queryable, clinicId: string, week: string) {
  return q
    .selectFrom('pregnancies as p')
    .innerJoin('persons as per', 'per.id', 'p.person_id')
    .select([
      'p.id',
      'p.person_id',
      'p.due_date',
      'p.allocation_basis',
      'p.override_reason',
      'per.given_name',
      'per.family_name',
      'per.personal_number',
    ])
    .where('p.status', '=', 'active')
    .where('p.allocated_clinic_id', '=', clinicId)
    .where('p.delivery_week', '=', week)
    .where('p.told_at', 'is not', null)
    .orderBy('p.due_date')
    .orderBy('p.id')
    .execute();
}

/** Told and provisional placements and first wishes per clinic and week, for the given weeks. */
export async function demandCounts(q: Queryable, weeks: string[]) {
  if (weeks.length === 0) return [];
  const result = await sql<{
    clinic_id: string;
    week: string;
    told: number | string;
    provisional: number | string;
    first_wishes: number | string;
  }>`
    with placed as (
      select allocated_clinic_id as clinic_id, delivery_week as week,
             count(*) filter (where told_at is not null) as told,
             count(*) filter (where told_at is null) as provisional
      from pregnancies
      where status = 'active' and allocated_clinic_id is not null and delivery_week in (${sql.join(weeks)})
      group by 1, 2
    ), wished as (
      select wish_clinic_ids[1] as clinic_id, delivery_week as week, count(*) as first_wishes
      from pregnancies
      where status = 'active' and cardinality(wish_clinic_ids) > 0 and delivery_week in (${sql.join(weeks)})
      group by 1, 2
    )
    select coalesce(placed.clinic_id, wished.clinic_id) as clinic_id, coalesce(placed.week, wished.week) as week,
           coalesce(told, 0) as told, coalesce(provisional, 0) as provisional, coalesce(first_wishes, 0) as first_wishes
    from placed full outer join wished on placed.clinic_id = wished.clinic_id and placed.week = wished.week`.execute(q);
  return result.rows.map((r) => ({
    clinicId: r.clinic_id,
    week: r.week,
    told: Number(r.told),
    provisional: Number(r.provisional),
    firstWishes: Number(r.first_wishes),
  }));
}

/** Shares over everyone told a place (the published figures). */
export async function toldSummary(q: Queryable) {
  const row = await sql<{
    placed: number | string;
    with_wish: number | string;
    first_wish: number | string;
    fallback: number | string;
    over_plan: number | string;
    unplaced: number | string;
  }>`
    select count(*) filter (where allocation_basis <> 'none') as placed,
           count(*) filter (where cardinality(wish_clinic_ids) > 0) as with_wish,
           count(*) filter (where allocation_rank = 1 and allocation_basis in ('wish', 'kept')) as first_wish,
           count(*) filter (where allocation_basis in ('nearest', 'over_plan')) as fallback,
           count(*) filter (where allocation_basis = 'over_plan') as over_plan,
           count(*) filter (where allocation_basis = 'none') as unplaced
    from pregnancies where status = 'active' and told_at is not null`.execute(q);
  const r = row.rows[0];
  const n = (v: number | string | undefined) => Number(v ?? 0);
  const placed = n(r?.placed);
  const withWish = n(r?.with_wish);
  const total = placed + n(r?.unplaced);
  return {
    placed,
    withWish,
    firstWish: n(r?.first_wish),
    firstWishShare: withWish === 0 ? 0 : n(r?.first_wish) / withWish,
    fallback: n(r?.fallback),
    fallbackShare: total === 0 ? 0 : n(r?.fallback) / total,
    overPlan: n(r?.over_plan),
    unplaced: n(r?.unplaced),
  };
}
