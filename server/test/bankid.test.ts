/** Citizen login with BankID against the embedded simulator: the happy path and the session rules. */
import { bankIdQrData, generatePersonnummer } from '@ingang/domain';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { simOrderStore } from '../src/modules/bankid/sim-store.js';
import { syntheticPerson } from '../src/modules/registry/registry.js';
import { CSRF_COOKIE, SESSION_COOKIE } from '../src/platform/auth.js';
import { fixedClock } from '../src/platform/clock.js';
import { seedDemo } from '../src/seed/demo.js';
import { demoPerson } from '../src/seed/demo-data.js';
import { bankIdDriver, countRows } from './bankid-helpers.js';
import { cookieFrom, startTestApp, type TestApp } from './harness.js';
import { countStatements } from './helpers/statements.js';

const clock = fixedClock('2025-03-10T09:00:00Z');
const anna = demoPerson('anna').personalNumber;
const erik = demoPerson('erik').personalNumber;
let t: TestApp;
let bankid: ReturnType<typeof bankIdDriver>;

beforeAll(async () => {
  t = await startTestApp({ clock });
  await seedDemo(t.ctx.db, clock);
  bankid = bankIdDriver(t);
}, 240_000);
afterAll(async () => {
  await t.close();
});

async function personRows(pnr: string) {
  return t.ctx.db.selectFrom('persons').selectAll().where('personal_number', '=', pnr).execute();
}

