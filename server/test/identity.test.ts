import { birthdayInstant, generatePersonnummer } from '@ingang/domain';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fixedClock } from '../src/platform/clock.js';
import { seedDemo } from '../src/seed/demo.js';
import { DEMO_STAFF, DEMO_UNITS, demoPerson } from '../src/seed/demo-data.js';
import { cookieFrom, startTestApp, type TestApp } from './harness.js';
import { citizenSession, staffSession } from './helpers/sessions.js';

const clock = fixedClock('2026-08-01T10:00:00Z');
let t: TestApp;

async function personId(pnr: string): Promise<string> {
  const row = await t.ctx.db
    .selectFrom('persons')
    .select('id')
    .where('personal_number', '=', pnr)
    .executeTakeFirstOrThrow();
  return row.id;
}
const demoId = (key: string) => personId(demoPerson(key).personalNumber);

beforeAll(async () => {
  // WEB_DIST: the tests need no web bundle (and must not depend on whether one was built).
  t = await startTestApp({ clock, env: { WEB_DIST: '/nonexistent' } });
  await seedDemo(t.ctx.db, clock);
});
afterAll(async () => {
  await t.close();
});

const me = (headers: Record<string, string>) => t.app.inject({ method: 'GET', url: '/api/me', headers });

describe('GET /api/me (citizen)', () => {
  test('401 without a session', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/me' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('unauthenticated');
  });

  test('Anna may act for Elsa (5) but not Oskar (14); the read is audited', async () => {
    clock.set('2026-08-01T10:00:00Z');
    const anna = await demoId('anna');
    const s = await citizenSession(t, anna);
    const res = await me(s.headers);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      kind: 'citizen',
      personId: anna,
      personalNumber: demoPerson('anna').personalNumber,
      name: 'Anna Lindqvist',
      roles: ['citizen'],
      protectedIdentity: false,
      session: { idleSeconds: 900 },
    });
    expect(body.actingFor).toEqual([
      {
        personId: await demoId('elsa'),
        personalNumber: demoPerson('elsa').personalNumber,
        name: 'Elsa Lindqvist',
        birthDate: '2021-03-14',
        relation: 'child',
        validUntil: birthdayInstant('2021-03-14', 13).toISOString(),
        scopes: ['booking', 'messages', 'video', 'invitations', 'records'],
      },
    ]);
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('subject_person_id', '=', anna)
      .where('record_type', '=', 'identity')
      .execute();
    expect(audit.length).toBeGreaterThanOrEqual(1);
    expect(audit[0]).toMatchObject({
      actor_kind: 'citizen',
      actor_person_id: anna,
      action: 'read',
      actor_role: 'self',
    });
  });

  test('a child who never logged in gets a persons row from the registry', async () => {
    clock.set('2026-08-01T10:00:00Z');
    const johan = await demoId('johan');
    const elsaPnr = demoPerson('elsa').personalNumber;
    // Elsa's row only exists because the demo seeds it (with bookings, messages, invitations
    // pointing at it); move that row to another personnummer to model "never logged in".
    const standIn = generatePersonnummer({ birthDate: '2021-03-14', sex: 'female', serial: 917 });
    await t.ctx.db
      .updateTable('persons')
      .set({ personal_number: standIn })
      .where('personal_number', '=', elsaPnr)
      .execute();
    const s = await citizenSession(t, johan);
    const res = await me(s.headers);
    expect(res.statusCode).toBe(200);
    const created = await personId(elsaPnr);
    expect(res.json().actingFor.map((a: { personId: string }) => a.personId)).toEqual([created]);
  });

  test('acting for a child ends at 00:00 Stockholm time on the 13th birthday', async () => {
    const anna = await demoId('anna');
    const ends = birthdayInstant('2021-03-14', 13);
    expect(ends.toISOString()).toBe('2034-03-13T23:00:00.000Z');

    clock.set(new Date(ends.getTime() - 24 * 3600 * 1000));
    let s = await citizenSession(t, anna);
    expect((await me(s.headers)).json().actingFor).toHaveLength(1);

    clock.set(new Date(ends.getTime() - 1000));
    s = await citizenSession(t, anna);
    expect((await me(s.headers)).json().actingFor).toHaveLength(1);

    clock.set(ends);
    s = await citizenSession(t, anna);
    expect((await me(s.headers)).json().actingFor).toEqual([]);
    clock.set('2026-08-01T10:00:00Z');
  });

  test('no link when the guardian or the child has a protected identity', async () => {
    clock.set('2026-08-01T10:00:00Z');
    const pnr = (birthDate: string, serial: number) => generatePersonnummer({ birthDate, serial });
    const guardianProtected = pnr('1980-02-02', 771);
    const childOfProtected = pnr('2020-02-02', 772);
    const guardian = pnr('1981-03-03', 773);
    const protectedChild = pnr('2019-03-03', 774);
    const registryRow = (personal_number: string, protected_identity: boolean) => ({
      personal_number,
      given_name: 'Test',
      family_name: 'Testsson',
      protected_identity,
      street: null,
      postal_code: null,
      city: null,
      municipality: null,
    });
    await t.ctx.db
      .insertInto('registry_persons')
      .values([
        registryRow(guardianProtected, true),
        registryRow(childOfProtected, false),
        registryRow(guardian, false),
        registryRow(protectedChild, true),
      ])
      .execute();
    await t.ctx.db
      .insertInto('registry_guardianships')
      .values([
        { guardian_pnr: guardianProtected, child_pnr: childOfProtected },
        { guardian_pnr: guardian, child_pnr: protectedChild },
      ])
      .execute();
    for (const [g, isProtected] of [
      [guardianProtected, true],
      [guardian, false],
    ] as const) {
      const id = crypto.randomUUID();
      await t.ctx.db
        .insertInto('persons')
        .values({
          id,
          personal_number: g,
          given_name: 'Test',
          family_name: 'Testsson',
          protected_identity: isProtected,
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
      const s = await citizenSession(t, id);
      const res = await me(s.headers);
      expect(res.statusCode).toBe(200);
      expect(res.json().actingFor).toEqual([]);
    }
  });
});

