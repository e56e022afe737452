/**
 * Ombud: the full lifecycle over HTTP (give, accept, act within scope,
 * refused outside it, expiry, ended by either party), bad input, staff
 * refusals, and /api/me listing the ombud relation (staff registration:
 * proxies-staff.test.ts).
 */
import { generatePersonnummer } from '@ingang/domain';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ActingForRefused, createActingFor } from '../src/platform/acting-for.js';
import type { CitizenActor } from '../src/platform/auth.js';
import { fixedClock } from '../src/platform/clock.js';
import { seedDemo } from '../src/seed/demo.js';
import { DEMO_STAFF, DEMO_UNITS, demoPerson } from '../src/seed/demo-data.js';
import { startTestApp, type TestApp } from './harness.js';
import { citizenSession, staffSession } from './helpers/sessions.js';

const NOW = '2026-08-01T10:00:00Z';
const clock = fixedClock(NOW);
let t: TestApp;
const ids: Record<string, string> = {};

type Headers = Record<string, string>;
const as = async (key: string): Promise<Headers> => (await citizenSession(t, ids[key]!)).headers;
const list = (headers: Headers = {}) => t.app.inject({ method: 'GET', url: '/api/proxies', headers });
const give = (headers: Headers, payload: object) =>
  t.app.inject({ method: 'POST', url: '/api/proxies', headers, payload });
const act = (headers: Headers, id: string, what: 'accept' | 'end') =>
  t.app.inject({ method: 'POST', url: `/api/proxies/${id}/${what}`, headers });
const subject = (headers: Headers, personId: string) =>
  t.app.inject({ method: 'GET', url: `/api/subjects/${personId}`, headers });
const pnr = (key: string) => demoPerson(key).personalNumber;
const citizen = (key: string) => ({ kind: 'citizen', personId: ids[key] }) as CitizenActor;

const auditRows = (subjectId: string, recordType: string) =>
  t.ctx.db
    .selectFrom('audit_log')
    .selectAll()
    .where('subject_person_id', '=', subjectId)
    .where('record_type', '=', recordType)
    .execute();

beforeAll(async () => {
  t = await startTestApp({ clock, env: { WEB_DIST: '/nonexistent' } });
  await seedDemo(t.ctx.db, clock);
  for (const key of ['anna', 'johan', 'oskar', 'margit', 'erik', 'karin', 'sara', 'skyddad']) {
    const row = await t.ctx.db
      .selectFrom('persons')
      .select('id')
      .where('personal_number', '=', pnr(key))
      .executeTakeFirstOrThrow();
    ids[key] = row.id;
  }
});
afterAll(async () => {
  await t.close();
});

