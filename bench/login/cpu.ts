/**
 * CPU sampling during a load level, from /proc: the server process, the
 * PostgreSQL backends serving the scratch database (found in pg_stat_activity),
 * this load-generating process, and the whole machine. Figures are in cores
 * (1.0 = one core fully busy over the level), so they answer "what limits it".
 */
import fs from 'node:fs';
import os from 'node:os';
import pg from 'pg';

const TICKS_PER_SECOND = 100;

/** utime + stime of one process (or the sum over several) in clock ticks, or null when it has gone. */
function ticksOf(pid: number | number[]): number | null {
  if (Array.isArray(pid)) {
    const each = pid.map((p) => ticksOf(p));
    return each.some((t) => t === null) ? null : each.reduce<number>((a, t) => a + (t ?? 0), 0);
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

function machineTicks(): { idle: number; total: number } {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  return { idle: (values[3] ?? 0) + (values[4] ?? 0), total: values.reduce((a, b) => a + b, 0) };
}

export interface CpuFigures {
  /** The server process(es) (Node: one event loop each plus GC/libuv threads). */
  serverCores: number;
  /** Peak over the 1 s samples: how close the server came to one full core. */
  serverPeakCores: number;
  /** PostgreSQL backends of the scratch database. */
  postgresCores: number;
  /** This process: the virtual citizens' HTTP client. */
  loadGeneratorCores: number;
  /** Share of all cores busy (everything on the machine, other engineers' work included). */
  machineBusy: number;
  /** Busy cores not accounted for above: other engineers' work, PostgreSQL's background writers. */
  otherCores: number;
  /** 1-minute load average at the start and end of the level. */
  loadAverage: [number, number];
}

/** Starts sampling once a second; `stop()` returns the figures since the start. */
export async function startCpuSampler(options: {
  /** One server process, or all of them when several share the load (summed). */
  serverPid: number | number[];
  monitorUrl: string;
  dbName: string;
}) {
  const monitor = new pg.Client({ connectionString: options.monitorUrl });
  await monitor.connect();
  const backendsFirst = new Map<number, number>();
  const backendsLast = new Map<number, number>();
  const started = performance.now();
  const machine0 = machineTicks();
  const self0 = process.cpuUsage();
  const server0 = ticksOf(options.serverPid) ?? 0;
  const load0 = os.loadavg()[0] ?? 0;
  let serverPrev = server0;
  let prevAt = started;
  let serverPeak = 0;

  async function sample() {
    const { rows } = await monitor.query<{ pid: number }>(
      'select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
      [options.dbName],
    );
    for (const { pid } of rows) {
      const ticks = ticksOf(pid);
      if (ticks === null) continue;
      if (!backendsFirst.has(pid)) backendsFirst.set(pid, ticks);
      backendsLast.set(pid, ticks);
    }
    const now = performance.now();
    const server = ticksOf(options.serverPid) ?? serverPrev;
    const cores = (server - serverPrev) / TICKS_PER_SECOND / ((now - prevAt) / 1000);
    if (now - prevAt > 500) serverPeak = Math.max(serverPeak, cores);
    serverPrev = server;
    prevAt = now;
  }
  await sample();
  let pending: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    pending = sample().catch(() => {});
  }, 1000);

  return {
    async stop(): Promise<CpuFigures> {
      clearInterval(timer);
      await pending;
      await sample().catch(() => {});
      await monitor.end();
      const seconds = (performance.now() - started) / 1000;
      const machine1 = machineTicks();
      const self = process.cpuUsage(self0);
      let pgTicks = 0;
      for (const [pid, first] of backendsFirst) pgTicks += (backendsLast.get(pid) ?? first) - first;
      const total = machine1.total - machine0.total;
      const round = (n: number) => Number(n.toFixed(2));
      const serverCores = ((ticksOf(options.serverPid) ?? serverPrev) - server0) / TICKS_PER_SECOND / seconds;
      const postgresCores = pgTicks / TICKS_PER_SECOND / seconds;
      const loadGeneratorCores = (self.user + self.system) / 1e6 / seconds;
      const machineBusy = total > 0 ? 1 - (machine1.idle - machine0.idle) / total : 0;
      const otherCores = machineBusy * os.cpus().length - serverCores - postgresCores - loadGeneratorCores;
      return {
        serverCores: round(serverCores),
        serverPeakCores: round(serverPeak),
        postgresCores: round(postgresCores),
        loadGeneratorCores: round(loadGeneratorCores),
        machineBusy: round(machineBusy),
        otherCores: round(Math.max(0, otherCores)),
        loadAverage: [round(load0), round(os.loadavg()[0] ?? 0)],
      };
    },
  };
}
