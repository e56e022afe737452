/**
 * Named prepared statements (platform/db/prepared.ts): the same SQL text gets
 * the same name, parameterless text (migrations, BEGIN) stays on the simple
 * protocol, and on a real PostgreSQL the statement is parsed once per
 * connection and reused. Always against the machine's PostgreSQL: PGlite has
 * no pg client to wrap.
 */

import { sql } from 'kysely';
import type pg from 'pg';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { openDatabase } from '../src/platform/db/index.js';
import { usePreparedStatements } from '../src/platform/db/prepared.js';
import { createScratchDatabase, type ScratchDatabase } from '../src/platform/db/scratch.js';

const POSTGRES = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
let database: ScratchDatabase;

beforeAll(async () => {
  database = await createScratchDatabase(POSTGRES, 'ingang_t');
});
afterAll(async () => {
  await database?.drop();
});

test('the same parameterised text gets one name; text without parameters is sent as it is', async () => {
  const calls: unknown[][] = [];
  const fake = { query: (...args: unknown[]) => calls.push(args) } as unknown as pg.PoolClient;
  const client = usePreparedStatements(usePreparedStatements(fake));
  client.query('select $1::int', [1]);
  client.query('select $1::int', [2]);
  client.query('select 1; select 2', []);
  client.query('begin');
  const [first, second, multi, begin] = calls;
  expect(first?.[0]).toMatchObject({ text: 'select $1::int', values: [1] });
  const nameOf = (call: unknown[] | undefined) => (call?.[0] as { name?: string } | undefined)?.name;
  expect(nameOf(second)).toBeDefined();
  expect(nameOf(second)).toBe(nameOf(first));
  expect(multi).toEqual(['select 1; select 2', []]);
  expect(begin).toEqual(['begin']);
});

test('on PostgreSQL a query is prepared once per connection and answers correctly every time', async () => {
  const handle = await openDatabase({
    databaseUrl: database.url,
    dataDir: '/nonexistent',
    inMemory: false,
    poolSize: 1,
  });
  try {
    for (const n of [1, 2, 3]) {
      const { rows } = await sql<{ v: number }>`select ${n}::int + 1 as v`.execute(handle.db);
      expect(rows[0]?.v).toBe(n + 1);
    }
    const { rows } = await sql<{
      n: number;
    }>`select count(*)::int as n from pg_prepared_statements where statement like ${'%::int + 1 as v%'}`.execute(
      handle.db,
    );
    expect(rows[0]?.n).toBe(1);
  } finally {
    await handle.close();
  }
  const plain = await openDatabase({
    databaseUrl: database.url,
    dataDir: '/nonexistent',
    inMemory: false,
    poolSize: 1,
    preparedStatements: false,
  });
  try {
    await sql`select ${1}::int + 1 as v`.execute(plain.db);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_prepared_statements`.execute(plain.db);
    expect(rows[0]?.n).toBe(0);
  } finally {
    await plain.close();
  }
});

test('the search pool plans once (force_generic_plan by default, configurable); the main pool re-plans (auto)', async () => {
  const modes = async (searchPlanCacheMode?: 'auto' | 'force_custom_plan', preparedStatements = true) => {
    const handle = await openDatabase({
      databaseUrl: database.url,
      dataDir: '/nonexistent',
      inMemory: false,
      poolSize: 1,
      searchPoolSize: 1,
      preparedStatements,
      ...(searchPlanCacheMode ? { searchPlanCacheMode } : {}),
    });
    const mode = async (db: typeof handle.db) =>
      (await sql<{ plan_cache_mode: string }>`show plan_cache_mode`.execute(db)).rows[0]?.plan_cache_mode;
    try {
      // A prepared range statement answers the same under the generic plan.
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from generate_series(1, 100) g where g between ${10} and ${19}`.execute(
        handle.searchDb,
      );
      expect(rows[0]?.n).toBe(10);
      return { main: await mode(handle.db), search: await mode(handle.searchDb), same: handle.db === handle.searchDb };
    } finally {
      await handle.close();
    }
  };
  expect(await modes()).toEqual({ main: 'auto', search: 'force_generic_plan', same: false });
  expect(await modes('force_custom_plan')).toEqual({ main: 'auto', search: 'force_custom_plan', same: false });
  expect(await modes('auto')).toEqual({ main: 'auto', search: 'auto', same: false });
  // Without prepared statements there is no plan to keep: one pool.
  expect(await modes(undefined, false)).toEqual({ main: 'auto', search: 'auto', same: true });
});
