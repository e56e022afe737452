/**
 * The booking reminder, derived (modules/booking/reminders.ts, migration 380): no job row is
 * written with the booking; a schedule, the reminder sweep, queues the reminders of the times
 * that come within 24 h. Sent once also when two instances sweep and claim at once; a cancelled
 * booking gets none; a rebook gets one, for the new time; a booking made within 24 h of its
 * time none (as before); in a rush the sweep waits like the reminder jobs (at most 15 min).
 * The clock is injected; no test reads the wall clock or the machine's load. Each instance's
 * minute is driven by hand (`sweepAndRunJobs`: its sweep once, then its due jobs).
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createBookingNotifier, REMINDER_JOB } from '../src/modules/booking/notify.js';
import { sweepReminders } from '../src/modules/booking/reminder-store.js';
import { REMINDER_BEFORE_MS } from '../src/modules/booking/reminders.js';
import { fixedClock } from '../src/platform/clock.js';
import { createJobQueue, JOB_MAX_DEFER_MS } from '../src/platform/jobs.js';
import { MAIL_JOB } from '../src/platform/mail.js';
import { createSchedules } from '../src/platform/schedules.js';
import { DEMO_UNITS } from '../src/seed/demo-data.js';
import {
  book,
  createCitizens,
  createSlot,
  DAY,
  NOW,
  rebook,
  startBookingApp,
  verifyEmail,
} from './booking-fixtures.js';
import type { TestApp } from './harness.js';
import { type Instance, queueRemindersUpTo, sweepAndRunJobs } from './helpers/reminders.js';
import { citizenSession } from './helpers/sessions.js';

const clock = fixedClock(NOW);
const MINUTE = 60_000;
const unitId = DEMO_UNITS.vaccCity;
let t: TestApp;
let typeId: string;

beforeAll(async () => {
  ({ t, typeId } = await startBookingApp({ clock, env: { SMTP_PORT: '1' }, type: { cutoffMinutes: 120 } }));
}, 240_000);
afterAll(async () => {
  await t?.close();
});

const at = (minutes: number) => new Date(Date.parse(NOW) + minutes * MINUTE);

/** Runs `work` with the clock at `when`, then back at NOW. */
async function atClock<T>(when: Date, work: () => Promise<T>): Promise<T> {
  clock.set(when);
  try {
    return await work();
  } finally {
    clock.set(NOW);
  }
}

/** The reminder jobs of these bookings. */
async function reminderJobs(bookingIds: string[]) {
  const rows = await t.ctx.db
    .selectFrom('jobs')
    .select(['id', 'run_at', 'done_at', sql<string>`payload->>'bookingId'`.as('bookingId')])
    .where('kind', '=', REMINDER_JOB)
    .execute();
  return rows.filter((r) => bookingIds.includes(r.bookingId));
}

/** The reminder mails queued to `to`. */
async function reminderMails(to: string) {
  const rows = await t.ctx.db.selectFrom('jobs').select('payload').where('kind', '=', MAIL_JOB).execute();
  return rows
    .map((r) => r.payload as { to: string; subject: string; text: string })
    .filter((m) => m.to === to && m.subject.startsWith('Påminnelse'));
}

/** A citizen with a verified address, booking `slotId`; returns the session and the booking id. */
async function bookWithMail(seed: number, email: string, slotId: string) {
  const [person] = await createCitizens(t, 1, seed);
  await verifyEmail(t, person!, email);
  const session = await citizenSession(t, person!);
  const res = await book(t, session, { slotId });
  expect(res.statusCode).toBe(201);
  return { session, bookingId: res.json().data.id as string };
}

/** A second instance on the same database: its job queue (the reminder kind) and its reminder sweep. */
function secondInstance(): Instance {
  const notifier = createBookingNotifier(t.ctx);
  const jobs = createJobQueue({ db: t.ctx.db, clock, log: t.ctx.log });
  const spec = notifier.jobs[0]!;
  jobs.register(spec.kind, (payload, info) => spec.handle(payload as never, info), {
    deferInRush: spec.deferInRush === true,
  });
  const schedules = createSchedules({ clock, log: t.ctx.log, maxDeferMs: JOB_MAX_DEFER_MS, specs: notifier.schedules });
  return { ctx: { jobs }, schedules };
}

