/**
 * SQL for the staff side of bookings: the day list, arrival/given/no-show,
 * dose records, and cancelling the bookings of withdrawn times. (Citizens'
 * booking writes live in modules/booking.)
 */

import { uuid } from '../../platform/db/helpers.js';
import type { Queryable } from '../../platform/db/index.js';
import type { BookingStatus } from '../../platform/db/schema.js';

/** A booking with what the day list shows of it. */
export interface StaffBookingRow {
  id: string;
  slot_id: string;
  person_id: string;
  unit_id: string;
  time_type_id: string;
  status: BookingStatus;
  starts_at: Date;
  form_version_id: string | null;
  form_answers: unknown;
  answers_locked_at: Date | null;
  arrived_at: Date | null;
  completed_at: Date | null;
  given_name: string;
  family_name: string;
  personal_number: string;
  protected_identity: boolean;
  type_name_sv: string;
  type_name_en: string;
  dose_group: string | null;
}

function bookingQuery(db: Queryable) {
  return db
    .selectFrom('bookings as b')
    .innerJoin('slots as s', 's.id', 'b.slot_id')
    .innerJoin('persons as p', 'p.id', 'b.person_id')
    .innerJoin('time_types as t', 't.id', 'b.time_type_id')
    .select([
      'b.id',
      'b.slot_id',
      'b.person_id',
      'b.unit_id',
      'b.time_type_id',
      'b.status',
      's.starts_at',
      'b.form_version_id',
      'b.form_answers',
      'b.answers_locked_at',
      'b.arrived_at',
      'b.completed_at',
      'p.given_name',
      'p.family_name',
      'p.personal_number',
      'p.protected_identity',
      't.name_sv as type_name_sv',
      't.name_en as type_name_en',
      't.dose_group',
    ]);
}

/** The unit's bookings (cancelled ones left out) of times starting in [from, to), by time then name. */
export async function listDayBookings(db: Queryable, unitId: string, from: Date, to: Date) {
  return bookingQuery(db)
    .where('b.unit_id', '=', unitId)
    .where('s.starts_at', '>=', from)
    .where('s.starts_at', '<', to)
    .where('b.status', '<>', 'cancelled')
    .orderBy('s.starts_at')
    .orderBy('p.family_name')
    .orderBy('p.given_name')
    .orderBy('b.id')
    .execute() as Promise<StaffBookingRow[]>;
}

/** One booking, or null; `forUpdate` locks the booking row. */
export async function findStaffBooking(db: Queryable, id: string, options: { forUpdate?: boolean } = {}) {
  let q = bookingQuery(db).where('b.id', '=', id);
  if (options.forUpdate) q = q.forUpdate('b');
  return ((await q.executeTakeFirst()) ?? null) as StaffBookingRow | null;
}

/** Form versions with their form's name, by version id. */
export async function formVersions(db: Queryable, ids: string[]) {
  const map = new Map<string, { formId: string; formName: string; version: number; definition: unknown }>();
  if (ids.length === 0) return map;
  const rows = await db
    .selectFrom('health_form_versions as v')
    .innerJoin('health_forms as f', 'f.id', 'v.form_id')
    .select(['v.id', 'v.form_id', 'f.name', 'v.version', 'v.definition'])
    .where('v.id', 'in', [...new Set(ids)])
    .execute();
  for (const r of rows)
    map.set(r.id, { formId: r.form_id, formName: r.name, version: r.version, definition: r.definition });
  return map;
}

/** Moves a booking to `status` with the timestamps that go with it. */
export async function setBookingStatus(
  db: Queryable,
  id: string,
  values: {
    status: BookingStatus;
    /** Whether the booking still counts as the person's active booking of the type. */
    active: boolean;
    timeTypeId: string;
    oneActive: boolean;
    arrivedAt?: Date | null;
    completedAt?: Date | null;
    answersLockedAt?: Date | null;
  },
  now: Date,
) {
  await db
    .updateTable('bookings')
    .set({
      status: values.status,
      active_key: values.active && values.oneActive ? values.timeTypeId : null,
      ...(values.arrivedAt !== undefined ? { arrived_at: values.arrivedAt } : {}),
      ...(values.completedAt !== undefined ? { completed_at: values.completedAt } : {}),
      ...(values.answersLockedAt !== undefined ? { answers_locked_at: values.answersLockedAt } : {}),
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();
}

/** Records a given dose (the interval rules count from it). */
export async function insertDoseRecord(
  db: Queryable,
  values: { personId: string; doseGroup: string; givenAt: Date; bookingId: string; unitId: string; staffId: string },
) {
  await db
    .insertInto('dose_records')
    .values({
      id: uuid(),
      person_id: values.personId,
      dose_group: values.doseGroup,
      given_at: values.givenAt,
      booking_id: values.bookingId,
      unit_id: values.unitId,
      recorded_by_staff_id: values.staffId,
      created_at: values.givenAt,
    })
    .execute();
}

/** The bookings (not cancelled) of the given slots, with what a cancellation notice needs. */
export async function bookingsOfSlots(db: Queryable, slotIds: string[]) {
  if (slotIds.length === 0) return [];
  return db
    .selectFrom('bookings as b')
    .innerJoin('slots as s', 's.id', 'b.slot_id')
    .innerJoin('persons as p', 'p.id', 'b.person_id')
    .innerJoin('time_types as t', 't.id', 'b.time_type_id')
    .innerJoin('units as u', 'u.id', 'b.unit_id')
    .select([
      'b.id',
      'b.slot_id',
      'b.person_id',
      'b.status',
      'u.name as unit_name',
      's.starts_at',
      'p.email',
      'p.email_verified_at',
      'p.notify_email',
      'p.locale',
      'p.phone',
      'p.notify_sms',
      't.name_sv',
      't.name_en',
    ])
    .where('b.slot_id', 'in', slotIds)
    .where('b.status', '<>', 'cancelled')
    .orderBy('b.id')
    .forUpdate('b')
    .execute();
}

/** Cancels bookings (their places are released by withdrawing the slots). */
export async function cancelBookings(db: Queryable, ids: string[], reason: string, now: Date) {
  if (ids.length === 0) return;
  await db
    .updateTable('bookings')
    .set({ status: 'cancelled', active_key: null, cancel_reason: reason, cancelled_at: now, updated_at: now })
    .where('id', 'in', ids)
    .execute();
}
