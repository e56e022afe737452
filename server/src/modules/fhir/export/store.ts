/** SQL of "download my data": the export rows, and the refusals of a wrong or late download. */
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../../platform/db/index.js';

export async function insert(
  q: Queryable,
  row: { id: string; requestedBy: string; subject: string; relation: 'guardian' | 'ombud' | null; at: Date },
): Promise<void> {
  await q
    .insertInto('fhir_exports')
    .values({
      id: row.id,
      requested_by_person_id: row.requestedBy,
      subject_person_id: row.subject,
      on_behalf_relation: row.relation,
      status: 'pending',
      created_at: row.at,
    })
    .execute();
}

export async function byId(q: Queryable, id: string) {
  return q
    .selectFrom('fhir_exports')
    .select([
      'id',
      'requested_by_person_id',
      'subject_person_id',
      'on_behalf_relation',
      'status',
      'created_at',
      'ready_at',
      'expires_at',
    ])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function content(q: Queryable, id: string) {
  return q.selectFrom('fhir_exports').select(['bundle', 'summary_html']).where('id', '=', id).executeTakeFirst();
}

/** The requester's exports, newest first, with the subject's name for the list. */
export async function listFor(q: Queryable, personId: string) {
  return q
    .selectFrom('fhir_exports as e')
    .innerJoin('persons as p', 'p.id', 'e.subject_person_id')
    .select([
      'e.id',
      'e.subject_person_id',
      'p.given_name',
      'p.family_name',
      'e.status',
      'e.created_at',
      'e.ready_at',
      'e.expires_at',
    ])
    .where('e.requested_by_person_id', '=', personId)
    .orderBy('e.created_at', 'desc')
    .limit(20)
    .execute();
}

/** Stores a finished export; only a pending one moves (a repeat of the job changes nothing). */
export async function markReady(q: Queryable, id: string, bundle: string, html: string, at: Date, expiresAt: Date) {
  return q
    .updateTable('fhir_exports')
    .set({ status: 'ready', bundle, summary_html: html, ready_at: at, expires_at: expiresAt })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .returning('id')
    .executeTakeFirst();
}

export async function markFailed(q: Queryable, id: string) {
  await q
    .updateTable('fhir_exports')
    .set({ status: 'failed' })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .execute();
}

/** Drops the content of expired exports (the row stays, as a record that it was made). */
export async function expire(q: Queryable, now: Date): Promise<number> {
  const rows = await q
    .updateTable('fhir_exports')
    .set({ status: 'expired', bundle: null, summary_html: null })
    .where('status', '=', 'ready')
    .where('expires_at', '<=', now)
    .returning('id')
    .execute();
  return rows.length;
}

export async function contactOf(q: Queryable, personId: string) {
  return q
    .selectFrom('persons')
    .select(['email', 'email_verified_at', 'notify_email'])
    .where('id', '=', personId)
    .executeTakeFirst();
}

/** A refused download (someone else's link, or too late), kept like the gates' refusals. */
export async function recordRefusal(
  q: Queryable,
  r: { at: Date; actorPersonId: string; subjectPersonId: string | null; exportId: string; reason: string },
): Promise<void> {
  await q
    .insertInto('access_refusals')
    .values({
      id: randomUUID(),
      at: r.at,
      staff_id: null,
      unit_id: null,
      actor_person_id: r.actorPersonId,
      subject_person_id: r.subjectPersonId,
      subject_personal_number: null,
      action: 'download',
      record_type: 'fhir_export',
      record_id: r.exportId,
      purpose: 'self_service',
      reason: r.reason,
    })
    .execute();
}

/** The person's invitations (e-kallelser), for the export. */
export async function invitations(q: Queryable, personId: string) {
  return q
    .selectFrom('invitations as i')
    .innerJoin('units as u', 'u.id', 'i.unit_id')
    .innerJoin('time_types as t', 't.id', 'i.time_type_id')
    .leftJoin('slots as s', 's.id', 'i.slot_id')
    .select([
      'i.id',
      'i.person_id',
      'i.unit_id',
      'u.name as unit_name',
      't.code as time_type_code',
      't.name_sv as time_type_name',
      'i.status',
      'i.participant_status',
      'i.instructions',
      's.starts_at',
      's.ends_at',
      'i.created_at',
    ])
    .where('i.person_id', '=', personId)
    .orderBy('i.created_at', 'desc')
    .execute();
}

/** The targeted offers the person was among. */
export async function offers(q: Queryable, personId: string) {
  return q
    .selectFrom('offer_targets as ot')
    .innerJoin('offers as o', 'o.id', 'ot.offer_id')
    .innerJoin('units as u', 'u.id', 'o.unit_id')
    .select([
      'o.id',
      'o.unit_id',
      'o.title',
      'o.description',
      'u.name as unit_name',
      'o.status',
      'ot.created_at',
      'ot.booking_id',
    ])
    .where('ot.person_id', '=', personId)
    .orderBy('ot.created_at', 'desc')
    .execute();
}
