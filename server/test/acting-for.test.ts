/**
 * Guardians acting for children through the acting-for gate: the age limit
 * at 00:00 Stockholm on the birthday (DST-adjacent and leap-day births),
 * protected identity, independent guardians, refusals (403 + reason code,
 * nothing written, attempt logged), and GET /api/subjects/:personId.
 */
import { generatePersonnummer } from '@ingang/domain';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ActingForRefused, createActingFor } from '../src/platform/acting-for.js';
import { recordAudit } from '../src/platform/audit.js';
import type { CitizenActor } from '../src/platform/auth.js';
import { fixedClock } from '../src/platform/clock.js';
import { seedDemo } from '../src/seed/demo.js';
import { DEMO_STAFF, demoPerson } from '../src/seed/demo-data.js';
import { startTestApp, type TestApp } from './harness.js';
import { citizenSession, staffSession } from './helpers/sessions.js';

const NOW = '2026-08-01T10:00:00Z';
const clock = fixedClock(NOW);
let t: TestApp;
let anna: string;
let johan: string;
let elsa: string;

async function idOf(pnr: string): Promise<string> {
  const row = await t.ctx.db
    .selectFrom('persons')
    .select('id')
    .where('personal_number', '=', pnr)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A child of Anna in the registry (and in persons, as if seen before); returns its person id. */
async function annasChild(birthDate: string, serial: number, protectedIdentity = false): Promise<string> {
  const pnr = generatePersonnummer({ birthDate, serial });
  await t.ctx.db
    .insertInto('registry_persons')
    .values({
      personal_number: pnr,
      given_name: 'Barn',
      family_name: 'Lindqvist',
      protected_identity: protectedIdentity,
      street: null,
      postal_code: null,
      city: null,
      municipality: null,
    })
    .execute();
  await t.ctx.db
    .insertInto('registry_guardianships')
    .values({ guardian_pnr: demoPerson('anna').personalNumber, child_pnr: pnr })
    .execute();
  const id = crypto.randomUUID();
  await t.ctx.db
    .insertInto('persons')
    .values({
      id,
      personal_number: pnr,
      given_name: 'Barn',
      family_name: 'Lindqvist',
      protected_identity: protectedIdentity,
      street: null,
      postal_code: null,
      city: null,
      municipality: null,
      listed_unit_id: null,
      registry_synced_at: clock.now(),
      created_at: clock.now(),
      updated_at: clock.now(),
    })
    .execute();
  return id;
}

/** GET /api/subjects/:id as `personId` at the clock's current time (fresh session). */
async function subjectPage(personId: string, subjectId: string) {
  const s = await citizenSession(t, personId);
  return t.app.inject({ method: 'GET', url: `/api/subjects/${subjectId}`, headers: s.headers });
}

const refusals = (actor: string, reason: string) =>
  t.ctx.db
    .selectFrom('access_refusals')
    .selectAll()
    .where('actor_person_id', '=', actor)
    .where('reason', '=', reason)
    .execute();

const auditCount = async (subject: string) =>
  (await t.ctx.db.selectFrom('audit_log').select('id').where('subject_person_id', '=', subject).execute()).length;

const setRegistryProtected = (key: string, value: boolean) =>
  t.ctx.db
    .updateTable('registry_persons')
    .set({ protected_identity: value })
    .where('personal_number', '=', demoPerson(key).personalNumber)
    .execute();

beforeAll(async () => {
  t = await startTestApp({ clock, env: { WEB_DIST: '/nonexistent' } });
  await seedDemo(t.ctx.db, clock);
  anna = await idOf(demoPerson('anna').personalNumber);
  johan = await idOf(demoPerson('johan').personalNumber);
  elsa = await idOf(demoPerson('elsa').personalNumber);
});
afterAll(async () => {
  await t.close();
});

describe('GET /api/subjects/:personId', () => {
  test('401 without a session; 403 for staff; 400 names the bad id', async () => {
    expect((await t.app.inject({ method: 'GET', url: `/api/subjects/${elsa}` })).statusCode).toBe(401);
    const staff = await staffSession(t, DEMO_STAFF.nurseSolberga);
    const res = await t.app.inject({ method: 'GET', url: `/api/subjects/${elsa}`, headers: staff.headers });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('citizen_only');
    const bad = await subjectPage(anna, 'not-a-uuid');
    expect(bad.statusCode).toBe(400);
    expect(Object.keys(bad.json().error.fields)).toEqual(['params.personId']);
  });

  test('Anna opens Elsa (5): relation child, all scopes, ends on the 13th birthday; audited with both identities', async () => {
    clock.set(NOW);
    const res = await subjectPage(anna, elsa);
    expect(res.statusCode).toBe(200);
    expect(res.json().data).toEqual({
      personId: elsa,
      name: 'Elsa Lindqvist',
      givenName: 'Elsa',
      birthDate: '2021-03-14',
      age: 5,
      relation: 'child',
      scopes: ['booking', 'messages', 'video', 'invitations', 'records'],
      validUntil: '2034-03-13T23:00:00.000Z',
      listedUnit: { id: expect.any(String), name: 'Solberga vårdcentral' },
    });
    const row = await t.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('subject_person_id', '=', elsa)
      .where('record_type', '=', 'subject_page')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ actor_person_id: anna, actor_kind: 'citizen', on_behalf_of_relation: 'guardian' });
  });

  test('oneself: relation self', async () => {
    const res = await subjectPage(anna, anna);
    expect(res.statusCode).toBe(200);
    expect(res.json().data).toMatchObject({ relation: 'self', validUntil: null, name: 'Anna Lindqvist' });
  });

  test.each([
    ['erik', 'elsa', 'no_grant'], // somebody else's child: answered like an adult or an unknown id (issue 12)
    ['erik', 'margit', 'no_grant'], // an adult without a grant
    ['anna', 'oskar', 'child_too_old'], // her own child, 14
    ['elsa', 'anna', 'no_grant'], // a child cannot act for a parent
  ])('%s → %s: 403 %s, nothing written, attempt logged', async (actorKey, subjectKey, reason) => {
    const actor = await idOf(demoPerson(actorKey).personalNumber);
    const subject = await idOf(demoPerson(subjectKey).personalNumber);
    const before = await auditCount(subject);
    const logged = (await refusals(actor, reason)).length;
    const res = await subjectPage(actor, subject);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe(reason);
    expect(await auditCount(subject)).toBe(before);
    const after = await refusals(actor, reason);
    expect(after).toHaveLength(logged + 1);
    expect(after.find((r) => r.subject_person_id === subject)).toMatchObject({
      subject_person_id: subject,
      action: 'act_for',
      record_type: 'any',
      staff_id: null,
    });
  });

  test('an unknown person id looks like any adult without a grant', async () => {
    const res = await subjectPage(anna, crypto.randomUUID());
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('no_grant');
  });
});

