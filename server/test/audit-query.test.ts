import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type AuditActor, auditedQuery } from '../src/platform/audit.js';
import { verifyAuditLog } from '../src/platform/audit-verify.js';
import type { Db } from '../src/platform/db/index.js';
import { seedDemo } from '../src/seed/demo.js';
import { DEMO_STAFF, DEMO_UNITS, demoPerson } from '../src/seed/demo-data.js';
import { startTestApp, type TestApp } from './harness.js';

const doctor: AuditActor = {
  kind: 'staff',
  staffId: DEMO_STAFF.doctor,
  supportRole: null,
  units: [{ unitId: DEMO_UNITS.vcSolberga, roles: ['clinician'] }],
  activeUnitId: DEMO_UNITS.vcSolberga,
};

const read = (subjectPersonId: string) => ({
  actor: doctor,
  subjectPersonId,
  action: 'read',
  recordType: 'profile',
  recordId: subjectPersonId,
  purpose: 'care',
});

describe('auditedQuery: a read and its audit entry in one statement', () => {
  let t: TestApp;
  let db: Db;
  let anna: string;
  const entries = (subject: string) =>
    db.selectFrom('audit_log').select(['seq', 'action', 'actor_staff_id']).where('subject_person_id', '=', subject);

  beforeAll(async () => {
    t = await startTestApp();
    db = t.ctx.db;
    await seedDemo(db, t.ctx.clock);
    anna = (
      await db
        .selectFrom('persons')
        .select('id')
        .where('personal_number', '=', demoPerson('anna').personalNumber)
        .executeTakeFirstOrThrow()
    ).id;
  });
  afterAll(async () => {
    await t.close();
  });

  test('returns the rows and writes one chained entry', async () => {
    const before = (await entries(anna).execute()).length;
    const rows = await auditedQuery(db, read(anna), (qc) =>
      qc.selectFrom('persons').select(['id', 'given_name']).where('id', '=', anna),
    );
    expect(rows).toEqual([{ id: anna, given_name: expect.any(String) }]);
    const after = await entries(anna).orderBy('seq').execute();
    expect(after).toHaveLength(before + 1);
    expect(after.at(-1)).toMatchObject({ seq: before + 1, action: 'read', actor_staff_id: DEMO_STAFF.doctor });
    expect((await verifyAuditLog(db)).ok).toBe(true);
  });

  test('if the entry cannot be written, the read fails', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    await expect(
      auditedQuery(db, read(unknown), (qc) => qc.selectFrom('persons').selectAll().where('id', '=', anna)),
    ).rejects.toThrow();
    expect(await entries(unknown).execute()).toEqual([]);
  });

  test('inside a transaction the entry rolls back with it', async () => {
    const before = (await entries(anna).execute()).length;
    await expect(
      db.transaction().execute(async (trx) => {
        await auditedQuery(trx, read(anna), (qc) => qc.selectFrom('persons').select('id').where('id', '=', anna));
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await entries(anna).execute()).toHaveLength(before);
  });

  test('refuses a read that was not built from the audited query creator', async () => {
    const before = (await entries(anna).execute()).length;
    await expect(
      auditedQuery(db, read(anna), () => db.selectFrom('persons').selectAll().where('id', '=', anna)),
    ).rejects.toThrow(/build the read from qc/);
    expect(await entries(anna).execute()).toHaveLength(before);
  });
});
