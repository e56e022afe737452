/** SQL of the video module: meetings, participants, events. No rules here. */
import type { Selectable } from 'kysely';
import { uuid } from '../../platform/db/helpers.js';
import type { Queryable } from '../../platform/db/index.js';
import type { VideoMeetingsTable, VideoParticipantsTable } from '../../platform/db/schema.js';

export type MeetingRow = Selectable<VideoMeetingsTable>;
export type ParticipantRow = Selectable<VideoParticipantsTable>;
export type VideoEvent = 'waiting' | 'admitted' | 'denied' | 'joined' | 'left' | 'removed' | 'ended';

export async function meeting(q: Queryable, id: string, forUpdate = false): Promise<MeetingRow | undefined> {
  let query = q.selectFrom('video_meetings').selectAll().where('id', '=', id);
  if (forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function meetingByBooking(q: Queryable, bookingId: string): Promise<MeetingRow | undefined> {
  return q.selectFrom('video_meetings').selectAll().where('booking_id', '=', bookingId).executeTakeFirst();
}

export async function insertMeeting(q: Queryable, row: Omit<MeetingRow, 'status' | 'locked' | 'ended_at'>) {
  await q.insertInto('video_meetings').values(row).execute();
}

/** Inserts unless the booking already has a meeting (a concurrent first open); returns the booking's meeting. */
export async function insertBookingMeeting(
  q: Queryable,
  row: Omit<MeetingRow, 'status' | 'locked' | 'ended_at'> & { booking_id: string },
): Promise<MeetingRow> {
  await q
    .insertInto('video_meetings')
    .values(row)
    .onConflict((oc) => oc.column('booking_id').doNothing())
    .execute();
  const found = await meetingByBooking(q, row.booking_id);
  if (!found) throw new Error('booking meeting vanished');
  return found;
}

export async function setLocked(q: Queryable, id: string, locked: boolean) {
  await q.updateTable('video_meetings').set({ locked }).where('id', '=', id).execute();
}

export async function setKind(q: Queryable, id: string, kind: MeetingRow['kind']) {
  await q.updateTable('video_meetings').set({ kind }).where('id', '=', id).execute();
}

export async function markOpen(q: Queryable, id: string) {
  await q
    .updateTable('video_meetings')
    .set({ status: 'open' })
    .where('id', '=', id)
    .where('status', '=', 'scheduled')
    .execute();
}

export async function endMeeting(q: Queryable, id: string, at: Date) {
  await q
    .updateTable('video_meetings')
    .set({ status: 'ended', ended_at: at })
    .where('id', '=', id)
    .where('status', '<>', 'ended')
    .execute();
  await q.updateTable('video_participants').set({ ticket_hash: null }).where('meeting_id', '=', id).execute();
}

export async function participants(q: Queryable, meetingId: string): Promise<ParticipantRow[]> {
  return q
    .selectFrom('video_participants')
    .selectAll()
    .where('meeting_id', '=', meetingId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function participant(q: Queryable, id: string): Promise<ParticipantRow | undefined> {
  return q.selectFrom('video_participants').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function staffParticipant(q: Queryable, meetingId: string, staffId: string) {
  return q
    .selectFrom('video_participants')
    .selectAll()
    .where('meeting_id', '=', meetingId)
    .where('staff_id', '=', staffId)
    .executeTakeFirst();
}

export async function citizenParticipant(q: Queryable, meetingId: string, personId: string) {
  return q
    .selectFrom('video_participants')
    .selectAll()
    .where('meeting_id', '=', meetingId)
    .where('person_id', '=', personId)
    .executeTakeFirst();
}

export async function participantByGuestToken(q: Queryable, tokenHash: string) {
  return q.selectFrom('video_participants').selectAll().where('guest_token_hash', '=', tokenHash).executeTakeFirst();
}

export async function participantByTicket(q: Queryable, ticketHash: string) {
  return q.selectFrom('video_participants').selectAll().where('ticket_hash', '=', ticketHash).executeTakeFirst();
}

/** Inserts a participant; on a duplicate staff member / citizen in the meeting, returns the existing row. */
export async function insertParticipant(
  q: Queryable,
  row: Omit<ParticipantRow, 'id' | 'ticket_hash' | 'removed_at'> & { id?: string },
): Promise<ParticipantRow> {
  const id = row.id ?? uuid();
  const conflictTarget = row.staff_id ? 'staff_id' : row.person_id ? 'person_id' : null;
  if (conflictTarget) {
    const existing =
      conflictTarget === 'staff_id'
        ? await staffParticipant(q, row.meeting_id, row.staff_id as string)
        : await citizenParticipant(q, row.meeting_id, row.person_id as string);
    if (existing) return existing;
  }
  await q
    .insertInto('video_participants')
    .values({ ...row, id, ticket_hash: null, removed_at: null })
    .execute();
  const inserted = await participant(q, id);
  if (!inserted) throw new Error('participant vanished');
  return inserted;
}

export async function setTicket(q: Queryable, participantId: string, ticketHash: string | null) {
  await q.updateTable('video_participants').set({ ticket_hash: ticketHash }).where('id', '=', participantId).execute();
}

export async function markRemoved(q: Queryable, participantId: string, at: Date) {
  await q
    .updateTable('video_participants')
    .set({ removed_at: at, ticket_hash: null })
    .where('id', '=', participantId)
    .execute();
}

export async function countInvited(q: Queryable, meetingId: string): Promise<number> {
  const row = await q
    .selectFrom('video_participants')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('meeting_id', '=', meetingId)
    .where('removed_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function recordEvent(q: Queryable, meetingId: string, participantId: string, event: VideoEvent, at: Date) {
  await q
    .insertInto('video_events')
    .values({ id: uuid(), meeting_id: meetingId, participant_id: participantId, event, at })
    .execute();
}

/** Meetings a staff member is a (not removed) participant of. */
export async function meetingsOfStaff(q: Queryable, staffId: string, includeEnded: boolean) {
  let query = q
    .selectFrom('video_meetings as m')
    .innerJoin('video_participants as p', 'p.meeting_id', 'm.id')
    .selectAll('m')
    .where('p.staff_id', '=', staffId)
    .where('p.removed_at', 'is', null);
  if (!includeEnded) query = query.where('m.status', '<>', 'ended');
  return query.orderBy('m.starts_at').orderBy('m.created_at').limit(200).execute();
}

/** Meetings about the given patients, or where one of the persons is a participant. */
export async function meetingsOfPersons(q: Queryable, personIds: string[], includeEnded: boolean) {
  if (personIds.length === 0) return [];
  let query = q
    .selectFrom('video_meetings as m')
    .selectAll('m')
    .where((eb) =>
      eb.or([
        eb('m.patient_person_id', 'in', personIds),
        eb(
          'm.id',
          'in',
          eb
            .selectFrom('video_participants as p')
            .select('p.meeting_id')
            .where('p.person_id', 'in', personIds)
            .where('p.removed_at', 'is', null),
        ),
      ]),
    );
  if (!includeEnded) query = query.where('m.status', '<>', 'ended');
  return query.orderBy('m.starts_at').orderBy('m.created_at').limit(200).execute();
}

/** Booked, upcoming video visits of the persons that have no meeting yet. */
export async function videoBookingsWithoutMeeting(q: Queryable, personIds: string[], from: Date) {
  if (personIds.length === 0) return [];
  return q
    .selectFrom('bookings as b')
    .innerJoin('time_types as t', 't.id', 'b.time_type_id')
    .innerJoin('slots as s', 's.id', 'b.slot_id')
    .leftJoin('video_meetings as m', 'm.booking_id', 'b.id')
    .select(['b.id'])
    .where('b.person_id', 'in', personIds)
    .where('b.status', 'in', ['booked', 'arrived'])
    .where('t.mode', '=', 'video')
    .where('s.ends_at', '>', from)
    .where('m.id', 'is', null)
    .execute();
}

/** What a booking's meeting is made from. */
export async function bookingFacts(q: Queryable, bookingId: string) {
  return q
    .selectFrom('bookings as b')
    .innerJoin('time_types as t', 't.id', 'b.time_type_id')
    .innerJoin('slots as s', 's.id', 'b.slot_id')
    .select(['b.id', 'b.person_id', 'b.unit_id', 'b.status', 't.mode', 't.name_sv', 's.starts_at', 's.ends_at'])
    .where('b.id', '=', bookingId)
    .executeTakeFirst();
}

export async function unitName(q: Queryable, unitId: string | null) {
  if (!unitId) return null;
  const row = await q.selectFrom('units').select(['id', 'name']).where('id', '=', unitId).executeTakeFirst();
  return row ?? null;
}

export async function personName(q: Queryable, personId: string | null) {
  if (!personId) return null;
  return q
    .selectFrom('persons')
    .select(['id', 'given_name', 'family_name', 'protected_identity', 'email', 'email_verified_at', 'notify_email'])
    .where('id', '=', personId)
    .executeTakeFirst();
}

export async function staffName(q: Queryable, staffId: string) {
  return q
    .selectFrom('staff')
    .select(['id', 'given_name', 'family_name', 'title', 'active'])
    .where('id', '=', staffId)
    .executeTakeFirst();
}

/** The citizen's personal number and protection flag (for the acting-for list). */
export async function personIdentity(q: Queryable, personId: string) {
  return q
    .selectFrom('persons')
    .select(['personal_number', 'protected_identity'])
    .where('id', '=', personId)
    .executeTakeFirstOrThrow();
}

export async function setDisplayName(q: Queryable, participantId: string, displayName: string) {
  await q
    .updateTable('video_participants')
    .set({ display_name: displayName })
    .where('id', '=', participantId)
    .execute();
}
