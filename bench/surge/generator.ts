/**
 * The release's load generator. 150 000 simulated browsers behind one undici Pool of 256 connections in
 * one process waited up to minutes in the client's own queue while the machine was idle (and a pool of
 * 1 024 burned its own core: a Pool scans its clients on every dispatch). Here the browsers are spread
 * over `processes` generator processes (forked, bench/surge/release-worker.ts; 0 = this process), each
 * with small pools of `poolSize` connections (browser i → process i mod P, then pool ⌊i / P⌋ mod k), so
 * every dispatch is cheap and no event loop carries everyone. The open times are relayed between the
 * processes (a booking that fills a time, a "slot_full") so every browser knows what the app would show.
 *
 * Every pool is composed with `timed`, so each call's wait in the generator's own queue is measured apart
 * from the server's answer; each process reports its CPU (% of one core) and event-loop delay. A big
 * client queue with a generator process near a full core or a long event-loop delay: generator-bound.
 * A small client queue and long answers: the server (or the database behind it) is the limit.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { type Dispatcher, Pool } from 'undici';
import type { Citizen } from '../booking/load.js';
import { prng } from '../booking/region.js';
import { mergeTally, newTally, timed } from './http.js';
import { type BrowsePart, browse, epochNow, type ReleaseScenario, SlotBoard } from './release.js';

export interface GeneratorShape {
  /** Generator processes besides this one; 0 = the browsers run in this process (as before session 6). */
  processes: number;
  /** Connections in all, shared out over the processes. */
  connections: number;
  /** Connections per undici Pool (1 pool of all the connections when ≥ connections). */
  poolSize: number;
}

export interface ProcessFigures {
  pid: number;
  browsers: number;
  pools: number;
  connections: number;
  /** CPU from the start of the release's browsing to its end, in per cent of one core. */
  cpuPctOfCore: number;
  /** The event loop's delay, p99 and max (ms): how late this process's own timers and answers were seen. */
  eventLoopDelayP99Ms: number;
  eventLoopDelayMaxMs: number;
}

export interface GeneratorFigures {
  processes: number;
  connections: number;
  pools: number;
  /** Each generator process (with processes = 0, this one). */
  perProcess: ProcessFigures[];
  /** CPU ms of the forked generator processes in all (the machine's CPU split adds them to this process's). */
  childCpuMs: number;
}

/** What the parent tells a forked generator process, and what it answers. */
export type ToWorker =
  | {
      type: 'init';
      origin: string;
      scenario: ReleaseScenario;
      citizens: Citizen[];
      indices: number[];
      total: number;
      processes: number;
      connections: number;
      poolSize: number;
      seed: number;
    }
  | { type: 'go'; startedAt: number; releaseAt: number }
  | { type: 'close'; slotId: string };
export type FromWorker =
  | { type: 'ready' }
  | { type: 'booked'; slotId: string }
  | { type: 'full'; slotId: string }
  | { type: 'done'; part: BrowsePart; figures: ProcessFigures; cpuMs: number };

/** `connections` split into pools of at most `poolSize`, each timed; browser i's pool is `poolFor(i)`. */
export function timedPools(origin: string, connections: number, poolSize: number, stride: number) {
  const count = Math.max(1, Math.ceil(connections / Math.max(1, poolSize)));
  const per = Math.max(1, Math.ceil(connections / count));
  const pools = Array.from({ length: count }, () =>
    new Pool(origin, { connections: per, pipelining: 1 }).compose(timed),
  );
  return {
    count,
    connections: count * per,
    /**
     * Opens every connection before the release (`per` requests at once on each pool; a pool opens a
     * connection only when all it has are busy), so that the client queue measures waiting, not
     * connecting, and the release does not begin with a thousand handshakes.
     */
    warm: () =>
      Promise.all(
        pools.flatMap((p) =>
          Array.from({ length: per }, async () => {
            const res = await p.request({ method: 'GET', path: '/api/no-such-route' });
            await res.body.text();
          }),
        ),
      ),
    poolFor: (i: number): Dispatcher => pools[Math.floor(i / stride) % count] as Dispatcher,
    destroy: () => Promise.all(pools.map((p) => p.destroy().catch(() => {}))),
  };
}

/** Measures this process from now: call the result at the end. */
export function measureProcess() {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  return (x: { browsers: number; pools: number; connections: number }): ProcessFigures => {
    delay.disable();
    const cpu = process.cpuUsage(cpu0);
    const wall = Math.max(1, performance.now() - t0);
    return {
      pid: process.pid,
      ...x,
      cpuPctOfCore: Number(((100 * (cpu.user + cpu.system)) / 1000 / wall).toFixed(1)),
      eventLoopDelayP99Ms: Number((delay.percentile(99) / 1e6).toFixed(1)),
      eventLoopDelayMaxMs: Number((delay.max / 1e6).toFixed(1)),
    };
  };
}

