/**
 * The booking benchmark's load over HTTP (one undici Pool with keep-alive):
 * free-time searches at a fixed concurrency, a contended release (thousands of
 * citizens racing for a few hundred places that just opened, each retrying
 * another open time after "slot_full" as the app would), and uncontended
 * bookings of random times. Latency is measured from dispatch to the whole
 * answer, so it includes waiting for a free connection in the pool.
 */
import { randomUUID } from 'node:crypto';
import type { Dispatcher } from 'undici';

type Pool = Dispatcher;

import type { Latency } from '../login/citizens.js';

/** A citizen with a session created directly in the sessions table. */
export interface Citizen {
  personId: string;
  cookie: string;
  csrf: string;
}

const ms = (n: number) => Number(n.toFixed(1));

/** p50/p95/p99/max of a list of milliseconds. */
export function summarize(values: number[]): Latency {
  const sorted = Float64Array.from(values).sort();
  const at = (p: number) =>
    sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)] ?? 0);
  return { count: sorted.length, p50ms: ms(at(0.5)), p95ms: ms(at(0.95)), p99ms: ms(at(0.99)), maxMs: ms(at(1)) };
}

const bump = (counts: Record<string, number>, key: string) => {
  counts[key] = (counts[key] ?? 0) + 1;
};

export interface SearchQuery {
  kind: 'unit' | 'near' | 'region';
  path: string;
}

export interface SearchLevel {
  concurrency: number;
  seconds: number;
  requests: number;
  perSecond: number;
  latency: Latency;
  byKind: Record<string, Latency>;
  statuses: Record<string, number>;
  /** Average free times per answered page (limit 20). */
  rowsPerPage: number;
  errorSamples: string[];
}

/** `concurrency` loops of GET /api/slots for `seconds` (or `maxRequests`), anonymous like a script or the public page. */
export async function searchLevel(o: {
  pool: Pool;
  concurrency: number;
  seconds: number;
  maxRequests: number;
  next: () => SearchQuery;
  signal?: AbortSignal;
}): Promise<SearchLevel> {
  const all: number[] = [];
  const byKind: Record<string, number[]> = {};
  const statuses: Record<string, number> = {};
  const errorSamples: string[] = [];
  let requests = 0;
  let rows = 0;
  let pages = 0;
  const t0 = performance.now();
  const deadline = t0 + o.seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline && requests < o.maxRequests && !o.signal?.aborted) {
      requests++;
      const q = o.next();
      const started = performance.now();
      try {
        const res = await o.pool.request({ method: 'GET', path: q.path });
        const text = await res.body.text();
        const took = performance.now() - started;
        bump(statuses, String(res.statusCode));
        if (res.statusCode !== 200) {
          if (errorSamples.length < 5) errorSamples.push(`${res.statusCode} ${text.slice(0, 200)}`);
          continue;
        }
        all.push(took);
        const kind = byKind[q.kind] ?? [];
        kind.push(took);
        byKind[q.kind] = kind;
        rows += (JSON.parse(text) as { data: unknown[] }).data.length;
        pages++;
      } catch (error) {
        bump(statuses, 'network');
        if (errorSamples.length < 5) errorSamples.push((error as Error).message);
      }
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, worker));
  const seconds = (performance.now() - t0) / 1000;
  return {
    concurrency: o.concurrency,
    seconds: Number(seconds.toFixed(2)),
    requests,
    perSecond: Math.round(all.length / seconds),
    latency: summarize(all),
    byKind: Object.fromEntries(Object.entries(byKind).map(([k, v]) => [k, summarize(v)])),
    statuses,
    rowsPerPage: Number((rows / Math.max(1, pages)).toFixed(1)),
    errorSamples,
  };
}

export interface BookingAnswer {
  status: number | 'network';
  code: string;
  ms: number;
  bookingId?: string;
}

/** POST /api/bookings as the citizen, with a fresh Idempotency-Key unless one is given. */
export async function book(pool: Pool, citizen: Citizen, slotId: string, key = randomUUID()): Promise<BookingAnswer> {
  const started = performance.now();
  try {
    const res = await pool.request({
      method: 'POST',
      path: '/api/bookings',
      headers: {
        'content-type': 'application/json',
        cookie: citizen.cookie,
        'x-csrf-token': citizen.csrf,
        'idempotency-key': key,
      },
      body: JSON.stringify({ slotId }),
    });
    const text = await res.body.text();
    const took = performance.now() - started;
    let code = '';
    let bookingId: string | undefined;
    try {
      const json = JSON.parse(text) as { data?: { id?: string }; error?: { code?: string } };
      code = json.error?.code ?? '';
      bookingId = json.data?.id;
    } catch {
      code = text.slice(0, 60);
    }
    return { status: res.statusCode, code, ms: took, ...(bookingId ? { bookingId } : {}) };
  } catch (error) {
    return { status: 'network', code: (error as Error).message.slice(0, 60), ms: performance.now() - started };
  }
}

const answerKey = (a: BookingAnswer) => (a.code ? `${a.status} ${a.code}` : String(a.status));

