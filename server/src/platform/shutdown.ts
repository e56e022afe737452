/**
 * Graceful shutdown (SIGTERM from systemd, a container runtime, a deploy):
 * 1. drain — readiness answers 503 and responses say `Connection: close`, so
 *    the load balancer stops sending new work while this instance still
 *    answers what reaches it;
 * 2. after `drainDelayMs` the listener closes; requests in flight finish;
 *    WebSockets are closed with CLOSE.restarting (4503, "restarting"), which
 *    the web clients answer by reconnecting at once — through the load
 *    balancer, to another instance; video rooms carried here are released
 *    (their places stay in PostgreSQL for the next carrier);
 * 3. whatever still runs at `deadlineMs` is cut off and the process exits 1.
 */
import type { FastifyInstance } from 'fastify';
import type { Cluster } from './cluster.js';

export interface ShutdownOptions {
  drainDelayMs: number;
  deadlineMs: number;
  /** Called when the deadline passes before the close finished (main.ts exits). */
  onDeadline?: () => void;
}

export async function shutdown(app: FastifyInstance, cluster: Cluster, options: ShutdownOptions): Promise<void> {
  const deadline = setTimeout(() => options.onDeadline?.(), options.deadlineMs);
  deadline.unref();
  try {
    await cluster.drain();
    await new Promise((resolve) => setTimeout(resolve, options.drainDelayMs));
    await app.close();
  } finally {
    clearTimeout(deadline);
  }
}
