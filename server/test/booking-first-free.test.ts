/**
 * "Första lediga tid" (`ifTaken: 'next_free_same_day'` on POST /api/bookings): when the
 * picked time is full by the time the booking lands, one of the closest free times of the same
 * unit, time type and Stockholm day is booked instead (at random among them) — never a reserved, withdrawn, unpublished or
 * started time, nor one of another unit, day or type. Both ways a picked time turns out full
 * are covered: the early check on the facts read, and losing the guarded update inside a
 * group-commit batch. Racers for the last free time: one winner. Without the field nothing
 * changes.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sameDayFreeSlots } from '../src/modules/booking/slot-store.js';
import { verifyAuditLog } from '../src/platform/audit-verify.js';
import { fixedClock } from '../src/platform/clock.js';
import { DEMO_UNITS } from '../src/seed/demo-data.js';
import {
  book,
  bookedOf,
  createCitizens,
  createSlot,
  createTimeType,
  DAY,
  NOW,
  personIdOf,
  type SlotOptions,
  startBookingApp,
} from './booking-fixtures.js';
import type { TestApp } from './harness.js';
import { citizenSession } from './helpers/sessions.js';

const clock = fixedClock(NOW);
const unitId = DEMO_UNITS.vaccCity;
const IF_TAKEN = { ifTaken: 'next_free_same_day' } as const;
let t: TestApp;
let seed = 60;

/** The sum of the batch-size histogram: bookings that went through a group-commit batch. */
async function batchedItems(): Promise<number> {
  const metric = await t.ctx.metrics.registry.getSingleMetric('ingang_booking_batch_size')?.get();
  const sum = metric?.values.find((v) => (v as { metricName?: string }).metricName === 'ingang_booking_batch_size_sum');
  return sum?.value ?? 0;
}

/** A fresh time type (adults), so each test's day at the unit is its own. */
const newType = () => createTimeType(t, { minAge: 18 });
/** A time of `typeId` at the unit `inMinutes` from now (3 places unless told). */
const slot = (typeId: string, inMinutes: number, o: Partial<SlotOptions> = {}) =>
  createSlot(t, { timeTypeId: typeId, unitId, inMinutes, ...o });
/** A full 1-place time. */
const fullSlot = (typeId: string, inMinutes: number) => slot(typeId, inMinutes, { capacity: 1, booked: 1 });

/** `n` new adult citizens with sessions. */
async function citizens(n: number) {
  const people = (await createCitizens(t, n, seed++)).slice(0, n);
  return Promise.all(people.map(async (id) => ({ id, s: await citizenSession(t, id) })));
}

beforeAll(async () => {
  // A wide window: requests sent together meet in one batch even on a busy machine.
  ({ t } = await startBookingApp({ clock, env: { BOOKING_BATCH_WINDOW_MS: '200', BOOKING_BATCH_MAX: '64' } }));
}, 240_000);
afterAll(async () => {
  await t?.close();
});

