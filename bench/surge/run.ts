/**
 * `npm run bench:surge` (DATABASE_URL required; REDIS_URL, default the machine's Redis): the rumour
 * day at region scale. In a scratch database it generates the region (bench/booking's generator: 580
 * units, 90 days of times, BENCH_PERSONS citizens — 2.4 million by default — in set-based SQL), then,
 * for each target in BENCH_TARGETS (default `single,cluster`: one instance without nginx, and two
 * instances behind nginx — bench/surge/targets.ts), measures over HTTP on loopback:
 *  1. the status poll's cost (server CPU per poll against an empty request, database transactions);
 *     before that, once, the same in-process with `app.inject` (bench/surge/poll-cost.ts), which does
 *     not depend on the machine's load,
 *  2. rumour: BENCH_RUMOUR arrivals in BENCH_RUMOUR_SECONDS through an app-wide waiting room admitting
 *     BENCH_ADMIT_PER_MINUTE, each solving the proof of work (BENCH_POW_BITS), waiting, logging in with
 *     the BankID simulator and searching (on the load generator, BENCH_GEN_*),
 *  3. release: BENCH_RELEASE_PEOPLE citizens try to book BENCH_RELEASE_PLACES places the moment they
 *     open — with a time type's room and without,
 *     (BENCH_ADMISSION / BENCH_RELEASE_ADMISSION = rate | capacity pick each room's admission;
 *     BENCH_CAPACITY / BENCH_RELEASE_CAPACITY how many are inside at once in capacity mode)
 *  4. fairness (admission order against told places), SQL correctness and pgbench -S/-N on the same
 *     PostgreSQL for ratios.
 * Prints a summary table per target, appends to bench/results/surge-<date>.json and draws
 * docs/performance-surge-<target>.svg.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { initialServing, seedCommitment, stockholmDate } from '@ingang/domain';
import pg from 'pg';
import { Pool } from 'undici';
import { checkCorrectness, createSessions, migrateScratch, runPgbench, setVisibleFrom } from '../booking/db.js';
import {
  adultSeeds,
  PNR_TODAY,
  personIdsFor,
  slotId,
  slotNumber,
  TIME_TYPE_ID,
  TIMES_PER_DAY,
  UNITS,
} from '../booking/generate.js';
import { appendRun, prepareRegion, scratchWithCleanUp } from '../booking/scratch-region.js';
import { cpuMs, describeCpu, measureCpu } from './cpu.js';
import { newTally, proofFor, timed } from './http.js';
import { measurePollCost } from './poll-cost.js';
import { runRelease } from './release.js';
import { describeGenerator, limitOf, svgPlot, table } from './report.js';
import { fairness, runRumour } from './rumour.js';
import { TARGET_LABEL, type TargetKey, withTarget } from './targets.js';

const baseUrl = process.env.DATABASE_URL;
if (!baseUrl) {
  console.error('bench:surge needs DATABASE_URL (a PostgreSQL server; a scratch database is created and dropped).');
  process.exit(2);
}
const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const PERSONS = env('BENCH_PERSONS', 2_400_000);
const RUMOUR = process.env.BENCH_ONLY === 'release' ? 0 : env('BENCH_RUMOUR', 45_000);
/** BENCH_ONLY=rumour: only the rumour per target (no poll — neither in-process nor over HTTP —, no release, no plot). */
const RUMOUR_ONLY = process.env.BENCH_ONLY === 'rumour';
const RUMOUR_SECONDS = env('BENCH_RUMOUR_SECONDS', 60);
const ADMIT_PER_MINUTE = env('BENCH_ADMIT_PER_MINUTE', 9_000);
const RELEASE_PEOPLE = env('BENCH_RELEASE_PEOPLE', 150_000);
const RELEASE_PLACES = env('BENCH_RELEASE_PLACES', 100_000);
const RELEASE_ADMIT_PER_MINUTE = env('BENCH_RELEASE_ADMIT_PER_MINUTE', 60_000);
const admissionOf = (name: string) => {
  const value = process.env[name] ?? 'rate';
  if (value !== 'rate' && value !== 'capacity') {
    console.error(`${name}: rate or capacity, not ${value}`);
    process.exit(2);
  }
  return value;
};
/** The rumour room's admission: a fixed rate (BENCH_ADMIT_PER_MINUTE) or BENCH_CAPACITY at a time. */
const ADMISSION = admissionOf('BENCH_ADMISSION');
const CAPACITY = env('BENCH_CAPACITY', 500);
/** The release room's: capacity mode lets the next one in the moment a booking is made. */
const RELEASE_ADMISSION = admissionOf('BENCH_RELEASE_ADMISSION');
const RELEASE_CAPACITY = env('BENCH_RELEASE_CAPACITY', 2000);
const flag = (name: string, fallback: boolean) => {
  const value = process.env[name];
  return value === undefined || value === '' ? fallback : !['0', 'off', 'false', 'no'].includes(value.toLowerCase());
};
/**
 * The rumour room's capacity follows the server's load (`pace_auto`; BENCH_PACE_AUTO=off for a fixed
 * BENCH_CAPACITY): BENCH_CAPACITY is then the ceiling, and the instances cut and raise the places with
 * their own event-loop delay, requests in flight and pool wait.
 */
