/**
 * Load signals and shedding. The readings the waiting room's switch, its pace
 * and the shedder use: requests in progress, event-loop delay (p99 over the
 * last second), requests waiting for a database connection, and — to tell this
 * process's own load from its neighbours' — its own CPU over the same second
 * (a share of one core) and its event loop's utilization. Over the shedding
 * limits new requests get 503 with Retry-After at once — a fast refusal the
 * client can act on instead of a request that hangs. Routes that must answer
 * under any load (health, the waiting room's own polls) say `alwaysOpen`.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from './errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Never shed (health checks, the waiting room's status poll): answered even over capacity. */
    alwaysOpen?: boolean;
  }
}

export interface LoadReading {
  inFlight: number;
  eventLoopDelayMs: number;
  poolWaiting: number;
  /** This process's own CPU over the last second, a share of one core (GC and libuv threads can take it over 1). */
  ownCpu?: number;
  /** The event loop's utilization over the last second, 0–1. */
  eventLoopUtilization?: number;
}

export interface LoadLimits {
  /** 0 = no cap. */
  maxInFlight: number;
  /** 0 = never shed on delay. */
  shedEventLoopDelayMs: number;
  /**
   * The delay sheds only while this process used at least this share of a core over the same second
   * (its own work, not a starved machine's); 0 = the delay sheds alone.
   */
  shedOwnCpu: number;
  /** A request not answered by then gets 503 (0 = no limit). */
  requestTimeoutMs: number;
}

/** Seconds a shed client is asked to wait before trying again. */
export const SHED_RETRY_AFTER_SECONDS = 5;

/** This process's cumulative use: CPU (µs, all threads), wall clock (µs), its event loop's active and idle time (ms). */
export interface ProcessUse {
  cpuUs: number;
  wallUs: number;
  loopActiveMs: number;
  loopIdleMs: number;
}

/** The process's own counters (process.cpuUsage, performance.eventLoopUtilization). */
export function processUse(): ProcessUse {
  const cpu = process.cpuUsage();
  const loop = performance.eventLoopUtilization();
  return {
    cpuUs: cpu.user + cpu.system,
    wallUs: Number(process.hrtime.bigint() / 1000n),
    loopActiveMs: loop.active,
    loopIdleMs: loop.idle,
  };
}

/** One window's own use: CPU as a share of one core, and the event loop's utilization (0–1). */
export interface OwnUse {
  ownCpu: number;
  eventLoopUtilization: number;
}

/**
 * Own use over successive windows: each call answers for the time since the previous one. The share
 * is CPU time over wall time, so a late timer (a starved machine) lengthens the window, not the share.
 * Over 1 is possible (GC and libuv threads). Counters are injectable for tests.
 */
export function ownUseMeter(read: () => ProcessUse = processUse): () => OwnUse {
  let last = read();
  return () => {
    const now = read();
    const wall = now.wallUs - last.wallUs;
    const cpu = now.cpuUs - last.cpuUs;
    const active = now.loopActiveMs - last.loopActiveMs;
    const loop = active + (now.loopIdleMs - last.loopIdleMs);
    last = now;
    return {
      ownCpu: wall > 0 ? Math.max(0, cpu / wall) : 0,
      eventLoopUtilization: loop > 0 ? Math.min(1, Math.max(0, active / loop)) : 0,
    };
  };
}

/** One second's window of the readings the monitor keeps (the delay's p99 and the own use). */
export interface LoadWindow extends OwnUse {
  eventLoopDelayMs: number;
}

/** The real window since the previous read: the event-loop delay's p99 (10-ms resolution) and `ownUseMeter`. */
function processWindow() {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  const own = ownUseMeter();
  return {
    read(): LoadWindow {
      const eventLoopDelayMs = histogram.count > 0 ? histogram.percentile(99) / 1e6 : 0;
      histogram.reset();
      return { eventLoopDelayMs, ...own() };
    },
    close: () => histogram.disable(),
  };
}