describe('authentication and bad input', () => {
  test('401 without a session on every endpoint', async () => {
    const id = crypto.randomUUID();
    expect((await list()).statusCode).toBe(401);
    expect(
      (await give({}, { ombudPersonalNumber: pnr('anna'), scopes: ['booking'], validUntil: '2027-01-01' })).statusCode,
    ).toBe(401);
    expect((await act({}, id, 'accept')).statusCode).toBe(401);
    expect((await act({}, id, 'end')).statusCode).toBe(401);
  });

  test('staff cannot use the citizen endpoints', async () => {
    const staff = (await staffSession(t, DEMO_STAFF.nurseSolberga, { activeUnitId: DEMO_UNITS.vcSolberga })).headers;
    expect((await list(staff)).json().error.code).toBe('citizen_only');
    const res = await act(staff, crypto.randomUUID(), 'end');
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('citizen_only');
  });

  test.each([
    [{ ombudPersonalNumber: '12345' }, 400, 'invalid_input', 'body.ombudPersonalNumber'],
    [{ ombudPersonalNumber: '19880412-2381' }, 400, 'invalid_input', 'body.ombudPersonalNumber'], // bad check digit
    [{ scopes: [] }, 400, 'invalid_input', 'body.scopes'],
    [{ scopes: ['records'] }, 400, 'invalid_input', 'body.scopes.0'],
    [{ validUntil: '1 jan' }, 400, 'invalid_input', 'body.validUntil'],
    // An impossible date is refused by the contract (real calendar dates only), before any rule.
    [{ validUntil: '2027-02-30' }, 400, 'invalid_input', 'body.validUntil'],
    [{ validUntil: '2026-07-31' }, 400, 'valid_until_in_past', 'body.validUntil'],
    [{ validUntil: '2031-08-02' }, 400, 'valid_until_too_late', 'body.validUntil'],
    [{ ombudPersonalNumber: demoPerson('margit').personalNumber }, 400, 'self_grant', 'body.ombudPersonalNumber'],
    [{ ombudPersonalNumber: demoPerson('oskar').personalNumber }, 400, 'ombud_not_adult', 'body.ombudPersonalNumber'],
    [
      { ombudPersonalNumber: demoPerson('skyddad').personalNumber },
      400,
      'ombud_unavailable',
      'body.ombudPersonalNumber',
    ],
  ])('Margit gives %j → %i %s naming %s; nothing is created', async (patch, status, code, field) => {
    const res = await give(await as('margit'), {
      ombudPersonalNumber: pnr('anna'),
      scopes: ['booking'],
      validUntil: '2027-01-01',
      ...patch,
    });
    expect(res.statusCode).toBe(status);
    expect(res.json().error.code).toBe(code);
    expect(Object.keys(res.json().error.fields)).toContain(field);
    expect(await t.ctx.db.selectFrom('proxy_grants').select('id').execute()).toEqual([]);
  });

  test.each([
    ['oskar', 'grantor_not_adult'],
    ['skyddad', 'protected_identity'],
  ])('%s cannot give a grant: 403 %s', async (key, code) => {
    const res = await give(await as(key), {
      ombudPersonalNumber: pnr('anna'),
      scopes: ['booking'],
      validUntil: '2027-01-01',
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe(code);
  });

  test('400 for an id that is not a uuid', async () => {
    const res = await act(await as('anna'), 'nope', 'accept');
    expect(res.statusCode).toBe(400);
    expect(Object.keys(res.json().error.fields)).toEqual(['params.id']);
  });
});

describe('lifecycle: Margit (90) makes Anna her ombud', () => {
  let grantId: string;
  const gate = () => createActingFor(t.ctx);

  test('give → 201 pending; audited with Margit as actor and Anna as subject', async () => {
    clock.set(NOW);
    const res = await give(await as('margit'), {
      ombudPersonalNumber: `${pnr('anna').slice(0, 8)}-${pnr('anna').slice(8)}`, // typed with a dash
      scopes: ['messages', 'booking'],
      validUntil: '2027-07-31',
    });
    expect(res.statusCode).toBe(201);
    const data = res.json().data;
    grantId = data.id;
    expect(data).toMatchObject({
      grantor: { personId: ids.margit, name: 'Margit Holm' },
      ombud: { personId: ids.anna, name: 'Anna Lindqvist', personalNumber: pnr('anna') },
      scopes: ['booking', 'messages'],
      validUntil: '2027-07-31',
      expiresAt: '2027-07-31T22:00:00.000Z',
      status: 'pending',
      acceptedAt: null,
      registeredByStaff: false,
      abilities: { accept: false, end: true },
    });
    const rows = await auditRows(ids.anna!, 'proxy_grant');
    expect(rows).toEqual([
      expect.objectContaining({ actor_person_id: ids.margit, action: 'create', record_id: grantId }),
    ]);
  });

  test('while pending: Anna cannot act (no_grant) and /api/me does not list Margit; a second grant → 409', async () => {
    const res = await subject(await as('anna'), ids.margit!);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('no_grant');
    const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: await as('anna') });
    expect(me.json().actingFor.map((a: { relation: string }) => a.relation)).toEqual(['child']);
    const again = await give(await as('margit'), {
      ombudPersonalNumber: pnr('anna'),
      scopes: ['video'],
      validUntil: '2027-01-01',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('grant_exists');
  });

  test('only the ombud accepts: Margit 403, a stranger 404, Anna 200, again 409', async () => {
    expect((await act(await as('margit'), grantId, 'accept')).json().error.code).toBe('only_ombud_accepts');
    expect((await act(await as('erik'), grantId, 'accept')).statusCode).toBe(404);
    expect((await act(await as('erik'), grantId, 'end')).statusCode).toBe(404);
    const ok = await act(await as('anna'), grantId, 'accept');
    expect(ok.statusCode).toBe(200);
    expect(ok.json().data).toMatchObject({
      status: 'active',
      acceptedAt: NOW.replace('Z', '.000Z'),
      abilities: { accept: false },
    });
    expect((await act(await as('anna'), grantId, 'accept')).json().error.code).toBe('not_pending');
  });

  test('lists: Margit gave it, Anna received it', async () => {
    const margit = (await list(await as('margit'))).json().data;
    expect(margit.given.map((g: { id: string }) => g.id)).toEqual([grantId]);
    expect(margit.received).toEqual([]);
    const anna = (await list(await as('anna'))).json().data;
    expect(anna.received.map((g: { id: string; status: string }) => [g.id, g.status])).toEqual([[grantId, 'active']]);
  });

  test('/api/me lists Margit (relation ombud, grant end, scopes); the subject page works', async () => {
    const me = (await t.app.inject({ method: 'GET', url: '/api/me', headers: await as('anna') })).json();
    expect(me.actingFor).toContainEqual({
      personId: ids.margit,
      personalNumber: pnr('margit'),
      name: 'Margit Holm',
      birthDate: '1936-02-08',
      relation: 'ombud',
      validUntil: '2027-07-31T22:00:00.000Z',
      scopes: ['booking', 'messages'],
    });
    const page = await subject(await as('anna'), ids.margit!);
    expect(page.statusCode).toBe(200);
    expect(page.json().data).toMatchObject({ relation: 'ombud', age: 90, scopes: ['booking', 'messages'] });
  });

  test('acts within scope; refused outside it (scope_not_granted), nothing written, attempt logged', async () => {
    const s = await gate().withSubject(citizen('anna'), ids.margit, 'booking', async (_trx, sub) => sub);
    expect(s).toMatchObject({ relation: 'ombud', grantId, onBehalf: { relation: 'ombud' } });
    for (const scope of ['video', 'invitations', 'records'] as const) {
      const error = await gate()
        .withSubject(citizen('anna'), ids.margit, scope, async () => 'acted')
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ActingForRefused);
      expect(error).toMatchObject({ status: 403, code: 'scope_not_granted' });
    }
    const logged = await t.ctx.db
      .selectFrom('access_refusals')
      .select('record_type')
      .where('actor_person_id', '=', ids.anna!)
      .where('reason', '=', 'scope_not_granted')
      .execute();
    expect(logged.map((r) => r.record_type).sort()).toEqual(['invitations', 'records', 'video']);
  });

  test('after the end date: grant_expired, not listed, shown as expired', async () => {
    clock.set('2027-07-31T21:59:59Z');
    expect((await subject(await as('anna'), ids.margit!)).statusCode).toBe(200);
    clock.set('2027-07-31T22:00:00Z');
    const res = await subject(await as('anna'), ids.margit!);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('grant_expired');
    const me = (await t.app.inject({ method: 'GET', url: '/api/me', headers: await as('anna') })).json();
    expect(me.actingFor.some((a: { relation: string }) => a.relation === 'ombud')).toBe(false);
    expect((await list(await as('margit'))).json().data.given[0].status).toBe('expired');
    clock.set(NOW);
  });

  test('the ombud ends it: ended by ombud, acting fails at once; ending twice → 409', async () => {
    const res = await act(await as('anna'), grantId, 'end');
    expect(res.statusCode).toBe(200);
    expect(res.json().data).toMatchObject({ status: 'ended', endedBy: 'ombud', abilities: { end: false } });
    expect((await subject(await as('anna'), ids.margit!)).json().error.code).toBe('no_grant');
    expect((await act(await as('margit'), grantId, 'end')).json().error.code).toBe('already_ended');
    const rows = await auditRows(ids.margit!, 'proxy_grant');
    expect(rows.map((r) => [r.action, r.actor_person_id])).toEqual([
      ['accept', ids.anna],
      ['end', ids.anna],
    ]);
  });

  test('the grantor ends a new grant; a person never seen before can be made ombud', async () => {
    const newcomer = generatePersonnummer({ birthDate: '1970-01-20', serial: 555 });
    const res = await give(await as('margit'), {
      ombudPersonalNumber: newcomer,
      scopes: ['video'],
      validUntil: '2026-08-01',
    });
    expect(res.statusCode).toBe(201);
    const created = await t.ctx.db
      .selectFrom('persons')
      .select('id')
      .where('personal_number', '=', newcomer)
      .executeTakeFirst();
    expect(res.json().data.ombud.personId).toBe(created?.id);
    const ended = await act(await as('margit'), res.json().data.id, 'end');
    expect(ended.json().data).toMatchObject({ status: 'ended', endedBy: 'grantor' });
  });
});
