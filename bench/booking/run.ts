/**
 * `npm run bench:booking` (DATABASE_URL required): the vaccination timebook
 * under load. In a scratch database it generates 580 units × 90 days of times
 * (2.5 million times, 7.5 million places) and a million citizens, creates
 * citizen sessions in SQL, starts the real server as a child process and
 * measures over HTTP: free-time search at fixed concurrencies, contended
 * releases (2 000 citizens racing for 200 times × 3 places that just opened),
 * uncontended bookings, idempotency replays and a citizen racing themself;
 * then SQL checks (no overbooking, counters = bookings, no double bookings)
 * and pgbench -S / -N on the same PostgreSQL. CPU (/proc) and backend waits
 * (pg_stat_activity) are sampled per phase. Prints a table; appends the run to
 * bench/results/booking-<date>.json and draws docs/performance-booking.svg.
 * Env: BENCH_PERSONS (1000000), BENCH_SEARCH_LEVELS (16,64), BENCH_SECONDS per
 * search level and for uncontended booking (12), BENCH_RELEASES (3),
 * BENCH_RELEASE_CITIZENS (2000), BENCH_RELEASE_SLOTS (200), BENCH_CONNECTIONS (128).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stockholmDate } from '@ingang/domain';
import pg from 'pg';
import { BalancedPool, type Dispatcher, Pool } from 'undici';
import { startCpuSampler } from '../login/cpu.js';
import { createScratchDatabase, freePort, type ServerProcess, startServer } from '../login/server.js';
import {
  checkCorrectness,
  citizensWithSessions,
  migrateScratch,
  runPgbench,
  setVisibleFrom,
  startWaitSampler,
} from './db.js';
import { DAYS, generate, prng, randomSlotId, releaseSlotIds, UNITS } from './generate.js';
import { contendedRelease, raceChecks, searchLevel, uncontended } from './load.js';
import { type BookingReport, limitedBy, searchQueries, svgChart, table, totalOf } from './report.js';

// `-- --cluster`: one instance and two behind nginx, side by side (cluster.ts).
if (process.argv.includes('--cluster')) {
  await import('./cluster.js');
  process.exit(process.exitCode ?? 0);
}

const baseUrl = process.env.DATABASE_URL;
if (!baseUrl) {
  console.error('bench:booking needs DATABASE_URL (a PostgreSQL server; a scratch database is created and dropped).');
  process.exit(2);
}
const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const PERSONS = env('BENCH_PERSONS', 1_000_000);
const SEARCH_LEVELS = (process.env.BENCH_SEARCH_LEVELS ?? '16,64').split(',').map(Number);
const SECONDS = env('BENCH_SECONDS', 12);
const RELEASES = env('BENCH_RELEASES', 3);
const RELEASE_CITIZENS = env('BENCH_RELEASE_CITIZENS', 2000);
const RELEASE_SLOTS = env('BENCH_RELEASE_SLOTS', 200);
const CONNECTIONS = env('BENCH_CONNECTIONS', 128);
/** Server processes sharing the load (one per core is the usual deployment); the client balances over them. */
const SERVERS = env('BENCH_SERVERS', 1);
const UNCONTENDED_CONCURRENCY = 64;
const UNCONTENDED_CITIZENS = 20_000;
const MAX_SEARCHES = 200_000;
const root = path.resolve(import.meta.dirname, '../..');
/** The server's env: the group commit's settings (BOOKING_BATCH, _WINDOW_MS, _MAX, _IN_FLIGHT) as given. */
const batchEnv = {
  ...Object.fromEntries(
    Object.entries(process.env).filter((e): e is [string, string] => /^BOOKING_BATCH/.test(e[0]) && e[1] !== undefined),
  ),
  // This bench measures booking, not admission: the load switch of the waiting room (issue 15) would
  // answer 503 queue_required on a busy machine (it did in a tiny run at load 25).
  WAITING_ROOM_AUTO: 'false',
};
/**
 * A backend reports its transaction counts when it goes idle, at most once a second and
 * at the latest after 10 s idle (PostgreSQL 15), so a count is read after a quiet pause.
 */
const STATS_SETTLE_MS = 11_000;
async function commitsSettled(url: string, name: string): Promise<number> {
  await new Promise((r) => setTimeout(r, STATS_SETTLE_MS));
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ n: string }>(
      'select xact_commit::text as n from pg_stat_database where datname = $1',
      [name],
    );
    return Number(rows[0]?.n ?? 0);
  } finally {
    await c.end();
  }
}
const perOp = (n: number, ops: number) => (ops > 0 ? Number((n / ops).toFixed(2)) : null);
const uptime = () => execFileSync('uptime', { encoding: 'utf8' }).trim();

