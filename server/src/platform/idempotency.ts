/**
 * Idempotent requests (the `Idempotency-Key` header): a repeated request with
 * the same key returns the first answer — same status, same body — and does
 * nothing else; the same key with a different request is refused (422).
 *
 * Call `idempotent(trx, request, run)` FIRST in the transaction that does the
 * work. It inserts the key row (primary key (actor_key, key)) before anything
 * else, so a concurrent duplicate blocks on that insert until the first
 * transaction ends and then sees its committed answer: exactly one of them
 * does the work. The answer is stored in the same transaction, so it exists
 * exactly when the work committed. A request that fails (an AppError, a
 * refusal) rolls back with its key row and leaves nothing behind: retrying it
 * with the same key runs it again, which is safe because nothing happened.
 * `run` may store the answer itself in the same transaction (e.g. as a CTE of
 * its last statement, see booking/book-store.ts) and return `stored: true`.
 */
import { hash } from 'node:crypto';
import { sql } from 'kysely';
import type { Queryable, Tx } from './db/index.js';
import { AppError } from './errors.js';

export interface IdempotentRequest {
  /** Whose key space, e.g. `person:<id>`: keys of different actors never meet. */
  actorKey: string;
  key: string;
  method: string;
  /** The route path with ids filled in, without the query string. */
  path: string;
  body: unknown;
  now: Date;
}

export interface IdempotentAnswer<T> {
  status: number;
  body: T;
  /** True when this is the stored answer of an earlier request. */
  replayed: boolean;
}

/** How long a key is remembered: a client retries within minutes, not days. */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 60 * 60 * 1000;

/** Forgets keys older than the TTL; returns how many. Run periodically (idempotent across instances). */
export async function purgeIdempotencyKeys(db: Queryable, now: Date): Promise<number> {
  const result = await db
    .deleteFrom('idempotency_keys')
    .where('created_at', '<', new Date(now.getTime() - IDEMPOTENCY_KEY_TTL_MS))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** JSON with object keys sorted, so the same body always hashes the same. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** sha256 of method, path and canonical body. */
export function requestHash(method: string, path: string, body: unknown): string {
  return hash('sha256', `${method.toUpperCase()} ${path}\n${canonicalJson(body)}`, 'hex');
}

const inProgress = () =>
  new AppError(409, 'idempotency_in_progress', 'A request with this Idempotency-Key is still running.');

/**
 * The answer stored under the request's key: the replay (`replayed: true`), 422 when
 * the key was used for another request, 409 while the first is still running, or null
 * when the key is not stored. For a caller that writes its key row in its own
 * statement (booking/book-store.ts) and lands here on the key's unique violation.
 */
export async function storedAnswer<T>(
  q: Queryable,
  request: IdempotentRequest,
  hash = requestHash(request.method, request.path, request.body),
): Promise<IdempotentAnswer<T> | null> {
  const stored = await q
    .selectFrom('idempotency_keys')
    .select(['request_hash', 'status_code', 'response'])
    .where('actor_key', '=', request.actorKey)
    .where('key', '=', request.key)
    .executeTakeFirst();
  if (!stored) return null;
  if (stored.status_code === null) throw inProgress();
  if (stored.request_hash !== hash) {
    throw new AppError(
      422,
      'idempotency_key_reused',
      'This Idempotency-Key was used for a different request. Use a new key for a new request.',
    );
  }
  return { status: stored.status_code, body: stored.response as T, replayed: true };
}

/**
 * Runs `run` once per (actor, key) inside `trx`. `run` returns the status and
 * body to answer with; they are stored with the key. A repeat returns the
 * stored answer without calling `run`.
 */
export async function idempotent<T>(
  trx: Tx,
  request: IdempotentRequest,
  run: () => Promise<{ status: number; body: T; stored?: boolean }>,
): Promise<IdempotentAnswer<T>> {
  const hash = requestHash(request.method, request.path, request.body);
  // ON CONFLICT DO NOTHING waits for a concurrent inserter of the same key to finish;
  // if it committed, no row comes back here and the select below sees its answer.
  const inserted = await sql<{ key: string }>`
    insert into idempotency_keys (actor_key, key, request_hash, created_at)
    values (${request.actorKey}, ${request.key}, ${hash}, ${request.now})
    on conflict (actor_key, key) do nothing
    returning key`.execute(trx);
  if (inserted.rows.length === 0) {
    const replay = await storedAnswer<T>(trx, request, hash);
    if (replay) return replay;
    throw inProgress();
  }
  const { stored, ...answer } = await run();
  // `run` may have stored the answer itself, in its last statement (saves a round trip).
  if (stored) return { ...answer, replayed: false };
  await trx
    .updateTable('idempotency_keys')
    .set({ status_code: answer.status, response: JSON.stringify(answer.body) })
    .where('actor_key', '=', request.actorKey)
    .where('key', '=', request.key)
    .execute();
  return { ...answer, replayed: false };
}
