/**
 * The release scenario: `citizens` (logged in, sessions made in SQL) try to
 * book the moment `slotIds` open. With the waiting room each takes a place in
 * the type's room first and books once admitted; without it everyone books at
 * once. Each keeps trying another open time after "slot_full" until booked or
 * told there are no times left (a clear answer either way).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Dispatcher } from 'undici';
import type { Citizen } from '../booking/load.js';
import { summarize } from '../booking/load.js';
import type { Latency } from '../login/citizens.js';
import { call as httpCall, latencyByKind, newTally, proofFor } from './http.js';

export interface ReleaseResult {
  withRoom: boolean;
  citizens: number;
  places: number;
  booked: number;
  /** Booked, or told that no times are left (after trying), or still given a clear "queue" answer at the end. */
  clearAnswers: number;
  fiveXX: number;
  hung: number;
  shed: number;
  shedWithoutRetryAfter: number;
  statuses: Record<string, number>;
  /** p50/p99 ms per kind of call (which step is slow). */
  latencyByKind: Record<string, { p50ms: number; p99ms: number }>;
  secondsUntilAllTaken: number | null;
  seconds: number;
  bookingLatency: Latency;
  /** Bookings per second from the release moment. */
  perSecond: number[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runRelease(o: {
  pool: Dispatcher;
  citizens: Citizen[];
  slotIds: string[];
  placesPerSlot: number;
  roomId: string | null;
  pollSeconds: number;
  maxAttempts: number;
  random: () => number;
  deadlineSeconds: number;
  /** Seconds until the room's release moment: people join its prequeue spread over all but the last 5 s. */
  prequeueSeconds?: number;
}): Promise<ReleaseResult> {
  const latencies: number[] = [];
  const bookedAt: number[] = [];
  const open = [...o.slotIds];
  const remaining = new Map(o.slotIds.map((id) => [id, o.placesPerSlot]));
  let clear = 0;
  const prequeueMs = (o.prequeueSeconds ?? 0) * 1000;
  // Every figure counts from the release moment (the prequeue's joins come before it).
  const t0 = performance.now() + prequeueMs;
  const elapsed = () => performance.now() - t0;

  const tally = newTally();
  // A failed call is an answer too (counted in the tally): the person stops there.
  const call = (kind: string, method: 'GET' | 'POST', path: string, headers: Record<string, string>, body?: unknown) =>
    httpCall(o.pool, tally, kind, method, path, headers, body).catch(() => null);

  async function person(citizen: Citizen, i: number) {
    const nonce = randomBytes(18).toString('base64url');
    let ticket = '';
    const headers = () => ({
      cookie: `${citizen.cookie}${ticket ? `; ingang_queue=${ticket}` : ''}`,
      'x-csrf-token': citizen.csrf,
      'x-queue-nonce': nonce,
    });
    const keepTicket = (h: Record<string, string | string[] | undefined>) => {
      const all = ([] as string[]).concat(h['set-cookie'] ?? []);
      for (const line of all) {
        const m = /^ingang_queue=([^;]*)/.exec(line);
        if (m?.[1]) ticket = m[1];
      }
    };
    if (o.roomId) {
      if (prequeueMs > 0) await sleep((i / o.citizens.length) * Math.max(0, prequeueMs - 5000));
      const proof = await proofFor(o.pool, tally, o.roomId).catch(() => undefined);
      let res = await call('join', 'POST', `/api/queue/rooms/${o.roomId}/join`, headers(), proof);
      if (res?.status !== 200) return;
      keepTicket(res.headers);
      while (res?.json.phase !== 'admitted') {
        if (open.length === 0) {
          // The room's page would say "no times left" (release weather shows 0): a clear answer.
          clear++;
          return;
        }
        // As the queue page does: the interval the last answer asked for.
        await sleep(Number(res?.json.pollSeconds ?? o.pollSeconds) * 1000);
        const next = await call('status', 'GET', `/api/queue/rooms/${o.roomId}/status`, headers());
        if (next?.status === 200) {
          keepTicket(next.headers);
          res = next;
        }
      }
    }
    for (let attempt = 0; attempt < o.maxAttempts; attempt++) {
      if (open.length === 0) {
        clear++;
        return;
      }
      const slotId = open[Math.floor(o.random() * open.length)] as string;
      const res = await call(
        'book',
        'POST',
        '/api/bookings',
        { ...headers(), 'idempotency-key': randomUUID() },
        { slotId },
      );
      if (!res) return;
      latencies.push(res.ms);
      if (res.status === 201) {
        bookedAt.push(elapsed());
        clear++;
        const left = (remaining.get(slotId) ?? 1) - 1;
        remaining.set(slotId, left);
        if (left <= 0) {
          const i = open.indexOf(slotId);
          if (i >= 0) open.splice(i, 1);
        }
        return;
      }
      if (res.status === 503 || res.status === 429) {
        await sleep(Number(res.headers['retry-after'] ?? 5) * 1000);
        continue;
      }
      if (res.json.error && (res.json.error as { code?: string }).code === 'slot_full') {
        const i = open.indexOf(slotId);
        if (i >= 0) open.splice(i, 1);
        continue;
      }
      return;
    }
  }

  await Promise.race([Promise.all(o.citizens.map(person)), sleep(prequeueMs + o.deadlineSeconds * 1000)]);
  const seconds = elapsed() / 1000;
  const places = o.slotIds.length * o.placesPerSlot;
  const perSecond = Array.from({ length: Math.ceil(seconds) + 1 }, () => 0);
  for (const at of bookedAt) perSecond[Math.floor(at / 1000)] = (perSecond[Math.floor(at / 1000)] ?? 0) + 1;
  return {
    withRoom: o.roomId !== null,
    citizens: o.citizens.length,
    places,
    booked: bookedAt.length,
    clearAnswers: clear,
    fiveXX: tally.fiveXX,
    hung: tally.hung,
    shed: tally.shed,
    shedWithoutRetryAfter: tally.shedWithoutRetryAfter,
    statuses: tally.statuses,
    latencyByKind: latencyByKind(tally),
    secondsUntilAllTaken: bookedAt.length >= places ? Number((Math.max(...bookedAt) / 1000).toFixed(1)) : null,
    seconds: Number(seconds.toFixed(1)),
    bookingLatency: summarize(latencies),
    perSecond,
  };
}
