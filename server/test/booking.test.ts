/**
 * Citizen booking over HTTP: book (mail with .ics, reminder job, audit),
 * idempotency, cancel and its cut-off, rebook atomicity, list and read, and
 * 401/400/404 for every endpoint.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { REMINDER_JOB } from '../src/modules/booking/notify.js';
import { fixedClock } from '../src/platform/clock.js';
import { IDEMPOTENCY_KEY_TTL_MS, purgeIdempotencyKeys } from '../src/platform/idempotency.js';
import { MAIL_JOB } from '../src/platform/mail.js';
import { DEMO_STAFF, DEMO_UNITS } from '../src/seed/demo-data.js';
import {
  book,
  bookedOf,
  createCitizens,
  createSlot,
  createTimeType,
  DAY,
  NOW,
  personIdOf,
  rebook,
  startBookingApp,
  verifyEmail,
} from './booking-fixtures.js';
import type { TestApp } from './harness.js';
import { queueRemindersUpTo, sweepAndRunJobs } from './helpers/reminders.js';
import { citizenSession, staffSession } from './helpers/sessions.js';

const clock = fixedClock(NOW);
let t: TestApp;
let typeId: string;
let anna: string;
let erik: string;

beforeAll(async () => {
  ({ t, typeId } = await startBookingApp({ clock, env: { SMTP_PORT: '1' }, type: { cutoffMinutes: 120 } }));
  anna = await personIdOf(t, 'anna');
  erik = await personIdOf(t, 'erik');
  await verifyEmail(t, anna, 'anna@example.se');
}, 240_000);
afterAll(async () => {
  await t?.close();
});

describe('POST /api/bookings', () => {
  test('books: 201, a place taken, audit row, confirmation mail with .ics, reminder 24 h before', async () => {
    const slotId = await createSlot(t, { timeTypeId: typeId, unitId: DEMO_UNITS.vaccCity, inMinutes: 3 * DAY });
    const s = await citizenSession(t, anna);
    const res = await book(t, s, { slotId });
    expect(res.statusCode).toBe(201);
    const booking = res.json().data;
    expect(booking).toMatchObject({
      status: 'booked',
      slotId,
      unit: { id: DEMO_UNITS.vaccCity, name: 'Vaccinationsbolaget City' },
      timeType: { id: typeId, name: 'Influensavaccination' },
      patient: { personId: anna, name: 'Anna Lindqvist' },
      bookedBy: 'self',
      canCancel: true,
      rebookedFromId: null,
    });
    expect(await bookedOf(t, slotId)).toBe(1);

    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('record_id', '=', booking.id)
      .where('action', '=', 'create')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ subject_person_id: anna, record_type: 'booking', actor_role: 'self' });

    const mails = await t.ctx.db.selectFrom('jobs').select('payload').where('kind', '=', MAIL_JOB).execute();
    const mail = mails
      .map((m) => m.payload as { to: string; text: string; attachments?: { filename: string; content: string }[] })
      .find((m) => m.attachments?.[0]?.content.includes(`booking-${booking.id}@`));
    expect(mail?.to).toBe('anna@example.se');
    expect(mail?.attachments?.[0]?.filename).toBe('bokning.ics');
    expect(mail?.attachments?.[0]?.content).toContain('BEGIN:VCALENDAR');
    expect(mail?.text).not.toContain('Anna');

    // The reminder is derived by the reminder sweep (reminders.ts), here as it runs the day before.
    await queueRemindersUpTo(t, new Date(Date.parse(NOW) + 3 * DAY * 60_000));
    const reminder = await t.ctx.db
      .selectFrom('jobs')
      .select(['payload', 'run_at'])
      .where('kind', '=', REMINDER_JOB)
      .execute();
    const mine = reminder.find((j) => (j.payload as { bookingId: string }).bookingId === booking.id);
    expect(mine?.run_at.toISOString()).toBe(new Date(Date.parse(NOW) + 2 * DAY * 60_000).toISOString());
  });

  test('400 without Idempotency-Key or with a bad slot id; 401 without login; 404 unknown slot', async () => {
    const s = await citizenSession(t, erik);
    const noKey = await book(t, s, { slotId: randomUUID() }, null);
    expect(noKey.statusCode).toBe(400);
    expect(noKey.json().error.fields).toHaveProperty(['headers.idempotency-key']);
    const bad = await book(t, s, { slotId: 'nope' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toHaveProperty(['body.slotId']);
    const anon = await t.app.inject({ method: 'POST', url: '/api/bookings', payload: { slotId: randomUUID() } });
    expect(anon.statusCode).toBe(401);
    const unknown = await book(t, s, { slotId: randomUUID() });
    expect(unknown.statusCode).toBe(404);
    const staff = await staffSession(t, DEMO_STAFF.vaccinatorCity);
    const asStaff = await book(t, staff, { slotId: randomUUID() });
    expect(asStaff.statusCode).toBe(403);
  });

  test('withdrawn, reserved, started and full times are refused with 409', async () => {
    const s = await citizenSession(t, erik);
    const unit = DEMO_UNITS.vaccNorr;
    const cases: [Partial<Parameters<typeof createSlot>[1]>, string][] = [
      [{ withdrawn: true }, 'slot_unavailable'],
      [{ reserved: true }, 'slot_unavailable'],
      [{ inMinutes: -5 }, 'slot_unavailable'],
      [{ booked: 3 }, 'slot_full'],
    ];
    for (const [i, [extra, code]] of cases.entries()) {
      const slotId = await createSlot(t, { timeTypeId: typeId, unitId: unit, inMinutes: 4 * DAY + i * 10, ...extra });
      const res = await book(t, s, { slotId });
      expect(res.statusCode, code).toBe(409);
      expect(res.json().error.code).toBe(code);
    }
  });

  test('idempotency: the same key twice (sequential and concurrent) gives one booking and the same answer', async () => {
    const [p1, p2] = await createCitizens(t, 2, 1);
    const slotId = await createSlot(t, { timeTypeId: typeId, unitId: DEMO_UNITS.vaccNorr, inMinutes: 5 * DAY });
    const s1 = await citizenSession(t, p1!);
    const key = randomUUID();
    const first = await book(t, s1, { slotId }, key);
    const again = await book(t, s1, { slotId }, key);
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    const reused = await book(t, s1, { slotId: randomUUID() }, key);
    expect(reused.statusCode).toBe(422);
    expect(reused.json().error.code).toBe('idempotency_key_reused');

    const s2 = await citizenSession(t, p2!);
    const key2 = randomUUID();
    const answers = await Promise.all(Array.from({ length: 6 }, () => book(t, s2, { slotId }, key2)));
    expect(answers.map((a) => a.statusCode)).toEqual([201, 201, 201, 201, 201, 201]);
    const ids = new Set(answers.map((a) => a.json().data.id));
    expect(ids.size).toBe(1);
    const rows = await t.ctx.db.selectFrom('bookings').select('id').where('slot_id', '=', slotId).execute();
    expect(rows).toHaveLength(2);
    expect(await bookedOf(t, slotId)).toBe(2);
  });

  test('idempotency keys are forgotten after a day, and only then', async () => {
    const [p1] = await createCitizens(t, 1, 9);
    const slotId = await createSlot(t, { timeTypeId: typeId, unitId: DEMO_UNITS.vaccNorr, inMinutes: 6 * DAY });
    const key = randomUUID();
    expect((await book(t, await citizenSession(t, p1!), { slotId }, key)).statusCode).toBe(201);
    const stored = () => t.ctx.db.selectFrom('idempotency_keys').select('key').where('key', '=', key).execute();
    const { created_at } = await t.ctx.db
      .selectFrom('idempotency_keys')
      .select('created_at')
      .where('key', '=', key)
      .executeTakeFirstOrThrow();
    await purgeIdempotencyKeys(t.ctx.db, new Date(created_at.getTime() + IDEMPOTENCY_KEY_TTL_MS - 1000));
    expect(await stored()).toHaveLength(1);
    await purgeIdempotencyKeys(t.ctx.db, new Date(created_at.getTime() + IDEMPOTENCY_KEY_TTL_MS + 1000));
    expect(await stored()).toHaveLength(0);
  });

  test('a second active booking of a one-active type is 409 already_booked', async () => {
    const [p] = await createCitizens(t, 1, 2);
    const s = await citizenSession(t, p!);
    const a = await createSlot(t, { timeTypeId: typeId, unitId: DEMO_UNITS.vaccCity, inMinutes: 6 * DAY });
    const b = await createSlot(t, { timeTypeId: typeId, unitId: DEMO_UNITS.vaccCity, inMinutes: 6 * DAY + 10 });
    expect((await book(t, s, { slotId: a })).statusCode).toBe(201);
    const second = await book(t, s, { slotId: b });
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('already_booked');
    expect(await bookedOf(t, b)).toBe(0);
  });
});

describe('cancel, rebook, read', () => {
  test('cancel until the cut-off: place given back, audited, mail; after the cut-off 409; others 404', async () => {
    const [p, other] = await createCitizens(t, 2, 3);
    await verifyEmail(t, p!, 'p@example.se');
    const s = await citizenSession(t, p!);
    const slotId = await createSlot(t, { timeTypeId: typeId, unitId: DEMO_UNITS.vaccCity, inMinutes: 7 * DAY });
    const id = (await book(t, s, { slotId })).json().data.id;

    const stranger = await citizenSession(t, other!);
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/api/bookings/${id}`, headers: stranger.headers })).statusCode,
    ).toBe(404);
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/bookings/${id}`, headers: stranger.headers })).statusCode,
    ).toBe(404);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/bookings/${id}` })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'DELETE', url: '/api/bookings/x', headers: s.headers })).statusCode).toBe(400);
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/api/bookings/${randomUUID()}`, headers: s.headers })).statusCode,
    ).toBe(404);

    const cancelled = await t.app.inject({ method: 'DELETE', url: `/api/bookings/${id}`, headers: s.headers });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json().data).toMatchObject({ id, status: 'cancelled', canCancel: false });
    expect(await bookedOf(t, slotId)).toBe(0);
    const again = await t.app.inject({ method: 'DELETE', url: `/api/bookings/${id}`, headers: s.headers });
    expect(again.statusCode).toBe(409);
    const audit = await t.ctx.db.selectFrom('audit_log').select('action').where('record_id', '=', id).execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['cancel', 'create']);
    const mails = await t.ctx.db.selectFrom('jobs').select('payload').where('kind', '=', MAIL_JOB).execute();
    expect(mails.some((m) => (m.payload as { to: string; subject: string }).subject === 'Din bokning är avbokad')).toBe(
      true,
    );

    // Cut-off 120 min: at 119 min before the start it is too late.
    const late = await createSlot(t, { timeTypeId: typeId, unitId: DEMO_UNITS.vaccNorr, inMinutes: 119 });
    const lateId = (await book(t, s, { slotId: late })).json().data.id;
    const refused = await t.app.inject({ method: 'DELETE', url: `/api/bookings/${lateId}`, headers: s.headers });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('cancel_cutoff_passed');
    expect(await bookedOf(t, late)).toBe(1);
  });

  test('rebook is atomic: a full target keeps the old booking; a free one moves it', async () => {
    const [p] = await createCitizens(t, 1, 4);
    const s = await citizenSession(t, p!);
    const from = await createSlot(t, { timeTypeId: typeId, unitId: DEMO_UNITS.vaccCity, inMinutes: 8 * DAY });
    const full = await createSlot(t, {
      timeTypeId: typeId,
      unitId: DEMO_UNITS.vaccCity,
      inMinutes: 8 * DAY + 10,
      booked: 3,
    });
    const free = await createSlot(t, { timeTypeId: typeId, unitId: DEMO_UNITS.vaccCity, inMinutes: 8 * DAY + 20 });
    const id = (await book(t, s, { slotId: from })).json().data.id;

    const refused = await rebook(t, s, id, full);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('slot_full');
    const kept = await t.app.inject({ method: 'GET', url: `/api/bookings/${id}`, headers: s.headers });
    expect(kept.json().data).toMatchObject({ status: 'booked', slotId: from });
    expect(await bookedOf(t, from)).toBe(1);
    expect(await bookedOf(t, full)).toBe(3);

    const moved = await rebook(t, s, id, free);
    expect(moved.statusCode).toBe(201);
    expect(moved.json().data).toMatchObject({ status: 'booked', slotId: free, rebookedFromId: id });
    expect(await bookedOf(t, from)).toBe(0);
    expect(await bookedOf(t, free)).toBe(1);
    const old = await t.app.inject({ method: 'GET', url: `/api/bookings/${id}`, headers: s.headers });
    expect(old.json().data.status).toBe('cancelled');

    const other = await createTimeType(t);
    const otherSlot = await createSlot(t, { timeTypeId: other, unitId: DEMO_UNITS.vaccCity, inMinutes: 9 * DAY });
    const wrong = await rebook(t, s, moved.json().data.id, otherSlot);
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.fields).toHaveProperty('slotId');
    expect((await rebook(t, s, randomUUID(), free)).statusCode).toBe(404);
    const anon = await t.app.inject({ method: 'POST', url: `/api/bookings/${id}/rebook`, payload: { slotId: free } });
    expect(anon.statusCode).toBe(401);
  });

  test('GET /api/bookings lists mine only, audited; 401 without login', async () => {
    const [p, q] = await createCitizens(t, 2, 5);
    const s = await citizenSession(t, p!);
    const slotId = await createSlot(t, { timeTypeId: typeId, unitId: DEMO_UNITS.vaccCity, inMinutes: 10 * DAY });
    await book(t, s, { slotId });
    await book(t, await citizenSession(t, q!), { slotId });
    const list = await t.app.inject({ method: 'GET', url: '/api/bookings', headers: s.headers });
    expect(list.statusCode).toBe(200);
    expect(list.json().data).toHaveLength(1);
    expect(list.json().data[0].patient.personId).toBe(p);
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select('subject_person_id')
      .where('record_type', '=', 'booking_list')
      .where('actor_person_id', '=', p!)
      .execute();
    expect(audit.map((a) => a.subject_person_id)).toEqual([p]);
    expect((await t.app.inject({ method: 'GET', url: '/api/bookings' })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: `/api/bookings/${randomUUID()}` })).statusCode).toBe(401);
  });

  test('the reminder job mails only while the booking is still booked', async () => {
    const [kept, dropped] = await createCitizens(t, 2, 6);
    await verifyEmail(t, kept!, 'kept@example.se');
    await verifyEmail(t, dropped!, 'dropped@example.se');
    const slotId = await createSlot(t, { timeTypeId: typeId, unitId: DEMO_UNITS.vaccCity, inMinutes: 2 * DAY });
    await book(t, await citizenSession(t, kept!), { slotId });
    const s = await citizenSession(t, dropped!);
    const id = (await book(t, s, { slotId })).json().data.id;
    await t.app.inject({ method: 'DELETE', url: `/api/bookings/${id}`, headers: s.headers });
    await t.ctx.db.deleteFrom('jobs').where('kind', '=', MAIL_JOB).execute();
    clock.advance(DAY * 60_000 + 60_000);
    try {
      await sweepAndRunJobs(t);
    } finally {
      clock.set(NOW);
    }
    const mails = await t.ctx.db.selectFrom('jobs').select('payload').where('kind', '=', MAIL_JOB).execute();
    const sent = mails.map((m) => m.payload as { to: string; subject: string });
    expect(sent.filter((m) => m.subject.startsWith('Påminnelse')).map((m) => m.to)).toEqual(['kept@example.se']);
  });
});
