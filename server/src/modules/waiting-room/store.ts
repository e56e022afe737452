/** The SQL of the waiting room: its rooms, the ticket key, the chart's samples, and the public release facts. */
import { randomBytes } from 'node:crypto';
import { type Insertable, type Selectable, sql } from 'kysely';
import type { Db, Queryable } from '../../platform/db/index.js';
import type { WaitingRoomsTable } from '../../platform/db/schema.js';

export type RoomRow = Selectable<WaitingRoomsTable>;
export type NewRoom = Insertable<WaitingRoomsTable>;

/** Rooms not ended (scheduled, in prequeue or running): a handful at most, cached by every instance. */
export async function openRooms(db: Queryable): Promise<RoomRow[]> {
  return (await db.selectFrom('waiting_rooms').selectAll().where('ended_at', 'is', null).execute()) as RoomRow[];
}

export async function findRoom(db: Queryable, id: string): Promise<RoomRow | undefined> {
  return (await db.selectFrom('waiting_rooms').selectAll().where('id', '=', id).executeTakeFirst()) as
    | RoomRow
    | undefined;
}

/** Recent rooms, newest first, for the administrators' list. */
export async function recentRooms(db: Queryable, limit = 20): Promise<RoomRow[]> {
  return (await db
    .selectFrom('waiting_rooms')
    .selectAll()
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute()) as RoomRow[];
}

