/**
 * Booking notices by SMS (issue 19, item 4): a person who chose SMS and has a mobile number gets
 * one SMS when a time is booked, rebooked, cancelled (by them or by the unit withdrawing the time)
 * and the day before — read here from the development outbox, after the jobs ran. The text says
 * that there is a booking and when, in Stockholm time and the person's language, and nothing
 * else: no personnummer, name, unit or type of visit. SMS off → none. A reminder job run again
 * after its transaction committed (a lost done mark, a claim expired and taken by a second
 * instance), or by two instances at once, still sends one SMS; so does an 'sms.send' job retried
 * after the outbox stored it.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createBookingNotifier, REMINDER_JOB } from '../src/modules/booking/notify.js';
import { fixedClock } from '../src/platform/clock.js';
import { MAIL_JOB } from '../src/platform/mail.js';
import { outboxSmsGateway, purgeSmsOnceKeys, SMS_JOB, SMS_ONCE_TTL_MS } from '../src/platform/sms.js';
import { DEMO_STAFF, DEMO_UNITS, demoPerson } from '../src/seed/demo-data.js';
import {
  book,
  createCitizens,
  createSlot,
  createTimeType,
  DAY,
  NOW,
  personIdOf,
  startBookingApp,
  verifyEmail,
} from './booking-fixtures.js';
import type { TestApp } from './harness.js';
import { sweepAndRunJobs } from './helpers/reminders.js';
import { citizenSession, staffSession } from './helpers/sessions.js';

// 08:00 UTC = 10.00 in Stockholm (summer time).
const clock = fixedClock(NOW);
let t: TestApp;
let childType: string;

beforeAll(async () => {
  ({ t, typeId: childType } = await startBookingApp({ clock, env: { SMTP_PORT: '1' }, type: { minAge: null } }));
}, 240_000);
afterAll(async () => {
  await t?.close();
});

let serial = 0;
/** A new adult with a mobile number; SMS on unless told, in `locale`. */
async function person(o: { sms?: boolean; locale?: 'sv' | 'en'; phone?: string | null } = {}) {
  serial += 1;
  const [id] = await createCitizens(t, 1, 100 + serial);
  await t.ctx.db
    .updateTable('persons')
    .set({
      phone: o.phone === undefined ? `070-123 45 ${String(serial).padStart(2, '0')}` : o.phone,
      notify_sms: o.sms ?? true,
      locale: o.locale ?? 'sv',
    })
    .where('id', '=', id!)
    .execute();
  return { id: id! };
}

/** A Swedish mobile as stored ("070-123 45 01") in E.164. */
const e164 = (phone: string) => `+46${phone.replace(/[\s-]/g, '').slice(1)}`;

const outboxTo = async (to: string) =>
  t.ctx.db.selectFrom('dev_sms_outbox').selectAll().where('sms_to', '=', to).orderBy('sent_at').execute();

async function phoneOf(id: string) {
  const row = await t.ctx.db.selectFrom('persons').select('phone').where('id', '=', id).executeTakeFirstOrThrow();
  return e164(row.phone as string);
}

/**
 * Sweeps for reminders (a schedule) and runs every due job (mail fails here: SMTP_PORT 1,
 * retried later — not our concern).
 */
const runJobs = () => sweepAndRunJobs(t);

/** Runs the due jobs at `at` and goes back to NOW. */
async function runJobsAt(at: Date) {
  clock.set(at);
  try {
    await runJobs();
  } finally {
    clock.set(NOW);
  }
}

async function bookFor(id: string, inMinutes: number, patientId?: string, given?: string) {
  // A type of its own per booking: times are unique per unit, type and start.
  const type = given ?? (await createTimeType(t));
  const slotId = await createSlot(t, { timeTypeId: type, unitId: DEMO_UNITS.vaccCity, inMinutes });
  const res = await book(t, await citizenSession(t, id), patientId ? { slotId, patientId } : { slotId });
  expect(res.statusCode).toBe(201);
  return res.json().data as { id: string; slotId: string };
}

function expectNothingPersonal(body: string) {
  expect(body).not.toMatch(/\d{6,8}-?\d{4}/); // no personnummer
  expect(body).not.toContain('Test'); // no name (createCitizens: given name "Test")
  expect(body).not.toContain('Vaccinationsbolaget'); // no unit
  expect(body).not.toContain('Influensa'); // no type of visit
}

