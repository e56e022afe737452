/**
 * SQL for the FHIR read API. Public reads (units, time types, times) use the
 * same "self-bookable, published, released, not reserved" rule as the slot
 * feed; a person's reads are scoped by the person id (and the staff member's
 * unit) that the service has already cleared.
 */
import { sql } from 'kysely';
import type { Queryable } from '../../platform/db/index.js';
import type { AuditRow, BookingRow, GrantRow, MessageRow, PersonRow } from './resources/patient.js';
import type { SlotRow, TimeTypeRow, UnitRow } from './resources/public.js';

export interface Page {
  limit: number;
  offset: number;
}

const UNIT_COLUMNS = [
  'u.id',
  'u.hsa_id',
  'u.name',
  'u.street',
  'u.postal_code',
  'u.city',
  'u.municipality',
  'u.latitude',
  'u.longitude',
  'u.phone',
  'u.email',
  'u.website',
  'u.description',
  'u.updated_at',
] as const;

/** Active units (all, or these ids). */
export async function units(q: Queryable, ids?: string[]): Promise<UnitRow[]> {
  if (ids?.length === 0) return [];
  let query = q.selectFrom('units as u').select(UNIT_COLUMNS).where('u.active', '=', true);
  if (ids) query = query.where('u.id', 'in', ids);
  return query.orderBy('u.name').orderBy('u.id').execute();
}

/**
 * A time type is public when it is self-bookable, not retired and released:
 * it has no release rule, or one that has opened and is not paused.
 */
export function publicTypeFilter(now: Date) {
  // Joined as `t` by every caller.
  return sql<boolean>`t.self_bookable and t.retired_at is null and (
    not exists (select 1 from release_rules r where r.time_type_id = t.id)
    or exists (select 1 from release_rules r where r.time_type_id = t.id and r.opens_at <= ${now} and r.paused_at is null))`;
}

export interface OfferedRow {
  unit: UnitRow;
  type: TimeTypeRow;
}

/** Every (active unit, public time type) pair the timebook offers. */
export async function offered(q: Queryable, now: Date): Promise<OfferedRow[]> {
  const rows = await q
    .selectFrom('time_type_units as tu')
    .innerJoin('units as u', 'u.id', 'tu.unit_id')
    .innerJoin('time_types as t', 't.id', 'tu.time_type_id')
    .select(UNIT_COLUMNS)
    .select(['t.id as type_id', 't.code', 't.name_sv', 't.name_en', 't.mode'])
    .where('u.active', '=', true)
    .where(publicTypeFilter(now))
    .orderBy('u.name')
    .orderBy('t.code')
    .execute();
  return rows.map(({ type_id, code, name_sv, name_en, mode, ...unit }) => ({
    unit,
    type: { id: type_id, code, name_sv, name_en, mode },
  }));
}

export interface PublicSlotQuery {
  now: Date;
  ids?: string[];
  from?: Date;
  to?: Date;
  unitId?: string;
  timeTypeId?: string;
  status?: ('free' | 'busy')[];
  page: Page;
}

/** Future, published, unreserved times of public types at active units, earliest first. */
export async function publicSlots(q: Queryable, s: PublicSlotQuery): Promise<SlotRow[]> {
  if (s.ids?.length === 0) return [];
  let query = q
    .selectFrom('slots as s')
    .innerJoin('time_types as t', 't.id', 's.time_type_id')
    .innerJoin('units as u', 'u.id', 's.unit_id')
    .select(['s.id', 's.unit_id', 's.time_type_id', 's.starts_at', 's.ends_at', 's.capacity', 's.booked'])
    .where('s.withdrawn_at', 'is', null)
    .where('s.reserved_for', 'is', null)
    .where('s.visible_from', '<=', s.now)
    .where('s.starts_at', '>', s.now)
    .where('u.active', '=', true)
    .where(publicTypeFilter(s.now));
  if (s.ids) query = query.where('s.id', 'in', s.ids);
  if (s.from) query = query.where('s.starts_at', '>=', s.from);
  if (s.to) query = query.where('s.starts_at', '<', s.to);
  if (s.unitId) query = query.where('s.unit_id', '=', s.unitId);
  if (s.timeTypeId) query = query.where('s.time_type_id', '=', s.timeTypeId);
  if (s.status?.length === 1) {
    query = query.where('s.booked', s.status[0] === 'free' ? '<' : '>=', sql<number>`s.capacity`);
  }
  return query.orderBy('s.starts_at').orderBy('s.id').limit(s.page.limit).offset(s.page.offset).execute();
}

