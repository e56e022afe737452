/** SQL for published times (slots) and their publications (slot batches). */
import type { TimebookSlot } from '@ingang/contracts';
import { stockholmWallClock } from '@ingang/domain';
import type { Selectable } from 'kysely';
import type { z } from 'zod';
import { uuid } from '../../platform/db/helpers.js';
import type { Queryable } from '../../platform/db/index.js';
import type { SlotsTable } from '../../platform/db/schema.js';

export type SlotData = z.infer<typeof TimebookSlot>;

/** Rows per insert statement: well under PostgreSQL's 65 535 bind parameters (9 per row). */
const CHUNK = 1000;

export const toSlot = (r: Selectable<SlotsTable>): SlotData => {
  const local = stockholmWallClock(r.starts_at);
  return {
    id: r.id,
    unitId: r.unit_id,
    timeTypeId: r.time_type_id,
    start: r.starts_at.toISOString(),
    end: r.ends_at.toISOString(),
    localDate: local.date,
    localTime: local.time,
    capacity: r.capacity,
    booked: r.booked,
    free: r.withdrawn_at ? 0 : Math.max(0, r.capacity - r.booked),
    visibleFrom: r.visible_from.toISOString(),
    withdrawn: r.withdrawn_at !== null,
  };
};

/** Inserts a publication row. */
export async function insertBatch(
  db: Queryable,
  values: { id: string; unitId: string; timeTypeId: string; pattern: unknown; staffId: string },
  now: Date,
) {
  await db
    .insertInto('slot_batches')
    .values({
      id: values.id,
      unit_id: values.unitId,
      time_type_id: values.timeTypeId,
      pattern: JSON.stringify(values.pattern),
      created_by_staff_id: values.staffId,
      created_at: now,
    })
    .execute();
}

export interface NewSlot {
  start: Date;
  end: Date;
  capacity: number;
}

/**
 * Inserts the times in chunks; a time the unit already has for the type (same
 * start) is skipped by the unique constraint. Returns how many were created.
 * Run it in the publication's transaction: a failing chunk rolls back them all.
 */
export async function insertSlots(
  db: Queryable,
  common: { unitId: string; timeTypeId: string; batchId: string; visibleFrom: Date },
  slots: NewSlot[],
  now: Date,
): Promise<number> {
  let created = 0;
  for (let i = 0; i < slots.length; i += CHUNK) {
    const rows = slots.slice(i, i + CHUNK).map((s) => ({
      id: uuid(),
      unit_id: common.unitId,
      time_type_id: common.timeTypeId,
      starts_at: s.start,
      ends_at: s.end,
      capacity: s.capacity,
      visible_from: common.visibleFrom,
      batch_id: common.batchId,
      created_at: now,
    }));
    const inserted = await db
      .insertInto('slots')
      .values(rows)
      .onConflict((oc) => oc.columns(['unit_id', 'time_type_id', 'starts_at']).doNothing())
      .returning('id')
      .execute();
    created += inserted.length;
  }
  return created;
}

/** How many of `starts` the unit already has for the type. */
export async function countExisting(db: Queryable, unitId: string, typeId: string, starts: Date[]): Promise<number> {
  if (starts.length === 0) return 0;
  const wanted = new Set(starts.map((s) => s.getTime()));
  const sorted = [...starts].sort((a, b) => a.getTime() - b.getTime());
  const rows = await db
    .selectFrom('slots')
    .select('starts_at')
    .where('unit_id', '=', unitId)
    .where('time_type_id', '=', typeId)
    .where('starts_at', '>=', sorted[0] as Date)
    .where('starts_at', '<=', sorted.at(-1) as Date)
    .execute();
  return rows.filter((r) => wanted.has(r.starts_at.getTime())).length;
}

/** The unit's slots among `ids`, locked for the transaction (in id order, so withdrawals cannot deadlock). */
export async function lockUnitSlots(db: Queryable, unitId: string, ids: string[]) {
  return db
    .selectFrom('slots')
    .selectAll()
    .where('unit_id', '=', unitId)
    .where('id', 'in', ids)
    .orderBy('id')
    .forUpdate()
    .execute();
}

/** Marks slots withdrawn and releases the places of the bookings cancelled with them. */
export async function withdrawSlots(db: Queryable, ids: string[], now: Date) {
  if (ids.length === 0) return;
  await db.updateTable('slots').set({ withdrawn_at: now, booked: 0 }).where('id', 'in', ids).execute();
}

/** The unit's slots starting in [from, to), optionally of one type, by start. */
export async function listUnitSlots(db: Queryable, unitId: string, from: Date, to: Date, typeId?: string) {
  let q = db
    .selectFrom('slots')
    .selectAll()
    .where('unit_id', '=', unitId)
    .where('starts_at', '>=', from)
    .where('starts_at', '<', to);
  if (typeId) q = q.where('time_type_id', '=', typeId);
  return (await q.orderBy('starts_at').orderBy('time_type_id').orderBy('id').execute()).map(toSlot);
}

/** One slot by id, or null. */
export async function findSlot(db: Queryable, id: string) {
  const row = await db.selectFrom('slots').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toSlot(row) : null;
}
