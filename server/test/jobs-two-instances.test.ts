/**
 * One job runs once however many instances run workers: two job queues, each
 * with its own connection pool (as two processes would have), on one
 * PostgreSQL database (this machine's, a scratch database, also without
 * DATABASE_URL — PGlite has one connection and cannot show the race), claim
 * the same due jobs at the same time with `for update skip locked`.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { systemClock } from '../src/platform/clock.js';
import { type DatabaseHandle, openDatabase } from '../src/platform/db/index.js';
import { migrate } from '../src/platform/db/migrate.js';
import { createScratchDatabase, type ScratchDatabase } from '../src/platform/db/scratch.js';
import { createJobQueue } from '../src/platform/jobs.js';
import { loggerOptions } from '../src/platform/logging.js';

const POSTGRES = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
let database: ScratchDatabase;
const handles: DatabaseHandle[] = [];

beforeAll(async () => {
  database = await createScratchDatabase(POSTGRES, 'ingang_t');
  for (let i = 0; i < 2; i++) {
    handles.push(
      await openDatabase({ databaseUrl: database.url, dataDir: '/nonexistent', inMemory: false, poolSize: 4 }),
    );
  }
  await migrate((handles[0] as DatabaseHandle).db);
});
afterAll(async () => {
  for (const h of handles) await h.close();
  await database?.drop();
});

test('two instances draining one queue run every job exactly once', async () => {
  const { default: pino } = await import('pino');
  const log = pino(loggerOptions('silent') as object);
  const ran: { job: string; by: number }[] = [];
  const started = [false, false];
  const queues = handles.map((h, by) => {
    const q = createJobQueue({ db: h.db, clock: systemClock, log: log as never, batchSize: 5 });
    q.register('test.once', async (payload) => {
      ran.push({ job: (payload as { n: string }).n, by });
      // Each instance's first batch waits until the other is running jobs too: both claim at once.
      started[by] = true;
      while (!started[1 - by]) await new Promise((r) => setTimeout(r, 5));
    });
    return q;
  });
  const [first] = queues;
  for (let n = 0; n < 60; n++) await first?.enqueue((handles[0] as DatabaseHandle).db, 'test.once', { n: String(n) });

  const drain = async (q: (typeof queues)[number]) => {
    let total = 0;
    for (;;) {
      const ran = await q.runDueJobs();
      if (ran === 0) return total;
      total += ran;
    }
  };
  const counts = await Promise.all(queues.map(drain));
  expect((counts[0] ?? 0) + (counts[1] ?? 0)).toBe(60);
  expect(ran).toHaveLength(60);
  expect(new Set(ran.map((r) => r.job)).size).toBe(60);
  // Both took part, their first batches running at the same time.
  expect(counts.every((c) => c > 0)).toBe(true);
  const left = await (handles[1] as DatabaseHandle).db
    .selectFrom('jobs')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('kind', '=', 'test.once')
    .where('done_at', 'is', null)
    .executeTakeFirstOrThrow();
  expect(Number(left.n)).toBe(0);
});
