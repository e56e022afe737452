import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type AuditActor, auditHash, GENESIS_HASH, recordAudit } from '../src/platform/audit.js';
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

const personId = async (db: Db, key: string) =>
  (
    await db
      .selectFrom('persons')
      .select('id')
      .where('personal_number', '=', demoPerson(key).personalNumber)
      .executeTakeFirstOrThrow()
  ).id;

/** Runs `fn` with the append-only triggers off (as a superuser could), inside one transaction. */
const tamper = (db: Db, fn: (trx: Db) => Promise<unknown>) =>
  db.transaction().execute(async (trx) => {
    await sql`set local session_replication_role = replica`.execute(trx);
    await fn(trx as unknown as Db);
  });

const read = (subjectPersonId: string, extra: object = {}) => ({
  actor: doctor,
  subjectPersonId,
  action: 'read',
  recordType: 'patient_overview',
  purpose: 'care',
  ...extra,
});

describe('audit log: hash chains, append-only, verification', () => {
  let t: TestApp;
  let db: Db;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    db = t.ctx.db;
    await seedDemo(db, t.ctx.clock);
    for (const key of ['anna', 'johan', 'elsa', 'margit', 'erik', 'karin', 'sara']) ids[key] = await personId(db, key);
  });
  afterAll(async () => {
    await t.close();
  });

  test('an entry records who, where, whose data, for whom, what, why, and links into its chain', async () => {
    const anna = ids.anna as string;
    const elsa = ids.elsa as string;
    const first = await recordAudit(db, read(anna, { flagged: true, reason: 'Nödåtkomst: medvetslös patient' }));
    const second = await recordAudit(db, {
      actor: { kind: 'citizen', personId: anna },
      subjectPersonId: elsa,
      action: 'read',
      recordType: 'booking',
      purpose: 'self_service',
      onBehalf: { relation: 'guardian' },
    });
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('id', 'in', [first.id, second.id])
      .orderBy('subject_person_id')
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(first.id)).toMatchObject({
      actor_kind: 'staff',
      actor_staff_id: DEMO_STAFF.doctor,
      actor_role: 'clinician',
      unit_id: DEMO_UNITS.vcSolberga,
      subject_person_id: anna,
      flagged: true,
      reason: 'Nödåtkomst: medvetslös patient',
      on_behalf_of_relation: null,
      prev_hash: GENESIS_HASH,
    });
    const child = byId.get(second.id);
    expect(child).toMatchObject({ actor_person_id: anna, actor_role: 'guardian', on_behalf_of_relation: 'guardian' });
    // The stored row hashes to the stored hash: the canonical form survives the database round trip.
    for (const row of rows) expect(auditHash(row, row.seq, row.prev_hash as string)).toBe(row.hash);
    const next = await recordAudit(db, read(anna));
    expect(next.seq).toBe(first.seq + 1);
    const linked = await db.selectFrom('audit_log').select('prev_hash').where('id', '=', next.id).executeTakeFirst();
    expect(linked?.prev_hash).toBe(first.hash);
    await expect(recordAudit(db, read(anna, { flagged: true }))).rejects.toThrow(/reason/);
  });

  test('if the audit write fails, the access fails: the caller’s write is rolled back', async () => {
    const anna = ids.anna as string;
    const before = await db.selectFrom('persons').select('phone').where('id', '=', anna).executeTakeFirstOrThrow();
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.updateTable('persons').set({ phone: '070-000 00 00' }).where('id', '=', anna).execute();
        // A subject that is not a person violates the foreign key.
        await recordAudit(trx, read('00000000-0000-4000-8000-000000000000'));
      }),
    ).rejects.toThrow();
    const after = await db.selectFrom('persons').select('phone').where('id', '=', anna).executeTakeFirstOrThrow();
    expect(after.phone).toBe(before.phone);
  });

  test('50 parallel writers over 5 patients keep every chain continuous', async () => {
    const five = ['johan', 'margit', 'erik', 'karin', 'sara'].map((k) => ids[k] as string);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        db.transaction().execute((trx) => recordAudit(trx, read(five[i % 5] as string, { recordId: String(i) }))),
      ),
    );
    for (const subject of five) {
      const chain = await db
        .selectFrom('audit_log')
        .select(['seq', 'prev_hash', 'hash'])
        .where('subject_person_id', '=', subject)
        .orderBy('seq')
        .execute();
      expect(chain.map((r) => Number(r.seq))).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
      expect(chain.map((row) => row.prev_hash)).toEqual([GENESIS_HASH, ...chain.slice(0, -1).map((row) => row.hash)]);
    }
    expect(new Set(results.map((r) => r.hash)).size).toBe(50);
    const verified = await verifyAuditLog(db);
    expect(verified).toMatchObject({ ok: true, broken: null });
    expect(verified.chains).toBeGreaterThanOrEqual(5);
  });

  test('UPDATE, DELETE and TRUNCATE of audit rows are refused; chain heads cannot be rewound', async () => {
    const row = await db.selectFrom('audit_log').select('id').limit(1).executeTakeFirstOrThrow();
    await expect(
      db.updateTable('audit_log').set({ purpose: 'other' }).where('id', '=', row.id).execute(),
    ).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('audit_log').where('id', '=', row.id).execute()).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_log`.execute(db)).rejects.toThrow();
    await expect(
      db
        .updateTable('audit_chain_heads')
        .set({ last_seq: 1 })
        .where('subject_person_id', '=', ids.johan as string)
        .execute(),
    ).rejects.toThrow(/forward/);
    await expect(
      db
        .deleteFrom('audit_chain_heads')
        .where('subject_person_id', '=', ids.johan as string)
        .execute(),
    ).rejects.toThrow(/append-only/);
    await expect(
      db
        .insertInto('audit_log')
        .values({
          id: '10000000-0000-4000-8000-000000000001',
          actor_kind: 'system',
          subject_person_id: ids.johan as string,
          action: 'read',
          record_type: 'x',
          purpose: 'x',
          seq: 999,
          prev_hash: null,
          hash: null,
          actor_person_id: null,
          actor_staff_id: null,
          actor_role: null,
          unit_id: null,
          record_id: null,
          on_behalf_of_relation: null,
          reason: null,
        })
        .execute(),
    ).rejects.toThrow();
    expect((await verifyAuditLog(db)).ok).toBe(true);
  });

  test('verification names an entry edited directly in SQL', async () => {
    const erik = ids.erik as string;
    const target = await db
      .selectFrom('audit_log')
      .select(['id', 'seq'])
      .where('subject_person_id', '=', erik)
      .where('seq', '=', 4)
      .executeTakeFirstOrThrow();
    await tamper(db, (trx) =>
      trx.updateTable('audit_log').set({ purpose: 'curiosity' }).where('id', '=', target.id).execute(),
    );
    const result = await verifyAuditLog(db);
    expect(result.ok).toBe(false);
    expect(result.broken).toMatchObject({ chain: erik, seq: 4, id: target.id, problem: expect.stringMatching(/hash/) });
    expect(result.broken?.at).toBeInstanceOf(Date);
    // Put it back: the chain verifies again (nothing else was touched).
    await tamper(db, (trx) =>
      trx.updateTable('audit_log').set({ purpose: 'care' }).where('id', '=', target.id).execute(),
    );
    expect((await verifyAuditLog(db)).ok).toBe(true);
  });

  test('verification catches a deleted middle entry and a deleted last entry', async () => {
    const karin = ids.karin as string;
    const chain = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('subject_person_id', '=', karin)
      .orderBy('seq')
      .execute();
    const middle = chain[4];
    const after = chain[5];
    if (!middle || !after) throw new Error('chain too short');
    await tamper(db, (trx) => trx.deleteFrom('audit_log').where('id', '=', middle.id).execute());
    const gap = await verifyAuditLog(db);
    expect(gap.broken).toMatchObject({
      chain: karin,
      seq: 6,
      id: after.id,
      problem: 'entry 5 is missing before this entry',
    });
    await tamper(db, (trx) => trx.insertInto('audit_log').values(middle).execute());
    expect((await verifyAuditLog(db)).ok).toBe(true);

    const sara = ids.sara as string;
    const last = await db
      .selectFrom('audit_log')
      .select(['id'])
      .where('subject_person_id', '=', sara)
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    await tamper(db, (trx) => trx.deleteFrom('audit_log').where('id', '=', last.id).execute());
    const tail = await verifyAuditLog(db);
    expect(tail.broken).toMatchObject({ chain: sara, seq: 10, id: null, problem: 'entry 10 is missing' });
  });
});
