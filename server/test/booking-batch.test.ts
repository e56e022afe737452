/**
 * Group commit of bookings (group-commit.ts, docs/architecture.md): concurrent
 * bookings for oneself share one transaction and one commit, and each still
 * gets its own answer, audit entry and idempotency record. The race guarantee
 * holds inside a batch (many for one place: exactly one winner), a refused
 * item does not stop the others, and a failing statement is re-run alone
 * while the rest of the batch commits.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createGroupCommit, ItemFailed, type Outcome } from '../src/modules/booking/group-commit.js';
import { REMINDER_JOB } from '../src/modules/booking/notify.js';
import { verifyAuditLog } from '../src/platform/audit-verify.js';
import { fixedClock } from '../src/platform/clock.js';
import { seedDemo } from '../src/seed/demo.js';
import { DEMO_UNITS } from '../src/seed/demo-data.js';
import { book, bookedOf, createCitizens, createSlot, createTimeType } from './booking-fixtures.js';
import { startTestApp, type TestApp } from './harness.js';
import { citizenSession } from './helpers/sessions.js';

const clock = fixedClock('2026-09-01T08:00:00Z');
const DAY = 24 * 60;
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
    t = await startTestApp({ clock, env: { BOOKING_BATCH_WINDOW_MS: '200', BOOKING_BATCH_MAX: '64' } });
    await seedDemo(t.ctx.db, clock);
    typeId = await createTimeType(t, { minAge: 50 });
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
});

describe('booking with the group commit switched off', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ clock, env: { BOOKING_BATCH: 'false' } });
    await seedDemo(t.ctx.db, clock);
  }, 240_000);
  afterAll(async () => {
    await t?.close();
  });

  test('each booking is its own statement: no batch is formed, the race still has one winner', async () => {
    const typeId = await createTimeType(t);
    const slotId = await createSlot(t, { timeTypeId: typeId, unitId, inMinutes: 2 * DAY, capacity: 1 });
    const people = await createCitizens(t, 10, 44);
    const sessions = await Promise.all(people.map((p) => citizenSession(t, p)));
    const codes = (await Promise.all(sessions.map((s) => book(t, s, { slotId })))).map((a) => a.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(9);
    expect(await batches(t)).toEqual({ items: 0, batches: 0 });
  });
});
