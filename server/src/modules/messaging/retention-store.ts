/** SQL for the retention purge (retention.ts holds the policy and the order of deletes). */
import type { Queryable, Tx } from '../../platform/db/index.js';

/** Uploads never sent with a message, created before `before` (at most `limit`). */
export function staleUploads(q: Queryable, before: Date, limit: number) {
  return q
    .selectFrom('message_attachments')
    .select(['id', 'storage_key'])
    .where('message_id', 'is', null)
    .where('held_by', 'is', null)
    .where('created_at', '<', before)
    .limit(limit)
    .execute();
}

/** Deletes an upload unless it was sent in the meantime. */
export async function deleteUnsentUpload(q: Queryable, id: string): Promise<void> {
  await q
    .deleteFrom('message_attachments')
    .where('id', '=', id)
    .where('message_id', 'is', null)
    .where('held_by', 'is', null)
    .execute();
}

/** Closed conversations whose last unit activity is before `before` (at most `limit`). */
export async function closedBefore(q: Queryable, before: Date, limit: number): Promise<string[]> {
  const rows = await q
    .selectFrom('conversations')
    .select('id')
    .where('status', '=', 'closed')
    .where('last_unit_activity_at', '<', before)
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Deletes a conversation with its entries and attachment rows when it is still
 * closed and due (re-checked under the row lock: a reopened or answered one is
 * kept); returns the attachments' storage keys, or null when it was kept.
 */
export async function deleteDueConversation(trx: Tx, id: string, before: Date): Promise<string[] | null> {
  const still = await trx
    .selectFrom('conversations')
    .select('id')
    .where('id', '=', id)
    .where('status', '=', 'closed')
    .where('last_unit_activity_at', '<', before)
    .forUpdate()
    .executeTakeFirst();
  if (!still) return null;
  const files = await trx
    .deleteFrom('message_attachments')
    .where('conversation_id', '=', id)
    .returning('storage_key')
    .execute();
  await trx.deleteFrom('conversation_messages').where('conversation_id', '=', id).execute();
  await trx.deleteFrom('conversations').where('id', '=', id).execute();
  return files.map((f) => f.storage_key);
}