/** The person row the Patient resource is made from. */
export async function person(q: Queryable, id: string): Promise<PersonRow | undefined> {
  return q
    .selectFrom('persons')
    .select([
      'id',
      'personal_number',
      'given_name',
      'family_name',
      'protected_identity',
      'street',
      'postal_code',
      'city',
      'email',
      'phone',
      'listed_unit_id',
      'updated_at',
    ])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Whose record an id is (for a read by id: the access check needs the subject first). */
export async function ownerOf(
  q: Queryable,
  type: 'Appointment' | 'QuestionnaireResponse' | 'Communication' | 'AuditEvent' | 'Consent',
  id: string,
): Promise<string | undefined> {
  if (type === 'Appointment' || type === 'QuestionnaireResponse') {
    const r = await q.selectFrom('bookings').select('person_id').where('id', '=', id).executeTakeFirst();
    return r?.person_id;
  }
  if (type === 'Communication') {
    const r = await q
      .selectFrom('conversation_messages as m')
      .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
      .select('c.patient_id')
      .where('m.id', '=', id)
      .where('m.internal', '=', false)
      .executeTakeFirst();
    return r?.patient_id;
  }
  if (type === 'AuditEvent') {
    const r = await q.selectFrom('audit_log').select('subject_person_id').where('id', '=', id).executeTakeFirst();
    return r?.subject_person_id;
  }
  const r = await q.selectFrom('proxy_grants').select('grantor_person_id').where('id', '=', id).executeTakeFirst();
  return r?.grantor_person_id;
}

export interface PersonScope {
  personId: string;
  /** Staff see their active unit's records only. */
  unitId?: string;
  ids?: string[];
  from?: Date;
  to?: Date;
  page: Page;
}

/** A person's bookings with their times, unit and type (`withAnswers`: only those with a declaration). */
export async function bookings(
  q: Queryable,
  s: PersonScope & { status?: string[]; withAnswers?: boolean },
): Promise<BookingRow[]> {
  if (s.ids?.length === 0) return [];
  let query = q
    .selectFrom('bookings as b')
    .innerJoin('slots as s', 's.id', 'b.slot_id')
    .innerJoin('units as u', 'u.id', 'b.unit_id')
    .innerJoin('time_types as t', 't.id', 'b.time_type_id')
    .select([
      'b.id',
      'b.person_id',
      'b.slot_id',
      'b.unit_id',
      'u.name as unit_name',
      't.code as time_type_code',
      't.name_sv as time_type_name',
      'b.status',
      's.starts_at',
      's.ends_at',
      'b.created_at',
      'b.cancel_reason',
      'b.form_version_id',
      'b.form_answers',
    ])
    .where('b.person_id', '=', s.personId);
  if (s.unitId) query = query.where('b.unit_id', '=', s.unitId);
  if (s.ids) query = query.where('b.id', 'in', s.ids);
  if (s.from) query = query.where('s.starts_at', '>=', s.from);
  if (s.to) query = query.where('s.starts_at', '<', s.to);
  if (s.status) {
    const ours = s.status.flatMap((f) => FHIR_TO_BOOKING[f] ?? []);
    if (ours.length === 0) return [];
    query = query.where('b.status', 'in', ours);
  }
  if (s.withAnswers) query = query.where('b.form_answers', 'is not', null);
  return query.orderBy('s.starts_at', 'desc').orderBy('b.id').limit(s.page.limit).offset(s.page.offset).execute();
}

const FHIR_TO_BOOKING: Record<string, BookingRow['status'][]> = {
  booked: ['booked'],
  arrived: ['arrived'],
  fulfilled: ['completed'],
  noshow: ['no_show'],
  cancelled: ['cancelled'],
};

/** A person's messages (never internal notes), newest first, with their attachments. */
export async function messages(q: Queryable, s: PersonScope): Promise<MessageRow[]> {
  if (s.ids?.length === 0) return [];
  let query = q
    .selectFrom('conversation_messages as m')
    .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
    .innerJoin('units as u', 'u.id', 'c.unit_id')
    .select([
      'm.id',
      'm.conversation_id',
      'c.subject',
      'c.patient_id',
      'c.unit_id',
      'u.name as unit_name',
      'm.author_kind',
      'm.author_person_id',
      'm.body',
      'm.created_at',
    ])
    .where('c.patient_id', '=', s.personId)
    .where('m.internal', '=', false);
  if (s.unitId) query = query.where('c.unit_id', '=', s.unitId);
  if (s.ids) query = query.where('m.id', 'in', s.ids);
  if (s.from) query = query.where('m.created_at', '>=', s.from);
  if (s.to) query = query.where('m.created_at', '<', s.to);
  const rows = await query
    .orderBy('m.created_at', 'desc')
    .orderBy('m.id')
    .limit(s.page.limit)
    .offset(s.page.offset)
    .execute();
  const files = rows.length
    ? await q
        .selectFrom('message_attachments')
        .select(['id', 'message_id', 'filename', 'content_type', 'size_bytes'])
        .where(
          'message_id',
          'in',
          rows.map((r) => r.id),
        )
        .orderBy('created_at')
        .execute()
    : [];
  return rows.map((r) => ({ ...r, attachments: files.filter((f) => f.message_id === r.id) }));
}

/** The person's access log (what "Vem har tittat" shows), newest first. */
export async function auditEntries(q: Queryable, s: PersonScope): Promise<AuditRow[]> {
  if (s.ids?.length === 0) return [];
  let query = q
    .selectFrom('audit_log as a')
    .leftJoin('units as u', 'u.id', 'a.unit_id')
    .select([
      'a.id',
      'a.at',
      'a.actor_kind',
      'a.actor_role',
      'u.name as unit_name',
      'a.subject_person_id',
      'a.action',
      'a.record_type',
      'a.purpose',
      'a.on_behalf_of_relation',
      'a.flagged',
    ])
    .where('a.subject_person_id', '=', s.personId);
  if (s.ids) query = query.where('a.id', 'in', s.ids);
  if (s.from) query = query.where('a.at', '>=', s.from);
  if (s.to) query = query.where('a.at', '<', s.to);
  return query.orderBy('a.at', 'desc').orderBy('a.id').limit(s.page.limit).offset(s.page.offset).execute();
}

/** The ombud grants the person has given. */
export async function grants(q: Queryable, s: PersonScope & { status?: string[] }): Promise<GrantRow[]> {
  if (s.ids?.length === 0) return [];
  let query = q
    .selectFrom('proxy_grants')
    .select(['id', 'grantor_person_id', 'ombud_person_id', 'scopes', 'status', 'created_at', 'expires_at', 'ended_at'])
    .where('grantor_person_id', '=', s.personId);
  if (s.ids) query = query.where('id', 'in', s.ids);
  if (s.status) {
    const ours = s.status.flatMap((c) =>
      c === 'proposed' ? ['pending'] : c === 'active' ? ['active'] : c === 'inactive' ? ['ended'] : [],
    );
    if (ours.length === 0) return [];
    query = query.where('status', 'in', ours as GrantRow['status'][]);
  }
  return query.orderBy('created_at', 'desc').orderBy('id').limit(s.page.limit).offset(s.page.offset).execute();
}
