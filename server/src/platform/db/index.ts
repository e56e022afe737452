/**
 * Opens the database: PostgreSQL when a URL is configured, otherwise the
 * embedded PGlite (persisted under dataDir, or in memory for tests).
 */
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import { PGliteDialect } from './pglite-dialect.js';
import { preparingPool } from './prepared.js';
import type { DB } from './schema.js';

export type { DB } from './schema.js';
export type Db = Kysely<DB>;
export type Tx = Transaction<DB>;
/** Either the database or an open transaction: stores accept both. */
export type Queryable = Kysely<DB> | Transaction<DB>;

export interface DatabaseHandle {
  db: Db;
  /**
   * The pool of the public slot search: on PostgreSQL with prepared statements a
   * second, smaller pool whose connections plan each statement once (see
   * `searchPlanCacheMode`); otherwise the same as `db`.
   */
  searchDb: Db;
  kind: 'postgres' | 'pglite';
  /** Requests waiting for a pooled connection right now (0 on PGlite): a load signal. */
  poolWaiting(): number;
  /** Connection pools now (PostgreSQL; empty on PGlite): for /metrics and the load reading. */
  pools(): PoolStat[];
  close(): Promise<void>;
}

export interface PoolStat {
  name: 'main' | 'search';
  max: number;
  total: number;
  idle: number;
  /** Queries waiting for a connection. */
  waiting: number;
}

export interface DatabaseOptions {
  databaseUrl?: string;
  dataDir: string;
  inMemory: boolean;
  poolSize?: number;
  /** Named prepared statements on PostgreSQL (default on; see prepared.ts). */
  preparedStatements?: boolean;
  /** Connections of the search pool (default 8). */
  searchPoolSize?: number;
  /**
   * plan_cache_mode of the search pool's connections (default force_generic_plan).
   * Under `auto`, PostgreSQL re-planned the slot search on every execution (for a
   * range on parameters a custom plan looks cheaper than the generic one), which
   * was the larger part of its CPU per search; the generic plans are the same index
   * scans on the big, stable timebook tables. Not for the main pool: a generic plan
   * made while a table is nearly empty (a new deployment, a bench's fresh tables)
   * keeps its sequential scans until the next ANALYZE, which measured worse for
   * bookings than re-planning (docs/performance.md).
   */
  searchPlanCacheMode?: 'auto' | 'force_generic_plan' | 'force_custom_plan';
  /** Told about errors on idle pooled connections (they are replaced automatically). */
  onIdleError?: (error: Error) => void;
  /**
   * PostgreSQL only: a statement running longer is cancelled (statement_timeout), and a
   * request waiting longer for a pooled connection gets an error instead of queueing
   * without end — so one slow part cannot hold every request (0 = no limit).
   */
  statementTimeoutMs?: number;
  poolAcquireTimeoutMs?: number;
  /** Told how long each checkout waited for a pooled connection (pool-wait metric). */
  onAcquire?: (pool: PoolStat['name'], waitedMs: number) => void;
}

// Return bigint and numeric as JS numbers where safe: counts from `count(*)` are bigint.
pg.types.setTypeParser(20, (v) => Number(v));
// Calendar dates stay 'YYYY-MM-DD' strings: a JS Date would shift them by the process time zone.
const DATE_OID = 1082;
pg.types.setTypeParser(DATE_OID, (v) => v);

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    const prepared = options.preparedStatements !== false;
    const pools: pg.Pool[] = [];
    const stats: (() => PoolStat)[] = [];
    const open = (
      name: PoolStat['name'],
      max: number,
      planCacheMode: DatabaseOptions['searchPlanCacheMode'] = 'auto',
    ) => {
      const settings = [
        ...(planCacheMode !== 'auto' ? [`-c plan_cache_mode=${planCacheMode}`] : []),
        ...(options.statementTimeoutMs ? [`-c statement_timeout=${options.statementTimeoutMs}`] : []),
      ];
      const pool = new pg.Pool({
        connectionString: options.databaseUrl,
        max,
        ...(settings.length > 0 ? { options: settings.join(' ') } : {}),
        ...(options.poolAcquireTimeoutMs ? { connectionTimeoutMillis: options.poolAcquireTimeoutMs } : {}),
      });
      pools.push(pool);
      // An idle client can lose its connection (database restart, failover, an administrator's
      // terminate). pg drops it from the pool and the next query gets a fresh one; without a
      // listener the 'error' event would crash the process.
      pool.on('error', (error) => options.onIdleError?.(error));
      stats.push(() => ({ name, max, total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }));
      const inner = prepared ? preparingPool(pool) : pool;
      const onAcquire = options.onAcquire;
      const timed = onAcquire
        ? {
            connect: async () => {
              const started = performance.now();
              const client = await inner.connect();
              onAcquire(name, performance.now() - started);
              return client;
            },
            end: () => pool.end(),
          }
        : inner;
      return new Kysely<DB>({ dialect: new PostgresDialect({ pool: timed }) });
    };
    const db = open('main', options.poolSize ?? 20);
    // Without prepared statements there is no plan to keep: one pool.
    const searchDb = prepared
      ? open('search', options.searchPoolSize ?? 8, options.searchPlanCacheMode ?? 'force_generic_plan')
      : db;
    return {
      db,
      searchDb,
      kind: 'postgres',
      poolWaiting: () => pools.reduce((sum, pool) => sum + pool.waitingCount, 0),
      pools: () => stats.map((s) => s()),
      close: async () => {
        await db.destroy();
        if (searchDb !== db) await searchDb.destroy();
      },
    };
  }
  let dir: string | undefined;
  if (!options.inMemory) {
    dir = path.join(options.dataDir, 'pglite');
    fs.mkdirSync(dir, { recursive: true });
  }
  const client = new PGlite(dir);
  await client.waitReady;
  const db = new Kysely<DB>({ dialect: new PGliteDialect(client) });
  return { db, searchDb: db, kind: 'pglite', poolWaiting: () => 0, pools: () => [], close: () => db.destroy() };
}
