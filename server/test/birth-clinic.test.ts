/**
 * Birth-clinic wish over HTTP (issue 17): registration, wishes, the cut-off,
 * concurrent changes, the allocation run (idempotent, all-or-nothing), the
 * delivery list, capacity rules and the CSV. PGlite by default, PostgreSQL
 * with DATABASE_URL.
 */
import { addDays, isoWeek, stockholmDate } from '@ingang/domain';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createAllocationRunner } from '../src/modules/birth-clinic/allocation.js';
import { createBirthClinicNotifier } from '../src/modules/birth-clinic/notify.js';
import { fixedClock } from '../src/platform/clock.js';
import { seedDemo } from '../src/seed/demo.js';
import { DEMO_BIRTH } from '../src/seed/demo-birth-clinic.js';
import { DEMO_STAFF, DEMO_UNITS, demoPerson } from '../src/seed/demo-data.js';
import { startTestApp, type TestApp } from './harness.js';
import { citizenSession, staffSession, type TestSession } from './helpers/sessions.js';

const NOW = new Date('2026-12-07T10:00:00Z');
const clock = fixedClock(NOW);
const DUE = addDays(stockholmDate(NOW), 24 * 7);
const WEEK = isoWeek(DUE);
let t: TestApp;
let midwife: TestSession;
let admin: TestSession;
let delivery: TestSession;
let anna: TestSession;
let annaId: string;
let pregnancyId: string;

const personId = async (key: string) =>
  (
    await t.ctx.db
      .selectFrom('persons')
      .select('id')
      .where('personal_number', '=', demoPerson(key).personalNumber)
      .executeTakeFirstOrThrow()
  ).id;

function call(s: TestSession | null, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) {
  return t.app.inject({ method, url, headers: s?.headers ?? {}, ...(payload ? { payload: payload as object } : {}) });
}

/** Logs everyone in (again: moving the clock weeks ahead ends the sessions). */
async function logIn() {
  midwife = await staffSession(t, DEMO_BIRTH.midwifeStaff, { activeUnitId: DEMO_BIRTH.antenatalUnit });
  admin = await staffSession(t, DEMO_STAFF.regionAdmin);
  delivery = await staffSession(t, DEMO_STAFF.midwife, { activeUnitId: DEMO_UNITS.maternity });
  anna = await citizenSession(t, annaId);
}

beforeAll(async () => {
  t = await startTestApp({ clock });
  await seedDemo(t.ctx.db, clock);
  annaId = await personId('anna');
  await logIn();
}, 180_000);
afterAll(() => t?.close());

describe('registration', () => {
  test('bad due dates, wrong unit and no login are refused with the field named', async () => {
    const pnr = demoPerson('anna').personalNumber;
    const past = await call(midwife, 'POST', '/api/staff/birth-clinic/pregnancies', {
      personalNumber: pnr,
      dueDate: '2026-12-01',
    });
    expect(past.statusCode).toBe(400);
    expect(past.json().error.fields.dueDate).toMatch(/past/);
    const far = await call(midwife, 'POST', '/api/staff/birth-clinic/pregnancies', {
      personalNumber: pnr,
      dueDate: addDays(stockholmDate(NOW), 45 * 7),
    });
    expect(far.json().error.fields.dueDate).toMatch(/44 weeks/);
    const wrongUnit = await call(delivery, 'POST', '/api/staff/birth-clinic/pregnancies', {
      personalNumber: pnr,
      dueDate: DUE,
    });
    expect(wrongUnit.statusCode).toBe(403);
    expect((await call(null, 'GET', '/api/staff/birth-clinic/pregnancies')).statusCode).toBe(401);
  });

  test('the midwife registers; a second registration is 409; the patient is told by a job', async () => {
    const body = { personalNumber: demoPerson('anna').personalNumber, dueDate: DUE };
    const res = await call(midwife, 'POST', '/api/staff/birth-clinic/pregnancies', body);
    expect(res.statusCode).toBe(201);
    pregnancyId = res.json().data.id;
    expect(res.json().data).toMatchObject({ deliveryWeek: WEEK, wishes: [], wishesVersion: 0 });
    const again = await call(midwife, 'POST', '/api/staff/birth-clinic/pregnancies', body);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('already_registered');
    const jobs = await t.ctx.db
      .selectFrom('jobs')
      .select('payload')
      .where('kind', '=', 'birth-clinic.notify')
      .execute();
    expect(jobs.some((j) => (j.payload as { pregnancyId: string }).pregnancyId === pregnancyId)).toBe(true);
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('record_id', '=', pregnancyId)
      .execute();
    expect(audit.map((a) => a.action)).toContain('create');
  });

  test('the unit lists it among those without a wish', async () => {
    const res = await call(midwife, 'GET', '/api/staff/birth-clinic/pregnancies?filter=no_wish');
    expect(res.statusCode).toBe(200);
    expect(res.json().data.map((p: { id: string }) => p.id)).toContain(pregnancyId);
    expect(res.json().clinics).toHaveLength(7);
  });
});