const PACE_AUTO = flag('BENCH_PACE_AUTO', true);
/** BENCH_RELEASE=off: the poll and the rumour only (small comparison runs). */
const RELEASE = flag('BENCH_RELEASE', true) && !RUMOUR_ONLY;
/** BENCH_RELEASE_ROOMS=with | without | both (default): which of the two releases to run. */
const RELEASE_ROOMS = (() => {
  const v = process.env.BENCH_RELEASE_ROOMS ?? 'both';
  if (v !== 'with' && v !== 'without' && v !== 'both')
    throw new Error(`BENCH_RELEASE_ROOMS must be with, without or both, not ${v}`);
  return v;
})();
const ADMITTED_VALID_SECONDS = env('BENCH_ADMITTED_VALID_SECONDS', 1800);
const RELEASE_DEADLINE = env('BENCH_RELEASE_DEADLINE_SECONDS', 600);
/**
 * With the room, the release is scheduled this far ahead and people take their places in its prequeue
 * first (spread over all but its last 5 s), as on a real release day; 0 = the room opens at the moment
 * and everyone joins then.
 */
const RELEASE_PREQUEUE_SECONDS = env('BENCH_RELEASE_PREQUEUE_SECONDS', 30);
const POLLS = env('BENCH_POLLS', 20_000);
/** The status poll's connection pool (one undici Pool in this process; until session 7 the rumour's too). */
const CONNECTIONS = env('BENCH_CONNECTIONS', 256);
/**
 * The rumour's and the release's load generator (bench/surge/generator.ts): BENCH_GEN_PROCESSES forked
 * processes (0 = this process), BENCH_GEN_CONNECTIONS connections in all, in pools of
 * BENCH_GEN_POOL_SIZE. `BENCH_GEN_PROCESSES=0 BENCH_GEN_CONNECTIONS=256 BENCH_GEN_POOL_SIZE=256` is the
 * generator before session 6 (one pool of 256 here; the rumour's before session 7). 256 in all by
 * default: at 15 000 for 10 000 on a loaded machine 1 024 in flight made the server's answers slower,
 * not the release faster (docs/notes/rush.md, session 6); try more on a quiet machine.
 */
