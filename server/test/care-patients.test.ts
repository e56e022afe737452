/**
 * Staff patient endpoints over HTTP: lookup, overview, registering a care
 * relationship, and protected identity (contact details never in any JSON).
 */
import { generatePersonnummer } from '@ingang/domain';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fixedClock } from '../src/platform/clock.js';
import { seedDemo } from '../src/seed/demo.js';
import { DEMO_STAFF, DEMO_UNITS, demoPerson } from '../src/seed/demo-data.js';
import { startTestApp, type TestApp } from './harness.js';
import { citizenSession, staffSession, type TestSession } from './helpers/sessions.js';

const clock = fixedClock('2026-08-01T10:00:00Z');
let t: TestApp;
const ids: Record<string, string> = {};
let nurse: TestSession;
let nurseNoUnit: TestSession;
let citizen: TestSession;

/** Address and contact strings of the protected person; none may appear in any staff response. */
const SECRETS = ['Hemliggatan 99', '999 99', 'Gömsta', 'Hemlighult', '070-999 99 99', 'sanna.hemlig@example.se'];

type Headers = Record<string, string>;
const lookup = (headers: Headers, payload: unknown) =>
  t.app.inject({ method: 'POST', url: '/api/staff/patients/lookup', headers, payload: payload as object });
const overview = (headers: Headers, personId: string) =>
  t.app.inject({ method: 'GET', url: `/api/staff/patients/${personId}`, headers });
const register = (headers: Headers, payload: unknown) =>
  t.app.inject({ method: 'POST', url: '/api/staff/patients/relationship', headers, payload: payload as object });

const pnr = (key: string) => demoPerson(key).personalNumber;
const reason = 'Patienten söker för uppföljning efter remiss';

beforeAll(async () => {
  t = await startTestApp({ clock, env: { WEB_DIST: '/nonexistent' } });
  await seedDemo(t.ctx.db, clock);
  const rows = await t.ctx.db.selectFrom('persons').select(['id', 'personal_number']).execute();
  for (const key of ['anna', 'elsa', 'erik', 'skyddad']) {
    ids[key] = rows.find((r) => r.personal_number === pnr(key))?.id ?? '';
  }
  // Give the protected person an address and contact details everywhere they could leak from.
  const secret = { street: 'Hemliggatan 99', postal_code: '999 99', city: 'Hemlighult', municipality: 'Gömsta' };
  await t.ctx.db
    .updateTable('persons')
    .set({ ...secret, phone: '070-999 99 99', email: 'sanna.hemlig@example.se' })
    .where('id', '=', ids.skyddad as string)
    .execute();
  await t.ctx.db.updateTable('registry_persons').set(secret).where('personal_number', '=', pnr('skyddad')).execute();
  nurse = await staffSession(t, DEMO_STAFF.nurseSolberga, { activeUnitId: DEMO_UNITS.vcSolberga });
  nurseNoUnit = await staffSession(t, DEMO_STAFF.nurseSolberga);
  citizen = await citizenSession(t, ids.anna as string);
});
afterAll(async () => {
  await t.close();
});

