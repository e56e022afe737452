/**
 * SQL for the public side of the timebook: the catalogue of time types and
 * the search for free times. Times are public information; nothing here
 * touches a person.
 */
import { sql } from 'kysely';
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

/**
 * Free, open, visible, future times of a type, earliest first, keyset-paginated
 * on (starts_at, id). The WHERE repeats the `slots_free` partial index's
 * predicate word for word so the planner can use it, and the row comparison
 * on (starts_at, id) is an index condition, so a page is one index range scan
 * however deep the cursor is.
 */
export async function searchFreeSlots(q: Queryable, s: SlotSearch) {
  if (s.unitIds?.length === 0) return [];
  return freeSlotsQuery(q, s).execute();
}

/** The search statement itself (the benchmark and tests EXPLAIN it). */
export function freeSlotsQuery(q: Queryable, s: SlotSearch) {
  let query = q
    .selectFrom('slots as s')
    .innerJoin('units as u', 'u.id', 's.unit_id')
    .select(['s.id', 's.unit_id', 'u.name as unit_name', 's.starts_at', 's.ends_at', 's.capacity', 's.booked'])
    .where('s.time_type_id', '=', s.timeTypeId)
    .where('s.withdrawn_at', 'is', null)
    .where('s.reserved_for', 'is', null)
    .where(sql<boolean>`s.booked < s.capacity`)
    .where('s.starts_at', '>=', s.from)
    .where('s.starts_at', '>', s.now)
    .where('s.starts_at', '<', s.to)
    .where('s.visible_from', '<=', s.now)
    // Uncorrelated, so a one-time filter (InitPlan): a retired or unknown type yields no rows.
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('time_types as t').select('t.id').where('t.id', '=', s.timeTypeId).where('t.retired_at', 'is', null),
      ),
    );
  if (s.after) {
    query = query.where(sql<boolean>`(s.starts_at, s.id) > (${s.after.startsAt}::timestamptz, ${s.after.id}::uuid)`);
  }
  if (s.unitIds?.length) query = query.where('s.unit_id', 'in', s.unitIds);
  return query.orderBy('s.starts_at').orderBy('s.id').limit(s.limit);
}
