import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fixedClock } from '../src/platform/clock.js';
import { seedDemo } from '../src/seed/demo.js';
import { DEMO_STAFF, DEMO_UNITS, demoPerson } from '../src/seed/demo-data.js';
import { startTestApp, type TestApp } from './harness.js';
import { citizenSession, staffSession, type TestSession } from './helpers/sessions.js';

const clock = fixedClock('2026-08-01T10:00:00Z');
let t: TestApp;
let anna: string;
let annaSession: TestSession;

async function demoId(key: string): Promise<string> {
  const row = await t.ctx.db
    .selectFrom('persons')
    .select('id')
    .where('personal_number', '=', demoPerson(key).personalNumber)
    .executeTakeFirstOrThrow();
  return row.id;
}

const get = (headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url: '/api/profile', headers });
const patch = (headers: Record<string, string>, payload: unknown) =>
  t.app.inject({ method: 'PATCH', url: '/api/profile', headers, payload: payload as object });
const changeEmail = (headers: Record<string, string>, email: string) =>
  t.app.inject({ method: 'POST', url: '/api/profile/email', headers, payload: { email } });
const verify = (token: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: '/api/profile/email/verify', headers, payload: { token } });

/** The verification token mailed to `to` (the mail job's text holds the link). */
async function mailedToken(to: string): Promise<string> {
  const job = await t.ctx.db
    .selectFrom('jobs')
    .select('payload')
    .where('kind', '=', 'mail.send')
    .where(sql<string>`payload->>'to'`, '=', to)
    .executeTakeFirstOrThrow();
  const text = (job.payload as { text: string }).text;
  const match = /verifiera-epost\?token=([\w-]+)/.exec(text);
  if (!match?.[1]) throw new Error('no token in mail');
  return match[1];
}

beforeAll(async () => {
  // WEB_DIST: the tests need no web bundle (and must not depend on whether one was built).
  t = await startTestApp({ clock, env: { WEB_DIST: '/nonexistent' } });
  await seedDemo(t.ctx.db, clock);
  anna = await demoId('anna');
});
afterAll(async () => {
  await t.close();
});

describe('GET /api/profile', () => {
  test('401 without a session; 403 for staff', async () => {
    expect((await get()).statusCode).toBe(401);
    const staff = await staffSession(t, DEMO_STAFF.nurseSolberga);
    const res = await get(staff.headers);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('citizen_only');
  });

  test('Anna reads her profile; the read is audited in the audit log', async () => {
    annaSession = await citizenSession(t, anna);
    const res = await get(annaSession.headers);
    expect(res.statusCode).toBe(200);
    expect(res.json().data).toEqual({
      personId: anna,
      personalNumber: demoPerson('anna').personalNumber,
      givenName: 'Anna',
      familyName: 'Lindqvist',
      birthDate: '1988-04-12',
      protectedIdentity: false,
      address: { street: 'Björkvägen 7', postalCode: '125 44', city: 'Älvsjö', municipality: 'Stockholm' },
      email: null,
      emailVerified: false,
      pendingEmail: null,
      phone: null,
      notifications: { email: true, sms: false, push: false },
      locale: 'sv',
      listedUnit: {
        id: DEMO_UNITS.vcSolberga,
        hsaId: 'SE2321000016-DV01',
        name: 'Solberga vårdcentral',
        kind: 'vardcentral',
        providerType: 'public',
        city: 'Älvsjö',
        municipality: 'Stockholm',
      },
    });
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('subject_person_id', '=', anna)
      .where('record_type', '=', 'profile')
      .where('action', '=', 'read')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_kind: 'citizen', actor_person_id: anna, purpose: 'self_service' });
  });

  test('a person with protected identity never gets an address back', async () => {
    const s = await citizenSession(t, await demoId('skyddad'));
    const res = await get(s.headers);
    expect(res.statusCode).toBe(200);
    expect(res.json().data.protectedIdentity).toBe(true);
    expect(res.json().data.address).toBeNull();
  });
});

