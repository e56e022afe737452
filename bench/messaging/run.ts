/**
 * `npm run bench:messaging` (DATABASE_URL required): realtime chat delivery.
 *
 * In a scratch PostgreSQL database it creates BENCH_CLIENTS citizens (default
 * 10 000), one open conversation each with a unit, citizen sessions and
 * BENCH_SENDERS staff sessions, all in SQL. It starts the real server as a
 * child process, then BENCH_WORKERS forked client processes open one
 * WebSocket per citizen and subscribe to their conversation. The senders
 * (staff, over HTTP — the real write path: access gate, audit row, seq, the
 * notification job, the hub) answer random conversations for BENCH_SECONDS;
 * every message is timed from just before its POST to its arrival on the
 * patient's socket (one machine, one clock).
 *
 * Printed and written: connect time, server memory per socket, sends/s,
 * deliveries/s, latency p50/p90/p99/max, lost and duplicated messages;
 * appended to bench/results/messaging-<date>.json; the chart is
 * docs/performance-messaging.svg.
 *
 * Sockets need file descriptors: the server holds one per client and each
 * worker BENCH_CLIENTS / BENCH_WORKERS. Raise the limit first if it is low:
 * `ulimit -n 65536` (the hard limit caps it; `ulimit -Hn` shows it).
 * BENCH_REDIS=1 runs the server with REDIS_URL (redis://127.0.0.1:6379) so the
 * fan-out goes through Redis pub/sub.
 */
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { Pool } from 'undici';
import { migrate } from '../../server/src/platform/db/migrate.js';
import { hashToken, newToken } from '../../server/src/platform/sessions.js';
import { createScratchDatabase, freePort } from '../login/server.js';
import { type MessagingReport, svgChart, table } from './report.js';

const baseUrl = process.env.DATABASE_URL;
if (!baseUrl) {
  console.error('bench:messaging needs DATABASE_URL (a PostgreSQL server; a scratch database is created and dropped).');
  process.exit(2);
}
const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const CLIENTS = env('BENCH_CLIENTS', 10_000);
const SENDERS = env('BENCH_SENDERS', 8);
const SECONDS = env('BENCH_SECONDS', 20);
const WORKERS = env('BENCH_WORKERS', 4);
const USE_REDIS = process.env.BENCH_REDIS === '1';
const root = path.resolve(import.meta.dirname, '../..');
const UNIT = randomUUID();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : 0;

async function setup(url: string) {
  const { Kysely, PostgresDialect } = await import('kysely');
  const db = new Kysely<never>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 2 }) }),
  });
  await migrate(db as never);
  await db.destroy();
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(
      `insert into units (id, hsa_id, name, kind, provider_type, street, postal_code, city, municipality, latitude, longitude,
         opening_hours, created_at, updated_at)
       values ($1, 'SE-BENCH-1', 'Benchmottagningen', 'vardcentral', 'public', 'Gatan 1', '111 11', 'Stockholm', 'Stockholm',
         59.3, 18.0, '[]', now(), now())`,
      [UNIT],
    );
    await c.query(
      `insert into messaging_settings (unit_id, patient_mode, target_working_days, updated_at) values ($1, 'start', 2, now())`,
      [UNIT],
    );
    const staffIds = Array.from({ length: SENDERS }, () => randomUUID());
    await c.query(
      `insert into staff (id, oidc_subject, hsa_id, given_name, family_name, email, title, created_at, updated_at)
       select s, 'bench-' || s, 'HSA-' || s, 'Bench', 'Sender', s || '@bench.example', 'Sjuksköterska', now(), now()
       from unnest($1::uuid[]) as s`,
      [staffIds],
    );
    await c.query(
      `insert into staff_unit_roles (staff_id, unit_id, role, created_at) select s, $2, 'clinician', now() from unnest($1::uuid[]) as s`,
      [staffIds, UNIT],
    );
    const personIds = Array.from({ length: CLIENTS }, () => randomUUID());
    const conversationIds = Array.from({ length: CLIENTS }, () => randomUUID());
    const tokens = Array.from({ length: CLIENTS }, () => newToken());
    for (let i = 0; i < CLIENTS; i += 5000) {
      const ids = personIds.slice(i, i + 5000);
      const convs = conversationIds.slice(i, i + 5000);
      const toks = tokens.slice(i, i + 5000);
      await c.query(
        `insert into persons (id, personal_number, given_name, family_name, listed_unit_id, registry_synced_at, created_at, updated_at)
         select p, '1990' || lpad((n + $3)::text, 8, '0'), 'Bench', 'Patient', $2, now(), now(), now()
         from unnest($1::uuid[]) with ordinality as t(p, n)`,
        [ids, UNIT, i],
      );
      await c.query(
        `insert into conversations (id, unit_id, patient_id, subject, status, started_by, last_activity_at, last_unit_activity_at, created_at)
         select c, $3, p, 'Bench', 'new', 'patient', now(), now(), now() from unnest($1::uuid[], $2::uuid[]) as t(c, p)`,
        [convs, ids, UNIT],
      );
      await c.query(
        `insert into sessions (id_hash, kind, person_id, csrf_token, idle_seconds, expires_at)
         select h, 'citizen', p, 'x', 7200, now() + interval '12 hours' from unnest($1::text[], $2::uuid[]) as s(h, p)`,
        [toks.map(hashToken), ids],
      );
    }
    const staff = staffIds.map((staffId) => ({ staffId, token: newToken(), csrf: newToken() }));
    await c.query(
      `insert into sessions (id_hash, kind, staff_id, active_unit_id, csrf_token, idle_seconds, expires_at)
       select h, 'staff', s, $4, t, 7200, now() + interval '12 hours' from unnest($1::text[], $2::uuid[], $3::text[]) as x(h, s, t)`,
      [staff.map((s) => hashToken(s.token)), staff.map((s) => s.staffId), staff.map((s) => s.csrf), UNIT],
    );
    return {
      clients: conversationIds.map((conversationId, i) => ({ conversationId, cookie: `ingang_sid=${tokens[i]}` })),
      staff,
      conversationIds,
    };
  } finally {
    await c.end();
  }
}

