/**
 * `npm run bench:surge` (DATABASE_URL required; REDIS_URL used when set): the
 * rumour day at region scale against one server instance. In a scratch
 * database it generates the region (bench/booking's generator: 580 units,
 * 90 days of times, BENCH_PERSONS citizens — 2.4 million by default — in
 * set-based SQL), then measures over HTTP on loopback:
 *  1. the status poll's cost (server CPU per poll, database transactions),
 *  2. rumour: BENCH_RUMOUR arrivals in BENCH_RUMOUR_SECONDS through an app-wide
 *     waiting room admitting BENCH_ADMIT_PER_MINUTE, each logging in with the
 *     BankID simulator and searching,
 *  3. release: BENCH_RELEASE_PEOPLE citizens try to book BENCH_RELEASE_PLACES
 *     places the moment they open — with a time type's room and without,
 *  4. fairness (admission order against told places), SQL correctness and
 *     pgbench -S/-N on the same PostgreSQL for ratios.
 * Prints a table, appends to bench/results/surge-<date>.json and draws
 * docs/performance-surge.svg.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { seedCommitment, stockholmDate } from '@ingang/domain';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { Pool } from 'undici';
import { migrate } from '../../server/src/platform/db/migrate.js';
import type { DB } from '../../server/src/platform/db/schema.js';
import { checkCorrectness, createSessions, runPgbench, setVisibleFrom } from '../booking/db.js';
import {
  adultSeeds,
  generate,
  PNR_TODAY,
  personIdsFor,
  prng,
  slotId,
  slotNumber,
  TIME_TYPE_ID,
  TIMES_PER_DAY,
  UNITS,
} from '../booking/generate.js';
import { createScratchDatabase, freePort, type ServerProcess, startServer } from '../login/server.js';
import { runRelease } from './release.js';
import { svgPlot, table } from './report.js';
import { fairness, runRumour } from './rumour.js';

const baseUrl = process.env.DATABASE_URL;
if (!baseUrl) {
  console.error('bench:surge needs DATABASE_URL (a PostgreSQL server; a scratch database is created and dropped).');
  process.exit(2);
}
const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const PERSONS = env('BENCH_PERSONS', 2_400_000);
const RUMOUR = env('BENCH_RUMOUR', 45_000);
const RUMOUR_SECONDS = env('BENCH_RUMOUR_SECONDS', 60);
const ADMIT_PER_MINUTE = env('BENCH_ADMIT_PER_MINUTE', 9_000);
const RELEASE_PEOPLE = env('BENCH_RELEASE_PEOPLE', 150_000);
const RELEASE_PLACES = env('BENCH_RELEASE_PLACES', 100_000);
const RELEASE_ADMIT_PER_MINUTE = env('BENCH_RELEASE_ADMIT_PER_MINUTE', 60_000);
const RELEASE_DEADLINE = env('BENCH_RELEASE_DEADLINE_SECONDS', 600);
const POLLS = env('BENCH_POLLS', 20_000);
const CONNECTIONS = env('BENCH_CONNECTIONS', 256);
const POLL_SECONDS = 5;
/** BENCH_ONLY=poll: only the status poll's cost, on an empty migrated database (a minute, not the whole run). */
const POLL_ONLY = process.env.BENCH_ONLY === 'poll';
const PLACES_PER_SLOT = 3;
const root = path.resolve(import.meta.dirname, '../..');
const uptime = () => execFileSync('uptime', { encoding: 'utf8' }).trim();
const now = new Date();
const firstDay = stockholmDate(new Date(now.getTime() + 24 * 3600 * 1000));

function cpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/** A room inserted straight into the table (as an administrator's would be); the server sees it within a second. */
async function openRoom(c: pg.Client, scope: 'app' | 'time_type', ratePerMinute: number): Promise<string> {
  const id = randomUUID();
  const seed = randomBytes(32).toString('hex');
  await c.query(
    `insert into waiting_rooms (id, scope, time_type_id, origin, admission, rate_per_minute, capacity, admitted_valid_seconds,
       prequeue_opens_at, release_at, seed, seed_sha256, prequeue_count, base_serving, base_at, created_at, updated_at)
     values ($1, $2, $3, 'manual', 'rate', $4, 1, 1800, now(), now(), $5, $6, 0, 0, now(), now(), now())`,
    [id, scope, scope === 'app' ? null : TIME_TYPE_ID, ratePerMinute, seed, seedCommitment(seed)],
  );
  return id;
}

const scratch = await createScratchDatabase(baseUrl);
let server: ServerProcess | undefined;
let pool: Pool | undefined;
const admin = new pg.Client({ connectionString: scratch.url });
async function cleanUp() {
  await pool?.destroy().catch(() => {});
  await admin.end().catch(() => {});
  await server?.stop().catch(() => {});
  await scratch.drop().catch((e) => console.error(`dropping ${scratch.name} failed: ${(e as Error).message}`));
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void cleanUp().finally(() => process.exit(130)));
}

