/**
 * Named prepared statements for node-postgres. Kysely sends every query as an
 * unnamed statement, so PostgreSQL parses and plans it again on each call —
 * measured at most of the database CPU of a slot search (docs/performance.md).
 * Giving each distinct SQL text a stable name lets pg parse it once per
 * connection and reuse it. Only parameterised queries are named: a text
 * without parameters may hold several statements (migrations), which only
 * the simple protocol accepts. The number of names is capped so that SQL built
 * with variable-length lists cannot grow the per-connection cache without
 * bound; texts beyond the cap simply stay unnamed.
 */
import type pg from 'pg';

const MAX_NAMES = 2_000;
const names = new Map<string, string>();
const PATCHED = Symbol('ingang.prepared');

function nameFor(text: string): string | undefined {
  const known = names.get(text);
  if (known !== undefined || names.size >= MAX_NAMES) return known;
  const name = `k${names.size}`;
  names.set(text, name);
  return name;
}

type Patchable = pg.PoolClient & { [PATCHED]?: true };

/** Makes the client's `query(text, values)` use a named statement. Idempotent per client. */
export function usePreparedStatements(client: pg.PoolClient): pg.PoolClient {
  const c = client as Patchable;
  if (c[PATCHED]) return client;
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (c as unknown as { query: (...args: unknown[]) => unknown }).query = (text: unknown, values?: unknown) => {
    if (typeof text === 'string' && Array.isArray(values) && values.length > 0) {
      const name = nameFor(text);
      if (name) return query({ name, text, values });
    }
    return values === undefined ? query(text) : query(text, values);
  };
  c[PATCHED] = true;
  return client;
}

/** A pool whose clients use named statements (the shape Kysely's PostgresDialect needs). */
export function preparingPool(pool: pg.Pool): { connect(): Promise<pg.PoolClient>; end(): Promise<void> } {
  return {
    connect: async () => usePreparedStatements(await pool.connect()),
    end: () => pool.end(),
  };
}
