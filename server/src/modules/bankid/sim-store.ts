/**
 * The embedded BankID simulator's orders — BankID's own side, not the region's,
 * so they are kept in the hub and never in the region's PostgreSQL: with Redis
 * (REDIS_URL) each step is one script run atomically on shared keys, so several
 * instances share the orders (one starts, another collects); without Redis
 * (one instance) they live in memory, one store per hub. Orders are forgotten
 * an hour after they start (the simulator's orders last 3 minutes; the relying
 * party keeps its own 10); expiry itself is decided from the app's clock.
 */
import type { Hub } from '../../platform/hub.js';

export type SimStatus = 'pending' | 'failed' | 'complete';

export interface SimOrder {
  orderRef: string;
  autoStartToken: string;
  qrStartToken: string;
  qrStartSecret: string;
  endUserIp: string;
  requestedPnr: string | null;
  status: SimStatus;
  hintCode: string;
  personalNumber: string | null;
  createdAt: Date;
}

export type NewSimOrder = Omit<SimOrder, 'status' | 'hintCode' | 'personalNumber'>;

export interface SimOutcome {
  status: 'failed' | 'complete';
  hintCode: string;
  personalNumber?: string;
}

export interface SimOrderStore {
  /**
   * Starts an order. First the person's pending order (when it is locked to a
   * personnummer) is settled: started before `cutoff` it fails as
   * expiredTransaction, otherwise as cancelled — BankID: a new order for the user
   * arrived — and then the new order is not started: returns false (the caller
   * answers alreadyInProgress; the cancel stands).
   */
  start(order: NewSimOrder, cutoff: Date): Promise<boolean>;
  find(orderRef: string): Promise<SimOrder | null>;
  /**
   * Moves a still-pending order started after `notBefore` to its outcome,
   * atomically (two testers or instances cannot both decide it); `asPnr`: only
   * an order not locked to another personnummer. False when it was not pending.
   */
  settle(orderRef: string, outcome: SimOutcome, notBefore: Date, asPnr?: string): Promise<boolean>;
  /** Pending orders started after `notBefore`, newest first (at most 50); or the one with this autoStartToken. */
  list(filter: { autoStartToken?: string; notBefore: Date }): Promise<SimOrder[]>;
}

/** How long an order is remembered at all (real time in Redis, the app's clock in memory). */
export const SIM_ORDER_KEEP_SECONDS = 60 * 60;
const LIST_MAX = 50;

const ORDER = 'bidsim:o:';
const BY_PNR = 'bidsim:p:';
const BY_TOKEN = 'bidsim:a:';
const PENDING = 'bidsim:pending';
const KEYS = [ORDER, BY_PNR, BY_TOKEN, PENDING];

/** The store of this hub's simulator orders (the in-memory one is shared by everything using the same hub). */
export function simOrderStore(hub: Hub): SimOrderStore {
  if (hub.eval) return redisStore(hub.eval.bind(hub));
  let store = memoryStores.get(hub);
  if (!store) {
    store = memoryStore();
    memoryStores.set(hub, store);
  }
  return store;
}

const memoryStores = new WeakMap<Hub, SimOrderStore>();

function memoryStore(): SimOrderStore {
  const orders = new Map<string, SimOrder>();
  const byPnr = new Map<string, string>();
  const byToken = new Map<string, string>();
  /** Forgets orders past the keep time (insertion order is start order). */
  function sweep(now: number) {
    for (const [ref, o] of orders) {
      if (o.createdAt.getTime() > now - SIM_ORDER_KEEP_SECONDS * 1000) break;
      orders.delete(ref);
      byToken.delete(o.autoStartToken);
      if (o.requestedPnr && byPnr.get(o.requestedPnr) === ref) byPnr.delete(o.requestedPnr);
    }
  }
  function endLock(o: SimOrder) {
    if (o.requestedPnr && byPnr.get(o.requestedPnr) === o.orderRef) byPnr.delete(o.requestedPnr);
  }
  return {
    async start(order, cutoff) {
      sweep(order.createdAt.getTime());
      if (order.requestedPnr) {
        const previous = orders.get(byPnr.get(order.requestedPnr) ?? '');
        if (previous?.status === 'pending') {
          previous.status = 'failed';
          endLock(previous);
          if (previous.createdAt > cutoff) {
            previous.hintCode = 'cancelled';
            return false;
          }
          previous.hintCode = 'expiredTransaction';
        }
        byPnr.set(order.requestedPnr, order.orderRef);
      }
      orders.set(order.orderRef, {
        ...order,
        status: 'pending',
        hintCode: 'outstandingTransaction',
        personalNumber: null,
      });
      byToken.set(order.autoStartToken, order.orderRef);
      return true;
    },
    async find(orderRef) {
      const o = orders.get(orderRef);
      return o ? { ...o } : null;
    },
    async settle(orderRef, outcome, notBefore, asPnr) {
      const o = orders.get(orderRef);
      if (o?.status !== 'pending' || o.createdAt <= notBefore) return false;
      if (asPnr && o.requestedPnr && o.requestedPnr !== asPnr) return false;
      o.status = outcome.status;
      o.hintCode = outcome.hintCode;
      o.personalNumber = outcome.personalNumber ?? null;
      endLock(o);
      return true;
    },
    async list(filter) {
      if (filter.autoStartToken) {
        const o = orders.get(byToken.get(filter.autoStartToken) ?? '');
        return o ? [{ ...o }] : [];
      }
      const found: SimOrder[] = [];
      const all = [...orders.values()];
      for (let i = all.length - 1; i >= 0 && found.length < LIST_MAX; i--) {
        const o = all[i] as SimOrder;
        if (o.createdAt <= filter.notBefore) break;
        if (o.status === 'pending') found.push({ ...o });
      }
      return found;
    },
  };
}

