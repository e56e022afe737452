/**
 * SQL for the public side of the timebook: the catalogue of time types and
 * the search for free times. Times are public information; nothing here
 * touches a person.
 */
import { CompiledQuery } from 'kysely';
import type { Queryable } from '../../platform/db/index.js';

/** Time types that are not retired, with the newest form version of each. */
export async function listPublicTimeTypes(q: Queryable) {
  return q
    .selectFrom('time_types as t')
    .select([
      't.id',
      't.code',
      't.name_sv',
      't.name_en',
      't.duration_minutes',
      't.mode',
      't.self_bookable',
      't.form_id',
      't.min_age',
      't.max_age',
      (eb) =>
        eb
          .selectFrom('health_form_versions as v')
          .select('v.id')
          .whereRef('v.form_id', '=', 't.form_id')
          .orderBy('v.version', 'desc')
          .limit(1)
          .as('form_version_id'),
    ])
    .where('t.retired_at', 'is', null)
    .orderBy('t.name_sv')
    .execute();
}

/** The newest version of a (not retired) time type's health declaration, or undefined. */
export async function currentFormOfTimeType(q: Queryable, timeTypeId: string) {
  return q
    .selectFrom('time_types as t')
    .innerJoin('health_form_versions as v', 'v.form_id', 't.form_id')
    .select(['v.id', 'v.version', 'v.definition'])
    .where('t.id', '=', timeTypeId)
    .where('t.retired_at', 'is', null)
    .orderBy('v.version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** A time type's retirement state, or undefined when there is no such type. */
export async function timeTypeState(q: Queryable, id: string) {
  return q.selectFrom('time_types').select(['id', 'retired_at']).where('id', '=', id).executeTakeFirst();
}

export interface UnitCoordinates {
  id: string;
  postal_code: string;
  latitude: number;
  longitude: number;
}

/** Active units with their coordinates (for the distance filter). */
export async function unitCoordinates(q: Queryable): Promise<UnitCoordinates[]> {
  return q
    .selectFrom('units')
    .select(['id', 'postal_code', 'latitude', 'longitude'])
    .where('active', '=', true)
    .execute();
}

export interface SlotSearch {
  timeTypeId: string;
  from: Date;
  to: Date;
  now: Date;
  /** Only these units (unitId and/or the distance filter); undefined = all. */
  unitIds?: string[];
  /** Keyset: strictly after this (starts_at, id). */
  after?: { startsAt: Date; id: string };
  limit: number;
}

/** A page row of the search. */
export interface FreeSlotRow {
  id: string;
  unit_id: string;
  unit_name: string;
  starts_at: Date;
  ends_at: Date;
  capacity: number;
  booked: number;
}

/**
 * Free, open, visible, future times of a type, earliest first, keyset-paginated
 * on (starts_at, id). The WHERE repeats the `slots_free` partial index's
 * predicate word for word so the planner can use it, and the row comparison
 * on (starts_at, id) is an index condition, so a page is one index range scan
 * however deep the cursor is.
 */
export async function searchFreeSlots(q: Queryable, s: SlotSearch): Promise<FreeSlotRow[]> {
  if (s.unitIds?.length === 0) return [];
  return (await q.executeQuery<FreeSlotRow>(freeSlotsQuery(s))).rows;
}

/**
 * The statement's text per shape (number of units × cursor or not), built once:
 * it is the hottest statement of a release day, and building it through the query
 * builder on every call was ~10 % of the server's CPU per search. Units stay a
 * list of parameters (`in ($5, $6, …)`), not one array: each list length is its
 * own prepared statement whose generic plan fits it — one unit walks that unit's
 * index, many walk the time-ordered `slots_free`. With `= any($5)` the one plan
 * for every length walked `slots_free` for a single unit too (40 ms instead of 0.1).
 */
const SEARCH_TEXTS = new Map<string, string>();

function searchText(units: number, cursor: boolean): string {
  const shape = `${units}:${cursor}`;
  let text = SEARCH_TEXTS.get(shape);
  if (text === undefined) {
    // $1 type, $2 from, $3 now, $4 to, then the units, then the cursor, then the limit.
    let n = 5;
    const list = Array.from({ length: units }, () => `$${n++}::uuid`).join(', ');
    const unitFilter = units > 0 ? `and s.unit_id in (${list})` : '';
    const cursorFilter = cursor ? `and (s.starts_at, s.id) > ($${n++}::timestamptz, $${n++}::uuid)` : '';
    text = `select s.id, s.unit_id, u.name as unit_name, s.starts_at, s.ends_at, s.capacity, s.booked
  from slots as s inner join units as u on u.id = s.unit_id
 where s.time_type_id = $1::uuid and s.withdrawn_at is null and s.reserved_for is null and not s.sold_out
   and s.starts_at >= $2::timestamptz and s.starts_at > $3::timestamptz and s.starts_at < $4::timestamptz
   and s.visible_from <= $3::timestamptz
   and exists (select t.id from time_types as t where t.id = $1::uuid and t.retired_at is null)
   ${unitFilter} ${cursorFilter}
 order by s.starts_at, s.id
 limit $${n}::int`;
    SEARCH_TEXTS.set(shape, text);
  }
  return text;
}

/**
 * The search statement itself (the benchmark and tests EXPLAIN it). The
 * uncorrelated `exists` on time_types is a one-time filter (InitPlan): a
 * retired or unknown type yields no rows.
 */
export function freeSlotsQuery(s: SlotSearch): CompiledQuery<FreeSlotRow> {
  const units = s.unitIds ?? [];
  const parameters: unknown[] = [s.timeTypeId, s.from, s.now, s.to, ...units];
  if (s.after) parameters.push(s.after.startsAt, s.after.id);
  parameters.push(s.limit);
  return CompiledQuery.raw(searchText(units.length, s.after !== undefined), parameters) as CompiledQuery<FreeSlotRow>;
}

/**
 * The free times that may stand in for a full one (`ifTaken: 'next_free_same_day'`), best
 * first: the same unit, time type and Stockholm calendar day as `slotId`, open (not reserved
 * for an invitation or offer), not withdrawn, not full, published and not started at `now`.
 * Times at or after the picked one come first, earliest first; then the earlier ones that are
 * still ahead, the closest first (the picked time is the citizen's wish; later is usually
 * easier to reach than earlier). The day's bounds are local midnights (23 or 25 hours on the
 * DST days). One index range scan of the slots' unique (unit_id, time_type_id, starts_at).
 */
export async function sameDayFreeSlots(
  q: Queryable,
  slotId: string,
  now: Date,
  limit: number,
): Promise<{ id: string; free: number }[]> {
  const rows = await q.executeQuery<{ id: string; free: number }>(
    CompiledQuery.raw(
      `with picked as (
  select p.id, p.unit_id, p.time_type_id, p.starts_at,
         date_trunc('day', p.starts_at at time zone 'Europe/Stockholm') as day
    from slots p where p.id = $1::uuid)
select s.id, s.capacity - s.booked as free
  from picked p
  join slots s on s.unit_id = p.unit_id and s.time_type_id = p.time_type_id
   and s.starts_at >= (p.day at time zone 'Europe/Stockholm')
   and s.starts_at < ((p.day + interval '1 day') at time zone 'Europe/Stockholm')
 where s.id <> p.id and s.withdrawn_at is null and s.reserved_for is null and not s.sold_out
   and s.visible_from <= $2::timestamptz and s.starts_at > $2::timestamptz
 order by s.starts_at < p.starts_at, abs(extract(epoch from s.starts_at - p.starts_at)), s.id
 limit $3::int`,
      [slotId, now, limit],
    ),
  );
  return rows.rows.map((r) => ({ id: r.id, free: Number(r.free) }));
}
