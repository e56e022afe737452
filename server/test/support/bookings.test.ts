/**
 * Bookings on the citizen's behalf (issue 16): with a stated reason an agent lists a logged-in
 * citizen's bookings, the free times of the same type, and rebooks one — through the booking
 * module's rules and slot guard, audit-logged as support and shown in "Vem har tittat". Two
 * agents rebooking two citizens into the last place of one time: one winner.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_UNITS } from '../../src/seed/demo-data.js';
import { book, bookedOf, createSlot, createTimeType } from '../booking-fixtures.js';
import type { TestSession } from '../helpers/sessions.js';
import { dataOf, type SupportFixture, supportFixture } from './fixtures.js';

// biome-ignore lint/suspicious/noExplicitAny: response JSON is read loosely in tests
type Json = Record<string, any>;

let f: SupportFixture;
let type: string;
let slotA: string;
let slotB: string;
let lastPlace: string;
const REASON = 'Invånaren ber om en annan tid';

beforeAll(async () => {
  f = await supportFixture();
  type = await createTimeType(f.t);
  slotA = await createSlot(f.t, { timeTypeId: type, unitId: DEMO_UNITS.vaccCity, inMinutes: 3 * 24 * 60 });
  slotB = await createSlot(f.t, { timeTypeId: type, unitId: DEMO_UNITS.vaccNorr, inMinutes: 4 * 24 * 60 });
  lastPlace = await createSlot(f.t, {
    timeTypeId: type,
    unitId: DEMO_UNITS.vaccCity,
    inMinutes: 5 * 24 * 60,
    capacity: 1,
  });
}, 120_000);
afterAll(async () => {
  await f?.t.close();
});

/** Books slot A for the citizen and opens a logged-in chat; returns both ids. */
async function bookedAndWriting(s: TestSession) {
  const booked = await book(f.t, s, { slotId: slotA });
  expect(booked.statusCode).toBe(201);
  const chat = await f.t.app.inject({
    method: 'POST',
    url: '/api/support/my/cases',
    headers: s.headers,
    payload: { subject: 'Min tid', message: 'Jag kan inte komma, kan ni flytta min tid?' },
  });
  expect(chat.statusCode).toBe(201);
  return { bookingId: dataOf<Json>(booked).id as string, caseId: dataOf<Json>(chat).case.id as string };
}

const post = (agent: TestSession, url: string, payload: object) =>
  f.t.app.inject({ method: 'POST', url: `/api/support/agent/cases/${url}`, headers: agent.headers, payload });

