/**
 * The release scenario: `citizens` (logged in, sessions made in SQL) try to
 * book the moment `slotIds` open. With the waiting room each takes a place in
 * the type's room first and books once admitted; without it everyone books at
 * once. Each books with `ifTaken: 'next_free_same_day'` (as the web's confirm step does by default):
 * a picked time taken meanwhile is answered with the first free time of that unit and day, and the
 * booked time is the one the answer names. Each keeps trying another open time after "slot_full"
 * (no free time left that day at that unit) until booked or told there are no times left (a clear
 * answer either way).
 *
 * The simulated browsers are driven by the load generator of bench/surge/generator.ts: in this process
 * or spread over several, each with its own small connection pools, so that the generator is not what
 * limits the release.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Dispatcher } from 'undici';
import type { Citizen } from '../booking/load.js';
import { summarize } from '../booking/load.js';
import { prng } from '../booking/region.js';
import type { Latency } from '../login/citizens.js';
import {
  epochNow,
  type GeneratorFigures,
  type GeneratorScenario,
  type GeneratorShape,
  runGenerator,
} from './generator.js';
import {
  type Answer,
  call as httpCall,
  type KindLatency,
  latencyByKind,
  mergeTally,
  newTally,
  proofFor,
  queueAndAnswer,
  type Tally,
} from './http.js';

export { epochNow };

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
  /** p50/p99 ms per kind of call (which step is slow), and of it the generator's own queue. */
  latencyByKind: Record<string, KindLatency>;
  secondsUntilAllTaken: number | null;
  seconds: number;
  bookingLatency: Latency;
  /** Bookings per second from the release moment. */
  perSecond: number[];
  /** Every call: the wait in the generator's own queue for a connection, and the answer after it. */
  clientQueue: Latency;
  serverAnswer: Latency;
  /** How the generator was shaped and what it cost (bench/surge/generator.ts). */
  generator: GeneratorFigures;
}

