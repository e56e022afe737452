/**
 * SQL for attachment rows (attachments.ts holds the checks and the storage):
 * a row links a stored file to its uploader until it is sent with a message.
 */
import type { Insertable } from 'kysely';
import type { Queryable } from '../../platform/db/index.js';
import type { MessageAttachmentsTable } from '../../platform/db/schema.js';

/** How many uploads the person or staff member has not sent yet. */
export async function pendingUploadCount(
  q: Queryable,
  column: 'uploaded_by_person_id' | 'uploaded_by_staff_id',
  id: string,
): Promise<number> {
  const { n } = await q
    .selectFrom('message_attachments')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where(column, '=', id)
    .where('message_id', 'is', null)
    .where('held_by', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(n);
}

/** Stores a new (pending) upload. */
export async function insertAttachment(q: Queryable, row: Insertable<MessageAttachmentsTable>): Promise<void> {
  await q.insertInto('message_attachments').values(row).execute();
}

/**
 * An attachment with what both sides' checks need: the uploader (person or staff,
 * with the subject or unit), whether its message is internal, and the conversation's
 * unit and patient.
 */
export function attachmentWithContext(q: Queryable, id: string) {
  return q
    .selectFrom('message_attachments as a')
    .leftJoin('conversation_messages as m', 'm.id', 'a.message_id')
    .leftJoin('conversations as c', 'c.id', 'a.conversation_id')
    .select([
      'a.id',
      'a.storage_key',
      'a.content_type',
      'a.filename',
      'a.message_id',
      'a.uploaded_by_person_id',
      'a.subject_person_id',
      'a.uploaded_by_staff_id',
      'a.unit_id',
      'm.internal',
      'c.unit_id as c_unit',
      'c.patient_id',
    ])
    .where('a.id', '=', id)
    .executeTakeFirst();
}

/**
 * Holds a citizen's own unsent upload for another module's record; returns its
 * type, or undefined when it is not theirs, already sent or already held.
 */
export async function holdUpload(
  q: Queryable,
  a: { attachmentId: string; uploaderPersonId: string; subjectPersonId: string; holder: 'triage'; ref: string },
) {
  return q
    .updateTable('message_attachments')
    .set({ held_by: a.holder, held_ref: a.ref })
    .where('id', '=', a.attachmentId)
    .where('uploaded_by_person_id', '=', a.uploaderPersonId)
    .where('subject_person_id', '=', a.subjectPersonId)
    .where('message_id', 'is', null)
    .where('held_by', 'is', null)
    .returning(['id', 'content_type'])
    .executeTakeFirst();
}

/** A held upload of the holder's record (already held by this very record counts too). */
export async function heldAttachment(q: Queryable, holder: 'triage', ref: string, id: string) {
  return q
    .selectFrom('message_attachments')
    .select(['id', 'storage_key', 'content_type', 'filename'])
    .where('id', '=', id)
    .where('held_by', '=', holder)
    .where('held_ref', '=', ref)
    .executeTakeFirst();
}

/**
 * Lets go of the uploads held by these records (except `keep`); the purge of
 * unsent uploads then removes them.
 */
export async function releaseHeld(q: Queryable, holder: 'triage', refs: string[], keep: string[] = []): Promise<void> {
  if (refs.length === 0) return;
  let query = q
    .updateTable('message_attachments')
    .set({ held_by: null, held_ref: null })
    .where('held_by', '=', holder)
    .where('held_ref', 'in', refs);
  if (keep.length > 0) query = query.where('id', 'not in', keep);
  await query.execute();
}
