/**
 * Load signals: requests in progress, event-loop delay (p99 over the last
 * second) and requests waiting for a database connection — read by /metrics
 * and by admission control (the waiting room, load shedding: issue 15 builds
 * on this same reading, so both see one set of numbers).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { FastifyInstance, FastifyRequest } from 'fastify';

export interface LoadReading {
  inFlight: number;
  eventLoopDelayMs: number;
  poolWaiting: number;
}

export function createLoadMonitor(deps: { poolWaiting: () => number }) {
  let inFlight = 0;
  const counted = new WeakSet<FastifyRequest>();
  let delayMs = 0;
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  const timer = setInterval(() => {
    delayMs = histogram.count > 0 ? histogram.percentile(99) / 1e6 : 0;
    histogram.reset();
  }, 1000);
  timer.unref();

  return {
    reading(): LoadReading {
      return { inFlight, eventLoopDelayMs: Math.round(delayMs * 10) / 10, poolWaiting: deps.poolWaiting() };
    },
    /** Counts requests in progress (root-level hooks). */
    install(app: FastifyInstance) {
      app.addHook('onRequest', async (request: FastifyRequest) => {
        // A WebSocket upgrade lives for the whole session: it is no request in flight.
        if (request.headers.upgrade) return;
        inFlight += 1;
        counted.add(request);
      });
      const release = async (request: FastifyRequest) => {
        if (counted.delete(request)) inFlight -= 1;
      };
      app.addHook('onResponse', release);
      app.addHook('onRequestAbort', release);
    },
    close() {
      clearInterval(timer);
      histogram.disable();
    },
  };
}

export type LoadMonitor = ReturnType<typeof createLoadMonitor>;
