/** SQL for the orders this relying party started (`bankid_orders`) and the session revocation at login. */
import type { Queryable } from '../../platform/db/index.js';

export interface RpOrder {
  orderRef: string;
  qrStartToken: string;
  qrStartSecret: string;
  startedAt: Date;
}

export async function insertOrder(db: Queryable, order: RpOrder & { endUserIp: string }): Promise<void> {
  await db
    .insertInto('bankid_orders')
    .values({
      order_ref: order.orderRef,
      qr_start_token: order.qrStartToken,
      qr_start_secret: order.qrStartSecret,
      end_user_ip: order.endUserIp,
      started_at: order.startedAt,
    })
    .execute();
}

/** An order that has not completed into a session and was started after `notBefore`. */
export async function findOpenOrder(db: Queryable, orderRef: string, notBefore: Date): Promise<RpOrder | null> {
  const row = await db
    .selectFrom('bankid_orders')
    .select(['order_ref', 'qr_start_token', 'qr_start_secret', 'started_at'])
    .where('order_ref', '=', orderRef)
    .where('completed_at', 'is', null)
    .where('started_at', '>', notBefore)
    .executeTakeFirst();
  return row
    ? {
        orderRef: row.order_ref,
        qrStartToken: row.qr_start_token,
        qrStartSecret: row.qr_start_secret,
        startedAt: row.started_at,
      }
    : null;
}

/**
 * Marks the order completed. Conditional on it being open, so of two
 * simultaneous collects only one turns the order into a session.
 */
export async function completeOrder(db: Queryable, orderRef: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('bankid_orders')
    .set({ completed_at: now })
    .where('order_ref', '=', orderRef)
    .where('completed_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Forgets orders started before `cutoff`. */
export async function purgeOrders(db: Queryable, cutoff: Date): Promise<void> {
  await db.deleteFrom('bankid_orders').where('started_at', '<', cutoff).execute();
}

/** Revokes the session a login replaces (session fixation: every login gets a new id). */
export async function revokeSessionByHash(db: Queryable, idHash: string, now: Date): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('id_hash', '=', idHash)
    .where('revoked_at', 'is', null)
    .execute();
}
