/**
 * `npm run bench:video`: video meetings on this machine.
 *
 * 1. SFU forwarding, per router (embedded werift SFU; Janus VideoRoom when
 *    /usr/bin/janus exists): one group meeting of N synthetic werift
 *    participants (a child process, so the SFU's CPU is measured alone); each
 *    publishes audio (50 pps) + video (30 pps, ~1 kB) and subscribes to every
 *    other feed, so the SFU forwards N·(N−1) audio + N·(N−1) video streams.
 *    Over BENCH_SECONDS we measure the SFU's CPU time (this process for
 *    werift, the Janus process from /proc for Janus) and the packets that
 *    arrived; forwarded streams per core = delivered streams (received packets
 *    ÷ 40 pps, the mean of audio and video) ÷ (SFU CPU seconds per second).
 * 2. Signalling: meetings set up per second — BENCH_VIDEO_WORKERS parallel
 *    loops of: staff create a meeting → host ticket → guest link → guest
 *    ticket → both sockets join → host admits → guest is admitted.
 *
 * In-memory PGlite (or a scratch PostgreSQL database when DATABASE_URL is
 * set); the rate limits are lifted in-process (every synthetic user is
 * 127.0.0.1). Prints tables; writes bench/results/video-<date>.json and
 * docs/performance-video.svg.
 * Env: BENCH_VIDEO_LEVELS (4,6,8 participants), BENCH_SECONDS (10),
 * BENCH_VIDEO_WORKERS (8), BENCH_VIDEO_ROUTERS (werift,janus).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { videoRuntime } from '../../server/src/modules/video/routes.js';
import { seedDemo } from '../../server/src/seed/demo.js';
import { DEMO_STAFF, DEMO_UNITS } from '../../server/src/seed/demo-data.js';
import { startTestApp, type TestApp } from '../../server/test/harness.js';
import { staffSession, type TestSession } from '../../server/test/helpers/sessions.js';
import { JANUS_BIN, type JanusProcess, startJanus } from '../../server/test/video/janus-process.js';
import { SignalClient } from '../../server/test/video/ws-client.js';
import { type ForwardLevel, type SignallingResult, svgChart, type VideoReport } from './report.js';

const LEVELS = (process.env.BENCH_VIDEO_LEVELS ?? '4,6,8').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WORKERS = Number(process.env.BENCH_VIDEO_WORKERS ?? 8);
const ROUTERS = (process.env.BENCH_VIDEO_ROUTERS ?? 'werift,janus').split(',');
const root = path.resolve(import.meta.dirname, '../..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function app(env: Record<string, string>): Promise<{ t: TestApp; base: string; staff: TestSession }> {
  process.env.NODE_ENV = 'test';
  const t = await startTestApp({ env: { LOG_LEVEL: 'silent', ...env } });
  (t.ctx as { rateLimiter: TestApp['ctx']['rateLimiter'] }).rateLimiter = { hit: async () => {} };
  await seedDemo(t.ctx.db, t.ctx.clock);
  const base = await t.app.listen({ host: '127.0.0.1', port: 0 });
  const staff = await staffSession(t, DEMO_STAFF.nurseSolberga, { activeUnitId: DEMO_UNITS.vcSolberga });
  return { t, base, staff };
}

async function api<T>(base: string, s: TestSession | null, method: string, url: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}${url}`, {
    method,
    headers: { ...(s ? s.headers : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { data: T }).data;
}

async function groupTickets(base: string, staff: TestSession, n: number) {
  const m = await api<{ id: string }>(base, staff, 'POST', '/api/video/meetings', { kind: 'group', title: 'Bench' });
  const tickets = [(await api<{ ticket: string }>(base, staff, 'POST', `/api/video/meetings/${m.id}/join`)).ticket];
  for (let i = 1; i < n; i++) {
    const inv = await api<{ guestToken: string }>(base, staff, 'POST', `/api/video/meetings/${m.id}/invitations`, {
      kind: 'guest',
      relation: 'other',
    });
    const join = await api<{ ticket: string }>(base, null, 'POST', `/api/video/guest/${inv.guestToken}/join`, {
      displayName: `Deltagare ${i}`,
    });
    tickets.push(join.ticket);
  }
  return { meetingId: m.id, tickets };
}

/** CPU seconds used so far by a process (from /proc; this process via process.cpuUsage). */
function cpuSeconds(pid: number | null): number {
  if (pid === null) {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  }
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return ticks / 100;
}