// Each script gets the four key prefixes (with the hub's prefix) as KEYS and builds the keys itself.
// An order is a hash; `pending` a sorted set (score: start ms) of pending orders for the tester page.

const START = `
local O, P, A, pending = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local ref, token, qrToken, qrSecret, ip, pnr = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local now, cutoff, keep = tonumber(ARGV[7]), tonumber(ARGV[8]), tonumber(ARGV[9])
if pnr ~= '' then
  local previous = redis.call('GET', P .. pnr)
  if previous and redis.call('HGET', O .. previous, 'status') == 'pending' then
    redis.call('ZREM', pending, previous)
    redis.call('DEL', P .. pnr)
    if tonumber(redis.call('HGET', O .. previous, 'createdAt')) > cutoff then
      redis.call('HSET', O .. previous, 'status', 'failed', 'hintCode', 'cancelled')
      return 0
    end
    redis.call('HSET', O .. previous, 'status', 'failed', 'hintCode', 'expiredTransaction')
  end
  redis.call('SET', P .. pnr, ref, 'EX', keep)
end
redis.call('HSET', O .. ref, 'autoStartToken', token, 'qrStartToken', qrToken, 'qrStartSecret', qrSecret,
  'endUserIp', ip, 'requestedPnr', pnr, 'status', 'pending', 'hintCode', 'outstandingTransaction',
  'personalNumber', '', 'createdAt', ARGV[7])
redis.call('EXPIRE', O .. ref, keep)
redis.call('SET', A .. token, ref, 'EX', keep)
redis.call('ZADD', pending, now, ref)
redis.call('ZREMRANGEBYSCORE', pending, '-inf', now - keep * 1000)
redis.call('EXPIRE', pending, keep)
return 1`;

const SETTLE = `
local O, P, pending = KEYS[1], KEYS[2], KEYS[4]
local ref, status, hint, pnr, notBefore, asPnr = ARGV[1], ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[5]), ARGV[6]
local order = redis.call('HMGET', O .. ref, 'status', 'createdAt', 'requestedPnr')
if order[1] ~= 'pending' or tonumber(order[2]) <= notBefore then return 0 end
local requested = order[3]
if asPnr ~= '' and requested ~= '' and requested ~= asPnr then return 0 end
redis.call('HSET', O .. ref, 'status', status, 'hintCode', hint, 'personalNumber', pnr)
redis.call('ZREM', pending, ref)
if requested ~= '' and redis.call('GET', P .. requested) == ref then redis.call('DEL', P .. requested) end
return 1`;

const FIND = `return redis.call('HGETALL', KEYS[1] .. ARGV[1])`;

const LIST = `
local O, A, pending = KEYS[1], KEYS[3], KEYS[4]
local refs
if ARGV[1] ~= '' then
  local ref = redis.call('GET', A .. ARGV[1])
  refs = ref and { ref } or {}
else
  refs = redis.call('ZREVRANGEBYSCORE', pending, '+inf', '(' .. ARGV[2], 'LIMIT', 0, tonumber(ARGV[3]))
end
local out = {}
for _, ref in ipairs(refs) do
  local fields = redis.call('HGETALL', O .. ref)
  if #fields > 0 then
    table.insert(fields, 'orderRef')
    table.insert(fields, ref)
    table.insert(out, fields)
  end
end
return out`;

function fromFields(orderRef: string, flat: unknown): SimOrder | null {
  if (!Array.isArray(flat) || flat.length === 0) return null;
  const f: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) f[String(flat[i])] = String(flat[i + 1]);
  return {
    orderRef: f.orderRef ?? orderRef,
    autoStartToken: f.autoStartToken ?? '',
    qrStartToken: f.qrStartToken ?? '',
    qrStartSecret: f.qrStartSecret ?? '',
    endUserIp: f.endUserIp ?? '',
    requestedPnr: f.requestedPnr || null,
    status: (f.status ?? 'failed') as SimStatus,
    hintCode: f.hintCode ?? '',
    personalNumber: f.personalNumber || null,
    createdAt: new Date(Number(f.createdAt)),
  };
}

function redisStore(run: NonNullable<Hub['eval']>): SimOrderStore {
  return {
    async start(order, cutoff) {
      const started = await run(START, KEYS, [
        order.orderRef,
        order.autoStartToken,
        order.qrStartToken,
        order.qrStartSecret,
        order.endUserIp,
        order.requestedPnr ?? '',
        order.createdAt.getTime(),
        cutoff.getTime(),
        SIM_ORDER_KEEP_SECONDS,
      ]);
      return Number(started) === 1;
    },
    async find(orderRef) {
      return fromFields(orderRef, await run(FIND, [ORDER], [orderRef]));
    },
    async settle(orderRef, outcome, notBefore, asPnr) {
      const settled = await run(SETTLE, KEYS, [
        orderRef,
        outcome.status,
        outcome.hintCode,
        outcome.personalNumber ?? '',
        notBefore.getTime(),
        asPnr ?? '',
      ]);
      return Number(settled) === 1;
    },
    async list(filter) {
      const rows = (await run(LIST, KEYS, [
        filter.autoStartToken ?? '',
        filter.notBefore.getTime(),
        LIST_MAX,
      ])) as unknown[];
      return rows.map((row) => fromFields('', row)).filter((o): o is SimOrder => o !== null);
    },
  };
}
