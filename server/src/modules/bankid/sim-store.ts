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

/**
 * Starts an order in ONE statement: first the person's pending orders are
 * settled — those started before `cutoff` fail as expiredTransaction, the others
 * as cancelled (BankID: a new order for the user arrived) — and the new order is
 * inserted only if none was cancelled. Returns false when one was (the caller
 * answers alreadyInProgress; the cancel stands). Fails with a unique violation
 * when another instance inserted a pending order for the person meanwhile.
 */
export async function startSimOrder(
  db: Queryable,
  order: Omit<SimOrder, 'status' | 'hintCode' | 'personalNumber'>,
  cutoff: Date,
): Promise<boolean> {
  const now = order.createdAt;
  const { rows } = await sql<{ order_ref: string }>`
    with settled as (
      update bankid_sim_orders
         set status = 'failed', updated_at = ${now}::timestamptz,
             hint_code = case when created_at <= ${cutoff}::timestamptz then 'expiredTransaction' else 'cancelled' end
       where status = 'pending' and requested_pnr = ${order.requestedPnr}::char(12)
      returning hint_code)
    insert into bankid_sim_orders (order_ref, auto_start_token, qr_start_token, qr_start_secret, end_user_ip,
                                   requested_pnr, status, hint_code, created_at, updated_at)
    select ${order.orderRef}::text, ${order.autoStartToken}::text, ${order.qrStartToken}::text,
           ${order.qrStartSecret}::text, ${order.endUserIp}::text, ${order.requestedPnr}::char(12), 'pending',
           'outstandingTransaction', ${now}::timestamptz, ${now}::timestamptz
     where not exists (select 1 from settled where hint_code = 'cancelled')
    returning order_ref`.execute(db);
  return rows.length === 1;
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
  /** Only an order not locked to another personnummer (approving as this one). */
  asPnr?: string,
): Promise<boolean> {
  let q = db
    .updateTable('bankid_sim_orders')
    .set({
      status: outcome.status,
      hint_code: outcome.hintCode,
      personal_number: outcome.personalNumber ?? null,
      updated_at: now,
    })
    .where('order_ref', '=', orderRef)
    .where('status', '=', 'pending')
    .where('created_at', '>', notBefore);
  if (asPnr) q = q.where((eb) => eb.or([eb('requested_pnr', 'is', null), eb('requested_pnr', '=', asPnr)]));
  const result = await q.executeTakeFirst();
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
