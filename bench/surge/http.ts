/** One HTTP call of the surge benchmark: classified by kind and status; 5xx other than 503, and no answer within 30 s (hung), are counted. */
import type { Dispatcher } from 'undici';
import { solve } from '../../server/src/modules/waiting-room/pow.js';

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
}

export const newTally = (): Tally => ({ statuses: {}, fiveXX: 0, hung: 0, shed: 0, shedWithoutRetryAfter: 0, ms: {} });

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
  try {
    const res = await pool.request({
      method,
      path,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      headersTimeout: HUNG_MS,
      bodyTimeout: HUNG_MS,
    });
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
    return { status: res.statusCode, json, headers: res.headers, ms };
  } catch (error) {
    const timeout = /timeout/i.test((error as Error).message);
    if (timeout) tally.hung++;
    const key = `${kind} ${timeout ? 'hung' : 'network'}`;
    tally.statuses[key] = (tally.statuses[key] ?? 0) + 1;
    throw error;
  }
}

/** A solved proof-of-work challenge for a new place in `roomId` (what the queue page's worker finds). */
export async function proofFor(pool: Dispatcher, tally: Tally, roomId: string) {
  const res = await call(pool, tally, 'challenge', 'GET', `/api/queue/rooms/${roomId}/challenge`, {});
  if (res.status !== 200) return undefined;
  const challenge = String(res.json.challenge);
  return { challenge, solution: solve(challenge, Number(res.json.bits)) };
}