describe('GET /api/me (staff)', () => {
  test('a nurse sees her unit with its name and her roles', async () => {
    const s = await staffSession(t, DEMO_STAFF.nurseSolberga, { activeUnitId: DEMO_UNITS.vcSolberga });
    const res = await me(s.headers);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      kind: 'staff',
      staffId: DEMO_STAFF.nurseSolberga,
      name: 'Nadia Nyström',
      roles: ['staff'],
      units: [
        {
          unitId: DEMO_UNITS.vcSolberga,
          name: 'Solberga vårdcentral',
          kind: 'vardcentral',
          roles: ['booking_admin', 'clinician'],
        },
      ],
      activeUnitId: DEMO_UNITS.vcSolberga,
      actingFor: [],
      abilities: { administerRegion: false, support: false },
      session: { idleSeconds: 3600 },
    });
  });

  test.each([
    [DEMO_STAFF.regionAdmin, ['staff', 'region_admin'], { administerRegion: true, support: false }],
    [DEMO_STAFF.supportFirst, ['staff', 'support_first_line'], { administerRegion: false, support: true }],
    [DEMO_STAFF.supportSecond, ['staff', 'support_second_line'], { administerRegion: false, support: true }],
  ])('roles and abilities of %s', async (staffId, roles, abilities) => {
    const s = await staffSession(t, staffId);
    const res = await me(s.headers);
    expect(res.json()).toMatchObject({ roles, abilities, units: [], activeUnitId: null });
  });
});

