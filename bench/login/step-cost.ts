/**
 * `npx tsx bench/login/step-cost.ts`: what one rumour-day login costs the region's server and
 * database, step by step, counted in-process so the figures do not depend on how loaded the
 * machine is. The app is built in this process on a scratch PostgreSQL database (DATABASE_URL,
 * default the local one; PostgreSQL's CPU is then not in this process's), the embedded BankID
 * simulator plays BankID (as bench/surge/rumour.ts does), and each login is the rumour's:
 * POST /api/auth/bankid/auth → POST /api/dev/bankid/approve → POST /api/auth/bankid/collect
 * (complete) → GET /api/slots. Per step: server CPU (`process.cpuUsage()` around each
 * `app.inject`, the least of BENCH_ROUNDS rounds of BENCH_LOGINS logins — contention only ever
 * adds), SQL statements and commits (every statement outside a transaction is a commit, plus
 * each COMMIT), counted by wrapping node-postgres's `Client.query` for the step's async context
 * only. A request that only reaches the not-found handler is measured next to them (inject's
 * and Fastify's floor). With REDIS_URL the hub is Redis (as in a cluster); otherwise in memory.
 * The waiting room is not open here (its gate costs nothing without a live room).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { syntheticPersonnummer } from '@ingang/domain';
import type { InjectOptions } from 'light-my-request';
import pg from 'pg';
import { buildApp } from '../../server/src/app.js';
import { loadConfig } from '../../server/src/config.js';
import { createScratchDatabase } from '../../server/src/platform/db/scratch.js';
import { seedDemo } from '../../server/src/seed/demo.js';
import { DEMO_UNITS } from '../../server/src/seed/demo-data.js';

const LOGINS = Number(process.env.BENCH_LOGINS ?? 300);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 200);
const STEPS = ['auth', 'approve', 'collect', 'search', 'empty'] as const;
type Step = (typeof STEPS)[number];

/** Counting of the statements and commits a step's requests send, through every pooled client. */
const counting = new AsyncLocalStorage<{ statements: number; commits: number; texts?: string[] }>();
const inTransaction = new WeakSet<object>();
const clientQuery = pg.Client.prototype.query as (...args: unknown[]) => unknown;
pg.Client.prototype.query = function (this: object, ...args: unknown[]) {
  const tally = counting.getStore();
  if (tally) {
    const first = args[0] as string | { text?: string };
    const text = (typeof first === 'string' ? first : (first?.text ?? '')).trim().toLowerCase();
    tally.texts?.push(text.replace(/\s+/g, ' ').slice(0, 160));
    if (text === 'begin' || text.startsWith('begin ') || text.startsWith('start transaction')) inTransaction.add(this);
    else if (text === 'commit' || text === 'rollback') {
      if (text === 'commit') tally.commits += 1;
      inTransaction.delete(this);
    } else {
      tally.statements += 1;
      if (!inTransaction.has(this)) tally.commits += 1;
    }
  }
  return clientQuery.apply(this, args);
} as typeof pg.Client.prototype.query;

const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const scratch = await createScratchDatabase(databaseUrl, 'ingang_login');
const config = loadConfig({
  NODE_ENV: 'test',
  DB_IN_MEMORY: 'false',
  DATABASE_URL: scratch.url,
  MAIL_EMBEDDED: 'false',
  SEED_DEMO: 'false',
  LOG_LEVEL: 'warn',
  ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL, REDIS_PREFIX: `ingang-bench-${randomUUID()}:` } : {}),
  // One address logs everyone in here; the per-IP limit is not what is measured.
  RATE_LOGIN_PER_IP_PER_MINUTE: '1000000',
});
const { app, ctx } = await buildApp(config);

