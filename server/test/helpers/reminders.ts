/**
 * Booking reminders are derived by a schedule, the reminder sweep (modules/booking/reminders.ts),
 * not written with the booking.
 *
 * `sweepAndRunJobs` is what an instance does within a minute: the sweep as its schedule runs it
 * (held in a rush), then the due jobs. `queueRemindersUpTo` runs the sweep as it would run at
 * `at` (covering the times that start in (at, at + 24 h − 1 min]) for a test that looks for a
 * booking's reminder job right after booking, and leaves the sweep's watermark as it found it,
 * so the file's later tests, whose clock may be earlier, are swept as before.
 */
import { sql } from 'kysely';
import { sweepReminders } from '../../src/modules/booking/reminder-store.js';
import { REMINDER_BEFORE_MS, REMINDER_SWEEP, REMINDER_SWEEP_LAG_MS } from '../../src/modules/booking/reminders.js';
import type { JobQueue } from '../../src/platform/jobs.js';
import type { Schedules } from '../../src/platform/schedules.js';
import type { TestApp } from '../harness.js';

/** An instance: the app's, or a second one's job queue and schedules on the same database. */
export interface Instance {
  ctx: { jobs: JobQueue };
  schedules: Schedules;
}

/** Runs the reminder sweep once (unless a rush holds it back), then every due job; returns the jobs run. */
export async function sweepAndRunJobs(instance: Instance): Promise<number> {
  await instance.schedules.runOnce(REMINDER_SWEEP);
  return instance.ctx.jobs.runDueJobs();
}

/** Queues the reminders of the times starting up to `upTo` (and the day before it); returns how many. */
export async function queueRemindersUpTo(t: Pick<TestApp, 'ctx'>, upTo: Date): Promise<number> {
  const db = t.ctx.db;
  const { rows } = await sql<{ swept_to: Date | null }>`select swept_to from booking_reminder_sweep`.execute(db);
  const kept = rows[0]?.swept_to ?? null;
  await sql`update booking_reminder_sweep set swept_to = null`.execute(db);
  try {
    return await sweepReminders(db, new Date(upTo.getTime() - REMINDER_BEFORE_MS + REMINDER_SWEEP_LAG_MS));
  } finally {
    await sql`update booking_reminder_sweep set swept_to = ${kept}`.execute(db);
  }
}
