/**
 * `npm run bench:commits` (DATABASE_URL required): database commits per booking
 * and per login, counted on PostgreSQL (pg_stat_database.xact_commit of a
 * scratch database) — a figure that does not depend on how loaded the machine
 * is. The app runs in this process (NODE_ENV=test: no job worker).
 *
 * - Bookings: BENCH_COMMIT_CLIENTS (64) citizens book at once, each a time of
 *   its own, and BENCH_COMMIT_CONTENDED (64) race for one 3-place time; with
 *   the group commit off (BOOKING_BATCH=false, every booking its own commit) and on.
 * - `asInBenchBooking` (group commit on): the uncontended bookings as bench:booking
 *   makes them — sessions last seen minutes ago, so each booking's request is
 *   also its session's once-a-minute touch — by citizens with a verified address
 *   and SMS on; then, counted apart, the background work they caused: the job
 *   worker's claims and done marks, the confirmation mails through SMTP into the
 *   embedded dev mailbox and the SMS into the dev outbox. Each part lists its
 *   statements by text (`statements`), counted in this process.
 * - Logins: the same poll pattern (start → collect pending → approve → collect
 *   complete → GET /api/me) through the BankID simulator in-process, and
 *   through the real RP client against a simulator app on another database
 *   (only the relying party's database is counted: that is what a login costs
 *   with the real BankID).
 *
 * A backend reports its counters when its connection closes, so each count is
 * read after the app is closed; the same app started, left idle as long and
 * closed is counted too and subtracted (schedules, heartbeat, start-up), which
 * leaves about ±1 commit of noise per run. Every request also reads its session
 * once (one read-only commit, no WAL flush); `batches` are the group commits,
 * i.e. the writing commits of the bookings.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { type BuiltApp, buildApp } from '../../server/src/app.js';
import { loadConfig } from '../../server/src/config.js';
import { SESSION_COOKIE } from '../../server/src/platform/auth.js';
import { createScratchDatabase, type ScratchDatabase } from '../../server/src/platform/db/scratch.js';
import { seedDemo } from '../../server/src/seed/demo.js';
import { DEMO_UNITS, demoPerson } from '../../server/src/seed/demo-data.js';
import { book, createCitizens, createSlot, createTimeType } from '../../server/test/booking-fixtures.js';
import type { TestApp } from '../../server/test/harness.js';
import { citizenSession, type TestSession } from '../../server/test/helpers/sessions.js';
import { tallyStatements } from './statements.js';

const baseUrl = process.env.DATABASE_URL;
if (!baseUrl) {
  console.error('bench:commits needs DATABASE_URL (a PostgreSQL server; scratch databases are created and dropped).');
  process.exit(2);
}
const CLIENTS = Number(process.env.BENCH_COMMIT_CLIENTS ?? 64);
const CONTENDED = Number(process.env.BENCH_COMMIT_CONTENDED ?? 64);
const LOGINS = Number(process.env.BENCH_COMMIT_LOGINS ?? 20);
const PENDING_POLLS = 2;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function commits(db: ScratchDatabase): Promise<number> {
  const c = new pg.Client({ connectionString: baseUrl });
  await c.connect();
  try {
    // Backends that just closed report at exit; give them a moment.
    await sleep(1500);
    await c.query('select pg_stat_clear_snapshot()');
    const { rows } = await c.query<{ n: string }>(
      'select xact_commit::text as n from pg_stat_database where datname = $1',
      [db.name],
    );
    return Number(rows[0]?.n ?? 0);
  } finally {
    await c.end();
  }
}

function start(db: ScratchDatabase, env: Record<string, string> = {}): Promise<BuiltApp> {
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    MAIL_EMBEDDED: 'false',
    SEED_DEMO: 'false',
    RATE_LOGIN_PER_IP_PER_MINUTE: '1000000',
    RATE_LOGIN_PER_PERSON_PER_MINUTE: '1000000',
    ...env,
  });
  return buildApp(config);
}

const asTest = (b: BuiltApp): TestApp => ({ ...b, close: () => b.app.close() });

/**
 * Commits `work` makes on `db` in an app started with `env`: (after − before) of the
 * work run, minus the same app idle for as long.
 */
async function counted(db: ScratchDatabase, env: Record<string, string>, work: (app: BuiltApp) => Promise<void>) {
  const c0 = await commits(db);
  const app = await start(db, env);
  const t0 = performance.now();
  const tally = tallyStatements();
  await work(app);
  const statements = tally.stop();
  const ms = performance.now() - t0;
  await app.app.close();
  const c1 = await commits(db);
  const idle = await start(db, env);
  await sleep(ms);
  await idle.app.close();
  const c2 = await commits(db);
  return { total: c1 - c0, idle: c2 - c1, net: c1 - c0 - (c2 - c1), ms: Math.round(ms), statements };
}