describe('första lediga tid samma dag', () => {
  test('the picked time is full: a free time that day is booked and the answer says so', async () => {
    const typeId = await newType();
    const picked = await fullSlot(typeId, 2 * DAY + 20);
    const later = await slot(typeId, 2 * DAY + 40);
    const laterStill = await slot(typeId, 2 * DAY + 60);
    const [p] = await citizens(1);
    const key = randomUUID();
    const res = await book(t, p!.s, { slotId: picked, ...IF_TAKEN }, key);
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ requestedSlotId: picked, substituted: true });
    // One of the closest free times, at random (so that many losers of one time do not queue for one place).
    expect([later, laterStill]).toContain(body.data.slotId);
    expect((await bookedOf(t, later)) + (await bookedOf(t, laterStill))).toBe(1);
    expect(await bookedOf(t, body.data.slotId)).toBe(1);
    expect(await bookedOf(t, picked)).toBe(1);
    // The booking's audit entry and stored answer, as for any booking.
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['subject_person_id', 'action'])
      .where('record_id', '=', body.data.id)
      .execute();
    expect(audit).toEqual([{ subject_person_id: p!.id, action: 'create' }]);
    const stored = await t.ctx.db
      .selectFrom('idempotency_keys')
      .select('response')
      .where('key', '=', key)
      .executeTakeFirstOrThrow();
    expect(stored.response).toEqual(body);
    expect(await verifyAuditLog(t.ctx.db)).toMatchObject({ ok: true, broken: null });
  });

  test('a free picked time is booked as picked (substituted: false)', async () => {
    const typeId = await newType();
    const picked = await slot(typeId, 2 * DAY + 20);
    await slot(typeId, 2 * DAY + 40);
    const [p] = await citizens(1);
    const res = await book(t, p!.s, { slotId: picked, ...IF_TAKEN });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ requestedSlotId: picked, substituted: false, data: { slotId: picked } });
  });

  test('candidates: later times first, closest first, then earlier ones still ahead; each booked among them, none overbooked', async () => {
    const typeId = await newType();
    const earliest = await slot(typeId, 2 * DAY - 60);
    const earlier = await slot(typeId, 2 * DAY - 20);
    const picked = await fullSlot(typeId, 2 * DAY);
    const later = await slot(typeId, 2 * DAY + 30);
    const latest = await slot(typeId, 2 * DAY + 90);
    expect((await sameDayFreeSlots(t.ctx.db, picked, clock.now(), 10)).map((f) => f.id)).toEqual([
      later,
      latest,
      earlier,
      earliest,
    ]);
    const people = await citizens(5);
    const got: string[] = [];
    for (const p of people) {
      const res = await book(t, p.s, { slotId: picked, ...IF_TAKEN });
      if (res.statusCode === 201) got.push(res.json().data.slotId);
      else expect(res.json().error.code).toBe('slot_full');
    }
    // Twelve places among the candidates: all five get one of them, none the full one, none overbooked.
    expect(got).toHaveLength(5);
    for (const id of got) expect([later, latest, earlier, earliest]).toContain(id);
    for (const id of [later, latest, earlier, earliest]) expect(await bookedOf(t, id)).toBeLessThanOrEqual(3);
    expect(await bookedOf(t, picked)).toBe(1);
  });

  test('only earlier times are free: one of those that have not started', async () => {
    const typeId = await newType();
    // Today (Stockholm): now is 10:00; 09:30 has started, 10:30 and 11:00 are ahead, 12:00 is picked.
    await slot(typeId, -30);
    const tenThirty = await slot(typeId, 30);
    const eleven = await slot(typeId, 60);
    const picked = await fullSlot(typeId, 120);
    const [p] = await citizens(1);
    const res = await book(t, p!.s, { slotId: picked, ...IF_TAKEN });
    expect(res.statusCode).toBe(201);
    // The candidates are the earlier times still ahead, closest first; one is taken at random.
    expect((await sameDayFreeSlots(t.ctx.db, picked, clock.now(), 10)).map((f) => f.id)).toEqual([eleven, tenThirty]);
    expect([eleven, tenThirty]).toContain(res.json().data.slotId);
    expect((await bookedOf(t, eleven)) + (await bookedOf(t, tenThirty))).toBe(1);
  });

  test('reserved, withdrawn, unpublished, started, other-unit, other-day and other-type times are never taken', async () => {
    const typeId = await newType();
    const otherType = await newType();
    // The picked time is today at 12:00 (Stockholm); the day runs 00:00–24:00 local time.
    const picked = await fullSlot(typeId, 120);
    const never = await Promise.all([
      slot(typeId, 130, { reserved: true }),
      slot(typeId, 140, { withdrawn: true }),
      slot(typeId, 150, { visibleInMinutes: 30 }),
      slot(typeId, -20),
      createSlot(t, { timeTypeId: typeId, unitId: DEMO_UNITS.vaccNorr, inMinutes: 160 }),
      // 00:10 tomorrow, local time.
      slot(typeId, 14 * 60 + 10),
      slot(otherType, 170),
      fullSlot(typeId, 180),
    ]);
    const [p] = await citizens(1);
    const res = await book(t, p!.s, { slotId: picked, ...IF_TAKEN });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'slot_full' });
    expect(res.json().error.message).toContain('ingen annan ledig tid samma dag');
    for (const id of never.slice(0, 7)) expect(await bookedOf(t, id)).toBe(0);
    const rows = await t.ctx.db.selectFrom('bookings').select('id').where('person_id', '=', p!.id).execute();
    expect(rows).toEqual([]);
  });

  test('the day ends at local midnight: 23:50 the evening before is another day', async () => {
    const typeId = await newType();
    // Picked: 00:10 on Thursday 3 September (Stockholm); 23:50 on Wednesday is another day.
    const picked = await fullSlot(typeId, 2 * DAY - 10 * 60 + 10);
    const evening = await slot(typeId, 2 * DAY - 10 * 60 - 10);
    const morning = await slot(typeId, 2 * DAY - 10 * 60 + 8 * 60);
    expect(await sameDayFreeSlots(t.ctx.db, picked, clock.now(), 10)).toEqual([{ id: morning, free: 3 }]);
    expect(await bookedOf(t, evening)).toBe(0);
  });

  test('without ifTaken a full time is 409 slot_full as before, and nothing else is booked', async () => {
    const typeId = await newType();
    const picked = await fullSlot(typeId, 2 * DAY);
    const later = await slot(typeId, 2 * DAY + 10);
    const [p] = await citizens(1);
    const res = await book(t, p!.s, { slotId: picked });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toEqual({ code: 'slot_full', message: 'Tiden hann bli fullbokad. Välj en annan tid.' });
    expect(await bookedOf(t, later)).toBe(0);
    // A free time without the field: the answer carries no substitution fields.
    const ok = await book(t, p!.s, { slotId: later });
    expect(ok.statusCode).toBe(201);
    expect(Object.keys(ok.json())).toEqual(['data']);
  });

  test('two citizens whose picked time is full, one free time left that day: one gets it, the other 409', async () => {
    const typeId = await newType();
    const picked = await fullSlot(typeId, 2 * DAY);
    const last = await slot(typeId, 2 * DAY + 30, { capacity: 1 });
    const people = await citizens(2);
    const answers = await Promise.all(people.map((p) => book(t, p.s, { slotId: picked, ...IF_TAKEN })));
    const codes = answers.map((a) => a.statusCode).sort();
    expect(codes).toEqual([201, 409]);
    const won = answers.find((a) => a.statusCode === 201)?.json();
    expect(won).toMatchObject({ substituted: true, requestedSlotId: picked, data: { slotId: last } });
    expect(answers.find((a) => a.statusCode === 409)?.json().error.code).toBe('slot_full');
    expect(await bookedOf(t, last)).toBe(1);
  });

  test('many racing for a few substitutes: exactly as many bookings as places, no overbooking', async () => {
    const typeId = await newType();
    const picked = await fullSlot(typeId, 2 * DAY);
    const free = await Promise.all([30, 40, 50].map((m) => slot(typeId, 2 * DAY + m, { capacity: 2 })));
    const people = await citizens(12);
    const answers = await Promise.all(people.map((p) => book(t, p.s, { slotId: picked, ...IF_TAKEN })));
    const codes = answers.map((a) => a.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(6);
    expect(codes.filter((c) => c === 409)).toHaveLength(6);
    for (const id of free) expect(await bookedOf(t, id)).toBe(2);
    const booked = answers.filter((a) => a.statusCode === 201).map((a) => a.json().data.slotId as string);
    expect(booked.sort()).toEqual([...free, ...free].sort());
  });

  test('inside one group-commit batch: the loser of the guarded update gets the next time', async () => {
    const typeId = await newType();
    const picked = await slot(typeId, 2 * DAY, { capacity: 1 });
    const next = await slot(typeId, 2 * DAY + 10, { capacity: 1 });
    const people = await citizens(2);
    const before = await batchedItems();
    const answers = await Promise.all(people.map((p) => book(t, p.s, { slotId: picked, ...IF_TAKEN })));
    expect(answers.map((a) => a.statusCode)).toEqual([201, 201]);
    const bodies = answers.map((a) => a.json());
    expect(bodies.map((b) => b.data.slotId).sort()).toEqual([picked, next].sort());
    expect(bodies.map((b) => b.substituted).sort()).toEqual([false, true]);
    // Both went through one batch (the sum counts items of committed batches).
    expect((await batchedItems()) - before).toBeGreaterThanOrEqual(2);
    expect(await bookedOf(t, picked)).toBe(1);
    expect(await bookedOf(t, next)).toBe(1);
  });

  test('a repeat of the key and body replays the first answer, the same substitute, even once the picked time frees', async () => {
    const typeId = await newType();
    const picked = await fullSlot(typeId, 2 * DAY);
    const later = await slot(typeId, 2 * DAY + 10);
    const [p] = await citizens(1);
    const key = randomUUID();
    const first = await book(t, p!.s, { slotId: picked, ...IF_TAKEN }, key);
    expect(first.statusCode).toBe(201);
    await t.ctx.db.updateTable('slots').set({ booked: 0 }).where('id', '=', picked).execute();
    const again = await book(t, p!.s, { slotId: picked, ...IF_TAKEN }, key);
    expect(again.statusCode).toBe(first.statusCode);
    expect(again.json()).toEqual(first.json());
    expect(again.json()).toMatchObject({ substituted: true, data: { slotId: later } });
    expect(await bookedOf(t, later)).toBe(1);
    expect(await bookedOf(t, picked)).toBe(0);
    // The same key with the field left out is another request.
    expect((await book(t, p!.s, { slotId: picked }, key)).statusCode).toBe(422);
  });

  test('eligibility is checked again: a second booking of a one-active type is 409 already_booked', async () => {
    const typeId = await newType();
    const mine = await slot(typeId, 3 * DAY);
    const picked = await fullSlot(typeId, 2 * DAY);
    const later = await slot(typeId, 2 * DAY + 10);
    const [p] = await citizens(1);
    expect((await book(t, p!.s, { slotId: mine })).statusCode).toBe(201);
    const res = await book(t, p!.s, { slotId: picked, ...IF_TAKEN });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('already_booked');
    expect(await bookedOf(t, later)).toBe(0);
  });

  test('a guardian booking for a child gets the same option, audited on behalf', async () => {
    const typeId = await createTimeType(t, { minAge: null });
    const picked = await createSlot(t, { timeTypeId: typeId, unitId, inMinutes: 2 * DAY, capacity: 1, booked: 1 });
    const later = await createSlot(t, { timeTypeId: typeId, unitId, inMinutes: 2 * DAY + 10 });
    const anna = await personIdOf(t, 'anna');
    const elsa = await personIdOf(t, 'elsa');
    const s = await citizenSession(t, anna);
    const key = randomUUID();
    const res = await book(t, s, { slotId: picked, patientId: elsa, ...IF_TAKEN }, key);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      requestedSlotId: picked,
      substituted: true,
      data: { slotId: later, bookedBy: 'guardian', patient: { personId: elsa } },
    });
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['subject_person_id', 'actor_person_id', 'on_behalf_of_relation'])
      .where('record_id', '=', res.json().data.id)
      .executeTakeFirstOrThrow();
    expect(audit).toEqual({ subject_person_id: elsa, actor_person_id: anna, on_behalf_of_relation: 'guardian' });
    const again = await book(t, s, { slotId: picked, patientId: elsa, ...IF_TAKEN }, key);
    expect(again.json()).toEqual(res.json());
    expect(await bookedOf(t, later)).toBe(1);
  });
});

