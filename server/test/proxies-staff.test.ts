/**
 * Care staff register an ombud on a patient's behalf (POST /api/staff/proxies):
 * active unit with a care relationship to the grantor, mandatory reason,
 * active at once, audited with both identities; refusals logged.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fixedClock } from '../src/platform/clock.js';
import { seedDemo } from '../src/seed/demo.js';
import { DEMO_STAFF, DEMO_UNITS, demoPerson } from '../src/seed/demo-data.js';
import { startTestApp, type TestApp } from './harness.js';
import { citizenSession, staffSession } from './helpers/sessions.js';

const clock = fixedClock('2026-08-01T10:00:00Z');
let t: TestApp;
const ids: Record<string, string> = {};

type Headers = Record<string, string>;
const as = async (key: string): Promise<Headers> => (await citizenSession(t, ids[key]!)).headers;
const subject = (headers: Headers, personId: string) =>
  t.app.inject({ method: 'GET', url: `/api/subjects/${personId}`, headers });
const pnr = (key: string) => demoPerson(key).personalNumber;
const auditRows = (subjectId: string, recordType: string) =>
  t.ctx.db
    .selectFrom('audit_log')
    .selectAll()
    .where('subject_person_id', '=', subjectId)
    .where('record_type', '=', recordType)
    .execute();

beforeAll(async () => {
  t = await startTestApp({ clock, env: { WEB_DIST: '/nonexistent' } });
  await seedDemo(t.ctx.db, clock);
  for (const key of ['margit', 'karin', 'sara']) {
    const row = await t.ctx.db
      .selectFrom('persons')
      .select('id')
      .where('personal_number', '=', pnr(key))
      .executeTakeFirstOrThrow();
    ids[key] = row.id;
  }
});
afterAll(async () => {
  await t.close();
});

describe('staff registration on the patient’s behalf', () => {
  const body = {
    grantorPersonalNumber: demoPerson('karin').personalNumber,
    ombudPersonalNumber: demoPerson('sara').personalNumber,
    scopes: ['booking', 'video'],
    validUntil: '2028-12-31',
    reason: 'Kan inte använda BankID; samtycke lämnat vid besöket.',
  };
  const register = (headers: Headers, payload: object) =>
    t.app.inject({ method: 'POST', url: '/api/staff/proxies', headers, payload });

  test('401 without a session; citizens get 403 staff_only', async () => {
    expect((await register({}, body)).statusCode).toBe(401);
    const res = await register(await as('margit'), { ...body, grantorPersonalNumber: pnr('margit') });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('staff_only');
  });

  test('reason is mandatory (400 body.reason)', async () => {
    const staff = (await staffSession(t, DEMO_STAFF.nurseSolberga, { activeUnitId: DEMO_UNITS.vcSolberga })).headers;
    const res = await register(staff, { ...body, reason: ' ' });
    expect(res.statusCode).toBe(400);
    expect(Object.keys(res.json().error.fields)).toEqual(['body.reason']);
  });

  test('without an active unit, or from a unit with no care relationship → 403, logged', async () => {
    const noUnit = (await staffSession(t, DEMO_STAFF.nurseSolberga)).headers;
    expect((await register(noUnit, body)).json().error.code).toBe('no_active_unit');
    const other = (await staffSession(t, DEMO_STAFF.nurseNorrtull, { activeUnitId: DEMO_UNITS.vcNorrtull })).headers;
    const res = await register(other, body);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('no_care_relationship');
    const logged = await t.ctx.db
      .selectFrom('access_refusals')
      .selectAll()
      .where('staff_id', '=', DEMO_STAFF.nurseNorrtull)
      .execute();
    expect(logged).toEqual([expect.objectContaining({ subject_person_id: ids.karin, record_type: 'proxy_grant' })]);
    expect(
      await t.ctx.db.selectFrom('proxy_grants').select('id').where('grantor_person_id', '=', ids.karin!).execute(),
    ).toEqual([]);
  });

  test('Karin’s nurse registers Sara: active at once, with staff, unit and reason; Sara acts for Karin', async () => {
    const staff = (await staffSession(t, DEMO_STAFF.nurseSolberga, { activeUnitId: DEMO_UNITS.vcSolberga })).headers;
    const res = await register(staff, body);
    expect(res.statusCode).toBe(201);
    const data = res.json().data;
    expect(data).toMatchObject({ status: 'active', registeredByStaff: true, scopes: ['booking', 'video'] });
    const row = await t.ctx.db
      .selectFrom('proxy_grants')
      .selectAll()
      .where('id', '=', data.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      registered_by_staff_id: DEMO_STAFF.nurseSolberga,
      registered_unit_id: DEMO_UNITS.vcSolberga,
      registration_reason: body.reason,
    });
    const karinRows = await auditRows(ids.karin!, 'proxy_grant');
    expect(karinRows).toEqual([
      expect.objectContaining({ actor_staff_id: DEMO_STAFF.nurseSolberga, record_id: data.id }),
    ]);
    const saraRows = await auditRows(ids.sara!, 'proxy_grant');
    expect(saraRows).toEqual([
      expect.objectContaining({ actor_staff_id: DEMO_STAFF.nurseSolberga, reason: body.reason }),
    ]);
    const page = await subject(await as('sara'), ids.karin!);
    expect(page.statusCode).toBe(200);
    expect(page.json().data.relation).toBe('ombud');
    expect((await register(staff, body)).json().error.code).toBe('grant_exists');
  });

  test('a grantor with protected identity cannot get an ombud registered', async () => {
    const staff = (await staffSession(t, DEMO_STAFF.nurseSolberga, { activeUnitId: DEMO_UNITS.vcSolberga })).headers;
    const res = await register(staff, { ...body, grantorPersonalNumber: pnr('skyddad') });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('protected_identity');
  });
});
