/**
 * Load signals and shedding. Three readings the waiting room's switch and the
 * shedder use: requests in progress, event-loop delay (p99 over the last
 * second) and requests waiting for a database connection. Over the shedding
 * limits new requests get 503 with Retry-After at once — a fast refusal the
 * client can act on instead of a request that hangs. Routes that must answer
 * under any load (health, the waiting room's own polls) say `alwaysOpen`.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
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
}

export interface LoadLimits {
  /** 0 = no cap. */
  maxInFlight: number;
  /** 0 = never shed on delay. */
  shedEventLoopDelayMs: number;
  /** A request not answered by then gets 503 (0 = no limit). */
  requestTimeoutMs: number;
}

/** Seconds a shed client is asked to wait before trying again. */
export const SHED_RETRY_AFTER_SECONDS = 5;

export function createLoadMonitor(deps: { poolWaiting: () => number; limits: LoadLimits }) {
  let inFlight = 0;
  let timedOut = 0;
  const counted = new WeakSet<FastifyRequest>();
  const timers = new WeakMap<FastifyRequest, NodeJS.Timeout>();
  let shed = 0;
  let delayMs = 0;
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  const timer = setInterval(() => {
    delayMs = histogram.count > 0 ? histogram.percentile(99) / 1e6 : 0;
    histogram.reset();
  }, 1000);
  timer.unref();

  const overloaded = () =>
    (deps.limits.maxInFlight > 0 && inFlight >= deps.limits.maxInFlight) ||
    (deps.limits.shedEventLoopDelayMs > 0 && delayMs >= deps.limits.shedEventLoopDelayMs);

  return {
    reading(): LoadReading {
      return { inFlight, eventLoopDelayMs: Math.round(delayMs * 10) / 10, poolWaiting: deps.poolWaiting() };
    },
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
      histogram.disable();
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
