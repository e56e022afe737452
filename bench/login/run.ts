/**
 * `npm run bench:login` (DATABASE_URL required): the "rumour day" surge — many
 * distinct citizens logging in with BankID at once — against the real server
 * as a child process on a scratch PostgreSQL database, with the simulator
 * playing BankID. Per level, N virtual citizens loop auth → qr → approve →
 * collect → GET /api/me for a bounded time; then `pgbench -S` on the same
 * PostgreSQL as the reference, and SQL checks that every completed login made
 * exactly one person and one session. Prints a table; appends the run to
 * bench/results/login-<date>.json and draws docs/performance-login.svg.
 * Env: BENCH_LEVELS (50,200), BENCH_SECONDS per level (20), BENCH_MAX_REQUESTS per level (150000).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { Pool } from 'undici';
import { runLevel } from './citizens.js';
import { startCpuSampler } from './cpu.js';
import { type LoginLevel, type LoginReport, svgChart, table } from './report.js';
import { createScratchDatabase, freePort, type ServerProcess, startServer } from './server.js';

// `-- --cluster`: the same surge against one instance and two behind nginx, side by side (cluster.ts).
if (process.argv.includes('--cluster')) {
  await import('./cluster.js');
  process.exit(process.exitCode ?? 0);
}

const baseUrl = process.env.DATABASE_URL;
if (!baseUrl) {
  console.error('bench:login needs DATABASE_URL (a PostgreSQL server; a scratch database is created and dropped).');
  process.exit(2);
}
const LEVELS = (process.env.BENCH_LEVELS ?? '50,200').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const MAX_REQUESTS = Number(process.env.BENCH_MAX_REQUESTS ?? 150_000);
const WARM_UP_SECONDS = 3;
// The per-IP login limit (default 30/min) protects real traffic; every virtual citizen here shares 127.0.0.1.
const LOGIN_PER_IP = 100_000_000;
const TODAY = new Date('2026-06-15T10:00:00Z');
const PGBENCH = { clients: 16, threads: 2, seconds: 10, scale: 10 };
const root = path.resolve(import.meta.dirname, '../..');

function findPgbench(): string {
  const versions = fs.existsSync('/usr/lib/postgresql') ? fs.readdirSync('/usr/lib/postgresql') : [];
  for (const dir of ['/usr/bin', ...versions.map((v) => `/usr/lib/postgresql/${v}/bin`)]) {
    const candidate = path.join(dir, 'pgbench');
    if (fs.existsSync(candidate)) return candidate;
  }
  return 'pgbench';
}

const uptime = () => execFileSync('uptime', { encoding: 'utf8' }).trim();

function runPgbench(url: string): LoginReport['pgbench'] {
  const { clients, threads, seconds, scale } = PGBENCH;
  const command = `pgbench -S -c ${clients} -j ${threads} -T ${seconds} (scale ${scale})`;
  const pgbench = findPgbench();
  try {
    execFileSync(pgbench, ['-i', '-s', String(scale), '-q', url], { stdio: 'pipe' });
    const args = ['-S', '-c', String(clients), '-j', String(threads), '-T', String(seconds), url];
    const out = execFileSync(pgbench, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const tps = /tps = ([\d.]+)/.exec(out)?.[1];
    return { tps: tps ? Math.round(Number(tps)) : null, command };
  } catch (error) {
    return { tps: null, command, error: (error as Error).message.split('\n')[0] ?? 'failed' };
  }
}

/** Rows the run created, counted in SQL: one person and one citizen session per completed login. */
async function verify(url: string, completedLogins: number): Promise<LoginReport['verification']> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<Record<string, string>>(`
      select (select count(*) from persons)::text as persons,
             (select count(distinct personal_number) from persons)::text as distinct_pnr,
             (select count(*) from sessions where kind = 'citizen')::text as sessions,
             (select count(distinct person_id) from sessions where kind = 'citizen')::text as distinct_persons`);
    const r = rows[0] ?? {};
    const persons = Number(r.persons);
    const distinctPersonalNumbers = Number(r.distinct_pnr);
    const citizenSessions = Number(r.sessions);
    const distinctSessionPersons = Number(r.distinct_persons);
    const ok = [persons, distinctPersonalNumbers, citizenSessions, distinctSessionPersons].every(
      (n) => n === completedLogins,
    );
    return { completedLogins, persons, distinctPersonalNumbers, citizenSessions, distinctSessionPersons, ok };
  } finally {
    await c.end();
  }
}