const GEN_PROCESSES = env('BENCH_GEN_PROCESSES', 2);
const GENERATOR = {
  processes: GEN_PROCESSES,
  connections: env('BENCH_GEN_CONNECTIONS', 256),
  poolSize: env('BENCH_GEN_POOL_SIZE', 16),
  /**
   * The rumour's joins on connections of their own, BENCH_GEN_JOIN_CONNECTIONS in all besides BENCH_GEN_CONNECTIONS
   * (default 512 — at 128 a full-size rumour's joins queued ~1 s for one, 7 Dec 23:30; 0 — the joins in the same pools as the polls — with BENCH_GEN_PROCESSES=0, the old
   * path): on shared pools the joins waited seconds behind the waiting people's polls in the
   * generator's own queue, which a phone opening the app does not.
   */
  joinConnections: env('BENCH_GEN_JOIN_CONNECTIONS', GEN_PROCESSES > 0 ? 512 : 0),
};
const IN_PROCESS_POLLS = env('BENCH_IN_PROCESS_POLLS', 5000);
/** Proof-of-work bits per new ticket: low by default, the load generator solves every arrival's on 2 cores. */
const POW_BITS = env('BENCH_POW_BITS', 8);
/**
 * The extra bits under load (the server's WAITING_ROOM_POW_LOAD_BITS): 0 by default here. A phone solves
 * its own proof on its own CPU; the generator solves every arrival's on the machine's 2 cores, and at
 * 8 + 4 bits the rumour's 750 arrivals a second cost it more than a core — one generator process's event
 * loop stood still for 79 s at full size (7 Dec 23:08 run), and the 600 inside it held their places.
 */
const POW_LOAD_BITS = env('BENCH_POW_LOAD_BITS', 0);
const TARGETS = (process.env.BENCH_TARGETS ?? 'single,cluster').split(',').filter(Boolean) as TargetKey[];
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const POLL_SECONDS = 5;
/** BENCH_ONLY=poll: only the status poll's cost, on an empty migrated database (a minute, not the whole run). */
const POLL_ONLY = process.env.BENCH_ONLY === 'poll';
/** BENCH_ONLY=release: only the two releases per target (no poll over HTTP, no rumour, no BENCH_RUMOUR citizens). */
const RELEASE_ONLY = process.env.BENCH_ONLY === 'release';
const PLACES_PER_SLOT = 3;
const root = path.resolve(import.meta.dirname, '../..');
const uptime = () => execFileSync('uptime', { encoding: 'utf8' }).trim();
const now = new Date();
const firstDay = stockholmDate(new Date(now.getTime() + 24 * 3600 * 1000));
for (const key of TARGETS) {
  if (!(key in TARGET_LABEL)) {
    console.error(`BENCH_TARGETS: unknown target ${key} (single, cluster)`);
    process.exit(2);
  }
}

interface Admission {
  admission: 'rate' | 'capacity';
  ratePerMinute: number;
  /** Admitted at a time (capacity mode); each booking frees a place at once. */
  capacity: number;
  /** The pace (or capacity) follows the servers' load, the figure above being its ceiling. */
  paceAuto?: boolean;
}

/** A room inserted straight into the table (as an administrator's would be); the servers see it within a second. */
/** Opens a room at once, or (releaseInSeconds > 0) schedules its release with the prequeue open from now. */
async function openRoom(c: pg.Client, scope: 'app' | 'time_type', a: Admission, releaseInSeconds = 0): Promise<string> {
  const id = randomUUID();
  const seed = randomBytes(32).toString('hex');
  await c.query(
    `insert into waiting_rooms (id, scope, time_type_id, origin, admission, rate_per_minute, capacity, admitted_valid_seconds,
       prequeue_opens_at, release_at, seed, seed_sha256, prequeue_count, base_serving, base_at, created_at, updated_at, pace_auto)
     values ($1, $2, $3, 'manual', $4, $5, $6, $7, now(), now() + make_interval(secs => $11), $8, $9,
             case when $11 > 0 then null else 0 end, $10, now() + make_interval(secs => $11), now(), now(), $12)`,
    [
      id,
      scope,
      scope === 'app' ? null : TIME_TYPE_ID,
      a.admission,
      a.ratePerMinute,
      a.capacity,
      ADMITTED_VALID_SECONDS,
      seed,
      seedCommitment(seed),
      initialServing(a.admission, a.capacity),
      releaseInSeconds,
      a.paceAuto ?? false,
    ],
  );
  return id;
}
/** The room's scheduled release moment, in epoch milliseconds (the database runs on this machine's clock). */
const releaseMoment = async (c: pg.Client, id: string) =>
  Number(
    (
      await c.query<{ at: string }>(
        'select (extract(epoch from release_at) * 1000)::text as at from waiting_rooms where id = $1',
        [id],
      )
    ).rows[0]?.at,
  );
