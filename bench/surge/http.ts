/**
 * One HTTP call of the surge benchmark: classified by kind and status; 5xx other than 503, and no answer
 * within 30 s (hung), are counted. On a dispatcher composed with `timed` each call's time is split in two:
 * the generator's own queue (from "the browser wants to send" until the request is written on a
 * connection) and the answer (from then until the whole body is read) — which one grew says whether the
 * load generator or the server was the limit.
 */

import { randomBytes } from 'node:crypto';
import type { Dispatcher } from 'undici';
import { EPOCH_MS, solveEpoch } from '../../server/src/modules/waiting-room/pow.js';
import { summarize } from '../booking/load.js';
import type { Latency } from '../login/citizens.js';

export const HUNG_MS = 30_000;

export interface Tally {
  statuses: Record<string, number>;
  fiveXX: number;
  hung: number;
  shed: number;
  /** 503/429 answers without a Retry-After header (must be 0). */
  shedWithoutRetryAfter: number;
  /** Milliseconds per answered call, by kind (join, status, auth…): which step is slow. */
  ms: Record<string, number[]>;
  /** Of those, the milliseconds waited in the generator's own queue for a connection (timed dispatchers only). */
  queueMs: Record<string, number[]>;
}

export const newTally = (): Tally => ({
  statuses: {},
  fiveXX: 0,
  hung: 0,
  shed: 0,
  shedWithoutRetryAfter: 0,
  ms: {},
  queueMs: {},
});

/** Adds `part` (another generator process's tally) into `into`. */
export function mergeTally(into: Tally, part: Tally): Tally {
  for (const [key, n] of Object.entries(part.statuses)) into.statuses[key] = (into.statuses[key] ?? 0) + n;
  into.fiveXX += part.fiveXX;
  into.hung += part.hung;
  into.shed += part.shed;
  into.shedWithoutRetryAfter += part.shedWithoutRetryAfter;
  for (const field of ['ms', 'queueMs'] as const) {
    for (const [kind, list] of Object.entries(part[field])) {
      const mine = into[field][kind] ?? [];
      into[field][kind] = mine;
      for (const x of list) mine.push(x);
    }
  }
  return into;
}

/** Request options carrying the moment the request is written on a connection (read by `timed`). */
type TimedOptions = Dispatcher.DispatchOptions & { benchOnSent?: () => void };

/**
 * An undici interceptor: calls the request's `benchOnSent` when undici writes it on a connection
 * (the handler's onConnect comes right before the headers are written). Until then the request waited
 * in the pool's or the client's queue, in this process.
 */
export const timed: Dispatcher.DispatcherComposeInterceptor = (dispatch) => (opts, handler) => {
  const onSent = (opts as TimedOptions).benchOnSent;
  if (onSent) {
    const onConnect = handler.onConnect?.bind(handler);
    handler.onConnect = (abort) => {
      onSent();
      onConnect?.(abort);
    };
  }
  return dispatch(opts, handler);
};

export interface Answer {
  status: number;
  json: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
  ms: number;
}

