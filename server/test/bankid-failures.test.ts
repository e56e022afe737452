/** BankID login failures: refusals, expiry, bad input, rate limits, RP errors — and nothing written on any of them. */
import { BANKID_TEXTS, generatePersonnummer } from '@ingang/domain';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BankIdApiError, type BankIdClient } from '../src/modules/bankid/client.js';
import { createBankIdModule } from '../src/modules/bankid/index.js';
import { createBankIdService } from '../src/modules/bankid/service.js';
import { createBankIdSimulator } from '../src/modules/bankid/simulator.js';
import { fixedClock } from '../src/platform/clock.js';
import { AppError } from '../src/platform/errors.js';
import { bankIdDriver, countRows, nextIp } from './bankid-helpers.js';
import { startTestApp, type TestApp } from './harness.js';

const clock = fixedClock('2025-03-10T09:00:00Z');
let seq = 0;
/** A person no other test uses. */
const freshPnr = () => generatePersonnummer({ birthDate: '1980-05-05', serial: 100 + seq++ });
let t: TestApp;
let bankid: ReturnType<typeof bankIdDriver>;

beforeAll(async () => {
  t = await startTestApp({ clock });
  bankid = bankIdDriver(t);
}, 240_000);
afterAll(async () => {
  await t.close();
});

async function nothingWritten(pnr: string) {
  expect(await countRows(t, 'sessions')).toBe(0);
  const persons = await t.ctx.db.selectFrom('persons').select('id').where('personal_number', '=', pnr).execute();
  expect(persons).toHaveLength(0);
}

