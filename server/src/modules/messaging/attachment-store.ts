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
