/**
 * Emergency access (nödåtkomst) over HTTP: the grant, flagged audit rows, the
 * expiry, and the unit administrator's follow-up list and review.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fixedClock } from '../src/platform/clock.js';
import { seedDemo } from '../src/seed/demo.js';
import { DEMO_STAFF, DEMO_UNITS, demoPerson } from '../src/seed/demo-data.js';
import { startTestApp, type TestApp } from './harness.js';
import { citizenSession, staffSession, type TestSession } from './helpers/sessions.js';

const START = '2026-08-01T10:00:00.000Z';
const clock = fixedClock(START);
let t: TestApp;
const ids: Record<string, string> = {};
let nils: TestSession; // Norrtull clinician and unit admin
let dan: TestSession; // Norrtull clinician
let nilsNoUnit: TestSession;
let ulla: TestSession; // Solberga unit admin
let region: TestSession;
let citizen: TestSession;

const SECRETS = ['Hemliggatan 99', 'Hemlighult', '070-999 99 99', 'sanna.hemlig@example.se'];
const reason = 'Akut medvetslös patient, behöver läkemedelslista';
const NORRTULL = DEMO_UNITS.vcNorrtull;
// Sessions outlive the clock jumps of the expiry test.
const DAY = 86_400;

type Headers = Record<string, string>;
const grant = (headers: Headers, payload: unknown) =>
  t.app.inject({ method: 'POST', url: '/api/staff/patients/emergency-access', headers, payload: payload as object });
const overview = (headers: Headers, personId: string) =>
  t.app.inject({ method: 'GET', url: `/api/staff/patients/${personId}`, headers });
const list = (headers: Headers, unitId: string, query = '') =>
  t.app.inject({ method: 'GET', url: `/api/staff/units/${unitId}/emergency-accesses${query}`, headers });
const review = (headers: Headers, unitId: string, id: string, payload: unknown = { note: 'Kontrollerat, befogat.' }) =>
  t.app.inject({
    method: 'POST',
    url: `/api/staff/units/${unitId}/emergency-accesses/${id}/review`,
    headers,
    payload: payload as object,
  });
const pnr = (key: string) => demoPerson(key).personalNumber;

beforeAll(async () => {
  t = await startTestApp({ clock, env: { WEB_DIST: '/nonexistent' } });
  await seedDemo(t.ctx.db, clock);
  const rows = await t.ctx.db.selectFrom('persons').select(['id', 'personal_number']).execute();
  for (const key of ['anna', 'karin', 'skyddad']) ids[key] = rows.find((r) => r.personal_number === pnr(key))?.id ?? '';
  await t.ctx.db
    .updateTable('persons')
    .set({ street: 'Hemliggatan 99', city: 'Hemlighult', phone: '070-999 99 99', email: 'sanna.hemlig@example.se' })
    .where('id', '=', ids.skyddad as string)
    .execute();
  // Dan also works at Norrtull as a clinician (not an admin there).
  await t.ctx.db
    .insertInto('staff_unit_roles')
    .values({ staff_id: DEMO_STAFF.doctor, unit_id: NORRTULL, role: 'clinician', created_at: clock.now() })
    .execute();
  nils = await staffSession(t, DEMO_STAFF.nurseNorrtull, { activeUnitId: NORRTULL, idleSeconds: DAY });
  dan = await staffSession(t, DEMO_STAFF.doctor, { activeUnitId: NORRTULL, idleSeconds: DAY });
  nilsNoUnit = await staffSession(t, DEMO_STAFF.nurseNorrtull, { idleSeconds: DAY });
  ulla = await staffSession(t, DEMO_STAFF.unitAdminSolberga, { activeUnitId: DEMO_UNITS.vcSolberga, idleSeconds: DAY });
  region = await staffSession(t, DEMO_STAFF.regionAdmin, { idleSeconds: DAY });
  citizen = await citizenSession(t, ids.anna as string, DAY);
});
afterAll(async () => {
  await t.close();
});

let annaAccessId: string;
let karinAccessId: string;

describe('POST /api/staff/patients/emergency-access', () => {
  test('401 without login; 403 for a citizen; 403 without an active unit', async () => {
    const body = { personalNumber: pnr('anna'), reason };
    expect((await grant({}, body)).statusCode).toBe(401);
    expect((await grant(citizen.headers, body)).statusCode).toBe(403);
    const noUnit = await grant(nilsNoUnit.headers, body);
    expect([noUnit.statusCode, noUnit.json().error.code]).toEqual([403, 'no_active_unit']);
  });

  test.each([
    [{ personalNumber: pnr('anna') }, 'body.reason'],
    [{ personalNumber: pnr('anna'), reason: 'akut' }, 'body.reason'],
    [{ personalNumber: 'abc', reason }, 'body.personalNumber'],
  ])('400 names the field: %j', async (body, field) => {
    const res = await grant(nils.headers, body);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toHaveProperty([field]);
  });

  test('grants the caller four hours of flagged access; colleagues in the unit get none', async () => {
    const anna = ids.anna as string;
    expect((await overview(nils.headers, anna)).statusCode).toBe(403);
    const res = await grant(nils.headers, { personalNumber: pnr('anna'), reason });
    expect(res.statusCode).toBe(201);
    annaAccessId = res.json().data.id;
    expect(res.json().data).toEqual({
      id: annaAccessId,
      personId: anna,
      unitId: NORRTULL,
      expiresAt: '2026-08-01T14:00:00.000Z',
    });

    const view = await overview(nils.headers, anna);
    expect(view.statusCode).toBe(200);
    expect(view.json().data.relationships).toEqual(['emergency']);
    expect(view.json().data.emergencyAccess).toEqual({ id: annaAccessId, expiresAt: '2026-08-01T14:00:00.000Z' });
    // Personal to the one who took it: Dan works at Norrtull too, but has no access.
    expect((await overview(dan.headers, anna)).json().error.code).toBe('no_care_relationship');

    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'record_type', 'flagged', 'reason', 'unit_id'])
      .where('subject_person_id', '=', anna)
      .where('actor_staff_id', '=', DEMO_STAFF.nurseNorrtull)
      .orderBy('seq')
      .execute();
    expect(audit).toEqual([
      {
        action: 'create',
        record_type: 'emergency_access',
        flagged: true,
        reason: `Nödåtkomst ${annaAccessId}: ${reason}`,
        unit_id: NORRTULL,
      },
      {
        action: 'read',
        record_type: 'patient_overview',
        flagged: true,
        reason: `Nödåtkomst ${annaAccessId}: ${reason}`,
        unit_id: NORRTULL,
      },
    ]);
  });

  test('expires after four hours (the last millisecond still works)', async () => {
    clock.set('2026-08-01T13:59:59.999Z');
    expect((await overview(nils.headers, ids.anna as string)).statusCode).toBe(200);
    clock.set('2026-08-01T14:00:00.000Z');
    const expired = await overview(nils.headers, ids.anna as string);
    expect([expired.statusCode, expired.json().error.code]).toEqual([403, 'no_care_relationship']);
    const refused = await t.ctx.db
      .selectFrom('access_refusals')
      .select('at')
      .where('staff_id', '=', DEMO_STAFF.nurseNorrtull)
      .where('subject_person_id', '=', ids.anna as string)
      .execute();
    expect(refused.map((r) => r.at.toISOString())).toContain('2026-08-01T14:00:00.000Z');
    clock.set(START);
  });

  test('Dan takes emergency access to Karin (for the review by the unit admin)', async () => {
    const res = await grant(dan.headers, { personalNumber: pnr('karin'), reason });
    expect(res.statusCode).toBe(201);
    karinAccessId = res.json().data.id;
  });

  test('protected identity: access works, contact details never appear', async () => {
    const res = await grant(nils.headers, { personalNumber: pnr('skyddad'), reason });
    expect(res.statusCode).toBe(201);
    const view = await overview(nils.headers, ids.skyddad as string);
    expect(view.json().data).toMatchObject({ protectedIdentity: true, contact: { address: null, phone: null } });
    const followUp = await list(region.headers, NORRTULL);
    const item = followUp
      .json()
      .data.find((i: { patient: { personId: string } }) => i.patient.personId === ids.skyddad);
    expect(item.patient).toEqual({
      personId: ids.skyddad,
      name: 'Sanna Skog',
      personalNumber: pnr('skyddad'),
      protectedIdentity: true,
    });
    for (const body of [res.body, view.body, followUp.body]) {
      for (const secret of SECRETS) expect(body).not.toContain(secret);
    }
  });
});

describe('follow-up by the unit administrator', () => {
  test('401 without login; 403 for a citizen; 400 for a bad status or id', async () => {
    expect((await list({}, NORRTULL)).statusCode).toBe(401);
    expect((await list(citizen.headers, NORRTULL)).statusCode).toBe(403);
    const badStatus = await list(nils.headers, NORRTULL, '?status=bogus');
    expect(badStatus.statusCode).toBe(400);
    expect(badStatus.json().error.fields).toHaveProperty(['querystring.status']);
    expect((await review({}, NORRTULL, karinAccessId)).statusCode).toBe(401);
    expect((await review(citizen.headers, NORRTULL, karinAccessId)).statusCode).toBe(403);
    const badId = await review(nils.headers, NORRTULL, 'nope');
    expect(badId.statusCode).toBe(400);
    expect(badId.json().error.fields).toHaveProperty(['params.id']);
    const emptyNote = await review(nils.headers, NORRTULL, karinAccessId, { note: '  ' });
    expect(emptyNote.statusCode).toBe(400);
    expect(emptyNote.json().error.fields).toHaveProperty(['body.note']);
  });

  test('the unit admin lists unreviewed accesses (who, patient, reason); each patient shown is audited', async () => {
    const res = await list(nils.headers, NORRTULL);
    expect(res.statusCode).toBe(200);
    const items = res.json().data;
    expect(items).toHaveLength(3);
    const karin = items.find((i: { id: string }) => i.id === karinAccessId);
    expect(karin).toEqual({
      id: karinAccessId,
      unitId: NORRTULL,
      staff: { staffId: DEMO_STAFF.doctor, name: 'Dan Dahl', title: 'Läkare' },
      patient: { personId: ids.karin, name: 'Karin Ek', personalNumber: pnr('karin'), protectedIdentity: false },
      reason,
      createdAt: START,
      expiresAt: '2026-08-01T14:00:00.000Z',
      review: null,
    });
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select('record_id')
      .where('actor_staff_id', '=', DEMO_STAFF.nurseNorrtull)
      .where('purpose', '=', 'follow_up')
      .execute();
    expect(audit.map((a) => a.record_id).sort()).toEqual(items.map((i: { id: string }) => i.id).sort());
  });

  test('others: a clinician of the unit 403; the admin of another unit 404 (list and review)', async () => {
    const clinician = await list(dan.headers, NORRTULL);
    expect([clinician.statusCode, clinician.json().error.code]).toEqual([403, 'unit_admin_only']);
    expect((await review(dan.headers, NORRTULL, karinAccessId)).statusCode).toBe(403);
    expect((await list(ulla.headers, NORRTULL)).statusCode).toBe(404);
    expect((await review(ulla.headers, NORRTULL, karinAccessId)).statusCode).toBe(404);
    // Through their own unit's path the id is simply not there.
    expect((await review(ulla.headers, DEMO_UNITS.vcSolberga, karinAccessId)).statusCode).toBe(404);
    expect((await list(ulla.headers, DEMO_UNITS.vcSolberga)).json().data).toEqual([]);
  });

  test('no one reviews their own emergency access', async () => {
    const own = await review(nils.headers, NORRTULL, annaAccessId);
    expect([own.statusCode, own.json().error.code]).toEqual([403, 'own_emergency_access']);
  });

  test('the unit admin reviews once (audited); then it moves from unreviewed to reviewed', async () => {
    const res = await review(nils.headers, NORRTULL, karinAccessId, { note: '  Befogat, akut läge.  ' });
    expect(res.statusCode).toBe(200);
    expect(res.json().data.review).toEqual({
      at: START,
      by: { staffId: DEMO_STAFF.nurseNorrtull, name: 'Nils Norén' },
      note: 'Befogat, akut läge.',
    });
    const again = await review(nils.headers, NORRTULL, karinAccessId);
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'already_reviewed']);

    const ids1 = (await list(nils.headers, NORRTULL, '?status=unreviewed'))
      .json()
      .data.map((i: { id: string }) => i.id);
    const ids2 = (await list(nils.headers, NORRTULL, '?status=reviewed')).json().data.map((i: { id: string }) => i.id);
    const all = (await list(nils.headers, NORRTULL, '?status=all')).json().data;
    expect(ids1).not.toContain(karinAccessId);
    expect(ids2).toEqual([karinAccessId]);
    expect(all).toHaveLength(3);

    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'subject_person_id'])
      .where('record_id', '=', karinAccessId)
      .where('action', '=', 'review')
      .execute();
    expect(audit).toEqual([{ action: 'review', subject_person_id: ids.karin }]);
  });

  test('a region admin may review too (Nils’s own access)', async () => {
    const res = await review(region.headers, NORRTULL, annaAccessId);
    expect(res.statusCode).toBe(200);
    expect(res.json().data.review.by.name).toBe('Rebecka Regnell');
    expect((await list(region.headers, '00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });
});