describe("bookings on the citizen's behalf", () => {
  let anna: { bookingId: string; caseId: string };
  let bo: { bookingId: string; caseId: string };
  let annaMoved: string;

  test('list and free times need a reason and are audit-logged as support', async () => {
    anna = await bookedAndWriting(f.anna);
    bo = await bookedAndWriting(f.bo);
    expect((await post(f.first, `${anna.caseId}/bookings`, { reason: '' })).statusCode).toBe(400);
    const listed = await post(f.first, `${anna.caseId}/bookings`, { reason: REASON });
    expect(dataOf<Json>(listed).bookings).toEqual([
      expect.objectContaining({ id: anna.bookingId, status: 'booked', cancellable: true }),
    ]);
    const free = await post(f.first, `${anna.caseId}/bookings/${anna.bookingId}/free-times`, { reason: REASON });
    const ids = dataOf<Json>(free).times.map((t: Json) => t.slotId);
    expect(ids).toEqual([slotB, lastPlace]);
    // Another citizen's booking through this case: not found (nothing else of the record).
    const foreign = await post(f.first, `${anna.caseId}/bookings/${bo.bookingId}/free-times`, { reason: REASON });
    expect(foreign.statusCode).toBe(404);
  });

  test('an agent rebooks to another free time of the same type; the old place is released', async () => {
    const moved = await post(f.first, `${anna.caseId}/bookings/${anna.bookingId}/rebook`, {
      reason: REASON,
      slotId: slotB,
    });
    expect(moved.statusCode).toBe(201);
    annaMoved = dataOf<Json>(moved).id;
    expect(await bookedOf(f.t, slotA)).toBe(1);
    expect(await bookedOf(f.t, slotB)).toBe(1);
    const rows = await f.t.ctx.db
      .selectFrom('bookings')
      .select(['id', 'status', 'slot_id', 'rebooked_from_id', 'booked_by_staff_id'])
      .where('person_id', '=', f.annaId)
      .execute();
    expect(rows.find((r) => r.id === anna.bookingId)?.status).toBe('cancelled');
    expect(rows.find((r) => r.id === annaMoved)).toMatchObject({
      status: 'booked',
      slot_id: slotB,
      rebooked_from_id: anna.bookingId,
    });
    expect(rows.find((r) => r.id === annaMoved)?.booked_by_staff_id).not.toBeNull();

    // Audit-logged with the reason and shown in the citizen's "Vem har tittat".
    const audit = await f.t.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'record_type', 'actor_kind', 'reason'])
      .where('subject_person_id', '=', f.annaId)
      .where('purpose', '=', 'support')
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['read', 'read', 'rebook']);
    expect(audit.every((a) => a.actor_kind === 'support' && a.reason === REASON)).toBe(true);
    const seen = await f.t.app.inject({ method: 'GET', url: '/api/audit/accesses', headers: f.anna.headers });
    expect(seen.statusCode).toBe(200);
    const actions = (seen.json().data as Json[]).map((a) => `${a.action} / ${a.purpose}`);
    expect(actions).toContain('Bokade om din bokning / Hjälp från invånarsupporten');
    // The case keeps an internal note for the next agent.
    const c = dataOf<Json>(
      await f.t.app.inject({
        method: 'GET',
        url: `/api/support/agent/cases/${anna.caseId}`,
        headers: f.first.headers,
      }),
    );
    expect(c.messages.some((m: Json) => m.author === 'note' && m.body.includes('Bokade om'))).toBe(true);
  });

  test('the booking rules apply: same time type only, the old booking must still be active', async () => {
    const otherType = await createTimeType(f.t);
    const other = await createSlot(f.t, { timeTypeId: otherType, unitId: DEMO_UNITS.vaccCity, inMinutes: 3000 });
    const wrong = await post(f.first, `${anna.caseId}/bookings/${annaMoved}/rebook`, { reason: REASON, slotId: other });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.code).toBe('wrong_time_type');
    const again = await post(f.first, `${anna.caseId}/bookings/${anna.bookingId}/rebook`, {
      reason: REASON,
      slotId: slotB,
    });
    expect(again.statusCode).toBe(409);
  });

  test('two agents rebook two citizens into the last place of one time: one winner, 409 slot_full', async () => {
    const [a, b] = await Promise.all([
      post(f.first, `${anna.caseId}/bookings/${annaMoved}/rebook`, { reason: REASON, slotId: lastPlace }),
      post(f.firstB, `${bo.caseId}/bookings/${bo.bookingId}/rebook`, { reason: REASON, slotId: lastPlace }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
    expect((a.statusCode === 409 ? a : b).json().error.code).toBe('slot_full');
    expect(await bookedOf(f.t, lastPlace)).toBe(1);
    // The loser's booking is untouched.
    const active = await f.t.ctx.db
      .selectFrom('bookings')
      .select('id')
      .where('person_id', 'in', [f.annaId, f.boId])
      .where('status', '=', 'booked')
      .execute();
    expect(active).toHaveLength(2);
  });

  test('a case from the public form (identity unknown) shows no bookings', async () => {
    const p = await f.t.app.inject({
      method: 'POST',
      url: '/api/support/public/cases',
      payload: { name: 'Ann', email: 'ann@example.test', subject: 'Min tid', message: 'Kan ni flytta den?' },
    });
    const c = await f.t.ctx.db
      .selectFrom('support_cases')
      .select('id')
      .where('reference', '=', dataOf<Json>(p).reference)
      .executeTakeFirstOrThrow();
    const r = await post(f.first, `${c.id}/bookings`, { reason: REASON });
    expect(r.statusCode).toBe(409);
    expect(r.json().error.code).toBe('not_identified');
  });
});