describe('sessions: logout, logout everywhere, keepalive, CSRF, idle timeout', () => {
  const post = (url: string, headers: Record<string, string>) => t.app.inject({ method: 'POST', url, headers });

  test('logout ends the session and clears the cookies; the cookie replayed after logout → 401', async () => {
    clock.set('2026-08-01T10:00:00Z');
    const s = await citizenSession(t, await demoId('anna'));
    const res = await post('/api/auth/logout', s.headers);
    expect(res.statusCode).toBe(204);
    expect(cookieFrom(res, 'ingang_sid')).toBe('');
    expect(cookieFrom(res, 'ingang_csrf')).toBe('');
    expect((await me(s.headers)).statusCode).toBe(401);
    expect((await post('/api/auth/logout', s.headers)).statusCode).toBe(401);
  });

  test('logout needs a session', async () => {
    expect((await post('/api/auth/logout', {})).statusCode).toBe(401);
    expect((await post('/api/auth/logout-everywhere', {})).statusCode).toBe(401);
    expect((await post('/api/auth/keepalive', {})).statusCode).toBe(401);
  });

  test('logout everywhere revokes every session of that person, nobody else’s', async () => {
    clock.set('2026-08-01T10:00:00Z');
    const sara = await demoId('sara');
    const first = await citizenSession(t, sara);
    const second = await citizenSession(t, sara);
    const other = await citizenSession(t, await demoId('erik'));
    const res = await post('/api/auth/logout-everywhere', first.headers);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ revokedSessions: 2 });
    expect((await me(first.headers)).statusCode).toBe(401);
    expect((await me(second.headers)).statusCode).toBe(401);
    expect((await me(other.headers)).statusCode).toBe(200);
  });

  test('logout everywhere for staff', async () => {
    const a = await staffSession(t, DEMO_STAFF.doctor);
    const b = await staffSession(t, DEMO_STAFF.doctor);
    const res = await post('/api/auth/logout-everywhere', a.headers);
    expect(res.json()).toEqual({ revokedSessions: 2 });
    expect((await me(b.headers)).statusCode).toBe(401);
  });

  test.each([
    ['no token', undefined],
    ['a wrong token', 'not-the-token'],
  ])('CSRF: a state-changing call with %s → 403 csrf_invalid', async (_name, token) => {
    const s = await citizenSession(t, await demoId('karin'));
    const headers: Record<string, string> = { cookie: s.headers.cookie };
    if (token) headers['x-csrf-token'] = token;
    const res = await post('/api/auth/logout', headers);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('csrf_invalid');
    expect((await me(s.headers)).statusCode).toBe(200);
  });

  test("CSRF: a previous session's token does not work for the new session", async () => {
    const karin = await demoId('karin');
    const old = await citizenSession(t, karin);
    await post('/api/auth/logout', old.headers);
    const fresh = await citizenSession(t, karin);
    const res = await post('/api/auth/keepalive', { cookie: fresh.headers.cookie, 'x-csrf-token': old.csrfToken });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('csrf_invalid');
  });

  test('a tampered session cookie → 401', async () => {
    const s = await citizenSession(t, await demoId('karin'));
    const last = s.token.at(-1) === 'A' ? 'B' : 'A';
    const res = await me({ cookie: `ingang_sid=${s.token.slice(0, -1)}${last}` });
    expect(res.statusCode).toBe(401);
  });

  test('idle for more than 15 minutes → 401; activity and keepalive restart the timer', async () => {
    clock.set('2026-08-01T10:00:00Z');
    const s = await citizenSession(t, await demoId('margit'));
    clock.advance(14 * 60_000);
    expect((await me(s.headers)).statusCode).toBe(200);
    clock.advance(14 * 60_000);
    expect((await me(s.headers)).statusCode).toBe(200);
    clock.advance(15 * 60_000 + 1000);
    expect((await me(s.headers)).statusCode).toBe(401);
  });

  test("a socket's re-check (touch: false) sees the session but does not keep it alive", async () => {
    clock.set('2026-08-01T10:00:00Z');
    const s = await citizenSession(t, await demoId('margit'));
    clock.advance(10 * 60_000);
    expect(await t.ctx.sessions.resolve(s.token, { touch: false })).not.toBeNull();
    clock.advance(5 * 60_000 + 1000);
    expect(await t.ctx.sessions.resolve(s.token, { touch: false })).toBeNull();
    expect((await me(s.headers)).statusCode).toBe(401);
  });

  test('keepalive touches the session even within the touch throttle and reports the idle deadline', async () => {
    clock.set('2026-08-01T10:00:00Z');
    const s = await citizenSession(t, await demoId('margit'));
    clock.advance(30_000);
    const res = await post('/api/auth/keepalive', s.headers);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ idleExpiresAt: '2026-08-01T10:15:30.000Z' });
    const row = await t.ctx.db
      .selectFrom('sessions')
      .select('last_seen_at')
      .where('id_hash', '=', s.idHash)
      .executeTakeFirstOrThrow();
    expect(row.last_seen_at.toISOString()).toBe('2026-08-01T10:00:30.000Z');
    clock.advance(15 * 60_000 - 1000);
    expect((await me(s.headers)).statusCode).toBe(200);
  });

  test('nothing accepts a person id from the client: /api/me ignores a personId parameter', async () => {
    clock.set('2026-08-01T10:00:00Z');
    const s = await citizenSession(t, await demoId('erik'));
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/me?personId=${await demoId('anna')}`,
      headers: s.headers,
    });
    expect(res.json().personId).toBe(await demoId('erik'));
  });
});