/**
 * Once a second while `work` runs: the room's effective capacity (what the pace control set) and the
 * server's own readings from /metrics (requests in flight, event-loop delay p99 in ms, pool waiting,
 * its own CPU in % of a core), as [second, places, in flight, delay ms, pool waiting, own CPU %] rows —
 * to see what the control loop saw and did (a delay with low own CPU is a starved machine: the pace holds).
 */
async function watchRoom<T>(c: pg.Client, id: string, origin: string, work: () => Promise<T>) {
  const t0 = performance.now();
  const rows: [number, number, number, number, number, number][] = [];
  let stop = false;
  const gauge = (text: string, name: string) =>
    Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1]);
  const watch = (async () => {
    while (!stop) {
      const next = performance.now() + 1000;
      const [room, metrics] = await Promise.all([
        c.query<{ n: number }>(
          'select least(coalesce(paced_capacity, capacity), capacity) as n from waiting_rooms where id = $1',
          [id],
        ),
        fetch(`${origin}/metrics`).then(
          (r) => r.text(),
          () => '',
        ),
      ]);
      rows.push([
        Math.round((performance.now() - t0) / 1000),
        Number(room.rows[0]?.n),
        gauge(metrics, 'http_requests_in_flight'),
        Math.round(gauge(metrics, 'ingang_event_loop_delay_p99_seconds') * 1000),
        [...metrics.matchAll(/^db_pool_connections\{[^}]*state="waiting"[^}]*\} (\S+)$/gm)].reduce(
          (sum, m) => sum + Number(m[1]),
          0,
        ),
        Math.round(gauge(metrics, 'ingang_process_cpu_share') * 100),
      ]);
      await new Promise((r) => setTimeout(r, Math.max(0, next - performance.now())));
    }
  })();
  // The server's own time for the joins (from reading the request to answering it), against the
  // generator's (which adds its proof of work and its wait for one of its connections).
  const joinBuckets = async () => {
    const text = await fetch(`${origin}/metrics`).then(
      (r) => r.text(),
      () => '',
    );
    const bucket = (le: string) =>
      Number(
        new RegExp(
          `^http_request_duration_seconds_bucket\\{[^}]*le="${le}"[^}]*route="/api/queue/rooms/:roomId/join"[^}]*\\} (\\S+)$|^http_request_duration_seconds_bucket\\{[^}]*route="/api/queue/rooms/:roomId/join"[^}]*le="${le}"[^}]*\\} (\\S+)$`,
          'm',
        )
          .exec(text)
          ?.slice(1)
          .find(Boolean) ?? 0,
      );
    return { withinOneSecond: bucket('1'), all: bucket('\\+Inf') };
  };
  const before = await joinBuckets();
  try {
    const result = await work();
    const after = await joinBuckets();
    const serverJoins = {
      all: after.all - before.all,
      withinOneSecond: after.withinOneSecond - before.withinOneSecond,
    };
    return { result, rows, serverJoins };
  } finally {
    stop = true;
    await watch;
  }
}
const endRoom = (c: pg.Client, id: string) => c.query('update waiting_rooms set ended_at = now() where id = $1', [id]);
const settle = () => new Promise((r) => setTimeout(r, 2500));

let pool: Pool | undefined;
let admin: pg.Client | undefined;
const { scratch, cleanUp } = await scratchWithCleanUp(baseUrl, async () => {
  await pool?.destroy().catch(() => {});
  await admin?.end().catch(() => {});
});