describe('PATCH /api/profile', () => {
  test('changes phone, notifications, language and listing; the write is audited', async () => {
    const res = await patch(annaSession.headers, {
      phone: '070-123 45 67',
      notifications: { sms: true },
      locale: 'en',
      listedUnitId: DEMO_UNITS.vcNorrtull,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().data).toMatchObject({
      phone: '070-123 45 67',
      notifications: { email: true, sms: true, push: false },
      locale: 'en',
      listedUnit: { id: DEMO_UNITS.vcNorrtull, name: 'Norrtull vårdcentral' },
    });
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_person_id', '=', anna)
      .where('action', '=', 'update')
      .execute();
    expect(audit).toHaveLength(1);
    expect((await patch(annaSession.headers, { phone: null })).json().data.phone).toBeNull();
  });

  test.each([
    ['a BVC', DEMO_UNITS.bvcSolberga],
    ['an unknown unit', '00000000-0000-4000-8000-000000000000'],
  ])('listing at %s → 400 naming listedUnitId', async (_name, unitId) => {
    const res = await patch(annaSession.headers, { listedUnitId: unitId });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toHaveProperty(['body.listedUnitId']);
  });

  test('listing at an inactive vårdcentral → 400 and nothing changes', async () => {
    await t.ctx.db.updateTable('units').set({ active: false }).where('id', '=', DEMO_UNITS.vcSolberga).execute();
    const res = await patch(annaSession.headers, { listedUnitId: DEMO_UNITS.vcSolberga, locale: 'sv' });
    await t.ctx.db.updateTable('units').set({ active: true }).where('id', '=', DEMO_UNITS.vcSolberga).execute();
    expect(res.statusCode).toBe(400);
    expect((await get(annaSession.headers)).json().data.locale).toBe('en');
  });

  test.each([
    [{ phone: 'ring mig' }, 'body.phone'],
    [{ locale: 'de' }, 'body.locale'],
    [{ notifications: { sms: 'yes' } }, 'body.notifications.sms'],
  ])('bad input %j → 400 naming %s', async (payload, field) => {
    const res = await patch(annaSession.headers, payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toHaveProperty([field]);
  });

  test("a person id in the body is refused: one can only change one's own profile", async () => {
    const erik = await demoId('erik');
    const res = await patch(annaSession.headers, { personId: erik, phone: '070-000 00 00' });
    expect(res.statusCode).toBe(400);
    const erikSession = await citizenSession(t, erik);
    expect((await get(erikSession.headers)).json().data.phone).toBeNull();
  });

  test('401 without a session, 403 without the CSRF header', async () => {
    expect((await patch({}, { locale: 'sv' })).statusCode).toBe(401);
    const res = await patch({ cookie: annaSession.headers.cookie }, { locale: 'sv' });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('csrf_invalid');
  });
});

describe('e-mail change and verification', () => {
  test('request → 202 pending, mail queued, verify sets the address once', async () => {
    const res = await changeEmail(annaSession.headers, 'anna@example.se');
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ pendingEmail: 'anna@example.se' });
    const row = await t.ctx.db
      .selectFrom('email_verifications')
      .selectAll()
      .where('person_id', '=', anna)
      .executeTakeFirstOrThrow();
    const token = await mailedToken('anna@example.se');
    // Only the hash is stored.
    expect(row.token_hash).not.toContain(token);
    expect(row.expires_at.toISOString()).toBe('2026-08-02T10:00:00.000Z');
    expect((await get(annaSession.headers)).json().data).toMatchObject({
      email: null,
      emailVerified: false,
      pendingEmail: 'anna@example.se',
    });

    const ok = await verify(token);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ email: 'anna@example.se' });
    expect((await get(annaSession.headers)).json().data).toMatchObject({
      email: 'anna@example.se',
      emailVerified: true,
      pendingEmail: null,
    });
    const again = await verify(token);
    expect(again.statusCode).toBe(400);
    expect(again.json().error.code).toBe('token_invalid');
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_person_id', '=', anna)
      .where('action', 'in', ['request_email_change', 'verify_email'])
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['request_email_change', 'verify_email']);
  });

  test('an expired link → 400 token_expired; an unknown one → 400 token_invalid', async () => {
    const s = await citizenSession(t, await demoId('johan'));
    await changeEmail(s.headers, 'johan@example.se');
    const token = await mailedToken('johan@example.se');
    clock.advance(24 * 3600 * 1000 + 1000);
    const expired = await verify(token);
    expect(expired.statusCode).toBe(400);
    expect(expired.json().error.code).toBe('token_expired');
    const unknown = await verify('x'.repeat(43));
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.code).toBe('token_invalid');
    const short = await verify('abc');
    expect(short.statusCode).toBe(400);
    expect(short.json().error.fields).toHaveProperty(['body.token']);
    clock.set('2026-08-01T10:00:00Z');
  });

  test('a newer request retires the older link', async () => {
    const s = await citizenSession(t, await demoId('karin'));
    await changeEmail(s.headers, 'karin.old@example.se');
    const first = await mailedToken('karin.old@example.se');
    await changeEmail(s.headers, 'karin@example.se');
    const second = await mailedToken('karin@example.se');
    expect((await verify(first)).json().error.code).toBe('token_invalid');
    expect((await verify(second)).json()).toEqual({ email: 'karin@example.se' });
  });

  test('a protected person may change e-mail, but the address is never echoed', async () => {
    const s = await citizenSession(t, await demoId('skyddad'));
    const res = await changeEmail(s.headers, 'sanna.hemlig@example.se');
    expect(res.statusCode).toBe(202);
    expect(res.body).not.toContain('hemlig');
    const profile = await get(s.headers);
    expect(profile.body).not.toContain('hemlig');
    const done = await verify(await mailedToken('sanna.hemlig@example.se'));
    expect(done.statusCode).toBe(200);
    expect(done.body).not.toContain('hemlig');
    expect((await get(s.headers)).json().data.emailVerified).toBe(true);
  });

  test('bad address → 400 naming email; staff → 403; no session → 401', async () => {
    annaSession = await citizenSession(t, anna);
    const bad = await changeEmail(annaSession.headers, 'inte-en-adress');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toHaveProperty(['body.email']);
    const staff = await staffSession(t, DEMO_STAFF.doctor);
    expect((await changeEmail(staff.headers, 'x@example.se')).statusCode).toBe(403);
    expect((await changeEmail({}, 'x@example.se')).statusCode).toBe(401);
  });

  test('at most 5 e-mail changes an hour per person → 429', async () => {
    clock.set('2026-08-01T12:00:00Z');
    const s = await citizenSession(t, await demoId('sara'));
    for (let i = 0; i < 5; i++) expect((await changeEmail(s.headers, `sara${i}@example.se`)).statusCode).toBe(202);
    const res = await changeEmail(s.headers, 'sara5@example.se');
    expect(res.statusCode).toBe(429);
    expect(res.json().error.code).toBe('rate_limited');
    clock.advance(3600 * 1000);
    const later = await citizenSession(t, await demoId('sara'));
    expect((await changeEmail(later.headers, 'sara6@example.se')).statusCode).toBe(202);
  });
});
