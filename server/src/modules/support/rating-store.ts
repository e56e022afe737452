/** SQL for the rating links of e-mail and public-form cases (migration 250). */
import { randomBytes } from 'node:crypto';
import type { Db, Queryable, Tx } from '../../platform/db/index.js';

/** The signing key shared by every instance: created once, then read. */
export async function ratingSecret(db: Db): Promise<string> {
  await db
    .insertInto('support_secrets')
    .values({ id: 1, secret: randomBytes(32).toString('base64url') })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  const row = await db.selectFrom('support_secrets').select('secret').where('id', '=', 1).executeTakeFirstOrThrow();
  return row.secret;
}

export async function insertToken(q: Queryable, row: { nonce: string; case_id: string; expires_at: Date }) {
  await q.insertInto('support_rating_tokens').values(row).execute();
}

export async function token(q: Queryable, nonce: string) {
  return q.selectFrom('support_rating_tokens').selectAll().where('nonce', '=', nonce).executeTakeFirst();
}

/** The token row, locked (its use and the rating are one transaction). */
export async function lockToken(trx: Tx, nonce: string) {
  return trx.selectFrom('support_rating_tokens').selectAll().where('nonce', '=', nonce).forUpdate().executeTakeFirst();
}

export async function markUsed(trx: Tx, nonce: string, at: Date) {
  await trx.updateTable('support_rating_tokens').set({ used_at: at }).where('nonce', '=', nonce).execute();
}
