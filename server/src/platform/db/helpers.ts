/** Small database helpers every store and service shares (ids, error codes, a liveness check). */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Queryable } from './index.js';

/** A new row id (uuid v4). */
export const uuid = () => randomUUID();

/** True for the database's unique-constraint violation (PostgreSQL and PGlite both report SQLSTATE 23505). */
export const isUniqueViolation = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';

/** A LIKE pattern matching `text` anywhere, with LIKE's wildcards in it escaped. */
export const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** One round trip to the database (the health check). */
export async function ping(db: Queryable): Promise<void> {
  await sql`select 1`.execute(db);
}
