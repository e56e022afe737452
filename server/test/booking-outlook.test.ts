/**
 * "Rules up front" (GET /api/booking-outlook): what a person, or the child a
 * guardian acts for, may book now — decided by the same rule the booking
 * enforces, so an outlook that says "not yet" is a booking that is refused.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fixedClock } from '../src/platform/clock.js';
import { seedDemo } from '../src/seed/demo.js';
import { DEMO_UNITS } from '../src/seed/demo-data.js';
import { book, createSlot, createTimeType, personIdOf } from './booking-fixtures.js';
import { startTestApp, type TestApp } from './harness.js';
import { citizenSession, type TestSession } from './helpers/sessions.js';

const NOW = '2026-09-01T08:00:00Z';
const clock = fixedClock(NOW);
const DAY = 24 * 60;
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ clock, env: { SMTP_PORT: '1' } });
  await seedDemo(t.ctx.db, clock);
});
afterAll(async () => {
  await t?.close();
});

async function outlook(s: TestSession, patientId?: string) {
  const q = patientId ? `?patientId=${patientId}` : '';
  return t.app.inject({ method: 'GET', url: `/api/booking-outlook${q}`, headers: s.headers });
}

describe('booking outlook', () => {
  test('for a child: too young with the day she may book, and the booking is refused the same way', async () => {
    const adultsOnly = await createTimeType(t, { minAge: 18 });
    const anna = await personIdOf(t, 'anna');
    const elsa = await personIdOf(t, 'elsa');
    const s = await citizenSession(t, anna);
    const res = await outlook(s, elsa);
    expect(res.statusCode).toBe(200);
    expect(res.json().data.patientId).toBe(elsa);
    const item = res.json().data.items.find((i: { timeTypeId: string }) => i.timeTypeId === adultsOnly);
    expect(item).toMatchObject({ bookable: false, reason: 'too_young', minAge: 18, activeBooking: null });
    expect(item.earliestDate).toMatch(/^20[34]\d-\d\d-\d\d$/);
    // The booking agrees with what the page said up front.
    const slotId = await createSlot(t, { timeTypeId: adultsOnly, unitId: DEMO_UNITS.vaccCity, inMinutes: 2 * DAY });
    const refused = await book(t, s, { slotId, patientId: elsa });
    expect(refused.json().error.code).toBe('too_young');
  });

  test('a future release names opensAt; a booking made shows as the active booking', async () => {
    const typeId = await createTimeType(t, { minAge: null, oneActive: true });
    const opensAt = new Date(Date.parse(NOW) + 5 * 3600_000);
    await t.ctx.db
      .insertInto('release_rules')
      .values({ id: randomUUID(), time_type_id: typeId, born_on_or_before: null, min_age: 18, opens_at: opensAt })
      .execute();
    // A day-long session: the clock jumps to the release.
    const s = await citizenSession(t, await personIdOf(t, 'anna'), 86_400);
    const before = (await outlook(s)).json().data.items.find((i: { timeTypeId: string }) => i.timeTypeId === typeId);
    expect(before).toMatchObject({ bookable: false, reason: 'not_released', opensAt: opensAt.toISOString() });

    clock.set(opensAt);
    try {
      const slotId = await createSlot(t, { timeTypeId: typeId, unitId: DEMO_UNITS.vaccCity, inMinutes: 2 * DAY });
      const made = await book(t, s, { slotId });
      expect(made.statusCode).toBe(201);
      const after = (await outlook(s)).json().data.items.find((i: { timeTypeId: string }) => i.timeTypeId === typeId);
      expect(after).toMatchObject({
        bookable: false,
        reason: 'already_booked',
        activeBooking: { id: made.json().data.id },
      });
    } finally {
      clock.set(NOW);
    }
  });

  test('acting for someone one may not act for is refused, and nothing is read', async () => {
    const s = await citizenSession(t, await personIdOf(t, 'anna'));
    const res = await outlook(s, await personIdOf(t, 'margit'));
    expect(res.statusCode).toBe(403);
  });
});