/** The release as every generator process sees it. */
export interface ReleaseScenario {
  slotIds: string[];
  placesPerSlot: number;
  roomId: string | null;
  pollSeconds: number;
  maxAttempts: number;
  deadlineSeconds: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/**
 * The open times as the browsers know them. Within one process a booking or a "slot_full" closes a time
 * for everyone at once (as the app's list of free times would); across processes the closing is relayed
 * by the parent (`close` on the message, `onBooked`/`onFull` to tell it).
 */
export class SlotBoard {
  readonly open: string[];
  private readonly remaining: Map<string, number>;
  constructor(
    slotIds: string[],
    placesPerSlot: number,
    private readonly tell: { onBooked?: (slotId: string) => void; onFull?: (slotId: string) => void } = {},
  ) {
    this.open = [...slotIds];
    this.remaining = new Map(slotIds.map((id) => [id, placesPerSlot]));
  }
  close(slotId: string) {
    const i = this.open.indexOf(slotId);
    if (i >= 0) this.open.splice(i, 1);
  }
  booked(slotId: string) {
    const left = (this.remaining.get(slotId) ?? 1) - 1;
    this.remaining.set(slotId, left);
    if (left <= 0) this.close(slotId);
    this.tell.onBooked?.(slotId);
  }
  full(slotId: string) {
    this.close(slotId);
    this.tell.onFull?.(slotId);
  }
}

/** What one generator process measured: merged by the parent into a ReleaseResult. */
export interface BrowsePart {
  /** Milliseconds from the release moment at which each booking was made. */
  bookedAt: number[];
  latencies: number[];
  clear: number;
  tally: Tally;
}

/**
 * Drives the browsers `indices` (of `total`, their places in the arrival order) until each has a clear
 * answer or the deadline passes. `startedAt` is when the generator starts (epochNow), `releaseAt` the
 * release moment: with a room people join its prequeue between the two, spread over all but the last
 * 5 s. `dispatcherFor(i)` is the connection pool browser i uses.
 */
export async function browse(o: {
  scenario: ReleaseScenario;
  citizens: Citizen[];
  indices: number[];
  total: number;
  startedAt: number;
  releaseAt: number;
  dispatcherFor: (i: number) => Dispatcher;
  /** The pool for browser i's calls to the room (proof, join, status): a waiting browser waits behind nobody's booking. */
  roomDispatcherFor: (i: number) => Dispatcher;
  board: SlotBoard;
  random: () => number;
  tally: Tally;
}): Promise<BrowsePart> {
  const s = o.scenario;
  const { board, tally } = o;
  const latencies: number[] = [];
  const bookedAt: number[] = [];
  let clear = 0;
  const { startedAt } = o;
  const prequeueMs = o.releaseAt - startedAt;

  async function person(citizen: Citizen, i: number) {
    const pool = o.dispatcherFor(i);
    const roomPool = o.roomDispatcherFor(i);
    // A failed call is an answer too (counted in the tally): the person stops there.
    const call = (
      kind: string,
      method: 'GET' | 'POST',
      path: string,
      headers: Record<string, string>,
      body?: unknown,
    ) => httpCall(kind === 'book' ? pool : roomPool, tally, kind, method, path, headers, body).catch(() => null);
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
    /** Asks the room until admitted, or until a fixed-rate room says when this ticket is due (then waits for it). */
    async function wait(res: Answer | null): Promise<boolean> {
      while (res?.json.phase !== 'admitted') {
        if (board.open.length === 0) return false;
        const pollMs = Number(res?.json.pollSeconds ?? s.pollSeconds) * 1000;
        // As the queue page does: a fixed-rate room's exact estimate — go straight to the booking when due.
        const eta = res?.json.dueAt ? Number(res.json.etaSeconds) * 1000 : Number.POSITIVE_INFINITY;
        if (eta <= pollMs) {
          await sleep(eta);
          return true;
        }
        await sleep(pollMs);
        const next = await call('status', 'GET', `/api/queue/rooms/${s.roomId}/status`, headers());
        if (next?.status === 200) {
          keepTicket(next.headers);
          res = next;
        }
      }
      return true;
    }
    if (s.roomId) {
      if (prequeueMs > 0) await sleep(startedAt + (i / o.total) * Math.max(0, prequeueMs - 5000) - epochNow());
      const proof = await proofFor(roomPool, tally, s.roomId).catch(() => undefined);
      const res = await call('join', 'POST', `/api/queue/rooms/${s.roomId}/join`, headers(), proof);
      if (res?.status !== 200) return;
      keepTicket(res.headers);
      // The room's page would say "no times left" (release weather shows 0): a clear answer.
      if (!(await wait(res))) {
        clear++;
        return;
      }
    }
    for (let attempt = 0; attempt < s.maxAttempts; attempt++) {
      if (board.open.length === 0) {
        clear++;
        return;
      }
      const slotId = board.open[Math.floor(o.random() * board.open.length)] as string;
      const res = await call(
        'book',
        'POST',
        '/api/bookings',
        { ...headers(), 'idempotency-key': randomUUID() },
        { slotId, ifTaken: 'next_free_same_day' },
      );
      if (!res) return;
      latencies.push(res.ms);
      // The gate re-signs a due ticket as admitted on the booking itself: the next try shows that one.
      keepTicket(res.headers);
      if (res.status === 201) {
        bookedAt.push(epochNow() - o.releaseAt);
        clear++;
        // The time booked is the answer's: another one of that unit and day when the picked one was taken.
        const data = res.json.data as { slotId?: string } | undefined;
        const bookedSlot = data?.slotId ?? slotId;
        if (bookedSlot !== slotId) board.full(slotId);
        board.booked(bookedSlot);
        return;
      }
      const code = (res.json.error as { code?: string } | undefined)?.code;
      if (res.status === 503 && code === 'queue_required' && s.roomId) {
        // Went on when due but the gate said not yet (a pause, a slower rate): back to the room's page.
        const back = await call('status', 'GET', `/api/queue/rooms/${s.roomId}/status`, headers());
        if (back?.status === 200) keepTicket(back.headers);
        if (!(await wait(back?.status === 200 ? back : null))) {
          clear++;
          return;
        }
        continue;
      }
      if (res.status === 503 || res.status === 429) {
        await sleep(Number(res.headers['retry-after'] ?? 5) * 1000);
        continue;
      }
      if (code === 'slot_full') {
        board.full(slotId);
        continue;
      }
      return;
    }
  }

  await Promise.race([
    Promise.all(o.citizens.map((citizen, k) => person(citizen, o.indices[k] as number))),
    sleep(o.releaseAt + s.deadlineSeconds * 1000 - epochNow()),
  ]);
  return { bookedAt, latencies, clear, tally };
}

/** The open times' news between the generator processes: booked or full from one, close to all. */
export interface SlotNews {
  kind: 'booked' | 'full' | 'close';
  slotId: string;
}

/** The release as one generator process runs it (bench/surge/generator.ts; release-worker.ts forks it). */
export const releaseScenario: GeneratorScenario<
  { scenario: ReleaseScenario; citizens: Citizen[]; seed: number },
  { startedAt: number; releaseAt: number },
  SlotNews,
  { work: { scenario: ReleaseScenario; citizens: Citizen[]; seed: number }; board: SlotBoard },
  BrowsePart
> = {
  prepare: (work, tell) => ({
    work,
    board: new SlotBoard(work.scenario.slotIds, work.scenario.placesPerSlot, {
      onBooked: (slotId) => tell({ kind: 'booked', slotId }),
      onFull: (slotId) => tell({ kind: 'full', slotId }),
    }),
  }),
  hear: (state, news) => {
    if (news.kind === 'close') state.board.close(news.slotId);
  },
  run: ({ work, board }, go, browsers) =>
    browse({
      scenario: work.scenario,
      citizens: work.citizens,
      indices: browsers.indices,
      total: browsers.total,
      startedAt: go.startedAt,
      releaseAt: go.releaseAt,
      dispatcherFor: browsers.dispatcherFor,
      roomDispatcherFor: browsers.joinDispatcherFor,
      board,
      random: prng(work.seed),
      tally: newTally(),
    }),
};

export async function runRelease(
  o: ReleaseScenario & {
    /** The target's origin (http://127.0.0.1:port). */
    origin: string;
    citizens: Citizen[];
    /** Seed of the browsers' choice among open times. */
    seed: number;
    generator: GeneratorShape;
    /**
     * The room's release moment (epochNow), when it is scheduled ahead: people take their places in its
     * prequeue until then. Without it the release moment is when the generator starts.
     */
    releaseAt?: number;
  },
): Promise<ReleaseResult> {
  const scenario: ReleaseScenario = {
    slotIds: o.slotIds,
    placesPerSlot: o.placesPerSlot,
    roomId: o.roomId,
    pollSeconds: o.pollSeconds,
    maxAttempts: o.maxAttempts,
    deadlineSeconds: o.deadlineSeconds,
  };
  const left = new Map(scenario.slotIds.map((id) => [id, scenario.placesPerSlot]));
  const closed = new Set<string>();
  const {
    parts,
    go: { releaseAt },
    figures,
  } = await runGenerator({
    origin: o.origin,
    // The room's calls (proof, join, status) have pools of their own (the generator's join connections):
    // in session 7's 23:08 run they waited 34 s (p50) behind the bookings on one set of 256 connections,
    // which no real browser does. Without a room they are idle.
    shape: o.roomId ? o.generator : { ...o.generator, joinConnections: 0 },
    total: o.citizens.length,
    scenario: releaseScenario,
    worker: new URL('./release-worker.ts', import.meta.url),
    work: (indices, k) => ({ scenario, citizens: indices.map((i) => o.citizens[i] as Citizen), seed: o.seed + k }),
    go: () => {
      const startedAt = epochNow();
      return { startedAt, releaseAt: Math.max(startedAt, o.releaseAt ?? startedAt) };
    },
    // A time that fills (or answers slot_full) in one process closes in every process.
    relay: (news, passOn) => {
      if (news.kind === 'booked') {
        const n = (left.get(news.slotId) ?? 1) - 1;
        left.set(news.slotId, n);
        if (n > 0) return;
      } else if (news.kind !== 'full') return;
      if (closed.has(news.slotId)) return;
      closed.add(news.slotId);
      passOn({ kind: 'close', slotId: news.slotId });
    },
  });
  const tally = newTally();
  const part: BrowsePart = { bookedAt: [], latencies: [], clear: 0, tally };
  for (const p of parts) {
    for (const x of p.bookedAt) part.bookedAt.push(x);
    for (const x of p.latencies) part.latencies.push(x);
    part.clear += p.clear;
    mergeTally(tally, p.tally);
  }
  const seconds = (epochNow() - releaseAt) / 1000;
  const { bookedAt } = part;
  const places = o.slotIds.length * o.placesPerSlot;
  const perSecond = Array.from({ length: Math.ceil(seconds) + 1 }, () => 0);
  for (const at of bookedAt) perSecond[Math.floor(at / 1000)] = (perSecond[Math.floor(at / 1000)] ?? 0) + 1;
  return {
    withRoom: o.roomId !== null,
    citizens: o.citizens.length,
    places,
    booked: bookedAt.length,
    clearAnswers: part.clear,
    fiveXX: tally.fiveXX,
    hung: tally.hung,
    shed: tally.shed,
    shedWithoutRetryAfter: tally.shedWithoutRetryAfter,
    statuses: tally.statuses,
    latencyByKind: latencyByKind(tally),
    secondsUntilAllTaken:
      bookedAt.length >= places ? Number((bookedAt.reduce((a, b) => Math.max(a, b), 0) / 1000).toFixed(1)) : null,
    seconds: Number(seconds.toFixed(1)),
    bookingLatency: summarize(part.latencies),
    perSecond,
    ...queueAndAnswer(tally),
    generator: figures,
  };
}
