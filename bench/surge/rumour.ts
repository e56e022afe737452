/**
 * The rumour scenario's load: `arrivals` citizens spread evenly over `seconds`, each as the app would:
 * take a place in the waiting room (told a place at once), poll the status every few seconds until
 * admitted, log in through the BankID simulator (auth → approve → collect) with the admitted ticket, and
 * search free times. Every answer is classified; a request with no answer within 30 s counts as hung.
 * Nothing here needs a database connection.
 *
 * The browsers run on the load generator of bench/surge/generator.ts (in this process or forked into
 * rumour-worker.ts processes, each with small timed pools). Arrival i's moment is on the real clock —
 * the go's start plus i × seconds / arrivals, the same in every process — so a process that begins late
 * does not bunch its arrivals, and "told within a second" counts from that moment (a late timer of the
 * generator's counts against it, and is reported apart as `lateStart`).
 */
import { randomBytes } from 'node:crypto';
import { syntheticPersonnummer } from '@ingang/domain';
import type { Dispatcher } from 'undici';
import { summarize } from '../booking/load.js';
import type { Latency } from '../login/citizens.js';
import {
  epochNow,
  type GeneratorFigures,
  type GeneratorScenario,
  type GeneratorShape,
  runGenerator,
} from './generator.js';
import {
  call as httpCall,
  type KindLatency,
  latencyByKind,
  mergeTally,
  newTally,
  proofFor,
  queueAndAnswer,
  type Tally,
} from './http.js';

/** The rumour as every generator process sees it. */
export interface RumourScenario {
  roomId: string;
  arrivals: number;
  seconds: number;
  pollSeconds: number;
  today: Date;
  timeTypeId: string;
  firstDay: string;
  /** Say "I'm done" after searching (frees the place at once in capacity mode). */
  sayDone: boolean;
}

export interface RumourOptions extends RumourScenario {
  /** The target's origin (http://127.0.0.1:port). */
  origin: string;
  generator: GeneratorShape;
  /** Arrival i's citizen (syntheticPersonnummer's seed). */
  seeds: number[];
}

/** One citizen's timeline (ms since the scenario's start, on the real clock shared by the processes). */
export interface Trace {
  arrival: number;
  /** The arrival's moment (i × seconds / arrivals). */
  arrivedAt: number;
  /** How late after that moment the generator began this browser (its timer, its event loop). */
  lateMs: number;
  toldAt: number | null;
  toldPlace: number | null;
  /** The place the admitting status answer gave (the same as told, unless something is wrong). */
  gotPlace: number | null;
  admittedAt: number | null;
  loggedInAt: number | null;
  searchedAt: number | null;
  error: string | null;
}

export interface RumourResult {
  arrivals: number;
  seconds: number;
  served: number;
  failed: number;
  /** Answers by kind and status, e.g. "join 200", "status 200", "auth 503". */
  statuses: Record<string, number>;
  /** p50/p99 ms per kind of call (which step is slow), and of it the generator's own queue. */
  latencyByKind: Record<string, KindLatency>;
  fiveXX: number;
  hung: number;
  shedWithoutRetryAfter: number;
  shed: number;
  /** Told a place within 1 s of the arrival's moment, by the generator's clock. */
  toldWithinOneSecond: number;
  tellLatency: Latency;
  /** Told within 1 s of sending the join, i.e. after the generator solved the proof of work. */
  toldWithinOneSecondOfSending: number;
  tellAfterProofLatency: Latency;
  /** How late the browsers began after their arrival moments (the generator's own timers). */
  lateStart: Latency;
  wait: Latency;
  /** Latency of the requests made after admission (auth, approve, collect, search). */
  admittedLatency: Latency;
  allDoneSeconds: number | null;
  /** Per second from the start: arrivals (as the generator began them), admissions, logins, searches. */
  series: { second: number; arrivals: number; admitted: number; loggedIn: number; searched: number }[];
  /** Every call: the wait in the generator's own queue for a connection, and the answer after it. */
  clientQueue: Latency;
  serverAnswer: Latency;
  /** How the generator was shaped and what it cost (bench/surge/generator.ts). */
  generator: GeneratorFigures;
  traces: Trace[];
  errorSamples: string[];
}