describe('POST /api/staff/patients/lookup', () => {
  test('401 without login; 403 for a citizen; 403 without the CSRF header', async () => {
    expect((await lookup({}, { personalNumber: pnr('anna') })).statusCode).toBe(401);
    const asCitizen = await lookup(citizen.headers, { personalNumber: pnr('anna') });
    expect([asCitizen.statusCode, asCitizen.json().error.code]).toEqual([403, 'staff_only']);
    const noCsrf = await lookup({ cookie: nurse.headers.cookie }, { personalNumber: pnr('anna') });
    expect([noCsrf.statusCode, noCsrf.json().error.code]).toEqual([403, 'csrf_invalid']);
  });

  test('400 names the field for a missing or invalid personnummer', async () => {
    const missing = await lookup(nurse.headers, {});
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.fields).toHaveProperty(['body.personalNumber']);
    const badChecksum = await lookup(nurse.headers, { personalNumber: `${pnr('anna').slice(0, 11)}0` });
    expect(badChecksum.statusCode).toBe(400);
    expect(badChecksum.json().error.fields).toHaveProperty(['body.personalNumber']);
  });

  test('a listed patient is found (10-digit form too); the lookup is audited', async () => {
    const res = await lookup(nurse.headers, { personalNumber: `${pnr('anna').slice(2, 8)}-${pnr('anna').slice(8)}` });
    expect(res.statusCode).toBe(200);
    expect(res.json().data).toEqual({
      personId: ids.anna,
      name: 'Anna Lindqvist',
      personalNumber: pnr('anna'),
      protectedIdentity: false,
      relationship: 'listed',
    });
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('subject_person_id', '=', ids.anna as string)
      .where('purpose', '=', 'lookup')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_staff_id: DEMO_STAFF.nurseSolberga, unit_id: DEMO_UNITS.vcSolberga });
  });

  test('without a relationship, an existing and an unknown person get the same 403; both refusals are recorded', async () => {
    const stranger = generatePersonnummer({ birthDate: '1990-05-05', serial: 123 });
    const erik = await lookup(nurse.headers, { personalNumber: pnr('erik') });
    const unknown = await lookup(nurse.headers, { personalNumber: stranger });
    expect(erik.statusCode).toBe(403);
    expect(unknown.statusCode).toBe(403);
    expect(erik.json()).toEqual(unknown.json());
    expect(erik.json().error.code).toBe('no_care_relationship');
    expect(erik.body).not.toContain(ids.erik);
    const refused = await t.ctx.db
      .selectFrom('access_refusals')
      .select(['subject_person_id', 'subject_personal_number', 'purpose'])
      .where('staff_id', '=', DEMO_STAFF.nurseSolberga)
      .where('purpose', '=', 'lookup')
      .execute();
    expect(refused).toEqual(
      expect.arrayContaining([
        { subject_person_id: ids.erik, subject_personal_number: null, purpose: 'lookup' },
        { subject_person_id: null, subject_personal_number: stranger, purpose: 'lookup' },
      ]),
    );
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select('id')
      .where('subject_person_id', '=', ids.erik as string)
      .execute();
    expect(audit).toHaveLength(0);
  });

  test('403 no_active_unit without an active unit', async () => {
    const res = await lookup(nurseNoUnit.headers, { personalNumber: pnr('anna') });
    expect([res.statusCode, res.json().error.code]).toEqual([403, 'no_active_unit']);
  });
});

describe('GET /api/staff/patients/:personId', () => {
  test('401 without login; 403 for a citizen; 400 for a malformed id', async () => {
    expect((await overview({}, ids.anna as string)).statusCode).toBe(401);
    expect((await overview(citizen.headers, ids.anna as string)).statusCode).toBe(403);
    const bad = await overview(nurse.headers, 'not-a-uuid');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toHaveProperty(['params.personId']);
  });

  test('the overview of a listed patient, with registry family (names only)', async () => {
    const res = await overview(nurse.headers, ids.anna as string);
    expect(res.statusCode).toBe(200);
    expect(res.json().data).toEqual({
      personId: ids.anna,
      name: 'Anna Lindqvist',
      givenName: 'Anna',
      familyName: 'Lindqvist',
      personalNumber: pnr('anna'),
      birthDate: '1988-04-12',
      age: 38,
      protectedIdentity: false,
      listedUnit: { id: DEMO_UNITS.vcSolberga, name: 'Solberga vårdcentral' },
      contact: {
        address: { street: 'Björkvägen 7', postalCode: '125 44', city: 'Älvsjö', municipality: 'Stockholm' },
        phone: null,
        email: null,
      },
      guardians: [],
      children: [
        { name: 'Elsa Lindqvist', protectedIdentity: false },
        { name: 'Oskar Lindqvist', protectedIdentity: false },
      ],
      relationships: ['listed'],
      registeredRelationships: [],
      emergencyAccess: null,
    });
    const child = (await overview(nurse.headers, ids.elsa as string)).json().data;
    expect(child.guardians.map((g: { name: string }) => g.name)).toEqual(['Anna Lindqvist', 'Johan Lindqvist']);
  });

  test('the active unit decides: a doctor of Solberga working in dermatology cannot open a Solberga patient', async () => {
    const atSolberga = await staffSession(t, DEMO_STAFF.doctor, { activeUnitId: DEMO_UNITS.vcSolberga });
    const atDerm = await staffSession(t, DEMO_STAFF.doctor, { activeUnitId: DEMO_UNITS.dermatology });
    expect((await overview(atSolberga.headers, ids.anna as string)).statusCode).toBe(200);
    const res = await overview(atDerm.headers, ids.anna as string);
    expect([res.statusCode, res.json().error.code]).toEqual([403, 'no_care_relationship']);
  });

  test('403 without a relationship (recorded, not audited); the same 403 for an unknown id', async () => {
    const res = await overview(nurse.headers, ids.erik as string);
    expect([res.statusCode, res.json().error.code]).toEqual([403, 'no_care_relationship']);
    const unknown = await overview(nurse.headers, '00000000-0000-4000-8000-000000000000');
    expect(unknown.json()).toEqual(res.json());
    const refused = await t.ctx.db
      .selectFrom('access_refusals')
      .select('record_type')
      .where('subject_person_id', '=', ids.erik as string)
      .where('record_type', '=', 'patient_overview')
      .execute();
    expect(refused).toHaveLength(1);
  });
});

