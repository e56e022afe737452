/**
 * `npm run bench:rows` (DATABASE_URL required): what ONE uncontended booking costs the
 * database, counted — rows, index entries, WAL bytes, statements, commits — on a
 * scratch database of the real PostgreSQL. Counts, not timings: valid on a busy machine.
 *
 * BENCH_ROWS_BOOKINGS (256) citizens book a time each (one in 32 of the timebook, at BENCH_ROWS_UNITS (1) units in
 * turn), BENCH_ROWS_CONCURRENCY (64) at
 * once, through the real app in this process (group commit on, NODE_ENV=test: no job
 * worker; sessions fresh, so no session touch: what is counted is the booking). Then:
 *
 * - rows per table: pg_stat_user_tables deltas (inserted, updated, of which HOT, deleted),
 *   read after the app is closed (a backend reports its counts when it ends);
 * - index entries: the WAL records written to index relations (an entry inserted is one;
 *   a partial index whose predicate a row does not meet gets none; a page split adds one);
 * - WAL: the records of the run (pg_walinspect) that touch this database's relations, with
 *   the commit records of their transactions — other databases on the same server are left
 *   out — by relation, split into record bytes and full-page images (the latter depend on
 *   checkpoint timing, so the record bytes are the comparable figure);
 * - statements sent by the app (by text), and xact_commit of the database.
 *
 * An idle app for as long is NOT subtracted here: the run is short and the rows are the
 * booking tables'; other tables' rows are listed so that anything extra shows.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { buildApp } from '../../server/src/app.js';
import { loadConfig } from '../../server/src/config.js';
import { createScratchDatabase } from '../../server/src/platform/db/scratch.js';
import { seedDemo } from '../../server/src/seed/demo.js';
import { DEMO_UNITS } from '../../server/src/seed/demo-data.js';
import { book, createCitizens, createTimeType } from '../../server/test/booking-fixtures.js';
import type { TestApp } from '../../server/test/harness.js';
import { citizenSession, type TestSession } from '../../server/test/helpers/sessions.js';
import { tallyStatements } from './statements.js';

const baseUrl = process.env.DATABASE_URL;
if (!baseUrl) {
  console.error('bench:rows needs DATABASE_URL (a PostgreSQL server; a scratch database is created and dropped).');
  process.exit(2);
}
const N = Number(process.env.BENCH_ROWS_BOOKINGS ?? 256);
const CONCURRENCY = Number(process.env.BENCH_ROWS_CONCURRENCY ?? 64);
const SPREAD = 32;
// The timebook's units (1: the demo's vaccination unit). bench:booking's region has 580, and a
// booking's time is then at a unit of its own: BENCH_ROWS_UNITS=580 counts what that adds.
const UNITS = Number(process.env.BENCH_ROWS_UNITS ?? 1);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface TableStats {
  ins: number;
  upd: number;
  hot: number;
  del: number;
}

async function tableStats(c: pg.Client): Promise<Map<string, TableStats>> {
  await c.query('select pg_stat_clear_snapshot()');
  const { rows } = await c.query<{ relname: string; ins: string; upd: string; hot: string; del: string }>(
    `select relname, n_tup_ins as ins, n_tup_upd as upd, n_tup_hot_upd as hot, n_tup_del as del
       from pg_stat_user_tables`,
  );
  return new Map(rows.map((r) => [r.relname, { ins: +r.ins, upd: +r.upd, hot: +r.hot, del: +r.del }]));
}

async function xactCommit(c: pg.Client, name: string): Promise<number> {
  await c.query('select pg_stat_clear_snapshot()');
  const { rows } = await c.query<{ n: string }>('select xact_commit as n from pg_stat_database where datname = $1', [
    name,
  ]);
  return Number(rows[0]?.n ?? 0);
}

const round = (n: number) => Math.round(n * 100) / 100;

async function main() {
  const db = await createScratchDatabase(baseUrl as string, 'ingang_bench_rows');
  const admin = new pg.Client({ connectionString: db.url });
  try {
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: db.url,
      MAIL_EMBEDDED: 'false',
      SEED_DEMO: 'false',
      BOOKING_BATCH: 'true',
    });
    const setup = await buildApp(config);
    const t: TestApp = { ...setup, close: () => setup.app.close() };
    await seedDemo(t.ctx.db, t.ctx.clock);
    const typeId = await createTimeType(t);
    const people = await createCitizens(t, N, 11);
    const sessions: TestSession[] = [];
    for (const p of people) sessions.push(await citizenSession(t, p));
    // A timebook SPREAD times larger than the bookings, and every SPREAD-th time booked: as in
    // bench:booking (random times of 2.5 million), a batch rarely updates two times of one page.
    const { rows: unitRows } = await sql<{ id: string }>`
      insert into units (id, hsa_id, name, kind, provider_type, street, postal_code, city, municipality,
                         latitude, longitude)
      select gen_random_uuid(), 'BENCH-ROWS-' || n, u.name || ' ' || n, u.kind, u.provider_type, u.street,
             u.postal_code, u.city, u.municipality, u.latitude, u.longitude
        from units u, generate_series(1, ${UNITS - 1}) n
       where u.id = ${DEMO_UNITS.vaccCity}::uuid
      returning id`.execute(t.ctx.db);
    const unitIds = [DEMO_UNITS.vaccCity as string, ...unitRows.map((r) => r.id)];
    const { rows: made } = await sql<{ id: string }>`
      insert into slots (id, unit_id, time_type_id, starts_at, ends_at, capacity, visible_from)
      select gen_random_uuid(), (${JSON.stringify(unitIds)}::jsonb ->> ((i / ${SPREAD}) % ${unitIds.length}))::uuid,
             ${typeId}::uuid, t, t + interval '10 minutes', 3, now() - interval '1 day'
        from generate_series(0, ${N * SPREAD - 1}) i,
             lateral (select now() + interval '2 days' + i * interval '10 minutes' as t) x
      returning id`.execute(t.ctx.db);
    const slots = made.filter((_, i) => i % SPREAD === 0).map((r) => r.id);
    await setup.app.close();

    await admin.connect();
    await admin.query('create extension if not exists pg_walinspect');
    const { rows: idx } = await admin.query<{ tablename: string; n: string; defs: string[] }>(
      `select tablename, count(*) as n, array_agg(indexname order by indexname) as defs
         from pg_indexes where schemaname = 'public' group by tablename`,
    );
    const indexes = new Map(idx.map((r) => [r.tablename, { n: Number(r.n), names: r.defs }]));
    await admin.query('checkpoint');
    await sleep(1500);
    const before = await tableStats(admin);
    const c0 = await xactCommit(admin, db.name);
    const { rows: lsn0 } = await admin.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn');

    const app = await buildApp(config);
    const ta: TestApp = { ...app, close: () => app.app.close() };
    const tally = tallyStatements();
    let booked = 0;
    for (let i = 0; i < N; i += CONCURRENCY) {
      const answers = await Promise.all(
        slots
          .slice(i, i + CONCURRENCY)
          .map((slotId, j) => book(ta, sessions[i + j] as TestSession, { slotId }, randomUUID())),
      );
      booked += answers.filter((a) => a.statusCode === 201).length;
    }
    const statements = tally.stop();
    await app.app.close();
    await sleep(1500);

    const { rows: lsn1 } = await admin.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn');
    const after = await tableStats(admin);
    const c1 = await xactCommit(admin, db.name);

    const per = (n: number) => round(n / booked);
    const tables: Record<string, Record<string, number>> = {};
    let rowsWritten = 0;
    for (const [name, a] of after) {
      const b = before.get(name) ?? { ins: 0, upd: 0, hot: 0, del: 0 };
      const d = { ins: a.ins - b.ins, upd: a.upd - b.upd, hot: a.hot - b.hot, del: a.del - b.del };
      if (d.ins + d.upd + d.del === 0) continue;
      rowsWritten += d.ins + d.upd + d.del;
      tables[name] = {
        inserted: per(d.ins),
        updated: per(d.upd),
        hotUpdated: per(d.hot),
        deleted: per(d.del),
        indexes: indexes.get(name)?.n ?? 0,
      };
    }

    // WAL of this database: records with a block of its relations, plus their transactions' commits.
    const { rows: dbo } = await admin.query<{ oid: string }>('select oid::text from pg_database where datname = $1', [
      db.name,
    ]);
    const dbOid = dbo[0]?.oid;
    const { rows: wal } = await admin.query<{
      xid: string;
      rmgr: string;
      len: number;
      fpi: number;
      rel: string | null;
      kind: string | null;
    }>(
      `with r as (
         select xid::text as xid, resource_manager as rmgr, record_length as len, fpi_length as fpi,
                substring(block_ref from 'rel \\d+/(\\d+)/\\d+') as db, substring(block_ref from 'rel \\d+/\\d+/(\\d+)') as node
           from pg_get_wal_records_info($1::pg_lsn, $2::pg_lsn)),
       mine as (select distinct xid from r where db = $3 and xid <> '0')
       select r.xid, r.rmgr, r.len, r.fpi,
              coalesce(c.relname, case when r.node is null then null else 'relfilenode ' || r.node end) as rel,
              c.relkind::text as kind
         from r left join pg_class c on c.relfilenode::text = r.node
        where r.db = $3 or (r.db is null and r.xid in (select xid from mine))`,
      [lsn0[0]?.lsn, lsn1[0]?.lsn, dbOid],
    );
    const walBy = new Map<string, { records: number; bytes: number; fpi: number }>();
    let walBytes = 0;
    let walFpi = 0;
    let indexEntries = 0;
    for (const w of wal) {
      if (w.kind === 'i' && w.len > w.fpi) indexEntries++;
      const key = w.rel ?? `(${w.rmgr})`;
      const e = walBy.get(key) ?? { records: 0, bytes: 0, fpi: 0 };
      e.records++;
      e.bytes += w.len - w.fpi;
      e.fpi += w.fpi;
      walBy.set(key, e);
      walBytes += w.len - w.fpi;
      walFpi += w.fpi;
    }
    const walByRelation = Object.fromEntries(
      [...walBy]
        .sort((a, b) => b[1].bytes - a[1].bytes)
        .map(([k, v]) => [k, { records: per(v.records), bytes: per(v.bytes), fpiBytes: per(v.fpi) }]),
    );
    const statementCount = Object.values(statements).reduce((s, n) => s + n, 0);
    console.log(
      JSON.stringify(
        {
          date: new Date().toISOString(),
          bookings: N,
          booked,
          concurrency: CONCURRENCY,
          units: UNITS,
          perBooking: {
            rowsWritten: per(rowsWritten),
            indexEntries: per(indexEntries),
            walRecordBytes: per(walBytes),
            walFpiBytes: per(walFpi),
            walRecords: per(wal.length),
            statements: per(statementCount),
            commits: per(c1 - c0),
          },
          tables,
          indexes: Object.fromEntries(Object.keys(tables).map((k) => [k, indexes.get(k)?.names ?? []])),
          walByRelation,
          statements,
        },
        null,
        2,
      ),
    );
  } finally {
    await admin.end().catch(() => undefined);
    // BENCH_ROWS_KEEP=1 keeps the scratch database for a closer look (EXPLAIN); drop it yourself.
    if (process.env.BENCH_ROWS_KEEP === '1') console.error(`kept ${db.name}`);
    else await db.drop();
  }
}

await main();
