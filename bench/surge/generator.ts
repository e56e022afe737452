/**
 * The surge benchmark's load generator, for the release and the rumour alike. 150 000 simulated browsers
 * behind one undici Pool of 256 connections in one process waited up to minutes in the client's own
 * queue while the machine was idle (and a pool of 1 024 burned its own core: a Pool scans its clients on
 * every dispatch); 45 000 rumour arrivals on that pool waited 4.2 s (p50) for a connection while the
 * server answered every join within a second. Here the browsers are spread over `processes` generator
 * processes (forked: bench/surge/release-worker.ts, rumour-worker.ts; 0 = this process), each with small
 * pools of `poolSize` connections (browser i → process i mod P, then pool ⌊i / P⌋ mod k), so every
 * dispatch is cheap and no event loop carries everyone. A scenario (`GeneratorScenario`) says what one
 * process does with its browsers; what every process must know (the release's open times) is relayed
 * through the parent.
 *
 * Every pool is composed with `timed`, so each call's wait in the generator's own queue is measured apart
 * from the server's answer; each process reports its CPU (% of one core) and event-loop delay. A big
 * client queue with a generator process near a full core or a long event-loop delay: generator-bound.
 * A small client queue and long answers: the server (or the database behind it) is the limit.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { type Dispatcher, Pool } from 'undici';
import { timed } from './http.js';

/** Wall-clock milliseconds that mean the same in every generator process. */
export const epochNow = () => performance.timeOrigin + performance.now();

export interface GeneratorShape {
  /** Generator processes besides this one; 0 = the browsers run in this process (as before session 6). */
  processes: number;
  /** Connections in all, shared out over the processes. */
  connections: number;
  /** Connections per undici Pool (1 pool of all the connections when ≥ connections). */
  poolSize: number;
  /**
   * Connections in all (besides `connections`) for the calls a scenario sends on `joinDispatcherFor`: the
   * rumour's joins, which would otherwise wait in the generator's queue behind everyone's status polls
   * (a phone that opens the app waits for nobody's poll). 0 = the joins share the pools.
   */
  joinConnections?: number;
}

export interface ProcessFigures {
  pid: number;
  browsers: number;
  pools: number;
  connections: number;
  /** Of the connections, the joins' own (in pools of their own). */
  joinConnections?: number;
  /** CPU from the start of the scenario's browsing to its end, in per cent of one core. */
  cpuPctOfCore: number;
  /** The event loop's delay, p99 and max (ms): how late this process's own timers and answers were seen. */
  eventLoopDelayP99Ms: number;
  eventLoopDelayMaxMs: number;
}

export interface GeneratorFigures {
  processes: number;
  connections: number;
  /** Of the connections, the joins' own. */
  joinConnections: number;
  pools: number;
  /** Each generator process (with processes = 0, this one). */
  perProcess: ProcessFigures[];
  /** CPU ms of the forked generator processes in all (the machine's CPU split adds them to this process's). */
  childCpuMs: number;
}

/**
 * `connections` split into pools of at most `poolSize`, each timed; browser i's pool is `poolFor(i)`.
 * With `joinConnections`, as many more in pools of their own for the joins (`joinFor(i)`).
 */
export function timedPools(origin: string, connections: number, poolSize: number, stride: number, joinConnections = 0) {
  const split = (n: number) => {
    const count = Math.max(1, Math.ceil(n / Math.max(1, poolSize)));
    const per = Math.max(1, Math.ceil(n / count));
    return Array.from({ length: count }, () => ({
      per,
      pool: new Pool(origin, { connections: per, pipelining: 1 }).compose(timed),
    }));
  };
  const browsing = split(connections);
  const joining = joinConnections > 0 ? split(joinConnections) : [];
  const all = [...browsing, ...joining];
  const count = all.length;
  const pick = (list: { pool: Dispatcher }[], i: number) =>
    (list[Math.floor(i / stride) % list.length] as { pool: Dispatcher }).pool;
  return {
    count,
    connections: all.reduce((n, x) => n + x.per, 0),
    joinConnections: joining.reduce((n, x) => n + x.per, 0),
    /**
     * Opens every connection before the scenario (`per` requests at once on each pool; a pool opens a
     * connection only when all it has are busy), so that the client queue measures waiting, not
     * connecting, and the scenario does not begin with a thousand handshakes.
     */
    warm: () =>
      Promise.all(
        all.flatMap(({ pool, per }) =>
          Array.from({ length: per }, async () => {
            const res = await pool.request({ method: 'GET', path: '/api/no-such-route' });
            await res.body.text();
          }),
        ),
      ),
    poolFor: (i: number): Dispatcher => pick(browsing, i),
    joinFor: (i: number): Dispatcher => pick(joining.length ? joining : browsing, i),
    destroy: () => Promise.all(all.map(({ pool }) => pool.destroy().catch(() => {}))),
  };
}

