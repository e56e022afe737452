import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { fixedClock } from '../src/platform/clock.js';
import { backoffDelayMs, createJobQueue, type JobQueue } from '../src/platform/jobs.js';
import { rushHold } from '../src/platform/rush-hold.js';
import { startTestApp, type TestApp } from './harness.js';
import { countStatements } from './helpers/statements.js';

const clock = fixedClock('2026-08-01T10:00:00Z');
let t: TestApp;

const queue = (options: { backoffBaseMs?: number } = {}): JobQueue =>
  createJobQueue({ db: t.ctx.db, clock, log: t.ctx.log, pollMs: 10, ...options });

const jobRow = (id: string) => t.ctx.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

beforeAll(async () => {
  t = await startTestApp({ clock, env: { WEB_DIST: '/nonexistent' } });
});
afterAll(async () => {
  await t.close();
});

describe('job queue', () => {
  test('a job exists only when the enqueuing transaction commits', async () => {
    const q = queue();
    await expect(
      t.ctx.db.transaction().execute(async (trx) => {
        await q.enqueue(trx, 'tx.test', { n: 1 });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await t.ctx.db.selectFrom('jobs').select('id').where('kind', '=', 'tx.test').execute()).toHaveLength(0);
    await t.ctx.db.transaction().execute((trx) => q.enqueue(trx, 'tx.test', { n: 2 }));
    expect(await t.ctx.db.selectFrom('jobs').select('id').where('kind', '=', 'tx.test').execute()).toHaveLength(1);
  });

  test('runs the handler for its kind once and marks the job done', async () => {
    const q = queue();
    const seen: unknown[] = [];
    q.register('ok.test', async (payload, job) => {
      seen.push({ payload, attempt: job.attempt });
    });
    const id = await q.enqueue(t.ctx.db, 'ok.test', { hello: 'värld' });
    expect(await q.runDueJobs()).toBe(1);
    expect(await q.runDueJobs()).toBe(0);
    expect(seen).toEqual([{ payload: { hello: 'värld' }, attempt: 1 }]);
    const row = await jobRow(id);
    expect(row.done_at?.toISOString()).toBe(clock.now().toISOString());
    expect(row.failed_at).toBeNull();
    expect(row.attempts).toBe(1);
  });

  test('a job that is not due yet waits for its run_at', async () => {
    const q = queue();
    let runs = 0;
    q.register('later.test', async () => {
      runs++;
    });
    await q.enqueue(t.ctx.db, 'later.test', {}, { runAt: new Date(clock.now().getTime() + 60_000) });
    expect(await q.runDueJobs()).toBe(0);
    clock.advance(60_000);
    expect(await q.runDueJobs()).toBe(1);
    expect(runs).toBe(1);
  });

  test('during a rush the deferrable kinds wait, at most maxDeferMs past due; the urgent ones run; after the rush all run', async () => {
    const q = createJobQueue({ db: t.ctx.db, clock, log: t.ctx.log, maxDeferMs: 15 * 60_000 });
    let rush = true;
    q.deferDuring(() => rush);
    const ran: string[] = [];
    q.register('urgent.rush', async (p) => void ran.push(`urgent ${(p as { n: number }).n}`));
    q.register('later.rush', async (p) => void ran.push(`later ${(p as { n: number }).n}`), { deferInRush: true });
    await q.enqueue(t.ctx.db, 'later.rush', { n: 1 });
    await q.enqueue(t.ctx.db, 'urgent.rush', { n: 1 });
    expect(await q.runDueJobs()).toBe(1);
    expect(ran).toEqual(['urgent 1']);
    // Fourteen minutes on it still waits; a second one, due later, waits its own fifteen.
    clock.advance(14 * 60_000);
    await q.enqueue(t.ctx.db, 'later.rush', { n: 2 });
    expect(await q.runDueJobs()).toBe(0);
    // Fifteen minutes past due the first runs although the rush goes on; the second still waits.
    clock.advance(60_000);
    expect(await q.runDueJobs()).toBe(1);
    expect(ran).toEqual(['urgent 1', 'later 1']);
    // The rush is over: what waited runs at once.
    rush = false;
    expect(await q.runDueJobs()).toBe(1);
    expect(ran).toEqual(['urgent 1', 'later 1', 'later 2']);
  });

  test('a rush hold (the schedules nobody waits for): held while the rush lasts, one run per maxDeferMs, free after it', () => {
    let rush = false;
    const hold = rushHold(clock, () => rush, 15 * 60_000);
    expect(hold.mayRun()).toBe(true);
    rush = true;
    expect(hold.mayRun()).toBe(false);
    clock.advance(14 * 60_000);
    expect(hold.mayRun()).toBe(false);
    clock.advance(60_000);
    expect(hold.mayRun()).toBe(true);
    // The wait starts again from that run.
    clock.advance(60_000);
    expect(hold.mayRun()).toBe(false);
    rush = false;
    expect(hold.mayRun()).toBe(true);
  });

  test('failures retry with exponential backoff; last_error keeps the message, not the payload', async () => {
    const q = queue({ backoffBaseMs: 30_000 });
    let calls = 0;
    q.register('flaky.test', async () => {
      calls++;
      if (calls <= 2) throw new Error(`relay down (${calls})`);
    });
    const id = await q.enqueue(t.ctx.db, 'flaky.test', { secret: '19880412-2380' });
    const start = clock.now().getTime();

    expect(await q.runDueJobs()).toBe(1);
    let row = await jobRow(id);
    expect(row).toMatchObject({ attempts: 1, last_error: 'relay down (1)', done_at: null, locked_until: null });
    expect(row.run_at.getTime()).toBe(start + 30_000);

    clock.advance(29_999);
    expect(await q.runDueJobs()).toBe(0);
    clock.advance(1);
    expect(await q.runDueJobs()).toBe(1);
    row = await jobRow(id);
    expect(row.attempts).toBe(2);
    expect(row.run_at.getTime()).toBe(clock.now().getTime() + 60_000);
    expect(row.last_error).not.toContain('19880412');

    clock.advance(60_000);
    expect(await q.runDueJobs()).toBe(1);
    row = await jobRow(id);
    expect(row.attempts).toBe(3);
    expect(row.done_at).not.toBeNull();
    expect(row.last_error).toBeNull();
    expect(calls).toBe(3);
  });

  test('gives up after max_attempts: finished, marked failed, never run again; a scrubbed payload is dropped', async () => {
    const q = queue({ backoffBaseMs: 1000 });
    let calls = 0;
    q.register(
      'doomed.test',
      async () => {
        calls++;
        throw new Error('always');
      },
      { scrubPayload: true },
    );
    const id = await q.enqueue(t.ctx.db, 'doomed.test', { to: 'someone@example.se' }, { maxAttempts: 3 });
    for (let i = 0; i < 5; i++) {
      await q.runDueJobs();
      clock.advance(3_600_000);
    }
    expect(calls).toBe(3);
    const row = await jobRow(id);
    expect(row).toMatchObject({ attempts: 3, last_error: 'always', payload: {} });
    expect(row.failed_at).not.toBeNull();
    expect(row.done_at).not.toBeNull();
  });

  test('backoff doubles and is capped', () => {
    expect([1, 2, 3, 4].map((a) => backoffDelayMs(a, 30_000, 100_000))).toEqual([30_000, 60_000, 100_000, 100_000]);
  });

  test('an instance claims only the kinds it has handlers for', async () => {
    const q = queue();
    q.register('mine.test', async () => undefined);
    const other = await q.enqueue(t.ctx.db, 'someone-elses.test', {});
    expect(await q.runDueJobs()).toBe(0);
    expect((await jobRow(other)).attempts).toBe(0);
  });

  test('a claimed job is not taken again until its lock expires (a crashed worker)', async () => {
    const q = queue();
    let runs = 0;
    q.register('locked.test', async () => {
      runs++;
    });
    const id = await q.enqueue(t.ctx.db, 'locked.test', {});
    await t.ctx.db
      .updateTable('jobs')
      .set({ locked_until: new Date(clock.now().getTime() + 300_000), attempts: 1 })
      .where('id', '=', id)
      .execute();
    expect(await q.runDueJobs()).toBe(0);
    clock.advance(300_001);
    expect(await q.runDueJobs()).toBe(1);
    expect(runs).toBe(1);
    expect((await jobRow(id)).attempts).toBe(2);
  });

  test('two workers on the same table run each job exactly once', async () => {
    const ran = new Map<string, number>();
    const handler = async (payload: unknown) => {
      const n = String((payload as { n: number }).n);
      ran.set(n, (ran.get(n) ?? 0) + 1);
    };
    const a = queue();
    const b = queue();
    a.register('shared.test', handler);
    b.register('shared.test', handler);
    for (let n = 0; n < 25; n++) await a.enqueue(t.ctx.db, 'shared.test', { n });
    const [ra, rb] = await Promise.all([a.runDueJobs(), b.runDueJobs()]);
    expect(ra + rb).toBe(25);
    expect(ran.size).toBe(25);
    expect([...ran.values()].every((v) => v === 1)).toBe(true);
  });

  test('a claim’s successful jobs are finished in ONE statement; a failing one is retried on its own', async () => {
    const q = queue({ backoffBaseMs: 1000 });
    const ran: string[] = [];
    q.register(
      'claim.ok',
      async (payload) => {
        ran.push((payload as { n: string }).n);
      },
      { scrubPayload: true },
    );
    q.register('claim.kept', async (payload) => {
      ran.push((payload as { n: string }).n);
    });
    let failures = 0;
    q.register('claim.fail', async () => {
      failures += 1;
      if (failures === 1) throw new Error('relay down');
    });
    const ok = [];
    for (let n = 0; n < 5; n++) ok.push(await q.enqueue(t.ctx.db, 'claim.ok', { n: `ok${n}` }));
    const kept = await q.enqueue(t.ctx.db, 'claim.kept', { n: 'kept' });
    const failing = await q.enqueue(t.ctx.db, 'claim.fail', { secret: 'x' });

    const { result, sql } = await countStatements(t.ctx.db, () => q.runDueJobs());
    expect(result).toBe(7);
    expect(ran.sort()).toEqual(['kept', 'ok0', 'ok1', 'ok2', 'ok3', 'ok4']);
    const updates = sql.filter((s) => /^\s*update/i.test(s));
    // The claim, the six done marks in one statement, the failure's own retry, the empty claim.
    expect(updates).toHaveLength(4);
    expect(sql.filter((s) => /set done_at = d\.at/.test(s))).toHaveLength(1);

    for (const id of ok) {
      const row = await jobRow(id);
      expect(row.done_at?.toISOString()).toBe(clock.now().toISOString());
      expect(row.locked_until).toBeNull();
      expect(row.payload).toEqual({});
    }
    const keptRow = await jobRow(kept);
    expect(keptRow.done_at).not.toBeNull();
    expect(keptRow.payload).toEqual({ n: 'kept' });
    const failed = await jobRow(failing);
    expect(failed.done_at).toBeNull();
    expect(failed.attempts).toBe(1);
    expect(failed.last_error).toBe('relay down');
    expect(failed.run_at.toISOString()).toBe(new Date(clock.now().getTime() + 1000).toISOString());

    clock.advance(1000);
    expect(await q.runDueJobs()).toBe(1);
    const retried = await jobRow(failing);
    expect(retried.done_at).not.toBeNull();
    expect(retried.failed_at).toBeNull();
    expect(retried.attempts).toBe(2);
    expect(retried.last_error).toBeNull();
  });

  test('the worker loop picks up due jobs; stop() waits for a running job', async () => {
    const q = queue();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started = false;
    q.register('slow.test', async () => {
      started = true;
      await gate;
    });
    const id = await q.enqueue(t.ctx.db, 'slow.test', {});
    q.start();
    await vi.waitFor(() => expect(started).toBe(true));
    let stopped = false;
    const stopping = q.stop().then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect((await jobRow(id)).done_at).not.toBeNull();
  });
});

/** A database that outlives one app: a PGlite directory, or a PostgreSQL database when DATABASE_URL is set. */
async function durableDatabase(): Promise<{ env: Record<string, string>; drop(): Promise<void> }> {
  const base = process.env.DATABASE_URL;
  if (base) {
    const name = `ingang_t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(base);
    url.pathname = `/${name}`;
    return {
      env: { DATABASE_URL: url.toString() },
      async drop() {
        const c = new pg.Client({ connectionString: base });
        await c.connect();
        await c.query(`drop database if exists ${name} with (force)`);
        await c.end();
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ingang-jobs-'));
  return {
    env: { DB_IN_MEMORY: 'false', DATA_DIR: dir },
    drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

describe('durability', () => {
  test('a job enqueued before a restart runs after it (state lives in the database)', async () => {
    const database = await durableDatabase();
    const config = loadConfig({
      NODE_ENV: 'test',
      MAIL_EMBEDDED: 'false',
      SEED_DEMO: 'false',
      WEB_DIST: '/nonexistent',
      ...database.env,
    });
    try {
      const first = await buildApp(config);
      const id = await first.ctx.db
        .transaction()
        .execute((trx) => first.ctx.jobs.enqueue(trx, 'restart.test', { greeting: 'hej' }));
      await first.app.close();

      // The second instance runs its worker as a production server would.
      const second = await buildApp(config, { startJobs: true });
      try {
        const seen: unknown[] = [];
        second.ctx.jobs.register('restart.test', async (payload) => {
          seen.push(payload);
        });
        await vi.waitFor(
          async () => {
            const row = await second.ctx.db
              .selectFrom('jobs')
              .select('done_at')
              .where('id', '=', id)
              .executeTakeFirst();
            expect(row?.done_at).not.toBeNull();
          },
          { timeout: 10_000, interval: 50 },
        );
        expect(seen).toEqual([{ greeting: 'hej' }]);
      } finally {
        await second.app.close();
      }
    } finally {
      await database.drop();
    }
  });
});
