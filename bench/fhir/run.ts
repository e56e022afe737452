/**
 * `npm run bench:fhir` (DATABASE_URL required): the public slot feed (SMART
 * Scheduling Links) under polling. In a scratch database it lays out
 * bench/booking's region (580 units over 26 municipalities, its time type and
 * open release rule) with BENCH_DAYS days of times (48 a day per unit), then
 *  1. regeneration: the time to build and store a generation, BENCH_REGENS times;
 *  2. polling with a warm cache over loopback HTTP: the manifest with and
 *     without If-None-Match, and one Slot file, BENCH_POLLS requests each at
 *     BENCH_CONCURRENCY; the server's CPU per poll (process.cpuUsage) and the
 *     database statements per poll (pg_stat_database xact_commit).
 * Prints a table and appends the run to bench/results/fhir-<date>.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { Pool } from 'undici';
import { buildApp } from '../../server/src/app.js';
import { loadConfig } from '../../server/src/config.js';
import { createSlotFeedService } from '../../server/src/modules/fhir/slot-feed/service.js';
import { fixedClock } from '../../server/src/platform/clock.js';
import { createScratchDatabase } from '../../server/src/platform/db/scratch.js';
import { catalogue, TIME_TYPE_ID } from '../booking/generate.js';
import { freePort } from '../login/server.js';

const baseUrl = process.env.DATABASE_URL;
if (!baseUrl) {
  console.error('bench:fhir needs DATABASE_URL (a PostgreSQL server; a scratch database is created and dropped).');
  process.exit(2);
}
const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const DAYS = env('BENCH_DAYS', 7);
const REGENS = env('BENCH_REGENS', 3);
const POLLS = env('BENCH_POLLS', 3000);
const CONCURRENCY = env('BENCH_CONCURRENCY', 16);

async function layOut(url: string) {
  await catalogue(url);
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    // A third of the places taken, so the files carry free and busy times.
    await c.query(
      `insert into slots (id, unit_id, time_type_id, starts_at, ends_at, capacity, booked, visible_from)
       select gen_random_uuid(), u.id, $1, t, t + interval '10 minutes', 3, ((d + k) % 4)::int, now() - interval '1 day'
         from units u, generate_series(1, $2::int) d, generate_series(0, 47) k,
              lateral (select ((current_date + d) + time '08:00' + (k * 10) * interval '1 minute')
                              at time zone 'Europe/Stockholm' as t) x`,
      [TIME_TYPE_ID, DAYS],
    );
    await c.query('update slots set booked = 3 where booked > 3');
    await c.query('vacuum (analyze) slots');
    const { rows } = await c.query<{ n: string }>('select count(*)::text as n from slots');
    return Number(rows[0]?.n);
  } finally {
    await c.end();
  }
}

async function commits(url: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ n: string }>(
      'select xact_commit::text as n from pg_stat_database where datname = current_database()',
    );
    return Number(rows[0]?.n);
  } finally {
    await c.end();
  }
}

async function poll(pool: Pool, pathname: string, headers: Record<string, string>, n: number, concurrency: number) {
  let next = 0;
  const statuses = new Map<number, number>();
  let bytes = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < n) {
        const res = await pool.request({ method: 'GET', path: pathname, headers });
        const body = await res.body.arrayBuffer();
        bytes += body.byteLength;
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  return {
    seconds,
    perSecond: Math.round(n / seconds),
    statuses: Object.fromEntries(statuses),
    bytesPerPoll: Math.round(bytes / n),
  };
}

const scratch = await createScratchDatabase(baseUrl, 'ingang_fhir_bench');
const port = await freePort();
const config = loadConfig({
  NODE_ENV: 'test',
  DATABASE_URL: scratch.url,
  PORT: String(port),
  PUBLIC_URL: `http://127.0.0.1:${port}`,
  MAIL_EMBEDDED: 'false',
  SEED_DEMO: 'false',
  LOG_LEVEL: 'silent',
  FHIR_FEED_INTERVAL_SECONDS: '60',
});
const { app, ctx } = await buildApp(config);
try {
  const t0 = performance.now();
  const slots = await layOut(scratch.url);
  console.log(
    `timebook: ${slots} times at 580 units over ${DAYS} days (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
  );

  // 1. Regeneration (a fixed clock moved past the interval each time, so each refresh rebuilds).
  const clock = fixedClock(new Date());
  const feed = createSlotFeedService({
    db: ctx.db,
    clock,
    log: ctx.log,
    publicUrl: config.publicUrl,
    intervalSeconds: 60,
    days: 30,
  });
  const regens: number[] = [];
  for (let i = 0; i < REGENS; i++) {
    clock.advance(61_000);
    const r0 = performance.now();
    await feed.refresh();
    regens.push((performance.now() - r0) / 1000);
  }
  const files = await ctx.db
    .selectFrom('fhir_feed_files')
    .select(['name', 'resources', (eb) => eb.fn('length', ['content']).as('bytes')])
    .execute();
  const totalBytes = files.reduce((s, f) => s + Number(f.bytes), 0);
  const largest = files.filter((f) => f.name.startsWith('slots-')).sort((a, b) => Number(b.bytes) - Number(a.bytes))[0];

  // 2. Polling a warm cache over loopback HTTP (the server's own feed, checkMs 1000).
  await app.listen({ host: '127.0.0.1', port });
  const pool = new Pool(`http://127.0.0.1:${port}`, { connections: CONCURRENCY });
  const first = await pool.request({ method: 'GET', path: '/api/fhir/$bulk-publish' });
  const etag = String(first.headers.etag);
  await first.body.arrayBuffer();
  const slotPath = `/api/fhir/bulk/${largest?.name}`;
  await (await pool.request({ method: 'GET', path: slotPath })).body.arrayBuffer();
  const results: Record<string, unknown> = {};
  for (const [name, pathname, headers] of [
    ['manifest, If-None-Match (304)', '/api/fhir/$bulk-publish', { 'if-none-match': etag }],
    ['manifest, full', '/api/fhir/$bulk-publish', {}],
    [`largest Slot file (${largest?.resources} times)`, slotPath, {}],
  ] as const) {
    const c0 = await commits(scratch.url);
    const cpu0 = process.cpuUsage();
    const r = await poll(pool, pathname, headers, POLLS, CONCURRENCY);
    const cpu = process.cpuUsage(cpu0);
    const c1 = await commits(scratch.url);
    results[name] = {
      ...r,
      cpuMicrosPerPoll: Math.round((cpu.user + cpu.system) / POLLS),
      // Minus the two statements of the commits() probes themselves.
      dbTransactionsPerPoll: Number(((c1 - c0 - 1) / POLLS).toFixed(4)),
    };
  }
  await pool.close();

  const report = {
    at: new Date().toISOString(),
    days: DAYS,
    slots,
    regenerationSeconds: regens.map((s) => Number(s.toFixed(2))),
    files: files.length,
    totalMegabytes: Number((totalBytes / 1e6).toFixed(1)),
    polls: POLLS,
    concurrency: CONCURRENCY,
    results,
  };
  console.log(
    `regeneration (${slots} times → ${files.length} files, ${report.totalMegabytes} MB): ${report.regenerationSeconds.join(' s, ')} s`,
  );
  console.table(
    Object.fromEntries(
      Object.entries(results).map(([k, v]) => {
        const r = v as {
          perSecond: number;
          cpuMicrosPerPoll: number;
          dbTransactionsPerPoll: number;
          bytesPerPoll: number;
          statuses: object;
        };
        return [
          k,
          {
            'polls/s': r.perSecond,
            'CPU µs/poll': r.cpuMicrosPerPoll,
            'DB xacts/poll': r.dbTransactionsPerPoll,
            'bytes/poll': r.bytesPerPoll,
            statuses: JSON.stringify(r.statuses),
          },
        ];
      }),
    ),
  );
  const out = path.join(import.meta.dirname, '../results', `fhir-${report.at.slice(0, 10)}.json`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const runs = fs.existsSync(out) ? (JSON.parse(fs.readFileSync(out, 'utf8')) as unknown[]) : [];
  fs.writeFileSync(out, `${JSON.stringify([...runs, report], null, 2)}\n`);
  console.log(`appended to ${path.relative(process.cwd(), out)}`);
} finally {
  await app.close();
  await scratch.drop();
}