describe('the age limit: 00:00 Stockholm on the 13th birthday', () => {
  test.each([
    // [born, last instant allowed (UTC), first refused (UTC)]
    ['2013-06-15', '2026-06-14T21:59:59Z', '2026-06-14T22:00:00Z'], // summer time
    ['2013-01-10', '2026-01-09T22:59:59Z', '2026-01-09T23:00:00Z'], // winter time
    ['2013-03-29', '2026-03-28T22:59:59Z', '2026-03-28T23:00:00Z'], // birthday is the spring DST day (midnight still CET)
    ['2013-03-30', '2026-03-29T21:59:59Z', '2026-03-29T22:00:00Z'], // the day after the spring change
    ['2013-10-25', '2026-10-24T21:59:59Z', '2026-10-24T22:00:00Z'], // birthday is the autumn DST day (midnight still CEST)
    // Leap-day birth: the domain's rule — 1 March in common years.
    ['2012-02-29', '2025-02-28T22:59:59Z', '2025-02-28T23:00:00Z'],
  ])('born %s: works at %s (23:59:59 the day before), fails at %s', async (born, lastOk, firstRefused) => {
    const child = await annasChild(born, 900 + Number(born.slice(5, 7)) * 3 + Number(born.slice(8, 10)));
    clock.set(lastOk);
    const ok = await subjectPage(anna, child);
    expect(ok.statusCode).toBe(200);
    expect(ok.json().data.validUntil).toBe(new Date(firstRefused).toISOString());
    clock.set(firstRefused);
    const refused = await subjectPage(anna, child);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('child_too_old');
    clock.set(NOW);
  });

  test('the limit is configuration (GUARDIAN_AGE_LIMIT)', async () => {
    const other = await startTestApp({ clock, env: { WEB_DIST: '/nonexistent', GUARDIAN_AGE_LIMIT: '15' } });
    try {
      await seedDemo(other.ctx.db, clock);
      expect(other.ctx.config.guardianAgeLimit).toBe(15);
      const id = async (key: string) =>
        (
          await other.ctx.db
            .selectFrom('persons')
            .select('id')
            .where('personal_number', '=', demoPerson(key).personalNumber)
            .executeTakeFirstOrThrow()
        ).id;
      const s = await citizenSession(other, await id('anna'));
      const oskar = await id('oskar'); // 14: allowed under a limit of 15
      const res = await other.app.inject({ method: 'GET', url: `/api/subjects/${oskar}`, headers: s.headers });
      expect(res.statusCode).toBe(200);
      expect(res.json().data.validUntil).toBe('2027-06-29T22:00:00.000Z');
      const me = await other.app.inject({ method: 'GET', url: '/api/me', headers: s.headers });
      expect(me.json().actingFor.map((a: { name: string }) => a.name)).toEqual(['Oskar Lindqvist', 'Elsa Lindqvist']);
    } finally {
      await other.close();
    }
  });
});

