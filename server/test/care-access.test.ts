/**
 * platform/patient-access.ts on a real database: the care-relationship gate,
 * its audit row (same transaction), recorded refusals, the set-based
 * allowed subset, and the gate built from the modules' sources.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadActor, type StaffActor } from '../src/platform/auth.js';
import { fixedClock } from '../src/platform/clock.js';
import { createPatientAccess, PatientAccessRefused, patientTransaction } from '../src/platform/patient-access.js';
import { seedDemo } from '../src/seed/demo.js';
import { DEMO_STAFF, DEMO_UNITS, demoPerson } from '../src/seed/demo-data.js';
import { startTestApp, type TestApp } from './harness.js';
import { staffSession } from './helpers/sessions.js';

const clock = fixedClock('2026-08-01T10:00:00Z');
let t: TestApp;
const ids: Record<string, string> = {};
let nurse: StaffActor;
let noUnit: StaffActor;

async function actorFor(staffId: string, activeUnitId?: string): Promise<StaffActor> {
  const s = await staffSession(t, staffId, activeUnitId ? { activeUnitId } : {});
  const session = await t.ctx.sessions.resolve(s.token);
  const actor = session ? await loadActor(t.ctx.db, session) : null;
  if (actor?.kind !== 'staff') throw new Error('no staff actor');
  return actor;
}

const read = { action: 'read', recordType: 'patient_overview', purpose: 'care' };

const auditRows = (personId: string, staffId: string) =>
  t.ctx.db
    .selectFrom('audit_log')
    .selectAll()
    .where('subject_person_id', '=', personId)
    .where('actor_staff_id', '=', staffId)
    .execute();

const refusals = (staffId: string) =>
  t.ctx.db.selectFrom('access_refusals').selectAll().where('staff_id', '=', staffId).orderBy('at').execute();

beforeAll(async () => {
  t = await startTestApp({ clock, env: { WEB_DIST: '/nonexistent' } });
  await seedDemo(t.ctx.db, clock);
  const rows = await t.ctx.db.selectFrom('persons').select(['id', 'personal_number']).execute();
  for (const key of ['anna', 'johan', 'erik', 'sara', 'skyddad']) {
    ids[key] = rows.find((r) => r.personal_number === demoPerson(key).personalNumber)?.id ?? '';
  }
  nurse = await actorFor(DEMO_STAFF.nurseSolberga, DEMO_UNITS.vcSolberga);
  noUnit = await actorFor(DEMO_STAFF.nurseSolberga);
});
afterAll(async () => {
  await t.close();
});

describe('access.require', () => {
  test('a listed patient: access with the audit row written in the same transaction', async () => {
    const sentinel = new Error('roll back');
    const seen = await t.ctx.db
      .transaction()
      .execute(async (trx) => {
        const grant = await t.ctx.access.require(trx, nurse, ids.anna as string, { ...read, at: clock.now() });
        expect(grant).toEqual({ relationship: 'listed', unitId: DEMO_UNITS.vcSolberga });
        const inside = await trx
          .selectFrom('audit_log')
          .selectAll()
          .where('subject_person_id', '=', ids.anna as string)
          .execute();
        expect(inside).toHaveLength(1);
        expect(inside[0]).toMatchObject({
          actor_kind: 'staff',
          actor_staff_id: DEMO_STAFF.nurseSolberga,
          unit_id: DEMO_UNITS.vcSolberga,
          action: 'read',
          record_type: 'patient_overview',
          purpose: 'care',
          flagged: false,
        });
        throw sentinel;
      })
      .catch((e: unknown) => e);
    expect(seen).toBe(sentinel);
    // The row went with the rolled-back transaction: it is exactly as durable as the access.
    expect(await auditRows(ids.anna as string, DEMO_STAFF.nurseSolberga)).toHaveLength(0);

    await patientTransaction(t.ctx.db, (trx) =>
      t.ctx.access.require(trx, nurse, ids.anna as string, { ...read, at: clock.now() }),
    );
    expect(await auditRows(ids.anna as string, DEMO_STAFF.nurseSolberga)).toHaveLength(1);
  });

  test('no relationship: 403 no_care_relationship, the refusal recorded, no audit row, nothing else written', async () => {
    const before = await refusals(DEMO_STAFF.nurseSolberga);
    const error = await patientTransaction(t.ctx.db, async (trx) => {
      await trx
        .updateTable('persons')
        .set({ phone: '070-111 11 11' })
        .where('id', '=', ids.erik as string)
        .execute();
      await t.ctx.access.require(trx, nurse, ids.erik as string, { ...read, recordId: 'x', at: clock.now() });
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PatientAccessRefused);
    expect(error).toMatchObject({ status: 403, code: 'no_care_relationship', recorded: true });
    const after = await refusals(DEMO_STAFF.nurseSolberga);
    expect(after).toHaveLength(before.length + 1);
    expect(after.find((r) => r.subject_person_id === ids.erik)).toMatchObject({
      unit_id: DEMO_UNITS.vcSolberga,
      subject_person_id: ids.erik,
      action: 'read',
      record_type: 'patient_overview',
      record_id: 'x',
      purpose: 'care',
      reason: 'no_care_relationship',
    });
    expect(await auditRows(ids.erik as string, DEMO_STAFF.nurseSolberga)).toHaveLength(0);
    const erik = await t.ctx.db
      .selectFrom('persons')
      .select('phone')
      .where('id', '=', ids.erik as string)
      .executeTakeFirstOrThrow();
    expect(erik.phone).toBeNull();
  });

  test('refusals are append-only', async () => {
    await expect(t.ctx.db.deleteFrom('access_refusals').execute()).rejects.toThrow(/append-only/);
  });

  test('an unknown person id looks like any other refusal', async () => {
    const error = await patientTransaction(t.ctx.db, (trx) =>
      t.ctx.access.require(trx, nurse, '00000000-0000-4000-8000-000000000000', { ...read, at: clock.now() }),
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 403, code: 'no_care_relationship' });
  });

  test('no active unit: 403 no_active_unit, recorded', async () => {
    const error = await patientTransaction(t.ctx.db, (trx) =>
      t.ctx.access.require(trx, noUnit, ids.anna as string, { ...read, at: clock.now() }),
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 403, code: 'no_active_unit' });
    const recorded = (await refusals(DEMO_STAFF.nurseSolberga)).filter((r) => r.reason === 'no_active_unit');
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ unit_id: null, subject_person_id: ids.anna });
  });

  test('the unit decides: a registered relationship at A does not count while working in B', async () => {
    const atDerm = await actorFor(DEMO_STAFF.doctor, DEMO_UNITS.dermatology);
    const atSolberga = await actorFor(DEMO_STAFF.doctor, DEMO_UNITS.vcSolberga);
    const erik = ids.erik as string;
    await t.ctx.db
      .insertInto('care_relationships')
      .values({
        id: crypto.randomUUID(),
        unit_id: DEMO_UNITS.dermatology,
        person_id: erik,
        reason: 'Remiss för hudbesvär',
        registered_by: DEMO_STAFF.doctor,
        created_at: clock.now(),
      })
      .execute();
    const grant = await patientTransaction(t.ctx.db, (trx) =>
      t.ctx.access.require(trx, atDerm, erik, { ...read, at: clock.now() }),
    );
    expect(grant.relationship).toBe('registered');
    const refused = await patientTransaction(t.ctx.db, (trx) =>
      t.ctx.access.require(trx, atSolberga, erik, { ...read, at: clock.now() }),
    ).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'no_care_relationship' });
  });

  test('an ended registered relationship no longer counts', async () => {
    const sara = ids.sara as string;
    await t.ctx.db
      .insertInto('care_relationships')
      .values({
        id: crypto.randomUUID(),
        unit_id: DEMO_UNITS.vcSolberga,
        person_id: sara,
        reason: 'Tidigare behandling här',
        registered_by: DEMO_STAFF.nurseSolberga,
        created_at: new Date('2026-01-01T00:00:00Z'),
        ends_at: new Date('2026-07-01T00:00:00Z'),
      })
      .execute();
    expect(await t.ctx.access.allowed(t.ctx.db, nurse, [sara], clock.now())).toEqual(new Set());
    expect(await t.ctx.access.allowed(t.ctx.db, nurse, [sara], new Date('2026-06-30T00:00:00Z'))).toEqual(
      new Set([sara]),
    );
  });
});

describe('access.allowed', () => {
  test('returns the subset the active unit may open; ignores unknown and malformed ids', async () => {
    const asked = [
      ids.anna,
      ids.erik,
      ids.skyddad,
      ids.johan,
      ids.anna,
      '00000000-0000-4000-8000-000000000000',
      'not-a-uuid',
    ] as string[];
    expect(await t.ctx.access.allowed(t.ctx.db, nurse, asked, clock.now())).toEqual(
      new Set([ids.anna, ids.skyddad, ids.johan]),
    );
    expect(await t.ctx.access.allowed(t.ctx.db, nurse, [], clock.now())).toEqual(new Set());
    expect(await t.ctx.access.allowed(t.ctx.db, noUnit, asked, clock.now())).toEqual(new Set());
  });
});

describe('createPatientAccess', () => {
  test("the app's gate asks the built-in sources, then the modules' in wiring order", () => {
    // Sending an invitation opens nothing (docs/security.md, "Sending is not access"): no invitation source.
    expect(t.ctx.access.sourceNames()).toEqual([
      'listed',
      'registered',
      'booking',
      'conversation',
      'birth_clinic_registration',
      'triage_routed',
      // An ongoing care episode the unit registered (continuity: "your care contact").
      'care_episode',
    ]);
    expect(() => t.ctx.access.complete([])).toThrow(/already complete/);
  });

  test('a module adds a source; its name is the relationship kind', async () => {
    const sara = ids.sara as string;
    const pretendBookings = async (_q: unknown, scope: { unitId: string }, personIds: string[]) =>
      new Set(scope.unitId === DEMO_UNITS.vcSolberga ? personIds.filter((id) => id === sara) : []);
    const access = createPatientAccess([{ name: 'test_booking', source: pretendBookings }]);
    expect(() =>
      createPatientAccess([
        { name: 'test_booking', source: pretendBookings },
        { name: 'test_booking', source: async () => new Set() },
      ]),
    ).toThrow(/already registered/);
    expect(() => createPatientAccess([{ name: 'emergency', source: async () => new Set() }])).toThrow(/reserved/);
    expect(access.sourceNames()).toEqual(['listed', 'registered', 'test_booking']);

    const grant = await patientTransaction(t.ctx.db, (trx) =>
      access.require(trx, nurse, sara, { ...read, at: clock.now() }),
    );
    expect(grant.relationship).toBe('test_booking');
    // A person no source relates to the unit stays out.
    expect(await access.allowed(t.ctx.db, nurse, [ids.erik as string], clock.now())).toEqual(new Set());
    // The app's own gate does not know the test's source.
    expect(await t.ctx.access.allowed(t.ctx.db, nurse, [sara], clock.now())).toEqual(new Set());
  });
});
