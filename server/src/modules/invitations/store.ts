/**
 * SQL for invitations and the times they hold. Reads are scoped by the caller:
 * to a unit (staff, after the unit check) or to patient ids the caller may act
 * for (citizens). `invitationOwner` is unscoped and only tells access checks
 * whose invitation it is. Reserved times carry the invitation id in
 * slots.reserved_for.
 */
import {
  type InvitationKind,
  type InvitationParticipantStatus,
  type InvitationStatus,
  stockholmDate,
} from '@ingang/domain';
import { sql } from 'kysely';
import type { Queryable, Tx } from '../../platform/db/index.js';

/** One invitation with what its views need. */
export interface InvitationRow {
  id: string;
  unit_id: string;
  unit_name: string;
  unit_address: string;
  person_id: string;
  personal_number: string;
  given_name: string;
  family_name: string;
  protected_identity: boolean;
  kind: InvitationKind;
  time_type_id: string;
  type_name_sv: string;
  type_name_en: string;
  duration_minutes: number;
  type_form_id: string | null;
  slot_id: string | null;
  slot_start: Date | null;
  slot_end: Date | null;
  period_from: string | null;
  period_to: string | null;
  instructions: string;
  form_version_id: string | null;
  status: InvitationStatus;
  participant_status: InvitationParticipantStatus;
  booking_id: string | null;
  booked_slot_id: string | null;
  booked_start: Date | null;
  booked_end: Date | null;
  patient_note: string | null;
  respond_by: Date;
  reminded_at: Date | null;
  answered_at: Date | null;
  cancelled_at: Date | null;
  created_by_staff_id: string;
  staff_name: string;
  created_at: Date;
}

/** The select every view reads (one row per invitation). */
function rows(q: Queryable) {
  return q
    .selectFrom('invitations as i')
    .innerJoin('units as u', 'u.id', 'i.unit_id')
    .innerJoin('persons as p', 'p.id', 'i.person_id')
    .innerJoin('time_types as t', 't.id', 'i.time_type_id')
    .innerJoin('staff as st', 'st.id', 'i.created_by_staff_id')
    .leftJoin('slots as s', 's.id', 'i.slot_id')
    .leftJoin('slots as bs', 'bs.id', 'i.booked_slot_id')
    .select([
      'i.id',
      'i.unit_id',
      'u.name as unit_name',
      sql<string>`u.street || ', ' || u.postal_code || ' ' || u.city`.as('unit_address'),
      'i.person_id',
      'p.personal_number',
      'p.given_name',
      'p.family_name',
      'p.protected_identity',
      'i.kind',
      'i.time_type_id',
      't.name_sv as type_name_sv',
      't.name_en as type_name_en',
      't.duration_minutes',
      't.form_id as type_form_id',
      'i.slot_id',
      's.starts_at as slot_start',
      's.ends_at as slot_end',
      sql<string | null>`to_char(i.period_from, 'YYYY-MM-DD')`.as('period_from'),
      sql<string | null>`to_char(i.period_to, 'YYYY-MM-DD')`.as('period_to'),
      'i.instructions',
      'i.form_version_id',
      'i.status',
      'i.participant_status',
      'i.booking_id',
      'i.booked_slot_id',
      'bs.starts_at as booked_start',
      'bs.ends_at as booked_end',
      'i.patient_note',
      'i.respond_by',
      'i.reminded_at',
      'i.answered_at',
      'i.cancelled_at',
      'i.created_by_staff_id',
      sql<string>`st.given_name || ' ' || st.family_name`.as('staff_name'),
      'i.created_at',
    ]);
}

/** The person an invitation is for (no scope: access checks decide from it), or null. */
export async function invitationOwner(q: Queryable, id: string): Promise<string | null> {
  const r = await q.selectFrom('invitations').select('person_id').where('id', '=', id).executeTakeFirst();
  return r?.person_id ?? null;
}

