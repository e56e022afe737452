/**
 * `npm run bench:login -- --cluster` (DATABASE_URL required; REDIS_URL, default
 * the machine's Redis): the login surge against one instance without nginx and
 * against two instances behind nginx, in one run, on one scratch database, then
 * pgbench -S / -N on the same PostgreSQL for ratios. Each topology runs the same
 * levels with fresh citizens (distinct seeds); the SQL check at the end counts
 * one person and one session per completed login over both. Prints both sets of
 * figures side by side and appends the run to bench/results/login-cluster-<date>.json.
 * Env: BENCH_LEVELS (50,200), BENCH_SECONDS per level (20), BENCH_MAX_REQUESTS per level (150000).
 */
import pg from 'pg';
import { Pool } from 'undici';
import { runPgbench } from '../booking/db.js';
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
import { type LevelResult, runLevel } from './citizens.js';
import { type CpuFigures, startCpuSampler } from './cpu.js';
import { createScratchDatabase } from './server.js';

const baseUrl = requireDatabaseUrl('bench:login --cluster');
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const LEVELS = (process.env.BENCH_LEVELS ?? '50,200').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const MAX_REQUESTS = Number(process.env.BENCH_MAX_REQUESTS ?? 150_000);
const WARM_UP_SECONDS = 3;
const LOGIN_PER_IP = 100_000_000;
const TODAY = new Date('2026-06-15T10:00:00Z');

type Level = Omit<LevelResult, 'errorSamples'> & { cpu: CpuFigures; commitsPerLogin: number };

async function commits(name: string): Promise<number> {
  const c = new pg.Client({ connectionString: baseUrl });
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

async function countRows(url: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ persons: string; sessions: string; distinct_persons: string }>(`
      select (select count(*) from persons)::text as persons,
             (select count(*) from sessions where kind = 'citizen')::text as sessions,
             (select count(distinct person_id) from sessions where kind = 'citizen')::text as distinct_persons`);
    const r = rows[0];
    return {
      persons: Number(r?.persons),
      citizenSessions: Number(r?.sessions),
      distinctSessionPersons: Number(r?.distinct_persons),
    };
  } finally {
    await c.end();
  }
}

const scratch = await createScratchDatabase(baseUrl);
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    interrupted = true;
    console.error(`${signal}: finishing the current level, then stopping`);
  });
}