function lineFrom(child: ChildProcess, prefix: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error(`no ${prefix} within ${timeoutMs} ms`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString();
      const line = buffer.split('\n').find((l) => l.startsWith(prefix));
      if (line) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        resolve(line.slice(prefix.length + 1));
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`peers exited (${code}) before ${prefix}`));
    });
  });
}

async function forwardLevel(
  base: string,
  staff: TestSession,
  n: number,
  address: string,
  pid: number | null,
): Promise<ForwardLevel> {
  const { meetingId, tickets } = await groupTickets(base, staff, n);
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'bench/video/peers.ts', JSON.stringify({ base, tickets, address })],
    {
      cwd: root,
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  try {
    const ready = JSON.parse(await lineFrom(child, 'READY', 180_000)) as {
      setupMs: number;
      flowingMs: number;
      flowing: number;
      subscriptions: number;
    };
    await sleep(2000);
    const snapshot = async () => {
      const line = lineFrom(child, 'RECEIVED', 10_000);
      child.stdin?.write('SNAPSHOT\n');
      const list = JSON.parse(await line) as { video: number; audio: number }[];
      return list.reduce((a, r) => a + r.video + r.audio, 0);
    };
    const p0 = await snapshot();
    const c0 = cpuSeconds(pid);
    const w0 = Date.now();
    const load0 = os.loadavg()[0] ?? 0;
    await sleep(SECONDS * 1000);
    const p1 = await snapshot();
    const c1 = cpuSeconds(pid);
    const wall = (Date.now() - w0) / 1000;
    const streams = n * (n - 1) * 2;
    const cpuPerSecond = (c1 - c0) / wall;
    const expectedPps = n * (n - 1) * (30 + 50);
    return {
      participants: n,
      streams,
      setupMs: ready.setupMs,
      flowingMs: ready.flowingMs,
      flowingSubscriptions: ready.flowing,
      subscriptions: ready.subscriptions,
      receivedPps: Math.round((p1 - p0) / wall),
      expectedPps,
      sfuCpu: Math.round(cpuPerSecond * 1000) / 1000,
      // Streams actually delivered (the load generator may fall behind): received packets ÷ 40 pps per stream.
      streamsPerCore: cpuPerSecond > 0 ? Math.round((p1 - p0) / wall / 40 / cpuPerSecond) : 0,
      loadAverage: [Math.round(load0 * 100) / 100, Math.round((os.loadavg()[0] ?? 0) * 100) / 100],
    };
  } finally {
    child.stdin?.write('STOP\n');
    await new Promise((r) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        r(null);
      }, 5000);
      child.once('exit', () => {
        clearTimeout(timer);
        r(null);
      });
    });
    await api(base, staff, 'POST', `/api/video/meetings/${meetingId}/end`).catch(() => {});
  }
}

