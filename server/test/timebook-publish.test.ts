/** Publishing, withdrawing and the unit calendar: access, DST-safe patterns, all-or-nothing, never silent cancels. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_STAFF, DEMO_UNITS } from '../src/seed/demo-data.js';
import { DEMO_TIME_TYPES } from '../src/seed/demo-timebook.js';
import type { TestApp } from './harness.js';
import { staffSession, type TestSession } from './helpers/sessions.js';
import { auditRows, caller, insertBooking, personId, slotAt, startTimebookApp } from './timebook-fixtures.js';

const CITY = DEMO_UNITS.vaccCity;
const NORR = DEMO_UNITS.vaccNorr;
const FLU = DEMO_TIME_TYPES.influenza;
const COVID = DEMO_TIME_TYPES.covid;

const pattern = (over: object = {}) => ({
  startDate: '2026-09-07',
  endDate: '2026-09-11',
  weekdays: [1, 2, 3, 4, 5],
  dayStart: '08:00',
  dayEnd: '12:00',
  intervalMinutes: 10,
  skipPublicHolidays: true,
  ...over,
});

let t: TestApp;
let call: ReturnType<typeof caller>;
let cityAdmin: TestSession;
let norrAdmin: TestSession;
let regionAdmin: TestSession;
let doctor: TestSession;

beforeAll(async () => {
  ({ t } = await startTimebookApp());
  call = caller(t);
  cityAdmin = await staffSession(t, DEMO_STAFF.vaccinatorCity, { activeUnitId: CITY });
  norrAdmin = await staffSession(t, DEMO_STAFF.vaccinatorNorr, { activeUnitId: NORR });
  regionAdmin = await staffSession(t, DEMO_STAFF.regionAdmin);
  doctor = await staffSession(t, DEMO_STAFF.doctor, { activeUnitId: DEMO_UNITS.vcSolberga });
});
afterAll(async () => {
  await t.close();
});

const slotsOf = (unitId: string, typeId: string, from: string, to: string) =>
  t.ctx.db
    .selectFrom('slots')
    .selectAll()
    .where('unit_id', '=', unitId)
    .where('time_type_id', '=', typeId)
    .where('starts_at', '>=', new Date(from))
    .where('starts_at', '<', new Date(to))
    .orderBy('starts_at')
    .execute();

describe('access', () => {
  const unitEndpoints = (unit: string): [string, string, object?][] => [
    ['POST', `/api/staff/units/${unit}/slots/preview`, { timeTypeId: FLU, pattern: pattern() }],
    ['POST', `/api/staff/units/${unit}/slots/publish`, { timeTypeId: FLU, pattern: pattern() }],
    ['POST', `/api/staff/units/${unit}/slots`, { timeTypeId: FLU, start: '2026-09-01T07:00:00Z' }],
    ['POST', `/api/staff/units/${unit}/slots/withdraw`, { slotIds: ['c1b2c3d4-0003-4000-8000-000000000999'] }],
  ];
  test.each(unitEndpoints(CITY))(
    "%s %s: 401 without login, 404 for another unit's admin",
    async (method, url, body) => {
      expect((await call(method as 'POST', url, undefined, body)).statusCode).toBe(401);
      const other = await call(method as 'POST', url, norrAdmin, body);
      expect(other.statusCode).toBe(404);
    },
  );
  test.each(unitEndpoints(DEMO_UNITS.vcSolberga))(
    '%s %s: 403 for a clinician of the unit',
    async (method, url, body) => {
      const res = await call(method as 'POST', url, doctor, body);
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('booking_admin_only');
    },
  );
  test("calendar: the unit's staff and region admins; 404 for others; 401 without login", async () => {
    const url = `/api/staff/units/${DEMO_UNITS.vcSolberga}/timebook?from=2026-08-03&to=2026-08-07`;
    expect((await call('GET', url)).statusCode).toBe(401);
    expect((await call('GET', url, doctor)).statusCode).toBe(200);
    expect((await call('GET', url, regionAdmin)).statusCode).toBe(200);
    expect((await call('GET', url, cityAdmin)).statusCode).toBe(404);
  });
  test('a type the unit may not publish → 403; unknown type → 404', async () => {
    const url = `/api/staff/units/${CITY}/slots/publish`;
    const res = await call('POST', url, cityAdmin, { timeTypeId: DEMO_TIME_TYPES.doctorVisit, pattern: pattern() });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('time_type_not_allowed');
    const unknown = await call('POST', url, cityAdmin, {
      timeTypeId: 'c1b2c3d4-0003-4000-8000-000000000999',
      pattern: pattern(),
    });
    expect(unknown.statusCode).toBe(404);
  });
});

describe('preview and publish', () => {
  test('preview: count, first 50, per date, existing; pattern problems come back as errors', async () => {
    const url = `/api/staff/units/${CITY}/slots/preview`;
    const res = await call('POST', url, cityAdmin, { timeTypeId: FLU, pattern: pattern() });
    expect(res.statusCode).toBe(200);
    const data = res.json().data;
    expect(data.count).toBe(5 * 24);
    expect(data.existing).toBe(0);
    expect(data.first).toHaveLength(50);
    expect(data.first[0]).toMatchObject({
      localDate: '2026-09-07',
      localTime: '08:00',
      start: '2026-09-07T06:00:00.000Z',
      places: 3,
    });
    expect(data.byDate).toEqual({
      '2026-09-07': 24,
      '2026-09-08': 24,
      '2026-09-09': 24,
      '2026-09-10': 24,
      '2026-09-11': 24,
    });
    const bad = await call('POST', url, cityAdmin, { timeTypeId: FLU, pattern: pattern({ startDate: '2026-07-01' }) });
    expect(bad.statusCode).toBe(200);
    expect(bad.json().data.errors).toHaveProperty('startDate');
  });

  test.each([
    [pattern({ startDate: '2026-07-01' }), 'body.pattern.startDate'],
    [pattern({ dayStart: '8' }), 'body.pattern.dayStart'],
    [pattern({ weekdays: [] }), 'body.pattern.weekdays'],
    [pattern({ places: 0 }), 'body.pattern.places'],
  ])('publish: 400 naming the field (%#)', async (p, field) => {
    const res = await call('POST', `/api/staff/units/${CITY}/slots/publish`, cityAdmin, {
      timeTypeId: FLU,
      pattern: p,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toHaveProperty([field]);
  });

  test('publish creates the batch and every time; again, all are skipped', async () => {
    const url = `/api/staff/units/${CITY}/slots/publish`;
    const body = { timeTypeId: FLU, pattern: pattern({ places: 5 }), visibleFrom: '2026-08-20T06:00:00Z' };
    const res = await call('POST', url, cityAdmin, body);
    expect(res.statusCode).toBe(201);
    const { batchId, created, skipped } = res.json().data;
    expect([created, skipped]).toEqual([120, 0]);
    const rows = await slotsOf(CITY, FLU, '2026-09-07T00:00:00Z', '2026-09-12T00:00:00Z');
    expect(rows).toHaveLength(120);
    expect(rows.every((r) => r.batch_id === batchId && r.capacity === 5 && r.booked === 0)).toBe(true);
    expect(rows[0]?.visible_from.toISOString()).toBe('2026-08-20T06:00:00.000Z');
    const first = rows[0];
    expect(first && first.ends_at.getTime() - first.starts_at.getTime()).toBe(10 * 60_000);
    const again = await call('POST', url, cityAdmin, body);
    expect(again.json().data).toMatchObject({ created: 0, skipped: 120 });
    const preview = await call('POST', `/api/staff/units/${CITY}/slots/preview`, cityAdmin, {
      timeTypeId: FLU,
      pattern: body.pattern,
    });
    expect(preview.json().data.existing).toBe(120);
  });

  test('one time: 201; the same again 409; in the past 400', async () => {
    const url = `/api/staff/units/${CITY}/slots`;
    const res = await call('POST', url, cityAdmin, {
      timeTypeId: COVID,
      start: '2026-09-20T10:05:00+02:00',
      places: 7,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().data).toMatchObject({
      localDate: '2026-09-20',
      localTime: '10:05',
      capacity: 7,
      free: 7,
      end: '2026-09-20T08:15:00.000Z',
    });
    const again = await call('POST', url, cityAdmin, { timeTypeId: COVID, start: '2026-09-20T08:05:00Z' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('slot_exists');
    const past = await call('POST', url, cityAdmin, { timeTypeId: COVID, start: '2026-08-01T08:00:00Z' });
    expect(past.statusCode).toBe(400);
    expect(past.json().error.fields).toHaveProperty(['body.start']);
  });
});

describe('withdraw', () => {
  test('unbooked times go; booked ones are refused without cancelBooked; with it bookings are cancelled, told and audited', async () => {
    const karin = await personId(t, 'karin');
    const sanna = await personId(t, 'skyddad');
    await t.ctx.db
      .updateTable('persons')
      .set({ email: 'karin.ek@example.se', email_verified_at: new Date('2026-01-01T00:00:00Z') })
      .where('id', '=', karin)
      .execute();
    const free = await slotAt(t, CITY, FLU, '2026-08-10T00:00:00Z');
    const booked = await slotAt(t, CITY, FLU, '2026-08-11T00:00:00Z');
    const bk = await insertBooking(t, { slotId: booked.id, personId: karin });
    const bs = await insertBooking(t, { slotId: booked.id, personId: sanna });
    const url = `/api/staff/units/${CITY}/slots/withdraw`;

    const refused = await call('POST', url, cityAdmin, { slotIds: [free.id, booked.id] });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('slot_has_bookings');
    expect(refused.json().error.message).toContain(booked.id);
    const noReason = await call('POST', url, cityAdmin, { slotIds: [booked.id], cancelBooked: true });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.fields).toHaveProperty(['body.reason']);
    const untouched = await t.ctx.db
      .selectFrom('slots')
      .select('withdrawn_at')
      .where('id', '=', free.id)
      .executeTakeFirstOrThrow();
    expect(untouched.withdrawn_at).toBeNull();

    const jobsBefore = await t.ctx.db.selectFrom('jobs').select('id').where('kind', '=', 'mail.send').execute();
    const res = await call('POST', url, cityAdmin, {
      slotIds: [free.id, booked.id],
      cancelBooked: true,
      reason: 'Vaccinatören är sjuk',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().data).toEqual({ withdrawn: 2, cancelledBookings: 2, notified: 1 });

    const bookings = await t.ctx.db.selectFrom('bookings').selectAll().where('id', 'in', [bk, bs]).execute();
    for (const b of bookings) {
      expect(b).toMatchObject({ status: 'cancelled', active_key: null, cancel_reason: 'Vaccinatören är sjuk' });
    }
    const slots = await t.ctx.db.selectFrom('slots').selectAll().where('id', 'in', [free.id, booked.id]).execute();
    expect(slots.every((s) => s.withdrawn_at !== null && s.booked === 0)).toBe(true);

    const jobs = await t.ctx.db.selectFrom('jobs').selectAll().where('kind', '=', 'mail.send').execute();
    const mail = jobs.filter((j) => !jobsBefore.some((b) => b.id === j.id));
    expect(mail).toHaveLength(1); // Sanna has no verified e-mail: she sees it in the app
    const payload = mail[0]?.payload as { to: string; subject: string; text: string };
    expect(payload.to).toBe('karin.ek@example.se');
    expect(payload.text).toContain('Vaccinatören är sjuk');
    expect(payload.text).toContain('boka en ny tid');

    for (const [person, booking] of [
      [karin, bk],
      [sanna, bs],
    ] as const) {
      const audit = await auditRows(t, person, DEMO_STAFF.vaccinatorCity);
      expect(audit).toContainEqual(
        expect.objectContaining({ action: 'cancel', record_type: 'booking', record_id: booking, unit_id: CITY }),
      );
    }
    const log = await t.ctx.db.selectFrom('change_log').selectAll().where('action', '=', 'slots.withdrawn').execute();
    expect(log).toHaveLength(1);
  });

  test("another unit's slot → 404; 400 for bad ids", async () => {
    const norrSlot = await slotAt(t, NORR, FLU, '2026-08-12T00:00:00Z');
    const res = await call('POST', `/api/staff/units/${CITY}/slots/withdraw`, cityAdmin, { slotIds: [norrSlot.id] });
    expect(res.statusCode).toBe(404);
    const bad = await call('POST', `/api/staff/units/${CITY}/slots/withdraw`, cityAdmin, { slotIds: ['x'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toHaveProperty(['body.slotIds.0']);
  });
});

describe('publishable time types', () => {
  test("a unit's staff see the types the unit may publish; another unit's staff get 404", async () => {
    const res = await call('GET', `/api/staff/units/${CITY}/time-types`, cityAdmin);
    expect(res.statusCode).toBe(200);
    const ids = res.json().data.map((x: { id: string }) => x.id);
    expect(ids).toContain(COVID);
    expect(ids).toContain(FLU);
    expect(ids).not.toContain(DEMO_TIME_TYPES.doctorVisit);
    expect((await call('GET', `/api/staff/units/${CITY}/time-types`, norrAdmin)).statusCode).toBe(404);
    expect((await call('GET', `/api/staff/units/${CITY}/time-types`)).statusCode).toBe(401);
  });
});

describe('calendar', () => {
  test('per day: capacity, booked, free; withdrawn times shown as such', async () => {
    const erik = await personId(t, 'erik');
    const slot = await slotAt(t, CITY, COVID, '2026-08-13T00:00:00Z');
    await insertBooking(t, { slotId: slot.id, personId: erik });
    const res = await call(
      'GET',
      `/api/staff/units/${CITY}/timebook?from=2026-08-10&to=2026-08-14&timeTypeId=${COVID}`,
      cityAdmin,
    );
    expect(res.statusCode).toBe(200);
    const days = res.json().data.days;
    expect(days.map((d: { date: string }) => d.date)).toEqual([
      '2026-08-10',
      '2026-08-11',
      '2026-08-12',
      '2026-08-13',
      '2026-08-14',
    ]);
    const thu = days[3];
    expect(thu.slots).toHaveLength(48);
    expect(thu.capacity).toBe(48 * 3);
    expect(thu.booked).toBe(1);
    expect(thu.free).toBe(48 * 3 - 1);
    expect(thu.slots[0]).toMatchObject({ localTime: '08:00', booked: 1, free: 2, withdrawn: false });
    expect(JSON.stringify(res.json())).not.toContain('personalNumber');
    const flu = await call(
      'GET',
      `/api/staff/units/${CITY}/timebook?from=2026-08-11&to=2026-08-11&timeTypeId=${FLU}`,
      cityAdmin,
    );
    const withdrawn = flu.json().data.days[0].slots.filter((s: { withdrawn: boolean }) => s.withdrawn);
    expect(withdrawn).toHaveLength(1);
    expect(withdrawn[0].free).toBe(0);
  });

  test('400 for a reversed or too long range, naming the field', async () => {
    const reversed = await call('GET', `/api/staff/units/${CITY}/timebook?from=2026-08-10&to=2026-08-01`, cityAdmin);
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().error.fields).toHaveProperty(['querystring.to']);
    const long = await call('GET', `/api/staff/units/${CITY}/timebook?from=2026-08-01&to=2026-12-01`, cityAdmin);
    expect(long.json().error.fields).toHaveProperty(['querystring.to']);
    const bad = await call('GET', `/api/staff/units/${CITY}/timebook?from=tomorrow&to=2026-08-01`, cityAdmin);
    expect(bad.json().error.fields).toHaveProperty(['querystring.from']);
  });
});