describe('POST /api/staff/patients/relationship', () => {
  test('401 without login; 403 for a citizen; 403 without an active unit', async () => {
    const body = { personalNumber: pnr('erik'), reason };
    expect((await register({}, body)).statusCode).toBe(401);
    expect((await register(citizen.headers, body)).statusCode).toBe(403);
    const noUnit = await register(nurseNoUnit.headers, body);
    expect([noUnit.statusCode, noUnit.json().error.code]).toEqual([403, 'no_active_unit']);
  });

  test.each([
    [{ personalNumber: pnr('erik') }, 'body.reason'],
    [{ personalNumber: pnr('erik'), reason: '   kort    ' }, 'body.reason'],
    [{ personalNumber: pnr('erik'), reason: 'x'.repeat(501) }, 'body.reason'],
    [{ personalNumber: '12345', reason }, 'body.personalNumber'],
    [{ personalNumber: '199001011234', reason }, 'body.personalNumber'],
  ])('400 names the field: %j', async (body, field) => {
    const res = await register(nurse.headers, body);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toHaveProperty([field]);
  });

  test('registers (201, audited), then opens the patient; registering again is idempotent (200, same id)', async () => {
    const first = await register(nurse.headers, { personalNumber: pnr('erik'), reason: `  ${reason}  ` });
    expect(first.statusCode).toBe(201);
    const rel = first.json().data;
    expect(rel).toMatchObject({
      personId: ids.erik,
      unitId: DEMO_UNITS.vcSolberga,
      reason,
      registeredBy: { staffId: DEMO_STAFF.nurseSolberga, name: 'Nadia Nyström' },
      createdAt: clock.now().toISOString(),
      endsAt: null,
    });
    const again = await register(nurse.headers, {
      personalNumber: pnr('erik'),
      reason: 'Ett annat skäl den här gången',
    });
    expect(again.statusCode).toBe(200);
    expect(again.json().data).toEqual(rel);

    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'record_type', 'record_id'])
      .where('subject_person_id', '=', ids.erik as string)
      .where('record_type', '=', 'care_relationship')
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['create', 'read']);

    const view = await overview(nurse.headers, ids.erik as string);
    expect(view.statusCode).toBe(200);
    expect(view.json().data.relationships).toEqual(['registered']);
    expect(view.json().data.registeredRelationships).toEqual([rel]);
    const looked = await lookup(nurse.headers, { personalNumber: pnr('erik') });
    expect(looked.json().data.relationship).toBe('registered');
  });

  test('two simultaneous registrations make one relationship', async () => {
    const body = { personalNumber: pnr('margit'), reason };
    const [a, b] = await Promise.all([register(nurse.headers, body), register(nurse.headers, body)]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 201]);
    expect(a.json().data.id).toBe(b.json().data.id);
  });

  test('a person who never used the service is created from the registry', async () => {
    const newcomer = generatePersonnummer({ birthDate: '1970-02-02', serial: 456 });
    const res = await register(nurse.headers, { personalNumber: newcomer, reason });
    expect(res.statusCode).toBe(201);
    const view = await overview(nurse.headers, res.json().data.personId);
    expect(view.statusCode).toBe(200);
    expect(view.json().data.personalNumber).toBe(newcomer);
  });
});

describe('protected identity', () => {
  test('no staff endpoint returns the address, phone or e-mail; the warning flag is set', async () => {
    const view = await overview(nurse.headers, ids.skyddad as string);
    expect(view.statusCode).toBe(200);
    expect(view.json().data).toMatchObject({
      protectedIdentity: true,
      contact: { address: null, phone: null, email: null },
    });
    const found = await lookup(nurse.headers, { personalNumber: pnr('skyddad') });
    expect(found.json().data.protectedIdentity).toBe(true);
    const registered = await register(nurse.headers, { personalNumber: pnr('skyddad'), reason });
    expect(registered.statusCode).toBe(201);
    for (const res of [view, found, registered]) {
      for (const secret of SECRETS) expect(res.body).not.toContain(secret);
    }
  });
});
