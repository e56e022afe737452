/** SQL of the open dataset: per unit, time type and day, places and bookings (aggregates only). */
import { sql } from 'kysely';
import type { Queryable } from '../../../platform/db/index.js';
import type { RawCell } from './suppress.js';

/** The unsuppressed cell; `suppress` makes it publishable. */
export type AggregateRow = RawCell;

/**
 * Self-bookable, unreserved times of active units starting in [from, to),
 * grouped by Stockholm day: capacity and places taken, and the median days
 * from booking to visit over the day's (not cancelled) bookings.
 */
export async function aggregates(q: Queryable, from: Date, to: Date): Promise<AggregateRow[]> {
  const result = await sql<AggregateRow>`
    with times as (
      select s.id, s.unit_id, s.time_type_id, s.capacity, s.booked,
             to_char(s.starts_at at time zone 'Europe/Stockholm', 'YYYY-MM-DD') as date, s.starts_at
        from slots s
        join time_types t on t.id = s.time_type_id
        join units u on u.id = s.unit_id
       where s.starts_at >= ${from} and s.starts_at < ${to}
         and s.withdrawn_at is null and s.reserved_for is null
         and t.self_bookable and u.active
    ),
    places as (
      select date, unit_id, time_type_id, sum(capacity)::int as capacity, sum(booked)::int as booked
        from times group by date, unit_id, time_type_id
    ),
    leads as (
      select tm.date, tm.unit_id, tm.time_type_id, count(*)::int as bookings,
             percentile_cont(0.5) within group (
               order by extract(epoch from (tm.starts_at - b.created_at)) / 86400.0
             ) as median_lead_days
        from times tm join bookings b on b.slot_id = tm.id and b.status <> 'cancelled'
       group by tm.date, tm.unit_id, tm.time_type_id
    )
    select p.date, p.unit_id, u.name as unit_name, u.municipality, t.code as time_type_code,
           t.name_sv as time_type_name, p.capacity, p.booked, coalesce(l.bookings, 0) as bookings,
           l.median_lead_days
      from places p
      join units u on u.id = p.unit_id
      join time_types t on t.id = p.time_type_id
      left join leads l on l.date = p.date and l.unit_id = p.unit_id and l.time_type_id = p.time_type_id
     order by p.date, u.name, t.code`.execute(q);
  return result.rows;
}

export async function snapshot(q: Queryable, day: string) {
  return q
    .selectFrom('open_data_snapshots')
    .select(['day', 'generated_at', 'rows', 'waiting_room_peaks'])
    .where('day', '=', day)
    .executeTakeFirst();
}

export async function latest(q: Queryable) {
  return q
    .selectFrom('open_data_snapshots')
    .select(['day', 'generated_at', 'rows', 'waiting_room_peaks'])
    .orderBy('day', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Stores a day's snapshot once (a second instance's attempt is a no-op). */
export async function save(q: Queryable, day: string, at: Date, rows: unknown, peaks: unknown): Promise<void> {
  await q
    .insertInto('open_data_snapshots')
    .values({ day, generated_at: at, rows: JSON.stringify(rows), waiting_room_peaks: JSON.stringify(peaks) })
    .onConflict((oc) => oc.column('day').doNothing())
    .execute();
}