describe('wishes', () => {
  test('the patient sees her pregnancy and the clinics with distances', async () => {
    const res = await call(anna, 'GET', '/api/birth-clinic');
    expect(res.statusCode).toBe(200);
    const { pregnancy, clinics } = res.json().data;
    expect(pregnancy).toMatchObject({ id: pregnancyId, canChange: true, allocation: null });
    expect(clinics).toHaveLength(7);
    expect(clinics.every((c: { distanceKm: number | null }) => typeof c.distanceKm === 'number')).toBe(true);
  });

  test('the same clinic twice and too many are named', async () => {
    const twice = await call(anna, 'PUT', '/api/birth-clinic/wishes', {
      clinicIds: [DEMO_BIRTH.southClinic, DEMO_BIRTH.southClinic],
      version: 0,
    });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().error.fields['clinicIds.1']).toMatch(/already ranked/);
  });

  test('a clinic closed in the delivery week is refused', async () => {
    const west = 'a1b2c3d4-0171-4000-8000-000000000005';
    const closed = await call(admin, 'PUT', `/api/admin/birth-clinic/clinics/${west}/weeks/${WEEK}`, {
      capacity: null,
      closed: true,
      reason: 'Renovering',
    });
    expect(closed.statusCode).toBe(204);
    const res = await call(anna, 'PUT', '/api/birth-clinic/wishes', { clinicIds: [west], version: 0 });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields['clinicIds.0']).toMatch(/no births/);
  });

  test('patient and midwife at the same moment: one wins, the other is told', async () => {
    const [a, b] = await Promise.all([
      call(anna, 'PUT', '/api/birth-clinic/wishes', { clinicIds: [DEMO_BIRTH.northClinic], version: 0 }),
      call(midwife, 'PUT', `/api/staff/birth-clinic/pregnancies/${pregnancyId}/wishes`, {
        clinicIds: [DEMO_BIRTH.southClinic],
        version: 0,
        reason: 'Patienten saknar BankID',
      }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const loser = a.statusCode === 409 ? a : b;
    expect(loser.json().error.code).toBe('wishes_changed');
    const row = await t.ctx.db
      .selectFrom('pregnancies')
      .select(['wishes_version', 'wish_clinic_ids'])
      .where('id', '=', pregnancyId)
      .executeTakeFirstOrThrow();
    expect(row.wishes_version).toBe(1);
    expect(row.wish_clinic_ids).toHaveLength(1);
  });

  test('the patient changes and withdraws, then ranks three; staff changes carry the reason in the audit', async () => {
    const version = (await call(anna, 'GET', '/api/birth-clinic')).json().data.pregnancy.wishesVersion;
    const withdrawn = await call(anna, 'PUT', '/api/birth-clinic/wishes', { clinicIds: [], version });
    expect(withdrawn.json().data.pregnancy.wishes).toEqual([]);
    const ranked = await call(anna, 'PUT', '/api/birth-clinic/wishes', {
      clinicIds: [DEMO_BIRTH.southClinic, DEMO_BIRTH.northClinic],
      version: version + 1,
    });
    expect(ranked.statusCode).toBe(200);
    expect(ranked.json().data.pregnancy.wishesUpdatedBy).toBe('citizen');
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'reason'])
      .where('record_id', '=', pregnancyId)
      .where('record_type', '=', 'birth_clinic_wish')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['withdraw', 'update']));
  });

  test('someone else cannot act for her without a grant', async () => {
    const erik = await citizenSession(t, await personId('erik'));
    const res = await call(erik, 'GET', `/api/birth-clinic?subjectId=${annaId}`);
    expect(res.statusCode).toBe(403);
  });
});