/** Throws on a network error or timeout (after counting it). */
export async function call(
  pool: Dispatcher,
  tally: Tally,
  kind: string,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<Answer> {
  const started = performance.now();
  let sentAt = 0;
  try {
    const res = await pool.request({
      method,
      path,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      headersTimeout: HUNG_MS,
      bodyTimeout: HUNG_MS,
      benchOnSent: () => {
        sentAt = performance.now();
      },
    } as Dispatcher.RequestOptions);
    const text = await res.body.text();
    const key = `${kind} ${res.statusCode}`;
    tally.statuses[key] = (tally.statuses[key] ?? 0) + 1;
    if (res.statusCode >= 500 && res.statusCode !== 503) tally.fiveXX++;
    if (res.statusCode === 503 || res.statusCode === 429) {
      tally.shed++;
      if (!res.headers['retry-after']) tally.shedWithoutRetryAfter++;
    }
    const json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    const ms = performance.now() - started;
    const list = tally.ms[kind] ?? [];
    tally.ms[kind] = list;
    list.push(ms);
    if (sentAt > 0) {
      const queued = tally.queueMs[kind] ?? [];
      tally.queueMs[kind] = queued;
      queued.push(sentAt - started);
    }
    return { status: res.statusCode, json, headers: res.headers, ms };
  } catch (error) {
    const timeout = /timeout/i.test((error as Error).message);
    if (timeout) tally.hung++;
    const key = `${kind} ${timeout ? 'hung' : 'network'}`;
    tally.statuses[key] = (tally.statuses[key] ?? 0) + 1;
    throw error;
  }
}

// The room's answer (with this minute's proof-of-work prefix) as a browser cache or CDN would share it:
// read at most once per half epoch per room, not per arrival.
// The read in flight is shared too: thousands arriving at once make one request, not thousands.
const prefixes = new Map<string, { at: number; pow: Promise<{ prefix: string; bits: number } | null> }>();

/**
 * A solved proof of work for a new place in `roomId`, as the queue page finds it: the room's (cached)
 * prefix this minute, a random client nonce, SHA-256(prefix:clientNonce:solution) with `bits` zero bits.
 * No challenge request per arrival; `fresh` reads the room again (after a pow_expired).
 */
export async function proofFor(pool: Dispatcher, tally: Tally, roomId: string, fresh = false) {
  let cached = prefixes.get(roomId);
  if (fresh || !cached || Date.now() - cached.at > EPOCH_MS / 2) {
    const entry: { at: number; pow: Promise<{ prefix: string; bits: number } | null> } = {
      at: Date.now(),
      pow: Promise.resolve(null),
    };
    // A failed read is not kept: the next arrival reads again.
    const forget = () => {
      if (prefixes.get(roomId) === entry) prefixes.delete(roomId);
      return null;
    };
    entry.pow = call(pool, tally, 'room', 'GET', `/api/queue/rooms/${roomId}`, {}).then((res) => {
      if (res.status !== 200) return forget();
      return (res.json.data as { pow?: { prefix: string; bits: number } | null }).pow ?? null;
    }, forget);
    cached = entry;
    prefixes.set(roomId, cached);
  }
  const pow = await cached.pow;
  if (!pow) return undefined;
  // Thousands of arrivals await one room read; without a turn of the loop each they would all solve in
  // one microtask drain and hold every other browser of this process (status polls, logins) meanwhile.
  await new Promise<void>((resolve) => setImmediate(resolve));
  const clientNonce = randomBytes(16).toString('base64url');
  return {
    challenge: pow.prefix,
    clientNonce,
    solution: solveEpoch(pow.prefix, clientNonce, pow.bits),
  };
}

export interface KindLatency {
  p50ms: number;
  p99ms: number;
  /** Of it, the wait in the generator's own queue (absent when the dispatcher was not timed). */
  queueP50ms?: number;
  queueP99ms?: number;
}

/** p50/p99 ms per kind of call in `tally` (which step is slow), and of it the generator's own queue. */
export function latencyByKind(tally: Tally): Record<string, KindLatency> {
  return Object.fromEntries(
    Object.entries(tally.ms).map(([kind, ms]) => {
      const l = summarize(ms);
      const queued = tally.queueMs[kind];
      const q = queued?.length ? summarize(queued) : null;
      return [kind, { p50ms: l.p50ms, p99ms: l.p99ms, ...(q ? { queueP50ms: q.p50ms, queueP99ms: q.p99ms } : {}) }];
    }),
  );
}

/**
 * Over every timed call in `tally`: the generator's own queue, and the answer (the call minus its
 * queue: the wire, the server, reading the body).
 */
export function queueAndAnswer(tally: Tally): { clientQueue: Latency; serverAnswer: Latency } {
  const queue: number[] = [];
  const answer: number[] = [];
  for (const [kind, queued] of Object.entries(tally.queueMs)) {
    const all = tally.ms[kind] ?? [];
    // Both lists grow together when every call of the kind went through a timed dispatcher: entry k of
    // each is the same call. A kind with untimed calls too is left out.
    if (all.length !== queued.length) continue;
    for (let k = 0; k < queued.length; k++) {
      queue.push(queued[k] as number);
      answer.push((all[k] as number) - (queued[k] as number));
    }
  }
  return { clientQueue: summarize(queue), serverAnswer: summarize(answer) };
}