async function bookings(batch: boolean) {
  const db = await createScratchDatabase(baseUrl as string, 'ingang_bench_commits');
  try {
    // Data and sessions first, in an app that is closed before counting.
    const setup = asTest(await start(db));
    await seedDemo(setup.ctx.db, setup.ctx.clock);
    const typeId = await createTimeType(setup);
    const unitId = DEMO_UNITS.vaccCity;
    const people = await createCitizens(setup, CLIENTS + CONTENDED, 7);
    const sessions: TestSession[] = [];
    for (const p of people) sessions.push(await citizenSession(setup, p));
    const own: string[] = [];
    for (let i = 0; i < CLIENTS; i++)
      own.push(await createSlot(setup, { timeTypeId: typeId, unitId, inMinutes: 2 * 1440 + i * 10 }));
    const contended = await createSlot(setup, { timeTypeId: typeId, unitId, inMinutes: 5 * 1440, capacity: 3 });
    await setup.app.close();

    const env = { BOOKING_BATCH: batch ? 'true' : 'false' };
    let booked = 0;
    let ownBatches = { batches: 0, inBatches: 0 };
    const uncontended = await counted(db, env, async (app) => {
      const t = asTest(app);
      const answers = await Promise.all(
        own.map((slotId, i) => book(t, sessions[i] as TestSession, { slotId }, randomUUID())),
      );
      booked = answers.filter((a) => a.statusCode === 201).length;
      ownBatches = await batchesOf(app);
    });
    let raced = { booked: 0, refused: 0 };
    let raceBatches = { batches: 0, inBatches: 0 };
    const race = await counted(db, env, async (app) => {
      const t = asTest(app);
      const answers = await Promise.all(
        sessions.slice(CLIENTS).map((s) => book(t, s, { slotId: contended }, randomUUID())),
      );
      raced = {
        booked: answers.filter((a) => a.statusCode === 201).length,
        refused: answers.filter((a) => a.statusCode === 409).length,
      };
      raceBatches = await batchesOf(app);
    });
    return {
      groupCommit: batch,
      uncontended: {
        clients: CLIENTS,
        booked,
        ...withoutStatements(uncontended),
        commitsPerBooking: round(uncontended.net / booked),
        ...ownBatches,
      },
      contended: {
        clients: CONTENDED,
        ...raced,
        ...withoutStatements(race),
        commitsPerAnswer: round(race.net / CONTENDED),
        ...raceBatches,
      },
    };
  } finally {
    await db.drop();
  }
}

const round = (n: number) => Math.round(n * 100) / 100;
const withoutStatements = <T extends { statements: unknown }>({ statements: _, ...rest }: T) => rest;

/**
 * Uncontended bookings as bench:booking makes them (sessions last seen 5 minutes ago: each
 * request also touches its session), by citizens who are told by mail and SMS; then the
 * background work they caused, run by the job worker's own loop step (`runDueJobs`).
 */
async function asInBenchBooking() {
  const db = await createScratchDatabase(baseUrl as string, 'ingang_bench_commits');
  try {
    const setup = asTest(await start(db));
    await seedDemo(setup.ctx.db, setup.ctx.clock);
    const typeId = await createTimeType(setup);
    const people = await createCitizens(setup, CLIENTS, 9);
    const now = setup.ctx.clock.now();
    await setup.ctx.db
      .updateTable('persons')
      .set({ email: 'bench@example.org', email_verified_at: now, phone: '070-123 45 67', notify_sms: true })
      .where('id', 'in', people)
      .execute();
    const sessions: TestSession[] = [];
    for (const p of people) sessions.push(await citizenSession(setup, p));
    await setup.ctx.db
      .updateTable('sessions')
      .set({ last_seen_at: new Date(now.getTime() - 5 * 60_000) })
      .execute();
    const own: string[] = [];
    for (let i = 0; i < CLIENTS; i++)
      own.push(
        await createSlot(setup, { timeTypeId: typeId, unitId: DEMO_UNITS.vaccCity, inMinutes: 2 * 1440 + i * 10 }),
      );
    await setup.app.close();

    const env = { BOOKING_BATCH: 'true', MAIL_EMBEDDED: 'true', SMTP_PORT: '0' };
    let booked = 0;
    let batches = { batches: 0, inBatches: 0 };
    const request = await counted(db, env, async (app) => {
      const t = asTest(app);
      const answers = await Promise.all(
        own.map((slotId, i) => book(t, sessions[i] as TestSession, { slotId }, randomUUID())),
      );
      booked = answers.filter((a) => a.statusCode === 201).length;
      batches = await batchesOf(app);
    });
    let jobs = 0;
    const background = await counted(db, env, async (app) => {
      jobs = await app.ctx.jobs.runDueJobs();
    });
    const per = (c: { net: number }) => round(c.net / booked);
    return {
      clients: CLIENTS,
      booked,
      request: { ...request, commitsPerBooking: per(request), ...batches },
      background: { jobs, ...background, commitsPerBooking: per(background) },
      commitsPerBooking: round((request.net + background.net) / booked),
    };
  } finally {
    await db.drop();
  }
}

