/** Region administration of the timebook: time types, publishing units, forms and releases. */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_STAFF, DEMO_UNITS } from '../src/seed/demo-data.js';
import { DEMO_FORMS, DEMO_TIME_TYPES, demoVaccinationForm } from '../src/seed/demo-timebook.js';
import type { TestApp } from './harness.js';
import { citizenSession, staffSession, type TestSession } from './helpers/sessions.js';
import { caller, personId, startTimebookApp } from './timebook-fixtures.js';

const TYPE = {
  code: 'hpv',
  nameSv: 'HPV-vaccination',
  nameEn: 'HPV vaccination',
  durationMinutes: 10,
  mode: 'on_site',
  placesPerSlot: 2,
};
const UNKNOWN = '00000000-0000-4000-8000-000000000999';

let t: TestApp;
let call: ReturnType<typeof caller>;
let admin: TestSession;
let unitAdmin: TestSession;
let citizen: TestSession;

beforeAll(async () => {
  ({ t } = await startTimebookApp());
  call = caller(t);
  admin = await staffSession(t, DEMO_STAFF.regionAdmin);
  unitAdmin = await staffSession(t, DEMO_STAFF.vaccinatorCity, { activeUnitId: DEMO_UNITS.vaccCity });
  citizen = await citizenSession(t, await personId(t, 'anna'));
});
afterAll(async () => {
  await t.close();
});

const changes = (entityId: string) =>
  t.ctx.db.selectFrom('change_log').selectAll().where('entity_id', '=', entityId).orderBy(sql`seq`).execute();

describe('access: region admins only', () => {
  const endpoints: [string, string, object?][] = [
    ['GET', '/api/admin/time-types'],
    ['POST', '/api/admin/time-types', TYPE],
    ['PATCH', `/api/admin/time-types/${DEMO_TIME_TYPES.influenza}`, { nameEn: 'Flu' }],
    ['PUT', `/api/admin/time-types/${DEMO_TIME_TYPES.influenza}/units`, { unitIds: [] }],
    ['GET', `/api/admin/time-types/${DEMO_TIME_TYPES.covid}/releases`],
    ['POST', `/api/admin/time-types/${DEMO_TIME_TYPES.covid}/releases`, { opensAt: '2026-09-01T06:00:00Z' }],
    ['POST', '/api/admin/releases/c1b2c3d4-0003-4000-8000-000000000201/pause'],
    ['POST', '/api/admin/releases/c1b2c3d4-0003-4000-8000-000000000201/resume'],
    ['GET', '/api/admin/forms'],
    ['POST', '/api/admin/forms', { name: 'Formulär' }],
    ['GET', `/api/admin/forms/${DEMO_FORMS.vaccination}`],
    ['POST', `/api/admin/forms/${DEMO_FORMS.vaccination}/versions`, { definition: demoVaccinationForm }],
  ];
  test.each(endpoints)('%s %s: 401 without login, 403 for a unit admin and a citizen', async (method, url, body) => {
    const m = method as 'GET';
    expect((await call(m, url, undefined, body)).statusCode).toBe(401);
    const asUnitAdmin = await call(m, url, unitAdmin, body);
    expect(asUnitAdmin.statusCode).toBe(403);
    expect(asUnitAdmin.json().error.code).toBe('region_admin_only');
    expect((await call(m, url, citizen, body)).statusCode).toBe(403);
  });
});

