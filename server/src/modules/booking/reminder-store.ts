/**
 * The reminder sweep's SQL (reminders.ts says what it keeps, and why it is once).
 */
import { sql } from 'kysely';
import type { Db } from '../../platform/db/index.js';
import { REMINDER_BEFORE_MS, REMINDER_JOB, REMINDER_SWEEP_LAG_MS } from './reminders.js';

/**
 * Queues the reminder jobs of the bookings whose time starts in (swept_to, now + 24 h − lag]
 * (from `now` when that is later), and moves the watermark there. Returns the jobs inserted.
 * Idempotent; run it from any number of instances.
 */
export async function sweepReminders(db: Db, now: Date): Promise<number> {
  const kind = REMINDER_JOB;
  const hi = new Date(now.getTime() + REMINDER_BEFORE_MS - REMINDER_SWEEP_LAG_MS);
  return db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ swept_to: Date | null }>`
      select swept_to from booking_reminder_sweep where id = 1 for update`.execute(trx);
    const sweptTo = rows[0]?.swept_to ?? null;
    const lo = sweptTo && sweptTo.getTime() > now.getTime() ? sweptTo : now;
    if (hi.getTime() <= lo.getTime()) return 0;
    // Per unit through slots_unit_day (unit_id, starts_at), then the time's bookings through
    // bookings_slot: a minute's worth of times at a time, whatever the size of the timebook.
    const { rows: queued } = await sql<{ n: number | string }>`
      with due as (
        select b.id, s.starts_at
          from units u
          cross join lateral (
            select s.id, s.starts_at from slots s
             where s.unit_id = u.id and s.starts_at > ${lo}::timestamptz and s.starts_at <= ${hi}::timestamptz
               and s.booked > 0) s
          join bookings b on b.slot_id = s.id
         where b.status = 'booked' and b.created_at < s.starts_at - interval '24 hours'),
      job as (
        insert into jobs (id, kind, payload, run_at, max_attempts, created_at)
        select md5(${`${kind}:`}::text || d.id::text)::uuid, ${kind}::text, jsonb_build_object('bookingId', d.id),
               d.starts_at - interval '24 hours', 5, ${now}::timestamptz
          from due d
        on conflict (id) do nothing
        returning 1)
      select count(*) as n from job`.execute(trx);
    await sql`update booking_reminder_sweep set swept_to = ${hi}::timestamptz where id = 1`.execute(trx);
    return Number(queued[0]?.n ?? 0);
  });
}
