import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { seedDemo } from '../src/seed/demo.js';
import { DEMO_STAFF, DEMO_UNITS, demoPerson } from '../src/seed/demo-data.js';
import { startTestApp, type TestApp } from './harness.js';
import { citizenSession, staffSession, type TestSession } from './helpers/sessions.js';

const NEW_UNIT = {
  hsaId: 'SE2321000016-NY01',
  name: 'Hägerstens vårdcentral',
  kind: 'vardcentral',
  providerType: 'public',
  street: 'Hägerstensvägen 1',
  postalCode: '12652',
  city: 'Hägersten',
  municipality: 'Stockholm',
  latitude: 59.298,
  longitude: 17.979,
  openingHours: [{ day: 1, opens: '08:00', closes: '17:00' }],
  services: ['Läkarbesök'],
};
const PERSON = { hsaId: 'SE2321000016-X1', givenName: 'Ny', familyName: 'Person', email: 'ny@demo.ingang.se' };
const S = DEMO_UNITS.vcSolberga;
const N = DEMO_UNITS.vcNorrtull;

describe('admin: units', () => {
  let t: TestApp;
  let regionAdmin: TestSession;
  let unitAdmin: TestSession;
  let nurse: TestSession;
  let citizen: TestSession;

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemo(t.ctx.db, t.ctx.clock);
    const anna = await t.ctx.db
      .selectFrom('persons')
      .select('id')
      .where('personal_number', '=', demoPerson('anna').personalNumber)
      .executeTakeFirstOrThrow();
    regionAdmin = await staffSession(t, DEMO_STAFF.regionAdmin);
    unitAdmin = await staffSession(t, DEMO_STAFF.unitAdminSolberga);
    nurse = await staffSession(t, DEMO_STAFF.nurseSolberga);
    citizen = await citizenSession(t, anna.id);
  });
  afterAll(async () => {
    await t.close();
  });

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, s?: TestSession, payload?: object) =>
    t.app.inject({ method, url, headers: s?.headers, ...(payload ? { payload } : {}) });
  const countRows = async (table: 'units' | 'change_log') =>
    Number(
      (
        await t.ctx.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const unitRow = (id: string) =>
    t.ctx.db.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  const adminEndpoints: [string, 'GET' | 'POST' | 'PATCH' | 'PUT', string, object | undefined][] = [
    ['list units', 'GET', '/api/admin/units', undefined],
    ['create unit', 'POST', '/api/admin/units', NEW_UNIT],
    ['edit unit', 'PATCH', `/api/admin/units/${S}`, { phone: '08-1' }],
    ['unit staff', 'GET', `/api/admin/units/${S}/staff`, undefined],
    ['add staff', 'POST', `/api/admin/units/${S}/staff`, { ...PERSON, roles: ['clinician'] }],
    ['set roles', 'PUT', `/api/admin/units/${S}/staff/${DEMO_STAFF.doctor}/roles`, { roles: [] }],
    ['changes', 'GET', `/api/admin/units/${S}/changes`, undefined],
    ['search staff', 'GET', '/api/admin/staff?q=dahl', undefined],
  ];

  test.each(adminEndpoints)('%s: 401 without login, 403 for a citizen', async (_name, method, url, payload) => {
    expect((await call(method, url, undefined, payload)).statusCode).toBe(401);
    const res = await call(method, url, citizen, payload);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('staff_only');
  });

  test('state-changing admin requests need the CSRF header', async () => {
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/admin/units/${S}`,
      headers: { cookie: regionAdmin.headers.cookie },
      payload: { phone: '08-1' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('csrf_invalid');
  });

  test('a region admin creates a unit; the change log says who, when and what', async () => {
    const before = await countRows('units');
    const res = await call('POST', '/api/admin/units', regionAdmin, NEW_UNIT);
    expect(res.statusCode).toBe(201);
    const unit = res.json().data;
    expect(unit).toMatchObject({ name: NEW_UNIT.name, postalCode: '126 52', active: true, phone: null });
    expect(await countRows('units')).toBe(before + 1);
    expect((await call('GET', `/api/units/${unit.id}`)).statusCode).toBe(200);

    const log = await call('GET', `/api/admin/units/${unit.id}/changes`, regionAdmin);
    expect(log.statusCode).toBe(200);
    const [entry] = log.json().data;
    expect(entry).toMatchObject({
      actor: { staffId: DEMO_STAFF.regionAdmin, name: 'Rebecka Regnell' },
      entityType: 'unit',
      entityId: unit.id,
      entityName: NEW_UNIT.name,
      action: 'unit.created',
    });
    expect(entry.changes.hsaId).toEqual({ from: null, to: NEW_UNIT.hsaId });
    expect(entry.changes.openingHours.to).toEqual(NEW_UNIT.openingHours);
    expect(Math.abs(Date.parse(entry.at) - Date.now())).toBeLessThan(60_000);
  });

  test('bad input is refused with the fields named', async () => {
    const res = await call('POST', '/api/admin/units', regionAdmin, {
      ...NEW_UNIT,
      hsaId: 'ABC',
      postalCode: 'x',
      latitude: 10,
    });
    expect(res.statusCode).toBe(400);
    expect(Object.keys(res.json().error.fields)).toEqual(
      expect.arrayContaining(['body.hsaId', 'body.postalCode', 'body.latitude']),
    );
    const patch = await call('PATCH', `/api/admin/units/${S}`, regionAdmin, { openingHours: [{ day: 9 }] });
    expect(patch.statusCode).toBe(400);
    expect(Object.keys(patch.json().error.fields)[0]).toMatch(/^body\.openingHours/);
    const badId = await call('PATCH', '/api/admin/units/nope', regionAdmin, { phone: '1' });
    expect(badId.statusCode).toBe(400);
    expect(Object.keys(badId.json().error.fields)).toContain('params.unitId');
  });

  test('a duplicate HSA-id is 409 and writes nothing', async () => {
    const [units, changes] = [await countRows('units'), await countRows('change_log')];
    const res = await call('POST', '/api/admin/units', regionAdmin, { ...NEW_UNIT, name: 'Kopia' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('hsa_id_taken');
    expect([await countRows('units'), await countRows('change_log')]).toEqual([units, changes]);
  });

  test('the same HSA-id created twice at once gives exactly one unit', async () => {
    const body = { ...NEW_UNIT, hsaId: 'SE2321000016-SAMT' };
    const results = await Promise.all([
      call('POST', '/api/admin/units', regionAdmin, body),
      call('POST', '/api/admin/units', regionAdmin, body),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const rows = await t.ctx.db.selectFrom('units').select('id').where('hsa_id', '=', body.hsaId).execute();
    expect(rows).toHaveLength(1);
    const logs = await t.ctx.db
      .selectFrom('change_log')
      .select('id')
      .where('unit_id', '=', rows[0]?.id ?? '')
      .execute();
    expect(logs).toHaveLength(1);
  });

  test('only region admins create units', async () => {
    const res = await call('POST', '/api/admin/units', unitAdmin, { ...NEW_UNIT, hsaId: 'SE2321000016-UA01' });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('region_admin_only');
  });

  test('a unit admin edits allowed fields; only the changed fields are logged', async () => {
    const current = await unitRow(S);
    const res = await call('PATCH', `/api/admin/units/${S}`, unitAdmin, {
      phone: '08-999 00 00',
      description: current.description,
      name: current.name,
      hsaId: current.hsa_id, // region-only, but unchanged: a full form posts it back
      openingHours: current.opening_hours,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().data.phone).toBe('08-999 00 00');
    const [entry] = (await call('GET', `/api/admin/units/${S}/changes`, unitAdmin)).json().data;
    expect(entry).toMatchObject({ action: 'unit.updated', actor: { name: 'Ulla Unger' } });
    expect(entry.changes).toEqual({ phone: { from: current.phone, to: '08-999 00 00' } });
  });

  test('a PATCH that changes nothing writes no change-log row', async () => {
    const changes = await countRows('change_log');
    const before = await unitRow(S);
    const res = await call('PATCH', `/api/admin/units/${S}`, unitAdmin, { phone: '08-999 00 00', postalCode: '12543' });
    expect(res.statusCode).toBe(200);
    expect(await countRows('change_log')).toBe(changes);
    expect((await unitRow(S)).updated_at).toEqual(before.updated_at);
  });

  test.each([
    ['hsaId', 'SE2321000016-ZZ99'],
    ['kind', 'bvc'],
    ['providerType', 'private'],
    ['active', false],
  ])('a unit admin may not change %s: 403 and nothing written', async (field, value) => {
    const changes = await countRows('change_log');
    const before = await unitRow(S);
    const res = await call('PATCH', `/api/admin/units/${S}`, unitAdmin, { phone: '08-1', [field]: value });
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toMatchObject({ code: 'region_admin_only', fields: { [field]: expect.any(String) } });
    expect(await unitRow(S)).toEqual(before);
    expect(await countRows('change_log')).toBe(changes);
  });

  test('an emptied phone field is stored as no phone', async () => {
    const res = await call('PATCH', `/api/admin/units/${S}`, unitAdmin, { phone: ' ' });
    expect(res.statusCode).toBe(200);
    expect(res.json().data.phone).toBeNull();
    const [entry] = (await call('GET', `/api/admin/units/${S}/changes`, unitAdmin)).json().data;
    expect(entry.changes).toEqual({ phone: { from: '08-999 00 00', to: null } });
  });

  test('a unit admin or clinician of unit A cannot touch unit B: 404', async () => {
    for (const s of [unitAdmin, nurse]) {
      expect((await call('PATCH', `/api/admin/units/${N}`, s, { phone: '1' })).statusCode).toBe(404);
      expect((await call('GET', `/api/admin/units/${N}/changes`, s)).statusCode).toBe(404);
    }
    expect((await unitRow(N)).phone).toBe('08-123 460 00');
  });

  test('a clinician may not edit their own unit: 403', async () => {
    const res = await call('PATCH', `/api/admin/units/${S}`, nurse, { phone: '1' });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('unit_admin_only');
  });

  test('the admin unit list: all units for region admins, own units for unit admins', async () => {
    const all = (await call('GET', '/api/admin/units', regionAdmin)).json().data;
    expect(all.length).toBeGreaterThanOrEqual(9);
    const own = (await call('GET', '/api/admin/units', unitAdmin)).json().data;
    expect(own.map((u: { id: string }) => u.id)).toEqual([S]);
    expect((await call('GET', '/api/admin/units', nurse)).json().data).toEqual([]);
  });

  test('a region admin changes region-only fields, deactivates, and gets 409 on a taken HSA-id', async () => {
    const taken = await call('PATCH', `/api/admin/units/${N}`, regionAdmin, { hsaId: 'SE2321000016-DV01' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.code).toBe('hsa_id_taken');
    const res = await call('PATCH', `/api/admin/units/${DEMO_UNITS.dermatology}`, regionAdmin, {
      active: false,
      kind: 'other',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().data).toMatchObject({ active: false, kind: 'other' });
    expect((await call('GET', `/api/units/${DEMO_UNITS.dermatology}`)).statusCode).toBe(404);
    const [entry] = (await call('GET', `/api/admin/units/${DEMO_UNITS.dermatology}/changes`, regionAdmin)).json().data;
    expect(entry.changes).toEqual({
      active: { from: true, to: false },
      kind: { from: 'hospital_clinic', to: 'other' },
    });
    const all = (await call('GET', '/api/admin/units', regionAdmin)).json().data;
    expect(all.find((u: { id: string }) => u.id === DEMO_UNITS.dermatology)?.active).toBe(false);
    expect(
      (await call('PATCH', '/api/admin/units/00000000-0000-4000-8000-000000000000', regionAdmin, {})).statusCode,
    ).toBe(404);
  });
});
