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

/** The newest `limit` SMS of the development outbox, newest first. */
export async function latestSms(db: Queryable, limit: number) {
  return db
    .selectFrom('dev_sms_outbox')
    .select(['id', 'sent_at', 'sms_to', 'sms_from', 'body'])
    .orderBy('sent_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Empties the SMS outbox. */
export async function clearSmsOutbox(db: Queryable): Promise<void> {
  await db.deleteFrom('dev_sms_outbox').execute();
}