/** Runs the release's browsers as `shape` says; returns their merged measurements and the release moment. */
export async function runGenerator(o: {
  /** The release moment (epochNow); without it, the moment the browsers start. */
  releaseAt?: number;
  origin: string;
  shape: GeneratorShape;
  scenario: ReleaseScenario;
  citizens: Citizen[];
  seed: number;
}): Promise<{ part: BrowsePart; releaseAt: number; figures: GeneratorFigures }> {
  const { shape, scenario } = o;
  const total = o.citizens.length;
  if (shape.processes <= 0) {
    const pools = timedPools(o.origin, shape.connections, shape.poolSize, 1);
    await pools.warm();
    const measured = measureProcess();
    const startedAt = epochNow();
    const releaseAt = Math.max(startedAt, o.releaseAt ?? startedAt);
    const part = await browse({
      startedAt,
      scenario,
      citizens: o.citizens,
      indices: o.citizens.map((_, i) => i),
      total,
      releaseAt,
      dispatcherFor: pools.poolFor,
      board: new SlotBoard(scenario.slotIds, scenario.placesPerSlot),
      random: prng(o.seed),
      tally: newTally(),
    });
    // Browsers still under way at the deadline must not change the figures while the pools close.
    const snapshot = structuredClone(part);
    const figures = measured({ browsers: total, pools: pools.count, connections: pools.connections });
    await pools.destroy();
    return {
      part: snapshot,
      releaseAt,
      figures: {
        processes: 0,
        connections: pools.connections,
        pools: pools.count,
        perProcess: [figures],
        childCpuMs: 0,
      },
    };
  }

  const P = shape.processes;
  const workers: ChildProcess[] = Array.from({ length: P }, () =>
    fork(new URL('./release-worker.ts', import.meta.url), { serialization: 'advanced', stdio: 'inherit' }),
  );
  const left = new Map(scenario.slotIds.map((id) => [id, scenario.placesPerSlot]));
  const closed = new Set<string>();
  const close = (slotId: string) => {
    if (closed.has(slotId)) return;
    closed.add(slotId);
    // A process that has already answered and exited needs no more news (sending would fail with EPIPE).
    for (const w of workers) if (w.connected) w.send({ type: 'close', slotId } satisfies ToWorker);
  };
  const ready: Promise<void>[] = [];
  const done: Promise<Extract<FromWorker, { type: 'done' }>>[] = [];
  for (const [k, w] of workers.entries()) {
    // A send racing the process's exit reports EPIPE here instead of crashing the run; its answer (or
    // the exit before it) is what counts.
    w.on('error', (error) => console.error(`generator process ${k}: ${(error as Error).message}`));
    ready.push(new Promise((resolve) => w.once('message', () => resolve())));
    done.push(
      new Promise((resolve, reject) => {
        w.on('message', (m: FromWorker) => {
          if (m.type === 'booked') {
            const n = (left.get(m.slotId) ?? 1) - 1;
            left.set(m.slotId, n);
            if (n <= 0) close(m.slotId);
          } else if (m.type === 'full') close(m.slotId);
          else if (m.type === 'done') resolve(m);
        });
        w.once('exit', (code) => reject(new Error(`generator process ${k} exited with ${code} before its answer`)));
      }),
    );
    const indices: number[] = [];
    for (let i = k; i < total; i += P) indices.push(i);
    w.send({
      type: 'init',
      origin: o.origin,
      scenario,
      citizens: indices.map((i) => o.citizens[i] as Citizen),
      indices,
      total,
      processes: P,
      connections: Math.ceil(shape.connections / P),
      poolSize: shape.poolSize,
      seed: o.seed + k,
    } satisfies ToWorker);
  }
  try {
    await Promise.all(ready);
    const measured = measureProcess();
    const startedAt = epochNow();
    const releaseAt = Math.max(startedAt, o.releaseAt ?? startedAt);
    for (const w of workers) w.send({ type: 'go', startedAt, releaseAt } satisfies ToWorker);
    const answers = await Promise.all(done);
    const tally = newTally();
    const part: BrowsePart = { bookedAt: [], latencies: [], clear: 0, tally };
    for (const a of answers) {
      for (const x of a.part.bookedAt) part.bookedAt.push(x);
      for (const x of a.part.latencies) part.latencies.push(x);
      part.clear += a.part.clear;
      mergeTally(tally, a.part.tally);
    }
    const perProcess = answers.map((a) => a.figures);
    const own = measured({ browsers: 0, pools: 0, connections: 0 });
    return {
      part,
      releaseAt,
      figures: {
        processes: P,
        connections: perProcess.reduce((s, x) => s + x.connections, 0),
        pools: perProcess.reduce((s, x) => s + x.pools, 0),
        // This process only relays the open times here; it comes first, with no browsers of its own.
        perProcess: [own, ...perProcess],
        childCpuMs: answers.reduce((s, a) => s + a.cpuMs, 0),
      },
    };
  } finally {
    for (const w of workers) if (w.exitCode === null) w.kill();
  }
}
