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
import * as store from './retention-store.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const BATCH = 200;

type Deps = Pick<AppContext, 'db' | 'clock' | 'config'>;

/** Deletes what the policy says is due; returns the counts. */
export async function purgeMessaging(deps: Deps, storage: FileStorage) {
  const { db, clock } = deps;
  const now = clock.now().getTime();
  let conversations = 0;
  let uploads = 0;

  const stale = await store.staleUploads(db, new Date(now - DAY_MS), BATCH);
  for (const a of stale) {
    await storage.delete(a.storage_key);
    await store.deleteUnsentUpload(db, a.id);
    uploads += 1;
  }

  const days = deps.config.messaging.retentionDays;
  if (days > 0) {
    const before = new Date(now - days * DAY_MS);
    for (const id of await store.closedBefore(db, before, BATCH)) {
      const keys = await db.transaction().execute((trx) => store.deleteDueConversation(trx, id, before));
      if (!keys) continue;
      conversations += 1;
      // After the commit: a failed file delete leaves an unreachable file, never a dangling row.
      for (const key of keys) await storage.delete(key);
    }
  }
  return { conversations, uploads };
}
