/**
 * Where the machine's CPU went during a phase: the load generator (this process and any it forked), the server
 * instances (and nginx), PostgreSQL's processes and Redis — as shares of the machine's capacity
 * (cores × wall time). On one machine the generator competes with what it measures; this split is
 * the evidence for "what limits the figure".
 */
import fs from 'node:fs';
import os from 'node:os';

const TICK_MS = 1000 / 100; // USER_HZ

/** CPU ms used so far by the processes `pids` (from /proc); a process that is gone counts 0. */
export function cpuMs(pids: number[]): number {
  return pids.reduce((sum, pid) => sum + processCpuMs(pid), 0);
}

function processCpuMs(pid: number | string): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

/** CPU ms of every live process whose command name is `name` (PostgreSQL's backends, redis-server). */
function cpuMsByName(name: string): number {
  let sum = 0;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (comm.startsWith(name)) sum += processCpuMs(entry);
    } catch {
      // gone meanwhile
    }
  }
  return sum;
}

interface Sample {
  at: number;
  generator: number;
  servers: number;
  postgres: number;
  redis: number;
}

const sample = (serverPids: number[]): Sample => {
  const own = process.cpuUsage();
  return {
    at: performance.now(),
    generator: (own.user + own.system) / 1000,
    servers: cpuMs(serverPids),
    postgres: cpuMsByName('postgres'),
    redis: cpuMsByName('redis-server'),
  };
};

export interface CpuSplit {
  /** Shares of cores × wall time, in per cent. PostgreSQL's backends that exited meanwhile are not counted. */
  generatorPct: number;
  serversPct: number;
  postgresPct: number;
  redisPct: number;
  idlePct: number;
}

/**
 * Starts a measurement; call the result to end it, with the CPU ms of generator processes forked
 * meanwhile (bench/surge/generator.ts; they have exited by then and report their own).
 */
export function measureCpu(serverPids: number[]): (forkedGeneratorMs?: number) => CpuSplit {
  const start = sample(serverPids);
  return (forkedGeneratorMs = 0) => {
    const end = sample(serverPids);
    end.generator += forkedGeneratorMs;
    const capacity = Math.max(1, (end.at - start.at) * os.cpus().length);
    const pct = (key: keyof Omit<Sample, 'at'>) => Number(((100 * (end[key] - start[key])) / capacity).toFixed(1));
    const split = {
      generatorPct: pct('generator'),
      serversPct: pct('servers'),
      postgresPct: pct('postgres'),
      redisPct: pct('redis'),
    };
    const used = split.generatorPct + split.serversPct + split.postgresPct + split.redisPct;
    return { ...split, idlePct: Number(Math.max(0, 100 - used).toFixed(1)) };
  };
}

export const describeCpu = (s: CpuSplit) =>
  `generator ${s.generatorPct} %, servers ${s.serversPct} %, PostgreSQL ${s.postgresPct} %, Redis ${s.redisPct} %, idle/other ${s.idlePct} %`;
