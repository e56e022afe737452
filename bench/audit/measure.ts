/**
 * Runs benchmark phases in slices: N workers loop an operation for a fixed
 * time, while a monitor connection samples pg_stat_activity (what the backends wait
 * on), /proc (how busy the machine's CPUs, this Node process and the phase's
 * PostgreSQL backends are) and pg_stat_wal (WAL bytes and flushes per operation).
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';

export interface PhaseResult {
  name: string;
  label: string;
  ops: number;
  /** Median over the rounds of each round's ops/s. */
  perSecond: number;
  /** Lowest and highest round. */
  range: [number, number];
  errors: number;
  p50ms: number;
  p95ms: number;
  /** Machine CPU busy share over the phase (all cores), 0–1. */
  cpuBusy: number;
  /** This Node process's CPU time over the phase / wall time (1 = one core). */
  nodeCpu: number;
  /** The benchmark database's PostgreSQL backends' CPU time / wall time (1 = one core). */
  pgCpu: number;
  /** WAL bytes and WAL flushes (fsyncs) per operation, cluster-wide (pg_stat_wal). */
  walBytesPerOp: number;
  walSyncsPerOp: number;
  /** Share of samples of non-idle backends per wait event ('CPU' = running, no wait). */
  waits: Record<string, number>;
}

function cpuTimes(): { idle: number; total: number } {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  return { idle, total: values.reduce((a, b) => a + b, 0) };
}

/** utime + stime (clock ticks) per process id; a process that is gone is left out. */
function procTicks(pids: number[]): Map<number, number> {
  const ticks = new Map<number, number>();
  for (const pid of pids) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks.set(pid, Number(fields[11]) + Number(fields[12]));
    } catch {
      // The backend ended (or PostgreSQL runs on another machine): not counted.
    }
  }
  return ticks;
}

/** CPU ticks spent between two samples by the processes alive at the end (new ones: all of theirs). */
function ticksBetween(before: Map<number, number>, after: Map<number, number>): number {
  let sum = 0;
  for (const [pid, t] of after) sum += t - (before.get(pid) ?? 0);
  return sum;
}

const backendPids = async (c: pg.Client, dbName: string) =>
  (
    await c.query<{ pid: number }>(
      `select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid() and backend_type = 'client backend'`,
      [dbName],
    )
  ).rows.map((r) => r.pid);
const TICKS_PER_SECOND = 100;

async function walStats(c: pg.Client): Promise<{ bytes: number; syncs: number }> {
  const { rows } = await c.query<{ bytes: string; syncs: string }>(
    'select wal_bytes::text as bytes, wal_sync::text as syncs from pg_stat_wal',
  );
  return { bytes: Number(rows[0]?.bytes ?? 0), syncs: Number(rows[0]?.syncs ?? 0) };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

/** A phase's measurements, added to slice by slice (phases run interleaved, so load drift hits all alike). */
export interface Phase {
  name: string;
  label: string;
  latencies: number[];
  errors: number;
  seconds: number;
  cpuBusy: number[];
  nodeCpu: number[];
  pgCpu: number[];
  /** ops/s of each slice (round). */
  rates: number[];
  wal: { bytes: number; syncs: number };
  waits: Map<string, number>;
  samples: number;
}

export const newPhase = (name: string, label: string): Phase => ({
  name,
  label,
  latencies: [],
  errors: 0,
  seconds: 0,
  cpuBusy: [],
  nodeCpu: [],
  pgCpu: [],
  rates: [],
  wal: { bytes: 0, syncs: 0 },
  waits: new Map(),
  samples: 0,
});

/** Runs `op` in `workers` parallel loops for `seconds`, unmeasured (warm-up: connections, caches, plans). */
export async function warmUp(seconds: number, workers: number, op: () => Promise<unknown>): Promise<void> {
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (performance.now() < end) await op().catch(() => {});
    }),
  );
}