/** Measures this process from now: call the result at the end. */
export function measureProcess() {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  return (x: { browsers: number; pools: number; connections: number; joinConnections?: number }): ProcessFigures => {
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

/** Where browser i of `total` runs: the indices process k of P drives (i mod P = k). */
export const indicesOf = (k: number, processes: number, total: number) => {
  const indices: number[] = [];
  for (let i = k; i < total; i += Math.max(1, processes)) indices.push(i);
  return indices;
};

/**
 * What one process does with its browsers. `W` is its work (its share of the browsers, sent once), `G`
 * the go (sent to every process when all are ready: the moment the scenario starts), `R` news every
 * process must hear (relayed through the parent), `S` the process's state between prepare and run,
 * `P` what it measured (merged by the parent).
 */
export interface GeneratorScenario<W, G, R, S, P> {
  prepare(work: W, tell: (news: R) => void): S;
  /** News from another process (or this one), passed on by the parent. */
  hear?(state: S, news: R): void;
  run(
    state: S,
    go: G,
    browsers: {
      indices: number[];
      total: number;
      dispatcherFor: (i: number) => Dispatcher;
      /** The joins' pools (the same as dispatcherFor's without joinConnections). */
      joinDispatcherFor: (i: number) => Dispatcher;
    },
  ): Promise<P>;
}

/** What the parent tells a forked generator process, and what it answers. */
export type ToWorker<W = unknown, G = unknown, R = unknown> =
  | {
      type: 'init';
      origin: string;
      indices: number[];
      total: number;
      processes: number;
      connections: number;
      joinConnections: number;
      poolSize: number;
      work: W;
    }
  | { type: 'go'; go: G }
  | { type: 'news'; news: R };
export type FromWorker<R = unknown, P = unknown> =
  | { type: 'ready' }
  | { type: 'news'; news: R }
  | { type: 'done'; part: P; figures: ProcessFigures; cpuMs: number };

/**
 * Runs `scenario` with `total` browsers as `shape` says: in this process (`processes` 0) or forked into
 * `worker` (a module that calls `serveGenerator(scenario)`). `work(indices, k)` is process k's work;
 * `go()` is called once every process is ready (pools warmed); `relay(news, passOn)` is the parent's part
 * of the news (passOn sends to every process still running). Returns every process's part and figures.
 */
export async function runGenerator<W, G, R, S, P>(o: {
  origin: string;
  shape: GeneratorShape;
  total: number;
  scenario: GeneratorScenario<W, G, R, S, P>;
  worker: URL;
  work: (indices: number[], k: number) => W;
  go: () => G;
  relay?: (news: R, passOn: (news: R) => void) => void;
}): Promise<{ parts: P[]; go: G; figures: GeneratorFigures }> {
  const { shape, total } = o;
  if (shape.processes <= 0) {
    const indices = indicesOf(0, 1, total);
    const pools = timedPools(o.origin, shape.connections, shape.poolSize, 1, shape.joinConnections);
    await pools.warm();
    const passOn = (news: R) => o.scenario.hear?.(state, news);
    const state: S = o.scenario.prepare(o.work(indices, 0), (news) => o.relay?.(news, passOn));
    const measured = measureProcess();
    const go = o.go();
    const part = await o.scenario.run(state, go, {
      indices,
      total,
      dispatcherFor: pools.poolFor,
      joinDispatcherFor: pools.joinFor,
    });
    // Browsers still under way at a deadline must not change the figures while the pools close.
    const snapshot = structuredClone(part);
    const figures = measured({
      browsers: total,
      pools: pools.count,
      connections: pools.connections,
      joinConnections: pools.joinConnections,
    });
    await pools.destroy();
    return {
      parts: [snapshot],
      go,
      figures: {
        processes: 0,
        connections: pools.connections,
        joinConnections: pools.joinConnections,
        pools: pools.count,
        perProcess: [figures],
        childCpuMs: 0,
      },
    };
  }

  const P = shape.processes;
  const workers: ChildProcess[] = Array.from({ length: P }, () =>
    fork(o.worker, { serialization: 'advanced', stdio: 'inherit' }),
  );
  // A process that has answered and exited needs no more news (sending would fail with EPIPE, which
  // crashed the run at the end of a release in session 6); a send racing its exit reports the error to
  // the callback (and anything else on the process's 'error' event below) instead of crashing the run.
  const send = (w: ChildProcess, m: ToWorker<W, G, R>) => {
    if (w.connected) w.send(m, (error) => error && console.error(`generator process ${w.pid}: ${error.message}`));
  };
  const passOn = (news: R) => {
    for (const w of workers) send(w, { type: 'news', news });
  };
  const ready: Promise<void>[] = [];
  const done: Promise<Extract<FromWorker<R, P>, { type: 'done' }>>[] = [];
  for (const [k, w] of workers.entries()) {
    w.on('error', (error) => console.error(`generator process ${k}: ${(error as Error).message}`));
    const exited = new Promise<never>((_, reject) =>
      w.once('exit', (code, signal) =>
        reject(new Error(`generator process ${k} exited (${code ?? signal}) before its answer`)),
      ),
    );
    // Each of these is settled by the first of (its message, the exit); the later one is a no-op.
    exited.catch(() => {});
    ready.push(Promise.race([new Promise<void>((resolve) => w.once('message', () => resolve())), exited]));
    done.push(
      Promise.race([
        new Promise<Extract<FromWorker<R, P>, { type: 'done' }>>((resolve) => {
          w.on('message', (m: FromWorker<R, P>) => {
            if (m.type === 'news') o.relay?.(m.news, passOn);
            else if (m.type === 'done') resolve(m);
          });
        }),
        exited,
      ]),
    );
    // If this process goes away first (another's failure, a throw here), its answer is never awaited:
    // that rejection must not crash the run either (Promise.all below still sees it).
    done[k]?.catch(() => {});
    ready[k]?.catch(() => {});
    const indices = indicesOf(k, P, total);
    send(w, {
      type: 'init',
      origin: o.origin,
      indices,
      total,
      processes: P,
      connections: Math.ceil(shape.connections / P),
      joinConnections: Math.ceil((shape.joinConnections ?? 0) / P),
      poolSize: shape.poolSize,
      work: o.work(indices, k),
    });
  }
  try {
    await Promise.all(ready);
    const measured = measureProcess();
    const go = o.go();
    for (const w of workers) send(w, { type: 'go', go });
    const answers = await Promise.all(done);
    const perProcess = answers.map((a) => a.figures);
    const own = measured({ browsers: 0, pools: 0, connections: 0 });
    return {
      parts: answers.map((a) => a.part),
      go,
      figures: {
        processes: P,
        connections: perProcess.reduce((s, x) => s + x.connections, 0),
        joinConnections: perProcess.reduce((s, x) => s + (x.joinConnections ?? 0), 0),
        pools: perProcess.reduce((s, x) => s + x.pools, 0),
        // This process only relays here; it comes first, with no browsers of its own.
        perProcess: [own, ...perProcess],
        childCpuMs: answers.reduce((s, a) => s + a.cpuMs, 0),
      },
    };
  } finally {
    for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill();
  }
}

/**
 * A forked generator process's side (the whole of bench/surge/*-worker.ts): prepares its browsers on
 * `init` (warming its pools), says ready, runs them on `go`, passes news both ways, answers with its
 * part, its figures and its CPU, and exits. It also exits if the parent goes away.
 */
export function serveGenerator<W, G, R, S, P>(scenario: GeneratorScenario<W, G, R, S, P>) {
  const send = (m: FromWorker<R, P>, then?: () => void) => {
    if (!process.connected) return then?.();
    process.send?.(m, undefined, undefined, () => then?.());
  };
  let ready:
    | { init: Extract<ToWorker<W, G, R>, { type: 'init' }>; state: S; pools: ReturnType<typeof timedPools> }
    | undefined;
  // No parent, nothing to answer: stop (the parent's end or crash must not leave browsers running).
  process.on('disconnect', () => process.exit(0));
  process.on('message', (m: ToWorker<W, G, R>) => {
    if (m.type === 'init') void prepare(m);
    else if (m.type === 'news' && ready) scenario.hear?.(ready.state, m.news);
    else if (m.type === 'go' && ready) void run(m.go);
  });
  async function prepare(init: Extract<ToWorker<W, G, R>, { type: 'init' }>) {
    // Browser i is this process's because i mod P = k; its pool follows from ⌊i / P⌋.
    const pools = timedPools(init.origin, init.connections, init.poolSize, init.processes, init.joinConnections);
    await pools.warm();
    const state = scenario.prepare(init.work, (news) => send({ type: 'news', news }));
    ready = { init, state, pools };
    send({ type: 'ready' });
  }
  async function run(go: G) {
    if (!ready) return;
    const { init, state, pools } = ready;
    const measured = measureProcess();
    const part = await scenario.run(state, go, {
      indices: init.indices,
      total: init.total,
      dispatcherFor: pools.poolFor,
      joinDispatcherFor: pools.joinFor,
    });
    const figures = measured({
      browsers: init.indices.length,
      pools: pools.count,
      connections: pools.connections,
      joinConnections: pools.joinConnections,
    });
    const cpu = process.cpuUsage();
    // Browsers still under way at a deadline stop with the process.
    send({ type: 'done', part, figures, cpuMs: (cpu.user + cpu.system) / 1000 }, () => process.exit(0));
  }
}
