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
  kind: 'postgres' | 'pglite';
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl?: string;
  dataDir: string;
  inMemory: boolean;
  poolSize?: number;
  /** Named prepared statements on PostgreSQL (default on; see prepared.ts). */
  preparedStatements?: boolean;
  /** Told about errors on idle pooled connections (they are replaced automatically). */
  onIdleError?: (error: Error) => void;
}

// Return bigint and numeric as JS numbers where safe: counts from `count(*)` are bigint.
pg.types.setTypeParser(20, (v) => Number(v));
// Calendar dates stay 'YYYY-MM-DD' strings: a JS Date would shift them by the process time zone.
const DATE_OID = 1082;
pg.types.setTypeParser(DATE_OID, (v) => v);

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 20 });
    // An idle client can lose its connection (database restart, failover, an administrator's
    // terminate). pg drops it from the pool and the next query gets a fresh one; without a
    // listener the 'error' event would crash the process.
    pool.on('error', (error) => options.onIdleError?.(error));
    const prepared = options.preparedStatements !== false;
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: prepared ? preparingPool(pool) : pool }) });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  let dir: string | undefined;
  if (!options.inMemory) {
    dir = path.join(options.dataDir, 'pglite');
    fs.mkdirSync(dir, { recursive: true });
  }
  const client = new PGlite(dir);
  await client.waitReady;
  const db = new Kysely<DB>({ dialect: new PGliteDialect(client) });
  return { db, kind: 'pglite', close: () => db.destroy() };
}
