/**
 * Booking reminders are derived by the job worker's sweep (modules/booking/reminders.ts), not
 * written with the booking. A test that looks for a booking's reminder job right after booking
 * runs the sweep as it would run at `at` (covering the times that start in (at, at + 24 h − 1 min])
 * and leaves the sweep's watermark as it found it, so the file's later tests, whose clock may
 * be earlier, are swept as before.
 */
import { sql } from 'kysely';
import { sweepReminders } from '../../src/modules/booking/reminder-store.js';
import { REMINDER_BEFORE_MS, REMINDER_SWEEP_LAG_MS } from '../../src/modules/booking/reminders.js';
import type { TestApp } from '../harness.js';

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
