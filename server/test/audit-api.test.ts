import { generatePersonnummer } from '@ingang/domain';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type AuditActor, recordAudit } from '../src/platform/audit.js';
import { seedDemo } from '../src/seed/demo.js';
import { DEMO_STAFF, DEMO_UNITS, demoPerson } from '../src/seed/demo-data.js';
import { startTestApp, type TestApp } from './harness.js';
import { citizenSession, staffSession, type TestSession } from './helpers/sessions.js';

const S = DEMO_UNITS.vcSolberga;
const doctor: AuditActor = {
  kind: 'staff',
  staffId: DEMO_STAFF.doctor,
  supportRole: null,
  units: [{ unitId: S, roles: ['clinician'] }],
  activeUnitId: S,
};
const nurseNorrtull: AuditActor = {
  kind: 'staff',
  staffId: DEMO_STAFF.nurseNorrtull,
  supportRole: null,
  units: [{ unitId: DEMO_UNITS.vcNorrtull, roles: ['clinician', 'unit_admin'] }],
  activeUnitId: DEMO_UNITS.vcNorrtull,
};

describe('audit API: who has looked at my data, and the administrators’ search', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  let anna: TestSession;
  let regionAdmin: TestSession;
  let nurse: TestSession;

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemo(t.ctx.db, t.ctx.clock);
    for (const key of ['anna', 'elsa', 'oskar', 'erik', 'sara']) {
      const row = await t.ctx.db
        .selectFrom('persons')
        .select('id')
        .where('personal_number', '=', demoPerson(key).personalNumber)
        .executeTakeFirstOrThrow();
      ids[key] = row.id;
    }
    anna = await citizenSession(t, ids.anna as string);
    regionAdmin = await staffSession(t, DEMO_STAFF.regionAdmin);
    nurse = await staffSession(t, DEMO_STAFF.nurseSolberga, { activeUnitId: S });
  });
  afterAll(async () => {
    await t.close();
  });

  const get = (url: string, s?: TestSession) => t.app.inject({ method: 'GET', url, headers: s?.headers });
  const staffRead = (subject: string, extra: Partial<Parameters<typeof recordAudit>[1]> = {}) =>
    recordAudit(t.ctx.db, {
      actor: doctor,
      subjectPersonId: subject,
      action: 'read',
      recordType: 'profile',
      purpose: 'care',
      ...extra,
    });

  test('401 without a session', async () => {
    expect((await get('/api/audit/accesses')).statusCode).toBe(401);
    expect((await get('/api/admin/audit')).statusCode).toBe(401);
  });

  test('the patient sees a staff member’s access in plain Swedish, not their own', async () => {
    const annaId = ids.anna as string;
    await recordAudit(t.ctx.db, {
      actor: { kind: 'citizen', personId: annaId },
      subjectPersonId: annaId,
      action: 'read',
      recordType: 'profile',
      purpose: 'self_service',
    });
    await staffRead(annaId);
    const res = await get('/api/audit/accesses', anna);
    expect(res.statusCode).toBe(200);
    const { data, nextCursor } = res.json();
    expect(nextCursor).toBeNull();
    expect(data).toHaveLength(1);
    expect(data[0]).toMatchObject({
      unit: { id: S, name: 'Solberga vårdcentral' },
      role: 'Läkare',
      roleInUnit: 'Vårdpersonal',
      staffName: 'Dan Dahl',
      action: 'Läste dina personuppgifter',
      purpose: 'Vård och behandling',
      flagged: false,
    });
    // Reading the list was audited as the citizen's own access, and is not shown back as a staff access.
    const own = await t.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('subject_person_id', '=', annaId)
      .where('record_type', '=', 'access_log')
      .execute();
    expect(own).toHaveLength(1);
    expect(own[0]).toMatchObject({ actor_kind: 'citizen', actor_person_id: annaId, actor_role: 'self' });
    expect((await get('/api/audit/accesses', anna)).json().data).toHaveLength(1);
  });

  test('emergency accesses are marked; the list pages newest first with a cursor', async () => {
    const annaId = ids.anna as string;
    await staffRead(annaId, { flagged: true, reason: 'Nödåtkomst: akut', action: 'emergency_access' });
    await recordAudit(t.ctx.db, {
      actor: nurseNorrtull,
      subjectPersonId: annaId,
      action: 'update',
      recordType: 'booking',
      purpose: 'booking',
    });
    const first = (await get('/api/audit/accesses?limit=2', anna)).json();
    expect(first.data.map((a: { action: string }) => a.action)).toEqual([
      'Ändrade din bokning',
      'Öppnade med nödåtkomst dina personuppgifter',
    ]);
    expect(first.data[0]).toMatchObject({ role: 'Sjuksköterska', unit: { name: 'Norrtull vårdcentral' } });
    expect(first.data[1].flagged).toBe(true);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = (await get(`/api/audit/accesses?limit=2&cursor=${first.nextCursor}`, anna)).json();
    expect(second.data).toHaveLength(1);
    expect(second.data[0].flagged).toBe(false);
    expect(second.nextCursor).toBeNull();
  });

  test('a guardian sees a young child’s accesses; nobody else’s', async () => {
    await staffRead(ids.elsa as string);
    const child = await get(`/api/audit/accesses?subjectId=${ids.elsa}`, anna);
    expect(child.statusCode).toBe(200);
    expect(child.json().data).toHaveLength(1);
    const logged = await t.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('subject_person_id', '=', ids.elsa as string)
      .where('record_type', '=', 'access_log')
      .executeTakeFirstOrThrow();
    expect(logged).toMatchObject({ actor_person_id: ids.anna, on_behalf_of_relation: 'guardian' });

    const refusals: Record<string, string> = {
      [ids.erik as string]: 'no_grant',
      [ids.oskar as string]: 'child_too_old',
      '00000000-0000-4000-8000-000000000000': 'no_grant',
    };
    for (const [other, code] of Object.entries(refusals)) {
      const res = await get(`/api/audit/accesses?subjectId=${other}`, anna);
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe(code);
    }
    // Refused attempts are recorded, and nothing was audited for the refused subject.
    const attempts = await t.ctx.db
      .selectFrom('access_refusals')
      .select('subject_person_id')
      .where('actor_person_id', '=', ids.anna as string)
      .execute();
    expect(attempts.map((a) => a.subject_person_id)).toContain(ids.erik);
    const erikLog = await t.ctx.db
      .selectFrom('audit_log')
      .select('id')
      .where('subject_person_id', '=', ids.erik as string)
      .where('actor_person_id', '=', ids.anna as string)
      .execute();
    expect(erikLog).toHaveLength(0);
  });

  test('400 names the field; staff cannot use the patient list', async () => {
    const bad = await get('/api/audit/accesses?subjectId=nope&limit=0', anna);
    expect(bad.statusCode).toBe(400);
    expect(Object.keys(bad.json().error.fields)).toEqual(
      expect.arrayContaining(['querystring.subjectId', 'querystring.limit']),
    );
    expect((await get('/api/audit/accesses?cursor=abc', anna)).json().error.fields).toHaveProperty(
      'querystring.cursor',
    );
    const asStaff = await get('/api/audit/accesses', nurse);
    expect(asStaff.statusCode).toBe(403);
  });

  test('only region administrators search the log', async () => {
    expect((await get('/api/admin/audit', nurse)).statusCode).toBe(403);
    expect((await get('/api/admin/audit', nurse)).json().error.code).toBe('region_admin_only');
    expect((await get('/api/admin/audit', anna)).statusCode).toBe(403);
  });

  test('the search filters by patient, staff member, unit and time, and pages with a keyset cursor', async () => {
    const erik = ids.erik as string;
    const sara = ids.sara as string;
    await staffRead(erik, { at: new Date('2020-01-01T10:00:00.000Z') });
    await staffRead(erik, { at: new Date('2020-02-01T10:00:00.000Z') });
    await recordAudit(t.ctx.db, {
      actor: nurseNorrtull,
      subjectPersonId: sara,
      action: 'read',
      recordType: 'profile',
      purpose: 'care',
      at: new Date('2020-01-15T10:00:00.000Z'),
    });
    const pnr = demoPerson('erik').personalNumber;
    const byPatient = (await get(`/api/admin/audit?personalNumber=${pnr}`, regionAdmin)).json();
    expect(byPatient.data.every((e: { subject: { personId: string } }) => e.subject.personId === erik)).toBe(true);
    expect(byPatient.data).toHaveLength(2);
    expect(byPatient.data[0]).toMatchObject({
      at: '2020-02-01T10:00:00.000Z',
      actor: { kind: 'staff', staffId: DEMO_STAFF.doctor, name: 'Dan Dahl', role: 'clinician' },
      unit: { id: S },
    });

    const byStaff = (await get(`/api/admin/audit?staffId=${DEMO_STAFF.nurseNorrtull}`, regionAdmin)).json();
    expect(byStaff.data.map((e: { actor: { staffId: string } }) => e.actor.staffId)).toEqual([
      DEMO_STAFF.nurseNorrtull,
      DEMO_STAFF.nurseNorrtull,
    ]);
    const byUnit = (await get(`/api/admin/audit?unitId=${DEMO_UNITS.vcNorrtull}`, regionAdmin)).json();
    expect(byUnit.data).toHaveLength(2);

    const window = '&from=2020-01-01T00:00:00Z&to=2020-03-01T00:00:00Z';
    const page1 = (await get(`/api/admin/audit?limit=2${window}`, regionAdmin)).json();
    expect(page1.data.map((e: { at: string }) => e.at)).toEqual([
      '2020-02-01T10:00:00.000Z',
      '2020-01-15T10:00:00.000Z',
    ]);
    const page2 = (await get(`/api/admin/audit?limit=2${window}&cursor=${page1.nextCursor}`, regionAdmin)).json();
    expect(page2.data.map((e: { at: string }) => e.at)).toEqual(['2020-01-01T10:00:00.000Z']);
    expect(page2.nextCursor).toBeNull();
  });

  test('each search is logged: the filter, and an audit row per patient returned', async () => {
    const before = await t.ctx.db.selectFrom('audit_searches').selectAll().execute();
    const pnr = demoPerson('sara').personalNumber;
    const res = await get(`/api/admin/audit?personalNumber=${pnr}`, regionAdmin);
    expect(res.statusCode).toBe(200);
    const searches = await t.ctx.db.selectFrom('audit_searches').selectAll().orderBy('at', 'desc').execute();
    expect(searches).toHaveLength(before.length + 1);
    expect(searches[0]).toMatchObject({
      staff_id: DEMO_STAFF.regionAdmin,
      filters: { personalNumber: pnr },
      result_count: res.json().data.length,
    });
    const followUp = await t.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('subject_person_id', '=', ids.sara as string)
      .where('purpose', '=', 'audit_follow_up')
      .execute();
    expect(followUp.length).toBeGreaterThanOrEqual(1);
    expect(followUp[0]).toMatchObject({
      actor_staff_id: DEMO_STAFF.regionAdmin,
      actor_role: 'region_admin',
      unit_id: null,
      record_type: 'audit_log',
    });
    // Sara sees the follow-up read in her own list.
    const sara = await citizenSession(t, ids.sara as string);
    const list = (await get('/api/audit/accesses', sara)).json();
    expect(list.data[0]).toMatchObject({
      role: 'Regionadministratör',
      roleInUnit: 'Regionens administration',
      purpose: 'Uppföljning av vem som tittat på uppgifter',
      unit: null,
    });
    // An unknown personnummer returns nothing, and the search is still logged.
    const unknown = generatePersonnummer({ birthDate: '1950-01-01', serial: 999 });
    const nobody = await get(`/api/admin/audit?personalNumber=${unknown}`, regionAdmin);
    expect(nobody.statusCode).toBe(200);
    expect(nobody.json()).toEqual({ data: [], nextCursor: null });
    const logged = await t.ctx.db.selectFrom('audit_searches').selectAll().orderBy('at', 'desc').execute();
    expect(logged).toHaveLength(before.length + 2);
    expect(logged.some((l) => l.filters.personalNumber === unknown && l.result_count === 0)).toBe(true);
  });

  test('bad search input is refused with the field named', async () => {
    const cases: [string, string][] = [
      ['personalNumber=197001011234', 'querystring.personalNumber'],
      ['staffId=nope', 'querystring.staffId'],
      ['from=yesterday', 'querystring.from'],
      ['from=2020-02-01T00:00:00Z&to=2020-01-01T00:00:00Z', 'querystring.to'],
      ['cursor=bm9wZQ', 'querystring.cursor'],
      ['limit=1000', 'querystring.limit'],
    ];
    for (const [query, field] of cases) {
      const res = await get(`/api/admin/audit?${query}`, regionAdmin);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error.fields, query).toHaveProperty([field]);
    }
  });
});
