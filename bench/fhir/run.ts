/**
 * `npm run bench:fhir` (DATABASE_URL required): the public slot feed (SMART
 * Scheduling Links) under polling. In a scratch database it lays out
 * bench/booking's region (580 units over 26 municipalities, its time type and
 * open release rule) with BENCH_DAYS days of times (48 a day per unit; 90 days
 * is bench/booking's region-scale timebook, 2.5 million times), then
 *  1. regeneration: the time to build and store a generation of the feed's
 *     FHIR_FEED_DAYS (30) days ahead, BENCH_REGENS times, and the process's
 *     peak resident memory while it runs;
 *  2. a crawl of every file the manifest lists (plain and gzipped) and the peak
 *     resident memory while the server serves them;
 *  3. polling with a warm cache over loopback HTTP, driven by `wrk` in its own
 *     process (so the CPU counted is the server's alone): the manifest with and
 *     without If-None-Match, and the largest Slot file plain and gzipped, each
 *     for BENCH_SECONDS at BENCH_CONCURRENCY; the server's CPU per poll
 *     (process.cpuUsage) and database transactions per poll (xact_commit).
 * Prints a table and appends the run to bench/results/fhir-<date>.json.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
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
const DAYS = env('BENCH_DAYS', 90);
const FEED_DAYS = env('FHIR_FEED_DAYS', 30);
const REGENS = env('BENCH_REGENS', 3);
const SECONDS = env('BENCH_SECONDS', 10);
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

/** `wrk` against one URL (asynchronously: the server runs in this process): requests done and the non-2xx/3xx count. */
async function wrk(url: string, headers: Record<string, string>) {
  const args = ['-t2', `-c${CONCURRENCY}`, `-d${SECONDS}s`, '--timeout', '30s'];
  for (const [k, v] of Object.entries(headers)) args.push('-H', `${k}: ${v}`);
  const { stdout: out } = await promisify(execFile)('wrk', [...args, url], { encoding: 'utf8' });
  const requests = Number(/(\d+) requests in/.exec(out)?.[1]);
  const bad = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
  const transfer = /Transfer\/sec:\s+([\d.]+\w+)/.exec(out)?.[1] ?? '?';
  return { requests, bad, perSecond: Math.round(requests / SECONDS), transferPerSecond: transfer };
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
  FHIR_FEED_DAYS: String(FEED_DAYS),
  // As in production: an instance asks the database about a newer generation at most once a second.
  FHIR_FEED_CHECK_MS: '1000',
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
    // The feed logs where a regeneration's time went (read, build, write); print it.
    log: Object.assign(Object.create(ctx.log), {
      info: (o: object, m: string) => console.log(`  ${m} ${JSON.stringify(o)}`),
    }),
    publicUrl: config.publicUrl,
    intervalSeconds: 60,
    days: FEED_DAYS,
  });
  const regens: number[] = [];
  let peakRss = process.memoryUsage().rss;
  const rssBefore = peakRss;
  const rssSampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 50);
  for (let i = 0; i < REGENS; i++) {
    clock.advance(61_000);
    const r0 = performance.now();
    await feed.refresh();
    regens.push((performance.now() - r0) / 1000);
  }
  clearInterval(rssSampler);

  // 2. A crawl: every file of the manifest once, plain and gzipped, as a finder that wants the whole
  // region would (sizes from the responses); the server's peak RSS while it serves them. Before the
  // byte-bounded cache, an instance kept every file it had served (and its gzip) in memory.
  await app.listen({ host: '127.0.0.1', port });
  const base = `http://127.0.0.1:${port}`;
  const manifestUrl = `${base}/api/fhir/$bulk-publish`;
  const first = await fetch(manifestUrl);
  const outputs = ((await first.clone().json()) as { output: { type: string; url: string }[] }).output;
  const files: { name: string; bytes: number; lines: number }[] = [];
  let peakRssCrawl = process.memoryUsage().rss;
  const crawlSampler = setInterval(() => {
    peakRssCrawl = Math.max(peakRssCrawl, process.memoryUsage().rss);
  }, 50);
  const c0 = performance.now();
  for (const o of outputs) {
    // fetch asks for gzip unless told otherwise: the plain bytes need `identity`.
    const body = Buffer.from(await (await fetch(o.url, { headers: { 'accept-encoding': 'identity' } })).arrayBuffer());
    await (await fetch(o.url, { headers: { 'accept-encoding': 'gzip' } })).arrayBuffer();
    let lines = 0;
    for (const b of body) if (b === 10) lines++;
    files.push({ name: o.url.split('/').pop() as string, bytes: body.length, lines });
  }
  const crawlSeconds = (performance.now() - c0) / 1000;
  clearInterval(crawlSampler);
  const totalBytes = files.reduce((s, f) => s + f.bytes, 0);
  const largest = files.filter((f) => f.name.startsWith('slots-')).sort((a, b) => b.bytes - a.bytes)[0];
  const largestTimes = largest?.lines;

  // 3. Polling a warm cache over loopback HTTP (the app's own feed; wrk in its own process).
  const etag = String(first.headers.get('etag'));
  await first.arrayBuffer();
  const slotUrl = `${base}/api/fhir/bulk/${largest?.name}`;
  await (await fetch(slotUrl, { headers: { 'accept-encoding': 'identity' } })).arrayBuffer();
  await (await fetch(slotUrl, { headers: { 'accept-encoding': 'gzip' } })).arrayBuffer();
  const results: Record<string, unknown> = {};
  for (const [name, url, headers] of [
    ['manifest, If-None-Match (304)', manifestUrl, { 'If-None-Match': etag }],
    ['manifest, full', manifestUrl, {}],
    [`largest Slot file (${largestTimes} times)`, slotUrl, {}],
    [`largest Slot file, gzip`, slotUrl, { 'Accept-Encoding': 'gzip' }],
  ] as const) {
    const c0 = await commits(scratch.url);
    const cpu0 = process.cpuUsage();
    const r = await wrk(url, headers);
    const cpu = process.cpuUsage(cpu0);
    const c1 = await commits(scratch.url);
    results[name] = {
      ...r,
      cpuMicrosPerPoll: Math.round((cpu.user + cpu.system) / r.requests),
      // Minus the statement of the second commits() probe itself.
      dbTransactionsPerPoll: Number(((c1 - c0 - 1) / r.requests).toFixed(5)),
    };
  }

  const report = {
    at: new Date().toISOString(),
    days: DAYS,
    slots,
    feedDays: FEED_DAYS,
    regenerationSeconds: regens.map((s) => Number(s.toFixed(2))),
    peakRssMegabytesDuringRegeneration: Math.round(peakRss / 1e6),
    rssMegabytesBefore: Math.round(rssBefore / 1e6),
    largestFileMegabytes: Number(((largest?.bytes ?? 0) / 1e6).toFixed(1)),
    crawlSeconds: Number(crawlSeconds.toFixed(1)),
    peakRssMegabytesDuringCrawl: Math.round(peakRssCrawl / 1e6),
    files: files.length,
    totalMegabytes: Number((totalBytes / 1e6).toFixed(1)),
    secondsPerPollPhase: SECONDS,
    concurrency: CONCURRENCY,
    load: fs.readFileSync('/proc/loadavg', 'utf8').trim(),
    results,
  };
  console.log(
    `regeneration (${FEED_DAYS} days of ${slots} times → ${files.length} files, ${report.totalMegabytes} MB, largest ${report.largestFileMegabytes} MB): ${report.regenerationSeconds.join(' s, ')} s; RSS ${report.rssMegabytesBefore} → peak ${report.peakRssMegabytesDuringRegeneration} MB; crawl of every file (plain + gzip) ${report.crawlSeconds} s, peak RSS ${report.peakRssMegabytesDuringCrawl} MB`,
  );
  console.table(
    Object.fromEntries(
      Object.entries(results).map(([k, v]) => {
        const r = v as {
          perSecond: number;
          cpuMicrosPerPoll: number;
          dbTransactionsPerPoll: number;
          transferPerSecond: string;
          bad: number;
        };
        return [
          k,
          {
            'polls/s': r.perSecond,
            'server CPU µs/poll': r.cpuMicrosPerPoll,
            'DB xacts/poll': r.dbTransactionsPerPoll,
            'transfer/s': r.transferPerSecond,
            'non-2xx/3xx': r.bad,
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
