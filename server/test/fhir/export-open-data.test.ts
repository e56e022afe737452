/**
 * "Ladda ner mina uppgifter" (export job, bound short-lived download, audit,
 * refusals) and the daily open dataset (aggregated, suppressed, CSV + JSON).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { fixedClock } from '../../src/platform/clock.js';
import { MAIL_JOB } from '../../src/platform/mail.js';
import { seedDemo } from '../../src/seed/demo.js';
import { DEMO_UNITS } from '../../src/seed/demo-data.js';
import { book, createCitizens, createSlot, personIdOf, verifyEmail } from '../booking-fixtures.js';
import { startTestApp, type TestApp } from '../harness.js';
import { citizenSession, type TestSession } from '../helpers/sessions.js';
import { offeredType } from './fhir-fixtures.js';
import { bundleErrors, warmSchemas } from './fhir-schema.js';

const clock = fixedClock('2026-09-01T08:00:00Z');
let t: TestApp;
let anna: string;
let annaS: TestSession;
let erikS: TestSession;
let typeId: string;

// Compiling the R4 schema's validators is slow on a shared machine.
vi.setConfig({ testTimeout: 120_000 });

beforeAll(async () => {
  warmSchemas(['Bundle', 'Patient', 'Appointment', 'AuditEvent', 'Communication', 'Consent', 'QuestionnaireResponse']);
  t = await startTestApp({ clock, env: { FHIR_EXPORT_TTL_MINUTES: '60' } });
  await seedDemo(t.ctx.db, clock);
  typeId = await offeredType(t, DEMO_UNITS.vaccCity, { minAge: null, oneActive: false });
  anna = await personIdOf(t, 'anna');
  annaS = await citizenSession(t, anna);
  erikS = await citizenSession(t, await personIdOf(t, 'erik'));
  await verifyEmail(t, anna, 'anna@example.se');
  const slotId = await createSlot(t, { timeTypeId: typeId, unitId: DEMO_UNITS.vaccCity, inMinutes: 2 * 24 * 60 });
  expect((await book(t, annaS, { slotId })).statusCode).toBe(201);
}, 180_000);
afterAll(async () => {
  await t?.close();
});

const post = (s: TestSession, payload: object) =>
  t.app.inject({ method: 'POST', url: '/api/my-data/exports', headers: s.headers, payload });
const get = (url: string, s?: TestSession) => t.app.inject({ method: 'GET', url, headers: s?.headers ?? {} });

describe('download my data', () => {
  let exportId: string;

  test('ordering is audited and queues the job; the job builds a valid Bundle and the summary, and mails that it is ready', async () => {
    const res = await post(annaS, {});
    expect(res.statusCode).toBe(202);
    exportId = res.json().data.id;
    expect(res.json().data).toMatchObject({ status: 'pending', subject: { personId: anna } });
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'record_type', 'record_id'])
      .where('subject_person_id', '=', anna)
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit).toEqual({ action: 'export', record_type: 'fhir_bundle', record_id: exportId });
    expect((await get(`/api/my-data/exports/${exportId}/bundle.json`, annaS)).statusCode).toBe(409);

    await t.ctx.jobs.runDueJobs();
    const list = (await get('/api/my-data/exports', annaS)).json().data;
    expect(list[0]).toMatchObject({ id: exportId, status: 'ready', expiresAt: '2026-09-01T09:00:00.000Z' });
    const mails = await t.ctx.db.selectFrom('jobs').select('payload').where('kind', '=', MAIL_JOB).execute();
    expect(mails.some((m) => JSON.stringify(m.payload).includes('Dina uppgifter är klara'))).toBe(true);

    const bundle = await get(`/api/my-data/exports/${exportId}/bundle.json`, annaS);
    expect(bundle.statusCode).toBe(200);
    expect(bundle.headers['content-disposition']).toContain('attachment');
    const body = bundle.json();
    expect(body).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
    expect(bundleErrors(body)).toEqual([]);
    const types = new Set(body.entry.map((e: { resource: { resourceType: string } }) => e.resource.resourceType));
    expect(types).toEqual(new Set(['Patient', 'Appointment', 'AuditEvent']));

    const html = await get(`/api/my-data/exports/${exportId}/summary.html`, annaS);
    expect(html.statusCode).toBe(200);
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.body).toContain('Anna Lindqvist');
    expect(html.body).not.toContain('<script');
    const downloads = await t.ctx.db
      .selectFrom('audit_log')
      .select('record_type')
      .where('subject_person_id', '=', anna)
      .where('action', '=', 'download')
      .execute();
    expect(downloads.map((d) => d.record_type).sort()).toEqual(['fhir_bundle', 'fhir_summary']);
  });

  test('someone else using the link gets 404, and it is recorded', async () => {
    const res = await get(`/api/my-data/exports/${exportId}/bundle.json`, erikS);
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('Lindqvist');
    expect((await get('/api/my-data/exports', erikS)).json().data).toEqual([]);
    const refusal = await t.ctx.db
      .selectFrom('access_refusals')
      .select(['reason', 'record_id'])
      .where('record_type', '=', 'fhir_export')
      .where('reason', '=', 'export_not_yours')
      .executeTakeFirstOrThrow();
    expect(refusal.record_id).toBe(exportId);
  });

  test('after expiry the link is refused (410, recorded) and the sweep drops the content', async () => {
    clock.advance(61 * 60_000);
    // Sessions idle out too; log in again.
    annaS = await citizenSession(t, anna);
    erikS = await citizenSession(t, await personIdOf(t, 'erik'));
    const res = await get(`/api/my-data/exports/${exportId}/bundle.json`, annaS);
    expect(res.statusCode).toBe(410);
    expect(res.json().error.code).toBe('export_expired');
    const refusals = await t.ctx.db
      .selectFrom('access_refusals')
      .select('reason')
      .where('reason', '=', 'export_expired')
      .execute();
    expect(refusals).toHaveLength(1);
    await t.app.inject({ method: 'GET', url: '/api/my-data/exports', headers: annaS.headers });
    const { createFhirModule } = await import('../../src/modules/fhir/index.js');
    const m = createFhirModule({ ...t.ctx, config: t.ctx.config });
    await m.exports.sweep();
    const row = await t.ctx.db
      .selectFrom('fhir_exports')
      .select(['status', 'bundle'])
      .where('id', '=', exportId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'expired', bundle: null });
  });

  test("a guardian orders a child's export; an ombud cannot; another adult is refused", async () => {
    const elsa = await personIdOf(t, 'elsa');
    const child = await post(annaS, { subjectPersonId: elsa });
    expect(child.statusCode).toBe(202);
    expect(child.json().data.subject.personId).toBe(elsa);
    expect((await post(erikS, { subjectPersonId: anna })).statusCode).toBe(403);
    expect((await post(annaS, { subjectPersonId: 'not-a-uuid' })).statusCode).toBe(400);
    expect((await post(annaS, {})).statusCode).toBe(202);
    expect((await t.app.inject({ method: 'POST', url: '/api/my-data/exports', payload: {} })).statusCode).toBe(401);
  });
});

describe('open data', () => {
  test('JSON and CSV per unit, time type and day; small booked counts and thin medians suppressed', async () => {
    const bigSlot = await createSlot(t, {
      timeTypeId: typeId,
      unitId: DEMO_UNITS.vaccNorr,
      inMinutes: 3 * 24 * 60,
      capacity: 20,
    });
    await t.ctx.db
      .insertInto('time_type_units')
      .values({ time_type_id: typeId, unit_id: DEMO_UNITS.vaccNorr })
      .execute();
    for (const person of await createCitizens(t, 6, 7)) {
      expect((await book(t, await citizenSession(t, person), { slotId: bigSlot })).statusCode).toBe(201);
    }
    const res = await get('/api/open-data/slots.json');
    expect(res.statusCode).toBe(200);
    const data = res.json();
    expect(data.license).toBe('CC0-1.0');
    const { code } = await t.ctx.db
      .selectFrom('time_types')
      .select('code')
      .where('id', '=', typeId)
      .executeTakeFirstOrThrow();
    const ours = data.rows.filter((r: { timeTypeCode: string }) => r.timeTypeCode === code);
    const norr = ours.find((r: { unitId: string }) => r.unitId === DEMO_UNITS.vaccNorr);
    expect(norr).toMatchObject({ capacity: 20, booked: 6, free: 14 });
    expect(norr.medianLeadDays).toBeCloseTo(3 - 61 / 60 / 24, 1);
    const city = ours.find((r: { unitId: string }) => r.unitId === DEMO_UNITS.vaccCity);
    expect(city).toMatchObject({ booked: null, free: null, medianLeadDays: null });
    for (const row of data.rows) expect(Object.keys(row)).not.toContain('personId');

    const csv = await get(`/api/open-data/slots.csv?day=${data.day}`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe(
      'date,unitId,unitName,municipality,timeTypeCode,timeTypeName,capacity,booked,free,medianLeadDays',
    );
    expect(lines).toHaveLength(data.rows.length + 1);
    expect((await get('/api/open-data/slots.json?day=1999-01-01')).statusCode).toBe(404);
    const bad = await get('/api/open-data/slots.json?day=igår');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toHaveProperty('querystring.day');
  });
  test("the waiting room's busiest moment per day: queue length, arrivals and admissions, JSON and CSV, no ticket data", async () => {
    const roomId = randomUUID();
    const at = (iso: string) => new Date(iso);
    await t.ctx.db
      .insertInto('waiting_rooms')
      .values({
        id: roomId,
        scope: 'app',
        time_type_id: null,
        origin: 'manual',
        admission: 'rate',
        rate_per_minute: 600,
        capacity: 100,
        admitted_valid_seconds: 600,
        prequeue_opens_at: at('2026-08-31T19:00:00Z'),
        release_at: at('2026-08-31T19:00:00Z'),
        seed: 'a'.repeat(64),
        seed_sha256: 'b'.repeat(64),
        base_at: at('2026-08-31T19:00:00Z'),
        created_at: at('2026-08-31T19:00:00Z'),
        updated_at: at('2026-08-31T19:00:00Z'),
      })
      .execute();
    // 31 Aug 22:00 Stockholm, then three samples on 1 Sep: the middle one is the peak (300 − 40 waiting).
    const samples = [
      ['2026-08-31T20:00:00Z', 20, 20, 20],
      ['2026-09-01T09:00:00Z', 100, 10, 30],
      ['2026-09-01T09:00:10Z', 300, 40, 60],
      ['2026-09-01T09:00:20Z', 320, 200, 220],
    ] as const;
    for (const [iso, arrivals, serving, admitted] of samples) {
      await t.ctx.db
        .insertInto('waiting_room_samples')
        .values({ room_id: roomId, at: at(iso), arrivals, serving, admitted, completed: 0 })
        .execute();
    }
    // Today's snapshot exists already; the next day's is built with the week behind it.
    clock.advance(24 * 3600_000);
    const data = (await get('/api/open-data/slots.json')).json();
    expect(data.day).toBe('2026-09-02');
    const ours = data.waitingRoomPeaks.filter((p: { scope: string }) => p.scope === 'app');
    expect(ours).toEqual([
      {
        date: '2026-08-31',
        scope: 'app',
        timeTypeCode: null,
        timeTypeName: null,
        peakWaiting: 0,
        peakAt: '2026-08-31T20:00:00.000Z',
        arrivals: 20,
        admitted: 20,
      },
      {
        date: '2026-09-01',
        scope: 'app',
        timeTypeCode: null,
        timeTypeName: null,
        peakWaiting: 260,
        peakAt: '2026-09-01T09:00:10.000Z',
        arrivals: 300,
        admitted: 200,
      },
    ]);
    const csv = await get('/api/open-data/waiting-room.csv');
    expect(csv.statusCode).toBe(200);
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe('date,scope,timeTypeCode,timeTypeName,peakWaiting,peakAt,arrivals,admitted');
    expect(lines).toContain('2026-09-01,app,,,260,2026-09-01T09:00:10.000Z,300,200');
  });
});
