/**
 * SQL of secure messages. Every read takes the patient or the unit it is
 * scoped to; services check access before they call these.
 */
import { type Selectable, sql } from 'kysely';
import type { Queryable } from '../../platform/db/index.js';
import type { ConversationsTable } from '../../platform/db/schema.js';

export type PatientMode = 'start' | 'reply' | 'none';
/** A unit without a settings row: patients may answer what the unit starts, 2 working days. */
export const DEFAULT_SETTINGS = { patientMode: 'reply' as PatientMode, targetWorkingDays: 2 };

export interface SettingsRow {
  unitId: string;
  patientMode: PatientMode;
  targetWorkingDays: number;
}

export async function settingsOf(q: Queryable, unitIds: string[]): Promise<Map<string, SettingsRow>> {
  const map = new Map<string, SettingsRow>();
  for (const id of unitIds) map.set(id, { unitId: id, ...DEFAULT_SETTINGS });
  if (unitIds.length === 0) return map;
  const rows = await q.selectFrom('messaging_settings').selectAll().where('unit_id', 'in', unitIds).execute();
  for (const r of rows) {
    map.set(r.unit_id, { unitId: r.unit_id, patientMode: r.patient_mode, targetWorkingDays: r.target_working_days });
  }
  return map;
}

export async function settingsFor(q: Queryable, unitId: string): Promise<SettingsRow> {
  return (await settingsOf(q, [unitId])).get(unitId)!;
}

export interface TopicRow {
  id: string;
  unitId: string;
  labelSv: string;
  labelEn: string;
}

/** Offered (not retired) topics, in the unit's order. */
export async function topicsOf(q: Queryable, unitIds: string[]): Promise<TopicRow[]> {
  if (unitIds.length === 0) return [];
  const rows = await q
    .selectFrom('messaging_topics')
    .select(['id', 'unit_id', 'label_sv', 'label_en'])
    .where('unit_id', 'in', unitIds)
    .where('retired_at', 'is', null)
    .orderBy('position')
    .execute();
  return rows.map((r) => ({ id: r.id, unitId: r.unit_id, labelSv: r.label_sv, labelEn: r.label_en }));
}

export async function topicsById(q: Queryable, ids: string[]): Promise<Map<string, TopicRow>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await q
    .selectFrom('messaging_topics')
    .select(['id', 'unit_id', 'label_sv', 'label_en'])
    .where('id', 'in', unique)
    .execute();
  return new Map(rows.map((r) => [r.id, { id: r.id, unitId: r.unit_id, labelSv: r.label_sv, labelEn: r.label_en }]));
}

/**
 * Active units the patient has a relationship with that a citizen can see: listed there,
 * a registered care relationship, a booking, or an earlier conversation.
 */