/** Group commits this app made and the bookings in them (its batch-size histogram). */
async function batchesOf(app: BuiltApp): Promise<{ batches: number; inBatches: number }> {
  const metric = await app.ctx.metrics.registry.getSingleMetric('ingang_booking_batch_size')?.get();
  const value = (suffix: string) =>
    metric?.values.find((v) => (v as { metricName?: string }).metricName === `ingang_booking_batch_size${suffix}`)
      ?.value ?? 0;
  return { batches: value('_count'), inBatches: value('_sum') };
}

/** One login with the poll pattern of a person who opens the app on the phone: two pending collects. */
async function login(
  app: BuiltApp,
  approve: (orderRef: string, pnr: string) => Promise<void>,
  pnr: string,
  ip: string,
): Promise<void> {
  const post = (url: string, payload: object) => app.app.inject({ method: 'POST', url, payload, remoteAddress: ip });
  const started = await post('/api/auth/bankid/auth', { personalNumber: pnr });
  if (started.statusCode !== 200) throw new Error(`auth ${started.statusCode} ${started.body}`);
  const { orderRef } = started.json() as { orderRef: string };
  for (let i = 0; i < PENDING_POLLS; i++) await post('/api/auth/bankid/collect', { orderRef });
  await approve(orderRef, pnr);
  const done = await post('/api/auth/bankid/collect', { orderRef });
  if (done.json().status !== 'complete') throw new Error(`collect ${done.statusCode} ${done.body}`);
  const cookie = done.cookies.find((c) => c.name === SESSION_COOKIE);
  const me = await app.app.inject({
    method: 'GET',
    url: '/api/me',
    cookies: { [SESSION_COOKIE]: cookie?.value ?? '' },
  });
  if (me.statusCode !== 200) throw new Error(`me ${me.statusCode}`);
}

const LOGIN_PEOPLE = ['anna', 'johan', 'margit', 'erik', 'karin', 'sara'];

async function logins() {
  const pnrs = LOGIN_PEOPLE.map((k) => demoPerson(k).personalNumber);
  const pick = (i: number) => pnrs[i % pnrs.length] as string;
  const ip = (i: number) => `198.51.100.${(i % 250) + 1}`;
  // The simulator in-process: its own orders are in the counted database.
  const simDb = await createScratchDatabase(baseUrl as string, 'ingang_bench_commits');
  const rpDb = await createScratchDatabase(baseUrl as string, 'ingang_bench_commits');
  const bankidDb = await createScratchDatabase(baseUrl as string, 'ingang_bench_commits');
  try {
    for (const db of [simDb, rpDb, bankidDb]) {
      const setup = await start(db);
      await seedDemo(setup.ctx.db, setup.ctx.clock);
      await setup.app.close();
    }
    const simApprove = (app: BuiltApp) => async (orderRef: string, pnr: string) => {
      const r = await app.app.inject({
        method: 'POST',
        url: '/api/dev/bankid/approve',
        payload: { orderRef, personalNumber: pnr },
      });
      if (r.statusCode !== 200) throw new Error(`approve ${r.statusCode}`);
    };
    const simulator = await counted(simDb, { BANKID_BACKEND: 'simulator' }, async (app) => {
      for (let i = 0; i < LOGINS; i++) await login(app, simApprove(app), pick(i), ip(i));
    });
    // "BankID": a simulator app listening on its own database; the relying party uses the real RP client.
    const bankid = await start(bankidDb, { BANKID_BACKEND: 'simulator' });
    await bankid.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = bankid.app.server.address() as AddressInfo;
    const rpEnv = { BANKID_BACKEND: 'rp', BANKID_RP_URL: `http://127.0.0.1:${port}/api/dev/bankid-rp/rp/v6.0` };
    const rp = await counted(rpDb, rpEnv, async (app) => {
      for (let i = 0; i < LOGINS; i++) await login(app, simApprove(bankid), pick(i), ip(i));
    });
    await bankid.app.close();
    const per = (c: { net: number }) => round(c.net / LOGINS);
    return {
      logins: LOGINS,
      pendingPolls: PENDING_POLLS,
      simulator: { ...simulator, commitsPerLogin: per(simulator) },
      realBankIdPath: { ...rp, commitsPerLogin: per(rp) },
    };
  } finally {
    for (const db of [simDb, rpDb, bankidDb]) await db.drop();
  }
}

const only = process.env.BENCH_ONLY;
const result: Record<string, unknown> = { date: new Date().toISOString() };
if (!only || only === 'booking') {
  result.bookingsUnbatched = await bookings(false);
  result.bookingsGroupCommit = await bookings(true);
  result.asInBenchBooking = await asInBenchBooking();
}
if (!only || only === 'login') result.logins = await logins();
console.log(JSON.stringify(result, null, 2));