function startServer(url: string, port: number) {
  const origin = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_URL: origin,
      DATABASE_URL: url,
      DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'ingang-bench-messaging-')),
      SEED_DEMO: 'false',
      MAIL_EMBEDDED: 'false',
      LOG_LEVEL: 'warn',
      // Re-checks of 10 000 sockets are their own load; the bench measures delivery.
      MESSAGING_WS_RECHECK_MS: '600000',
      ...(USE_REDIS ? { REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString().split('\n').filter(Boolean));
    if (lines.length > 30) lines.splice(0, lines.length - 30);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { child, origin, tail: () => lines.join('\n') };
}

async function waitHealthy(origin: string, tail: () => string) {
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`${origin}/api/health`)).ok) return;
    } catch {}
    await sleep(500);
  }
  throw new Error(`server did not start:\n${tail()}`);
}

/** CPU seconds (user + system) the process has used so far. */
function cpuSeconds(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function rssKb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

function ask<T>(worker: ChildProcess, message: object, kind: string): Promise<T> {
  return new Promise((resolve) => {
    const on = (reply: { kind: string }) => {
      if (reply.kind !== kind) return;
      worker.off('message', on);
      resolve(reply as T);
    };
    worker.on('message', on);
    worker.send(message);
  });
}

async function main() {
  const scratch = await createScratchDatabase(baseUrl!);
  const port = await freePort();
  let server: ReturnType<typeof startServer> | null = null;
  const workers: ChildProcess[] = [];
  try {
    console.log(`setting up ${CLIENTS} citizens and conversations, ${SENDERS} staff senders…`);
    const world = await setup(scratch.url);
    server = startServer(scratch.url, port);
    await waitHealthy(server.origin, server.tail);
    const pid = server.child.pid!;
    const idleRss = rssKb(pid);

    console.log(`opening ${CLIENTS} WebSockets from ${WORKERS} client processes…`);
    const connectStart = Date.now();
    const readies = await Promise.all(
      Array.from({ length: WORKERS }, (_, w) => {
        const worker = fork(path.join(import.meta.dirname, 'clients.ts'), [], {
          execArgv: ['--import', 'tsx'],
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        });
        workers.push(worker);
        const clients = world.clients.filter((_, i) => i % WORKERS === w);
        return ask<{ opened: number; failed: number; ms: number }>(
          worker,
          { kind: 'start', assignment: { origin: server!.origin, clients, openConcurrency: 50 } },
          'ready',
        );
      }),
    );
    const connectMs = Date.now() - connectStart;
    const opened = readies.reduce((s, r) => s + r.opened, 0);
    await sleep(1000);
    const connectedRss = rssKb(pid);
    console.log(
      `${opened} subscribed in ${(connectMs / 1000).toFixed(1)} s; sending for ${SECONDS} s with ${SENDERS} senders…`,
    );

    const pool = new Pool(server.origin, { connections: SENDERS * 2 });
    let sent = 0;
    let failedSends = 0;
    const sendLatencies: number[] = [];
    const until = Date.now() + SECONDS * 1000;
    const sendStart = Date.now();
    const cpuBefore = cpuSeconds(pid);
    await Promise.all(
      world.staff.map(async (s) => {
        while (Date.now() < until) {
          const id = world.conversationIds[Math.floor(Math.random() * world.conversationIds.length)]!;
          const t0 = Date.now();
          const res = await pool.request({
            method: 'POST',
            path: `/api/staff/units/${UNIT}/conversations/${id}/messages`,
            headers: {
              cookie: `ingang_sid=${s.token}`,
              'x-csrf-token': s.csrf,
              'content-type': 'application/json',
            },
            body: JSON.stringify({ body: `bench ${t0}` }),
          });
          await res.body.dump();
          if (res.statusCode === 201) {
            sent += 1;
            sendLatencies.push(Date.now() - t0);
          } else failedSends += 1;
        }
      }),
    );
    const sendSeconds = (Date.now() - sendStart) / 1000;
    const serverCpu = cpuSeconds(pid) - cpuBefore;
    await sleep(3000);
    await pool.close();
    const reports = await Promise.all(
      workers.map((w) =>
        ask<{ latencies: number[]; received: number; duplicates: number; open: number }>(
          w,
          { kind: 'report' },
          'report',
        ),
      ),
    );
    const latencies = reports.flatMap((r) => r.latencies).sort((a, b) => a - b);
    const received = reports.reduce((s, r) => s + r.received, 0);
    const sortedSend = sendLatencies.sort((a, b) => a - b);
    const report: MessagingReport = {
      at: new Date().toISOString(),
      machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
      hub: USE_REDIS ? 'redis' : 'memory',
      clients: CLIENTS,
      subscribed: opened,
      stillOpen: reports.reduce((s, r) => s + r.open, 0),
      workers: WORKERS,
      senders: SENDERS,
      seconds: Math.round(sendSeconds * 10) / 10,
      connectSeconds: Math.round(connectMs / 100) / 10,
      serverRssMb: { idle: Math.round(idleRss / 1024), connected: Math.round(connectedRss / 1024) },
      kbPerSocket: Math.round(((connectedRss - idleRss) / Math.max(1, opened)) * 10) / 10,
      sent,
      failedSends,
      sendsPerSecond: Math.round(sent / sendSeconds),
      received,
      deliveredPerSecond: Math.round(received / sendSeconds),
      lost: sent - received,
      duplicates: reports.reduce((s, r) => s + r.duplicates, 0),
      latencyMs: {
        p50: percentile(latencies, 50),
        p90: percentile(latencies, 90),
        p99: percentile(latencies, 99),
        max: latencies.at(-1) ?? 0,
      },
      postMs: { p50: percentile(sortedSend, 50), p99: percentile(sortedSend, 99) },
      serverCpuShare: Math.round((serverCpu / sendSeconds) * 100) / 100,
      serverCpuMsPerMessage: Math.round((serverCpu * 1000) / Math.max(1, sent)),
      loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
    };
    console.log(table(report));
    const day = report.at.slice(0, 10);
    const file = path.join(root, 'bench/results', `messaging-${day}.json`);
    const runs = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as MessagingReport[]) : [];
    runs.push(report);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify(runs, null, 2)}\n`);
    fs.writeFileSync(path.join(root, 'docs/performance-messaging.svg'), svgChart(runs));
    console.log(`results: ${path.relative(root, file)}; chart: docs/performance-messaging.svg`);
  } finally {
    for (const w of workers) {
      w.send({ kind: 'stop' });
    }
    await sleep(500);
    for (const w of workers) if (w.exitCode === null) w.kill();
    if (server) {
      const child = server.child;
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, sleep(10_000)]);
      }
    }
    await scratch.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