/** Commits and rows written in the scratch database so far (pg_stat_database; backends flush about once a second). */
async function dbCounters(name: string): Promise<{ commits: number; rows: number }> {
  const c = new pg.Client({ connectionString: baseUrl });
  await c.connect();
  try {
    const { rows } = await c.query<{ commits: string; rows: string }>(
      `select xact_commit::text as commits, (tup_inserted + tup_updated + tup_deleted)::text as rows
         from pg_stat_database where datname = $1`,
      [name],
    );
    return { commits: Number(rows[0]?.commits ?? 0), rows: Number(rows[0]?.rows ?? 0) };
  } finally {
    await c.end();
  }
}

/** Names what bounds the best level, from the CPU shares (cores) sampled during it. */
function limitedBy(level: LoginLevel): string {
  const { serverCores, serverPeakCores, postgresCores, loadGeneratorCores, machineBusy } = level.cpu;
  const shares = `server ${serverCores} cores (peak ${serverPeakCores}), PostgreSQL backends ${postgresCores}, load generator ${loadGeneratorCores}, everything else ${level.cpu.otherCores}; machine ${Math.round(machineBusy * 100)}% busy`;
  if (machineBusy >= 0.9) {
    const loop = serverPeakCores >= 0.9 ? ' the server process is at ~1 core, i.e. its event loop is saturated;' : '';
    return `CPU of the shared 2-core machine:${loop} ${shares} (the load generator and other engineers' work take cores the server and PostgreSQL would otherwise use)`;
  }
  if (serverPeakCores >= 0.9) return `the server's event loop (one core): ${shares}`;
  if (postgresCores >= 1) return `PostgreSQL: ${shares}`;
  return `neither CPU is saturated (latency-bound: round trips and commits): ${shares}`;
}

const scratch = await createScratchDatabase(baseUrl);
let server: ServerProcess | undefined;
let pool: Pool | undefined;
let cleaned = false;
const interrupted = new AbortController();
async function cleanUp() {
  if (cleaned) return;
  cleaned = true;
  await pool?.destroy().catch(() => {});
  await server?.stop().catch((e) => console.error(`stopping the server failed: ${(e as Error).message}`));
  await scratch.drop().catch((e) => console.error(`dropping ${scratch.name} failed: ${(e as Error).message}`));
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`${signal}: stopping the server and dropping ${scratch.name}`);
    interrupted.abort();
    cleanUp().finally(() => process.exit(130));
  });
}

