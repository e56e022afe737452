/**
 * Virtual citizens: each loops a whole BankID login as the browser and the
 * person's BankID app would do it — auth → qr (once) → approve (the simulator's
 * tester API plays the app) → collect until complete → GET /api/me with the
 * session cookie — each login as a distinct person (syntheticPersonnummer).
 * All citizens share one undici Pool with keep-alive (one connection each).
 */
import { syntheticPersonnummer } from '@ingang/domain';
import type { Pool } from 'undici';

export const ENDPOINTS = ['auth', 'qr', 'approve', 'collect', 'me'] as const;
export type Endpoint = (typeof ENDPOINTS)[number];

export interface Latency {
  count: number;
  p50ms: number;
  p95ms: number;
  p99ms: number;
  maxMs: number;
}

export interface LevelResult {
  concurrency: number;
  /** Wall time from the first request to the last answer (in-flight logins are finished, not cut). */
  seconds: number;
  logins: number;
  failedLogins: number;
  loginsPerSecond: number;
  requests: number;
  requestsPerSecond: number;
  /** Collect calls per completed login (1 when the approval is seen at once). */
  collectsPerLogin: number;
  latency: Record<Endpoint | 'login', Latency>;
  /** Answers by endpoint and HTTP status, e.g. { "auth 200": 1234 }; "network" for a failed connection. */
  statuses: Record<string, number>;
  /** Non-2xx answers and network errors. */
  errors: number;
  /** The first few error bodies, for diagnosis (they never contain a personnummer). */
  errorSamples: string[];
  /** Seeds used: [first, last] (inclusive); the next level starts after them. */
  seeds: [number, number];
}

export interface LevelOptions {
  pool: Pool;
  concurrency: number;
  seconds: number;
  /** Hard cap on requests in this level, whatever the duration. */
  maxRequests: number;
  firstSeed: number;
  /** Fixed date for syntheticPersonnummer, so a seed is the same person on every run. */
  today: Date;
  /** Stops starting new logins (Ctrl-C). */
  signal?: AbortSignal;
}

class HttpError extends Error {
  constructor(
    readonly endpoint: Endpoint,
    readonly status: number | 'network',
    body: string,
  ) {
    super(`${endpoint} ${status}: ${body.slice(0, 200)}`);
  }
}

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)] ?? 0);
const ms = (n: number) => Number(n.toFixed(1));

function summarize(values: number[]): Latency {
  const sorted = Float64Array.from(values).sort();
  const list = Array.from(sorted);
  return {
    count: list.length,
    p50ms: ms(percentile(list, 0.5)),
    p95ms: ms(percentile(list, 0.95)),
    p99ms: ms(percentile(list, 0.99)),
    maxMs: ms(list[list.length - 1] ?? 0),
  };
}

function sessionCookie(header: string | string[] | undefined): string | null {
  const all = Array.isArray(header) ? header : header ? [header] : [];
  for (const line of all) {
    const match = /^ingang_sid=([^;]*)/.exec(line);
    if (match?.[1]) return `ingang_sid=${match[1]}`;
  }
  return null;
}

/** Runs `concurrency` citizens for `seconds` (or until `maxRequests`), then lets in-flight logins finish. */
export async function runLevel(options: LevelOptions): Promise<LevelResult> {
  const { pool } = options;
  const times: Record<Endpoint | 'login', number[]> = { auth: [], qr: [], approve: [], collect: [], me: [], login: [] };
  const statuses: Record<string, number> = {};
  const errorSamples: string[] = [];
  let requests = 0;
  let logins = 0;
  let failedLogins = 0;
  let collects = 0;
  let nextSeed = options.firstSeed;

  async function call(endpoint: Endpoint, method: 'GET' | 'POST', path: string, body?: unknown, cookie?: string) {
    requests++;
    const t0 = performance.now();
    let status: number;
    let text: string;
    let headers: Record<string, string | string[] | undefined>;
    try {
      const res = await pool.request({
        method,
        path,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(cookie ? { cookie } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      text = await res.body.text();
      status = res.statusCode;
      headers = res.headers;
    } catch (error) {
      statuses[`${endpoint} network`] = (statuses[`${endpoint} network`] ?? 0) + 1;
      throw new HttpError(endpoint, 'network', (error as Error).message);
    }
    times[endpoint].push(performance.now() - t0);
    statuses[`${endpoint} ${status}`] = (statuses[`${endpoint} ${status}`] ?? 0) + 1;
    if (status < 200 || status > 299) throw new HttpError(endpoint, status, text);
    return { json: JSON.parse(text) as Record<string, unknown>, headers };
  }

  async function login(seed: number) {
    const personalNumber = syntheticPersonnummer(seed, { today: options.today });
    const t0 = performance.now();
    const started = await call('auth', 'POST', '/api/auth/bankid/auth', {});
    const orderRef = String(started.json.orderRef);
    const qr = await call('qr', 'POST', '/api/auth/bankid/qr', { orderRef });
    if (!String(qr.json.qrData).startsWith('bankid.')) throw new Error('qr: unexpected payload');
    await call('approve', 'POST', '/api/dev/bankid/approve', { orderRef, personalNumber });
    let cookie: string | null = null;
    for (let poll = 0; poll < 20 && cookie === null; poll++) {
      collects++;
      const collected = await call('collect', 'POST', '/api/auth/bankid/collect', { orderRef });
      if (collected.json.status === 'complete') {
        cookie = sessionCookie(collected.headers['set-cookie']);
        if (!cookie) throw new Error('collect: complete without a session cookie');
      } else if (collected.json.status !== 'pending') {
        throw new Error(`collect: ${String(collected.json.status)} ${String(collected.json.hintCode)}`);
      }
    }
    if (!cookie) throw new Error('collect: still pending after 20 polls');
    const me = await call('me', 'GET', '/api/me', undefined, cookie);
    if (me.json.kind !== 'citizen') throw new Error('me: not a citizen session');
    times.login.push(performance.now() - t0);
    logins++;
  }

  const t0 = performance.now();
  const deadline = t0 + options.seconds * 1000;
  async function citizen() {
    while (performance.now() < deadline && requests < options.maxRequests && !options.signal?.aborted) {
      const seed = nextSeed++;
      try {
        await login(seed);
      } catch (error) {
        failedLogins++;
        if (errorSamples.length < 5) errorSamples.push((error as Error).message);
      }
    }
  }
  await Promise.all(Array.from({ length: options.concurrency }, citizen));
  const seconds = (performance.now() - t0) / 1000;
  const errors = Object.entries(statuses)
    .filter(([key]) => !/ 2\d\d$/.test(key))
    .reduce((sum, [, n]) => sum + n, 0);
  const latency = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, summarize(v)])) as Record<
    Endpoint | 'login',
    Latency
  >;
  return {
    concurrency: options.concurrency,
    seconds: Number(seconds.toFixed(2)),
    logins,
    failedLogins,
    loginsPerSecond: Number((logins / seconds).toFixed(1)),
    requests,
    requestsPerSecond: Number((requests / seconds).toFixed(1)),
    collectsPerLogin: Number((collects / Math.max(1, logins)).toFixed(2)),
    latency,
    statuses,
    errors,
    errorSamples,
    seeds: [options.firstSeed, nextSeed - 1],
  };
}
