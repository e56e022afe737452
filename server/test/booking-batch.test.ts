/**
 * Group commit of bookings (group-commit.ts, docs/architecture.md): concurrent
 * bookings for oneself share one transaction and one commit, and each still
 * gets its own answer, audit entry and idempotency record. The race guarantee
 * holds inside a batch (many for one place: exactly one winner), a refused
 * item does not stop the others, and a failing statement is re-run alone
 * while the rest of the batch commits. The batch is set-based: one read of
 * the facts and ONE statement (`bookMany`) per batch, whatever its size — the
 * tests below check that every answer, booking, key, audit entry and job of
 * that statement lands with its own request.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { bookMany, type SetBooking } from '../src/modules/booking/book-store.js';
import { BatchFailed, createGroupCommit, ItemFailed, type Outcome } from '../src/modules/booking/group-commit.js';
import { REMINDER_JOB } from '../src/modules/booking/notify.js';
import { recordAudit } from '../src/platform/audit.js';
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
  setBooking as makeSetBooking,
  NOW,
  startBookingApp,
} from './booking-fixtures.js';
import type { TestApp } from './harness.js';
import { queueRemindersUpTo } from './helpers/reminders.js';
import { citizenSession } from './helpers/sessions.js';
import { countStatements } from './helpers/statements.js';

const clock = fixedClock(NOW);
const unitId = DEMO_UNITS.vaccCity;

/** Sum and count of the batch-size histogram: bookings that went through batches, and batches. */
async function batches(t: TestApp): Promise<{ items: number; batches: number }> {
  const metric = await t.ctx.metrics.registry.getSingleMetric('ingang_booking_batch_size')?.get();
  const value = (suffix: string) =>
    metric?.values.find((v) => (v as { metricName?: string }).metricName === `ingang_booking_batch_size${suffix}`);
  return { items: value('_sum')?.value ?? 0, batches: value('_count')?.value ?? 0 };
}

