/**
 * The FHIR R4 read API: CapabilityStatement, public types, a person's types
 * behind the acting-for and care-relationship gates with one audit row per
 * access, OperationOutcome errors, and BOLA (citizen B asks for citizen A's
 * records by id and by search → nothing). Every returned resource is checked
 * against the R4 JSON schema.
 */
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { fixedClock } from '../../src/platform/clock.js';
import { seedDemo } from '../../src/seed/demo.js';
import { DEMO_STAFF, DEMO_UNITS } from '../../src/seed/demo-data.js';
import { book, createSlot, grantOmbud, personIdOf } from '../booking-fixtures.js';
import { startTestApp, type TestApp } from '../harness.js';
import { citizenSession, staffSession, type TestSession } from '../helpers/sessions.js';
import { auditCount, offeredType } from './fhir-fixtures.js';
import { bundleErrors, fhirErrors, warmSchemas } from './fhir-schema.js';

const clock = fixedClock('2026-09-01T08:00:00Z');
let t: TestApp;
let anna: string;
let erik: string;
let elsa: string;
let annaS: TestSession;
let erikS: TestSession;
let annaBooking: string;
let slotId: string;
let typeId: string;

const get = (url: string, s?: TestSession) => t.app.inject({ method: 'GET', url, headers: s?.headers ?? {} });

// Compiling the R4 schema's validators is slow on a shared machine.
vi.setConfig({ testTimeout: 120_000 });

beforeAll(async () => {
  warmSchemas([
    'CapabilityStatement',
    'OperationOutcome',
    'Bundle',
    'Location',
    'Organization',
    'HealthcareService',
    'Schedule',
    'Slot',
    'Patient',
    'Appointment',
    'QuestionnaireResponse',
    'Communication',
    'AuditEvent',
    'Consent',
  ]);
  t = await startTestApp({ clock });
  await seedDemo(t.ctx.db, clock);
  typeId = await offeredType(t, DEMO_UNITS.vaccCity, { minAge: null, oneActive: false });
  slotId = await createSlot(t, { timeTypeId: typeId, unitId: DEMO_UNITS.vaccCity, inMinutes: 24 * 60 });
  anna = await personIdOf(t, 'anna');
  erik = await personIdOf(t, 'erik');
  elsa = await personIdOf(t, 'elsa');
  annaS = await citizenSession(t, anna);
  erikS = await citizenSession(t, erik);
  const res = await book(t, annaS, { slotId });
  expect(res.statusCode).toBe(201);
  annaBooking = res.json().data.id;
  const childSlot = await createSlot(t, { timeTypeId: typeId, unitId: DEMO_UNITS.vaccCity, inMinutes: 25 * 60 });
  const child = await book(t, annaS, { slotId: childSlot, patientId: elsa });
  expect(child.statusCode, child.body).toBe(201);
}, 180_000);
afterAll(async () => {
  await t?.close();
});

describe('public resources', () => {
  test('metadata is a valid CapabilityStatement listing every type and its search parameters', async () => {
    const res = await get('/api/fhir/metadata');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/fhir+json');
    const cs = res.json();
    expect(fhirErrors(cs)).toEqual([]);
    const types = cs.rest[0].resource.map((r: { type: string }) => r.type);
    expect(types).toEqual(
      expect.arrayContaining(['Location', 'Slot', 'Patient', 'Appointment', 'AuditEvent', 'Consent']),
    );
  });

  test.each(['Location', 'Organization', 'HealthcareService', 'Schedule', 'Slot'])(
    '%s: search and read without login, valid R4',
    async (type) => {
      const res = await get(`/api/fhir/${type}?_count=5`);
      expect(res.statusCode).toBe(200);
      const bundle = res.json();
      expect(bundleErrors(bundle)).toEqual([]);
      expect(bundle.entry.length).toBeGreaterThan(0);
      const id = bundle.entry[0].resource.id;
      const one = await get(`/api/fhir/${type}/${id}`);
      expect(one.statusCode).toBe(200);
      expect(one.json()).toEqual(bundle.entry[0].resource);
    },
  );

  test('Slot search by schedule and status; paging links; _count capped at 200', async () => {
    const schedules = (await get('/api/fhir/Schedule?_count=200'))
      .json()
      .entry.map((e: { resource: { id: string; actor: { reference: string }[] } }) => e.resource);
    const ours = (await get(`/api/fhir/Slot?_id=${slotId}`)).json().entry[0].resource;
    const scheduleRef = ours.schedule.reference;
    expect(schedules.some((s: { id: string }) => `Schedule/${s.id}` === scheduleRef)).toBe(true);
    const free = (await get(`/api/fhir/Slot?schedule=${scheduleRef}&status=free`)).json();
    expect(free.entry.map((e: { resource: { id: string } }) => e.resource.id)).toContain(slotId);
    expect((await get(`/api/fhir/Slot?schedule=${scheduleRef}&status=busy`)).json().entry).toEqual([]);
    const page = (await get('/api/fhir/Slot?_count=1')).json();
    expect(page.entry).toHaveLength(1);
    const next = page.link.find((l: { relation: string }) => l.relation === 'next');
    expect(next?.url).toContain('_offset=1');
    const capped = (await get('/api/fhir/Location?_count=100000')).json();
    expect(capped.link[0].url).toContain('_count=200');
  });

  test('errors are OperationOutcomes: unknown type 404, unknown id 404, unknown/malformed parameter 400 naming it', async () => {
    const type = await get('/api/fhir/Medication');
    expect(type.statusCode).toBe(404);
    expect(type.json()).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'not-found' }] });
    expect(fhirErrors(type.json())).toEqual([]);
    expect((await get('/api/fhir/Medication/123')).statusCode).toBe(404);
    expect((await get('/api/fhir/Location/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    const unknown = await get('/api/fhir/Slot?colour=red');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().issue[0].expression).toEqual(['colour']);
    const malformed = await get('/api/fhir/Slot?start=tomorrow');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().issue[0].expression).toEqual(['start']);
    expect((await get('/api/fhir/Slot?status=maybe')).json().issue[0].expression).toEqual(['status']);
    expect((await get('/api/fhir/Slot?_count=-1')).json().issue[0].expression).toEqual(['_count']);
  });
});

