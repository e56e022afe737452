/**
 * The embedded BankID simulator's orders in the hub (sim-store.ts), on both hubs: in memory
 * and on Redis (the machine's, or REDIS_URL — always run, as the other instance tests). The
 * simulator's v6 behaviour on top of each store, and two app instances sharing an order
 * through Redis: one starts the login, the other approves and collects it.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { syntheticPersonnummer } from '@ingang/domain';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type NewSimOrder, simOrderStore } from '../src/modules/bankid/sim-store.js';
import { createBankIdSimulator, SIM_ORDER_LIFETIME_MS } from '../src/modules/bankid/simulator.js';
import { SESSION_COOKIE } from '../src/platform/auth.js';
import { fixedClock } from '../src/platform/clock.js';
import { createMemoryHub, createRedisHub, type Hub } from '../src/platform/hub.js';
import type { PopulationRegistry } from '../src/platform/registry.js';
import { cookieFrom } from './harness.js';
import { type InstancePair, startInstancePair } from './helpers/instances.js';

const REDIS = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const noRegistry: PopulationRegistry = {
  lookup: async () => null,
  childrenOf: async () => [],
  guardiansOf: async () => [],
};

const hubs: [string, () => Hub][] = [
  ['memory', () => createMemoryHub()],
  ['redis', () => createRedisHub(REDIS, `ingang-test-${randomBytes(4).toString('hex')}:`)],
];

let seq = 0;
const pnr = () =>
  syntheticPersonnummer(7000 + seq++, { minAge: 20, maxAge: 80, today: new Date('2025-03-10T09:00:00Z') });
function order(createdAt: Date, requestedPnr: string | null = null): NewSimOrder {
  return {
    orderRef: randomUUID(),
    autoStartToken: randomUUID(),
    qrStartToken: randomUUID(),
    qrStartSecret: randomUUID(),
    endUserIp: '203.0.113.9',
    requestedPnr,
    createdAt,
  };
}

describe.each(hubs)('simulator orders on the %s hub', (_name, makeHub) => {
  let hub: Hub;
  beforeAll(() => {
    hub = makeHub();
  });
  afterAll(async () => {
    await hub.close();
  });
  const t0 = new Date('2025-03-10T09:00:00Z');
  const at = (ms: number) => new Date(t0.getTime() + ms);

  test('start, find, settle once; a settled order leaves the pending list', async () => {
    const store = simOrderStore(hub);
    const o = order(at(0));
    expect(await store.start(o, at(-SIM_ORDER_LIFETIME_MS))).toBe(true);
    expect(await store.find(o.orderRef)).toEqual({
      ...o,
      status: 'pending',
      hintCode: 'outstandingTransaction',
      personalNumber: null,
    });
    expect((await store.list({ notBefore: at(-1000) })).map((x) => x.orderRef)).toContain(o.orderRef);
    const who = pnr();
    const outcome = { status: 'complete' as const, hintCode: '', personalNumber: who };
    expect(await store.settle(o.orderRef, outcome, at(-1000), who)).toBe(true);
    // Decided once: a second tester or instance cannot decide it again.
    expect(await store.settle(o.orderRef, { status: 'failed', hintCode: 'userCancel' }, at(-1000))).toBe(false);
    expect(await store.find(o.orderRef)).toMatchObject({ status: 'complete', hintCode: '', personalNumber: who });
    expect((await store.list({ notBefore: at(-1000) })).map((x) => x.orderRef)).not.toContain(o.orderRef);
    // By its autoStartToken it is still found, whatever its status.
    expect(await store.list({ autoStartToken: o.autoStartToken, notBefore: at(0) })).toMatchObject([
      { orderRef: o.orderRef, status: 'complete' },
    ]);
    expect(await store.find(randomUUID())).toBeNull();
    expect(await store.settle(randomUUID(), outcome, at(-1000))).toBe(false);
  });

  test('a locked order settles only as its own personnummer, and not after notBefore', async () => {
    const store = simOrderStore(hub);
    const owner = pnr();
    const o = order(at(1000), owner);
    expect(await store.start(o, at(0))).toBe(true);
    const outcome = (p: string) => ({ status: 'complete' as const, hintCode: '', personalNumber: p });
    expect(await store.settle(o.orderRef, outcome(pnr()), at(0), pnr())).toBe(false);
    // Started at 1000: an order not newer than notBefore has expired and is not settled.
    expect(await store.settle(o.orderRef, outcome(owner), at(1000), owner)).toBe(false);
    expect(await store.settle(o.orderRef, outcome(owner), at(999), owner)).toBe(true);
  });

  test('a second order for the same person cancels the pending one and is refused; an expired one is replaced', async () => {
    const store = simOrderStore(hub);
    const who = pnr();
    const first = order(at(0), who);
    expect(await store.start(first, at(-SIM_ORDER_LIFETIME_MS))).toBe(true);
    const second = order(at(10_000), who);
    expect(await store.start(second, at(10_000 - SIM_ORDER_LIFETIME_MS))).toBe(false);
    expect(await store.find(first.orderRef)).toMatchObject({ status: 'failed', hintCode: 'cancelled' });
    expect(await store.find(second.orderRef)).toBeNull();
    // Nothing pending for the person now: the next one starts.
    const third = order(at(20_000), who);
    expect(await store.start(third, at(20_000 - SIM_ORDER_LIFETIME_MS))).toBe(true);
    // Past its lifetime the pending one fails as expiredTransaction and the new one starts.
    const late = at(20_000 + SIM_ORDER_LIFETIME_MS + 1);
    const fourth = order(late, who);
    expect(await store.start(fourth, new Date(late.getTime() - SIM_ORDER_LIFETIME_MS))).toBe(true);
    expect(await store.find(third.orderRef)).toMatchObject({ status: 'failed', hintCode: 'expiredTransaction' });
    expect(await store.find(fourth.orderRef)).toMatchObject({ status: 'pending', requestedPnr: who });
    // Orders not locked to anyone never refuse each other.
    expect(await store.start(order(late), at(0))).toBe(true);
    expect(await store.start(order(late), at(0))).toBe(true);
  });

  test('the pending list: newest first, only those started after notBefore', async () => {
    const store = simOrderStore(hub);
    const base = 3_600_000;
    const refs: string[] = [];
    for (let i = 0; i < 3; i++) {
      const o = order(at(base + i * 1000));
      refs.push(o.orderRef);
      await store.start(o, at(0));
    }
    const listed = (await store.list({ notBefore: at(base) })).map((o) => o.orderRef);
    expect(listed.slice(0, 2)).toEqual([refs[2], refs[1]]);
    expect(listed).not.toContain(refs[0]);
  });

  test('the simulator speaks v6 on this store: pending → complete, cancel, expiry, alreadyInProgress, notFound', async () => {
    const clock = fixedClock('2025-03-10T09:00:00Z');
    const sim = createBankIdSimulator({ hub, clock, registry: noRegistry, mode: 'test' });
    const who = pnr();
    const a = await sim.auth({ endUserIp: '203.0.113.1', personalNumber: who });
    expect(await sim.collect(a.orderRef)).toEqual({
      orderRef: a.orderRef,
      status: 'pending',
      hintCode: 'outstandingTransaction',
    });
    await expect(sim.auth({ endUserIp: '203.0.113.1', personalNumber: who })).rejects.toMatchObject({
      errorCode: 'alreadyInProgress',
    });
    expect(await sim.collect(a.orderRef)).toMatchObject({ status: 'failed', hintCode: 'cancelled' });

    const b = await sim.auth({ endUserIp: '203.0.113.2' });
    await sim.approve(b.orderRef, who);
    const done = await sim.collect(b.orderRef);
    expect(done).toMatchObject({ status: 'complete', completionData: { user: { personalNumber: who } } });
    expect(done.completionData?.device.ipAddress).toBe('203.0.113.2');
    await expect(sim.approve(b.orderRef, who)).rejects.toMatchObject({ status: 409 });

    const c = await sim.auth({ endUserIp: '203.0.113.3' });
    await sim.cancel(c.orderRef);
    expect(await sim.collect(c.orderRef)).toMatchObject({ status: 'failed', hintCode: 'cancelled' });

    const d = await sim.auth({ endUserIp: '203.0.113.4' });
    clock.advance(SIM_ORDER_LIFETIME_MS);
    expect(await sim.collect(d.orderRef)).toMatchObject({ status: 'failed', hintCode: 'expiredTransaction' });
    await expect(sim.approve(d.orderRef, who)).rejects.toMatchObject({ status: 409 });

    await expect(sim.collect(randomUUID())).rejects.toMatchObject({ errorCode: 'notFound' });
    await expect(sim.cancel(randomUUID())).rejects.toMatchObject({ errorCode: 'notFound' });
  });
});

describe('two instances share a BankID order through Redis', () => {
  let pair: InstancePair;
  beforeAll(async () => {
    pair = await startInstancePair({ now: () => new Date() });
  }, 240_000);
  afterAll(async () => {
    await pair?.close();
  });

  test('A starts the login, B approves and collects it into a session that A honours', async () => {
    const who = pnr();
    const started = await pair.a.app.inject({
      method: 'POST',
      url: '/api/auth/bankid/auth',
      payload: { personalNumber: who },
      remoteAddress: '198.51.100.77',
    });
    expect(started.statusCode, started.body).toBe(200);
    const { orderRef } = started.json() as { orderRef: string };
    // The simulator's order is in Redis, not in the region's database (its table is gone).
    expect(await simOrderStore(pair.b.ctx.hub).find(orderRef)).toMatchObject({ requestedPnr: who, status: 'pending' });
    const pending = await pair.b.app.inject({ method: 'POST', url: '/api/auth/bankid/collect', payload: { orderRef } });
    expect(pending.json()).toMatchObject({ status: 'pending', hintCode: 'outstandingTransaction' });
    // The same person starting again on B: alreadyInProgress, and A's order is cancelled (v6).
    const again = await pair.b.app.inject({
      method: 'POST',
      url: '/api/auth/bankid/auth',
      payload: { personalNumber: who },
      remoteAddress: '198.51.100.78',
    });
    expect(again.statusCode).toBe(409);
    expect(
      (await pair.a.app.inject({ method: 'POST', url: '/api/auth/bankid/collect', payload: { orderRef } })).json(),
    ).toMatchObject({ status: 'failed', hintCode: 'cancelled' });

    const next = (
      await pair.a.app.inject({
        method: 'POST',
        url: '/api/auth/bankid/auth',
        payload: { personalNumber: who },
        remoteAddress: '198.51.100.79',
      })
    ).json() as { orderRef: string };
    const approved = await pair.b.app.inject({
      method: 'POST',
      url: '/api/dev/bankid/approve',
      payload: { orderRef: next.orderRef, personalNumber: who },
    });
    expect(approved.statusCode, approved.body).toBe(200);
    const done = await pair.b.app.inject({
      method: 'POST',
      url: '/api/auth/bankid/collect',
      payload: { orderRef: next.orderRef },
    });
    expect(done.json()).toMatchObject({ status: 'complete' });
    const token = cookieFrom(done, SESSION_COOKIE);
    expect(await pair.a.ctx.sessions.resolve(token)).toMatchObject({ kind: 'citizen' });
    // One order, one session: collecting it again on A is refused.
    const replay = await pair.a.app.inject({
      method: 'POST',
      url: '/api/auth/bankid/collect',
      payload: { orderRef: next.orderRef },
    });
    expect(replay.statusCode).toBe(404);
  });
});