describe('booking reminders, derived', () => {
  test('a booking made within 24 h of its time gets none; the sweep only queues what is due', async () => {
    const soon = await createSlot(t, { timeTypeId: typeId, unitId, inMinutes: 20 * 60 });
    const { bookingId } = await bookWithMail(301, 'soon@example.se', soon);
    await queueRemindersUpTo(t, at(20 * 60 + 30));
    expect(await reminderJobs([bookingId])).toEqual([]);
  });

  test('none is written with the booking; the sweep the day before queues one, sent once though two instances sweep and claim at once', async () => {
    const slotId = await createSlot(t, { timeTypeId: typeId, unitId, inMinutes: 3 * DAY });
    const { bookingId } = await bookWithMail(302, 'twice@example.se', slotId);
    expect(await reminderJobs([bookingId])).toEqual([]);
    // Two days ahead: not yet.
    await sweepAndRunJobs(t);
    expect(await reminderJobs([bookingId])).toEqual([]);

    const second = secondInstance();
    // A minute after start − 24 h (the sweep's lag): both instances sweep and claim together.
    const dayBefore = at(2 * DAY + 1);
    await atClock(dayBefore, () => Promise.all([sweepAndRunJobs(t), sweepAndRunJobs(second)]));
    const [job] = await reminderJobs([bookingId]);
    expect(await reminderJobs([bookingId])).toHaveLength(1);
    expect(job?.run_at.toISOString()).toBe(at(2 * DAY).toISOString());
    expect(job?.done_at).not.toBeNull();
    expect(await reminderMails('twice@example.se')).toHaveLength(1);
    // Later sweeps, on either instance: still one.
    await atClock(at(2 * DAY + 5), () => Promise.all([sweepAndRunJobs(t), sweepAndRunJobs(second)]));
    await atClock(at(2 * DAY + 65), () => Promise.all([sweepAndRunJobs(second), sweepAndRunJobs(t)]));
    expect(await reminderJobs([bookingId])).toHaveLength(1);
    expect(await reminderMails('twice@example.se')).toHaveLength(1);
  });

  test('a cancelled booking gets none; a rebooked one gets one, for its new time only', async () => {
    const first = await createSlot(t, { timeTypeId: typeId, unitId, inMinutes: 4 * DAY, capacity: 3 });
    const later = await createSlot(t, { timeTypeId: typeId, unitId, inMinutes: 4 * DAY + 120 });
    const cancelled = await bookWithMail(303, 'cancelled@example.se', first);
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/bookings/${cancelled.bookingId}`,
      headers: cancelled.session.headers,
    });
    expect(del.statusCode).toBe(200);
    const moved = await bookWithMail(304, 'moved@example.se', first);
    const res = await rebook(t, moved.session, moved.bookingId, later);
    expect(res.statusCode).toBe(201);
    const newId = res.json().data.id as string;
    // Swept after it was queued and cancelled then: the job finds it cancelled and tells no one.
    const sweptThenCancelled = await bookWithMail(305, 'late-cancel@example.se', first);
    await atClock(at(3 * DAY + 1), () => sweepReminders(t.ctx.db, clock.now()));
    expect(await reminderJobs([sweptThenCancelled.bookingId])).toHaveLength(1);
    const del2 = await t.app.inject({
      method: 'DELETE',
      url: `/api/bookings/${sweptThenCancelled.bookingId}`,
      headers: sweptThenCancelled.session.headers,
    });
    expect(del2.statusCode).toBe(200);

    // The day before the first time, then the day before the later one.
    await atClock(at(3 * DAY + 2), () => sweepAndRunJobs(t));
    await atClock(at(3 * DAY + 121), () => sweepAndRunJobs(t));
    expect(await reminderJobs([cancelled.bookingId, moved.bookingId])).toEqual([]);
    const [forNew] = await reminderJobs([newId]);
    expect(forNew?.run_at.toISOString()).toBe(at(3 * DAY + 120).toISOString());
    expect(await reminderMails('cancelled@example.se')).toEqual([]);
    expect(await reminderMails('late-cancel@example.se')).toEqual([]);
    const mails = await reminderMails('moved@example.se');
    expect(mails).toHaveLength(1);
    // The new time (5 September 12.00 in Stockholm), not the old one (10.00).
    expect(mails[0]?.text).toContain('5 september kl. 12.00');
    expect(mails[0]?.text).not.toContain('kl. 10.00');
  });

  test('in a rush the sweep waits like the reminder jobs, at most 15 minutes', async () => {
    const slotId = await createSlot(t, { timeTypeId: typeId, unitId, inMinutes: 5 * DAY });
    const { bookingId } = await bookWithMail(306, 'rush@example.se', slotId);
    let rush = true;
    t.ctx.jobs.deferDuring(() => rush);
    t.schedules.deferDuring(() => rush);
    try {
      await atClock(at(4 * DAY + 1), () => sweepAndRunJobs(t));
      await atClock(at(4 * DAY + 10), () => sweepAndRunJobs(t));
      expect(await reminderJobs([bookingId])).toEqual([]);
      // 15 minutes held: one sweep goes ahead; its job is 16 minutes overdue, so it runs too.
      await atClock(at(4 * DAY + 16), () => sweepAndRunJobs(t));
      const [job] = await reminderJobs([bookingId]);
      expect(job?.done_at).not.toBeNull();
      expect(await reminderMails('rush@example.se')).toHaveLength(1);
    } finally {
      rush = false;
      t.ctx.jobs.deferDuring(t.waitingRoom.rush);
      t.schedules.deferDuring(t.waitingRoom.rush);
    }
  });

  test('a window swept again (a lost watermark) queues nothing twice', async () => {
    const slotId = await createSlot(t, { timeTypeId: typeId, unitId, inMinutes: 6 * DAY });
    const { bookingId } = await bookWithMail(307, 'again@example.se', slotId);
    const upTo = at(6 * DAY);
    expect(await queueRemindersUpTo(t, upTo)).toBeGreaterThanOrEqual(1);
    expect(await queueRemindersUpTo(t, upTo)).toBe(0);
    // Half a day later (an overlapping window): this booking's job is not queued again.
    await queueRemindersUpTo(t, new Date(upTo.getTime() + REMINDER_BEFORE_MS / 2));
    expect(await reminderJobs([bookingId])).toHaveLength(1);
  });
});