describe('a citizen', () => {
  test('401 OperationOutcome without a login', async () => {
    const res = await get('/api/fhir/Patient');
    expect(res.statusCode).toBe(401);
    expect(res.json().resourceType).toBe('OperationOutcome');
  });

  test('reads herself and her bookings: valid R4, one audit row per access', async () => {
    const before = await auditCount(t, anna);
    const patient = await get(`/api/fhir/Patient/${anna}`, annaS);
    expect(patient.statusCode).toBe(200);
    expect(fhirErrors(patient.json())).toEqual([]);
    expect(patient.json().name[0]).toMatchObject({ family: 'Lindqvist', given: ['Anna'] });
    expect(await auditCount(t, anna)).toBe(before + 1);
    const appts = await get('/api/fhir/Appointment?status=booked&date=ge2026-09-01', annaS);
    expect(appts.statusCode).toBe(200);
    expect(bundleErrors(appts.json())).toEqual([]);
    expect(appts.json().entry.map((e: { resource: { id: string } }) => e.resource.id)).toEqual([annaBooking]);
    expect(await auditCount(t, anna)).toBe(before + 2);
    const last = await t.ctx.db
      .selectFrom('audit_log')
      .select(['actor_person_id', 'record_type', 'purpose', 'on_behalf_of_relation'])
      .where('subject_person_id', '=', anna)
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(last).toEqual({
      actor_person_id: anna,
      record_type: 'fhir_Appointment',
      purpose: 'self_service',
      on_behalf_of_relation: null,
    });
  });

  test.each(['QuestionnaireResponse', 'Communication', 'AuditEvent', 'Consent'])(
    '%s search is a valid searchset',
    async (type) => {
      const res = await get(`/api/fhir/${type}`, annaS);
      expect(res.statusCode).toBe(200);
      expect(bundleErrors(res.json())).toEqual([]);
    },
  );

  test('AuditEvent shows her access log; Consent her ombud grants', async () => {
    await grantOmbud(t, anna, await personIdOf(t, 'johan'), ['booking']);
    const audit = (await get('/api/fhir/AuditEvent?_count=5', annaS)).json();
    expect(audit.entry.length).toBeGreaterThan(0);
    expect(bundleErrors(audit)).toEqual([]);
    const consent = (await get('/api/fhir/Consent', annaS)).json();
    expect(consent.entry).toHaveLength(1);
    expect(consent.entry[0].resource).toMatchObject({ status: 'active', patient: { reference: `Patient/${anna}` } });
    expect(bundleErrors(consent)).toEqual([]);
  });

  test("a guardian reads her child's bookings (audited as guardian)", async () => {
    const res = await get(`/api/fhir/Appointment?patient=Patient/${elsa}`, annaS);
    expect(res.statusCode).toBe(200);
    expect(res.json().entry).toHaveLength(1);
    const row = await t.ctx.db
      .selectFrom('audit_log')
      .select(['actor_person_id', 'on_behalf_of_relation'])
      .where('subject_person_id', '=', elsa)
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ actor_person_id: anna, on_behalf_of_relation: 'guardian' });
  });

  test("BOLA: Erik gets nothing of Anna's, by id or by search, and no audit row lands on her chain", async () => {
    const before = await auditCount(t, anna);
    for (const url of [
      `/api/fhir/Patient/${anna}`,
      `/api/fhir/Appointment/${annaBooking}`,
      `/api/fhir/QuestionnaireResponse/${annaBooking}`,
    ]) {
      const res = await get(url, erikS);
      expect(res.statusCode, url).toBe(404);
      expect(res.body).not.toContain('Lindqvist');
    }
    for (const url of [
      `/api/fhir/Appointment?patient=${anna}`,
      `/api/fhir/Patient?_id=${anna}`,
      `/api/fhir/AuditEvent?patient=Patient/${anna}`,
      `/api/fhir/Communication?subject=${anna}`,
    ]) {
      const res = await get(url, erikS);
      expect(res.statusCode, url).toBe(403);
      expect(res.json().resourceType).toBe('OperationOutcome');
      expect(res.body).not.toContain(annaBooking);
    }
    // His own searches with her ids return only his (none).
    const own = (await get(`/api/fhir/Appointment?_id=${annaBooking}`, erikS)).json();
    expect(own.entry).toEqual([]);
    expect(await auditCount(t, anna)).toBe(before);
    const refusals = await t.ctx.db
      .selectFrom('access_refusals')
      .select('reason')
      .where('actor_person_id', '=', erik)
      .where('subject_person_id', '=', anna)
      .execute();
    expect(refusals.length).toBeGreaterThanOrEqual(5);
  });

  test('an ombud with the booking scope reads bookings, but not the access log (records scope)', async () => {
    await grantOmbud(t, anna, erik, ['booking']);
    expect((await get(`/api/fhir/Appointment?patient=${anna}`, erikS)).statusCode).toBe(200);
    expect((await get(`/api/fhir/AuditEvent?patient=${anna}`, erikS)).statusCode).toBe(403);
  });
});