try {
  await seedDemo(ctx.db, ctx.clock);
  const now = ctx.clock.now();
  const timeTypeId = randomUUID();
  await ctx.db
    .insertInto('time_types')
    .values({
      id: timeTypeId,
      code: 'bench-covid',
      name_sv: 'Covid-19-vaccination',
      name_en: 'Covid-19 vaccination',
      duration_minutes: 10,
      mode: 'on_site',
      places_per_slot: 3,
      self_bookable: true,
      form_id: null,
      min_age: 0,
      max_age: null,
      one_active_booking: true,
      dose_group: null,
      min_days_since_dose: null,
      cancel_cutoff_minutes: 60,
      retired_at: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  const day = new Date(now.getTime() + 2 * 86_400_000).toISOString().slice(0, 10);
  for (let i = 0; i < 40; i++) {
    const start = new Date(`${day}T08:00:00.000Z`);
    start.setUTCMinutes(i * 10);
    await ctx.db
      .insertInto('slots')
      .values({
        id: randomUUID(),
        unit_id: DEMO_UNITS.vcSolberga,
        time_type_id: timeTypeId,
        starts_at: start,
        ends_at: new Date(start.getTime() + 600_000),
        capacity: 3,
        booked: 0,
        visible_from: new Date(now.getTime() - 3_600_000),
        reserved_for: null,
        withdrawn_at: null,
        created_at: now,
      })
      .execute();
  }
  const search = `/api/slots?${new URLSearchParams({ timeTypeId, from: `${day}T07:00:00.000Z`, to: `${day}T23:00:00.000Z`, limit: '20' })}`;

  let seed = 1000;
  let warm: Record<Step, { cpu: number; statements: number; commits: number; n: number }> | null = null;
  type Tally = { cpu: number; statements: number; commits: number; n: number };
  const fresh = () =>
    Object.fromEntries(STEPS.map((s) => [s, { cpu: 0, statements: 0, commits: 0, n: 0 }])) as Record<Step, Tally>;

  async function step(tally: Record<Step, Tally>, name: Step, request: InjectOptions, expected: number) {
    const counts = { statements: 0, commits: 0, texts: [] as string[] };
    const before = process.cpuUsage();
    const res = await counting.run(counts, async () => await app.inject(request));
    const used = process.cpuUsage(before);
    if (res.statusCode !== expected) throw new Error(`${name} answered ${res.statusCode}: ${res.body}`);
    if (process.env.BENCH_SQL && tally === warm && warm[name].n === 0) console.log(name, counts.texts);
    const t = tally[name];
    t.cpu += used.user + used.system;
    t.statements += counts.statements;
    t.commits += counts.commits;
    t.n += 1;
    return res;
  }

  async function login(tally: Record<Step, Tally>) {
    const personalNumber = syntheticPersonnummer(seed++, { minAge: 20, maxAge: 80, today: now });
    const auth = await step(tally, 'auth', { method: 'POST', url: '/api/auth/bankid/auth', payload: {} }, 200);
    const orderRef = String(auth.json().orderRef);
    await step(
      tally,
      'approve',
      { method: 'POST', url: '/api/dev/bankid/approve', payload: { orderRef, personalNumber } },
      200,
    );
    const collect = await step(
      tally,
      'collect',
      { method: 'POST', url: '/api/auth/bankid/collect', payload: { orderRef } },
      200,
    );
    const sid = collect.cookies.find((c) => c.name === 'ingang_sid')?.value;
    if (!sid) throw new Error(`collect did not complete: ${collect.body}`);
    await step(tally, 'search', { method: 'GET', url: search, cookies: { ingang_sid: sid } }, 200);
    await step(tally, 'empty', { method: 'GET', url: '/api/no-such-route' }, 404);
  }

  warm = fresh();
  for (let i = 0; i < WARMUP; i++) await login(warm);
  const rounds: Record<Step, Tally>[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const tally = fresh();
    for (let i = 0; i < LOGINS; i++) await login(tally);
    rounds.push(tally);
  }
  const rows = STEPS.map((s) => {
    const cpu = Math.min(...rounds.map((t) => t[s].cpu / t[s].n));
    const last = rounds[rounds.length - 1]?.[s] as Tally;
    return {
      step: s,
      cpuMicros: Math.round(cpu),
      statements: last.statements / last.n,
      commits: last.commits / last.n,
    };
  });
  const login4 = rows.filter((r) => r.step !== 'empty');
  const sum = (k: 'cpuMicros' | 'statements' | 'commits') => login4.reduce((a, r) => a + r[k], 0);
  console.log(
    `login step cost — ${LOGINS} logins × ${ROUNDS} rounds (least CPU round), hub ${process.env.REDIS_URL ? 'redis' : 'memory'}`,
  );
  console.log('step      cpu µs  statements  commits');
  for (const r of rows) {
    console.log(
      `${r.step.padEnd(9)} ${String(r.cpuMicros).padStart(6)}  ${r.statements.toFixed(2).padStart(10)}  ${r.commits.toFixed(2).padStart(7)}`,
    );
  }
  console.log(
    `${'login'.padEnd(9)} ${String(sum('cpuMicros')).padStart(6)}  ${sum('statements').toFixed(2).padStart(10)}  ${sum('commits').toFixed(2).padStart(7)}  (auth+approve+collect+search)`,
  );
} finally {
  await app.close();
  await scratch.drop();
}