/** One invitation of the unit, or undefined. */
export async function findForUnit(q: Queryable, unitId: string, id: string): Promise<InvitationRow | undefined> {
  return (await rows(q).where('i.id', '=', id).where('i.unit_id', '=', unitId).executeTakeFirst()) as
    | InvitationRow
    | undefined;
}

/** One invitation of one of `personIds`, or undefined. */
export async function findForPersons(
  q: Queryable,
  personIds: string[],
  id: string,
): Promise<InvitationRow | undefined> {
  if (personIds.length === 0) return undefined;
  return (await rows(q).where('i.id', '=', id).where('i.person_id', 'in', personIds).executeTakeFirst()) as
    | InvitationRow
    | undefined;
}

/** The invitations of `personIds`, newest first. */
export async function listForPersons(q: Queryable, personIds: string[]): Promise<InvitationRow[]> {
  if (personIds.length === 0) return [];
  return (await rows(q)
    .where('i.person_id', 'in', personIds)
    .orderBy('i.created_at', 'desc')
    .orderBy('i.id')
    .limit(200)
    .execute()) as InvitationRow[];
}

/** The unit's invitations, newest first, filtered. */
export async function listForUnit(
  q: Queryable,
  unitId: string,
  filter: { status?: InvitationStatus; kind?: InvitationKind; followUp?: boolean; limit: number },
  now: Date,
): Promise<InvitationRow[]> {
  let query = rows(q).where('i.unit_id', '=', unitId);
  if (filter.status) query = query.where('i.status', '=', filter.status);
  if (filter.kind) query = query.where('i.kind', '=', filter.kind);
  if (filter.followUp) {
    query = query.where('i.status', 'in', ['proposed', 'pending']).where('i.respond_by', '<=', now);
  }
  return (await query.orderBy('i.created_at', 'desc').orderBy('i.id').limit(filter.limit).execute()) as InvitationRow[];
}

export interface NewInvitation {
  id: string;
  unitId: string;
  personId: string;
  kind: InvitationKind;
  timeTypeId: string;
  slotId: string | null;
  periodFrom: string | null;
  periodTo: string | null;
  instructions: string;
  formVersionId: string | null;
  respondBy: Date;
  staffId: string;
  now: Date;
}

export async function insertInvitation(trx: Tx, n: NewInvitation): Promise<void> {
  await trx
    .insertInto('invitations')
    .values({
      id: n.id,
      unit_id: n.unitId,
      person_id: n.personId,
      kind: n.kind,
      time_type_id: n.timeTypeId,
      slot_id: n.slotId,
      period_from: n.periodFrom,
      period_to: n.periodTo,
      instructions: n.instructions,
      form_version_id: n.formVersionId,
      status: 'proposed',
      participant_status: 'needs-action',
      respond_by: n.respondBy,
      created_by_staff_id: n.staffId,
      created_at: n.now,
      updated_at: n.now,
    })
    .execute();
}

