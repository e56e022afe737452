/**
 * What a booking writes, cut down (migration 375, `npm run bench:rows`): a place taken on a
 * time that still has places left is a HOT update of the time's row (no index entry);
 * `sold_out` follows `booked` both ways, so the search shows exactly the times with a place
 * left — a time that fills leaves it, a cancellation brings it back; a booking replayed with
 * its key answers the same, and its one audit entry is chained.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { verifyAuditLog } from '../src/platform/audit-verify.js';
import { fixedClock } from '../src/platform/clock.js';
import { DEMO_UNITS } from '../src/seed/demo-data.js';
import { book, createCitizens, createSlot, DAY, NOW, startBookingApp } from './booking-fixtures.js';
import type { TestApp } from './harness.js';
import { citizenSession } from './helpers/sessions.js';

const clock = fixedClock(NOW);
let t: TestApp;
let typeId: string;

beforeAll(async () => {
  ({ t, typeId } = await startBookingApp({ clock }));
}, 240_000);
afterAll(async () => {
  await t?.close();
});

const listed = async (slotId: string) => {
  const res = await t.app.inject({ method: 'GET', url: `/api/slots?timeTypeId=${typeId}&limit=100` });
  expect(res.statusCode).toBe(200);
  return res.json().data.some((s: { id: string }) => s.id === slotId);
};
const soldOut = async (slotId: string) =>
  (await t.ctx.db.selectFrom('slots').select('sold_out').where('id', '=', slotId).executeTakeFirstOrThrow()).sold_out;

describe('a booking’s place on its time', () => {
  test('a time that fills leaves the search; a cancelled place brings it back', async () => {
    const slotId = await createSlot(t, {
      timeTypeId: typeId,
      unitId: DEMO_UNITS.vaccCity,
      inMinutes: 2 * DAY,
      capacity: 2,
    });
    const [a, b] = await createCitizens(t, 2, 31);
    const sa = await citizenSession(t, a as string);
    const sb = await citizenSession(t, b as string);
    const first = await book(t, sa, { slotId });
    expect(first.statusCode).toBe(201);
    expect(await soldOut(slotId)).toBe(false);
    expect(await listed(slotId)).toBe(true);
    expect((await book(t, sb, { slotId })).statusCode).toBe(201);
    expect(await soldOut(slotId)).toBe(true);
    expect(await listed(slotId)).toBe(false);

    const cancelled = await t.app.inject({
      method: 'DELETE',
      url: `/api/bookings/${first.json().data.id}`,
      headers: sa.headers,
    });
    expect(cancelled.statusCode).toBe(200);
    expect(await soldOut(slotId)).toBe(false);
    expect(await listed(slotId)).toBe(true);
  });

  test('taking a place that leaves places free changes no indexed column: a HOT update', async () => {
    const slotId = await createSlot(t, {
      timeTypeId: typeId,
      unitId: DEMO_UNITS.vaccNorr,
      inMinutes: 3 * DAY,
      capacity: 3,
    });
    // This backend's own counts (pg_stat_xact_user_tables), before and after, inside one
    // transaction: exact, not flushed in between, no waiting for the statistics.
    const delta = await t.ctx.db.transaction().execute(async (trx) => {
      const read = async () => {
        const { rows } = await sql<{ upd: string; hot: string }>`
          select n_tup_upd::text as upd, n_tup_hot_upd::text as hot
            from pg_stat_xact_user_tables where relname = 'slots'`.execute(trx);
        return { upd: Number(rows[0]?.upd ?? 0), hot: Number(rows[0]?.hot ?? 0) };
      };
      const before = await read();
      await sql`update slots set booked = booked + 1 where id = ${slotId}`.execute(trx);
      await sql`update slots set booked = booked + 1 where id = ${slotId}`.execute(trx);
      // The place that fills the time flips sold_out, which slots_free's predicate names.
      await sql`update slots set booked = booked + 1 where id = ${slotId}`.execute(trx);
      const after = await read();
      await sql`update slots set booked = 0 where id = ${slotId}`.execute(trx);
      return { upd: after.upd - before.upd, hot: after.hot - before.hot };
    });
    expect(delta).toEqual({ upd: 3, hot: 2 });
  });
});

describe('the rows a booking writes', () => {
  test('a replay with the key answers the same; one booking, one chained audit entry', async () => {
    const slotId = await createSlot(t, { timeTypeId: typeId, unitId: DEMO_UNITS.vaccCity, inMinutes: 4 * DAY });
    const [p] = await createCitizens(t, 1, 32);
    const s = await citizenSession(t, p as string);
    const key = randomUUID();
    const first = await book(t, s, { slotId }, key);
    expect(first.statusCode).toBe(201);
    const again = await book(t, s, { slotId }, key);
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());

    const bookings = await t.ctx.db
      .selectFrom('bookings')
      .select('id')
      .where('person_id', '=', p as string)
      .execute();
    expect(bookings.map((r) => r.id)).toEqual([first.json().data.id]);
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['seq', 'action'])
      .where('record_id', '=', first.json().data.id)
      .where('action', '=', 'create')
      .execute();
    expect(audit).toHaveLength(1);
    expect((await verifyAuditLog(t.ctx.db)).ok).toBe(true);
  });
});
