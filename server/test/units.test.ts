import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { seedDemo } from '../src/seed/demo.js';
import { DEMO_STAFF, DEMO_UNITS, demoPerson } from '../src/seed/demo-data.js';
import { startTestApp, type TestApp } from './harness.js';
import { citizenSession, staffSession, type TestSession } from './helpers/sessions.js';

describe('units: public directory and staff unit page', () => {
  let t: TestApp;
  let nurse: TestSession;
  let unitAdmin: TestSession;
  let regionAdmin: TestSession;
  let citizen: TestSession;

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemo(t.ctx.db, t.ctx.clock);
    const anna = await t.ctx.db
      .selectFrom('persons')
      .select('id')
      .where('personal_number', '=', demoPerson('anna').personalNumber)
      .executeTakeFirstOrThrow();
    nurse = await staffSession(t, DEMO_STAFF.nurseSolberga);
    unitAdmin = await staffSession(t, DEMO_STAFF.unitAdminSolberga);
    regionAdmin = await staffSession(t, DEMO_STAFF.regionAdmin);
    citizen = await citizenSession(t, anna.id);
  });
  afterAll(async () => {
    await t.close();
  });

  const get = (url: string, s?: TestSession) => t.app.inject({ method: 'GET', url, headers: s?.headers });

  test('the directory lists active units sorted by name, without login', async () => {
    const res = await get('/api/units');
    expect(res.statusCode).toBe(200);
    const names = res.json().data.map((u: { name: string }) => u.name);
    expect(names).toHaveLength(14); // the 7 demo units and the birth-clinic demo's 7 (demo-birth-clinic.ts)
    expect(names).toEqual([...names].sort((a: string, b: string) => a.localeCompare(b, 'en')));
    expect(res.json().data[0]).toEqual(
      expect.objectContaining({ id: expect.any(String), hsaId: expect.any(String), kind: expect.any(String) }),
    );
  });

  test.each([
    ['kind=vaccinator', ['Vaccinationsbolaget City', 'Vaccinera Norr, Täby']],
    ['municipality=t%C3%A4by', ['Vaccinera Norr, Täby']],
    ['q=solberga', ['Solberga barnavårdscentral (BVC)', 'Solberga vårdcentral']],
    ['kind=vardcentral&q=norr', ['Norrtull vårdcentral']],
    ['q=50%25', []],
  ])('filters the directory by %s', async (query, expected) => {
    const res = await get(`/api/units?${query}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().data.map((u: { name: string }) => u.name)).toEqual(expected);
  });

  test('a bad filter is refused with the field named', async () => {
    const res = await get('/api/units?kind=castle');
    expect(res.statusCode).toBe(400);
    expect(Object.keys(res.json().error.fields)).toContain('querystring.kind');
  });

  test('one unit, without login; unknown is 404, a malformed id 400', async () => {
    const res = await get(`/api/units/${DEMO_UNITS.vcSolberga}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().data).toMatchObject({
      name: 'Solberga vårdcentral',
      postalCode: '125 43',
      openingHours: expect.arrayContaining([{ day: 1, opens: '08:00', closes: '17:00' }]),
      active: true,
    });
    expect((await get('/api/units/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    const bad = await get('/api/units/not-a-uuid');
    expect(bad.statusCode).toBe(400);
    expect(Object.keys(bad.json().error.fields)).toContain('params.unitId');
  });

  test('the staff unit page needs a login and is for staff only', async () => {
    expect((await get(`/api/staff/units/${DEMO_UNITS.vcSolberga}`)).statusCode).toBe(401);
    const asCitizen = await get(`/api/staff/units/${DEMO_UNITS.vcSolberga}`, citizen);
    expect(asCitizen.statusCode).toBe(403);
    expect(asCitizen.json().error.code).toBe('staff_only');
    const bad = await get('/api/staff/units/xyz', nurse);
    expect(bad.statusCode).toBe(400);
    expect(Object.keys(bad.json().error.fields)).toContain('params.unitId');
  });

  test('staff who work in the unit see its details, colleagues and roles', async () => {
    const res = await get(`/api/staff/units/${DEMO_UNITS.vcSolberga}`, nurse);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.data.unit.name).toBe('Solberga vårdcentral');
    expect(body.data.colleagues).toContainEqual(
      expect.objectContaining({ staffId: DEMO_STAFF.unitAdminSolberga, roles: ['clinician', 'unit_admin'] }),
    );
    expect(body.data.colleagues.map((c: { staffId: string }) => c.staffId)).not.toContain(DEMO_STAFF.nurseNorrtull);
    expect(body.abilities).toEqual({ view: true, edit: false, manageStaff: false, appointUnitAdmin: false });
    const admin = await get(`/api/staff/units/${DEMO_UNITS.vcSolberga}`, unitAdmin);
    expect(admin.json().abilities).toEqual({ view: true, edit: true, manageStaff: true, appointUnitAdmin: true });
  });

  test('a member of unit A cannot read unit B: 404, as for an unknown unit', async () => {
    const res = await get(`/api/staff/units/${DEMO_UNITS.vcNorrtull}`, nurse);
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('not_found');
    expect((await get('/api/staff/units/00000000-0000-4000-8000-000000000000', nurse)).statusCode).toBe(404);
  });

  test('a region admin sees every unit page', async () => {
    const res = await get(`/api/staff/units/${DEMO_UNITS.vaccNorr}`, regionAdmin);
    expect(res.statusCode).toBe(200);
    expect(res.json().abilities).toEqual({ view: true, edit: true, manageStaff: true, appointUnitAdmin: true });
  });

  test('an inactive unit leaves the public directory', async () => {
    await t.ctx.db.updateTable('units').set({ active: false }).where('id', '=', DEMO_UNITS.vaccNorr).execute();
    expect((await get(`/api/units/${DEMO_UNITS.vaccNorr}`)).statusCode).toBe(404);
    const list = (await get('/api/units?kind=vaccinator')).json().data;
    expect(list.map((u: { id: string }) => u.id)).toEqual([DEMO_UNITS.vaccCity]);
    // Its own staff lose it with it (loadActor reads only active units); region admins keep it.
    const vaccinator = await staffSession(t, DEMO_STAFF.vaccinatorNorr);
    expect((await get(`/api/staff/units/${DEMO_UNITS.vaccNorr}`, vaccinator)).statusCode).toBe(404);
    expect((await get(`/api/staff/units/${DEMO_UNITS.vaccNorr}`, regionAdmin)).json().data.unit.active).toBe(false);
  });
});
