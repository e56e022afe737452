/**
 * `npm run bench:booking -- --cluster` (DATABASE_URL required; REDIS_URL, default
 * the machine's Redis): the timebook under load against one instance without
 * nginx and against two instances behind nginx, in one run, on one generated
 * region (580 units × 90 days, BENCH_PERSONS citizens). Per topology, after a
 * warm-up: free-time search at each level, one contended release (its own 200
 * times, never seen by the other topology) and uncontended bookings with fresh
 * citizens. Then the SQL checks over both (no overbooking, counters = bookings,
 * no double bookings) and pgbench -S / -N on the same PostgreSQL for ratios.
 * Prints both sets of figures side by side and appends the run to
 * bench/results/booking-cluster-<date>.json.
 * Env: BENCH_PERSONS (1000000), BENCH_SEARCH_LEVELS (16,64), BENCH_SECONDS (12),
 * BENCH_RELEASE_CITIZENS (2000), BENCH_RELEASE_SLOTS (200), BENCH_UNCONTENDED_CITIZENS (20000),
 * BENCH_CONNECTIONS (128).
 */
import { stockholmDate } from '@ingang/domain';
import { Pool } from 'undici';
import {
  machine,
  requireDatabaseUrl,
  type SideBySideRow,
  sideBySide,
  TOPOLOGIES,
  TOPOLOGY_LABEL,
  type TopologyKey,
  uptime,
  withTarget,
  writeResult,
} from '../cluster/topologies.js';
import { type CpuFigures, startCpuSampler } from '../login/cpu.js';
import { createScratchDatabase } from '../login/server.js';
import { checkCorrectness, citizensWithSessions, migrateScratch, runPgbench, setVisibleFrom } from './db.js';
import { generate, prng, randomSlotId, releaseSlotIds } from './generate.js';
import { type BookingPhase, contendedRelease, type SearchLevel, searchLevel, uncontended } from './load.js';
import { searchQueries } from './report.js';

const baseUrl = requireDatabaseUrl('bench:booking --cluster');
const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PERSONS = env('BENCH_PERSONS', 1_000_000);
const SEARCH_LEVELS = (process.env.BENCH_SEARCH_LEVELS ?? '16,64').split(',').map(Number);
const SECONDS = env('BENCH_SECONDS', 12);
const RELEASE_CITIZENS = env('BENCH_RELEASE_CITIZENS', 2000);
const RELEASE_SLOTS = env('BENCH_RELEASE_SLOTS', 200);
const UNCONTENDED_CITIZENS = env('BENCH_UNCONTENDED_CITIZENS', 20_000);
const CONNECTIONS = env('BENCH_CONNECTIONS', 128);
const UNCONTENDED_CONCURRENCY = 64;
const WARM_UP_CITIZENS = 100;
const MAX_SEARCHES = 200_000;

const now = new Date();
const firstDay = stockholmDate(new Date(now.getTime() + 24 * 3600 * 1000));
const releaseSlots = (r: number) => releaseSlotIds(r, RELEASE_SLOTS);
const random = prng(20_261_207);
const randomSlot = () => randomSlotId(random);

interface Figures {
  search: (SearchLevel & { cpu: CpuFigures })[];
  release: BookingPhase & { cpu: CpuFigures };
  uncontended: BookingPhase & { cpu: CpuFigures };
}

