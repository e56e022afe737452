/**
 * The "two instances behind nginx vs one" mode of bench:login and bench:booking
 * (`-- --cluster`): the same measurement, in one run on the same machine and
 * the same PostgreSQL, against (a) one server process reached directly and
 * (b) two server processes behind Debian's nginx (scripts/cluster/launch.ts,
 * the configuration of docs/operations.md). Both use Redis (REDIS_URL, default
 * the machine's), so the only differences are the second process and the proxy.
 * Prints the figures side by side and appends the run to
 * bench/results/<bench>-cluster-<date>.json.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startCluster } from '../../scripts/cluster/launch.js';
import serverNodeFlags from '../../server/node-flags.json' with { type: 'json' };
import { freePort, startServer } from '../login/server.js';

export type TopologyKey = 'single' | 'cluster';
export const TOPOLOGIES: TopologyKey[] = ['single', 'cluster'];
export const TOPOLOGY_LABEL: Record<TopologyKey, string> = {
  single: 'one instance, no nginx',
  cluster: 'two instances + nginx',
};

export interface Target {
  key: TopologyKey;
  /** Where the load generator sends its requests. */
  origin: string;
  /** Server processes (and nginx's worker) whose CPU is sampled. */
  pids: number[];
}

export const root = path.resolve(import.meta.dirname, '../..');

/** The children of a process (nginx's master forks its worker), from /proc. */
function childPids(pid: number): number[] {
  try {
    return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** A free block of `count` consecutive loopback ports (nginx's, then one per instance). */
async function freePortBlock(count: number): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const base = 30_000 + Math.floor(Math.random() * 2000) * 10;
    const free = await Promise.all(
      Array.from(
        { length: count },
        (_, i) =>
          new Promise<boolean>((resolve) => {
            const probe = net.createServer();
            probe.once('error', () => resolve(false));
            probe.listen(base + i, '127.0.0.1', () => probe.close(() => resolve(true)));
          }),
      ),
    );
    if (free.every(Boolean)) return base;
  }
  throw new Error('no free block of ports on loopback');
}

/**
 * Starts `key`'s system under test on `databaseUrl` (already migrated or migrated
 * by the first instance), runs `work` against it and stops it again.
 */
export async function withTarget<T>(
  key: TopologyKey,
  o: {
    databaseUrl: string;
    redisUrl: string;
    redisPrefix: string;
    env: Record<string, string>;
    /** How long the single server may take to answer health (default 180 s). */
    startTimeoutMs?: number;
  },
  work: (target: Target) => Promise<T>,
): Promise<T> {
  const env: Record<string, string> = {
    REDIS_URL: o.redisUrl,
    REDIS_PREFIX: o.redisPrefix,
    SEED_DEMO: 'false',
    MAIL_EMBEDDED: 'false',
    BANKID_BACKEND: 'simulator',
    // The load-triggered waiting room would turn a saturated server's answers into 503
    // queue_required: this compares the servers, not the admission control (bench:surge does that).
    WAITING_ROOM_AUTO: 'false',
    ...o.env,
  };
  if (key === 'single') {
    const port = await freePort();
    const server = await startServer({
      root,
      databaseUrl: o.databaseUrl,
      port,
      loginPerIpPerMinute: Number(env.RATE_LOGIN_PER_IP_PER_MINUTE ?? 100_000_000),
      env,
      startTimeoutMs: o.startTimeoutMs ?? 180_000,
    });
    try {
      return await work({ key, origin: server.origin, pids: [server.pid] });
    } finally {
      await server.stop();
    }
  }
  const port = await freePortBlock(3);
  const cluster = await startCluster({
    instances: 2,
    databaseUrl: o.databaseUrl,
    redisUrl: o.redisUrl,
    port,
    basePort: port + 1,
    output: 'ignore',
    nodeArgs: serverNodeFlags.flags,
    env: { ...env, LOG_LEVEL: 'warn' },
  });
  try {
    const pids = [...cluster.instances.map((i) => i.process.pid ?? 0), ...childPids(cluster.nginxPid)];
    return await work({ key, origin: cluster.url, pids });
  } finally {
    await cluster.stop();
  }
}

export interface SideBySideRow {
  what: string;
  single: number | null;
  cluster: number | null;
  /** Higher is better (rates) or lower is better (latencies): only for the wording of the ratio. */
  unit: string;
}

/** The two topologies' figures side by side, with cluster ÷ single. */
export function sideBySide(title: string, rows: SideBySideRow[]): string {
  const cell = (v: number | null) => (v === null ? '-' : String(v));
  const header = ['', TOPOLOGY_LABEL.single, TOPOLOGY_LABEL.cluster, 'two ÷ one'];
  const body = rows.map((r) => [
    `${r.what} (${r.unit})`,
    cell(r.single),
    cell(r.cluster),
    r.single && r.cluster !== null ? (r.cluster / r.single).toFixed(2) : '-',
  ]);
  const widths = header.map((_, i) => Math.max(...[header, ...body].map((line) => (line[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [title, line(header), ...body.map(line)].join('\n');
}

/** Appends `report` to bench/results/<bench>-cluster-<date>.json (runs of a day accumulate). */
export function writeResult(bench: string, report: { date: string }): string {
  const day = report.date.slice(0, 10);
  const relative = `bench/results/${bench}-cluster-${day}.json`;
  const file = path.join(root, relative);
  const previous = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as { runs?: unknown[] }) : {};
  const runs = [...(previous.runs ?? []), report];
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify({ runs }, null, 2)}\n`);
  return `${relative} (run ${runs.length})`;
}

export const uptime = () => execFileSync('uptime', { encoding: 'utf8' }).trim();

/** The machine a run was taken on, with the load before and after (the figures mean little on a busy one). */
export function machine(uptimeBefore: string, uptimeAfter: string) {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    uptime: `${uptimeBefore} | ${uptimeAfter}`,
  };
}

/** DATABASE_URL, or exit 2 saying what the benchmark needs. */
export function requireDatabaseUrl(command: string): string {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error(`${command} needs DATABASE_URL (a PostgreSQL server; a scratch database is created and dropped).`);
    process.exit(2);
  }
  return url;
}