/** Locks the invitation row (every change of one invitation queues here first). */
export async function lockInvitation(trx: Tx, id: string) {
  return trx
    .selectFrom('invitations')
    .select(['id', 'person_id', 'unit_id', 'kind', 'status', 'participant_status', 'slot_id', 'booking_id'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

/**
 * The guarded transition: sets the new status only while the invitation is in
 * one of `from`. Returns false when another answer got there first.
 */
export async function transition(
  trx: Tx,
  id: string,
  from: InvitationStatus[],
  set: {
    status: InvitationStatus;
    participant: InvitationParticipantStatus;
    now: Date;
    answered?: boolean;
    slotId?: string | null;
    bookingId?: string | null;
    bookedSlotId?: string | null;
    formAnswers?: unknown;
    patientNote?: string | null;
    cancelReason?: string | null;
    respondBy?: Date;
  },
): Promise<boolean> {
  if (from.length === 0) return false;
  const r = await trx
    .updateTable('invitations')
    .set({
      status: set.status,
      participant_status: set.participant,
      updated_at: set.now,
      ...(set.answered ? { answered_at: set.now } : {}),
      ...(set.status === 'cancelled' ? { cancelled_at: set.now, cancel_reason: set.cancelReason ?? null } : {}),
      ...(set.slotId !== undefined ? { slot_id: set.slotId } : {}),
      ...(set.bookingId !== undefined ? { booking_id: set.bookingId } : {}),
      ...(set.bookedSlotId !== undefined ? { booked_slot_id: set.bookedSlotId } : {}),
      ...(set.formAnswers !== undefined ? { form_answers: JSON.stringify(set.formAnswers) } : {}),
      ...(set.patientNote !== undefined ? { patient_note: set.patientNote } : {}),
      ...(set.respondBy !== undefined ? { respond_by: set.respondBy, reminded_at: null } : {}),
    })
    .where('id', '=', id)
    .where('status', 'in', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Sets when the invitation must be answered (after its times are reserved). */
export async function setRespondBy(trx: Tx, id: string, respondBy: Date): Promise<void> {
  await trx.updateTable('invitations').set({ respond_by: respondBy }).where('id', '=', id).execute();
}

/** Cancels a booking made through an invitation or offer and gives its place back. */
export async function cancelBooking(trx: Tx, bookingId: string, reason: string, now: Date): Promise<boolean> {
  const r = await trx
    .updateTable('bookings')
    .set({ status: 'cancelled', active_key: null, cancelled_at: now, cancel_reason: reason, updated_at: now })
    .where('id', '=', bookingId)
    .where('status', '=', 'booked')
    .returning('slot_id')
    .executeTakeFirst();
  if (!r) return false;
  await trx
    .updateTable('slots')
    .set((eb) => ({ booked: eb('booked', '-', 1) }))
    .where('id', '=', r.slot_id)
    .where('booked', '>', 0)
    .execute();
  return true;
}

/** Unanswered invitation ids due a reminder (for the reminder job's safety re-check). */
export async function reminderFacts(q: Queryable, id: string) {
  return q
    .selectFrom('invitations')
    .select(['id', 'person_id', 'status', 'respond_by', 'reminded_at', 'unit_id'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** What an invitation's mail names: the patient, the unit and the type (Swedish name). */
export async function notifyFacts(q: Queryable, id: string) {
  return q
    .selectFrom('invitations as i')
    .innerJoin('units as u', 'u.id', 'i.unit_id')
    .innerJoin('time_types as t', 't.id', 'i.time_type_id')
    .select(['i.person_id', 'u.name as unit_name', 't.name_sv'])
    .where('i.id', '=', id)
    .executeTakeFirst();
}

/** Marks the reminder sent unless it was, or the invitation was answered; true when this call marked it. */
export async function markReminded(q: Queryable, id: string, now: Date): Promise<boolean> {
  const marked = await q
    .updateTable('invitations')
    .set({ reminded_at: now })
    .where('id', '=', id)
    .where('reminded_at', 'is', null)
    .where('status', 'in', ['proposed', 'pending'])
    .executeTakeFirst();
  return Number(marked.numUpdatedRows) === 1;
}

/** Today's Stockholm date (the default start of slot pickers). */
export const todayInStockholm = (now: Date) => stockholmDate(now);

/** The patient's invitations from a unit, latest first (20): the messaging inbox's patient context. */
export async function invitationsAtUnit(q: Queryable, personId: string, unitId: string) {
  const rows = await q
    .selectFrom('invitations as i')
    .innerJoin('time_types as t', 't.id', 'i.time_type_id')
    .select(['i.id', 't.name_sv', 'i.status', 'i.created_at'])
    .where('i.person_id', '=', personId)
    .where('i.unit_id', '=', unitId)
    .orderBy('i.created_at', 'desc')
    .limit(20)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    title: r.name_sv,
    status: r.status,
    createdAt: new Date(r.created_at).toISOString(),
  }));
}
