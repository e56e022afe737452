/**
 * The conversation as a care relationship, and the retention purge.
 *
 * Relationship: staff of a unit may open the data of a patient who has a
 * conversation with the unit (registered with the platform's access gate).
 *
 * Retention (the region's policy, MESSAGING_RETENTION_DAYS, default 3650 —
 * 0 keeps everything): a closed conversation whose last activity is older
 * than the policy is deleted with its entries and attachments (files first
 * from storage). Uploads never sent with a message are removed after a day.
 * The sweep runs hourly on every instance; it is idempotent, and a row is
 * deleted once whichever instance gets there first.
 */
import type { AppContext } from '../../platform/context.js';
import type { FileStorage } from '../../platform/storage.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const BATCH = 200;

type Deps = Pick<AppContext, 'db' | 'clock' | 'config'>;

/** Deletes what the policy says is due; returns the counts. */
export async function purgeMessaging(deps: Deps, storage: FileStorage) {
  const { db, clock } = deps;
  const now = clock.now().getTime();
  let conversations = 0;
  let uploads = 0;

  const stale = await db
    .selectFrom('message_attachments')
    .select(['id', 'storage_key'])
    .where('message_id', 'is', null)
    .where('created_at', '<', new Date(now - DAY_MS))
    .limit(BATCH)
    .execute();
  for (const a of stale) {
    await storage.delete(a.storage_key);
    await db.deleteFrom('message_attachments').where('id', '=', a.id).where('message_id', 'is', null).execute();
    uploads += 1;
  }

  const days = deps.config.messaging.retentionDays;
  if (days > 0) {
    const due = await db
      .selectFrom('conversations')
      .select('id')
      .where('status', '=', 'closed')
      .where('last_unit_activity_at', '<', new Date(now - days * DAY_MS))
      .limit(BATCH)
      .execute();
    for (const { id } of due) {
      const keys = await db.transaction().execute(async (trx) => {
        // Re-check under the lock: a reopened or answered conversation is kept.
        const still = await trx
          .selectFrom('conversations')
          .select('id')
          .where('id', '=', id)
          .where('status', '=', 'closed')
          .where('last_unit_activity_at', '<', new Date(now - days * DAY_MS))
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
      });
      if (!keys) continue;
      conversations += 1;
      // After the commit: a failed file delete leaves an unreachable file, never a dangling row.
      for (const key of keys) await storage.delete(key);
    }
  }
  return { conversations, uploads };
}
