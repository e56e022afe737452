/**
 * SQL for appending an entry to a conversation (entries.ts holds the rules):
 * the message row, its attachments, and the conversation's marks after it.
 */
import type { Insertable, Updateable } from 'kysely';
import type { Tx } from '../../platform/db/index.js';
import type { ConversationMessagesTable, ConversationsTable } from '../../platform/db/schema.js';
import type { ConversationRow } from './store.js';

/** Stores the message (its seq allocated by the caller under the conversation lock). */
export async function insertMessage(trx: Tx, values: Insertable<ConversationMessagesTable>): Promise<void> {
  await trx.insertInto('conversation_messages').values(values).execute();
}

/** Moves the sender's pending uploads onto the message. */
export async function attachToMessage(
  trx: Tx,
  attachmentIds: string[],
  messageId: string,
  conversationId: string,
): Promise<void> {
  if (attachmentIds.length === 0) return;
  await trx
    .updateTable('message_attachments')
    .set({ message_id: messageId, conversation_id: conversationId })
    .where('id', 'in', attachmentIds)
    .execute();
}

/** Updates the conversation's status and marks; returns the row as it now is. */
export function updateConversation(
  trx: Tx,
  conversationId: string,
  patch: Updateable<ConversationsTable>,
): Promise<ConversationRow> {
  return trx
    .updateTable('conversations')
    .set(patch)
    .where('id', '=', conversationId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface NewConversation {
  id: string;
  unitId: string;
  patientId: string;
  topicId: string | null;
  subject: string;
  now: Date;
  /** The staff member who starts it; null when the patient's side does. */
  staffId: string | null;
  /** A patient's conversation assigned from the start (continuity: their care contact). */
  assigneeStaffId?: string | null;
}

/**
 * A new conversation: a patient (or who acts for them) starts it as 'new', a staff
 * member as 'assigned' to themselves; its first entry follows in the same transaction.
 */
export async function insertConversation(trx: Tx, c: NewConversation): Promise<void> {
  await trx
    .insertInto('conversations')
    .values({
      id: c.id,
      unit_id: c.unitId,
      patient_id: c.patientId,
      topic_id: c.topicId,
      subject: c.subject,
      status: c.staffId || c.assigneeStaffId ? 'assigned' : 'new',
      assignee_staff_id: c.staffId ?? c.assigneeStaffId ?? null,
      started_by: c.staffId ? 'staff' : 'patient',
      last_activity_at: c.now,
      last_unit_activity_at: c.now,
      created_at: c.now,
    })
    .execute();
}
