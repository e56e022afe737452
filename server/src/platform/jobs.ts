/**
 * Durable background jobs on the `jobs` table. A job is enqueued inside the
 * caller's transaction, so it exists exactly when the change that caused it
 * committed; all state lives in the database, so jobs survive restarts and
 * several server instances can share the queue (claims use
 * `for update skip locked`, which PostgreSQL and PGlite both support).
 *
 * Failures retry with exponential backoff until `max_attempts`, then the job
 * is finished with `failed_at` set. `last_error` holds the error message only —
 * handlers must not put payload contents (addresses, bodies) in their errors.
 *
 * The done marks of jobs that succeed together (the jobs of one claim finish
 * within moments of each other) are written in one statement (coalesce.ts):
 * one commit instead of one per job. A job still counts as done only once its
 * mark is committed, and failures are recorded one by one as before.
 *
 * During a rush (`deferDuring`) the kinds registered `deferInRush` wait, so the
 * database's time goes to the people in front of the screen; each such job runs
 * at most `maxDeferMs` after it was due (nothing starves), and the kinds someone
 * waits for (confirmations, codes, a turn) run as always.
 *
 * Jobs derived from other rows rather than enqueued by the change that causes them (the booking
 * reminder) are inserted by a schedule (schedules.ts), not by the worker: the worker only claims.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { sql } from 'kysely';
import type { Clock } from './clock.js';
import { createCoalescer } from './coalesce.js';
import type { Db, Queryable } from './db/index.js';

export interface JobInfo {
  id: string;
  kind: string;
  /** 1 on the first run. */
  attempt: number;
  maxAttempts: number;
}

export type JobHandler = (payload: unknown, job: JobInfo) => Promise<void>;

export interface RegisterOptions {
  /** Replace the payload with `{}` once the job is finished (it holds secrets or personal data). */
  scrubPayload?: boolean;
  /** Nobody waits for it: during a rush it may wait, at most `maxDeferMs` past its due time. */
  deferInRush?: boolean;
}

export interface EnqueueOptions {
  runAt?: Date;
  maxAttempts?: number;
}

/** A `jobs` row as `enqueue` writes it, for a caller that inserts it inside a larger statement. */
export interface NewJobRow {
  id: string;
  kind: string;
  /** JSON text. */
  payload: string;
  run_at: Date;
  max_attempts: number;
  created_at: Date;
}

export interface JobQueue {
  /** Registers the handler for a kind. Only registered kinds are claimed by this instance. */
  register(kind: string, handler: JobHandler, options?: RegisterOptions): void;
  /** Adds a job through `q` (pass the open transaction); returns its id. */
  enqueue(q: Queryable, kind: string, payload: unknown, options?: EnqueueOptions): Promise<string>;
  /**
   * The row `enqueue` would insert, without inserting it: for a hot path that writes the job
   * as a CTE of the statement that causes it (booking/book-store.ts), saving a round trip.
   */
  row(kind: string, payload: unknown, options?: EnqueueOptions): NewJobRow;
  /** Starts polling for due jobs. */
  start(): void;
  /** Stops polling and waits for the jobs that are running. */
  stop(): Promise<void>;
  /** Claims and runs due jobs until none are due; returns how many ran (tests, one-off scripts). */
  runDueJobs(): Promise<number>;
  /** While `rush()` is true the kinds registered `deferInRush` wait (each at most `maxDeferMs` past due). */
  deferDuring(rush: () => boolean): void;
}

export interface JobQueueOptions {
  db: Db;
  clock: Clock;
  log: FastifyBaseLogger;
  /** How often an idle worker looks for due jobs. */
  pollMs?: number;
  /** Jobs claimed at once. */
  batchSize?: number;
  /** How long a claim lasts; a crashed worker's jobs become due again after it. */
  lockSeconds?: number;
  /** First retry delay; doubles with each attempt. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** The longest a `deferInRush` job waits past its due time during a rush. */
  maxDeferMs?: number;
}

/** As long as the FHIR slot feed's regeneration waits during a rush (FEED_MAX_DEFER_MS). */
export const JOB_MAX_DEFER_MS = 15 * 60_000;
const MAX_ERROR_LENGTH = 500;
/** How long a finished job's done mark waits for the rest of its claim before it is written. */
const FINISH_WINDOW_MS = 1000;

/** The delay before retry number `attempt` (1-based): base · 2^(attempt-1), capped. */
export function backoffDelayMs(attempt: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
}

