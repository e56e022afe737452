/**
 * Runs benchmark phases in slices: N workers loop an operation for a fixed
 * time, while a monitor connection samples pg_stat_activity (what the backends wait
 * on) and /proc/stat (how busy the machine's CPUs are).
 */
import fs from 'node:fs';
import pg from 'pg';

export interface PhaseResult {
  name: string;
  label: string;
  ops: number;
  perSecond: number;
  errors: number;
  p50ms: number;
  p95ms: number;
  /** Machine CPU busy share over the phase (all cores), 0–1. */
  cpuBusy: number;
  /** This Node process's CPU time over the phase / wall time (1 = one core). */
  nodeCpu: number;
  /** Share of samples of non-idle backends per wait event ('CPU' = running, no wait). */
  waits: Record<string, number>;
}

function cpuTimes(): { idle: number; total: number } {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  return { idle, total: values.reduce((a, b) => a + b, 0) };
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
  waits: new Map(),
  samples: 0,
});

/** Runs `op` in `workers` parallel loops for `seconds` and adds the slice to `phase`; samples waits on `dbName`. */
export async function runSlice(
  phase: Phase,
  spec: { seconds: number; workers: number; monitorUrl: string; dbName: string },
  op: () => Promise<unknown>,
): Promise<void> {
  const monitor = new pg.Client({ connectionString: spec.monitorUrl });
  await monitor.connect();
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
  await monitor.end();
  const ticks = cpu1.total - cpu0.total;
  phase.seconds += elapsed;
  phase.cpuBusy.push(ticks > 0 ? 1 - (cpu1.idle - cpu0.idle) / ticks : 0);
  phase.nodeCpu.push((node1.user + node1.system) / 1e6 / elapsed);
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

/** The phase's figures over all its slices. */
export function summarize(phase: Phase): PhaseResult {
  const sorted = [...phase.latencies].sort((a, b) => a - b);
  return {
    name: phase.name,
    label: phase.label,
    ops: sorted.length,
    perSecond: Math.round(sorted.length / Math.max(phase.seconds, 0.001)),
    errors: phase.errors,
    p50ms: Number(percentile(sorted, 0.5).toFixed(2)),
    p95ms: Number(percentile(sorted, 0.95).toFixed(2)),
    cpuBusy: Number(mean(phase.cpuBusy).toFixed(2)),
    nodeCpu: Number(mean(phase.nodeCpu).toFixed(2)),
    waits: Object.fromEntries(
      [...phase.waits]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 4)
        .map(([k, v]) => [k, Number((v / Math.max(1, phase.samples)).toFixed(2))]),
    ),
  };
}
