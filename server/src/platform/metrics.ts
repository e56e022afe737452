/**
 * Prometheus metrics at `/metrics` (prom-client, one registry per app so tests
 * can run several): request rate and latency per route, requests in flight,
 * event-loop delay with this process's own CPU and event-loop utilization,
 * database pool usage and wait, logins, bookings, WebSocket
 * connections, and what modules add (video rooms). The load figures come from
 * load.ts — the same reading admission control uses.
 */
import type { FastifyInstance } from 'fastify';
import client from 'prom-client';
import type { PoolStat } from './db/index.js';
import type { LoadMonitor } from './load.js';

export interface MetricsDeps {
  load: LoadMonitor;
  pools: () => PoolStat[];
  /** Open WebSocket connections of this instance. */
  sockets: () => number;
}

/** Requests that count as a booking made (answered 2xx). */
const BOOKING_ROUTES = new Set(['POST /api/bookings']);

export function createMetrics(deps: MetricsDeps) {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 10 });
  const registers = [registry];

  const requests = new client.Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers,
  });
  const duration = new client.Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method and route pattern',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  new client.Gauge({
    name: 'http_requests_in_flight',
    help: 'Requests being answered now (WebSocket upgrades excluded)',
    registers,
    collect() {
      this.set(deps.load.reading().inFlight);
    },
  });
  new client.Gauge({
    name: 'ingang_event_loop_delay_p99_seconds',
    help: 'Event-loop delay, 99th percentile over the last second (what admission control reads)',
    registers,
    collect() {
      this.set(deps.load.reading().eventLoopDelayMs / 1000);
    },
  });
  // With the delay: is it this process's own work (CPU high) or a machine short of CPU (CPU low)?
  new client.Gauge({
    name: 'ingang_process_cpu_share',
    help: "This process's own CPU over the last second as a share of one core (what admission control reads with the delay)",
    registers,
    collect() {
      this.set(deps.load.reading().ownCpu ?? 0);
    },
  });
  new client.Gauge({
    name: 'ingang_event_loop_utilization',
    help: 'Event-loop utilization over the last second, 0-1 (time not waiting for I/O)',
    registers,
    collect() {
      this.set(deps.load.reading().eventLoopUtilization ?? 0);
    },
  });
  new client.Gauge({
    name: 'db_pool_connections',
    help: 'Database pool connections by pool and state (max, total, idle, waiting = queries waiting for one)',
    labelNames: ['pool', 'state'] as const,
    registers,
    collect() {
      this.reset();
      for (const p of deps.pools()) {
        for (const state of ['max', 'total', 'idle', 'waiting'] as const) this.set({ pool: p.name, state }, p[state]);
      }
    },
  });
  const poolWait = new client.Histogram({
    name: 'db_pool_acquire_seconds',
    help: 'Time a query waited for a pooled database connection',
    labelNames: ['pool'] as const,
    buckets: [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
    registers,
  });
  const logins = new client.Counter({
    name: 'ingang_logins_total',
    help: 'Sessions created (completed logins), by kind',
    labelNames: ['kind'] as const,
    registers,
  });
  const bookings = new client.Counter({ name: 'ingang_bookings_total', help: 'Bookings made', registers });
  new client.Gauge({
    name: 'ingang_websocket_connections',
    help: 'Open WebSocket connections (chat and video signalling)',
    registers,
    collect() {
      this.set(deps.sockets());
    },
  });

  return {
    registry,
    /** Database pool checkout wait (db/index.ts onAcquire). */
    observeAcquire(pool: string, waitedMs: number) {
      poolWait.observe({ pool }, waitedMs / 1000);
    },
    countLogin(kind: string) {
      logins.inc({ kind });
    },
    /** Request counting and timing (root-level hook, so every route is seen). */
    install(app: FastifyInstance) {
      // A callback hook, not an async one: every request passes it (issue 15).
      app.addHook('onResponse', (request, reply, done) => {
        if (request.headers.upgrade) return done();
        // The route's pattern, never the raw URL: ids in paths would make a series per id.
        const route = request.routeOptions.url ?? 'unmatched';
        const method = request.method;
        requests.inc({ method, route, status: String(reply.statusCode) });
        duration.observe({ method, route }, reply.elapsedTime / 1000);
        if (reply.statusCode < 300 && BOOKING_ROUTES.has(`${method} ${route}`)) bookings.inc();
        done();
      });
      // alwaysOpen: the scrape must still answer when the instance sheds load — that is when it matters.
      app.get(
        '/metrics',
        { config: { public: true, alwaysOpen: true }, schema: { hide: true } },
        async (_request, reply) => {
          reply.header('content-type', registry.contentType);
          return registry.metrics();
        },
      );
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
