/**
 * SQL for reading bookings as the citizen sees them, and the facts needed to
 * notify a person. Reads take the patient ids the caller has already been
 * allowed (scoped); `bookingOwner` is unscoped and only tells access checks
 * whose booking it is.
 */
import { sql } from 'kysely';
import type { Queryable } from '../../platform/db/index.js';
import type { BookingStatus } from '../../platform/db/schema.js';

/** The owner of a booking (no scope: callers decide access from it), or null. */
export async function bookingOwner(q: Queryable, id: string): Promise<string | null> {
  const r = await q.selectFrom('bookings').select('person_id').where('id', '=', id).executeTakeFirst();
  return r?.person_id ?? null;
}

export interface BookingRow {
  id: string;
  status: BookingStatus;
  slotId: string;
  startsAt: Date;
  endsAt: Date;
  unitId: string;
  unitName: string;
  unitAddress: string;
  timeTypeId: string;
  timeTypeName: string;
  timeTypeNameEn: string;
  cancelCutoffMinutes: number;
  personId: string;
  patientName: string;
  bookedByStaff: boolean;
  /** The citizen who booked (the patient, or the guardian/ombud acting for them). */
  bookedByPersonId: string | null;
  onBehalfRelation: 'guardian' | 'ombud' | null;
  rebookedFromId: string | null;
  createdAt: Date;
}

/** Bookings of the given patients (all of them allowed by the caller), or the given ids of one patient. */
export async function listBookings(
  q: Queryable,
  filter: { personIds: string[]; bookingId?: string },
): Promise<BookingRow[]> {
  if (filter.personIds.length === 0) return [];
  let query = q
    .selectFrom('bookings as b')
    .innerJoin('slots as s', 's.id', 'b.slot_id')
    .innerJoin('units as u', 'u.id', 'b.unit_id')
    .innerJoin('time_types as t', 't.id', 'b.time_type_id')
    .innerJoin('persons as p', 'p.id', 'b.person_id')
    .select([
      'b.id',
      'b.status',
      'b.slot_id',
      's.starts_at',
      's.ends_at',
      'b.unit_id',
      'u.name as unit_name',
      sql<string>`u.street || ', ' || u.postal_code || ' ' || u.city`.as('unit_address'),
      'b.time_type_id',
      't.name_sv',
      't.name_en',
      't.cancel_cutoff_minutes',
      'b.person_id',
      sql<string>`p.given_name || ' ' || p.family_name`.as('patient_name'),
      'b.booked_by_staff_id',
      'b.booked_by_person_id',
      'b.on_behalf_relation',
      'b.rebooked_from_id',
      'b.created_at',
    ])
    .where('b.person_id', 'in', filter.personIds);
  if (filter.bookingId) query = query.where('b.id', '=', filter.bookingId);
  const rows = await query.orderBy('s.starts_at').orderBy('b.id').limit(500).execute();
  return rows.map((r) => ({
    id: r.id,
    status: r.status,
    slotId: r.slot_id,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    unitId: r.unit_id,
    unitName: r.unit_name,
    unitAddress: r.unit_address,
    timeTypeId: r.time_type_id,
    timeTypeName: r.name_sv,
    timeTypeNameEn: r.name_en,
    cancelCutoffMinutes: r.cancel_cutoff_minutes,
    personId: r.person_id,
    patientName: r.patient_name,
    bookedByStaff: r.booked_by_staff_id !== null,
    bookedByPersonId: r.booked_by_person_id,
    onBehalfRelation: r.on_behalf_relation,
    rebookedFromId: r.rebooked_from_id,
    createdAt: r.created_at,
  }));
}

/** The patient's bookings at a unit, latest first (20): the messaging inbox's patient context. */
export async function bookingsAtUnit(q: Queryable, personId: string, unitId: string) {
  const rows = await q
    .selectFrom('bookings as b')
    .innerJoin('slots as s', 's.id', 'b.slot_id')
    .innerJoin('time_types as t', 't.id', 'b.time_type_id')
    .select(['b.id', 's.starts_at', 't.name_sv', 'b.status'])
    .where('b.person_id', '=', personId)
    .where('b.unit_id', '=', unitId)
    .orderBy('s.starts_at', 'desc')
    .limit(20)
    .execute();
  return rows.map((b) => ({
    id: b.id,
    startsAt: b.starts_at.toISOString(),
    timeTypeName: b.name_sv,
    status: b.status,
  }));
}