describe('allocation', () => {
  test('before the cut-off a run places her provisionally and tells no one', async () => {
    const run = await call(admin, 'POST', '/api/admin/birth-clinic/allocation-runs');
    expect(run.statusCode).toBe(200);
    expect(run.json().data.told).toBe(0);
    expect((await call(anna, 'GET', '/api/birth-clinic')).json().data.pregnancy.allocation).toBeNull();
  });

  test('after the cut-off wishes are locked, the run tells her, and a second run changes nothing', async () => {
    clock.set(`${addDays(stockholmDate(NOW), 6 * 7 + 1)}T10:00:00Z`);
    await logIn();
    const late = await call(anna, 'PUT', '/api/birth-clinic/wishes', {
      clinicIds: [DEMO_BIRTH.northClinic],
      version: 3,
    });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('cutoff_passed');
    const first = (await call(admin, 'POST', '/api/admin/birth-clinic/allocation-runs')).json().data;
    expect(first.told).toBeGreaterThanOrEqual(1);
    const mine = (await call(anna, 'GET', '/api/birth-clinic')).json().data.pregnancy.allocation;
    expect(mine).toMatchObject({ clinicId: DEMO_BIRTH.southClinic, wishRank: 1, basis: 'wish', week: WEEK });
    const second = (await call(admin, 'POST', '/api/admin/birth-clinic/allocation-runs')).json().data;
    expect(second).toMatchObject({ changed: 0, told: 0 });
    const reminders = await t.ctx.db
      .selectFrom('jobs')
      .select('id')
      .where('kind', '=', 'birth-clinic.reminder')
      .execute();
    expect(reminders.length).toBeGreaterThanOrEqual(1);
  });

  test('the delivery clinic sees her in its week list; others get 403', async () => {
    const res = await call(delivery, 'GET', `/api/staff/birth-clinic/deliveries?week=${WEEK}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().data.patients.map((p: { pregnancyId: string }) => p.pregnancyId)).toContain(pregnancyId);
    expect((await call(midwife, 'GET', '/api/staff/birth-clinic/deliveries')).statusCode).toBe(403);
  });

  test('capacity below those told is refused; closing the week needs a reason and moves her', async () => {
    const url = `/api/admin/birth-clinic/clinics/${DEMO_BIRTH.southClinic}/weeks/${WEEK}`;
    const lower = await call(admin, 'PUT', url, { capacity: 0, closed: false, reason: '' });
    expect(lower.statusCode).toBe(409);
    expect(lower.json().error.fields.capacity).toMatch(/already told/);
    const noReason = await call(admin, 'PUT', url, { capacity: null, closed: true, reason: '' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.fields.reason).toBeDefined();
    expect((await call(admin, 'PUT', url, { capacity: null, closed: true, reason: 'Vattenskada' })).statusCode).toBe(
      204,
    );
    await t.ctx.jobs.runDueJobs();
    const mine = (await call(anna, 'GET', '/api/birth-clinic')).json().data.pregnancy.allocation;
    expect(mine).toMatchObject({ clinicId: DEMO_BIRTH.northClinic, wishRank: 2, reason: 'clinic_closed' });
  });

  test('an interrupted run leaves nothing behind and can run again', async () => {
    await t.ctx.db
      .updateTable('pregnancies')
      .set({ told_at: null, allocated_clinic_id: null, allocation_basis: null })
      .where('id', '=', pregnancyId)
      .execute();
    const runsBefore = await t.ctx.db.selectFrom('birth_allocation_runs').select('id').execute();
    const notifier = createBirthClinicNotifier(t.ctx);
    const broken = createAllocationRunner({
      db: t.ctx.db,
      clock,
      notifier,
      locate: () => null,
      beforeCommit: async () => {
        throw new Error('power cut');
      },
    });
    await expect(broken.run('test')).rejects.toThrow('power cut');
    const row = await t.ctx.db
      .selectFrom('pregnancies')
      .select(['told_at', 'allocated_clinic_id'])
      .where('id', '=', pregnancyId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ told_at: null, allocated_clinic_id: null });
    expect(await t.ctx.db.selectFrom('birth_allocation_runs').select('id').execute()).toHaveLength(runsBefore.length);
    const again = await createAllocationRunner({ db: t.ctx.db, clock, notifier, locate: () => null }).run('test');
    expect(again.told).toBe(1);
  });

  test('overview, shares and CSV for the region admin only', async () => {
    const res = await call(admin, 'GET', `/api/admin/birth-clinic/overview?from=${WEEK}&weeks=2`);
    expect(res.statusCode).toBe(200);
    const data = res.json().data;
    expect(data.weeks).toEqual([WEEK, isoWeek(addDays(DUE, 7))]);
    expect(data.summary.placed).toBeGreaterThanOrEqual(1);
    const csv = await call(admin, 'GET', `/api/admin/birth-clinic/overview.csv?from=${WEEK}&weeks=2`);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body.split('\n')[0]).toBe('clinic,week,capacity,told,provisional,first_wishes');
    expect((await call(midwife, 'GET', `/api/admin/birth-clinic/overview?from=${WEEK}`)).statusCode).toBe(403);
    const bad = await call(admin, 'GET', '/api/admin/birth-clinic/overview?from=2027-53');
    expect(bad.statusCode).toBe(400);
  });

  test('an override with a reason is shown to the clinic', async () => {
    const res = await call(admin, 'POST', `/api/admin/birth-clinic/pregnancies/${pregnancyId}/override`, {
      clinicId: DEMO_BIRTH.southClinic,
      reason: 'Medicinska skäl',
    });
    expect(res.statusCode).toBe(204);
    const list = await call(delivery, 'GET', `/api/staff/birth-clinic/deliveries?week=${WEEK}`);
    expect(list.json().data.patients.find((p: { pregnancyId: string }) => p.pregnancyId === pregnancyId)).toMatchObject(
      { basis: 'override', overrideReason: 'Medicinska skäl' },
    );
  });
});