const scratch = await createScratchDatabase(baseUrl);
try {
  const startedAt = performance.now();
  const uptimeBefore = uptime();
  console.log(`before: ${uptimeBefore}`);
  await migrateScratch(scratch.url);
  const generated = await generate(scratch.url, { persons: PERSONS, firstDay });
  console.log(
    `generated in ${generated.seconds.total} s: ${generated.slots.toLocaleString('en-US')} times, ${generated.persons.toLocaleString('en-US')} persons`,
  );
  for (let r = 0; r < TOPOLOGIES.length; r++) await setVisibleFrom(scratch.url, releaseSlots(r), 'never');

  const perTopology = WARM_UP_CITIZENS + RELEASE_CITIZENS + UNCONTENDED_CITIZENS;
  const citizens = await citizensWithSessions(scratch.url, perTopology * TOPOLOGIES.length, PERSONS, now);
  const take = citizens.take;
  console.log(`${citizens.count} citizen sessions created in SQL`);

  const figures: Partial<Record<TopologyKey, Figures>> = {};
  for (const [r, key] of TOPOLOGIES.entries()) {
    await withTarget(
      key,
      { databaseUrl: scratch.url, redisUrl, redisPrefix: `${scratch.name}:${key}:`, env: {} },
      async (target) => {
        console.log(`${TOPOLOGY_LABEL[key]}: ${target.origin}, processes ${target.pids.join(', ')}`);
        const pool = new Pool(target.origin, { connections: CONNECTIONS, pipelining: 1, keepAliveTimeout: 60_000 });
        const sample = async <T>(work: () => Promise<T>) => {
          const cpu = await startCpuSampler({ serverPid: target.pids, monitorUrl: baseUrl, dbName: scratch.name });
          const result = await work();
          return { ...result, cpu: await cpu.stop() };
        };
        try {
          const nextSearch = searchQueries(prng(7 + r), firstDay);
          await searchLevel({ pool, concurrency: 16, seconds: 3, maxRequests: MAX_SEARCHES, next: nextSearch });
          await uncontended({
            pool,
            citizens: take(WARM_UP_CITIZENS),
            concurrency: 16,
            seconds: 30,
            slotId: randomSlot,
          });
          const search: Figures['search'] = [];
          for (const concurrency of SEARCH_LEVELS) {
            const s = await sample(() =>
              searchLevel({ pool, concurrency, seconds: SECONDS, maxRequests: MAX_SEARCHES, next: nextSearch }),
            );
            search.push(s);
            console.log(
              `  search ×${concurrency}: ${s.perSecond}/s, p99 ${s.latency.p99ms} ms ${JSON.stringify(s.statuses)}`,
            );
          }
          await setVisibleFrom(scratch.url, releaseSlots(r), 'now');
          const release = await sample(() =>
            contendedRelease({
              pool,
              citizens: take(RELEASE_CITIZENS),
              slotIds: releaseSlots(r),
              maxAttempts: 50,
              random,
            }),
          );
          console.log(
            `  release: ${release.booked} booked by ${RELEASE_CITIZENS} citizens, ${release.requestsPerSecond} answers/s, p99 ${release.latency.p99ms} ms ${JSON.stringify(release.statuses)}`,
          );
          const u = await sample(() =>
            uncontended({
              pool,
              citizens: take(UNCONTENDED_CITIZENS),
              concurrency: UNCONTENDED_CONCURRENCY,
              seconds: SECONDS,
              slotId: randomSlot,
            }),
          );
          console.log(
            `  uncontended: ${u.bookingsPerSecond} bookings/s, p99 ${u.latency.p99ms} ms ${JSON.stringify(u.statuses)}`,
          );
          figures[key] = { search, release, uncontended: u };
        } finally {
          await pool.close();
        }
      },
    );
  }

  const correctness = await checkCorrectness(scratch.url);
  const pgbench = runPgbench(scratch.url, 10);
  const uptimeAfter = uptime();

  const pick = (f: (x: Figures) => number | undefined) => ({
    single: figures.single ? (f(figures.single) ?? null) : null,
    cluster: figures.cluster ? (f(figures.cluster) ?? null) : null,
  });
  const ratio = (v: number | null, tps: number | null) => (v !== null && tps ? Number((v / tps).toFixed(3)) : null);
  const rows: SideBySideRow[] = [
    ...SEARCH_LEVELS.flatMap((c, i) => [
      { what: `search ×${c}`, unit: '/s', ...pick((x) => x.search[i]?.perSecond) },
      { what: `search ×${c} p99`, unit: 'ms', ...pick((x) => x.search[i]?.latency.p99ms) },
      { what: `search ×${c} server + nginx CPU`, unit: 'cores', ...pick((x) => x.search[i]?.cpu.serverCores) },
    ]),
    { what: 'release: answers', unit: '/s', ...pick((x) => x.release.requestsPerSecond) },
    { what: 'release: bookings', unit: '/s', ...pick((x) => x.release.bookingsPerSecond) },
    { what: 'release: p99', unit: 'ms', ...pick((x) => x.release.latency.p99ms) },
    { what: 'release: sold out after', unit: 's', ...pick((x) => x.release.soldOutSeconds ?? undefined) },
    { what: 'uncontended bookings', unit: '/s', ...pick((x) => x.uncontended.bookingsPerSecond) },
    { what: 'uncontended p99', unit: 'ms', ...pick((x) => x.uncontended.latency.p99ms) },
    { what: 'uncontended server + nginx CPU', unit: 'cores', ...pick((x) => x.uncontended.cpu.serverCores) },
    { what: 'uncontended PostgreSQL CPU', unit: 'cores', ...pick((x) => x.uncontended.cpu.postgresCores) },
  ];
  const bestSearch = pick((x) => Math.max(...x.search.map((s) => s.perSecond)));
  const bookings = pick((x) => x.uncontended.bookingsPerSecond);
  rows.push(
    {
      what: 'best search per pgbench -S tx',
      unit: 'ratio',
      single: ratio(bestSearch.single, pgbench.selectTps),
      cluster: ratio(bestSearch.cluster, pgbench.selectTps),
    },
    {
      what: 'uncontended bookings per pgbench -N tx',
      unit: 'ratio',
      single: ratio(bookings.single, pgbench.writeTps),
      cluster: ratio(bookings.cluster, pgbench.writeTps),
    },
  );

  const report = {
    date: new Date().toISOString(),
    command: 'DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:booking -- --cluster',
    machine: machine(uptimeBefore, uptimeAfter),
    setup: {
      persons: PERSONS,
      searchLevels: SEARCH_LEVELS,
      seconds: SECONDS,
      releaseCitizens: RELEASE_CITIZENS,
      releaseSlots: RELEASE_SLOTS,
      uncontendedCitizens: UNCONTENDED_CITIZENS,
      uncontendedConcurrency: UNCONTENDED_CONCURRENCY,
      connections: CONNECTIONS,
    },
    topologies: TOPOLOGY_LABEL,
    generation: generated,
    figures,
    correctness,
    pgbench,
    seconds: Math.round((performance.now() - startedAt) / 1000),
  };
  console.log(`\n${sideBySide('Timebook: one instance vs two behind nginx', rows)}\n`);
  console.log(
    `pgbench: ${pgbench.commands.join(' | ')} → ${pgbench.selectTps ?? pgbench.error} / ${pgbench.writeTps ?? '-'} tps`,
  );
  console.log(
    `SQL: ${correctness.activeBookings} active bookings = ${correctness.bookedPlaces} booked places; overbooked slots ${correctness.overbookedSlots}; counter mismatches ${correctness.counterMismatches}; double bookings ${correctness.doubleBookings}: ${correctness.ok ? 'OK' : 'NOT OK'}`,
  );
  console.log(`after: ${uptimeAfter}; whole run ${report.seconds} s`);
  console.log(`wrote ${writeResult('booking', report)}`);
  if (!correctness.ok) process.exitCode = 1;
} finally {
  await scratch.drop().catch((e) => console.error(`dropping ${scratch.name} failed: ${(e as Error).message}`));
}