/** Creates the job queue; call `start()` to run a worker in this process. */
export function createJobQueue(options: JobQueueOptions): JobQueue {
  const { db, clock, log } = options;
  const pollMs = options.pollMs ?? 1000;
  const batchSize = options.batchSize ?? 10;
  const lockSeconds = options.lockSeconds ?? 300;
  const backoffBaseMs = options.backoffBaseMs ?? 30_000;
  const backoffMaxMs = options.backoffMaxMs ?? 3_600_000;
  const maxDeferMs = options.maxDeferMs ?? JOB_MAX_DEFER_MS;
  const handlers = new Map<string, { handler: JobHandler; scrub: boolean; defer: boolean }>();
  let rush: () => boolean = () => false;
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let current: Promise<unknown> = Promise.resolve();
  const finished = createCoalescer<{ id: string; scrub: boolean; at: Date }>({
    // A slow handler holds the others' marks back at most this long: a crash before a mark
    // runs that job again (as a crash between a handler and its mark always could).
    windowMs: FINISH_WINDOW_MS,
    async write(items) {
      const rows = items.map((i) => ({ id: i.id, scrub: i.scrub, at: i.at.toISOString() }));
      await sql`update jobs j
        set done_at = d.at, locked_until = null, last_error = null,
            payload = case when d.scrub then '{}'::jsonb else j.payload end
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as d(id uuid, scrub boolean, at timestamptz)
        where j.id = d.id`.execute(db);
    },
  });

  function row(kind: string, payload: unknown, enqueueOptions: EnqueueOptions = {}): NewJobRow {
    return {
      id: randomUUID(),
      kind,
      payload: JSON.stringify(payload ?? null),
      run_at: enqueueOptions.runAt ?? clock.now(),
      max_attempts: enqueueOptions.maxAttempts ?? 5,
      created_at: clock.now(),
    };
  }

  async function claim() {
    const kinds = [...handlers.keys()];
    if (kinds.length === 0) return [];
    const now = clock.now();
    // In a rush the deferrable kinds are claimed only once they are maxDeferMs overdue.
    const held = rush() ? kinds.filter((kind) => handlers.get(kind)?.defer) : [];
    const heldUntil = new Date(now.getTime() - maxDeferMs);
    const due = db
      .selectFrom('jobs')
      .select('id')
      .where('done_at', 'is', null)
      .where('run_at', '<=', now)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
      .where('kind', 'in', kinds)
      .$if(held.length > 0, (qb) =>
        qb.where((eb) => eb.or([eb('kind', 'not in', held), eb('run_at', '<=', heldUntil)])),
      )
      .orderBy('run_at')
      .limit(batchSize)
      .forUpdate()
      .skipLocked();
    // Attempts count at claim time, so a job that crashes the process still uses up its attempts.
    return db
      .updateTable('jobs')
      .set((eb) => ({
        locked_until: new Date(now.getTime() + lockSeconds * 1000),
        attempts: eb('attempts', '+', 1),
      }))
      .where('id', 'in', due)
      .returning(['id', 'kind', 'payload', 'attempts', 'max_attempts'])
      .execute();
  }

  /** Runs `job`; `handled` is called once its handler has returned or thrown. */
  async function runOne(job: Awaited<ReturnType<typeof claim>>[number], handled: () => void) {
    const entry = handlers.get(job.kind);
    const info: JobInfo = { id: job.id, kind: job.kind, attempt: job.attempts, maxAttempts: job.max_attempts };
    try {
      let ran = false;
      try {
        if (!entry) throw new Error(`no handler for job kind ${job.kind}`);
        await entry.handler(job.payload, info);
        ran = true;
      } finally {
        if (!ran) handled();
      }
      // Queued before `handled`, so the claim's last mark is in the flush that call starts.
      const marked = finished.add({ id: job.id, scrub: entry.scrub, at: clock.now() });
      handled();
      await marked;
    } catch (error) {
      const message = (error instanceof Error ? error.message : String(error)).slice(0, MAX_ERROR_LENGTH);
      const now = clock.now();
      if (job.attempts >= job.max_attempts) {
        log.error({ jobId: job.id, kind: job.kind, attempts: job.attempts }, 'job gave up');
        await db
          .updateTable('jobs')
          .set({
            done_at: now,
            failed_at: now,
            locked_until: null,
            last_error: message,
            ...(entry?.scrub ? { payload: '{}' } : {}),
          })
          .where('id', '=', job.id)
          .execute();
      } else {
        const delay = backoffDelayMs(job.attempts, backoffBaseMs, backoffMaxMs);
        log.warn({ jobId: job.id, kind: job.kind, attempts: job.attempts, retryInMs: delay }, 'job failed; will retry');
        await db
          .updateTable('jobs')
          .set({ run_at: new Date(now.getTime() + delay), locked_until: null, last_error: message })
          .where('id', '=', job.id)
          .execute();
      }
    }
  }

  async function runBatch(): Promise<number> {
    const jobs = await claim();
    let unhandled = jobs.length;
    // The claim's done marks go out in one statement as soon as its last handler has returned.
    const handled = () => {
      unhandled -= 1;
      if (unhandled === 0) finished.flush();
    };
    await Promise.all(jobs.map((job) => runOne(job, handled)));
    return jobs.length;
  }

  async function tick() {
    if (!running) return;
    let ran = 0;
    try {
      const work = runBatch();
      current = work;
      ran = await work;
    } catch (error) {
      log.error({ err: error }, 'job worker could not claim jobs');
    }
    // A full batch suggests more are due: go again at once instead of waiting a poll interval.
    if (running) timer = setTimeout(() => void tick(), ran >= batchSize ? 0 : pollMs);
  }

  return {
    register(kind, handler, registerOptions = {}) {
      handlers.set(kind, {
        handler,
        scrub: registerOptions.scrubPayload === true,
        defer: registerOptions.deferInRush === true,
      });
    },

    deferDuring(isRush) {
      rush = isRush;
    },

    row,

    async enqueue(q, kind, payload, enqueueOptions = {}) {
      const values = row(kind, payload, enqueueOptions);
      await q.insertInto('jobs').values(values).execute();
      return values.id;
    },

    start() {
      if (running) return;
      running = true;
      timer = setTimeout(() => void tick(), 0);
    },

    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await current.catch(() => undefined);
    },

    async runDueJobs() {
      let total = 0;
      for (;;) {
        const ran = await runBatch();
        total += ran;
        if (ran === 0) return total;
      }
    },
  };
}
