/**
 * SQL for web push: the persons' push subscriptions and the VAPID key pair
 * shared through the database (generated once when the config has none).
 */
import { uuid } from '../../platform/db/helpers.js';
import type { Queryable } from '../../platform/db/index.js';

export interface PushSubscriptionRow {
  id: string;
  endpoint: string;
  p256dh: string;
  auth: string;
}

/** The stored VAPID key pair, or undefined. */
export function storedVapidKeys(q: Queryable) {
  return q.selectFrom('messaging_vapid_keys').selectAll().where('id', '=', 1).executeTakeFirst();
}

/** Stores a key pair unless one exists (two instances may race; the first wins). */
export async function insertVapidKeys(q: Queryable, keys: { publicKey: string; privateKey: string }, now: Date) {
  await q
    .insertInto('messaging_vapid_keys')
    .values({ id: 1, public_key: keys.publicKey, private_key: keys.privateKey, created_at: now })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

/** Saves a subscription; an endpoint seen before moves to this person with the new keys. */
export async function upsertPushSubscription(
  q: Queryable,
  personId: string,
  sub: { endpoint: string; p256dh: string; auth: string },
  now: Date,
): Promise<void> {
  await q
    .insertInto('push_subscriptions')
    .values({
      id: uuid(),
      person_id: personId,
      endpoint: sub.endpoint,
      p256dh: sub.p256dh,
      auth: sub.auth,
      created_at: now,
    })
    .onConflict((oc) => oc.column('endpoint').doUpdateSet({ person_id: personId, p256dh: sub.p256dh, auth: sub.auth }))
    .execute();
}

/** Removes the person's subscription of this endpoint (someone else's stays). */
export async function deletePushSubscription(q: Queryable, personId: string, endpoint: string): Promise<void> {
  await q.deleteFrom('push_subscriptions').where('endpoint', '=', endpoint).where('person_id', '=', personId).execute();
}

/** Removes a subscription the push service says is gone. */
export async function dropPushSubscription(q: Queryable, id: string): Promise<void> {
  await q.deleteFrom('push_subscriptions').where('id', '=', id).execute();
}

/** Marks a delivery that the push service accepted. */
export async function markPushSuccess(q: Queryable, id: string, now: Date): Promise<void> {
  await q.updateTable('push_subscriptions').set({ last_success_at: now }).where('id', '=', id).execute();
}

/** Every subscription of a person. */
export function pushSubscriptionsOf(q: Queryable, personId: string): Promise<PushSubscriptionRow[]> {
  return q
    .selectFrom('push_subscriptions')
    .select(['id', 'endpoint', 'p256dh', 'auth'])
    .where('person_id', '=', personId)
    .execute();
}

/** What the notify job needs of a conversation: its patient and how far the patient's side has read. */
export function notifyTarget(q: Queryable, conversationId: string) {
  return q
    .selectFrom('conversations')
    .select(['id', 'patient_id', 'patient_read_seq'])
    .where('id', '=', conversationId)
    .executeTakeFirst();
}

/** The representatives (guardian, ombud) who have written in the conversation. */
export async function representativeAuthors(q: Queryable, conversationId: string): Promise<string[]> {
  const rows = await q
    .selectFrom('conversation_messages')
    .select('author_person_id')
    .distinct()
    .where('conversation_id', '=', conversationId)
    .where('author_kind', '=', 'representative')
    .execute();
  return rows.flatMap((r) => (r.author_person_id ? [r.author_person_id] : []));
}
