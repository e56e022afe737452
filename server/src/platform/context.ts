/**
 * The platform parts app.ts builds once from the config, before any module. A
 * module's factory takes the few of these it uses (`Pick<AppContext, …>`) plus
 * the public faces of the modules it needs; tests reach the same parts through
 * `buildApp(...).ctx`.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.js';
import type { Clock } from './clock.js';
import type { Cluster } from './cluster.js';
import type { Db } from './db/index.js';
import type { Hub } from './hub.js';
import type { JobQueue } from './jobs.js';
import type { LoadMonitor } from './load.js';
import type { Mailer } from './mail.js';
import type { Metrics } from './metrics.js';
import type { PatientAccess } from './patient-access.js';
import type { RateLimiter } from './rate-limit.js';
import type { PopulationRegistry } from './registry.js';
import type { SessionService } from './sessions.js';
import type { SmsSender } from './sms.js';

export interface AppContext {
  config: Config;
  db: Db;
  /** The public slot search's pool (plans once per connection; the same as `db` on PGlite). */
  searchDb: Db;
  dbKind: 'postgres' | 'pglite';
  clock: Clock;
  hub: Hub;
  /** This instance among several: its id, heartbeat and draining state (platform/cluster.ts). */
  cluster: Cluster & { deadAfterMs: number };
  /** Requests in flight, event-loop delay, pool waiters: what /metrics and admission control read. */
  load: LoadMonitor;
  /** The app's Prometheus registry (modules add their gauges to `metrics.registry`). */
  metrics: Metrics;
  sessions: SessionService;
  rateLimiter: RateLimiter;
  log: FastifyBaseLogger;
  registry: PopulationRegistry;
  /** Durable background jobs (enqueue inside your transaction). */
  jobs: JobQueue;
  /** Outgoing mail: `mail.queue(trx, message)` sends once the transaction commits. */
  mail: Mailer;
  /** Outgoing SMS: `sms.queue(trx, message)` sends once the transaction commits (dev: the outbox). */
  sms: SmsSender;
  /** Cookie attributes derived from the config. */
  cookies: { secure: boolean };
  /** The staff patient-access gate, over the relationship sources the modules return. */
  access: PatientAccess;
}
