/** SQL for the embedded BankID simulator's orders (`bankid_sim_orders`), development only. */
import { sql } from 'kysely';
import type { Queryable } from '../../platform/db/index.js';
import type { BankIdSimOrdersTable } from '../../platform/db/schema.js';

export interface SimOrder {
  orderRef: string;
  autoStartToken: string;
  qrStartToken: string;
  qrStartSecret: string;
  endUserIp: string;
  requestedPnr: string | null;
  status: BankIdSimOrdersTable['status'];
  hintCode: string;
  personalNumber: string | null;
  createdAt: Date;
}

const columns = [
  'order_ref',
  'auto_start_token',
  'qr_start_token',
  'qr_start_secret',
  'end_user_ip',
  'requested_pnr',
  'status',
  'hint_code',
  'personal_number',
  'created_at',
] as const;

interface Row {
  order_ref: string;
  auto_start_token: string;
  qr_start_token: string;
  qr_start_secret: string;
  end_user_ip: string;
  requested_pnr: string | null;
  status: SimOrder['status'];
  hint_code: string;
  personal_number: string | null;
  created_at: Date;
}

const toOrder = (r: Row): SimOrder => ({
  orderRef: r.order_ref,
  autoStartToken: r.auto_start_token,
  qrStartToken: r.qr_start_token,
  qrStartSecret: r.qr_start_secret,
  endUserIp: r.end_user_ip,
  requestedPnr: r.requested_pnr,
  status: r.status,
  hintCode: r.hint_code,
  personalNumber: r.personal_number,
  createdAt: r.created_at,
});

/** Inserts a new pending order; fails with a unique violation when the person already has one pending. */
export async function insertSimOrder(db: Queryable, order: Omit<SimOrder, 'status' | 'hintCode' | 'personalNumber'>) {
  await db
    .insertInto('bankid_sim_orders')
    .values({
      order_ref: order.orderRef,
      auto_start_token: order.autoStartToken,
      qr_start_token: order.qrStartToken,
      qr_start_secret: order.qrStartSecret,
      end_user_ip: order.endUserIp,
      requested_pnr: order.requestedPnr,
      status: 'pending',
      hint_code: 'outstandingTransaction',
      created_at: order.createdAt,
      updated_at: order.createdAt,
    })
    .execute();
}

/**
 * Before a new order for the person, in ONE statement: their pending orders
 * started before `cutoff` fail as expiredTransaction, the others as cancelled
 * (BankID: a new order for the user arrived). Returns how many were cancelled.
 */
export async function settlePendingFor(db: Queryable, requestedPnr: string, cutoff: Date, now: Date): Promise<number> {
  const { rows } = await sql<{ hint_code: string }>`
    update bankid_sim_orders
       set status = 'failed', updated_at = ${now},
           hint_code = case when created_at <= ${cutoff} then 'expiredTransaction' else 'cancelled' end
     where status = 'pending' and requested_pnr = ${requestedPnr}
    returning hint_code`.execute(db);
  return rows.filter((r) => r.hint_code === 'cancelled').length;
}

/** Cancels the person's pending orders (BankID: a new order for the user arrived); returns how many. */
export async function cancelPendingFor(db: Queryable, requestedPnr: string, now: Date): Promise<number> {
  const result = await db
    .updateTable('bankid_sim_orders')
    .set({ status: 'failed', hint_code: 'cancelled', updated_at: now })
    .where('status', '=', 'pending')
    .where('requested_pnr', '=', requestedPnr)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function findSimOrder(db: Queryable, orderRef: string): Promise<SimOrder | null> {
  const row = await db
    .selectFrom('bankid_sim_orders')
    .select(columns)
    .where('order_ref', '=', orderRef)
    .executeTakeFirst();
  return row ? toOrder(row) : null;
}

/**
 * Moves a still-pending order (started after `notBefore`) to its outcome in one
 * conditional statement, so two testers or instances cannot both decide it.
 * Returns false when the order was not pending any more.
 */
export async function settleSimOrder(
  db: Queryable,
  orderRef: string,
  outcome: { status: 'failed' | 'complete'; hintCode: string; personalNumber?: string },
  notBefore: Date,
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('bankid_sim_orders')
    .set({
      status: outcome.status,
      hint_code: outcome.hintCode,
      personal_number: outcome.personalNumber ?? null,
      updated_at: now,
    })
    .where('order_ref', '=', orderRef)
    .where('status', '=', 'pending')
    .where('created_at', '>', notBefore)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Pending orders started after `notBefore`, newest first; or the one order with this autoStartToken. */
export async function listSimOrders(
  db: Queryable,
  filter: { autoStartToken?: string; notBefore: Date },
): Promise<SimOrder[]> {
  let q = db.selectFrom('bankid_sim_orders').select(columns).orderBy('created_at', 'desc').limit(50);
  q = filter.autoStartToken
    ? q.where('auto_start_token', '=', filter.autoStartToken)
    : q.where('status', '=', 'pending').where('created_at', '>', filter.notBefore);
  return (await q.execute()).map(toOrder);
}

/** Forgets orders started before `cutoff` (the simulator keeps a day of history). */
export async function purgeSimOrders(db: Queryable, cutoff: Date) {
  await db.deleteFrom('bankid_sim_orders').where('created_at', '<', cutoff).execute();
}