async function signalling(base: string, staff: TestSession): Promise<SignallingResult> {
  const latencies: number[] = [];
  let errors = 0;
  const until = Date.now() + SECONDS * 1000;
  const one = async () => {
    const started = Date.now();
    const m = await api<{ id: string }>(base, staff, 'POST', '/api/video/meetings', {
      kind: 'multi_party',
      title: 'B',
    });
    const host = await api<{ ticket: string }>(base, staff, 'POST', `/api/video/meetings/${m.id}/join`);
    const inv = await api<{ guestToken: string }>(base, staff, 'POST', `/api/video/meetings/${m.id}/invitations`, {
      kind: 'guest',
      relation: 'other',
    });
    const guest = await api<{ ticket: string }>(base, null, 'POST', `/api/video/guest/${inv.guestToken}/join`, {
      displayName: 'Gäst',
    });
    const h = await SignalClient.join(base, host.ticket);
    const g = await SignalClient.join(base, guest.ticket);
    h.c.send({ type: 'admit', participantId: g.joined.self.id });
    await g.c.next('admitted');
    latencies.push(Date.now() - started);
    h.c.close();
    g.c.close();
  };
  const started = Date.now();
  await Promise.all(
    Array.from({ length: WORKERS }, async () => {
      while (Date.now() < until) {
        try {
          await one();
        } catch {
          errors += 1;
        }
      }
    }),
  );
  const wall = (Date.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  return {
    workers: WORKERS,
    meetings: latencies.length,
    meetingsPerSecond: Math.round((latencies.length / wall) * 10) / 10,
    p50ms: pct(0.5),
    p95ms: pct(0.95),
    errors,
  };
}

async function main() {
  const report: VideoReport = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? '?', node: process.version },
    setup: { seconds: SECONDS, levels: LEVELS, db: process.env.DATABASE_URL ? 'postgresql' : 'pglite' },
    routers: {},
    signalling: null,
  };
  for (const name of ROUTERS) {
    let janus: JanusProcess | null = null;
    if (name === 'janus') {
      if (!fs.existsSync(JANUS_BIN)) {
        console.log('janus: /usr/bin/janus missing, skipped (apt-get install janus)');
        continue;
      }
      janus = await startJanus({ rtpPorts: [32000, 33999] });
    }
    const address = janus ? janus.iceAddress : '127.0.0.1';
    const { t, base, staff } = await app(
      janus
        ? { JANUS_URL: janus.url }
        : { VIDEO_MEDIA_ADDRESS: '127.0.0.1', VIDEO_RTP_PORT_MIN: '42000', VIDEO_RTP_PORT_MAX: '43999' },
    );
    console.log(`\n${name}: router ${videoRuntime.router?.name}`);
    const levels: ForwardLevel[] = [];
    try {
      for (const n of LEVELS) {
        const level = await forwardLevel(base, staff, n, address, janus ? (janus.process.pid ?? null) : null);
        levels.push(level);
        console.log(
          `  ${n} participants: ${level.streams} streams, SFU CPU ${level.sfuCpu} s/s → ${level.streamsPerCore} streams/core; ` +
            `${level.receivedPps}/${level.expectedPps} packets/s arrived; signalled in ${level.setupMs} ms, ` +
            `${level.flowingSubscriptions}/${level.subscriptions} subscriptions flowing after ${level.flowingMs} ms`,
        );
      }
      report.routers[name] = levels;
      if (name === ROUTERS[0]) {
        report.signalling = await signalling(base, staff);
        const s = report.signalling;
        console.log(
          `\nsignalling: ${s.meetingsPerSecond} meetings set up/s (${s.meetings} in ${SECONDS} s, ${s.workers} workers), p50 ${s.p50ms} ms, p95 ${s.p95ms} ms, ${s.errors} errors`,
        );
      }
    } finally {
      await t.close();
      await janus?.stop();
    }
  }
  const day = report.date.slice(0, 10);
  const file = path.join(root, 'bench/results', `video-${day}.json`);
  const runs = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as VideoReport[]) : [];
  runs.push(report);
  fs.writeFileSync(file, `${JSON.stringify(runs, null, 2)}\n`);
  fs.writeFileSync(path.join(root, 'docs/performance-video.svg'), svgChart(report));
  console.log(
    `\nwrote ${path.relative(root, file)} and docs/performance-video.svg; uptime: ${execFileSync('uptime', { encoding: 'utf8' }).trim()}`,
  );
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
