/**
 * Times held for an invitation or an offer (`slots.reserved_for`): reserving,
 * releasing, listing them, and the unit's free times to choose from. The
 * timebook owns `slots`; invitations and offers reach these through its face.
 */
import type { Queryable, Tx } from '../../platform/db/index.js';

/**
 * Reserves free times for `holder` (an invitation or offer id): of the unit and type,
 * published, open, not full, in the future and (when given) within [from, to).
 * Returns the ids reserved; the caller compares with what it asked for.
 */
export async function reserveSlots(
  trx: Tx,
  ids: string[],
  where: { unitId: string; timeTypeId: string; holder: string; now: Date; from?: Date; to?: Date },
): Promise<string[]> {
  if (ids.length === 0) return [];
  let query = trx
    .updateTable('slots')
    .set({ reserved_for: where.holder })
    .where('id', 'in', ids)
    .where('unit_id', '=', where.unitId)
    .where('time_type_id', '=', where.timeTypeId)
    .where('reserved_for', 'is', null)
    .where('withdrawn_at', 'is', null)
    .where((eb) => eb('booked', '<', eb.ref('capacity')))
    .where('visible_from', '<=', where.now)
    .where('starts_at', '>', where.now);
  if (where.from) query = query.where('starts_at', '>=', where.from);
  if (where.to) query = query.where('starts_at', '<', where.to);
  return (await query.returning('id').execute()).map((r) => r.id);
}

/** Gives every time reserved for `holder` back to everyone. */
export async function releaseReserved(trx: Tx, holder: string): Promise<void> {
  await trx.updateTable('slots').set({ reserved_for: null }).where('reserved_for', '=', holder).execute();
}

export interface ReservedSlotRow {
  id: string;
  unit_id: string;
  unit_name: string;
  starts_at: Date;
  ends_at: Date;
  booked: number;
  capacity: number;
}

/** The times reserved for `holder`, earliest first (`freeOnly`: future, open, not full). */
export async function reservedSlots(
  q: Queryable,
  holder: string,
  now: Date,
  freeOnly: boolean,
): Promise<ReservedSlotRow[]> {
  let query = q
    .selectFrom('slots as s')
    .innerJoin('units as u', 'u.id', 's.unit_id')
    .select(['s.id', 's.unit_id', 'u.name as unit_name', 's.starts_at', 's.ends_at', 's.booked', 's.capacity'])
    .where('s.reserved_for', '=', holder);
  if (freeOnly) {
    query = query
      .where('s.withdrawn_at', 'is', null)
      .where('s.starts_at', '>', now)
      .where((eb) => eb('s.booked', '<', eb.ref('s.capacity')));
  }
  return query.orderBy('s.starts_at').orderBy('s.id').limit(500).execute();
}

/** The unit's free, unreserved, published future times of a type in [from, to). */
export async function freeUnitSlots(
  q: Queryable,
  where: { unitId: string; timeTypeId: string; from: Date; to: Date; now: Date },
): Promise<ReservedSlotRow[]> {
  return q
    .selectFrom('slots as s')
    .innerJoin('units as u', 'u.id', 's.unit_id')
    .select(['s.id', 's.unit_id', 'u.name as unit_name', 's.starts_at', 's.ends_at', 's.booked', 's.capacity'])
    .where('s.unit_id', '=', where.unitId)
    .where('s.time_type_id', '=', where.timeTypeId)
    .where('s.reserved_for', 'is', null)
    .where('s.withdrawn_at', 'is', null)
    .where((eb) => eb('s.booked', '<', eb.ref('s.capacity')))
    .where('s.visible_from', '<=', where.now)
    .where('s.starts_at', '>', where.now)
    .where('s.starts_at', '>=', where.from)
    .where('s.starts_at', '<', where.to)
    .orderBy('s.starts_at')
    .orderBy('s.id')
    .limit(500)
    .execute();
}

/** Whether the unit may use the time type (linked, not retired), with its form. */
export async function unitTimeType(q: Queryable, unitId: string, timeTypeId: string) {
  return q
    .selectFrom('time_types as t')
    .innerJoin('time_type_units as tu', 'tu.time_type_id', 't.id')
    .select(['t.id', 't.form_id', 't.name_sv'])
    .where('t.id', '=', timeTypeId)
    .where('tu.unit_id', '=', unitId)
    .where('t.retired_at', 'is', null)
    .executeTakeFirst();
}

/** A reserved time as the citizen's FreeSlot. */
export function freeSlotView(s: ReservedSlotRow) {
  return {
    id: s.id,
    unitId: s.unit_id,
    unitName: s.unit_name,
    start: s.starts_at.toISOString(),
    end: s.ends_at.toISOString(),
    placesLeft: s.capacity - s.booked,
  };
}
