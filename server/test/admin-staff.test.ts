import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadActor } from '../src/platform/auth.js';
import { seedDemo } from '../src/seed/demo.js';
import { DEMO_STAFF, DEMO_UNITS } from '../src/seed/demo-data.js';
import { startTestApp, type TestApp } from './harness.js';
import { staffSession, type TestSession } from './helpers/sessions.js';

const S = DEMO_UNITS.vcSolberga;
const N = DEMO_UNITS.vcNorrtull;
const NEW_PERSON = {
  hsaId: 'SE2321000016-N100',
  givenName: 'Petra',
  familyName: 'Persson',
  email: 'petra.persson@demo.ingang.se',
  title: 'Undersköterska',
};

describe('admin: unit staff and roles', () => {
  let t: TestApp;
  let regionAdmin: TestSession;
  let unitAdmin: TestSession;
  let nurse: TestSession;

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemo(t.ctx.db, t.ctx.clock);
    regionAdmin = await staffSession(t, DEMO_STAFF.regionAdmin);
    unitAdmin = await staffSession(t, DEMO_STAFF.unitAdminSolberga);
    nurse = await staffSession(t, DEMO_STAFF.nurseSolberga, { activeUnitId: S });
  });
  afterAll(async () => {
    await t.close();
  });

  const call = (method: 'GET' | 'POST' | 'PUT', url: string, s?: TestSession, payload?: object) =>
    t.app.inject({ method, url, headers: s?.headers, ...(payload ? { payload } : {}) });
  const setRoles = (s: TestSession, unitId: string, staffId: string, roles: string[]) =>
    call('PUT', `/api/admin/units/${unitId}/staff/${staffId}/roles`, s, { roles });
  const roleRows = (staffId: string, unitId: string) =>
    t.ctx.db
      .selectFrom('staff_unit_roles')
      .select('role')
      .where('staff_id', '=', staffId)
      .where('unit_id', '=', unitId)
      .orderBy('role')
      .execute()
      .then((rows) => rows.map((r) => r.role));
  const changeCount = async () =>
    Number(
      (
        await t.ctx.db
          .selectFrom('change_log')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  test('the unit staff list shows members, their roles and the abilities', async () => {
    const res = await call('GET', `/api/admin/units/${S}/staff`, unitAdmin);
    expect(res.statusCode).toBe(200);
    expect(res.json().data).toContainEqual(
      expect.objectContaining({
        staffId: DEMO_STAFF.nurseSolberga,
        roles: ['clinician', 'booking_admin'],
        active: true,
      }),
    );
    expect(res.json().abilities).toEqual({ view: true, edit: true, manageStaff: true, appointUnitAdmin: true });
    const asNurse = await call('GET', `/api/admin/units/${S}/staff`, nurse);
    expect(asNurse.statusCode).toBe(403);
    expect(asNurse.json().error.code).toBe('unit_admin_only');
  });

  test('bad input is refused with the fields named', async () => {
    const add = await call('POST', `/api/admin/units/${S}/staff`, unitAdmin, {
      ...NEW_PERSON,
      email: 'not-an-email',
      roles: [],
    });
    expect(add.statusCode).toBe(400);
    expect(Object.keys(add.json().error.fields)).toEqual(expect.arrayContaining(['body.email', 'body.roles']));
    const roles = await setRoles(unitAdmin, S, DEMO_STAFF.doctor, ['surgeon']);
    expect(roles.statusCode).toBe(400);
    expect(Object.keys(roles.json().error.fields)[0]).toMatch(/^body\.roles/);
    const badId = await call('PUT', `/api/admin/units/${S}/staff/123/roles`, unitAdmin, { roles: [] });
    expect(Object.keys(badId.json().error.fields)).toContain('params.staffId');
    const search = await call('GET', '/api/admin/staff', regionAdmin);
    expect(search.statusCode).toBe(400);
    expect(Object.keys(search.json().error.fields)).toContain('querystring.q');
  });

  test('a region admin adds a new person: the staff user is created and can log in by HSA-id', async () => {
    const res = await call('POST', `/api/admin/units/${N}/staff`, regionAdmin, { ...NEW_PERSON, roles: ['clinician'] });
    expect(res.statusCode).toBe(201);
    const member = res.json().data;
    expect(member).toMatchObject({ hsaId: NEW_PERSON.hsaId, givenName: 'Petra', roles: ['clinician'], active: true });
    const row = await t.ctx.db
      .selectFrom('staff')
      .selectAll()
      .where('id', '=', member.staffId)
      .executeTakeFirstOrThrow();
    expect(row.oidc_subject).toBe(NEW_PERSON.hsaId);

    const log = (await call('GET', `/api/admin/units/${N}/changes`, regionAdmin)).json().data;
    expect(log.slice(0, 2)).toMatchObject([
      {
        action: 'staff.roles_changed',
        entityType: 'staff',
        entityId: member.staffId,
        entityName: 'Petra Persson',
        actor: { staffId: DEMO_STAFF.regionAdmin, name: 'Rebecka Regnell' },
        changes: { roles: { from: [], to: ['clinician'] } },
      },
      { action: 'staff.created', changes: { hsaId: { from: null, to: NEW_PERSON.hsaId } } },
    ]);
  });

  test("a unit admin adds an existing person: roles are added, the person's name is kept", async () => {
    const res = await call('POST', `/api/admin/units/${S}/staff`, unitAdmin, {
      ...NEW_PERSON,
      givenName: 'Fel',
      familyName: 'Namn',
      roles: ['booking_admin'],
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().data).toMatchObject({ givenName: 'Petra', familyName: 'Persson', roles: ['booking_admin'] });
    const staffId = res.json().data.staffId;
    expect(await roleRows(staffId, N)).toEqual(['clinician']);
    const again = await call('POST', `/api/admin/units/${S}/staff`, unitAdmin, { ...NEW_PERSON, roles: ['clinician'] });
    expect(again.json().data.roles).toEqual(['clinician', 'booking_admin']);
    expect(
      (await t.ctx.db.selectFrom('staff').select('id').where('hsa_id', '=', NEW_PERSON.hsaId).execute()).length,
    ).toBe(1);
  });

  test('the same new person added to two units at once becomes one staff user', async () => {
    const person = { ...NEW_PERSON, hsaId: 'SE2321000016-N200', roles: ['clinician'] };
    const results = await Promise.all([
      call('POST', `/api/admin/units/${S}/staff`, regionAdmin, person),
      call('POST', `/api/admin/units/${DEMO_UNITS.bvcSolberga}/staff`, regionAdmin, person),
    ]);
    expect(results.map((r) => r.statusCode)).toEqual([201, 201]);
    const rows = await t.ctx.db.selectFrom('staff').select('id').where('hsa_id', '=', person.hsaId).execute();
    expect(rows).toHaveLength(1);
    expect(results.map((r) => r.json().data.staffId)).toEqual([rows[0]?.id, rows[0]?.id]);
  });

  test('a unit admin may appoint a colleague unit admin in their own unit', async () => {
    const res = await setRoles(unitAdmin, S, DEMO_STAFF.doctor, ['clinician', 'unit_admin']);
    expect(res.statusCode).toBe(200);
    expect(await roleRows(DEMO_STAFF.doctor, S)).toEqual(['clinician', 'unit_admin']);
    const back = await setRoles(unitAdmin, S, DEMO_STAFF.doctor, ['clinician']);
    expect(back.json().data.roles).toEqual(['clinician']);
  });

  test("a unit admin cannot remove the unit's last unit_admin role; nothing is written", async () => {
    const changes = await changeCount();
    const res = await setRoles(unitAdmin, S, DEMO_STAFF.unitAdminSolberga, ['clinician']);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('last_unit_admin');
    expect((await setRoles(unitAdmin, S, DEMO_STAFF.unitAdminSolberga, [])).statusCode).toBe(409);
    expect(await roleRows(DEMO_STAFF.unitAdminSolberga, S)).toEqual(['clinician', 'unit_admin']);
    expect(await changeCount()).toBe(changes);
    // With a second unit admin in place, stepping down is fine.
    await setRoles(unitAdmin, S, DEMO_STAFF.doctor, ['clinician', 'unit_admin']);
    expect((await setRoles(unitAdmin, S, DEMO_STAFF.unitAdminSolberga, ['clinician'])).statusCode).toBe(200);
    const doctor = await staffSession(t, DEMO_STAFF.doctor);
    expect((await setRoles(doctor, S, DEMO_STAFF.unitAdminSolberga, ['clinician', 'unit_admin'])).statusCode).toBe(200);
  });

  test('region admins are not bound by the last-unit-admin rule', async () => {
    const res = await setRoles(regionAdmin, N, DEMO_STAFF.nurseNorrtull, ['clinician']);
    expect(res.statusCode).toBe(200);
    expect(await roleRows(DEMO_STAFF.nurseNorrtull, N)).toEqual(['clinician']);
  });

  test("a unit admin of unit A cannot read or change unit B's staff: 404", async () => {
    const before = await roleRows(DEMO_STAFF.nurseNorrtull, N);
    for (const res of [
      await call('GET', `/api/admin/units/${N}/staff`, unitAdmin),
      await call('POST', `/api/admin/units/${N}/staff`, unitAdmin, { ...NEW_PERSON, roles: ['unit_admin'] }),
      await setRoles(unitAdmin, N, DEMO_STAFF.nurseNorrtull, []),
      await call('GET', `/api/admin/units/${N}/staff`, nurse),
    ]) {
      expect(res.statusCode).toBe(404);
    }
    expect(await roleRows(DEMO_STAFF.nurseNorrtull, N)).toEqual(before);
  });

  test('an unknown staff member is 404', async () => {
    const res = await setRoles(unitAdmin, S, '00000000-0000-4000-8000-000000000000', ['clinician']);
    expect(res.statusCode).toBe(404);
  });

  test('a removed clinician loses the unit on their very next request', async () => {
    expect((await call('GET', `/api/staff/units/${S}`, nurse)).statusCode).toBe(200);
    const res = await setRoles(unitAdmin, S, DEMO_STAFF.nurseSolberga, []);
    expect(res.statusCode).toBe(200);
    expect(res.json().data.roles).toEqual([]);
    expect((await call('GET', `/api/staff/units/${S}`, nurse)).statusCode).toBe(404);
    // The session's active unit was Solberga; the actor no longer carries it.
    const session = await t.ctx.sessions.resolve(nurse.token);
    expect(session?.activeUnitId).toBe(S);
    const actor = session ? await loadActor(t.ctx.db, session) : null;
    expect(actor).toMatchObject({ kind: 'staff', activeUnitId: null, units: [] });
    const members = (await call('GET', `/api/admin/units/${S}/staff`, unitAdmin)).json().data;
    expect(members.map((m: { staffId: string }) => m.staffId)).not.toContain(DEMO_STAFF.nurseSolberga);
    const [entry] = (await call('GET', `/api/admin/units/${S}/changes`, unitAdmin)).json().data;
    expect(entry).toMatchObject({
      actor: { name: 'Ulla Unger' },
      entityId: DEMO_STAFF.nurseSolberga,
      changes: { roles: { from: ['clinician', 'booking_admin'], to: [] } },
    });
  });

  test('region admins search staff by name or HSA-id; others may not', async () => {
    const byName = await call('GET', '/api/admin/staff?q=dahl', regionAdmin);
    expect(byName.statusCode).toBe(200);
    expect(byName.json().data).toEqual([expect.objectContaining({ staffId: DEMO_STAFF.doctor, givenName: 'Dan' })]);
    const full = await call('GET', `/api/admin/staff?q=${encodeURIComponent('dan dahl')}`, regionAdmin);
    expect(full.json().data).toHaveLength(1);
    const byHsa = await call('GET', '/api/admin/staff?q=SE2321000016-S00', regionAdmin);
    expect(byHsa.json().data).toHaveLength(8); // S001–S008; S009 and S010 are another provider's
    await t.ctx.db
      .insertInto('staff')
      .values(
        Array.from({ length: 60 }, (_, i) => ({
          id: `c1b2c3d4-0002-4000-8000-${String(i).padStart(12, '0')}`,
          oidc_subject: `SE2321000016-M${i}`,
          hsa_id: `SE2321000016-M${i}`,
          given_name: 'Many',
          family_name: `Mångsson ${i}`,
          email: `m${i}@demo.ingang.se`,
          support_role: null,
          created_at: new Date(),
          updated_at: new Date(),
        })),
      )
      .execute();
    expect((await call('GET', '/api/admin/staff?q=many', regionAdmin)).json().data).toHaveLength(50);
    expect(byHsa.json().data[0]).not.toHaveProperty('roles');
    const refused = await call('GET', '/api/admin/staff?q=dahl', unitAdmin);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('region_admin_only');
  });
});
