/**
 * `npm run bench:audit` (DATABASE_URL required): what the audit log costs.
 * In a scratch database: 20 000 persons and 200 000 audit entries (bulk SQL),
 * a tail through the real recordAudit, then fixed-time phases with the same
 * 16 workers on a pool of 16 for every phase — un-audited reads of a profile
 * row; the same read with its audit entry in ONE statement (`auditedQuery`,
 * the main figure) and in a transaction with `recordAudit`; one patient vs
 * random patients (the per-chain lock); request-shaped; audited writes — and
 * `pgbench -S` against the same server as the reference. Each phase gets a
 * warm-up, then runs in interleaved rounds; figures are the median round and
 * the ratio is the median of the per-round ratios (the machine is shared).
 * Prints a table; writes bench/results/audit-<date>.json and docs/performance-audit.svg.
 * Env: BENCH_SECONDS per phase (6, split over BENCH_ROUNDS=5 rounds), BENCH_WORKERS (16),
 * BENCH_PERSONS (20000), BENCH_PER_PERSON (10).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { type AuditActor, type AuditEntry, auditedQuery, recordAudit } from '../../server/src/platform/audit.js';
import type { DB, Queryable } from '../../server/src/platform/db/index.js';
import { migrate } from '../../server/src/platform/db/migrate.js';
import {
  fdatasyncMicros,
  median,
  newPhase,
  type Phase,
  type PhaseResult,
  runSlice,
  summarize,
  warmUp,
} from './measure.js';
import { type BenchReport, svgChart, table } from './report.js';
import { BENCH_STAFF, BENCH_UNIT, createScratchDatabase, personIds, seedBulk } from './seed.js';

const baseUrl = process.env.DATABASE_URL;
if (!baseUrl) {
  console.error('bench:audit needs DATABASE_URL (a PostgreSQL server; a scratch database is created and dropped).');
  process.exit(2);
}
const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 16);
const PERSONS = Number(process.env.BENCH_PERSONS ?? 20_000);
const PER_PERSON = Number(process.env.BENCH_PER_PERSON ?? 10);
const TAIL = 2_000;
const root = path.resolve(import.meta.dirname, '../..');

const doctor: AuditActor = {
  kind: 'staff',
  staffId: BENCH_STAFF,
  supportRole: null,
  units: [{ unitId: BENCH_UNIT, roles: ['clinician'] }],
  activeUnitId: BENCH_UNIT,
};

function findPgbench(): string {
  const versions = fs.existsSync('/usr/lib/postgresql') ? fs.readdirSync('/usr/lib/postgresql') : [];
  for (const dir of ['/usr/bin', ...versions.map((v) => `/usr/lib/postgresql/${v}/bin`)]) {
    const candidate = path.join(dir, 'pgbench');
    if (fs.existsSync(candidate)) return candidate;
  }
  return 'pgbench';
}

const scratch = await createScratchDatabase(baseUrl);
const pool = new pg.Pool({ connectionString: scratch.url, max: WORKERS });
// Dropping the scratch database at the end terminates idle connections: expected, not a crash.
pool.on('error', () => {});
const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
// For comparisons only, never the product's settings: a pool whose sessions skip the commit flush,
// and one with group commit (commit_delay: a server setting, set per session here as superuser).
const sessionPool = (options: string) => {
  const p = new pg.Pool({ connectionString: scratch.url, max: WORKERS, options, idleTimeoutMillis: 60_000 });
  p.on('error', () => {});
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool: p }) });
};
const asyncDb = sessionPool('-c synchronous_commit=off');
const groupDb = sessionPool('-c commit_delay=200 -c commit_siblings=5');
try {
  const t0 = performance.now();
  await migrate(db);
  await seedBulk(db, PERSONS, PER_PERSON);
  const ids = await personIds(db);
  const pick = () => ids[Math.floor(Math.random() * ids.length)] as string;
  const entry = (subject: string, action: string): AuditEntry => ({
    actor: doctor,
    subjectPersonId: subject,
    action,
    recordType: 'profile',
    recordId: subject,
    purpose: 'care',
  });
  const audited = (trx: Queryable, subject: string, action: string) => recordAudit(trx, entry(subject, action));
  // The tail through the real recordAudit, WORKERS at a time.
  for (let i = 0; i < TAIL; i += WORKERS) {
    await Promise.all(
      Array.from({ length: WORKERS }, () => db.transaction().execute((trx) => audited(trx, pick(), 'read'))),
    );
  }
  await sql`analyze`.execute(db);
  console.log(
    `seeded ${PERSONS} persons and ${PERSONS * PER_PERSON + TAIL} audit entries in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );

  const readProfile = (q: Queryable, id: string) =>
    q.selectFrom('persons').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const one = ids[0] as string;
  const write = (id: string) =>
    db.transaction().execute(async (trx) => {
      await trx.updateTable('persons').set({ updated_at: new Date() }).where('id', '=', id).execute();
      await audited(trx, id, 'update');
    });
  // The main audited read: the select and its entry in one statement (its own transaction).
  const readAudited = async (q: Queryable, id: string) => {
    const rows = await auditedQuery(q, entry(id, 'read'), (qc) =>
      qc.selectFrom('persons').selectAll().where('id', '=', id),
    );
    if (rows.length !== 1) throw new Error('profile not found');
  };
  // The services' pattern: read and recordAudit in one transaction (BEGIN, 2 statements, COMMIT).
  const readAuditedTx = (id: string) =>
    db.transaction().execute(async (trx) => {
      await readProfile(trx, id);
      await audited(trx, id, 'read');
    });
  // What the auth hook does before any handler: the session, the staff member, their roles (3 queries).
  const sessionHash = 'bench-session';
  await sql`insert into sessions (id_hash, kind, staff_id, active_unit_id, csrf_token, idle_seconds, expires_at)
            values (${sessionHash}, 'staff', ${BENCH_STAFF}, ${BENCH_UNIT}, 'x', 3600, now() + interval '1 day')`.execute(
    db,
  );
  const authenticate = async () => {
    await db.selectFrom('sessions').selectAll().where('id_hash', '=', sessionHash).executeTakeFirstOrThrow();
    await db.selectFrom('staff').selectAll().where('id', '=', BENCH_STAFF).executeTakeFirstOrThrow();
    await db.selectFrom('staff_unit_roles').selectAll().where('staff_id', '=', BENCH_STAFF).execute();
  };
  const plan: [Phase, () => Promise<unknown>][] = [
    [newPhase('read', 'read profile (no audit)'), () => readProfile(db, pick())],
    [
      newPhase('read_tx', 'read profile in a transaction (no audit)'),
      () => db.transaction().execute((trx) => readProfile(trx, pick())),
    ],
    [newPhase('read_audited', 'read + audit, one statement (random patients)'), () => readAudited(db, pick())],
    [newPhase('read_audited_tx', 'read + audit in a transaction (random patients)'), () => readAuditedTx(pick())],
    [newPhase('read_audited_same', 'read + audit, one statement (ONE patient)'), () => readAudited(db, one)],
    [
      newPhase('read_audited_async', 'read + audit, synchronous_commit off (NOT used)'),
      () => readAudited(asyncDb, pick()),
    ],
    [
      newPhase('read_audited_group', 'read + audit, commit_delay 200 µs (server setting)'),
      () => readAudited(groupDb, pick()),
    ],
    [
      newPhase('request', 'request-shaped: auth lookups + read (no audit)'),
      async () => {
        await authenticate();
        await readProfile(db, pick());
      },
    ],
    [
      newPhase('request_audited', 'request-shaped: auth lookups + read + audit'),
      async () => {
        await authenticate();
        await readAudited(db, pick());
      },
    ],
    [newPhase('write_audited', 'write profile + audit (random patients)'), () => write(pick())],
    [newPhase('write_audited_same', 'write profile + audit (ONE patient)'), () => write(one)],
  ];
  const fsyncBefore = fdatasyncMicros(os.tmpdir());
  const load = () => Number((os.loadavg()[0] ?? 0).toFixed(2));
  const loadBefore = load();
  // Warm-up per phase (pools, caches, plans), then interleaved rounds: load changes hit every phase alike.
  for (const [, op] of plan) await warmUp(0.4, WORKERS, op);
  const slice = { seconds: SECONDS / ROUNDS, workers: WORKERS, monitorUrl: scratch.url, dbName: scratch.name };
  for (let round = 1; round <= ROUNDS; round++) {
    for (const [phase, op] of plan) await runSlice(phase, slice, op);
    console.log(`round ${round}/${ROUNDS} done (load ${load()})`);
  }
  const fsyncAfter = fdatasyncMicros(os.tmpdir());
  const loadAfter = load();
  const phases: PhaseResult[] = plan.map(([phase]) => summarize(phase));

  const pgbench = findPgbench();
  const command = `pgbench -S -c ${WORKERS} -j 2 -T ${SECONDS}`;
  let pgbenchResult: BenchReport['pgbench'] = { tps: null, command };
  try {
    execFileSync(pgbench, ['-i', '-s', '10', '-q', scratch.url], { stdio: 'pipe' });
    const out = execFileSync(pgbench, ['-S', '-c', String(WORKERS), '-j', '2', '-T', String(SECONDS), scratch.url], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const tps = /tps = ([\d.]+)/.exec(out)?.[1];
    pgbenchResult = { tps: tps ? Math.round(Number(tps)) : null, command };
  } catch (error) {
    pgbenchResult = { tps: null, command, error: (error as Error).message.split('\n')[0] ?? 'failed' };
  }

  const by = (name: string) => phases.find((p) => p.name === name)?.perSecond ?? 0;
  const ratio = (a: number, b: number | null) => (b ? Number((a / b).toFixed(3)) : null);
  // Paired per round (both phases ran seconds apart), then the median: robust to load drift.
  const rates = (name: string) => plan.find(([p]) => p.name === name)?.[0].rates ?? [];
  const paired = (a: string, b: string) =>
    Number(median(rates(a).map((x, i) => x / Math.max(1, rates(b)[i] ?? 1))).toFixed(3));
  const version = await sql<{ v: string }>`select current_setting('server_version') as v`.execute(db);
  const report: BenchReport = {
    date: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      postgres: version.rows[0]?.v ?? 'unknown',
    },
    setup: {
      persons: PERSONS,
      bulkEntries: PERSONS * PER_PERSON,
      tailEntries: TAIL,
      workers: WORKERS,
      poolSize: WORKERS,
      seconds: SECONDS,
      rounds: ROUNDS,
    },
    conditions: {
      loadAverage: [loadBefore, loadAfter],
      fdatasyncMicros: [fsyncBefore, fsyncAfter],
    },
    phases,
    pgbench: pgbenchResult,
    ratios: {
      auditedVsUnaudited: paired('read_audited', 'read'),
      auditedTxVsUnaudited: paired('read_audited_tx', 'read'),
      auditedVsTransaction: paired('read_audited', 'read_tx'),
      samePatientVsRandomWrites: paired('write_audited_same', 'write_audited'),
      samePatientVsRandomReads: paired('read_audited_same', 'read_audited'),
      requestAuditedVsRequest: paired('request_audited', 'request'),
      auditedSyncVsAsyncCommit: paired('read_audited', 'read_audited_async'),
      auditedGroupVsDefault: paired('read_audited_group', 'read_audited'),
      unauditedVsPgbench: ratio(by('read'), pgbenchResult.tps),
      auditedVsPgbench: ratio(by('read_audited'), pgbenchResult.tps),
    },
  };
  console.log(`\n${table(report)}\n`);
  const cost = report.ratios.auditedVsUnaudited;
  console.log(
    `audited / un-audited reads: ${cost ?? '-'} (audit costs ${cost ? Math.round((1 - cost) * 100) : '-'}% of throughput; aim < 30%)`,
  );
  console.log(`read + audit in a transaction (services' pattern) / un-audited: ${report.ratios.auditedTxVsUnaudited}`);
  console.log(`audited read / un-audited read in a transaction: ${report.ratios.auditedVsTransaction ?? '-'}`);
  console.log(`audited writes, one patient / random patients: ${report.ratios.samePatientVsRandomWrites ?? '-'}`);
  console.log(`request-shaped, audited / un-audited: ${report.ratios.requestAuditedVsRequest ?? '-'}`);
  console.log(
    `load average ${loadBefore} → ${loadAfter}; 8 kB fdatasync ${fsyncBefore} → ${fsyncAfter} µs (median of 100)`,
  );
  if (pgbenchResult.error) console.log(`pgbench failed: ${pgbenchResult.error}`);

  const day = report.date.slice(0, 10);
  fs.mkdirSync(path.join(root, 'bench/results'), { recursive: true });
  fs.writeFileSync(path.join(root, `bench/results/audit-${day}.json`), `${JSON.stringify(report, null, 2)}\n`);
  fs.writeFileSync(path.join(root, 'docs/performance-audit.svg'), svgChart(report));
  console.log(`wrote bench/results/audit-${day}.json and docs/performance-audit.svg`);
} finally {
  await asyncDb.destroy();
  await groupDb.destroy();
  await db.destroy();
  await scratch.drop();
}