describe('protected identity and independent guardians', () => {
  test('a child with protected identity: protected_identity', async () => {
    clock.set(NOW);
    const child = await annasChild('2020-05-05', 611, true);
    const res = await subjectPage(anna, child);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('protected_identity');
  });

  test('an existing link ends when the child becomes protected, and works again when it is lifted', async () => {
    clock.set(NOW);
    expect((await subjectPage(anna, elsa)).statusCode).toBe(200);
    await setRegistryProtected('elsa', true);
    try {
      const res = await subjectPage(anna, elsa);
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('protected_identity');
      const me = await t.app.inject({
        method: 'GET',
        url: '/api/me',
        headers: (await citizenSession(t, anna)).headers,
      });
      expect(me.json().actingFor.map((a: { personId: string }) => a.personId)).not.toContain(elsa);
    } finally {
      await setRegistryProtected('elsa', false);
    }
    expect((await subjectPage(anna, elsa)).statusCode).toBe(200);
  });

  test('each guardian acts on their own: Anna protected does not stop Johan', async () => {
    clock.set(NOW);
    await setRegistryProtected('anna', true);
    try {
      const refused = await subjectPage(anna, elsa);
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error.code).toBe('protected_identity');
      const ok = await subjectPage(johan, elsa);
      expect(ok.statusCode).toBe(200);
      expect(ok.json().data.relation).toBe('child');
    } finally {
      await setRegistryProtected('anna', false);
    }
  });
});

describe('withSubject: the gate capabilities use', () => {
  const citizen = (personId: string) => ({ kind: 'citizen', personId }) as CitizenActor;

  test('a guardian acts for the child in any scope; the write is audited on the child with both identities', async () => {
    clock.set(NOW);
    const gate = createActingFor(t.ctx);
    for (const scope of ['booking', 'messages', 'video', 'invitations', 'records'] as const) {
      const subject = await gate.withSubject(citizen(johan), elsa, scope, async (trx, s) => {
        await recordAudit(trx, {
          actor: citizen(johan),
          subjectPersonId: s.subjectPersonId,
          action: 'test_act',
          recordType: scope,
          purpose: 'self_service',
          onBehalf: s.onBehalf,
          at: clock.now(),
        });
        return s;
      });
      expect(subject).toMatchObject({ subjectPersonId: elsa, relation: 'guardian', grantId: null });
    }
    const rows = await t.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('subject_person_id', '=', elsa)
      .where('action', '=', 'test_act')
      .execute();
    expect(rows).toHaveLength(5);
    expect(rows.every((r) => r.actor_person_id === johan && r.on_behalf_of_relation === 'guardian')).toBe(true);
  });

  test('no subject or one’s own id → self; a refusal rolls back what fn would write and is logged', async () => {
    const gate = createActingFor(t.ctx);
    expect((await gate.withSubject(citizen(anna), undefined, 'booking', async (_trx, s) => s)).relation).toBe('self');
    expect((await gate.withSubject(citizen(anna), anna, 'records', async (_trx, s) => s)).relation).toBe('self');
    const oskar = await idOf(demoPerson('oskar').personalNumber);
    let ran = false;
    const error = await gate
      .withSubject(citizen(anna), oskar, 'booking', async () => {
        ran = true;
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ActingForRefused);
    expect(error).toMatchObject({ status: 403, code: 'child_too_old', recorded: true });
    expect(ran).toBe(false);
    const logged = await refusals(anna, 'child_too_old');
    expect(logged.filter((r) => r.subject_person_id === oskar && r.record_type === 'booking')).toEqual([
      expect.objectContaining({ action: 'act_for', purpose: 'acting_for', at: new Date(NOW) }),
    ]);
  });
});