describe('booking notices by SMS', () => {
  test('a booking: one SMS with the time in Stockholm time, in Swedish; a retried sms.send job stays one', async () => {
    const p = await person();
    const to = await phoneOf(p.id);
    await bookFor(p.id, 2 * DAY + 60); // 3 September 11.00 Stockholm
    await runJobs();
    await runJobs();
    const sent = await outboxTo(to);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body).toBe('Ingång: Du har en bokning 3 september kl. 11.00. Logga in i Ingång för att se mer.');
    expectNothingPersonal(sent[0]!.body);

    // The 'sms.send' job again (the provider took it, but the done mark was lost): the outbox
    // stores each job once.
    const job = await t.ctx.db
      .selectFrom('jobs')
      .select('id')
      .where('kind', '=', SMS_JOB)
      .where('id', '=', sent[0]!.job_id as string)
      .executeTakeFirstOrThrow();
    const gateway = outboxSmsGateway(t.ctx.db, clock);
    await gateway.send({ to, text: sent[0]!.body }, 'Ingang', { id: job.id });
    expect(await outboxTo(to)).toHaveLength(1);
  });

  test('in English for a person whose language is English', async () => {
    const p = await person({ locale: 'en' });
    await bookFor(p.id, 2 * DAY + 60);
    await runJobs();
    const sent = await outboxTo(await phoneOf(p.id));
    expect(sent.map((s) => s.body)).toEqual([
      'Ingång: You have a booking on 3 September at 11:00. Log in to Ingång to see more.',
    ]);
  });

  test('SMS off, or on without a number: no SMS', async () => {
    const off = await person({ sms: false });
    await bookFor(off.id, 2 * DAY + 60);
    const noNumber = await person({ phone: null });
    await bookFor(noNumber.id, 2 * DAY + 60);
    await runJobs();
    expect(await outboxTo(await phoneOf(off.id))).toEqual([]);
    // The day before: still nothing (the reminders were derived and ran: reminders.ts).
    await runJobsAt(new Date(Date.parse(NOW) + DAY * 60_000 + 120 * 60_000));
    const reminders = await t.ctx.db.selectFrom('jobs').select('id').where('kind', '=', REMINDER_JOB).execute();
    expect(reminders.length).toBeGreaterThan(0);
    expect(await outboxTo(await phoneOf(off.id))).toEqual([]);
  });

  test('the reminder: one SMS the day before; the job run again, or by two instances at once, still one', async () => {
    const p = await person();
    const to = await phoneOf(p.id);
    const booking = await bookFor(p.id, 3 * DAY + 60); // 4 September 11.00
    await runJobs();
    expect(await outboxTo(to)).toHaveLength(1); // the confirmation
    const reminderAt = new Date(Date.parse(NOW) + 2 * DAY * 60_000 + 61 * 60_000);
    await runJobsAt(reminderAt);
    await runJobsAt(reminderAt); // the sms.send job it queued
    const reminder = (await outboxTo(to)).filter((s) => s.body.startsWith('Ingång: Påminnelse'));
    expect(reminder.map((s) => s.body)).toEqual([
      'Ingång: Påminnelse: du har en bokning 4 september kl. 11.00. Logga in i Ingång för att se mer.',
    ]);

    // The same reminder job once more: its transaction had committed but the done mark was lost
    // (or its claim expired and another instance took it).
    const job = await t.ctx.db
      .selectFrom('jobs')
      .selectAll()
      .where('kind', '=', REMINDER_JOB)
      .execute()
      .then((rows) => rows.find((r) => (r.payload as { bookingId?: string }).bookingId === booking.id));
    expect(job?.done_at).not.toBeNull();
    await t.ctx.db
      .updateTable('jobs')
      .set({ done_at: null, locked_until: null, run_at: reminderAt })
      .where('id', '=', job!.id)
      .execute();
    await runJobsAt(reminderAt);
    // Two instances running the handler at the same moment.
    const handler = createBookingNotifier(t.ctx).jobs[0]!;
    const info = { id: job!.id, kind: REMINDER_JOB, attempt: 3, maxAttempts: 5 };
    clock.set(reminderAt);
    try {
      await Promise.all([
        handler.handle({ bookingId: booking.id } as never, info),
        handler.handle({ bookingId: booking.id } as never, info),
      ]);
    } finally {
      clock.set(NOW);
    }
    await runJobsAt(reminderAt);
    await runJobsAt(reminderAt);
    expect((await outboxTo(to)).filter((s) => s.body.startsWith('Ingång: Påminnelse'))).toHaveLength(1);
  });

  test('cancelled by the person, and by the unit withdrawing the time: one SMS each', async () => {
    const p = await person();
    const to = await phoneOf(p.id);
    const s = await citizenSession(t, p.id);
    const first = await bookFor(p.id, 2 * DAY + 60);
    const del = await t.app.inject({ method: 'DELETE', url: `/api/bookings/${first.id}`, headers: s.headers });
    expect(del.statusCode).toBe(200);
    const second = await bookFor(p.id, 2 * DAY + 120); // 3 September 12.00
    const staff = await staffSession(t, DEMO_STAFF.vaccinatorCity, { activeUnitId: DEMO_UNITS.vaccCity });
    const withdrawn = await t.app.inject({
      method: 'POST',
      url: `/api/staff/units/${DEMO_UNITS.vaccCity}/slots/withdraw`,
      headers: staff.headers,
      payload: { slotIds: [second.slotId], cancelBooked: true, reason: 'Vaccinatören är sjuk' },
    });
    expect(withdrawn.statusCode).toBe(200);
    await runJobs();
    const bodies = (await outboxTo(to)).map((x) => x.body);
    // The two jobs run in either order: compare as sets.
    expect(bodies.filter((b) => b.includes('avbokad')).sort()).toEqual([
      'Ingång: Din bokning 3 september kl. 11.00 är avbokad. Logga in i Ingång för att se mer.',
      'Ingång: Din bokning 3 september kl. 12.00 är avbokad. Logga in i Ingång för att se mer.',
    ]);
    for (const b of bodies) {
      expectNothingPersonal(b);
      expect(b).not.toContain('sjuk'); // the unit's reason stays in Ingång
    }
  });

  test('a guardian who booked for a child and chose SMS: told as the one acting for someone', async () => {
    const anna = await personIdOf(t, 'anna');
    const elsa = await personIdOf(t, 'elsa');
    await t.ctx.db
      .updateTable('persons')
      .set({ phone: '070-999 88 77', notify_sms: true, locale: 'sv' })
      .where('id', '=', anna)
      .execute();
    await bookFor(anna, 2 * DAY + 60, elsa, childType);
    await runJobs();
    const sent = await outboxTo('+46709998877');
    expect(sent.map((s) => s.body)).toEqual([
      'Ingång: Någon du företräder har en bokning 3 september kl. 11.00. Logga in i Ingång för att se mer.',
    ]);
    expect(sent[0]!.body).not.toContain(demoPerson('elsa').givenName);
  });

  test('the reminder also reaches the guardian who booked for a child (SMS and mail), once each, the child once', async () => {
    const guardian = await personIdOf(t, 'anna');
    const child = await personIdOf(t, 'elsa');
    await t.ctx.db
      .updateTable('persons')
      .set({ phone: '070-999 88 66', notify_sms: true, locale: 'sv' })
      .where('id', '=', guardian)
      .execute();
    await verifyEmail(t, guardian, 'anna-guardian@example.se');
    // The child has a number of its own too: each is reminded once, as themselves.
    await t.ctx.db
      .updateTable('persons')
      .set({ phone: '070-999 88 55', notify_sms: true, locale: 'en' })
      .where('id', '=', child)
      .execute();
    // A type of its own: the child already has an active booking of `childType`.
    const type = await createTimeType(t, { minAge: null });
    const booking = await bookFor(guardian, 3 * DAY + 120, child, type); // 4 September 12.00
    await runJobs();
    const reminderAt = new Date(Date.parse(NOW) + 2 * DAY * 60_000 + 121 * 60_000);
    await runJobsAt(reminderAt);
    await runJobsAt(reminderAt); // the sms.send jobs it queued
    const mails = (await t.ctx.db.selectFrom('jobs').select('payload').where('kind', '=', MAIL_JOB).execute())
      .map((m) => m.payload as { to: string; subject: string; text: string })
      .filter((m) => m.to === 'anna-guardian@example.se' && m.subject.startsWith('Påminnelse'));
    // One reminder mail, saying whom it concerns (by given name: the child is not protected).
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain(demoPerson('elsa').givenName);
    expect(mails[0]!.text).toContain('som du företräder');
    expect(mails[0]!.text).toContain('Välkommen på besöket.');
    // The reminder job once more (its done mark lost): no second SMS to anyone.
    await t.ctx.db
      .updateTable('jobs')
      .set({ done_at: null, locked_until: null, run_at: reminderAt })
      .where('kind', '=', REMINDER_JOB)
      .where(sql<boolean>`payload->>'bookingId' = ${booking.id}`)
      .execute();
    await runJobsAt(reminderAt);
    await runJobsAt(reminderAt);
    const reminders = async (to: string) =>
      (await outboxTo(to)).map((s) => s.body).filter((b) => /Påminnelse|Reminder/.test(b));
    expect(await reminders('+46709998866')).toEqual([
      'Ingång: Påminnelse: någon du företräder har en bokning 4 september kl. 12.00. Logga in i Ingång för att se mer.',
    ]);
    expect(await reminders('+46709998855')).toEqual([
      'Ingång: Reminder: you have a booking on 4 September at 12:00. Log in to Ingång to see more.',
    ]);
    for (const b of await reminders('+46709998866')) expect(b).not.toContain(demoPerson('elsa').givenName);
  });

  test('once-keys older than 30 days are purged; a fresh one stays and still holds back a second SMS', async () => {
    const now = clock.now();
    const old = `booking:${crypto.randomUUID()}:reminder:${crypto.randomUUID()}`;
    const fresh = `booking:${crypto.randomUUID()}:reminder:${crypto.randomUUID()}`;
    await t.ctx.db
      .insertInto('sms_once')
      .values([
        { key: old, created_at: new Date(now.getTime() - SMS_ONCE_TTL_MS - 60_000) },
        { key: fresh, created_at: new Date(now.getTime() - SMS_ONCE_TTL_MS + 60_000) },
      ])
      .execute();
    expect(await purgeSmsOnceKeys(t.ctx.db, now)).toBe(1);
    const left = await t.ctx.db.selectFrom('sms_once').select('key').where('key', 'in', [old, fresh]).execute();
    expect(left.map((r) => r.key)).toEqual([fresh]);
    // The kept key still does its job: no SMS queued for it.
    expect(await t.ctx.sms.queueOnce(t.ctx.db, fresh, { to: '+46700000000', text: 'x' })).toBe(false);
  });
});
