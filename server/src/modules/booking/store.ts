/**
 * SQL for citizen booking. Reads of bookings take the patient ids the caller
 * has already been allowed (scoped); the slot writes are the guarded updates
 * that, with the CHECK (booked <= capacity) and the unique indexes of
 * migration 100, make overbooking and double booking impossible.
 */
import type { Queryable, Tx } from '../../platform/db/index.js';

/** The booking-relevant facts of a slot, its type and its unit. */
export interface SlotFacts {
  id: string;
  unitId: string;
  timeTypeId: string;
  startsAt: Date;
  endsAt: Date;
  capacity: number;
  booked: number;
  visibleFrom: Date;
  reservedFor: string | null;
  withdrawnAt: Date | null;
  typeCode: string;
  typeName: string;
  /** The type's English name. */
  typeNameEn: string;
  typeRetiredAt: Date | null;
  selfBookable: boolean;
  minAge: number | null;
  maxAge: number | null;
  oneActiveBooking: boolean;
  doseGroup: string | null;
  minDaysSinceDose: number | null;
  cancelCutoffMinutes: number;
  formId: string | null;
  unitName: string;
  unitAddress: string;
}

/** A slot with its type and unit, or null. */
export async function findSlotFacts(q: Queryable, slotId: string): Promise<SlotFacts | null> {
  const r = await q
    .selectFrom('slots as s')
    .innerJoin('time_types as t', 't.id', 's.time_type_id')
    .innerJoin('units as u', 'u.id', 's.unit_id')
    .select([
      's.id',
      's.unit_id',
      's.time_type_id',
      's.starts_at',
      's.ends_at',
      's.capacity',
      's.booked',
      's.visible_from',
      's.reserved_for',
      's.withdrawn_at',
      't.code',
      't.name_sv',
      't.name_en',
      't.retired_at',
      't.self_bookable',
      't.min_age',
      't.max_age',
      't.one_active_booking',
      't.dose_group',
      't.min_days_since_dose',
      't.cancel_cutoff_minutes',
      't.form_id',
      'u.name as unit_name',
      'u.street',
      'u.postal_code',
      'u.city',
    ])
    .where('s.id', '=', slotId)
    .executeTakeFirst();
  return r ? toSlotFacts(r, `${r.street}, ${r.postal_code} ${r.city}`) : null;
}

/** The columns a slot-facts row carries (from the slot, its time type and its unit). */
export interface SlotFactsRow {
  id: string;
  unit_id: string;
  time_type_id: string;
  starts_at: Date;
  ends_at: Date;
  capacity: number;
  booked: number;
  visible_from: Date;
  reserved_for: string | null;
  withdrawn_at: Date | null;
  code: string;
  name_sv: string;
  name_en: string;
  retired_at: Date | null;
  self_bookable: boolean;
  min_age: number | null;
  max_age: number | null;
  one_active_booking: boolean;
  dose_group: string | null;
  min_days_since_dose: number | null;
  cancel_cutoff_minutes: number;
  form_id: string | null;
  unit_name: string;
}

/** Maps a slot-facts row (whichever query read it) to SlotFacts. */
export function toSlotFacts(r: SlotFactsRow, unitAddress: string): SlotFacts {
  return {
    id: r.id,
    unitId: r.unit_id,
    timeTypeId: r.time_type_id,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    capacity: r.capacity,
    booked: r.booked,
    visibleFrom: r.visible_from,
    reservedFor: r.reserved_for,
    withdrawnAt: r.withdrawn_at,
    typeCode: r.code,
    typeName: r.name_sv,
    typeNameEn: r.name_en,
    typeRetiredAt: r.retired_at,
    selfBookable: r.self_bookable,
    minAge: r.min_age,
    maxAge: r.max_age,
    oneActiveBooking: r.one_active_booking,
    doseGroup: r.dose_group,
    minDaysSinceDose: r.min_days_since_dose,
    cancelCutoffMinutes: r.cancel_cutoff_minutes,
    formId: r.form_id,
    unitName: r.unit_name,
    unitAddress,
  };
}

/**
 * Takes one place: the guarded update. Returns false when the slot is full,
 * withdrawn, reserved, not yet visible or already started — the row lock
 * serialises racers on this one row, and the CHECK backs it up.
 */
export async function takePlace(trx: Tx, slotId: string, now: Date): Promise<boolean> {
  const r = await trx
    .updateTable('slots')
    .set((eb) => ({ booked: eb('booked', '+', 1) }))
    .where('id', '=', slotId)
    .where((eb) => eb('booked', '<', eb.ref('capacity')))
    .where('withdrawn_at', 'is', null)
    .where('reserved_for', 'is', null)
    .where('visible_from', '<=', now)
    .where('starts_at', '>', now)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Gives a place back. */
export async function releasePlace(trx: Tx, slotId: string): Promise<void> {
  await trx
    .updateTable('slots')
    .set((eb) => ({ booked: eb('booked', '-', 1) }))
    .where('id', '=', slotId)
    .where('booked', '>', 0)
    .execute();
}

/** Locks slot rows in id order, so two transactions that touch the same two slots cannot deadlock. */
export async function lockSlots(trx: Tx, slotIds: string[]): Promise<void> {
  await trx.selectFrom('slots').select('id').where('id', 'in', slotIds).orderBy('id').forUpdate().execute();
}

export interface NewBooking {
  id: string;
  slotId: string;
  personId: string;
  timeTypeId: string;
  unitId: string;
  activeKey: string | null;
  bookedByPersonId: string;
  /** Citizen support staff who booked it on the person's behalf. */
  bookedByStaffId?: string | null;
  onBehalfRelation: 'guardian' | 'ombud' | null;
  formVersionId: string | null;
  formAnswers: unknown;
  rebookedFromId: string | null;
  now: Date;
}

/** Inserts a booking; a second active booking or the same slot twice violates a unique index. */
export async function insertBooking(trx: Tx, b: NewBooking): Promise<void> {
  await trx
    .insertInto('bookings')
    .values({
      id: b.id,
      slot_id: b.slotId,
      person_id: b.personId,
      time_type_id: b.timeTypeId,
      unit_id: b.unitId,
      status: 'booked',
      active_key: b.activeKey,
      booked_by_person_id: b.bookedByPersonId,
      booked_by_staff_id: b.bookedByStaffId ?? null,
      on_behalf_relation: b.onBehalfRelation,
      form_version_id: b.formVersionId,
      form_answers: b.formAnswers === null || b.formAnswers === undefined ? null : JSON.stringify(b.formAnswers),
      rebooked_from_id: b.rebookedFromId,
      created_at: b.now,
      updated_at: b.now,
    })
    .execute();
}

/** Locks the patient's booking for a change. */
export async function lockBooking(trx: Tx, id: string, personId: string) {
  return trx
    .selectFrom('bookings')
    .select(['id', 'slot_id', 'status', 'time_type_id', 'form_version_id', 'form_answers'])
    .where('id', '=', id)
    .where('person_id', '=', personId)
    .forUpdate()
    .executeTakeFirst();
}

/** Cancels a booking: frees the one-active key so a new booking of the type is possible. */
export async function markCancelled(trx: Tx, id: string, reason: string, now: Date): Promise<void> {
  await trx
    .updateTable('bookings')
    .set({ status: 'cancelled', active_key: null, cancelled_at: now, cancel_reason: reason, updated_at: now })
    .where('id', '=', id)
    .execute();
}