export function createLoadMonitor(deps: {
  poolWaiting: () => number;
  limits: LoadLimits;
  /** Reads one window (since the previous call); by default `processWindow`. Tests inject one. */
  window?: () => LoadWindow;
}) {
  let inFlight = 0;
  let timedOut = 0;
  const counted = new WeakSet<FastifyRequest>();
  const timers = new WeakMap<FastifyRequest, NodeJS.Timeout>();
  let shed = 0;
  let current: LoadWindow = { eventLoopDelayMs: 0, ownCpu: 0, eventLoopUtilization: 0 };
  const source = deps.window ? { read: deps.window, close: () => {} } : processWindow();
  const sample = () => {
    current = source.read();
  };
  const timer = setInterval(sample, 1000);
  timer.unref();

  const overloaded = () =>
    (deps.limits.maxInFlight > 0 && inFlight >= deps.limits.maxInFlight) ||
    (deps.limits.shedEventLoopDelayMs > 0 &&
      current.eventLoopDelayMs >= deps.limits.shedEventLoopDelayMs &&
      (deps.limits.shedOwnCpu <= 0 || current.ownCpu >= deps.limits.shedOwnCpu));

  return {
    reading(): LoadReading {
      return {
        inFlight,
        eventLoopDelayMs: Math.round(current.eventLoopDelayMs * 10) / 10,
        poolWaiting: deps.poolWaiting(),
        ownCpu: Math.round(current.ownCpu * 1000) / 1000,
        eventLoopUtilization: Math.round(current.eventLoopUtilization * 1000) / 1000,
      };
    },
    /** Reads a window now (the one-second timer does this; tests with an injected `window` call it). */
    sample,
    /** Requests refused since start (for the dashboard and the benchmark). */
    shedCount: () => shed,
    /** Requests answered 503 because they ran past the request timeout. */
    timedOutCount: () => timedOut,
    /** Counts requests in progress and sheds new ones over the limits (root-level onRequest hook). */
    install(app: FastifyInstance) {
      // Callback hooks, not async ones: every request passes them, and a promise and a microtask
      // each are a measurable part of an empty request (issue 15).
      app.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void) => {
        const alwaysOpen = request.routeOptions.config?.alwaysOpen === true;
        if (!alwaysOpen && overloaded()) {
          shed += 1;
          reply.header('retry-after', String(SHED_RETRY_AFTER_SECONDS));
          done(
            new AppError(
              503,
              'overloaded',
              'Tjänsten har många besökare just nu. Försök igen om en liten stund.',
              undefined,
              { retryAfter: SHED_RETRY_AFTER_SECONDS },
            ),
          );
          return;
        }
        // A WebSocket upgrade lives for the whole session: it is no request in flight.
        if (request.headers.upgrade) return done();
        inFlight += 1;
        counted.add(request);
        if (deps.limits.requestTimeoutMs > 0 && !alwaysOpen) {
          const timer = setTimeout(() => {
            if (reply.sent || reply.raw.headersSent) return;
            timedOut += 1;
            reply
              .status(503)
              .header('retry-after', String(SHED_RETRY_AFTER_SECONDS))
              .send({ error: { code: 'timeout', message: 'Det tog för lång tid. Försök igen om en liten stund.' } });
          }, deps.limits.requestTimeoutMs);
          timer.unref();
          timers.set(request, timer);
        }
        done();
      });
      const forget = (request: FastifyRequest) => {
        if (!counted.delete(request)) return;
        inFlight -= 1;
        const timer = timers.get(request);
        if (timer) clearTimeout(timer);
      };
      app.addHook('onResponse', (request: FastifyRequest, _reply: FastifyReply, done: () => void) => {
        forget(request);
        done();
      });
      app.addHook('onRequestAbort', (request: FastifyRequest, done: () => void) => {
        forget(request);
        done();
      });
    },
    close() {
      clearInterval(timer);
      source.close();
    },
  };
}

export type LoadMonitor = ReturnType<typeof createLoadMonitor>;

/**
 * Database errors that mean "too busy right now", answered 503 with Retry-After:
 * a statement cancelled by statement_timeout (57014) or no pooled connection in time.
 */
export function isOverloadError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return (
    code === '57014' || (typeof message === 'string' && message.startsWith('timeout exceeded when trying to connect'))
  );
}