describe('BankID login failures', () => {
  test.each([
    ['userCancel', 'qr', 'RFA6', 'Åtgärden avbröts.'],
    ['expiredTransaction', 'qr', 'RFA8', BANKID_TEXTS.RFA8.sv],
    ['certificateErr', 'qr', 'RFA16', BANKID_TEXTS.RFA16.sv],
    ['startFailed', 'qr', 'RFA17B', BANKID_TEXTS.RFA17B.sv],
    ['startFailed', 'autostart', 'RFA17A', BANKID_TEXTS.RFA17A.sv],
  ])('refused with %s (%s flow) → failed with %s', async (hintCode, flow, messageCode, message) => {
    const pnr = freshPnr();
    const { orderRef } = await bankid.start(pnr);
    const pending = await bankid.collect(orderRef, { flow });
    expect(pending.json().status).toBe('pending');
    const refuse = await bankid.post('/api/dev/bankid/refuse', { orderRef, hintCode });
    expect(refuse.json()).toEqual({ orderRef, status: 'failed' });
    const res = await bankid.collect(orderRef, { flow });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'failed', hintCode, messageCode, message });
    // A decided order cannot be approved afterwards.
    const late = await bankid.post('/api/dev/bankid/approve', { orderRef, personalNumber: pnr });
    expect(late.statusCode).toBe(409);
    await nothingWritten(pnr);
  });

  test('English messages on request', async () => {
    const { orderRef } = await bankid.start();
    expect((await bankid.collect(orderRef, { locale: 'en' })).json().message).toBe('Start your BankID app.');
  });

  test('an order expires after 3 minutes (failed/expiredTransaction), and is forgotten after 10', async () => {
    const pnr = freshPnr();
    const { orderRef } = await bankid.start(pnr);
    clock.advance(2 * 60_000 + 59_000);
    expect((await bankid.collect(orderRef)).json().status).toBe('pending');
    clock.advance(1_000);
    const res = await bankid.collect(orderRef);
    expect(res.json()).toMatchObject({ status: 'failed', hintCode: 'expiredTransaction', messageCode: 'RFA8' });
    const late = await bankid.post('/api/dev/bankid/approve', { orderRef, personalNumber: pnr });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('order_not_pending');
    // The person can start again at once: the expired order no longer blocks them.
    const again = await bankid.start(pnr);
    clock.advance(10 * 60_000);
    expect((await bankid.collect(orderRef)).statusCode).toBe(404);
    expect((await bankid.post('/api/auth/bankid/qr', { orderRef: again.orderRef })).statusCode).toBe(404);
    await nothingWritten(pnr);
  });

  test('unknown orderRef → 404 order_not_found on collect, qr, cancel and the tester endpoints', async () => {
    for (const path of ['collect', 'qr', 'cancel']) {
      const res = await bankid.post(`/api/auth/bankid/${path}`, { orderRef: 'no-such-order' });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('order_not_found');
    }
    const approve = await bankid.post('/api/dev/bankid/approve', { orderRef: 'x', personalNumber: freshPnr() });
    expect(approve.statusCode).toBe(404);
    expect((await bankid.post('/api/dev/bankid/refuse', { orderRef: 'x' })).statusCode).toBe(404);
  });

  test('invalid personnummer → 400 naming personalNumber with a Swedish message; nothing started', async () => {
    const before = await countRows(t, 'bankid_orders');
    const good = freshPnr();
    const badCheck = `${good.slice(0, 11)}${(Number(good[11]) + 1) % 10}`;
    const cases: [string, string][] = [
      [badCheck, 'Personnumret har fel kontrollsiffra.'],
      ['123', 'Skriv personnumret med 10 eller 12 siffror, till exempel ÅÅÅÅMMDD-NNNN.'],
      ['19881332-1234', 'Personnumret innehåller inget giltigt datum.'],
    ];
    for (const [input, message] of cases) {
      const res = await bankid.post('/api/auth/bankid/auth', { personalNumber: input });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.fields).toEqual({ personalNumber: message });
    }
    expect((await bankid.post('/api/auth/bankid/collect', {})).json().error.fields).toHaveProperty('body.orderRef');
    expect(await countRows(t, 'bankid_orders')).toBe(before);
  });

  test('approve validates the personnummer and respects an order locked to someone else', async () => {
    const locked = freshPnr();
    const { orderRef } = await bankid.start(locked);
    const bad = await bankid.post('/api/dev/bankid/approve', { orderRef, personalNumber: '19800505-0000' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.personalNumber).toBe('Personnumret har fel kontrollsiffra.');
    const other = await bankid.post('/api/dev/bankid/approve', { orderRef, personalNumber: freshPnr() });
    expect(other.statusCode).toBe(400);
    expect(other.json().error.fields.personalNumber).toBe('Inloggningen gäller ett annat personnummer.');
    expect((await bankid.collect(orderRef)).json().status).toBe('pending');
    await nothingWritten(locked);
  });

  test('a second order for the same person → 409 alreadyInProgress (RFA4), and the first is cancelled', async () => {
    const pnr = freshPnr();
    const { orderRef } = await bankid.start(pnr);
    const second = await bankid.post('/api/auth/bankid/auth', { personalNumber: pnr });
    expect(second.statusCode).toBe(409);
    expect(second.json().error).toMatchObject({ code: 'bankid_already_in_progress', message: BANKID_TEXTS.RFA4.sv });
    expect((await bankid.collect(orderRef)).json()).toMatchObject({
      status: 'failed',
      hintCode: 'cancelled',
      message: 'Åtgärden avbröts. Försök igen.',
    });
    await bankid.start(pnr);
    await nothingWritten(pnr);
  });

  test('two simultaneous starts for one person: exactly one order, and it is cancelled', async () => {
    const pnr = freshPnr();
    const results = await Promise.all([
      bankid.post('/api/auth/bankid/auth', { personalNumber: pnr }),
      bankid.post('/api/auth/bankid/auth', { personalNumber: pnr }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const started = results.find((r) => r.statusCode === 200)?.json().orderRef as string;
    expect((await bankid.collect(started)).json()).toMatchObject({ status: 'failed', hintCode: 'cancelled' });
  });

  test('cancel → { status: cancelled }; collect then reports failed/cancelled', async () => {
    const pnr = freshPnr();
    const { orderRef } = await bankid.start(pnr);
    const res = await bankid.post('/api/auth/bankid/cancel', { orderRef });
    expect(res.json()).toEqual({ status: 'cancelled' });
    expect((await bankid.collect(orderRef)).json()).toMatchObject({ status: 'failed', hintCode: 'cancelled' });
    await nothingWritten(pnr);
  });

  test('rate limits: per IP and per personnummer → 429, again allowed the next minute', async () => {
    clock.advance(60_000);
    const ip = nextIp();
    for (let i = 0; i < t.ctx.config.rateLimit.loginPerIpPerMinute; i++) await bankid.start(undefined, ip);
    const blocked = await bankid.post('/api/auth/bankid/auth', {}, { ip });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.code).toBe('rate_limited');

    const pnr = freshPnr();
    const statuses: number[] = [];
    for (let i = 0; i <= t.ctx.config.rateLimit.loginPerPersonPerMinute; i++) {
      statuses.push((await bankid.post('/api/auth/bankid/auth', { personalNumber: pnr })).statusCode);
    }
    // Every other start meets the previous pending order (alreadyInProgress); the sixth is over the limit.
    expect(statuses).toEqual([200, 409, 200, 409, 200, 429]);
    clock.advance(60_000);
    await bankid.start(undefined, ip);
    expect((await bankid.post('/api/auth/bankid/auth', { personalNumber: pnr })).statusCode).not.toBe(429);
    await nothingWritten(pnr);
  });
});

describe('BankID errors from the RP API', () => {
  function serviceWith(client: Partial<BankIdClient>) {
    const sim = createBankIdSimulator({ hub: t.ctx.hub, clock, registry: t.ctx.registry, mode: 'test' });
    return createBankIdService({
      ...t.ctx,
      client: { ...sim, ...client } as BankIdClient,
      citizenIdleSeconds: 900,
      rateLimit: { loginPerIpPerMinute: 1000, loginPerPersonPerMinute: 1000 },
    });
  }

  test.each([
    ['maintenance', 503, 'bankid_unavailable', BANKID_TEXTS.RFA5.sv],
    ['internalError', 502, 'bankid_error', BANKID_TEXTS.RFA5.sv],
    ['requestTimeout', 502, 'bankid_error', BANKID_TEXTS.RFA5.sv],
    ['unreachable', 502, 'bankid_error', BANKID_TEXTS.RFA5.sv],
    ['unauthorized', 502, 'bankid_error', BANKID_TEXTS.RFA22.sv],
    ['somethingNew', 502, 'bankid_error', BANKID_TEXTS.RFA22.sv],
  ])('%s → %i %s with the BankID message', async (errorCode, status, code, message) => {
    const service = serviceWith({ auth: async () => Promise.reject(new BankIdApiError(errorCode, 'details')) });
    const error = await service.start({ ip: nextIp() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ status, code, message });
  });

  test('unknown hint codes give the generic messages, never an error', async () => {
    const ref = (await serviceWith({}).start({ ip: nextIp() })).orderRef;
    for (const [status, messageCode] of [
      ['pending', 'RFA21'],
      ['failed', 'RFA22'],
    ] as const) {
      const service = serviceWith({ collect: async () => ({ orderRef: ref, status, hintCode: 'brandNewHint' }) });
      expect((await service.collect({ orderRef: ref })).body).toMatchObject({ status, messageCode });
    }
  });

  test('a complete answer without a usable personalNumber → 502, no session', async () => {
    const ref = (await serviceWith({}).start({ ip: nextIp() })).orderRef;
    const service = serviceWith({ collect: async () => ({ orderRef: ref, status: 'complete' }) });
    await expect(service.collect({ orderRef: ref })).rejects.toMatchObject({ status: 502 });
    expect(await countRows(t, 'sessions')).toBe(0);
  });

  test('the simulator refuses to exist in production mode', async () => {
    expect(() =>
      createBankIdSimulator({ hub: t.ctx.hub, clock, registry: t.ctx.registry, mode: 'production' }),
    ).toThrow(/production/);
    const prodCtx = { ...t.ctx, config: { ...t.ctx.config, mode: 'production' as const } };
    expect(() => createBankIdModule(prodCtx)).toThrow(/cannot run in production/);
  });
});