describe('BankID login (simulator)', () => {
  test('auth → pending → approve → complete creates a citizen session; the order completes only once', async () => {
    const start = await bankid.post('/api/auth/bankid/auth', { personalNumber: '19880412-2383' });
    expect(start.statusCode).toBe(200);
    expect(Object.keys(start.json()).sort()).toEqual(['autoStartToken', 'orderRef']);
    expect(start.headers['cache-control']).toBe('no-store');
    const { orderRef } = start.json();
    const stored = await t.ctx.db
      .selectFrom('bankid_orders')
      .selectAll()
      .where('order_ref', '=', orderRef)
      .executeTakeFirstOrThrow();
    expect(stored.started_at.toISOString()).toBe(clock.now().toISOString());
    expect(start.body).not.toContain(stored.qr_start_token);

    const pending = await bankid.collect(orderRef);
    expect(pending.json()).toEqual({
      status: 'pending',
      hintCode: 'outstandingTransaction',
      messageCode: 'RFA1',
      message: 'Starta BankID-appen.',
    });
    expect((await bankid.collect(orderRef, { flow: 'autostart' })).json().message).toBe(
      'Försöker starta BankID-appen.',
    );
    expect(cookieFrom(pending, SESSION_COOKIE)).toBeUndefined();

    await bankid.approve(orderRef, anna);
    const done = await bankid.collect(orderRef);
    expect(done.statusCode).toBe(200);
    expect(done.json()).toEqual({ status: 'complete', messageCode: 'COMPLETE', message: 'Du är inloggad.' });
    const token = cookieFrom(done, SESSION_COOKIE);
    const csrf = cookieFrom(done, CSRF_COOKIE);
    expect(token).toBeTruthy();
    expect(csrf).toBeTruthy();
    expect(done.headers['x-csrf-token']).toBe(csrf);
    const sidCookie = done.cookies.find((c) => c.name === SESSION_COOKIE);
    expect(sidCookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });

    const session = await t.ctx.sessions.resolve(token);
    const [person] = await personRows(anna);
    expect(session).toMatchObject({ kind: 'citizen', personId: person?.id, csrfToken: csrf });
    expect(person).toMatchObject({ given_name: 'Anna', family_name: 'Lindqvist' });
    const row = await t.ctx.db
      .selectFrom('sessions')
      .selectAll()
      .where('id_hash', '=', session?.idHash ?? '')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ kind: 'citizen', person_id: person?.id, idle_seconds: 15 * 60, revoked_at: null });

    // The order completed into a session once; replaying it gets nothing.
    const sessionsBefore = await countRows(t, 'sessions');
    const again = await bankid.collect(orderRef);
    expect(again.statusCode).toBe(404);
    expect(again.json().error.code).toBe('order_not_found');
    expect(cookieFrom(again, SESSION_COOKIE)).toBeUndefined();
    expect((await bankid.post('/api/auth/bankid/qr', { orderRef })).statusCode).toBe(404);
    expect(await countRows(t, 'sessions')).toBe(sessionsBefore);
  });

  test('two simultaneous collects of a completed order yield exactly one session', async () => {
    const { orderRef } = await bankid.start(erik);
    await bankid.approve(orderRef, erik);
    const before = await countRows(t, 'sessions');
    const results = await Promise.all([bankid.collect(orderRef), bankid.collect(orderRef)]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 404]);
    expect(await countRows(t, 'sessions')).toBe(before + 1);
  });

  test('a browser polling with an old session cookie costs no session read; the new session is not read back', async () => {
    const old = cookieFrom((await bankid.login(erik)).res, SESSION_COOKIE) as string;
    const { orderRef } = await bankid.start(erik);
    // The login routes never use the caller's session: its cookie is not looked up on every poll.
    const polls = await countStatements(t.ctx.db, async () => {
      for (let i = 0; i < 3; i++) {
        const res = await bankid.collect(orderRef, {}, { [SESSION_COOKIE]: old });
        expect(res.json()).toMatchObject({ status: 'pending' });
      }
    });
    expect(polls.statements).toBe(0);
    await bankid.approve(orderRef, erik);
    const done = await bankid.collect(orderRef, {}, { [SESSION_COOKIE]: old });
    const token = cookieFrom(done, SESSION_COOKIE) as string;
    // Still revoked at completion, and the new session is known to this instance without a read.
    const check = await countStatements(t.ctx.db, async () => t.ctx.sessions.resolve(token));
    expect(check.result).toMatchObject({ kind: 'citizen' });
    expect(check.statements).toBe(0);
    expect(await t.ctx.sessions.resolve(old)).toBeNull();
    // The login is still counted in /metrics (the session is minted and adopted, not `create`d).
    const metrics = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toMatch(/ingang_logins_total\{kind="citizen"\} [1-9]/);
  });

  test('every login gets a new session id, and the session the browser came with is revoked', async () => {
    const first = await bankid.login(anna);
    const firstToken = cookieFrom(first.res, SESSION_COOKIE) as string;
    const second = await bankid.login(anna);
    const secondToken = cookieFrom(second.res, SESSION_COOKIE) as string;
    expect(secondToken).not.toBe(firstToken);
    expect(await t.ctx.sessions.resolve(firstToken)).not.toBeNull();

    // A login that arrives with an old session cookie replaces (revokes) that session.
    const third = await bankid.login(anna, { [SESSION_COOKIE]: firstToken });
    const thirdToken = cookieFrom(third.res, SESSION_COOKIE) as string;
    expect(new Set([firstToken, secondToken, thirdToken]).size).toBe(3);
    expect(await t.ctx.sessions.resolve(firstToken)).toBeNull();
    expect(await t.ctx.sessions.resolve(thirdToken)).not.toBeNull();
    expect(await personRows(anna)).toHaveLength(1);
  });

  test('qrStartSecret never appears in any response of the flow', async () => {
    const secrets = await t.ctx.db.selectFrom('bankid_orders').select(['order_ref', 'qr_start_secret']).execute();
    // The simulator's own secrets (BankID's side, kept in the hub) for the same orders.
    const sims = await Promise.all(secrets.map(async (s) => simOrderStore(t.ctx.hub).find(s.order_ref)));
    expect(sims.filter(Boolean).length).toBe(secrets.length);
    expect(bankid.seen.length).toBeGreaterThan(10);
    const everything = bankid.seen.map((r) => `${JSON.stringify(r.headers)}\n${r.body}`).join('\n');
    const all = [...secrets.map((s) => s.qr_start_secret), ...sims.map((s) => s?.qrStartSecret ?? '')];
    for (const secret of all) expect(everything).not.toContain(secret);
  });

  test('the QR payload is computed server-side from the time since the order started', async () => {
    const { orderRef } = await bankid.start();
    const order = await t.ctx.db
      .selectFrom('bankid_orders')
      .selectAll()
      .where('order_ref', '=', orderRef)
      .executeTakeFirstOrThrow();
    const at0 = await bankid.post('/api/auth/bankid/qr', { orderRef });
    expect(at0.json()).toEqual({ qrData: bankIdQrData(order.qr_start_token, order.qr_start_secret, 0) });
    clock.advance(7_000);
    const at7 = (await bankid.post('/api/auth/bankid/qr', { orderRef })).json().qrData as string;
    expect(at7).toBe(bankIdQrData(order.qr_start_token, order.qr_start_secret, 7));
    expect(at7.split('.').slice(0, 3)).toEqual(['bankid', order.qr_start_token, '7']);
    expect(at7).not.toContain(order.qr_start_secret);
  });

  test('a person the registry does not hold logs in with a synthetic identity, without duplicates', async () => {
    const pnr = generatePersonnummer({ birthDate: '1991-07-19', serial: 811, sex: 'male' });
    expect(await personRows(pnr)).toHaveLength(0);
    await bankid.login(pnr);
    await bankid.login(pnr);
    const rows = await personRows(pnr);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ given_name: syntheticPerson(pnr).givenName });
  });

  test('when a registry answers "unknown", the name BankID vouched for is used', async () => {
    const pnr = generatePersonnummer({ birthDate: '1972-01-30', serial: 552, sex: 'female' });
    const registry = t.ctx.registry;
    const original = registry.lookup;
    registry.lookup = async () => null;
    try {
      await bankid.login(pnr);
    } finally {
      registry.lookup = original;
    }
    const [row] = await personRows(pnr);
    expect(row).toMatchObject({ given_name: syntheticPerson(pnr).givenName, street: null, city: null });
  });

  test('the tester page lists pending orders and finds one by autoStartToken', async () => {
    const { orderRef, autoStartToken } = await bankid.start(erik);
    const list = await t.app.inject({ method: 'GET', url: '/api/dev/bankid/orders' });
    expect(list.statusCode).toBe(200);
    const found = list.json().data.find((o: { orderRef: string }) => o.orderRef === orderRef);
    expect(found).toMatchObject({
      status: 'pending',
      hintCode: 'outstandingTransaction',
      requestedPersonalNumber: erik,
    });
    expect(list.body).not.toContain('qrStart');
    const one = await t.app.inject({ method: 'GET', url: `/api/dev/bankid/orders?autoStartToken=${autoStartToken}` });
    expect(one.json().data.map((o: { orderRef: string }) => o.orderRef)).toEqual([orderRef]);
    await bankid.post('/api/auth/bankid/cancel', { orderRef });
    const after = await t.app.inject({ method: 'GET', url: '/api/dev/bankid/orders' });
    expect(after.json().data.some((o: { orderRef: string }) => o.orderRef === orderRef)).toBe(false);
  });

  test('the endpoints are in the API docs', async () => {
    const docs = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json();
    for (const path of ['auth', 'qr', 'collect', 'cancel'])
      expect(docs.paths[`/api/auth/bankid/${path}`]).toBeDefined();
    expect(docs.paths['/api/dev/bankid/approve']).toBeDefined();
  });
});