describe('time types', () => {
  test('lists the demo catalogue with the units allowed to publish', async () => {
    const res = await call('GET', '/api/admin/time-types', admin);
    expect(res.statusCode).toBe(200);
    const flu = res.json().data.find((x: { id: string }) => x.id === DEMO_TIME_TYPES.influenza);
    expect(flu).toMatchObject({ nameSv: 'Influensavaccination', placesPerSlot: 3, durationMinutes: 10, minAge: 18 });
    expect(flu.unitIds).toContain(DEMO_UNITS.vaccCity);
  });

  test('create → 201 with a change-log entry; the same code again → 409', async () => {
    const res = await call('POST', '/api/admin/time-types', admin, TYPE);
    expect(res.statusCode).toBe(201);
    const created = res.json().data;
    expect(created).toMatchObject({ ...TYPE, selfBookable: true, unitIds: [], retiredAt: null });
    const log = await changes(created.id);
    expect(log.map((c) => c.action)).toEqual(['time_type.created']);
    expect(log[0]?.actor_staff_id).toBe(DEMO_STAFF.regionAdmin);
    const again = await call('POST', '/api/admin/time-types', admin, TYPE);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('code_taken');
  });

  test.each([
    [{ ...TYPE, code: 'x1', durationMinutes: 0 }, 'body.durationMinutes'],
    [{ ...TYPE, code: 'x2', mode: 'teleport' }, 'body.mode'],
    [{ ...TYPE, code: 'x3', minAge: 70, maxAge: 18 }, 'body.maxAge'],
    [{ ...TYPE, code: 'x4', formId: UNKNOWN }, 'body.formId'],
    [{ ...TYPE, code: 'Not A Code' }, 'body.code'],
  ])('400 naming the field: %j', async (body, field) => {
    const res = await call('POST', '/api/admin/time-types', admin, body);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toHaveProperty([field]);
  });

  test('patch changes only what differs; retire keeps the row and its history', async () => {
    const id = DEMO_TIME_TYPES.doctorVisit;
    const res = await call('PATCH', `/api/admin/time-types/${id}`, admin, {
      nameEn: 'Doctor visit',
      durationMinutes: 30,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().data.nameEn).toBe('Doctor visit');
    const retired = await call('PATCH', `/api/admin/time-types/${id}`, admin, { retired: true });
    expect(retired.json().data.retiredAt).toBe(new Date(t.ctx.clock.now()).toISOString());
    const log = await changes(id);
    expect(log.map((c) => [c.action, Object.keys(c.changes)])).toEqual([
      ['time_type.updated', ['nameEn']],
      ['time_type.retired', ['retiredAt']],
    ]);
    const back = await call('PATCH', `/api/admin/time-types/${id}`, admin, { retired: false });
    expect(back.json().data.retiredAt).toBeNull();
  });

  test('patch: 404 unknown, 400 bad field', async () => {
    expect((await call('PATCH', `/api/admin/time-types/${UNKNOWN}`, admin, { nameEn: 'Xy' })).statusCode).toBe(404);
    const bad = await call('PATCH', `/api/admin/time-types/${DEMO_TIME_TYPES.covid}`, admin, { placesPerSlot: 0 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toHaveProperty(['body.placesPerSlot']);
    expect((await call('PATCH', '/api/admin/time-types/nope', admin, {})).json().error.fields).toHaveProperty([
      'params.id',
    ]);
  });

  test('set publishing units; unknown units are named', async () => {
    const url = `/api/admin/time-types/${DEMO_TIME_TYPES.videoNurse}/units`;
    const res = await call('PUT', url, admin, { unitIds: [DEMO_UNITS.vcSolberga, DEMO_UNITS.bvcSolberga] });
    expect(res.statusCode).toBe(200);
    expect(res.json().data.unitIds).toEqual([DEMO_UNITS.vcSolberga, DEMO_UNITS.bvcSolberga].sort());
    const log = await changes(DEMO_TIME_TYPES.videoNurse);
    expect(log.at(-1)?.action).toBe('time_type.units_changed');
    const bad = await call('PUT', url, admin, { unitIds: [UNKNOWN] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toHaveProperty(['body.unitIds']);
    expect((await call('PUT', `/api/admin/time-types/${UNKNOWN}/units`, admin, { unitIds: [] })).statusCode).toBe(404);
  });
});

describe('release rules', () => {
  test('the demo has two covid releases; add one; pause and resume at once', async () => {
    const url = `/api/admin/time-types/${DEMO_TIME_TYPES.covid}/releases`;
    const list = await call('GET', url, admin);
    expect(
      list
        .json()
        .data.map((r: { bornOnOrBefore: string | null; minAge: number | null }) => [r.bornOnOrBefore, r.minAge]),
    ).toEqual([
      ['1956-12-31', null],
      [null, 18],
    ]);
    const created = await call('POST', url, admin, { bornOnOrBefore: '1966-12-31', opensAt: '2026-08-10T06:00:00Z' });
    expect(created.statusCode).toBe(201);
    const release = created.json().data;
    expect(release).toMatchObject({ bornOnOrBefore: '1966-12-31', minAge: null, pausedAt: null });

    const paused = await call('POST', `/api/admin/releases/${release.id}/pause`, admin);
    expect(paused.statusCode).toBe(200);
    expect(paused.json().data.pausedAt).toBe(t.ctx.clock.now().toISOString());
    const row = await t.ctx.db
      .selectFrom('release_rules')
      .select('paused_at')
      .where('id', '=', release.id)
      .executeTakeFirstOrThrow();
    expect(row.paused_at).not.toBeNull();
    const resumed = await call('POST', `/api/admin/releases/${release.id}/resume`, admin);
    expect(resumed.json().data.pausedAt).toBeNull();
    expect((await changes(release.id)).map((c) => c.action)).toEqual([
      'release.created',
      'release.paused',
      'release.resumed',
    ]);
  });

  test('404 unknown type or release; 400 naming the field', async () => {
    expect((await call('GET', `/api/admin/time-types/${UNKNOWN}/releases`, admin)).statusCode).toBe(404);
    expect((await call('POST', `/api/admin/releases/${UNKNOWN}/pause`, admin)).statusCode).toBe(404);
    const bad = await call('POST', `/api/admin/time-types/${DEMO_TIME_TYPES.covid}/releases`, admin, {
      bornOnOrBefore: '1956',
      opensAt: 'soon',
    });
    expect(bad.statusCode).toBe(400);
    expect(Object.keys(bad.json().error.fields).sort()).toEqual(['body.bornOnOrBefore', 'body.opensAt']);
  });
});

describe('health forms', () => {
  test('create with a definition → version 1; a new version is appended, the old one unchanged', async () => {
    const created = await call('POST', '/api/admin/forms', admin, {
      name: 'Inför resa',
      definition: demoVaccinationForm,
    });
    expect(created.statusCode).toBe(201);
    const form = created.json().data;
    expect(form.versions.map((v: { version: number }) => v.version)).toEqual([1]);
    const changed = structuredClone(demoVaccinationForm);
    changed.questions[0] = { ...changed.questions[0], label: { sv: 'Feber?', en: 'Fever?' } } as never;
    const v2 = await call('POST', `/api/admin/forms/${form.id}/versions`, admin, { definition: changed });
    expect(v2.statusCode).toBe(201);
    expect(v2.json().data.version).toBe(2);
    const read = await call('GET', `/api/admin/forms/${form.id}`, admin);
    const versions = read.json().data.versions;
    expect(versions[0].definition.questions[0].label.sv).toBe('Har du feber i dag?');
    expect(versions[1].definition.questions[0].label.sv).toBe('Feber?');
    const list = await call('GET', '/api/admin/forms', admin);
    expect(list.json().data.find((f: { id: string }) => f.id === form.id).latestVersion).toBe(2);
  });

  test('an invalid definition → 400 naming body.definition; unknown form → 404', async () => {
    const bad = await call('POST', `/api/admin/forms/${DEMO_FORMS.vaccination}/versions`, admin, {
      definition: {
        title: { sv: 'X', en: 'X' },
        questions: [
          {
            id: 'a',
            type: 'yes_no',
            label: { sv: 'A', en: 'A' },
            required: true,
            showIf: { questionId: 'later', equals: true },
          },
        ],
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toHaveProperty(['body.definition']);
    expect((await call('POST', '/api/admin/forms', admin, { name: '' })).json().error.fields).toHaveProperty([
      'body.name',
    ]);
    expect((await call('GET', `/api/admin/forms/${UNKNOWN}`, admin)).statusCode).toBe(404);
    expect(
      (await call('POST', `/api/admin/forms/${UNKNOWN}/versions`, admin, { definition: demoVaccinationForm }))
        .statusCode,
    ).toBe(404);
  });
});
