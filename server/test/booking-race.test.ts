/**
 * Races, decided by the database: 200 citizens at once for a 3-place time get
 * exactly 3 bookings and 197 clear slot_full answers; one person racing for
 * several times of a one-active type gets exactly one; opposite rebooks do
 * not deadlock; and the constraints hold even against direct SQL.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { REMINDER_JOB } from '../src/modules/booking/notify.js';
import { verifyAuditLog } from '../src/platform/audit-verify.js';
import { fixedClock } from '../src/platform/clock.js';
import { DEMO_UNITS } from '../src/seed/demo-data.js';
import { book, bookedOf, createCitizens, createSlot, DAY, NOW, rebook, startBookingApp } from './booking-fixtures.js';
import type { TestApp } from './harness.js';
import { queueRemindersUpTo } from './helpers/reminders.js';
import { citizenSession } from './helpers/sessions.js';

const clock = fixedClock(NOW);
const unitId = DEMO_UNITS.vaccCity;
let t: TestApp;
let typeId: string;

beforeAll(async () => {
  ({ t, typeId } = await startBookingApp({ clock }));
}, 240_000);
afterAll(async () => {
  await t?.close();
});

describe('booking races', () => {
  test('200 concurrent citizens for a 3-place time: exactly 3 bookings, 197 slot_full', async () => {
    const slotId = await createSlot(t, { timeTypeId: typeId, unitId, inMinutes: 2 * DAY, capacity: 3 });
    const people = await createCitizens(t, 200, 20);
    const sessions = await Promise.all(people.map((p) => citizenSession(t, p)));
    const keys = people.map(() => randomUUID());
    const answers = await Promise.all(sessions.map((s, i) => book(t, s, { slotId }, keys[i])));
    const codes = answers.map((a) => a.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(3);
    expect(codes.filter((c) => c === 409)).toHaveLength(197);
    expect(new Set(answers.filter((a) => a.statusCode === 409).map((a) => a.json().error.code))).toEqual(
      new Set(['slot_full']),
    );
    expect(await bookedOf(t, slotId)).toBe(3);
    const rows = await t.ctx.db
      .selectFrom('bookings')
      .select(['id', 'person_id'])
      .where('slot_id', '=', slotId)
      .execute();
    expect(rows).toHaveLength(3);
    // The winners' key and audit entry are written with the booking, their reminders derived from
    // it (the reminder sweep, reminders.ts); the losers leave nothing.
    const stored = await t.ctx.db.selectFrom('idempotency_keys').select('key').where('key', 'in', keys).execute();
    expect(stored.map((k) => k.key).sort()).toEqual(keys.filter((_, i) => codes[i] === 201).sort());
    const audited = await t.ctx.db
      .selectFrom('audit_log')
      .select('subject_person_id')
      .where('record_type', '=', 'booking')
      .where('subject_person_id', 'in', people)
      .execute();
    expect(audited.map((a) => a.subject_person_id).sort()).toEqual(rows.map((r) => r.person_id).sort());
    await queueRemindersUpTo(t, new Date(clock.now().getTime() + 2 * DAY * 60_000));
    const reminders = await t.ctx.db
      .selectFrom('jobs')
      .select(sql<string>`payload->>'bookingId'`.as('bookingId'))
      .where('kind', '=', REMINDER_JOB)
      .where(
        sql<string>`payload->>'bookingId'`,
        'in',
        rows.map((r) => r.id),
      )
      .execute();
    expect(reminders).toHaveLength(3);
    // The entries written inside the one-statement booking chain like any other (heads match too).
    expect(await verifyAuditLog(t.ctx.db)).toMatchObject({ ok: true, broken: null });
    // A loser's key was not used up: the same key books another time.
    const loser = codes.indexOf(409);
    const other = await createSlot(t, { timeTypeId: typeId, unitId, inMinutes: 2 * DAY + 10 });
    expect((await book(t, sessions[loser]!, { slotId: other }, keys[loser])).statusCode).toBe(201);
  });

  test('one person racing for four times of a one-active type gets exactly one', async () => {
    const people = await createCitizens(t, 5, 21);
    for (const [i, person] of people.entries()) {
      const slots = await Promise.all(
        [0, 1, 2, 3].map((k) => createSlot(t, { timeTypeId: typeId, unitId, inMinutes: 3 * DAY + i * 60 + k * 10 })),
      );
      const s = await citizenSession(t, person);
      const answers = await Promise.all(slots.map((slotId) => book(t, s, { slotId })));
      const codes = answers.map((a) => a.statusCode).sort();
      expect(codes).toEqual([201, 409, 409, 409]);
      for (const a of answers.filter((x) => x.statusCode === 409)) expect(a.json().error.code).toBe('already_booked');
      const placesTaken = (await Promise.all(slots.map((id) => bookedOf(t, id)))).reduce((a, b) => a + b, 0);
      expect(placesTaken).toBe(1);
    }
  });

  test('two people rebooking in opposite directions at once both succeed', async () => {
    const [p, q] = await createCitizens(t, 2, 22);
    const a = await createSlot(t, { timeTypeId: typeId, unitId, inMinutes: 5 * DAY });
    const b = await createSlot(t, { timeTypeId: typeId, unitId, inMinutes: 5 * DAY + 10 });
    const ps = await citizenSession(t, p!);
    const qs = await citizenSession(t, q!);
    const pb = (await book(t, ps, { slotId: a })).json().data.id;
    const qb = (await book(t, qs, { slotId: b })).json().data.id;
    const [r1, r2] = await Promise.all([rebook(t, ps, pb, b), rebook(t, qs, qb, a)]);
    expect([r1.statusCode, r2.statusCode]).toEqual([201, 201]);
    expect(await bookedOf(t, a)).toBe(1);
    expect(await bookedOf(t, b)).toBe(1);
  });

  test('the database itself refuses overbooking and a second active booking', async () => {
    const slotId = await createSlot(t, { timeTypeId: typeId, unitId, inMinutes: 6 * DAY, capacity: 1, booked: 1 });
    await expect(sql`update slots set booked = booked + 1 where id = ${slotId}`.execute(t.ctx.db)).rejects.toThrow(
      /check constraint/,
    );
    const [p] = await createCitizens(t, 1, 23);
    const other = await createSlot(t, { timeTypeId: typeId, unitId, inMinutes: 6 * DAY + 10 });
    const s = await citizenSession(t, p!);
    const first = await book(t, s, { slotId: other });
    expect(first.statusCode).toBe(201);
    const now = clock.now();
    await expect(
      t.ctx.db
        .insertInto('bookings')
        .values({
          id: randomUUID(),
          slot_id: slotId,
          person_id: p!,
          time_type_id: typeId,
          unit_id: unitId,
          status: 'booked',
          active_key: typeId,
          created_at: now,
          updated_at: now,
        })
        .execute(),
    ).rejects.toThrow(/bookings_one_active/);
  });
});