/** What one generator process measured: merged by the parent into a RumourResult. */
export interface RumourPart {
  traces: Trace[];
  tellAfterProof: number[];
  afterAdmission: number[];
  errorSamples: string[];
  tally: Tally;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

function cookieValue(header: string | string[] | undefined, name: string): string | null {
  const all = Array.isArray(header) ? header : header ? [header] : [];
  for (const line of all) {
    const match = new RegExp(`^${name}=([^;]*)`).exec(line);
    if (match?.[1]) return match[1];
  }
  return null;
}

/** The error's code in an answer (`{ error: { code } }`), if any. */
const errorCode = (json: Record<string, unknown>) => (json.error as { code?: string } | undefined)?.code;

/** The moment the arrivals begin is this far after the go, so that every process has it in time. */
const GO_LEAD_MS = 1000;

/** The browsers `browsers.indices` of the rumour, in one generator process, from `startedAt` (epochNow). */
async function rumourBrowse(
  o: RumourScenario,
  seeds: number[],
  startedAt: number,
  browsers: {
    indices: number[];
    dispatcherFor: (i: number) => Dispatcher;
    joinDispatcherFor: (i: number) => Dispatcher;
  },
): Promise<RumourPart> {
  const errorSamples: string[] = [];
  const tellAfterProof: number[] = [];
  const afterAdmission: number[] = [];
  const now = () => epochNow() - startedAt;
  const tally = newTally();

  async function citizen(i: number, seed: number): Promise<Trace> {
    const pool = browsers.dispatcherFor(i);
    // The room's read and the join on the joins' own connections (when the generator has them): a
    // phone that opens the app does not wait behind everyone else's status polls.
    const joinPool = browsers.joinDispatcherFor(i);
    const call = (
      kind: string,
      method: 'GET' | 'POST' | 'DELETE',
      path: string,
      headers: Record<string, string>,
      body?: unknown,
    ) => httpCall(pool, tally, kind, method, path, headers, body);
    const trace: Trace = {
      arrival: i,
      arrivedAt: (i * o.seconds * 1000) / o.arrivals,
      lateMs: 0,
      toldAt: null,
      toldPlace: null,
      gotPlace: null,
      admittedAt: null,
      loggedInAt: null,
      searchedAt: null,
      error: null,
    };
    await sleep(trace.arrivedAt - now());
    trace.lateMs = Math.max(0, now() - trace.arrivedAt);
    const nonce = randomBytes(18).toString('base64url');
    let ticket = '';
    const queueHeaders = () => ({ 'x-queue-nonce': nonce, cookie: `ingang_queue=${ticket}` });
    try {
      let sentAt = 0;
      const join = async (fresh = false) => {
        const proof = await proofFor(joinPool, tally, o.roomId, fresh);
        sentAt = now();
        return httpCall(
          joinPool,
          tally,
          'join',
          'POST',
          `/api/queue/rooms/${o.roomId}/join`,
          { 'x-queue-nonce': nonce },
          proof,
        );
      };
      let res = await join();
      // As the queue page does: a challenge that expired meanwhile (a join that waited a minute or more,
      // on a stalled machine) is fetched again and solved anew, a few times.
      for (let again = 0; again < 3 && res.status === 400 && errorCode(res.json) === 'pow_expired'; again++)
        res = await join(true);
      while (res.status === 503 || res.status === 429) {
        await sleep(Number(res.headers['retry-after'] ?? 5) * 1000);
        res = await join();
      }
      if (res.status !== 200)
        throw new Error(`join ${res.status}${errorCode(res.json) ? ` ${errorCode(res.json)}` : ''}`);
      ticket = cookieValue(res.headers['set-cookie'], 'ingang_queue') ?? '';
      trace.toldAt = now();
      trace.toldPlace = Number(res.json.place);
      // Without the generator's own proof of work (a phone solves its own).
      tellAfterProof.push(trace.toldAt - sentAt);
      while (res.json.phase !== 'admitted') {
        await sleep(Number(res.json.pollSeconds ?? o.pollSeconds) * 1000);
        res = await call('status', 'GET', `/api/queue/rooms/${o.roomId}/status`, queueHeaders());
        if (res.status !== 200) continue;
        ticket = cookieValue(res.headers['set-cookie'], 'ingang_queue') ?? ticket;
      }
      trace.admittedAt = now();
      trace.gotPlace = res.json.place === null || res.json.place === undefined ? null : Number(res.json.place);
      const personalNumber = syntheticPersonnummer(seed, { today: o.today });
      let auth = await call('auth', 'POST', '/api/auth/bankid/auth', queueHeaders(), {});
      while (auth.status === 503 || auth.status === 429) {
        await sleep(Number(auth.headers['retry-after'] ?? 5) * 1000);
        auth = await call('auth', 'POST', '/api/auth/bankid/auth', queueHeaders(), {});
      }
      afterAdmission.push(auth.ms);
      if (auth.status !== 200) throw new Error(`auth ${auth.status}`);
      const orderRef = String(auth.json.orderRef);
      const approve = await call('approve', 'POST', '/api/dev/bankid/approve', {}, { orderRef, personalNumber });
      afterAdmission.push(approve.ms);
      if (approve.status !== 200) throw new Error(`approve ${approve.status}`);
      let session: string | null = null;
      for (let poll = 0; poll < 10 && !session; poll++) {
        const collect = await call('collect', 'POST', '/api/auth/bankid/collect', {}, { orderRef });
        afterAdmission.push(collect.ms);
        if (collect.status !== 200) throw new Error(`collect ${collect.status}`);
        if (collect.json.status === 'complete') session = cookieValue(collect.headers['set-cookie'], 'ingang_sid');
        else await sleep(1000);
      }
      if (!session) throw new Error('collect: no session');
      trace.loggedInAt = now();
      const search = await call(
        'search',
        'GET',
        `/api/slots?${new URLSearchParams({ timeTypeId: o.timeTypeId, from: `${o.firstDay}T07:00:00.000Z`, to: `${o.firstDay}T23:00:00.000Z`, limit: '20' })}`,
        {
          cookie: `ingang_sid=${session}`,
        },
      );
      afterAdmission.push(search.ms);
      if (search.status !== 200) throw new Error(`search ${search.status}`);
      trace.searchedAt = now();
      // Looked and left: in capacity mode "I'm done" frees the place for the next at once.
      if (o.sayDone) await call('done', 'DELETE', `/api/queue/rooms/${o.roomId}/ticket`, queueHeaders());
    } catch (error) {
      trace.error = (error as Error).message.slice(0, 160);
      if (errorSamples.length < 5) errorSamples.push(trace.error);
    }
    return trace;
  }

  const traces = await Promise.all(browsers.indices.map((i, k) => citizen(i, seeds[k] as number)));
  return { traces, tellAfterProof, afterAdmission, errorSamples, tally };
}

/** The rumour as one generator process runs it (bench/surge/generator.ts; rumour-worker.ts forks it). */
export const rumourScenario: GeneratorScenario<
  { scenario: RumourScenario; seeds: number[] },
  { startedAt: number },
  never,
  { scenario: RumourScenario; seeds: number[] },
  RumourPart
> = {
  prepare: (work) => work,
  run: (work, go, browsers) => rumourBrowse(work.scenario, work.seeds, go.startedAt, browsers),
};

export async function runRumour(o: RumourOptions): Promise<RumourResult> {
  const scenario: RumourScenario = {
    roomId: o.roomId,
    arrivals: o.arrivals,
    seconds: o.seconds,
    pollSeconds: o.pollSeconds,
    today: o.today,
    timeTypeId: o.timeTypeId,
    firstDay: o.firstDay,
    sayDone: o.sayDone,
  };
  const {
    parts,
    go: { startedAt },
    figures,
  } = await runGenerator({
    origin: o.origin,
    shape: o.generator,
    total: o.arrivals,
    scenario: rumourScenario,
    worker: new URL('./rumour-worker.ts', import.meta.url),
    work: (indices) => ({ scenario, seeds: indices.map((i) => o.seeds[i] as number) }),
    go: () => ({ startedAt: epochNow() + GO_LEAD_MS }),
  });
  const seconds = (epochNow() - startedAt) / 1000;
  const tally = newTally();
  const traces: Trace[] = [];
  const tellAfterProof: number[] = [];
  const afterAdmission: number[] = [];
  const errorSamples: string[] = [];
  for (const p of parts) {
    for (const x of p.traces) traces.push(x);
    for (const x of p.tellAfterProof) tellAfterProof.push(x);
    for (const x of p.afterAdmission) afterAdmission.push(x);
    for (const x of p.errorSamples) if (errorSamples.length < 5) errorSamples.push(x);
    mergeTally(tally, p.tally);
  }
  traces.sort((a, b) => a.arrival - b.arrival);
  const tell = traces.filter((t) => t.toldAt !== null).map((t) => (t.toldAt as number) - t.arrivedAt);
  const done = traces.filter((t) => t.searchedAt !== null);
  const lastSecond = Math.ceil(seconds);
  const series = Array.from({ length: lastSecond + 1 }, (_, second) => ({
    second,
    arrivals: 0,
    admitted: 0,
    loggedIn: 0,
    searched: 0,
  }));
  const put = (at: number | null, key: 'arrivals' | 'admitted' | 'loggedIn' | 'searched') => {
    if (at === null) return;
    const s = series[Math.max(0, Math.min(lastSecond, Math.floor(at / 1000)))];
    if (s) s[key] += 1;
  };
  for (const t of traces) {
    // When the generator began the browser: bunched arrivals (a late process, a busy loop) show here.
    put(t.arrivedAt + t.lateMs, 'arrivals');
    put(t.admittedAt, 'admitted');
    put(t.loggedInAt, 'loggedIn');
    put(t.searchedAt, 'searched');
  }
  return {
    arrivals: o.arrivals,
    seconds: Number(seconds.toFixed(1)),
    served: done.length,
    failed: traces.length - done.length,
    statuses: tally.statuses,
    latencyByKind: latencyByKind(tally),
    fiveXX: tally.fiveXX,
    hung: tally.hung,
    shedWithoutRetryAfter: tally.shedWithoutRetryAfter,
    shed: tally.shed,
    toldWithinOneSecond: tell.filter((ms) => ms <= 1000).length,
    tellLatency: summarize(tell),
    toldWithinOneSecondOfSending: tellAfterProof.filter((ms) => ms <= 1000).length,
    tellAfterProofLatency: summarize(tellAfterProof),
    lateStart: summarize(traces.map((t) => t.lateMs)),
    wait: summarize(traces.filter((t) => t.admittedAt !== null).map((t) => (t.admittedAt as number) - t.arrivedAt)),
    admittedLatency: summarize(afterAdmission),
    allDoneSeconds:
      done.length === traces.length
        ? Number((Math.max(...done.map((t) => t.searchedAt as number)) / 1000).toFixed(1))
        : null,
    series,
    ...queueAndAnswer(tally),
    generator: figures,
    traces,
    errorSamples,
  };
}

/**
 * Fairness: whether everyone was admitted at the place they were told, and how
 * well admission order follows place order. Admission is seen at the client's
 * next poll (every few seconds), so the rank correlation is below 1 by that
 * jitter alone; a wrong server decision shows as a place changed.
 */
export function fairness(traces: Trace[]) {
  const admitted = traces.filter((t) => t.admittedAt !== null && t.toldPlace !== null);
  const rank = (values: number[]) => {
    const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
    const ranks = new Array<number>(values.length);
    order.forEach(([, i], r) => {
      ranks[i] = r;
    });
    return ranks;
  };
  const n = admitted.length;
  const times = rank(admitted.map((t) => t.admittedAt as number));
  const spearman = (ranks: number[]) => {
    const d2 = ranks.reduce((sum, p, i) => sum + (p - (times[i] as number)) ** 2, 0);
    return n > 1 ? Number((1 - (6 * d2) / (n * (n * n - 1))).toFixed(3)) : 1;
  };
  return {
    admitted: n,
    placeKept: admitted.filter((t) => t.gotPlace === null || t.gotPlace === t.toldPlace).length,
    spearmanPlaceVsAdmission: spearman(rank(admitted.map((t) => t.toldPlace as number))),
    /** Admission order against the order people arrived in (the load generator's order). */
    spearmanArrivalVsAdmission: spearman(rank(admitted.map((t) => t.arrivedAt))),
  };
}