describe('staff', () => {
  test("the vaccinating unit (a booking relationship) reads the patient's records there: one audit row with the staff actor", async () => {
    const s = await staffSession(t, DEMO_STAFF.vaccinatorCity, { activeUnitId: DEMO_UNITS.vaccCity });
    const before = await auditCount(t, anna);
    const res = await get(`/api/fhir/Appointment?patient=${anna}`, s);
    expect(res.statusCode).toBe(200);
    expect(bundleErrors(res.json())).toEqual([]);
    expect(res.json().entry.map((e: { resource: { id: string } }) => e.resource.id)).toEqual([annaBooking]);
    expect(await auditCount(t, anna)).toBe(before + 1);
    const row = await t.ctx.db
      .selectFrom('audit_log')
      .select(['actor_staff_id', 'unit_id', 'record_type', 'purpose'])
      .where('subject_person_id', '=', anna)
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      actor_staff_id: DEMO_STAFF.vaccinatorCity,
      unit_id: DEMO_UNITS.vaccCity,
      record_type: 'fhir_Appointment',
      purpose: 'care',
    });
    expect((await get(`/api/fhir/Patient/${anna}`, s)).statusCode).toBe(200);
    expect((await get(`/api/fhir/Appointment/${annaBooking}`, s)).statusCode).toBe(200);
  });

  test('a unit without a care relationship is refused (recorded), a search must name the patient, the access log is not for staff', async () => {
    const s = await staffSession(t, DEMO_STAFF.dermatologist, { activeUnitId: DEMO_UNITS.dermatology });
    const refused = await get(`/api/fhir/Appointment?patient=${anna}`, s);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().resourceType).toBe('OperationOutcome');
    const recorded = await t.ctx.db
      .selectFrom('access_refusals')
      .select('reason')
      .where('staff_id', '=', DEMO_STAFF.dermatologist)
      .where('record_type', '=', 'fhir_Appointment')
      .execute();
    expect(recorded).toEqual([{ reason: 'no_care_relationship' }]);
    const noPatient = await get('/api/fhir/Appointment', s);
    expect(noPatient.statusCode).toBe(400);
    expect(noPatient.json().issue[0].expression).toEqual(['patient']);
    const vacc = await staffSession(t, DEMO_STAFF.vaccinatorCity, { activeUnitId: DEMO_UNITS.vaccCity });
    expect((await get(`/api/fhir/AuditEvent?patient=${anna}`, vacc)).statusCode).toBe(403);
  });
});