export async function relatedUnits(q: Queryable, personId: string, at: Date) {
  const listed = q.selectFrom('persons').select('listed_unit_id as unit_id').where('id', '=', personId);
  const registered = q
    .selectFrom('care_relationships')
    .select('unit_id')
    .where('person_id', '=', personId)
    .where('created_at', '<=', at)
    .where((eb) => eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', at)]));
  const booked = q.selectFrom('bookings').select('unit_id').where('person_id', '=', personId);
  const talked = q.selectFrom('conversations').select('unit_id').where('patient_id', '=', personId);
  return q
    .selectFrom('units')
    .select(['id', 'name'])
    .where('active', '=', true)
    .where((eb) =>
      eb.or([eb('id', 'in', listed), eb('id', 'in', registered), eb('id', 'in', booked), eb('id', 'in', talked)]),
    )
    .orderBy('name')
    .execute();
}

export type ConversationRow = Selectable<ConversationsTable>;

export async function conversationById(q: Queryable, id: string, lock = false) {
  let query = q.selectFrom('conversations').selectAll().where('id', '=', id);
  if (lock) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function unitName(q: Queryable, unitId: string): Promise<string | null> {
  const row = await q.selectFrom('units').select('name').where('id', '=', unitId).executeTakeFirst();
  return row?.name ?? null;
}

/** The patient's conversations, newest activity first, with the unit's name and the patient side's unread count. */
export async function citizenConversations(q: Queryable, patientId: string) {
  return q
    .selectFrom('conversations as c')
    .innerJoin('units as u', 'u.id', 'c.unit_id')
    .selectAll('c')
    .select('u.name as unit_name')
    .select((eb) =>
      eb
        .selectFrom('conversation_messages as m')
        .select(eb.fn.countAll<string>().as('n'))
        .whereRef('m.conversation_id', '=', 'c.id')
        .where('m.internal', '=', false)
        .where('m.author_kind', '=', 'staff')
        .whereRef('m.seq', '>', 'c.patient_read_seq')
        .as('unread'),
    )
    .where('c.patient_id', '=', patientId)
    .orderBy('c.last_activity_at', 'desc')
    .orderBy('c.id')
    .execute();
}

/** Unread entries from the unit for the patient's side (visible messages only). */
export async function unreadForPatient(q: Queryable, conversationId: string, readSeq: number): Promise<number> {
  const row = await q
    .selectFrom('conversation_messages')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('conversation_id', '=', conversationId)
    .where('internal', '=', false)
    .where('author_kind', '=', 'staff')
    .where('seq', '>', readSeq)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function unreadForUnit(q: Queryable, conversationId: string, readSeq: number): Promise<number> {
  const row = await q
    .selectFrom('conversation_messages')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('conversation_id', '=', conversationId)
    .where('author_kind', '<>', 'staff')
    .where('seq', '>', readSeq)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export interface MessageRow {
  id: string;
  conversationId: string;
  seq: number;
  internal: boolean;
  authorKind: 'patient' | 'representative' | 'staff';
  authorPersonId: string | null;
  authorStaffId: string | null;
  authorName: string;
  body: string;
  createdAt: Date;
  attachments: AttachmentRow[];
}

export interface AttachmentRow {
  id: string;
  messageId: string | null;
  filename: string;
  contentType: 'image/jpeg' | 'image/png' | 'application/pdf';
  sizeBytes: number;
  width: number | null;
  height: number | null;
}

/** Entries with seq > since (at most `limit`), oldest first, with their authors' display names and attachments. */
export async function messagesOf(
  q: Queryable,
  conversationId: string,
  options: { since?: number; limit: number; includeInternal: boolean; upTo?: number },
): Promise<MessageRow[]> {
  let query = q
    .selectFrom('conversation_messages as m')
    .leftJoin('persons as p', 'p.id', 'm.author_person_id')
    .leftJoin('staff as s', 's.id', 'm.author_staff_id')
    .select([
      'm.id',
      'm.conversation_id',
      'm.seq',
      'm.internal',
      'm.author_kind',
      'm.author_person_id',
      'm.author_staff_id',
      'm.body',
      'm.created_at',
      'p.given_name as p_given',
      'p.family_name as p_family',
      's.given_name as s_given',
      's.family_name as s_family',
      's.title as s_title',
    ])
    .where('m.conversation_id', '=', conversationId)
    .where('m.seq', '>', options.since ?? 0)
    .orderBy('m.seq')
    .limit(options.limit);
  if (options.upTo !== undefined) query = query.where('m.seq', '<=', options.upTo);
  if (!options.includeInternal) query = query.where('m.internal', '=', false);
  const rows = await query.execute();
  const attachments = await attachmentsOfMessages(
    q,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    conversationId: r.conversation_id,
    seq: r.seq,
    internal: r.internal,
    authorKind: r.author_kind,
    authorPersonId: r.author_person_id,
    authorStaffId: r.author_staff_id,
    authorName:
      r.author_kind === 'staff'
        ? staffDisplayName(r.s_given ?? '', r.s_family ?? '', r.s_title ?? '')
        : `${r.p_given ?? ''} ${r.p_family ?? ''}`.trim(),
    body: r.body,
    createdAt: r.created_at,
    attachments: attachments.get(r.id) ?? [],
  }));
}

/** "Nadia N., Distriktssköterska": staff are named to patients by given name, initial and title. */
export function staffDisplayName(given: string, family: string, title: string): string {
  const initial = family ? ` ${family.charAt(0)}.` : '';
  return `${given}${initial}${title ? `, ${title}` : ''}`;
}

export async function attachmentsOfMessages(q: Queryable, messageIds: string[]): Promise<Map<string, AttachmentRow[]>> {
  const map = new Map<string, AttachmentRow[]>();
  if (messageIds.length === 0) return map;
  const rows = await q
    .selectFrom('message_attachments')
    .select(['id', 'message_id', 'filename', 'content_type', 'size_bytes', 'width', 'height', 'created_at'])
    .where('message_id', 'in', messageIds)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  for (const r of rows) {
    const list = map.get(r.message_id!) ?? [];
    list.push({
      id: r.id,
      messageId: r.message_id,
      filename: r.filename,
      contentType: r.content_type,
      sizeBytes: r.size_bytes,
      width: r.width,
      height: r.height,
    });
    map.set(r.message_id!, list);
  }
  return map;
}

/** Pending attachments among `ids` uploaded by this uploader (not yet on a message), locked. */
export async function pendingAttachments(
  q: Queryable,
  ids: string[],
  owner: { personId: string; subjectId: string } | { staffId: string; unitId: string },
) {
  if (ids.length === 0) return [];
  let query = q
    .selectFrom('message_attachments')
    .select(['id'])
    .where('id', 'in', ids)
    .where('message_id', 'is', null)
    .where('held_by', 'is', null);
  query =
    'personId' in owner
      ? query.where('uploaded_by_person_id', '=', owner.personId).where('subject_person_id', '=', owner.subjectId)
      : query.where('uploaded_by_staff_id', '=', owner.staffId).where('unit_id', '=', owner.unitId);
  return query.forUpdate().execute();
}

/** Allocates the next seq of the conversation (the row lock orders concurrent senders). */
export async function nextSeq(q: Queryable, conversationId: string): Promise<number> {
  const row = await q
    .updateTable('conversations')
    .set((eb) => ({ last_seq: eb('last_seq', '+', 1) }))
    .where('id', '=', conversationId)
    .returning('last_seq')
    .executeTakeFirstOrThrow();
  return row.last_seq;
}

export async function messageByClientId(q: Queryable, clientId: string) {
  return q.selectFrom('conversation_messages').selectAll().where('client_id', '=', clientId).executeTakeFirst();
}

/** Inbox rows of a unit. `filter` and `q` as in the contract; ordered most urgent first. */
export async function inboxRows(
  q: Queryable,
  unitId: string,
  options: { filter: string; search?: string; staffId: string; limit: number; offset: number },
) {
  let query = q
    .selectFrom('conversations as c')
    .innerJoin('persons as p', 'p.id', 'c.patient_id')
    .leftJoin('staff as s', 's.id', 'c.assignee_staff_id')
    .leftJoin('messaging_topics as t', 't.id', 'c.topic_id')
    .selectAll('c')
    .select([
      'p.given_name as p_given',
      'p.family_name as p_family',
      'p.personal_number as p_pnr',
      'p.protected_identity as p_protected',
      's.given_name as s_given',
      's.family_name as s_family',
    ])
    .select((eb) =>
      eb
        .selectFrom('conversation_messages as m')
        .select(eb.fn.countAll<string>().as('n'))
        .whereRef('m.conversation_id', '=', 'c.id')
        .where('m.author_kind', '<>', 'staff')
        .whereRef('m.seq', '>', 'c.unit_read_seq')
        .as('unread'),
    )
    .where('c.unit_id', '=', unitId);
  switch (options.filter) {
    case 'new':
      query = query.where('c.status', '=', 'new');
      break;
    case 'mine':
      query = query.where('c.assignee_staff_id', '=', options.staffId).where('c.status', '<>', 'closed');
      break;
    case 'waiting_for_patient':
      query = query.where('c.status', '=', 'waiting_for_patient');
      break;
    case 'closed':
      query = query.where('c.status', '=', 'closed');
      break;
    case 'open':
      query = query.where('c.status', '<>', 'closed');
      break;
  }
  const search = options.search?.trim();
  if (search) {
    const digits = search.replace(/\D/g, '');
    const like = `%${search.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    query = query.where((eb) =>
      eb.or([
        eb(sql`lower(p.given_name || ' ' || p.family_name)`, 'like', like),
        eb(sql`lower(c.subject)`, 'like', like),
        eb(sql`lower(coalesce(t.label_sv, ''))`, 'like', like),
        ...(digits.length >= 4 ? [eb('p.personal_number', 'like', `%${digits}%`)] : []),
      ]),
    );
  }
  return query
    .orderBy(sql`c.waiting_since is null`)
    .orderBy('c.waiting_since')
    .orderBy('c.last_unit_activity_at', 'desc')
    .orderBy('c.id')
    .limit(options.limit + 1)
    .offset(options.offset)
    .execute();
}

/** Counts for the inbox tabs, and the waiting times of open conversations (for the overdue count). */
export async function inboxCounts(q: Queryable, unitId: string, staffId: string) {
  const rows = await q
    .selectFrom('conversations')
    .select(['status', 'assignee_staff_id', 'waiting_since'])
    .where('unit_id', '=', unitId)
    .where('status', '<>', 'closed')
    .execute();
  return rows.map((r) => ({
    status: r.status,
    mine: r.assignee_staff_id === staffId,
    waitingSince: r.waiting_since,
  }));
}

export async function staffOfUnit(q: Queryable, unitId: string) {
  return q
    .selectFrom('staff as s')
    .innerJoin('staff_unit_roles as r', 'r.staff_id', 's.id')
    .select(['s.id', 's.given_name', 's.family_name', 's.title'])
    .distinct()
    .where('r.unit_id', '=', unitId)
    .where('s.active', '=', true)
    .orderBy('s.given_name')
    .orderBy('s.family_name')
    .execute();
}

/** Moves one side's read mark up to `upTo` (callers check it only moves forward) and returns the row. */
export function advanceReadMark(
  q: Queryable,
  conversationId: string,
  side: 'patient' | 'unit',
  upTo: number,
  at: Date,
): Promise<ConversationRow> {
  return q
    .updateTable('conversations')
    .set(
      side === 'patient' ? { patient_read_seq: upTo, patient_read_at: at } : { unit_read_seq: upTo, unit_read_at: at },
    )
    .where('id', '=', conversationId)
    .returningAll()
    .executeTakeFirstOrThrow();
}