/** Runs `op` in `workers` parallel loops for `seconds` and adds the slice to `phase`; samples waits on `dbName`. */
export async function runSlice(
  phase: Phase,
  spec: { seconds: number; workers: number; monitorUrl: string; dbName: string },
  op: () => Promise<unknown>,
): Promise<void> {
  const monitor = new pg.Client({ connectionString: spec.monitorUrl });
  await monitor.connect();
  const backends = await backendPids(monitor, spec.dbName);
  const wal0 = await walStats(monitor);
  const ops0 = phase.latencies.length;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const { rows } = await monitor.query<{ wait: string }>(
        `select coalesce(wait_event_type || ':' || wait_event, 'CPU') as wait
         from pg_stat_activity
         where datname = $1 and pid <> pg_backend_pid() and state <> 'idle' and backend_type = 'client backend'`,
        [spec.dbName],
      );
      for (const r of rows) {
        phase.waits.set(r.wait, (phase.waits.get(r.wait) ?? 0) + 1);
        phase.samples++;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();

  const cpu0 = cpuTimes();
  const node0 = process.cpuUsage();
  const pg0 = procTicks(backends);
  const started = performance.now();
  const end = started + spec.seconds * 1000;
  await Promise.all(
    Array.from({ length: spec.workers }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        try {
          await op();
          phase.latencies.push(performance.now() - t0);
        } catch {
          phase.errors++;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const cpu1 = cpuTimes();
  const node1 = process.cpuUsage(node0);
  sampling = false;
  await sampler;
  const pg1 = procTicks(await backendPids(monitor, spec.dbName));
  const wal1 = await walStats(monitor);
  await monitor.end();
  phase.rates.push((phase.latencies.length - ops0) / elapsed);
  phase.wal.bytes += wal1.bytes - wal0.bytes;
  phase.wal.syncs += wal1.syncs - wal0.syncs;
  phase.pgCpu.push(ticksBetween(pg0, pg1) / TICKS_PER_SECOND / elapsed);
  const ticks = cpu1.total - cpu0.total;
  phase.seconds += elapsed;
  phase.cpuBusy.push(ticks > 0 ? 1 - (cpu1.idle - cpu0.idle) / ticks : 0);
  phase.nodeCpu.push((node1.user + node1.system) / 1e6 / elapsed);
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

/** The median of `xs` (0 for none). */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length === 0 ? 0 : s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

/** The phase's figures over all its slices. */
export function summarize(phase: Phase): PhaseResult {
  const sorted = [...phase.latencies].sort((a, b) => a - b);
  return {
    name: phase.name,
    label: phase.label,
    ops: sorted.length,
    perSecond: Math.round(median(phase.rates)),
    range: [Math.round(Math.min(...phase.rates)), Math.round(Math.max(...phase.rates))],
    errors: phase.errors,
    p50ms: Number(percentile(sorted, 0.5).toFixed(2)),
    p95ms: Number(percentile(sorted, 0.95).toFixed(2)),
    cpuBusy: Number(mean(phase.cpuBusy).toFixed(2)),
    nodeCpu: Number(mean(phase.nodeCpu).toFixed(2)),
    pgCpu: Number(mean(phase.pgCpu).toFixed(2)),
    walBytesPerOp: Math.round(phase.wal.bytes / Math.max(1, sorted.length)),
    walSyncsPerOp: Number((phase.wal.syncs / Math.max(1, sorted.length)).toFixed(2)),
    waits: Object.fromEntries(
      [...phase.waits]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 4)
        .map(([k, v]) => [k, Number((v / Math.max(1, phase.samples)).toFixed(2))]),
    ),
  };
}

/**
 * Median latency (µs) of an 8 kB write + fdatasync in `dir`: what one WAL flush costs on
 * this disk right now (a committed audit entry waits for one; other tenants' I/O moves it).
 */
export function fdatasyncMicros(dir: string, count = 100): number {
  const file = path.join(dir, `audit-bench-fsync-${process.pid}`);
  const fd = fs.openSync(file, 'w');
  const block = Buffer.alloc(8192, 1);
  const times: number[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const t0 = performance.now();
      fs.writeSync(fd, block, 0, block.length, 0);
      fs.fdatasyncSync(fd);
      times.push((performance.now() - t0) * 1000);
    }
  } finally {
    fs.closeSync(fd);
    fs.rmSync(file, { force: true });
  }
  return Math.round(median(times));
}