try {
  const uptimeBefore = uptime();
  console.log(`before: ${uptimeBefore}`);
  const port = await freePort();
  const t0 = performance.now();
  server = await startServer({ root, databaseUrl: scratch.url, port, loginPerIpPerMinute: LOGIN_PER_IP });
  console.log(
    `server pid ${server.pid} on ${server.origin}, database ${scratch.name}, ready in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  console.log(
    `RATE_LOGIN_PER_IP_PER_MINUTE=${LOGIN_PER_IP} for this run only: all virtual citizens share one source IP; the per-IP limit (default 30/min) exists for real traffic.`,
  );
  const serverPid = server.pid;
  pool = new Pool(server.origin, {
    connections: Math.max(...LEVELS),
    pipelining: 1,
    keepAliveTimeout: 60_000,
  });
  let seed = 0;
  let completed = 0;
  // Warm-up: JIT, the server's database pool, caches. Its logins count in the SQL check too.
  const warm = await runLevel({
    pool,
    concurrency: 20,
    seconds: WARM_UP_SECONDS,
    maxRequests: MAX_REQUESTS,
    firstSeed: seed,
    today: TODAY,
    signal: interrupted.signal,
  });
  seed = warm.seeds[1] + 1;
  completed += warm.logins;
  console.log(`warm-up: ${warm.logins} logins, ${warm.errors} errors`);

  const levels: LoginLevel[] = [];
  for (const concurrency of LEVELS) {
    if (interrupted.signal.aborted) break;
    const counters0 = await dbCounters(scratch.name);
    const sampler = await startCpuSampler({ serverPid, monitorUrl: baseUrl, dbName: scratch.name });
    const result = await runLevel({
      pool,
      concurrency,
      seconds: SECONDS,
      maxRequests: MAX_REQUESTS,
      firstSeed: seed,
      today: TODAY,
      signal: interrupted.signal,
    });
    const cpu = await sampler.stop();
    const counters1 = await dbCounters(scratch.name);
    const perLogin = (n: number) => Number((n / Math.max(1, result.logins)).toFixed(1));
    const db = {
      commitsPerLogin: perLogin(counters1.commits - counters0.commits),
      rowsWrittenPerLogin: perLogin(counters1.rows - counters0.rows),
    };
    seed = result.seeds[1] + 1;
    completed += result.logins;
    levels.push({ ...result, cpu, db });
    console.log(
      `${concurrency} citizens: ${result.logins} logins in ${result.seconds} s = ${result.loginsPerSecond}/s, ${result.errors} errors, ${db.commitsPerLogin} db commits per login (load ${cpu.loadAverage.join(' → ')})`,
    );
    for (const sample of result.errorSamples) console.log(`  error: ${sample}`);
  }
  await pool.close();
  pool = undefined;
  const serverStatus = execFileSync('ps', ['-o', 'rss=', '-p', String(serverPid)], { encoding: 'utf8' }).trim();

  const verification = await verify(scratch.url, completed);
  const pgbenchResult = runPgbench(scratch.url);
  const uptimeAfter = uptime();
  const pgVersion = new pg.Client({ connectionString: scratch.url });
  await pgVersion.connect();
  const version = (await pgVersion.query<{ v: string }>(`select current_setting('server_version') as v`)).rows[0]?.v;
  await pgVersion.end();

  const best = levels.reduce((a, b) => (b.loginsPerSecond > a.loginsPerSecond ? b : a));
  const report: LoginReport = {
    date: new Date().toISOString(),
    command: 'DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:login',
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      postgres: version ?? 'unknown',
      uptime: `${uptimeBefore} | ${uptimeAfter}`,
    },
    setup: {
      seconds: SECONDS,
      maxRequestsPerLevel: MAX_REQUESTS,
      warmUpSeconds: WARM_UP_SECONDS,
      loginPerIpPerMinute: LOGIN_PER_IP,
      today: TODAY.toISOString().slice(0, 10),
      serverPoolSize: 20,
    },
    levels,
    pgbench: pgbenchResult,
    verification,
    summary: {
      bestLoginsPerSecond: best.loginsPerSecond,
      loginsPerPgbenchTx: pgbenchResult.tps ? Number((best.loginsPerSecond / pgbenchResult.tps).toFixed(4)) : null,
      loginsPerHour: Math.round(best.loginsPerSecond * 3600),
    },
    limitedBy: limitedBy(best),
  };

  console.log(`\n${table(report)}\n`);
  console.log(`pgbench: ${pgbenchResult.command} → ${pgbenchResult.tps ?? pgbenchResult.error} tps`);
  console.log(
    `best: ${best.loginsPerSecond} logins/s = ${report.summary.loginsPerPgbenchTx ?? '-'} of pgbench -S tps = ${report.summary.loginsPerHour.toLocaleString('en-US')} logins/hour on one instance (2.4 million users ≈ ${(2_400_000 / report.summary.loginsPerHour).toFixed(1)} h)`,
  );
  console.log(`limited by: ${report.limitedBy}`);
  console.log(`server RSS after the levels: ${Math.round(Number(serverStatus) / 1024)} MiB`);
  const v = verification;
  console.log(
    `SQL check: ${v.completedLogins} completed logins → ${v.persons} persons (${v.distinctPersonalNumbers} distinct personnummer), ${v.citizenSessions} citizen sessions (${v.distinctSessionPersons} distinct persons): ${v.ok ? 'OK' : 'MISMATCH'}`,
  );
  console.log(`after: ${uptimeAfter}`);

  const day = report.date.slice(0, 10);
  const file = path.join(root, `bench/results/login-${day}.json`);
  // Runs of the same day accumulate: the machine is shared, and the spread between runs is part of the result.
  const previous = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as { runs?: LoginReport[] }) : {};
  const runs = [...(previous.runs ?? []), report];
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify({ runs }, null, 2)}\n`);
  fs.writeFileSync(
    path.join(root, 'docs/performance-login.svg'),
    svgChart(
      report,
      runs.map((r) => r.summary.bestLoginsPerSecond),
    ),
  );
  if (runs.length > 1) {
    console.log(`logins/s across today's runs: ${runs.map((r) => r.summary.bestLoginsPerSecond).join(', ')}`);
  }
  console.log(`wrote bench/results/login-${day}.json (run ${runs.length}) and docs/performance-login.svg`);
  const errors = levels.reduce((sum, l) => sum + l.errors, 0) + warm.errors;
  if (errors > 0 || !verification.ok) process.exitCode = 1;
} catch (error) {
  // After Ctrl-C the pool is gone under the running citizens: their errors are expected, not news.
  if (!interrupted.signal.aborted) throw error;
} finally {
  await cleanUp();
}