/** Inserts a room; false when one is already open for the same scope (the unique index decides). */
export async function insertRoom(db: Queryable, room: NewRoom): Promise<boolean> {
  const result = await db
    .insertInto('waiting_rooms')
    .values(room)
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function updateRoom(
  db: Queryable,
  id: string,
  changes: Partial<
    Pick<
      RoomRow,
      | 'rate_per_minute'
      | 'capacity'
      | 'base_serving'
      | 'base_at'
      | 'paused_at'
      | 'ended_at'
      | 'release_at'
      | 'prequeue_opens_at'
      | 'pow_bits'
      | 'pace_auto'
      | 'paced_rate_per_minute'
      | 'paced_capacity'
    >
  > & {
    updated_at: Date;
  },
): Promise<RoomRow | undefined> {
  return (await db
    .updateTable('waiting_rooms')
    .set(changes)
    .where('id', '=', id)
    .where('ended_at', 'is', null)
    .returningAll()
    .executeTakeFirst()) as RoomRow | undefined;
}

/**
 * The load-driven pace of a rate-mode room (or the effective capacity of a
 * capacity-mode one), set only if nobody changed the room since `seenAt`
 * (another instance or an administrator): false when it lost.
 */
export async function setPace(
  db: Queryable,
  id: string,
  seenAt: Date,
  changes:
    | Pick<RoomRow, 'paced_rate_per_minute' | 'base_serving' | 'base_at' | 'updated_at'>
    | Pick<RoomRow, 'paced_capacity' | 'updated_at'>,
): Promise<boolean> {
  const result = await db
    .updateTable('waiting_rooms')
    .set(changes)
    .where('id', '=', id)
    .where('ended_at', 'is', null)
    .where('pace_auto', '=', true)
    // At the millisecond a JavaScript Date holds: a room written by SQL's now() (microseconds) would
    // otherwise never match the time this instance read, and its pace would never step.
    .where(sql<Date>`date_trunc('milliseconds', updated_at)`, '=', seenAt)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Records the prequeue's size once (the first instance past the release moment wins). */
export async function freezePrequeue(db: Queryable, id: string, count: number): Promise<void> {
  await db
    .updateTable('waiting_rooms')
    .set({ prequeue_count: count })
    .where('id', '=', id)
    .where('prequeue_count', 'is', null)
    .execute();
}

/** The ticket key shared by every instance: created once, then read. */
export async function ticketSecret(db: Db): Promise<string> {
  await db
    .insertInto('waiting_room_secrets')
    .values({ id: 1, secret: randomBytes(32).toString('base64url') })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  const row = await db
    .selectFrom('waiting_room_secrets')
    .select('secret')
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  return row.secret;
}

export interface SampleRow {
  at: Date;
  arrivals: number;
  serving: number;
  admitted: number;
  completed: number;
}

export async function insertSample(db: Queryable, roomId: string, sample: SampleRow): Promise<void> {
  await db
    .insertInto('waiting_room_samples')
    .values({ room_id: roomId, ...sample })
    .onConflict((oc) => oc.columns(['room_id', 'at']).doNothing())
    .execute();
}

export async function samples(db: Queryable, roomId: string, limit = 360): Promise<SampleRow[]> {
  const rows = await db
    .selectFrom('waiting_room_samples')
    .select(['at', 'arrivals', 'serving', 'admitted', 'completed'])
    .where('room_id', '=', roomId)
    .orderBy('at', 'desc')
    .limit(limit)
    .execute();
  return rows.reverse();
}

/** The time type of a slot (null when unknown): a booking's gate needs it only while a type's room runs. */
export async function slotTimeType(db: Queryable, slotId: string): Promise<string | null> {
  const row = await db.selectFrom('slots').select('time_type_id').where('id', '=', slotId).executeTakeFirst();
  return row?.time_type_id ?? null;
}

/** True for a known time type (a room may stand in front of its booking). */
export async function timeTypeExists(db: Queryable, id: string): Promise<boolean> {
  return (await db.selectFrom('time_types').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

/** A time type's public facts for the release weather; undefined when it is unknown or retired. */
export async function timeTypeFacts(db: Queryable, id: string) {
  const type = await db
    .selectFrom('time_types')
    .select(['id', 'code', 'name_sv', 'name_en', 'min_age', 'max_age', 'self_bookable'])
    .where('id', '=', id)
    .where('retired_at', 'is', null)
    .executeTakeFirst();
  if (!type) return undefined;
  const rules = await db
    .selectFrom('release_rules')
    .select(['born_on_or_before', 'min_age', 'opens_at', 'paused_at'])
    .where('time_type_id', '=', id)
    .orderBy('opens_at')
    .execute();
  return { type, rules };
}

/** Free places of a type by municipality (published, open, future times). */
export async function freePlacesByArea(db: Queryable, timeTypeId: string, now: Date) {
  const rows = await db
    .selectFrom('slots')
    .innerJoin('units', 'units.id', 'slots.unit_id')
    .select([
      'units.municipality as area',
      sql<number>`sum(slots.capacity - slots.booked)::int`.as('free'),
      sql<number>`count(distinct slots.unit_id)::int`.as('units'),
    ])
    .where('slots.time_type_id', '=', timeTypeId)
    .where('slots.withdrawn_at', 'is', null)
    .where('slots.reserved_for', 'is', null)
    .where('slots.visible_from', '<=', now)
    .where('slots.starts_at', '>', now)
    .groupBy('units.municipality')
    .orderBy('units.municipality')
    .execute();
  return rows.map((r) => ({ area: r.area, free: Number(r.free), units: Number(r.units) }));
}

/** One room's day in the open dataset: counts of anonymous tickets only. */
export interface DailyPeakRow {
  date: string;
  scope: 'app' | 'time_type';
  time_type_code: string | null;
  time_type_name: string | null;
  peak_waiting: number;
  peak_at: Date;
  arrivals: number;
  admitted: number;
}

/**
 * Per room and Stockholm day in [from, to): the longest queue the samples saw
 * (arrivals not yet served) and when, and the day's arrivals and admissions
 * (the counters are cumulative per room, so the day's share is its last value
 * less the last value before the day).
 */
export async function dailyPeaks(db: Queryable, from: Date, to: Date): Promise<DailyPeakRow[]> {
  const result = await sql<DailyPeakRow>`
    with s as (
      select ws.room_id, ws.at, ws.arrivals, ws.admitted,
             to_char(ws.at at time zone 'Europe/Stockholm', 'YYYY-MM-DD') as date,
             greatest(ws.arrivals - ws.serving, 0) as waiting
        from waiting_room_samples ws
       where ws.at >= ${from} and ws.at < ${to}
    ),
    ranked as (
      select s.*,
             row_number() over (partition by s.room_id, s.date order by s.waiting desc, s.at) as rank,
             max(s.arrivals) over (partition by s.room_id, s.date) as day_arrivals,
             max(s.admitted) over (partition by s.room_id, s.date) as day_admitted,
             min(s.at) over (partition by s.room_id, s.date) as day_first
        from s
    )
    select r.date, w.scope, t.code as time_type_code, t.name_sv as time_type_name,
           r.waiting::int as peak_waiting, r.at as peak_at,
           (r.day_arrivals - coalesce(b.arrivals, 0))::int as arrivals,
           (r.day_admitted - coalesce(b.admitted, 0))::int as admitted
      from ranked r
      join waiting_rooms w on w.id = r.room_id
      left join time_types t on t.id = w.time_type_id
      left join lateral (
        select max(p.arrivals) as arrivals, max(p.admitted) as admitted
          from waiting_room_samples p
         where p.room_id = r.room_id and p.at < r.day_first
      ) b on true
     where r.rank = 1
     order by r.date, w.scope, t.code nulls first, r.at`.execute(db);
  return result.rows;
}