try {
  const startedAt = performance.now();
  console.log(`before: ${uptime()}`);
  // The poll's own cost, counted in-process (independent of the machine's load).
  const inProcess = RELEASE_ONLY || RUMOUR_ONLY ? null : await measurePollCost(IN_PROCESS_POLLS, baseUrl);
  if (inProcess)
    console.log(
      `status poll (in-process, ${inProcess.polls} × app.inject, ${inProcess.database}): ${inProcess.pollMicros} µs server CPU per poll, an empty request ${inProcess.emptyMicros} µs → the poll's own work ${inProcess.ownMicros} µs; ${inProcess.statements} database statements; a join ${inProcess.joinMicros} µs (own work ${inProcess.joinMicros - inProcess.emptyMicros} µs), the challenge request no longer made ${inProcess.challengeMicros} µs`,
    );
  if (POLL_ONLY) {
    const written = appendRun(root, 'surge', {
      date: new Date().toISOString(),
      only: 'poll',
      inProcess,
      uptime: uptime(),
    });
    console.log(`wrote ${written.file}`);
    process.exit(0);
  }
  const generated = PERSONS > 0 ? await prepareRegion(scratch, { persons: PERSONS, firstDay }) : null;
  if (!generated) await migrateScratch(scratch.url);
  if (generated)
    console.log(`generated in ${generated.seconds.total} s: ${generated.slots} times, ${generated.persons} persons`);
  admin = new pg.Client({ connectionString: scratch.url });
  await admin.connect();
  const c = admin;

  // Release slots: day 3 onwards, 20 days apart per release, distinct from what the rumour's searches show first; hidden until the release.
  const slotsNeeded = Math.ceil(RELEASE_PLACES / PLACES_PER_SLOT);
  const releaseSlots = (r: number) =>
    Array.from({ length: slotsNeeded }, (_, j) =>
      slotId(
        slotNumber(
          j % UNITS,
          3 + r * 20 + Math.floor(j / (UNITS * TIMES_PER_DAY)),
          Math.floor(j / UNITS) % TIMES_PER_DAY,
        ),
      ),
    );
  // The release's slots fill day 3 completely and part of day 4 at every unit. The browsers book with
  // `ifTaken: 'next_free_same_day'` (release.ts), which may book any free time of the picked time's unit
  // and Stockholm day: the rest of every day a release touches (day 4's later times, and the units its
  // last round did not reach) stays hidden for good, so a substitute is always a release time and the
  // release's places are exactly what it hands out.
  const releaseDayRest = (r: number) => {
    const release = new Set(releaseSlots(r));
    const days = Math.ceil(slotsNeeded / (UNITS * TIMES_PER_DAY));
    const rest: string[] = [];
    for (let d = 0; d < days; d++)
      for (let u = 0; u < UNITS; u++)
        for (let k = 0; k < TIMES_PER_DAY; k++) {
          const id = slotId(slotNumber(u, 3 + r * 20 + d, k));
          if (!release.has(id)) rest.push(id);
        }
    return rest;
  };
  const releasesPerTarget = 2;
  if (RELEASE)
    for (let r = 0; r < TARGETS.length * releasesPerTarget; r++)
      await setVisibleFrom(scratch.url, [...releaseSlots(r), ...releaseDayRest(r)], 'never');
  // Distinct people per target: the rumour's, then the release's (one active booking each is the rule).
  const perTarget = RUMOUR + (RELEASE ? releasesPerTarget * RELEASE_PEOPLE : 0);
  const seeds = adultSeeds(0, TARGETS.length * perTarget, PERSONS, now);

  const results = [];
  for (const [t, key] of TARGETS.entries()) {
    const mine = seeds.slice(t * perTarget, (t + 1) * perTarget);
    const releaseIds = RELEASE ? await personIdsFor(scratch.url, mine.slice(RUMOUR)) : new Map<number, string>();
    const releaseCitizens = RELEASE
      ? await createSessions(
          scratch.url,
          mine.slice(RUMOUR).map((seed) => releaseIds.get(seed) as string),
        )
      : [];
    console.log(`\n== ${TARGET_LABEL[key]} ==`);
    const result = await withTarget(
      key,
      {
        root,
        databaseUrl: scratch.url,
        redisUrl: REDIS_URL,
        env: {
          WAITING_ROOM_AUTO: 'false',
          WAITING_ROOM_TICKETS_PER_IP_PER_MINUTE: '100000000',
          WAITING_ROOM_BOOKINGS_PER_PERSON_PER_MINUTE: '1000',
          WAITING_ROOM_POW_BITS: String(POW_BITS),
          WAITING_ROOM_POW_LOAD_BITS: String(POW_LOAD_BITS),
          // The pace control's step and thresholds, to try others (server/src/config.ts).
          ...Object.fromEntries(
            Object.entries(process.env).filter(
              (e): e is [string, string] => e[0].startsWith('WAITING_ROOM_PACE_') && e[1] !== undefined,
            ),
          ),
        },
      },
      async (target) => {
        pool = new Pool(target.origin, { connections: CONNECTIONS, pipelining: 1 });
        const client = pool.compose(timed);
        const before = RELEASE_ONLY ? null : await pollAndRumour();
        async function pollAndRumour() {
          const poll = RUMOUR_ONLY ? undefined : await pollOverHttp();
          return { poll, ...(await rumourOnTarget()) };
        }
        async function pollOverHttp() {
          // 1. The status poll over HTTP, for a ticket that waits (what nearly every poll is): a paused room.
          const pollRoom = await openRoom(c, 'app', { admission: 'rate', ratePerMinute: 1, capacity: 1 });
          await c.query('update waiting_rooms set paused_at = base_at where id = $1', [pollRoom]);
          await settle();
          const nonce = randomBytes(18).toString('base64url');
          const proof = await proofFor(client, newTally(), pollRoom);
          const joined = await client.request({
            method: 'POST',
            path: `/api/queue/rooms/${pollRoom}/join`,
            headers: { 'x-queue-nonce': nonce, 'content-type': 'application/json' },
            body: JSON.stringify(proof),
          });
          await joined.body.text();
          const ticket =
            /^ingang_queue=([^;]*)/.exec(([] as string[]).concat(joined.headers['set-cookie'] ?? [])[0] ?? '')?.[1] ??
            '';
          if (!ticket) throw new Error(`the poll's join answered ${joined.statusCode} without a ticket`);
          const xact = async () =>
            Number(
              (
                await c.query<{ n: string }>(
                  'select xact_commit::text as n from pg_stat_database where datname = current_database()',
                )
              ).rows[0]?.n,
            );
          /** Server CPU per request of `path` over POLLS requests at 32 at a time, and the database transactions meanwhile. */
          async function cost(path: string, headers: Record<string, string>) {
            const [cpu0, tx0, p0] = [cpuMs(target.pids), await xact(), performance.now()];
            await Promise.all(
              Array.from({ length: 32 }, async (_, k) => {
                for (let i = k; i < POLLS; i += 32) {
                  const res = await client.request({ method: 'GET', path, headers });
                  await res.body.text();
                }
              }),
            );
            return {
              cpuMs: Number(((cpuMs(target.pids) - cpu0) / POLLS).toFixed(3)),
              // Minus this query's own transaction; what remains is the room cache's once-a-second refresh.
              transactions: (await xact()) - tx0 - 1,
              seconds: Number(((performance.now() - p0) / 1000).toFixed(1)),
            };
          }
          const status = await cost(`/api/queue/rooms/${pollRoom}/status`, {
            'x-queue-nonce': nonce,
            cookie: `ingang_queue=${ticket}`,
          });
          // The framework's floor: a request that only reaches the not-found handler.
          const floor = await cost('/api/no-such-route', {});
          const poll = {
            polls: POLLS,
            serverCpuMsPerPoll: status.cpuMs,
            serverCpuMsPerEmptyRequest: floor.cpuMs,
            dbTransactions: status.transactions,
            seconds: status.seconds,
          };
          console.log(`poll over HTTP: ${JSON.stringify(poll)}`);
          await endRoom(c, pollRoom);
          return poll;
        }

        async function rumourOnTarget() {
          // 2. Rumour, on the load generator (forked processes with small pools, or BENCH_GEN_PROCESSES=0 here).
          const appRoom = await openRoom(c, 'app', {
            admission: ADMISSION,
            ratePerMinute: ADMIT_PER_MINUTE,
            capacity: CAPACITY,
            paceAuto: PACE_AUTO && ADMISSION === 'capacity',
          });
          await settle();
          const rumourCpu = measureCpu(target.pids);
          const {
            result: rumour,
            rows: rumourLoad,
            serverJoins,
          } = await watchRoom(c, appRoom, target.origin, () =>
            runRumour({
              origin: target.origin,
              generator: GENERATOR,
              roomId: appRoom,
              arrivals: RUMOUR,
              seconds: RUMOUR_SECONDS,
              pollSeconds: POLL_SECONDS,
              seeds: mine.slice(0, RUMOUR),
              today: PNR_TODAY,
              timeTypeId: TIME_TYPE_ID,
              firstDay,
              sayDone: ADMISSION === 'capacity',
            }),
          );
          const rumourCpuSplit = rumourCpu(rumour.generator.childCpuMs);
          console.log(`rumour CPU: ${describeCpu(rumourCpuSplit)}`);
          const fair = fairness(rumour.traces);
          const loginTimes = rumour.traces.filter((x) => x.loggedInAt !== null).map((x) => x.loggedInAt as number);
          const loginSpan = loginTimes.length > 1 ? (Math.max(...loginTimes) - Math.min(...loginTimes)) / 1000 : 1;
          const loginsPerSecond = Number((loginTimes.length / Math.max(1, loginSpan)).toFixed(1));
          console.log(
            `rumour: served ${rumour.served}/${rumour.arrivals}, 5xx ${rumour.fiveXX}, hung ${rumour.hung}; ${JSON.stringify(rumour.statuses)}; latency by kind ${JSON.stringify(rumour.latencyByKind)}`,
          );
          console.log(
            `told a place within 1 s of arriving, by the generator's clock (arrival moment → the join's answer): ${rumour.toldWithinOneSecond} of ${rumour.arrivals} (p50/p99 ${rumour.tellLatency.p50ms}/${rumour.tellLatency.p99ms} ms; the join's client queue p50/p99 ${rumour.latencyByKind.join?.queueP50ms}/${rumour.latencyByKind.join?.queueP99ms} ms; browsers begun late p50/p99 ${rumour.lateStart.p50ms}/${rumour.lateStart.p99ms} ms) | by the server's own clock: ${serverJoins.withinOneSecond} of ${serverJoins.all} joins`,
          );
          console.log(`rumour ${describeGenerator(rumour)}; limited by ${limitOf(rumour)}`);
          console.log(
            `rumour room (capacity ${PACE_AUTO ? 'following the load' : 'fixed'}) each second, [s, places, in flight, event-loop delay p99 ms, pool waiting, own CPU % of a core]: ${JSON.stringify(rumourLoad)}`,
          );
          await endRoom(c, appRoom);
          return {
            rumour,
            rumourCpu: rumourCpuSplit,
            rumourLoad,
            serverJoins,
            fairness: fair,
            loginsPerSecond,
          };
        }

        // 3. Release, with a time type's room and then without (other citizens, other times).
        const releases = [];
        for (const [r, withRoom] of RELEASE
          ? (
              [
                [0, true],
                [1, false],
              ] as const
            ).filter(([, w]) => RELEASE_ROOMS === 'both' || (RELEASE_ROOMS === 'with') === w)
          : []) {
          const roomId = withRoom
            ? await openRoom(
                c,
                'time_type',
                {
                  admission: RELEASE_ADMISSION,
                  ratePerMinute: RELEASE_ADMIT_PER_MINUTE,
                  capacity: RELEASE_CAPACITY,
                },
                RELEASE_PREQUEUE_SECONDS,
              )
            : null;
          await settle();
          const slots = releaseSlots(t * releasesPerTarget + r);
          await setVisibleFrom(scratch.url, slots, 'now');
          const releaseCpu = measureCpu(target.pids);
          const release = await runRelease({
            origin: target.origin,
            generator: GENERATOR,
            citizens: releaseCitizens.slice(r * RELEASE_PEOPLE, (r + 1) * RELEASE_PEOPLE),
            slotIds: slots,
            placesPerSlot: PLACES_PER_SLOT,
            roomId,
            pollSeconds: POLL_SECONDS,
            maxAttempts: 20,
            seed: 20_261_207 + 1000 * (t * releasesPerTarget + r),
            deadlineSeconds: RELEASE_DEADLINE,
            // The room's release is scheduled: people arrive in its prequeue before the moment (what is left
            // of it after the settle above and the generator's start).
            releaseAt: roomId && RELEASE_PREQUEUE_SECONDS > 0 ? await releaseMoment(c, roomId) : undefined,
          });
          const cpu = releaseCpu(release.generator.childCpuMs);
          console.log(
            `release ${withRoom ? 'with' : 'without'} room: ${JSON.stringify({ ...release, perSecond: undefined })}; CPU: ${describeCpu(cpu)}`,
          );
          console.log(`${describeGenerator(release)}; limited by ${limitOf(release)}`);
          releases.push({ ...release, cpu });
          if (roomId) await endRoom(c, roomId);
        }
        await client.close();
        pool = undefined;
        return {
          key,
          label: TARGET_LABEL[key],
          ...before,
          releases,
        };
      },
    );
    results.push(result);
  }

  const correctness = await checkCorrectness(scratch.url);
  const pgbench = runPgbench(scratch.url, 10);
  const ratio = (x: number) => (pgbench.writeTps ? Number((x / pgbench.writeTps).toFixed(3)) : null);
  const report = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, uptimeAfter: uptime() },
    settings: {
      PERSONS,
      RUMOUR,
      RUMOUR_SECONDS,
      ADMIT_PER_MINUTE,
      ADMISSION,
      CAPACITY,
      PACE_AUTO,
      RELEASE,
      RELEASE_ADMISSION,
      RELEASE_CAPACITY,
      ADMITTED_VALID_SECONDS,
      RELEASE_PEOPLE,
      RELEASE_PLACES,
      RELEASE_ADMIT_PER_MINUTE,
      CONNECTIONS,
      GENERATOR,
      RELEASE_ONLY,
      RUMOUR_ONLY,
      POW_BITS,
      POW_LOAD_BITS,
      TARGETS,
    },
    generated,
    inProcessPoll: inProcess,
    targets: results.map((x) => ({
      ...x,
      rumour: x.rumour && { ...x.rumour, traces: undefined },
      ratios: {
        loginsPerPgbenchN: x.loginsPerSecond === undefined ? null : ratio(x.loginsPerSecond),
        peakBookingsPerPgbenchN: x.releases.map((r) => ratio(Math.max(0, ...r.perSecond))),
      },
    })),
    correctness,
    pgbench,
    seconds: Math.round((performance.now() - startedAt) / 1000),
  };
  for (const x of results) {
    console.log(`\n${x.label}\n${table({ ...x, pgbench })}`);
    // A releases-only or rumour-only run draws no plot: the full run's stays.
    if (x.rumour && !RUMOUR_ONLY) {
      const svg = `docs/performance-surge-${x.key}.svg`;
      fs.writeFileSync(path.join(root, svg), svgPlot(x.rumour, x.releases, x.label));
    }
  }
  if (inProcess)
    console.log(
      `\nstatus poll in-process: ${inProcess.pollMicros} µs per poll vs ${inProcess.emptyMicros} µs for an empty request (own work ${inProcess.ownMicros} µs), ${inProcess.statements} statements`,
    );
  console.log(
    `double bookings: ${correctness.doubleBookings}; overbooked slots ${correctness.overbookedSlots}; pgbench -S/-N ${pgbench.selectTps}/${pgbench.writeTps} tps; whole run ${report.seconds} s; ${report.machine.uptimeAfter}`,
  );
  const written = appendRun(root, 'surge', report);
  console.log(`wrote ${written.file}${RELEASE_ONLY || RUMOUR_ONLY ? '' : ' and docs/performance-surge-<target>.svg'}`);
  if (!correctness.ok || results.some((x) => (x.rumour?.fiveXX ?? 0) > 0 || x.releases.some((r) => r.fiveXX > 0))) {
    process.exitCode = 1;
  }
} finally {
  await cleanUp();
}