const now = new Date();
const firstDay = stockholmDate(new Date(now.getTime() + 24 * 3600 * 1000));
const releaseSlots = (r: number) => releaseSlotIds(r, RELEASE_SLOTS);
const random = prng(20_261_122);
const randomSlot = () => randomSlotId(random);

const scratch = await createScratchDatabase(baseUrl);
const servers: ServerProcess[] = [];
let pool: Dispatcher | undefined;
let cleaned = false;
async function cleanUp() {
  if (cleaned) return;
  cleaned = true;
  await pool?.destroy().catch(() => {});
  for (const server of servers) {
    await server.stop().catch((e) => console.error(`stopping the server failed: ${(e as Error).message}`));
  }
  await scratch.drop().catch((e) => console.error(`dropping ${scratch.name} failed: ${(e as Error).message}`));
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`${signal}: stopping the server and dropping ${scratch.name}`);
    cleanUp().finally(() => process.exit(130));
  });
}

try {
  const startedAt = performance.now();
  const uptimeBefore = uptime();
  console.log(`before: ${uptimeBefore}`);
  await migrateScratch(scratch.url);
  const generated = await generate(scratch.url, { persons: PERSONS, firstDay });
  console.log(
    `generated in ${generated.seconds.total} s (times ${generated.seconds.timebook} s ‖ persons ${generated.seconds.persons} s, vacuum ${generated.seconds.vacuum} s): ${UNITS} units, ${generated.slots.toLocaleString('en-US')} times, ${generated.places.toLocaleString('en-US')} places, ${generated.persons.toLocaleString('en-US')} persons (${generated.pnrSampleChecked} personnummer checked against syntheticPersonnummer)`,
  );
  // Releases 0…RELEASES-1 are measured; release RELEASES is the warm-up's.
  for (let r = 0; r <= RELEASES; r++) await setVisibleFrom(scratch.url, releaseSlots(r), 'never');

  // Distinct adult citizens per phase: one active booking each is the rule.
  const RACERS = 50;
  const RACE_REQUESTS = 4;
  const WARMUP_RELEASE_CITIZENS = 1000;
  const needed = RELEASES * RELEASE_CITIZENS + UNCONTENDED_CITIZENS + 2 * RACERS + 200 + WARMUP_RELEASE_CITIZENS;
  const citizens = await citizensWithSessions(scratch.url, needed, PERSONS, now);
  const take = citizens.take;
  console.log(`${citizens.count} citizen sessions created in SQL`);

  for (let i = 0; i < SERVERS; i++) {
    const port = await freePort();
    servers.push(
      await startServer({
        root,
        databaseUrl: scratch.url,
        port,
        loginPerIpPerMinute: 100_000_000,
        env: batchEnv,
        // Starting from source through tsx took over a minute on a busy machine (docs/performance.md).
        startTimeoutMs: env('BENCH_START_TIMEOUT_MS', 300_000),
      }),
    );
  }
  const serverPid = servers.map((s) => s.pid);
  console.log(
    `server pid ${serverPid.join(', ')} on ${servers.map((s) => s.origin).join(', ')}, database ${scratch.name}`,
  );
  const origins = servers.map((s) => s.origin);
  const poolOptions = { connections: Math.ceil(CONNECTIONS / SERVERS), pipelining: 1, keepAliveTimeout: 60_000 };
  pool =
    SERVERS === 1
      ? new Pool(origins[0] as string, poolOptions)
      : new BalancedPool(origins, poolOptions as ConstructorParameters<typeof BalancedPool>[1]);
  const sample = async <T>(work: () => Promise<T>) => {
    const cpu = await startCpuSampler({ serverPid, monitorUrl: baseUrl, dbName: scratch.name });
    const waits = await startWaitSampler(baseUrl, scratch.name);
    const result = await work();
    return { result, cpu: await cpu.stop(), waits: await waits.stop() };
  };

  // Warm-up (JIT, pools, plans): searches, 200 bookings and a release, counted in the SQL checks like all others.
  const nextSearch = searchQueries(prng(7), firstDay);
  const p = pool;
  await searchLevel({ pool: p, concurrency: 16, seconds: 3, maxRequests: MAX_SEARCHES, next: nextSearch });
  await uncontended({ pool: p, citizens: take(200), concurrency: 16, seconds: 30, slotId: randomSlot });
  // A small release too, not measured, so the refusal path and the pools are warm as well.
  await setVisibleFrom(scratch.url, releaseSlots(RELEASES), 'now');
  await contendedRelease({
    pool: p,
    citizens: take(WARMUP_RELEASE_CITIZENS),
    slotIds: releaseSlots(RELEASES),
    maxAttempts: 50,
    random: prng(11),
  });

  const searches: BookingReport['search'] = [];
  for (const concurrency of SEARCH_LEVELS) {
    const s = await sample(() =>
      searchLevel({ pool: p, concurrency, seconds: SECONDS, maxRequests: MAX_SEARCHES, next: nextSearch }),
    );
    searches.push({ ...s.result, cpu: s.cpu, waits: s.waits });
    const l = s.result.latency;
    console.log(
      `search ×${concurrency}: ${s.result.perSecond}/s, p50 ${l.p50ms} ms, p99 ${l.p99ms} ms, ${JSON.stringify(s.result.statuses)} (load ${s.cpu.loadAverage.join(' → ')})`,
    );
  }

  const releases: BookingReport['contended']['releases'] = [];
  const contendedMs: number[] = [];
  // Commits per booking (load-independent): pg_stat_database.xact_commit of the scratch database.
  const commits0 = await commitsSettled(baseUrl, scratch.name);
  for (let r = 0; r < RELEASES; r++) {
    await setVisibleFrom(scratch.url, releaseSlots(r), 'now');
    const s = await sample(() =>
      contendedRelease({
        pool: p,
        citizens: take(RELEASE_CITIZENS),
        slotIds: releaseSlots(r),
        maxAttempts: 50,
        random,
        collect: contendedMs,
      }),
    );
    releases.push({ ...s.result, cpu: s.cpu, waits: s.waits });
    console.log(
      `release ${r + 1}: ${s.result.booked} booked of ${RELEASE_SLOTS * 3} places by ${RELEASE_CITIZENS} citizens in ${s.result.soldOutSeconds} s; ${s.result.requestsPerSecond} answers/s, ${s.result.bookingsPerSecond} bookings/s, p50 ${s.result.latency.p50ms} ms, p99 ${s.result.latency.p99ms} ms ${JSON.stringify(s.result.statuses)}`,
    );
  }
  const commits1 = await commitsSettled(baseUrl, scratch.name);
  const u = await sample(() =>
    uncontended({
      pool: p,
      citizens: take(UNCONTENDED_CITIZENS),
      concurrency: UNCONTENDED_CONCURRENCY,
      seconds: SECONDS,
      slotId: randomSlot,
    }),
  );
  console.log(
    `uncontended ×${UNCONTENDED_CONCURRENCY}: ${u.result.bookingsPerSecond} bookings/s, p50 ${u.result.latency.p50ms} ms, p99 ${u.result.latency.p99ms} ms ${JSON.stringify(u.result.statuses)}`,
  );
  const commits2 = await commitsSettled(baseUrl, scratch.name);
  const races = await raceChecks({
    pool: p,
    replayCitizens: take(RACERS),
    racingCitizens: take(RACERS),
    requestsEach: RACE_REQUESTS,
    slotId: randomSlot,
  });
  await p.close();
  pool = undefined;

  const correctness = await checkCorrectness(scratch.url);
  const pgbench = runPgbench(scratch.url, 10);
  const uptimeAfter = uptime();
  const versionClient = new pg.Client({ connectionString: scratch.url });
  await versionClient.connect();
  const version = (await versionClient.query<{ v: string }>(`select current_setting('server_version') as v`)).rows[0]
    ?.v;
  await versionClient.end();

  const contendedTotal = totalOf(releases, contendedMs);
  const report: BookingReport = {
    date: new Date().toISOString(),
    command: 'DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:booking',
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      postgres: version ?? 'unknown',
      uptime: `${uptimeBefore} | ${uptimeAfter}`,
    },
    setup: {
      units: UNITS,
      days: DAYS,
      firstDay,
      connections: CONNECTIONS,
      searchSeconds: SECONDS,
      releases: RELEASES,
      releaseCitizens: RELEASE_CITIZENS,
      releaseSlots: RELEASE_SLOTS,
      uncontendedConcurrency: UNCONTENDED_CONCURRENCY,
      serverPoolSize: Number(process.env.DB_POOL_SIZE ?? 20),
      servers: SERVERS,
      preparedStatements: process.env.DB_PREPARED_STATEMENTS !== 'false',
    },
    generation: generated,
    search: searches,
    contended: { releases, total: contendedTotal },
    uncontended: { ...u.result, cpu: u.cpu, waits: u.waits },
    races,
    correctness,
    pgbench,
    ratios: {
      contendedAnswersPerPgbenchWrite: pgbench.writeTps
        ? Number((contendedTotal.requestsPerSecond / pgbench.writeTps).toFixed(3))
        : null,
      contendedBookingsPerPgbenchWrite: pgbench.writeTps
        ? Number((contendedTotal.bookingsPerSecond / pgbench.writeTps).toFixed(3))
        : null,
      uncontendedBookingsPerPgbenchWrite: pgbench.writeTps
        ? Number((u.result.bookingsPerSecond / pgbench.writeTps).toFixed(3))
        : null,
      searchesPerPgbenchSelect: pgbench.selectTps
        ? Number((Math.max(...searches.map((s) => s.perSecond)) / pgbench.selectTps).toFixed(3))
        : null,
      contendedVsNhsPeak: Number((contendedTotal.bookingsPerSecond / 12).toFixed(1)),
    },
    commits: {
      groupCommit: process.env.BOOKING_BATCH ?? 'default (on)',
      // Every answer of the releases (201 and 409), and every uncontended booking, over the commits
      // their phase made (session reads included: a request's session is read once per 2 s).
      perContendedAnswer: perOp(commits1 - commits0, contendedTotal.requests),
      perContendedBooking: perOp(commits1 - commits0, contendedTotal.booked),
      perUncontendedBooking: perOp(commits2 - commits1, u.result.booked),
    },
    limitedBy: { search: '', contended: '' },
    seconds: 0,
  };
  report.limitedBy = limitedBy(report);
  report.seconds = Math.round((performance.now() - startedAt) / 1000);

  console.log(`\n${table(report)}\n`);
  for (const line of [
    `pgbench: ${pgbench.commands.join(' | ')} → ${pgbench.selectTps ?? pgbench.error} / ${pgbench.writeTps ?? '-'} tps`,
    `ratios: ${JSON.stringify(report.ratios)}`,
    `bookings/s ÷ pgbench -N: uncontended ${report.ratios.uncontendedBookingsPerPgbenchWrite}, contended ${report.ratios.contendedBookingsPerPgbenchWrite}`,
    `commits (pg_stat_database.xact_commit): ${JSON.stringify(report.commits)}`,
    `limited by (search): ${report.limitedBy.search}`,
    `limited by (contended booking): ${report.limitedBy.contended}`,
    `idempotency replays: ${races.replays.sameBooking}/${races.replays.citizens} got the same booking twice ${JSON.stringify(races.replays.statuses)}`,
    `one citizen, ${races.sameCitizen.requestsEach} times at once: ${races.sameCitizen.exactlyOne}/${races.sameCitizen.citizens} got exactly one ${JSON.stringify(races.sameCitizen.statuses)}`,
    `SQL: ${correctness.activeBookings} active bookings = ${correctness.bookedPlaces} booked places; overbooked slots ${correctness.overbookedSlots}; counter mismatches ${correctness.counterMismatches}`,
    `double bookings: ${correctness.doubleBookings}`,
    `after: ${uptimeAfter}; whole run ${report.seconds} s`,
  ]) {
    console.log(line);
  }

  const day = report.date.slice(0, 10);
  const file = path.join(root, `bench/results/booking-${day}.json`);
  // Runs of the same day accumulate: the machine is shared, and the spread between runs is part of the result.
  const previous = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as { runs?: BookingReport[] }) : {};
  const runs = [...(previous.runs ?? []), report];
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify({ runs }, null, 2)}\n`);
  fs.writeFileSync(path.join(root, 'docs/performance-booking.svg'), svgChart(report));
  console.log(`wrote bench/results/booking-${day}.json (run ${runs.length}) and docs/performance-booking.svg`);
  const racesOk =
    races.replays.sameBooking === races.replays.citizens && races.sameCitizen.exactlyOne === races.sameCitizen.citizens;
  if (!correctness.ok || !racesOk) process.exitCode = 1;
} finally {
  await cleanUp();
}
