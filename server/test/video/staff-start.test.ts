/**
 * Staff start a one-to-one video meeting for a patient (the picker on
 * /staff/video, "Starta videomöte" on the patient and conversation pages):
 * only for a patient the active unit has a care relationship with. A stranger
 * patient is refused at the picker's lookup and again at creation, nothing is
 * written but the refusal; an allowed start is audit-logged in the meeting's
 * transaction.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fixedClock } from '../../src/platform/clock.js';
import { seedDemo } from '../../src/seed/demo.js';
import { DEMO_STAFF, DEMO_UNITS, demoPerson } from '../../src/seed/demo-data.js';
import { personIdOf } from '../booking-fixtures.js';
import { startTestApp, type TestApp } from '../harness.js';
import { staffSession, type TestSession } from '../helpers/sessions.js';

const clock = fixedClock('2026-09-01T08:00:00Z');
let t: TestApp;
let nadia: TestSession;
let erikId: string;
let karinId: string;

beforeAll(async () => {
  t = await startTestApp({ clock });
  await seedDemo(t.ctx.db, clock);
  erikId = await personIdOf(t, 'erik');
  karinId = await personIdOf(t, 'karin');
  // Nadia works at Solberga; Erik is listed at Norrtull and has no relationship with Solberga.
  nadia = await staffSession(t, DEMO_STAFF.nurseSolberga, { activeUnitId: DEMO_UNITS.vcSolberga });
}, 240_000);
afterAll(async () => t?.close());

const lookup = (personalNumber: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/staff/patients/lookup',
    headers: nadia.headers,
    payload: { personalNumber },
  });
const create = (patientId: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/video/meetings',
    headers: nadia.headers,
    payload: { kind: 'one_to_one', title: 'Videomöte', durationMinutes: 30, patientId },
  });

describe('starting a video meeting for a patient', () => {
  test('a stranger patient is refused at the picker and at creation; only the refusal is written', async () => {
    const found = await lookup(demoPerson('erik').personalNumber);
    expect(found.statusCode).toBe(403);
    expect(found.json().error.code).toBe('no_care_relationship');

    const refused = await create(erikId);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('no_care_relationship');
    const meetings = await t.ctx.db
      .selectFrom('video_meetings')
      .select('id')
      .where('patient_person_id', '=', erikId)
      .execute();
    expect(meetings).toEqual([]);
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select('id')
      .where('subject_person_id', '=', erikId)
      .where('record_type', '=', 'video_meeting')
      .execute();
    expect(audit).toEqual([]);
    const refusals = await t.ctx.db
      .selectFrom('access_refusals')
      .select(['staff_id', 'unit_id', 'action', 'record_type'])
      .where('subject_person_id', '=', erikId)
      .where('record_type', '=', 'video_meeting')
      .execute();
    expect(refusals).toEqual([
      {
        staff_id: DEMO_STAFF.nurseSolberga,
        unit_id: DEMO_UNITS.vcSolberga,
        action: 'create',
        record_type: 'video_meeting',
      },
    ]);
  });

  test('a patient of the unit: picked by personnummer, the meeting is created and the start audit-logged', async () => {
    const found = await lookup(demoPerson('karin').personalNumber);
    expect(found.statusCode).toBe(200);
    expect(found.json().data.personId).toBe(karinId);

    const created = await create(karinId);
    expect(created.statusCode, created.body).toBe(201);
    const meeting = created.json().data as { id: string; myRole: string; patient: { personId: string } };
    expect(meeting).toMatchObject({ myRole: 'host', patient: { personId: karinId } });
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'purpose', 'unit_id', 'actor_staff_id'])
      .where('subject_person_id', '=', karinId)
      .where('record_type', '=', 'video_meeting')
      .where('action', '=', 'create')
      .execute();
    expect(audit).toEqual([
      { action: 'create', purpose: 'care', unit_id: DEMO_UNITS.vcSolberga, actor_staff_id: DEMO_STAFF.nurseSolberga },
    ]);
  });

  test('without a patient a one-to-one meeting is refused with the field named', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/video/meetings',
      headers: nadia.headers,
      payload: { kind: 'one_to_one', title: 'Videomöte', durationMinutes: 30 },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'patient_required', fields: { patientId: expect.any(String) } });
  });
});