export interface BookingPhase {
  citizens: number;
  seconds: number;
  requests: number;
  /** Answered booking requests per second (201 + 409 + …): the decisions the server made. */
  requestsPerSecond: number;
  /** 201s per second. */
  bookingsPerSecond: number;
  booked: number;
  latency: Latency;
  /** Time to the last 201: how long until the release was sold out. */
  soldOutSeconds: number | null;
  statuses: Record<string, number>;
}

function phaseResult(citizens: number, t0: number, answers: BookingAnswer[], lastBooked: number | null): BookingPhase {
  const seconds = (performance.now() - t0) / 1000;
  const statuses: Record<string, number> = {};
  for (const a of answers) bump(statuses, answerKey(a));
  const booked = answers.filter((a) => a.status === 201).length;
  const answered = answers.filter((a) => a.status !== 'network').length;
  return {
    citizens,
    seconds: Number(seconds.toFixed(2)),
    requests: answers.length,
    requestsPerSecond: Math.round(answered / seconds),
    bookingsPerSecond: Math.round(booked / seconds),
    booked,
    latency: summarize(answers.filter((a) => a.status !== 'network').map((a) => a.ms)),
    soldOutSeconds: lastBooked === null ? null : Number(((lastBooked - t0) / 1000).toFixed(2)),
    statuses,
  };
}

/**
 * A release: every citizen fires at once at a random time of `slotIds`; after "slot_full" the
 * citizen tries another time not yet seen full (as a fresh search would show), until booked,
 * refused otherwise, or every time is full. `maxAttempts` bounds each citizen.
 */
export async function contendedRelease(o: {
  pool: Pool;
  citizens: Citizen[];
  slotIds: string[];
  maxAttempts: number;
  random: () => number;
  /** Receives every answered request's latency (to summarise several releases together). */
  collect?: number[];
}): Promise<BookingPhase> {
  const open = [...o.slotIds];
  const answers: BookingAnswer[] = [];
  let lastBooked: number | null = null;
  const t0 = performance.now();
  await Promise.all(
    o.citizens.map(async (citizen) => {
      for (let attempt = 0; attempt < o.maxAttempts && open.length > 0; attempt++) {
        const slotId = open[Math.floor(o.random() * open.length)] as string;
        const answer = await book(o.pool, citizen, slotId);
        answers.push(answer);
        if (answer.status !== 'network') o.collect?.push(answer.ms);
        if (answer.status === 201) lastBooked = performance.now();
        if (answer.code !== 'slot_full') return;
        const i = open.indexOf(slotId);
        if (i >= 0) open.splice(i, 1);
      }
    }),
  );
  return phaseResult(o.citizens.length, t0, answers, lastBooked);
}

/** `concurrency` loops, each booking a random time for the next fresh citizen, for `seconds`. */
export async function uncontended(o: {
  pool: Pool;
  citizens: Citizen[];
  concurrency: number;
  seconds: number;
  slotId: () => string;
}): Promise<BookingPhase> {
  const answers: BookingAnswer[] = [];
  let next = 0;
  let lastBooked: number | null = null;
  const t0 = performance.now();
  const deadline = t0 + o.seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline && next < o.citizens.length) {
      const citizen = o.citizens[next++] as Citizen;
      const answer = await book(o.pool, citizen, o.slotId());
      answers.push(answer);
      if (answer.status === 201) lastBooked = performance.now();
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, worker));
  return { ...phaseResult(next, t0, answers, lastBooked), soldOutSeconds: null };
}

export interface RaceChecks {
  /** Citizens who sent the same request (same key) twice at once: both answers the same booking. */
  replays: { citizens: number; sameBooking: number; statuses: Record<string, number> };
  /** Citizens who fired at several different times at once: exactly one 201 each. */
  sameCitizen: { citizens: number; requestsEach: number; exactlyOne: number; statuses: Record<string, number> };
}

/** Idempotency replays and one citizen racing themself; the SQL check afterwards counts their bookings. */
export async function raceChecks(o: {
  pool: Pool;
  replayCitizens: Citizen[];
  racingCitizens: Citizen[];
  requestsEach: number;
  slotId: () => string;
}): Promise<RaceChecks> {
  const replayStatuses: Record<string, number> = {};
  let sameBooking = 0;
  await Promise.all(
    o.replayCitizens.map(async (citizen) => {
      const key = randomUUID();
      const slot = o.slotId();
      const [a, b] = await Promise.all([book(o.pool, citizen, slot, key), book(o.pool, citizen, slot, key)]);
      bump(replayStatuses, answerKey(a));
      bump(replayStatuses, answerKey(b));
      if (a.status === 201 && b.status === 201 && a.bookingId === b.bookingId) sameBooking++;
    }),
  );
  const raceStatuses: Record<string, number> = {};
  let exactlyOne = 0;
  await Promise.all(
    o.racingCitizens.map(async (citizen) => {
      const answers = await Promise.all(
        Array.from({ length: o.requestsEach }, () => book(o.pool, citizen, o.slotId())),
      );
      for (const a of answers) bump(raceStatuses, answerKey(a));
      if (answers.filter((a) => a.status === 201).length === 1) exactlyOne++;
    }),
  );
  return {
    replays: { citizens: o.replayCitizens.length, sameBooking, statuses: replayStatuses },
    sameCitizen: {
      citizens: o.racingCitizens.length,
      requestsEach: o.requestsEach,
      exactlyOne,
      statuses: raceStatuses,
    },
  };
}