try {
  const startedAt = performance.now();
  console.log(`before: ${uptime()}`);
  const migrator = new Kysely<DB>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: scratch.url, max: 1 }) }),
  });
  await migrate(migrator);
  await migrator.destroy();
  const generated = POLL_ONLY ? null : await generate(scratch.url, { persons: PERSONS, firstDay });
  if (generated)
    console.log(`generated in ${generated.seconds.total} s: ${generated.slots} times, ${generated.persons} persons`);
  await admin.connect();

  // Release slots: day 3 onwards, distinct from what the rumour's searches show first; hidden until the release.
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
  if (!POLL_ONLY) for (const r of [0, 1]) await setVisibleFrom(scratch.url, releaseSlots(r), 'never');
  const seeds = POLL_ONLY ? [] : adultSeeds(0, RUMOUR + 2 * RELEASE_PEOPLE, PERSONS, now);
  const releaseIds = await personIdsFor(scratch.url, seeds.slice(RUMOUR));
  const releaseCitizens = await createSessions(
    scratch.url,
    seeds.slice(RUMOUR).map((s) => releaseIds.get(s) as string),
  );

  server = await startServer({
    root,
    databaseUrl: scratch.url,
    port: await freePort(),
    loginPerIpPerMinute: 100_000_000,
    startTimeoutMs: 300_000,
    env: {
      WAITING_ROOM_AUTO: 'false',
      WAITING_ROOM_TICKETS_PER_IP_PER_MINUTE: '100000000',
      WAITING_ROOM_BOOKINGS_PER_PERSON_PER_MINUTE: '1000',
      ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
    },
  });
  pool = new Pool(server.origin, { connections: CONNECTIONS, pipelining: 1 });

  // 1. The status poll's cost, for a ticket that waits (what nearly every poll is): a paused room.
  const pollRoom = await openRoom(admin, 'app', 1);
  await admin.query('update waiting_rooms set paused_at = base_at where id = $1', [pollRoom]);
  await new Promise((r) => setTimeout(r, 2500));
  const nonce = randomBytes(18).toString('base64url');
  const joined = await pool.request({
    method: 'POST',
    path: `/api/queue/rooms/${pollRoom}/join`,
    headers: { 'x-queue-nonce': nonce },
  });
  await joined.body.text();
  const ticket =
    /^ingang_queue=([^;]*)/.exec(([] as string[]).concat(joined.headers['set-cookie'] ?? [])[0] ?? '')?.[1] ?? '';
  const xact = async () =>
    Number(
      (
        await admin.query<{ n: string }>(
          'select xact_commit::text as n from pg_stat_database where datname = current_database()',
        )
      ).rows[0]?.n,
    );
  const client = pool;
  /** Server CPU per request of `path` over POLLS requests at 32 at a time, and the database transactions meanwhile. */
  async function cost(path: string, headers: Record<string, string>) {
    const [cpu0, tx0, p0] = [cpuMs(server?.pid ?? 0), await xact(), performance.now()];
    await Promise.all(
      Array.from({ length: 32 }, async (_, k) => {
        for (let i = k; i < POLLS; i += 32) {
          const res = await client.request({ method: 'GET', path, headers });
          await res.body.text();
        }
      }),
    );
    return {
      cpuMs: Number(((cpuMs(server?.pid ?? 0) - cpu0) / POLLS).toFixed(3)),
      // Minus this query's own transaction; what remains is the room cache's once-a-second refresh.
      transactions: (await xact()) - tx0 - 1,
      seconds: Number(((performance.now() - p0) / 1000).toFixed(1)),
    };
  }
  const status = await cost(`/api/queue/rooms/${pollRoom}/status`, {
    'x-queue-nonce': nonce,
    cookie: `ingang_queue=${ticket}`,
  });
  // The framework's floor on this machine: a request that only reaches the not-found handler.
  const floor = await cost('/api/no-such-route', {});
  const poll = {
    polls: POLLS,
    serverCpuMsPerPoll: status.cpuMs,
    serverCpuMsPerEmptyRequest: floor.cpuMs,
    dbTransactions: status.transactions,
    seconds: status.seconds,
  };
  console.log(`poll: ${JSON.stringify(poll)}`);
  await admin.query('update waiting_rooms set ended_at = now() where id = $1', [pollRoom]);
  if (POLL_ONLY) {
    const file = path.join(root, `bench/results/surge-${new Date().toISOString().slice(0, 10)}.json`);
    const previous = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as { runs?: unknown[] }) : {};
    const run = { date: new Date().toISOString(), only: 'poll', poll, uptime: uptime() };
    fs.writeFileSync(file, `${JSON.stringify({ runs: [...(previous.runs ?? []), run] }, null, 2)}\n`);
    await cleanUp();
    process.exit(0);
  }
  const appRoom = await openRoom(admin, 'app', ADMIT_PER_MINUTE);
  await new Promise((r) => setTimeout(r, 2500));

  // 2. Rumour.
  const rumour = await runRumour({
    pool,
    roomId: appRoom,
    arrivals: RUMOUR,
    seconds: RUMOUR_SECONDS,
    pollSeconds: POLL_SECONDS,
    seeds: seeds.slice(0, RUMOUR),
    today: PNR_TODAY,
    timeTypeId: TIME_TYPE_ID,
    firstDay,
  });
  const fair = fairness(rumour.traces);
  const loginTimes = rumour.traces.filter((t) => t.loggedInAt !== null).map((t) => t.loggedInAt as number);
  const loginSpan = loginTimes.length > 1 ? (Math.max(...loginTimes) - Math.min(...loginTimes)) / 1000 : 1;
  const loginsPerSecond = Number((loginTimes.length / Math.max(1, loginSpan)).toFixed(1));
  console.log(
    `rumour: served ${rumour.served}/${rumour.arrivals}, 5xx ${rumour.fiveXX}, hung ${rumour.hung}; ${JSON.stringify(rumour.statuses)}`,
  );
  await admin.query('update waiting_rooms set ended_at = now() where id = $1', [appRoom]);

  // 3. Release, with a time type's room and then without (other citizens, other times).
  const random = prng(20_261_207);
  const half = Math.floor(releaseCitizens.length / 2);
  const releases = [];
  for (const [r, withRoom] of [
    [0, true],
    [1, false],
  ] as const) {
    const roomId = withRoom ? await openRoom(admin, 'time_type', RELEASE_ADMIT_PER_MINUTE) : null;
    await new Promise((res) => setTimeout(res, 2500));
    await setVisibleFrom(scratch.url, releaseSlots(r), 'now');
    const result = await runRelease({
      pool,
      citizens: releaseCitizens.slice(r * half, (r + 1) * half),
      slotIds: releaseSlots(r),
      placesPerSlot: PLACES_PER_SLOT,
      roomId,
      pollSeconds: POLL_SECONDS,
      maxAttempts: 20,
      random,
      deadlineSeconds: RELEASE_DEADLINE,
    });
    console.log(
      `release ${withRoom ? 'with' : 'without'} room: ${JSON.stringify({ ...result, perSecond: undefined })}`,
    );
    releases.push(result);
    if (roomId) await admin.query('update waiting_rooms set ended_at = now() where id = $1', [roomId]);
  }

  const correctness = await checkCorrectness(scratch.url);
  const pgbench = runPgbench(scratch.url, 10);
  const report = {
    date: new Date().toISOString(),
    machine: { cpus: (await import('node:os')).cpus().length, uptimeAfter: uptime() },
    settings: {
      PERSONS,
      RUMOUR,
      RUMOUR_SECONDS,
      ADMIT_PER_MINUTE,
      RELEASE_PEOPLE,
      RELEASE_PLACES,
      RELEASE_ADMIT_PER_MINUTE,
      CONNECTIONS,
      redis: Boolean(process.env.REDIS_URL),
    },
    generated,
    poll,
    rumour: { ...rumour, traces: undefined },
    fairness: fair,
    loginsPerSecond,
    releases,
    correctness,
    pgbench,
    ratios: {
      loginsPerPgbenchN: pgbench.writeTps ? Number((loginsPerSecond / pgbench.writeTps).toFixed(3)) : null,
      bookingsPerPgbenchN: pgbench.writeTps
        ? releases.map((x) => Number((Math.max(...x.perSecond) / (pgbench.writeTps as number)).toFixed(3)))
        : null,
    },
    seconds: Math.round((performance.now() - startedAt) / 1000),
  };
  console.log(`\n${table({ rumour, releases, poll, fairness: fair, pgbench, loginsPerSecond })}`);
  console.log(
    `double bookings: ${correctness.doubleBookings}; overbooked slots ${correctness.overbookedSlots}; pgbench -S/-N ${pgbench.selectTps}/${pgbench.writeTps} tps; whole run ${report.seconds} s; ${report.machine.uptimeAfter}`,
  );
  const file = path.join(root, `bench/results/surge-${report.date.slice(0, 10)}.json`);
  const previous = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as { runs?: unknown[] }) : {};
  fs.writeFileSync(file, `${JSON.stringify({ runs: [...(previous.runs ?? []), report] }, null, 2)}\n`);
  fs.writeFileSync(path.join(root, 'docs/performance-surge.svg'), svgPlot(rumour, releases));
  console.log(`wrote ${path.relative(root, file)} and docs/performance-surge.svg`);
  if (!correctness.ok || rumour.fiveXX > 0) process.exitCode = 1;
} finally {
  await cleanUp();
}
