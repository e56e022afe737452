/** SQL for the development mailbox (filled by the embedded SMTP server in platform/mail.ts). */
import type { Queryable } from '../../platform/db/index.js';

/** The newest `limit` messages, newest first. */
export async function latestMessages(db: Queryable, limit: number) {
  return db
    .selectFrom('dev_mailbox')
    .select(['id', 'received_at', 'mail_to', 'subject', 'text_body'])
    .orderBy('received_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Empties the mailbox. */
export async function clearMailbox(db: Queryable): Promise<void> {
  await db.deleteFrom('dev_mailbox').execute();
}
