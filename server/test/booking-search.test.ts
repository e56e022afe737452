/**
 * The public catalogue and free-time search: keyset pagination returns every
 * free time exactly once; reserved, withdrawn, full, past, unpublished times
 * and retired types never appear; `near` filters by distance; bad input is
 * 400 naming the field; the statement is an index scan on `slots_free`.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { freeSlotsQuery } from '../src/modules/booking/slot-store.js';
import { fixedClock } from '../src/platform/clock.js';
import { DEMO_UNITS } from '../src/seed/demo-data.js';
import { DEMO_TIME_TYPES } from '../src/seed/demo-timebook.js';
import { createSlot, createTimeType, DAY, NOW, startBookingApp } from './booking-fixtures.js';
import type { TestApp } from './harness.js';

const clock = fixedClock(NOW);
let t: TestApp;
let typeId: string;
const free = new Set<string>();
const hidden = new Set<string>();

const search = (query: string) => t.app.inject({ method: 'GET', url: `/api/slots?${query}` });

beforeAll(async () => {
  ({ t, typeId } = await startBookingApp({ clock }));
  // 40 free times on two units, pairs at the same moment (ties are broken by id).
  for (let i = 0; i < 20; i++) {
    for (const unitId of [DEMO_UNITS.vaccCity, DEMO_UNITS.vaccNorr]) {
      free.add(await createSlot(t, { timeTypeId: typeId, unitId, inMinutes: 60 + i * 30, booked: i % 3 }));
    }
  }
  const base = { timeTypeId: typeId, unitId: DEMO_UNITS.vcSolberga };
  hidden.add(await createSlot(t, { ...base, inMinutes: 70, reserved: true }));
  hidden.add(await createSlot(t, { ...base, inMinutes: 80, withdrawn: true }));
  hidden.add(await createSlot(t, { ...base, inMinutes: 90, booked: 3 }));
  hidden.add(await createSlot(t, { ...base, inMinutes: -30 }));
  hidden.add(await createSlot(t, { ...base, inMinutes: 100, visibleInMinutes: 30 }));
  hidden.add(await createSlot(t, { ...base, inMinutes: 40 * DAY }));
});
afterAll(async () => {
  await t?.close();
});

describe('GET /api/time-types', () => {
  test('public; lists types with ids; retired types are left out', async () => {
    const retired = await createTimeType(t, { retired: true });
    const res = await search('').then(() => t.app.inject({ method: 'GET', url: '/api/time-types' }));
    expect(res.statusCode).toBe(200);
    const ids = res.json().data.map((x: { id: string }) => x.id);
    expect(ids).toContain(typeId);
    expect(ids).not.toContain(retired);
    expect(res.json().data.find((x: { id: string }) => x.id === typeId)).toMatchObject({
      name: 'Influensavaccination',
      nameEn: 'Flu vaccination',
      durationMinutes: 10,
      mode: 'on_site',
      selfBookable: true,
      requiresForm: false,
      minAge: 18,
      maxAge: null,
    });
  });
});

describe('GET /api/time-types/:id/form', () => {
  test('public; the current version of the health declaration a citizen fills in', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/time-types/${DEMO_TIME_TYPES.covid}/form` });
    expect(res.statusCode).toBe(200);
    const { data } = res.json();
    expect(data.version).toBeGreaterThanOrEqual(1);
    expect(data.definition.questions.length).toBeGreaterThan(0);
    const listed = (await t.app.inject({ method: 'GET', url: '/api/time-types' })).json().data;
    expect(listed.find((x: { id: string }) => x.id === DEMO_TIME_TYPES.covid).formVersionId).toBe(data.formVersionId);
  });

  test('404 for a type without a declaration, 400 for a malformed id', async () => {
    expect((await t.app.inject({ method: 'GET', url: `/api/time-types/${typeId}/form` })).statusCode).toBe(404);
    const bad = await t.app.inject({ method: 'GET', url: '/api/time-types/nope/form' });
    expect(bad.statusCode).toBe(400);
    expect(Object.keys(bad.json().error.fields)).toContain('params.id');
  });
});

describe('/api/docs', () => {
  test('documents the booking contract', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    const paths = res.json().paths;
    for (const path of [
      '/api/time-types',
      '/api/slots',
      '/api/bookings',
      '/api/bookings/{id}',
      '/api/bookings/{id}/rebook',
    ]) {
      expect(paths, path).toHaveProperty([path]);
    }
    const post = paths['/api/bookings'].post;
    expect(post.parameters.map((p: { name: string }) => p.name)).toContain('idempotency-key');
  });
});

describe('GET /api/slots', () => {
  test('pages with the cursor return every free time exactly once, earliest first, none of the hidden', async () => {
    const seen: { id: string; start: string; placesLeft: number }[] = [];
    let cursor: string | null = null;
    do {
      const res = await search(`timeTypeId=${typeId}&limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode).toBe(200);
      expect(res.json().data.length).toBeLessThanOrEqual(7);
      seen.push(...res.json().data);
      cursor = res.json().nextCursor;
    } while (cursor);
    const ids = seen.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(free);
    const starts = seen.map((s) => s.start);
    expect([...starts].sort()).toEqual(starts);
    expect(seen.every((s) => s.placesLeft >= 1 && s.placesLeft <= 3)).toBe(true);
    for (const id of hidden) expect(ids).not.toContain(id);
  });

  test('unitId, from/to and near filter; a retired type has no times', async () => {
    const byUnit = await search(`timeTypeId=${typeId}&unitId=${DEMO_UNITS.vaccNorr}&limit=100`);
    expect(byUnit.json().data).toHaveLength(20);
    expect(byUnit.json().data.every((s: { unitName: string }) => s.unitName === 'Vaccinera Norr, Täby')).toBe(true);
    const from = new Date(Date.parse(NOW) + 60 * 60_000).toISOString();
    const to = new Date(Date.parse(NOW) + 90 * 60_000).toISOString();
    const window = await search(`timeTypeId=${typeId}&from=${from}&to=${to}&limit=100`);
    expect(window.json().data).toHaveLength(2);
    // 17 km from Täby, 30 km from the city: only the Täby unit.
    const north = await search(`timeTypeId=${typeId}&near=59.60,18.07&limit=100`);
    expect(new Set(north.json().data.map((s: { unitId: string }) => s.unitId))).toEqual(new Set([DEMO_UNITS.vaccNorr]));
    const city = await search(`timeTypeId=${typeId}&near=${encodeURIComponent('111 21')}&limit=100`);
    expect(city.json().data).toHaveLength(40);
    const far = await search(`timeTypeId=${typeId}&near=57.70,11.97`);
    expect(far.json()).toEqual({ data: [], nextCursor: null });
    const retired = await createTimeType(t, { retired: true });
    await createSlot(t, { timeTypeId: retired, unitId: DEMO_UNITS.vaccCity, inMinutes: 60 });
    expect((await search(`timeTypeId=${retired}`)).json().data).toEqual([]);
  });

  test('400 names the field; 404 for an unknown type', async () => {
    const cases: [string, string][] = [
      ['', 'querystring.timeTypeId'],
      [`timeTypeId=${typeId}&limit=101`, 'querystring.limit'],
      [`timeTypeId=${typeId}&from=yesterday`, 'querystring.from'],
      [`timeTypeId=${typeId}&from=2026-09-01T00:00:00Z&to=2026-12-31T00:00:00Z`, 'to'],
      [`timeTypeId=${typeId}&from=2026-09-02T00:00:00Z&to=2026-09-01T00:00:00Z`, 'to'],
      [`timeTypeId=${typeId}&cursor=bm90LWEtY3Vyc29y`, 'cursor'],
      [`timeTypeId=${typeId}&near=99999`, 'near'],
      [`timeTypeId=${typeId}&near=somewhere`, 'near'],
    ];
    for (const [query, field] of cases) {
      const res = await search(query);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error.fields, query).toHaveProperty([field]);
    }
    expect((await search(`timeTypeId=${randomUUID()}`)).statusCode).toBe(404);
  });

  test('the search is an index scan on slots_free, also for a later page', async () => {
    // Enough rows that the planner prefers the index, as it will on millions.
    await sql`
      insert into slots (id, unit_id, time_type_id, starts_at, ends_at, capacity, booked, visible_from, created_at)
      select gen_random_uuid(), ${DEMO_UNITS.vaccCity}, ${typeId},
             ${NOW}::timestamptz + make_interval(days => 50) + g * interval '10 minutes',
             ${NOW}::timestamptz + make_interval(days => 50) + g * interval '10 minutes' + interval '10 minutes',
             3, 0, ${NOW}::timestamptz, ${NOW}::timestamptz
      from generate_series(1, 20000) g`.execute(t.ctx.db);
    await sql`analyze slots`.execute(t.ctx.db);
    const now = clock.now();
    const compiled = freeSlotsQuery({
      timeTypeId: typeId,
      from: now,
      to: new Date(now.getTime() + 92 * DAY * 60_000),
      now,
      after: { startsAt: new Date(now.getTime() + 60 * DAY * 60_000), id: randomUUID() },
      limit: 21,
    });
    const plan = await t.ctx.db.executeQuery<{ 'QUERY PLAN': string }>({
      ...compiled,
      sql: `explain ${compiled.sql}`,
    });
    const text = plan.rows.map((r) => r['QUERY PLAN']).join('\n');
    expect(text).toMatch(/Index Scan using slots_free on slots/);
    expect(text).not.toMatch(/Seq Scan on slots/);
    expect(text).not.toMatch(/Sort/);
  });
});