describe('första lediga tid with the group commit switched off (each booking its own statement)', () => {
  let u: TestApp;
  beforeAll(async () => {
    ({ t: u } = await startBookingApp({ clock, env: { BOOKING_BATCH: 'false' } }));
  }, 240_000);
  afterAll(async () => {
    await u?.close();
  });

  test('the early check finds the picked time full: another one that day; racers for the last one: one winner', async () => {
    const typeId = await createTimeType(u, { minAge: 18 });
    const at = (inMinutes: number, o: Partial<SlotOptions> = {}) =>
      createSlot(u, { timeTypeId: typeId, unitId, inMinutes, ...o });
    const picked = await at(2 * DAY, { capacity: 1, booked: 1 });
    const next = await at(2 * DAY + 10, { capacity: 1 });
    const last = await at(2 * DAY + 20, { capacity: 1 });
    const people = await createCitizens(u, 3, 90);
    const sessions = await Promise.all(people.map((p) => citizenSession(u, p)));
    const first = await book(u, sessions[0]!, { slotId: picked, ...IF_TAKEN });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ substituted: true, requestedSlotId: picked });
    const taken = first.json().data.slotId as string;
    expect([next, last]).toContain(taken);
    const racers = await Promise.all(sessions.slice(1).map((s) => book(u, s, { slotId: picked, ...IF_TAKEN })));
    expect(racers.map((a) => a.statusCode).sort()).toEqual([201, 409]);
    expect(racers.find((a) => a.statusCode === 201)?.json().data.slotId).toBe(taken === next ? last : next);
    expect(racers.find((a) => a.statusCode === 409)?.json().error.code).toBe('slot_full');
    for (const id of [picked, next, last]) expect(await bookedOf(u, id)).toBe(1);
  });
});