describe('the group commit itself', () => {
  const trx = Symbol('trx');
  const options = {
    windowMs: 5,
    maxSize: 64,
    maxInFlight: 1,
    transaction: <T>(w: (t: unknown) => Promise<T>) => w(trx),
  };

  test('items submitted together share one batch; each gets its own outcome', async () => {
    const seen: number[][] = [];
    const gc = createGroupCommit<number, number>({
      ...options,
      keyOf: (n) => String(n),
      run: async (_t, items) => {
        seen.push(items);
        return items.map((n): Outcome<number> => (n % 2 ? { ok: n * 10 } : { error: new Error(`even ${n}`) }));
      },
      alone: async () => -1,
    });
    const results = await Promise.allSettled([1, 2, 3, 4].map((n) => gc.submit(n)));
    expect(seen).toEqual([[1, 2, 3, 4]]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([
      10,
      'even 2',
      30,
      'even 4',
    ]);
  });

  test('a failing item runs alone and the batch commits without it', async () => {
    const attempts: number[][] = [];
    const alone: number[] = [];
    const gc = createGroupCommit<number, string>({
      ...options,
      keyOf: (n) => String(n),
      run: async (_t, items) => {
        attempts.push(items);
        const bad = items.indexOf(3);
        if (bad >= 0) throw new ItemFailed(bad, new Error('unique violation'));
        return items.map((n) => ({ ok: `batched ${n}` }));
      },
      alone: async (n) => {
        alone.push(n);
        return `alone ${n}`;
      },
    });
    const results = await Promise.all([1, 2, 3, 4].map((n) => gc.submit(n)));
    expect(results).toEqual(['batched 1', 'batched 2', 'alone 3', 'batched 4']);
    expect(attempts).toEqual([
      [1, 2, 3, 4],
      [1, 2, 4],
    ]);
    expect(alone).toEqual([3]);
  });

  test('two items with one key never share a batch; the second waits for the first', async () => {
    const seen: string[][] = [];
    const gc = createGroupCommit<string, string>({
      ...options,
      keyOf: (s) => s.slice(0, 1),
      run: async (_t, items) => {
        seen.push(items);
        return items.map((s) => ({ ok: s }));
      },
      alone: async (s) => s,
    });
    await Promise.all(['a1', 'b1', 'a2'].map((s) => gc.submit(s)));
    expect(seen).toEqual([['a1', 'b1'], ['a2']]);
  });

  test('a batch that failed as a whole runs again; after three attempts its items run alone', async () => {
    const attempts: number[][] = [];
    let failures = 1;
    const gc = createGroupCommit<number, string>({
      ...options,
      keyOf: (n) => String(n),
      run: async (_t, items) => {
        attempts.push(items);
        if (failures-- > 0) throw new BatchFailed(new Error('deadlock detected'));
        return items.map((n) => ({ ok: `batched ${n}` }));
      },
      alone: async (n) => `alone ${n}`,
    });
    expect(await Promise.all([1, 2].map((n) => gc.submit(n)))).toEqual(['batched 1', 'batched 2']);
    expect(attempts).toEqual([
      [1, 2],
      [1, 2],
    ]);
    failures = 99;
    expect(await Promise.all([3, 4].map((n) => gc.submit(n)))).toEqual(['alone 3', 'alone 4']);
    expect(attempts).toHaveLength(5);
  });

  test('a failed commit answers every item of the batch with its error', async () => {
    const gc = createGroupCommit<number, number>({
      ...options,
      transaction: async () => {
        throw new Error('connection lost');
      },
      keyOf: (n) => String(n),
      run: async (_t, items) => items.map((n) => ({ ok: n })),
      alone: async (n) => n,
    });
    const results = await Promise.allSettled([1, 2].map((n) => gc.submit(n)));
    expect(results.map((r) => r.status === 'rejected' && (r.reason as Error).message)).toEqual([
      'connection lost',
      'connection lost',
    ]);
  });
});

describe('booking in batches', () => {
  let t: TestApp;
  let typeId: string;

  beforeAll(async () => {
    // A wide window so that the concurrent requests below meet in few batches even on a busy machine.
    ({ t, typeId } = await startBookingApp({
      clock,
      env: { BOOKING_BATCH_WINDOW_MS: '200', BOOKING_BATCH_MAX: '64' },
      type: { minAge: 50 },
    }));
  }, 240_000);
  afterAll(async () => {
    await t?.close();
  });

  test('40 citizens at once for a 1-place time: one winner, 39 told slot_full, in few commits', async () => {
    const before = await batches(t);
    const slotId = await createSlot(t, { timeTypeId: typeId, unitId, inMinutes: 2 * DAY, capacity: 1 });
    // Citizens 0..5 of each 20 are born 1970–1975: old enough for the type's 50+.
    const people = (await createCitizens(t, 140, 40)).filter((_, i) => i % 20 < 6).slice(0, 40);
    const sessions = await Promise.all(people.map((p) => citizenSession(t, p)));
    const keys = people.map(() => randomUUID());
    const answers = await Promise.all(sessions.map((s, i) => book(t, s, { slotId }, keys[i])));
    const codes = answers.map((a) => a.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(39);
    for (const a of answers.filter((x) => x.statusCode === 409)) expect(a.json().error.code).toBe('slot_full');
    expect(await bookedOf(t, slotId)).toBe(1);
    const after = await batches(t);
    // Every booking went through a batch, and they shared commits.
    expect(after.items - before.items).toBe(40);
    expect(after.batches - before.batches).toBeLessThan(40);
    // Only the winner left a key, an audit entry and a reminder.
    const winner = codes.indexOf(201);
    const stored = await t.ctx.db.selectFrom('idempotency_keys').select('key').where('key', 'in', keys).execute();
    expect(stored.map((k) => k.key)).toEqual([keys[winner]]);
    const audited = await t.ctx.db
      .selectFrom('audit_log')
      .select(['subject_person_id', 'record_id'])
      .where('record_type', '=', 'booking')
      .where('subject_person_id', 'in', people)
      .execute();
    const bookingId = answers[winner]?.json().data.id;
    expect(audited).toEqual([{ subject_person_id: people[winner], record_id: bookingId }]);
    // Reminders are derived from the bookings by the reminder sweep (reminders.ts).
    await queueRemindersUpTo(t, new Date(clock.now().getTime() + 2 * DAY * 60_000));
    const reminders = await t.ctx.db
      .selectFrom('jobs')
      .select('id')
      .where('kind', '=', REMINDER_JOB)
      .where(sql<string>`payload->>'bookingId'`, '=', bookingId)
      .execute();
    expect(reminders).toHaveLength(1);
    expect(await verifyAuditLog(t.ctx.db)).toMatchObject({ ok: true, broken: null });
  });

  test('a batch with refused items still books the others, each with its own answer and audit entry', async () => {
    const people = await createCitizens(t, 20, 41);
    const adults = people.filter((_, i) => i % 20 < 6);
    const young = people[15] as string; // born 1985: under the type's 50
    const slots = await Promise.all(
      adults.map((_, k) => createSlot(t, { timeTypeId: typeId, unitId, inMinutes: 3 * DAY + k * 10 })),
    );
    const hidden = await createSlot(t, { timeTypeId: typeId, unitId, inMinutes: 4 * DAY, visibleInMinutes: 60 });
    const full = await createSlot(t, { timeTypeId: typeId, unitId, inMinutes: 4 * DAY + 10, capacity: 1, booked: 1 });
    const requests = [
      ...adults.slice(0, 4).map((p, k) => ({ person: p, slotId: slots[k] as string })),
      { person: young, slotId: slots[4] as string },
      { person: adults[4] as string, slotId: hidden },
      { person: adults[5] as string, slotId: full },
      { person: people[16] as string, slotId: randomUUID() },
    ];
    const sessions = await Promise.all(requests.map((r) => citizenSession(t, r.person)));
    const answers = await Promise.all(requests.map((r, i) => book(t, sessions[i]!, { slotId: r.slotId })));
    expect(answers.map((a) => a.statusCode)).toEqual([201, 201, 201, 201, 403, 404, 409, 404]);
    expect(answers[6]?.json().error.code).toBe('slot_full');
    for (const [k, a] of answers.slice(0, 4).entries()) {
      expect(a.json().data).toMatchObject({ slotId: slots[k], status: 'booked' });
      expect(await bookedOf(t, slots[k] as string)).toBe(1);
    }
    const audited = await t.ctx.db
      .selectFrom('audit_log')
      .select('subject_person_id')
      .where('record_type', '=', 'booking')
      .where(
        'subject_person_id',
        'in',
        requests.map((r) => r.person),
      )
      .execute();
    expect(audited.map((a) => a.subject_person_id).sort()).toEqual(adults.slice(0, 4).sort());
    expect(await verifyAuditLog(t.ctx.db)).toMatchObject({ ok: true, broken: null });
  });

  test('the same request twice at once: one booking, the same answer twice (the second a replay)', async () => {
    const [p] = await createCitizens(t, 1, 42);
    const slotId = await createSlot(t, { timeTypeId: typeId, unitId, inMinutes: 5 * DAY });
    const s = await citizenSession(t, p!);
    const key = randomUUID();
    const [a, b] = await Promise.all([book(t, s, { slotId }, key), book(t, s, { slotId }, key)]);
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    expect(a.json().data.id).toBe(b.json().data.id);
    expect(await bookedOf(t, slotId)).toBe(1);
  });

  test('one person racing for four times of a one-active type in batches gets exactly one', async () => {
    const [p] = await createCitizens(t, 1, 43);
    const slots = await Promise.all(
      [0, 1, 2, 3].map((k) => createSlot(t, { timeTypeId: typeId, unitId, inMinutes: 6 * DAY + k * 10 })),
    );
    const s = await citizenSession(t, p!);
    const answers = await Promise.all(slots.map((slotId) => book(t, s, { slotId })));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409, 409, 409]);
    for (const a of answers.filter((x) => x.statusCode === 409)) expect(a.json().error.code).toBe('already_booked');
  });

  const setBooking = (ord: number, person: string, slotId: string) =>
    makeSetBooking({ ord, person, slotId, timeTypeId: typeId, unitId, now: clock.now() });

  test('the set statement gives every request its own outcome and writes only the winners, each in its own place', async () => {
    const people = (await createCitizens(t, 40, 45)).filter((_, i) => i % 20 < 6).slice(0, 8) as string[];
    const one = await createSlot(t, { timeTypeId: typeId, unitId, inMinutes: 7 * DAY, capacity: 1 });
    const two = await createSlot(t, { timeTypeId: typeId, unitId, inMinutes: 7 * DAY + 10, capacity: 3, booked: 1 });
    const withdrawn = await createSlot(t, { timeTypeId: typeId, unitId, inMinutes: 7 * DAY + 20, withdrawn: true });
    const hidden = await createSlot(t, { timeTypeId: typeId, unitId, inMinutes: 7 * DAY + 30, visibleInMinutes: 60 });
    // Two of them have a chain already: their entries must link to it (the upsert's update branch).
    for (const p of [people[1], people[4]] as string[]) {
      await recordAudit(t.ctx.db, {
        actor: { kind: 'citizen', personId: p },
        subjectPersonId: p,
        action: 'read',
        recordType: 'profile',
        purpose: 'self_service',
        at: clock.now(),
      });
    }
    // Handed over out of arrival order: the winners are the lowest ords per time, not the first in the array.
    const items = [
      setBooking(5, people[0] as string, one),
      setBooking(2, people[1] as string, one), // wins `one`
      setBooking(7, people[2] as string, one),
      setBooking(3, people[3] as string, two), // wins
      setBooking(0, people[4] as string, two), // wins
      setBooking(9, people[5] as string, two),
      setBooking(4, people[6] as string, withdrawn),
      setBooking(8, people[7] as string, hidden),
    ];
    const outcomes = await bookMany(t.ctx.db, items);
    const expected: Record<number, { booked: boolean; full: boolean }> = {
      0: { booked: true, full: false },
      2: { booked: true, full: false },
      3: { booked: true, full: false },
      5: { booked: false, full: true },
      7: { booked: false, full: true },
      9: { booked: false, full: true },
      4: { booked: false, full: false },
      8: { booked: false, full: false },
    };
    expect(outcomes).toEqual(items.map((i) => ({ ord: i.ord, ...expected[i.ord] })));
    expect([await bookedOf(t, one), await bookedOf(t, two), await bookedOf(t, withdrawn)]).toEqual([1, 3, 0]);

    const winners = items.filter((i) => expected[i.ord]?.booked);
    const bookings = await t.ctx.db
      .selectFrom('bookings')
      .select(['id', 'person_id', 'slot_id', 'status'])
      .where('person_id', 'in', people)
      .execute();
    const sortById = <T extends { id: string }>(rows: T[]) => [...rows].sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(sortById(bookings)).toEqual(
      sortById(
        winners.map((w) => ({
          id: w.booking.id,
          person_id: w.booking.personId,
          slot_id: w.booking.slotId,
          status: 'booked',
        })),
      ),
    );
    const keys = await t.ctx.db
      .selectFrom('idempotency_keys')
      .select(['actor_key', 'key', 'request_hash', 'status_code', 'response'])
      .where(
        'key',
        'in',
        items.map((i) => i.key.key),
      )
      .execute();
    expect(sortById(keys.map((k) => ({ ...k, id: k.key })))).toEqual(
      sortById(
        winners.map((w) => ({
          id: w.key.key,
          actor_key: w.key.actorKey,
          key: w.key.key,
          request_hash: w.key.requestHash,
          status_code: 201,
          response: w.key.body,
        })),
      ),
    );
    const audited = await t.ctx.db
      .selectFrom('audit_log')
      .select(['subject_person_id', 'actor_person_id', 'record_id', 'seq'])
      .where('record_type', '=', 'booking')
      .where('subject_person_id', 'in', people)
      .execute();
    const chained = (p: string) => (p === people[1] || p === people[4] ? 2 : 1);
    expect(sortById(audited.map((a) => ({ ...a, id: a.record_id as string, seq: Number(a.seq) })))).toEqual(
      sortById(
        winners.map((w) => ({
          id: w.booking.id,
          subject_person_id: w.booking.personId,
          actor_person_id: w.booking.personId,
          record_id: w.booking.id,
          seq: chained(w.booking.personId),
        })),
      ),
    );
    const jobs = await t.ctx.db
      .selectFrom('jobs')
      .select(['id', sql<string>`payload->>'bookingId'`.as('booking_id')])
      .where(
        'id',
        'in',
        items.map((i) => i.jobs[0]?.id as string),
      )
      .execute();
    expect(sortById(jobs)).toEqual(
      sortById(winners.map((w) => ({ id: w.jobs[0]?.id as string, booking_id: w.booking.id }))),
    );
    expect(await verifyAuditLog(t.ctx.db)).toMatchObject({ ok: true, broken: null });
  });

  test('a set statement that fails (a key stored meanwhile) writes nothing at all', async () => {
    const people = (await createCitizens(t, 20, 46)).slice(0, 3) as string[];
    const slotId = await createSlot(t, { timeTypeId: typeId, unitId, inMinutes: 8 * DAY, capacity: 3 });
    const items = people.map((p, i) => setBooking(i, p, slotId));
    const repeated = items[2] as SetBooking;
    await t.ctx.db
      .insertInto('idempotency_keys')
      .values({
        actor_key: repeated.key.actorKey,
        key: repeated.key.key,
        request_hash: 'other',
        created_at: clock.now(),
        status_code: null,
        response: null,
      })
      .execute();
    await expect(bookMany(t.ctx.db, items)).rejects.toMatchObject({ code: '23505' });
    expect(await bookedOf(t, slotId)).toBe(0);
    expect(await t.ctx.db.selectFrom('bookings').select('id').where('slot_id', '=', slotId).execute()).toEqual([]);
    const audited = await t.ctx.db
      .selectFrom('audit_log')
      .select('id')
      .where('subject_person_id', 'in', people)
      .execute();
    expect(audited).toEqual([]);
    expect(await verifyAuditLog(t.ctx.db)).toMatchObject({ ok: true, broken: null });
  });

  test('a mixed batch over HTTP: winners, losers for 1- and 2-place times, refusals, one person booking two times', async () => {
    const multi = await createTimeType(t, { minAge: 50, oneActive: false });
    const people = await createCitizens(t, 40, 47);
    const adults = people.filter((_, i) => i % 20 < 6);
    const young = people[15] as string;
    const slot = (
      k: number,
      o: { capacity?: number; withdrawn?: boolean; visibleInMinutes?: number; type?: string } = {},
    ) => createSlot(t, { timeTypeId: o.type ?? typeId, unitId, inMinutes: 9 * DAY + k * 10, ...o });
    const one = await slot(0, { capacity: 1 });
    const two = await slot(1, { capacity: 2 });
    const withdrawn = await slot(2, { withdrawn: true });
    const hidden = await slot(3, { visibleInMinutes: 60 });
    const [m1, m2] = [await slot(4, { type: multi }), await slot(5, { type: multi })];
    const [o1, o2] = [await slot(6), await slot(7)];
    const a = (i: number) => adults[i] as string;
    const requests = [
      { person: a(0), slotId: one },
      { person: a(1), slotId: one },
      { person: a(2), slotId: one },
      { person: a(3), slotId: two },
      { person: a(4), slotId: two },
      { person: a(5), slotId: two },
      { person: a(6), slotId: withdrawn },
      { person: a(7), slotId: hidden },
      { person: young, slotId: m1 },
      { person: a(8), slotId: m1 }, // one person, two times of a type without the one-active rule
      { person: a(8), slotId: m2 },
      { person: a(9), slotId: o1 }, // one person, two times of a one-active type
      { person: a(9), slotId: o2 },
    ];
    const sessions = new Map<string, Awaited<ReturnType<typeof citizenSession>>>();
    for (const r of requests) if (!sessions.has(r.person)) sessions.set(r.person, await citizenSession(t, r.person));
    const keys = requests.map(() => randomUUID());
    const answers = await Promise.all(
      requests.map((r, i) => book(t, sessions.get(r.person)!, { slotId: r.slotId }, keys[i])),
    );
    const codes = answers.map((x) => (x.statusCode === 201 ? 201 : `${x.statusCode} ${x.json().error.code}`));
    const of = (from: number, to: number) => codes.slice(from, to);
    expect(of(0, 3).filter((c) => c === 201)).toHaveLength(1);
    expect(of(0, 3).filter((c) => c === '409 slot_full')).toHaveLength(2);
    expect(of(3, 6).filter((c) => c === 201)).toHaveLength(2);
    expect(of(3, 6).filter((c) => c === '409 slot_full')).toHaveLength(1);
    expect(codes[6]).toBe('409 slot_unavailable');
    expect(codes[7]).toBe('404 not_found');
    expect(String(codes[8]).startsWith('403 ')).toBe(true);
    expect(of(9, 11)).toEqual([201, 201]);
    expect([...of(11, 13)].sort()).toEqual([201, '409 already_booked'].sort());
    expect([await bookedOf(t, one), await bookedOf(t, two), await bookedOf(t, m1), await bookedOf(t, m2)]).toEqual([
      1, 2, 1, 1,
    ]);
    // Every 201 names its own request's booking, key, audit entry and reminder; nothing else was written.
    const won = requests
      .map((r, i) => ({ ...r, key: keys[i] as string, answer: answers[i]! }))
      .filter((r) => r.answer.statusCode === 201);
    const bookings = await t.ctx.db
      .selectFrom('bookings')
      .select(['id', 'person_id', 'slot_id'])
      .where('person_id', 'in', [...sessions.keys()])
      .execute();
    const byId = <T extends { id: string }>(rows: T[]) => [...rows].sort((x, y) => (x.id < y.id ? -1 : 1));
    expect(byId(bookings)).toEqual(
      byId(won.map((w) => ({ id: w.answer.json().data.id as string, person_id: w.person, slot_id: w.slotId }))),
    );
    for (const w of won) expect(w.answer.json().data).toMatchObject({ slotId: w.slotId, status: 'booked' });
    const stored = await t.ctx.db
      .selectFrom('idempotency_keys')
      .select(['actor_key', 'key', 'response'])
      .where('key', 'in', keys)
      .execute();
    expect(
      byId(
        stored.map((k) => ({
          id: k.key,
          actor: k.actor_key,
          booking: (k.response as { data: { id: string } }).data.id,
        })),
      ),
    ).toEqual(
      byId(won.map((w) => ({ id: w.key, actor: `person:${w.person}`, booking: w.answer.json().data.id as string }))),
    );
    const audited = await t.ctx.db
      .selectFrom('audit_log')
      .select(['subject_person_id', 'record_id'])
      .where('record_type', '=', 'booking')
      .where('subject_person_id', 'in', [...sessions.keys()])
      .execute();
    expect(byId(audited.map((x) => ({ id: x.record_id as string, subject: x.subject_person_id })))).toEqual(
      byId(won.map((w) => ({ id: w.answer.json().data.id as string, subject: w.person }))),
    );
    // Reminders are derived from the bookings by the reminder sweep (reminders.ts).
    await queueRemindersUpTo(t, new Date(clock.now().getTime() + (10 * DAY - 60) * 60_000));
    const reminders = await t.ctx.db
      .selectFrom('jobs')
      .select(sql<string>`payload->>'bookingId'`.as('id'))
      .where('kind', '=', REMINDER_JOB)
      .where(
        sql<string>`payload->>'bookingId'`,
        'in',
        won.map((w) => w.answer.json().data.id as string),
      )
      .execute();
    expect(reminders).toHaveLength(won.length);
    expect(await verifyAuditLog(t.ctx.db)).toMatchObject({ ok: true, broken: null });
  });

  test('a batch costs two statements whatever its size: one read of the facts and one set statement', async () => {
    const adults = (await createCitizens(t, 60, 48)).filter((_, i) => i % 20 < 6);
    const own = await Promise.all(
      adults.slice(0, 12).map((_, k) => createSlot(t, { timeTypeId: typeId, unitId, inMinutes: 10 * DAY + k * 10 })),
    );
    const last = await createSlot(t, { timeTypeId: typeId, unitId, inMinutes: 11 * DAY, capacity: 1 });
    const requests = adults.map((p, i) => ({ person: p, slotId: i < 12 ? (own[i] as string) : last }));
    const sessions = await Promise.all(requests.map((r) => citizenSession(t, r.person)));
    const before = await batches(t);
    const { result: answers, sql: texts } = await countStatements(t.ctx.db, () =>
      Promise.all(requests.map((r, i) => book(t, sessions[i]!, { slotId: r.slotId }))),
    );
    const after = await batches(t);
    const codes = answers.map((x) => x.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(13);
    expect(codes.filter((c) => c === 409)).toHaveLength(requests.length - 13);
    const made = after.batches - before.batches;
    expect(after.items - before.items).toBe(requests.length);
    expect(made).toBeGreaterThan(0);
    expect(made).toBeLessThan(requests.length);
    const facts = texts.filter((q) => q.includes('as req(ord int, slot_id uuid, patient_id uuid'));
    const writes = texts.filter((q) => q.includes('insert into bookings'));
    expect(facts).toHaveLength(made);
    // One text whatever the batch's size, so a connection plans it once (a prepared statement).
    expect(new Set(facts).size).toBe(1);
    expect(writes).toHaveLength(made);
    for (const w of writes) expect(w).toContain('jsonb_to_recordset');
    // No statement per booking and none to explain a loser's 409 (the set statement says it).
    expect(texts.filter((q) => q.includes('"slots"') || q.includes('update slots'))).toHaveLength(made);
  });
});

describe('booking with the group commit switched off', () => {
  let t: TestApp;
  let typeId: string;
  beforeAll(async () => {
    ({ t, typeId } = await startBookingApp({ clock, env: { BOOKING_BATCH: 'false' } }));
  }, 240_000);
  afterAll(async () => {
    await t?.close();
  });

  test('each booking is its own statement: no batch is formed, the race still has one winner', async () => {
    const slotId = await createSlot(t, { timeTypeId: typeId, unitId, inMinutes: 2 * DAY, capacity: 1 });
    const people = await createCitizens(t, 10, 44);
    const sessions = await Promise.all(people.map((p) => citizenSession(t, p)));
    const codes = (await Promise.all(sessions.map((s) => book(t, s, { slotId })))).map((a) => a.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(9);
    expect(await batches(t)).toEqual({ items: 0, batches: 0 });
  });
});
