/** The vaccinator's day list: only the unit's staff, answers only there, every row audited; visit transitions. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { BookingStatus } from '../src/platform/db/schema.js';
import { DEMO_STAFF, DEMO_UNITS } from '../src/seed/demo-data.js';
import { DEMO_TIME_TYPES } from '../src/seed/demo-timebook.js';
import type { TestApp } from './harness.js';
import { staffSession, type TestSession } from './helpers/sessions.js';
import { auditRows, caller, insertBooking, personId, slotAt, startTimebookApp } from './timebook-fixtures.js';

const CITY = DEMO_UNITS.vaccCity;
const NORR = DEMO_UNITS.vaccNorr;
const DATE = '2026-08-04';
const FORM_VERSION = 'c1b2c3d4-0003-4000-8000-000000000102';
const ANSWERS = {
  fever: false,
  allergy: true,
  allergy_details: 'Penicillin, nässelutslag',
  blood_thinners: false,
  pregnant: 'no',
};

let t: TestApp;
let call: ReturnType<typeof caller>;
let city: TestSession;
let cityNoUnit: TestSession;
let norr: TestSession;
let regionAdmin: TestSession;
let solbergaNurse: TestSession;
const people: Record<string, string> = {};
const bookings: Record<string, string> = {};

beforeAll(async () => {
  ({ t } = await startTimebookApp());
  call = caller(t);
  city = await staffSession(t, DEMO_STAFF.vaccinatorCity, { activeUnitId: CITY });
  cityNoUnit = await staffSession(t, DEMO_STAFF.vaccinatorCity);
  norr = await staffSession(t, DEMO_STAFF.vaccinatorNorr, { activeUnitId: NORR });
  regionAdmin = await staffSession(t, DEMO_STAFF.regionAdmin);
  solbergaNurse = await staffSession(t, DEMO_STAFF.nurseSolberga, { activeUnitId: DEMO_UNITS.vcSolberga });
  for (const key of ['karin', 'skyddad', 'erik', 'johan', 'sara']) people[key] = await personId(t, key);
  const covid = await slotAt(t, CITY, DEMO_TIME_TYPES.covid, `${DATE}T07:00:00Z`);
  const flu = await slotAt(t, CITY, DEMO_TIME_TYPES.influenza, `${DATE}T06:00:00Z`);
  const norrSlot = await slotAt(t, NORR, DEMO_TIME_TYPES.influenza, `${DATE}T08:00:00Z`);
  bookings.karin = await insertBooking(t, {
    slotId: covid.id,
    personId: people.karin as string,
    formVersionId: FORM_VERSION,
    answers: ANSWERS,
  });
  bookings.sanna = await insertBooking(t, { slotId: flu.id, personId: people.skyddad as string });
  bookings.erikNorr = await insertBooking(t, { slotId: norrSlot.id, personId: people.erik as string });
});
afterAll(async () => {
  await t.close();
});

describe('day list', () => {
  const url = `/api/staff/units/${CITY}/day-list?date=${DATE}`;

  test("401 without login; 404 for other units' staff and region admins; 403 when another unit is active; 400 naming the date", async () => {
    expect((await call('GET', url)).statusCode).toBe(401);
    expect((await call('GET', url, norr)).statusCode).toBe(404);
    expect((await call('GET', url, regionAdmin)).statusCode).toBe(404);
    expect((await call('GET', url, solbergaNurse)).statusCode).toBe(404);
    const inactive = await call('GET', url, cityNoUnit);
    expect(inactive.statusCode).toBe(403);
    expect(inactive.json().error.code).toBe('wrong_active_unit');
    const bad = await call('GET', `/api/staff/units/${CITY}/day-list?date=4/8`, city);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toHaveProperty(['querystring.date']);
  });

  test("the unit's bookings of the day with answers and questions; no contact details; one audit row per patient row", async () => {
    const res = await call('GET', url, city);
    expect(res.statusCode).toBe(200);
    const { entries } = res.json().data;
    expect(entries.map((e: { bookingId: string }) => e.bookingId)).toEqual([bookings.sanna, bookings.karin]);
    const [sanna, karin] = entries;
    expect(sanna).toMatchObject({ localTime: '08:00', status: 'booked', declaration: null });
    expect(sanna.patient).toEqual({
      personId: people.skyddad,
      name: 'Sanna Skog',
      personalNumber: expect.stringMatching(/^\d{12}$/),
      protectedIdentity: true,
    });
    expect(karin).toMatchObject({ localTime: '09:00', timeType: { nameSv: 'Covid-19 vaccination' } });
    expect(karin.declaration).toMatchObject({
      version: 1,
      formName: 'Hälsodeklaration inför vaccination',
      lockedAt: null,
    });
    expect(
      karin.declaration.answers.map((a: { questionId: string; answer: unknown }) => [a.questionId, a.answer]),
    ).toEqual([
      ['fever', false],
      ['allergy', true],
      ['allergy_details', 'Penicillin, nässelutslag'],
      ['blood_thinners', false],
      ['pregnant', 'no'],
      ['last_dose', null],
    ]);
    expect(karin.declaration.answers[0].question.label.sv).toBe('Har du feber i dag?');
    expect(JSON.stringify(res.json())).not.toMatch(/street|email|phone|address/i);

    for (const [key, booking] of [
      ['karin', bookings.karin],
      ['skyddad', bookings.sanna],
    ] as const) {
      const rows = await auditRows(t, people[key] as string, DEMO_STAFF.vaccinatorCity);
      expect(rows).toContainEqual(
        expect.objectContaining({ action: 'read', record_type: 'booking_day_list', record_id: booking, unit_id: CITY }),
      );
    }
    expect(await auditRows(t, people.erik as string, DEMO_STAFF.vaccinatorCity)).toHaveLength(0);
  });

  test('the other unit sees only its own bookings', async () => {
    const res = await call('GET', `/api/staff/units/${NORR}/day-list?date=${DATE}`, norr);
    expect(res.json().data.entries.map((e: { bookingId: string }) => e.bookingId)).toEqual([bookings.erikNorr]);
  });
});

describe('declaration (printable)', () => {
  test('the unit sees the answers; nobody else does', async () => {
    const url = `/api/staff/bookings/${bookings.karin}/declaration`;
    const res = await call('GET', url, city);
    expect(res.statusCode).toBe(200);
    expect(res.json().data).toMatchObject({ bookingId: bookings.karin, patientName: 'Karin Ek' });
    expect(res.json().data.declaration.answers).toHaveLength(6);
    const audit = await auditRows(t, people.karin as string, DEMO_STAFF.vaccinatorCity);
    expect(audit.at(-1)).toMatchObject({
      action: 'read',
      record_type: 'health_declaration',
      record_id: bookings.karin,
    });
    expect((await call('GET', url)).statusCode).toBe(401);
    // Karin is listed at Solberga: a care relationship there, but the answers belong to the vaccinating unit.
    expect((await call('GET', url, solbergaNurse)).statusCode).toBe(404);
    expect((await call('GET', url, norr)).statusCode).toBe(404);
    expect((await call('GET', url, regionAdmin)).statusCode).toBe(404);
    expect((await call('GET', `/api/staff/bookings/${bookings.sanna}/declaration`, city)).statusCode).toBe(404);
    const bad = await call('GET', '/api/staff/bookings/x/declaration', city);
    expect(bad.json().error.fields).toHaveProperty(['params.bookingId']);
  });
});

describe('visit transitions', () => {
  let n = 0;
  /** A booking of Johan's in the given status, on its own slot. */
  async function bookingIn(status: BookingStatus, typeId: string = DEMO_TIME_TYPES.influenza) {
    n += 1;
    // Earlier cases may have left Johan an active booking of the type; each case stands alone.
    await t.ctx.db
      .updateTable('bookings')
      .set({ active_key: null })
      .where('person_id', '=', people.johan as string)
      .execute();
    const slots = await t.ctx.db
      .selectFrom('slots')
      .select('id')
      .where('unit_id', '=', CITY)
      .where('time_type_id', '=', typeId)
      .where('starts_at', '>=', new Date('2026-08-05T06:00:00Z'))
      .orderBy('starts_at')
      .offset(n)
      .limit(1)
      .execute();
    const id = await insertBooking(t, { slotId: slots[0]?.id as string, personId: people.johan as string });
    await t.ctx.db.updateTable('bookings').set({ status, active_key: null }).where('id', '=', id).execute();
    return id;
  }

  test.each([
    ['booked', 'arrive', 'arrived'],
    ['arrived', 'undo-arrival', 'booked'],
    ['arrived', 'given', 'completed'],
    ['booked', 'no-show', 'no_show'],
  ] as const)('allowed: %s --%s--> %s (audited)', async (from, action, to) => {
    const id = await bookingIn(from);
    const res = await call('POST', `/api/staff/bookings/${id}/${action}`, city);
    expect(res.statusCode).toBe(200);
    expect(res.json().data.status).toBe(to);
    const row = await t.ctx.db.selectFrom('bookings').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.status).toBe(to);
    expect(row.active_key).toBe(to === 'booked' || to === 'arrived' ? DEMO_TIME_TYPES.influenza : null);
    if (action === 'arrive') expect(row.arrived_at?.toISOString()).toBe(t.ctx.clock.now().toISOString());
    if (action === 'undo-arrival') expect(row.arrived_at).toBeNull();
    const audit = await auditRows(t, people.johan as string, DEMO_STAFF.vaccinatorCity);
    expect(audit.at(-1)).toMatchObject({ action: 'update', record_type: 'booking', record_id: id, unit_id: CITY });
  });

  test.each([
    ['booked', 'given'],
    ['booked', 'undo-arrival'],
    ['arrived', 'no-show'],
    ['arrived', 'arrive'],
    ['completed', 'arrive'],
    ['completed', 'no-show'],
    ['no_show', 'given'],
    ['cancelled', 'arrive'],
  ] as const)('refused: %s --%s--> 409 with the reason', async (from, action) => {
    const id = await bookingIn(from);
    const res = await call('POST', `/api/staff/bookings/${id}/${action}`, city);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('invalid_transition');
    expect(res.json().error.message).toMatch(/Bokningen är/);
    const row = await t.ctx.db.selectFrom('bookings').select('status').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.status).toBe(from);
  });

  test('"given" records the dose in the type\'s dose group and locks the answers', async () => {
    const id = bookings.karin as string;
    expect((await call('POST', `/api/staff/bookings/${id}/arrive`, city)).statusCode).toBe(200);
    const res = await call('POST', `/api/staff/bookings/${id}/given`, city);
    expect(res.statusCode).toBe(200);
    const now = t.ctx.clock.now().toISOString();
    expect(res.json().data).toMatchObject({ status: 'completed', completedAt: now });
    expect(res.json().data.declaration.lockedAt).toBe(now);
    const doses = await t.ctx.db.selectFrom('dose_records').selectAll().where('booking_id', '=', id).execute();
    expect(doses).toEqual([
      expect.objectContaining({
        person_id: people.karin,
        dose_group: 'covid19',
        unit_id: CITY,
        recorded_by_staff_id: DEMO_STAFF.vaccinatorCity,
      }),
    ]);
    expect(doses[0]?.given_at.toISOString()).toBe(now);
  });

  test("the booking is the care relationship: a patient listed elsewhere is reachable at the booking's unit", async () => {
    const slot = await slotAt(t, CITY, DEMO_TIME_TYPES.covid, '2026-08-06T06:00:00Z');
    const id = await insertBooking(t, { slotId: slot.id, personId: people.sara as string });
    const res = await call('POST', `/api/staff/bookings/${id}/arrive`, city);
    expect(res.statusCode).toBe(200);
    const refusals = await t.ctx.db.selectFrom('access_refusals').selectAll().execute();
    expect(refusals).toHaveLength(0);
  });

  test("401 without login; 404 for another unit's staff; 400 naming the id", async () => {
    const id = await bookingIn('booked');
    expect((await call('POST', `/api/staff/bookings/${id}/arrive`)).statusCode).toBe(401);
    expect((await call('POST', `/api/staff/bookings/${id}/arrive`, norr)).statusCode).toBe(404);
    expect((await call('POST', `/api/staff/bookings/${id}/given`, solbergaNurse)).statusCode).toBe(404);
    expect((await call('POST', `/api/staff/bookings/${id}/no-show`, cityNoUnit)).statusCode).toBe(403);
    const bad = await call('POST', '/api/staff/bookings/42/arrive', city);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toHaveProperty(['params.bookingId']);
    const row = await t.ctx.db.selectFrom('bookings').select('status').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.status).toBe('booked');
  });
});