try {
  const uptimeBefore = uptime();
  console.log(`before: ${uptimeBefore}`);
  const results: Record<TopologyKey, Level[]> = { single: [], cluster: [] };
  let seed = 0;
  let completed = 0;
  for (const key of TOPOLOGIES) {
    if (interrupted) break;
    await withTarget(
      key,
      {
        databaseUrl: scratch.url,
        redisUrl,
        redisPrefix: `${scratch.name}:${key}:`,
        env: { RATE_LOGIN_PER_IP_PER_MINUTE: String(LOGIN_PER_IP) },
      },
      async (target) => {
        console.log(`${TOPOLOGY_LABEL[key]}: ${target.origin}, processes ${target.pids.join(', ')}`);
        const pool = new Pool(target.origin, {
          connections: Math.max(...LEVELS),
          pipelining: 1,
          keepAliveTimeout: 60_000,
        });
        const common = { pool, maxRequests: MAX_REQUESTS, today: TODAY };
        try {
          const warm = await runLevel({ ...common, concurrency: 20, seconds: WARM_UP_SECONDS, firstSeed: seed });
          seed = warm.seeds[1] + 1;
          completed += warm.logins;
          for (const concurrency of LEVELS) {
            if (interrupted) break;
            const before = await commits(scratch.name);
            const sampler = await startCpuSampler({
              serverPid: target.pids,
              monitorUrl: baseUrl,
              dbName: scratch.name,
            });
            const { errorSamples, ...result } = await runLevel({
              ...common,
              concurrency,
              seconds: SECONDS,
              firstSeed: seed,
            });
            const cpu = await sampler.stop();
            const commitsPerLogin = Number(
              ((await commits(scratch.name)) - before) / Math.max(1, result.logins),
            ).toFixed(1);
            seed = result.seeds[1] + 1;
            completed += result.logins;
            results[key].push({ ...result, cpu, commitsPerLogin: Number(commitsPerLogin) });
            console.log(
              `  ${concurrency} citizens: ${result.loginsPerSecond} logins/s, p99 login ${result.latency.login.p99ms} ms, ${result.errors} errors (server cores ${cpu.serverCores}, machine ${Math.round(cpu.machineBusy * 100)}% busy)`,
            );
            for (const sample of errorSamples) console.log(`    error: ${sample}`);
          }
        } finally {
          await pool.close();
        }
      },
    );
  }

  const rows = await countRows(scratch.url);
  const verification = {
    completedLogins: completed,
    ...rows,
    ok: [rows.persons, rows.citizenSessions, rows.distinctSessionPersons].every((n) => n === completed),
  };
  const pgbench = runPgbench(scratch.url, 10);
  const uptimeAfter = uptime();

  const at = (key: TopologyKey, concurrency: number) => results[key].find((l) => l.concurrency === concurrency);
  const table: SideBySideRow[] = LEVELS.flatMap((c) => {
    const pick = (f: (l: Level) => number) => ({
      single: at('single', c) ? f(at('single', c) as Level) : null,
      cluster: at('cluster', c) ? f(at('cluster', c) as Level) : null,
    });
    return [
      { what: `${c} citizens: logins`, unit: '/s', ...pick((l) => l.loginsPerSecond) },
      { what: `${c} citizens: login p50`, unit: 'ms', ...pick((l) => l.latency.login.p50ms) },
      { what: `${c} citizens: login p99`, unit: 'ms', ...pick((l) => l.latency.login.p99ms) },
      { what: `${c} citizens: errors`, unit: 'count', ...pick((l) => l.errors) },
      { what: `${c} citizens: server + nginx CPU`, unit: 'cores', ...pick((l) => l.cpu.serverCores) },
      { what: `${c} citizens: PostgreSQL CPU`, unit: 'cores', ...pick((l) => l.cpu.postgresCores) },
      { what: `${c} citizens: machine busy`, unit: '%', ...pick((l) => Math.round(l.cpu.machineBusy * 100)) },
      { what: `${c} citizens: commits per login`, unit: 'count', ...pick((l) => l.commitsPerLogin) },
    ];
  });
  const best = (key: TopologyKey) => Math.max(0, ...results[key].map((l) => l.loginsPerSecond));
  const perPgbench = (v: number) => (pgbench.selectTps ? Number((v / pgbench.selectTps).toFixed(4)) : null);
  table.push(
    { what: 'best logins', unit: '/s', single: best('single'), cluster: best('cluster') },
    {
      what: 'best logins per pgbench -S tx',
      unit: 'ratio',
      single: perPgbench(best('single')),
      cluster: perPgbench(best('cluster')),
    },
  );

  const report = {
    date: new Date().toISOString(),
    command: 'DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:login -- --cluster',
    machine: machine(uptimeBefore, uptimeAfter),
    setup: { levels: LEVELS, seconds: SECONDS, maxRequestsPerLevel: MAX_REQUESTS, warmUpSeconds: WARM_UP_SECONDS },
    topologies: TOPOLOGY_LABEL,
    levels: results,
    pgbench,
    verification,
  };
  console.log(`\n${sideBySide('Login surge: one instance vs two behind nginx', table)}\n`);
  console.log(
    `pgbench: ${pgbench.commands.join(' | ')} → ${pgbench.selectTps ?? pgbench.error} / ${pgbench.writeTps ?? '-'} tps`,
  );
  console.log(
    `SQL check: ${completed} completed logins → ${rows.persons} persons, ${rows.citizenSessions} citizen sessions (${rows.distinctSessionPersons} distinct persons): ${verification.ok ? 'OK' : 'MISMATCH'}`,
  );
  console.log(`after: ${uptimeAfter}`);
  console.log(`wrote ${writeResult('login', report)}`);
  if (!verification.ok) process.exitCode = 1;
} finally {
  await scratch.drop().catch((e) => console.error(`dropping ${scratch.name} failed: ${(e as Error).message}`));
}
