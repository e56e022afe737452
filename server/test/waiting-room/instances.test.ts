/**
 * Two server instances on one PostgreSQL database and one Redis hub — the
 * deployment the waiting room is built for: a ticket issued by one is honoured
 * by the other, arrival numbers are shared, and an administrator's change on
 * one takes effect on the other at once. Always runs against the machine's
 * PostgreSQL and Redis (in-memory PGlite cannot be shared by two instances);
 * DATABASE_URL and REDIS_URL choose other ones.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type BuiltApp, buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createScratchDatabase, type ScratchDatabase } from '../../src/platform/db/scratch.js';
import { createRedisHub } from '../../src/platform/hub.js';
import { seedDemo } from '../../src/seed/demo.js';
import { DEMO_STAFF } from '../../src/seed/demo-data.js';
import type { TestApp } from '../harness.js';
import { staffSession } from '../helpers/sessions.js';
import { browser, changeRoom, dashboardOn, leaveOn, openRoom, solved, statusOn } from './helpers.js';

const PG = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

let database: ScratchDatabase;
// Real time plus an offset both instances share, so a test can skip ahead (silence, expiry) on both at once.
let offsetMs = 0;
const clock = { now: () => new Date(Date.now() + offsetMs) };
let a: TestApp;
let b: TestApp;

async function instance(url: string, prefix: string, migrate: boolean): Promise<TestApp> {
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: url,
    MAIL_EMBEDDED: 'false',
    SEED_DEMO: 'false',
    BANKID_BACKEND: 'simulator',
    WAITING_ROOM_POW_BITS: '8',
    WAITING_ROOM_POW_LOAD_BITS: '0',
  });
  const built: BuiltApp = await buildApp(config, { migrate, clock, hub: createRedisHub(REDIS, prefix) });
  return { ...built, close: () => built.app.close() };
}

beforeAll(async () => {
  database = await createScratchDatabase(PG, 'ingang_t');
  // Both instances share the hub's key space, as two processes on one Redis do.
  const prefix = `ingang-test-${randomBytes(4).toString('hex')}:`;
  a = await instance(database.url, prefix, true);
  b = await instance(database.url, prefix, false);
  await seedDemo(a.ctx.db, a.ctx.clock);
}, 240_000);
afterAll(async () => {
  await a?.close();
  await b?.close();
  await database?.drop();
});

describe('two instances', () => {
  test('a ticket from one is honoured by the other; arrivals and admin changes are shared', async () => {
    const rebecka = await staffSession(a, DEMO_STAFF.regionAdmin);
    const opened = await openRoom(a, rebecka, { scope: 'app', ratePerMinute: 60 });
    expect(opened.statusCode, opened.body).toBe(201);
    const roomId = opened.json().data.id;
    await b.ctx.hub.publish('waiting-room:changed', {});

    // B learns of the room through the hub announcement (or its next one-second refresh).
    const onB = browser(b);
    await expect.poll(async () => (await onB.startLogin()).statusCode, { timeout: 5000 }).toBe(503);

    const viaA = browser(a);
    const first = (await viaA.join(roomId)).json();
    const second = (await onB.join(roomId)).json();
    expect(second.arrival).toBe(first.arrival + 1);

    // A challenge solved and used on A is refused on B (single use through the shared hub).
    const proof = await solved(a, roomId);
    expect((await browser(a).joinWith(roomId, proof)).statusCode).toBe(200);
    const replay = await browser(b).joinWith(roomId, proof);
    expect(replay.statusCode, replay.body).toBe(409);
    expect(replay.json().error).toMatchObject({ code: 'pow_used', fields: { 'body.challenge': expect.any(String) } });

    // The browser that joined on A polls B (the load balancer sent it there) and is admitted there.
    const shared = { nonce: viaA.nonce, ticket: viaA.ticket };
    const pollOnB = () => statusOn(b, roomId, shared);
    const waiting = await pollOnB();
    expect(waiting.statusCode, waiting.body).toBe(200);
    expect(waiting.json().arrival).toBe(first.arrival);
    await expect.poll(async () => (await pollOnB()).json().phase, { timeout: 10_000, interval: 500 }).toBe('admitted');

    // …and logs in on A with the ticket B admitted.
    const login = await a.app.inject({
      method: 'POST',
      url: '/api/auth/bankid/auth',
      headers: { 'x-queue-nonce': shared.nonce },
      cookies: { ingang_queue: shared.ticket as string },
      payload: {},
    });
    expect(login.statusCode, login.body).toBe(200);

    // Pausing on A stops admission on B at once.
    const paused = await changeRoom(a, rebecka, roomId, { action: 'pause' });
    expect(paused.statusCode).toBe(200);
    await expect
      .poll(async () => (await b.app.inject({ method: 'GET', url: `/api/queue/rooms/${roomId}` })).json().data.phase, {
        timeout: 5000,
      })
      .toBe('paused');
    await changeRoom(a, rebecka, roomId, { action: 'end' });
  });
});

/** Waits until `app` has the room in its cache (the hub announcement, or its next one-second refresh). */
async function seesRoom(app: TestApp, roomId: string) {
  await expect
    .poll(async () => (await app.app.inject({ method: 'GET', url: `/api/queue/rooms/${roomId}` })).statusCode, {
      timeout: 5000,
    })
    .toBe(200);
}

describe('two instances, admission by free capacity', () => {
  test('the ledger is shared: never more than capacity admitted at once however the polls are spread, and a place freed on one instance admits the next on the other', async () => {
    const rebecka = await staffSession(a, DEMO_STAFF.regionAdmin);
    const opened = await openRoom(a, rebecka, { scope: 'app', admission: 'capacity', capacity: 3 });
    expect(opened.statusCode, opened.body).toBe(201);
    const roomId = opened.json().data.id;
    await b.ctx.hub.publish('waiting-room:changed', {});
    await seesRoom(b, roomId);

    // Ten people, joined and polling through alternating instances, all at once.
    const people: { p: ReturnType<typeof browser>; on: TestApp; other: TestApp }[] = [];
    for (let i = 0; i < 10; i++) {
      const on = i % 2 === 0 ? a : b;
      const p = browser(on);
      expect((await p.join(roomId)).statusCode).toBe(200);
      people.push({ p, on, other: on === a ? b : a });
    }
    const pollOn = (app: TestApp, p: ReturnType<typeof browser>) => statusOn(app, roomId, p);
    // Everyone polls both instances at the same moment (claims race on the shared ledger).
    const pollAll = async () => {
      await Promise.all(people.flatMap(({ p, on, other }) => [pollOn(on, p), pollOn(other, p)]));
    };
    const admittedNow = async () => {
      const phases = [];
      for (const { p, on } of people) phases.push((await pollOn(on, p)).json().phase);
      return phases.map((ph, i) => (ph === 'admitted' ? i : -1)).filter((i) => i >= 0);
    };

    // Both instances' caches call places within a second; concurrent claims through both never exceed 3.
    await pollAll();
    await expect.poll(async () => (await admittedNow()).length, { timeout: 10_000, interval: 300 }).toBe(3);
    for (let round = 0; round < 3; round++) await pollAll();
    expect(await admittedNow()).toEqual([0, 1, 2]);

    // Person 0 (joined on A) says "done" on B: place 4 is called and admitted through A.
    const first = people[0] as (typeof people)[number];
    const done = await leaveOn(b, roomId, first.p);
    expect(done.statusCode).toBe(204);
    const fourth = people[3] as (typeof people)[number];
    await expect.poll(async () => (await pollOn(a, fourth.p)).json().phase, { timeout: 5000 }).toBe('admitted');
    expect((await pollOn(a, first.p)).json().phase).toBe('expired');
    expect(await admittedNow()).toEqual([1, 2, 3]);

    // Both instances' dashboards say 3 inside of 3.
    for (const app of [a, b]) {
      await expect
        .poll(
          async () => {
            const d = (await dashboardOn(app, rebecka, roomId)).json().data;
            return [d.insideNow, d.capacity, d.room.serving];
          },
          { timeout: 5000 },
        )
        .toEqual([3, 3, 4]);
    }
    await changeRoom(a, rebecka, roomId, { action: 'end' });
  });
});

describe('two instances, places freed by silence and by the end of the turn', () => {
  test('a silent ticket frees its place for the next on the other instance; coming back to a full room it waits first in line (never over capacity), is readmitted before new arrivals, and expiry frees all', async () => {
    const rebecka = await staffSession(a, DEMO_STAFF.regionAdmin);
    const opened = await openRoom(a, rebecka, {
      scope: 'app',
      admission: 'capacity',
      capacity: 2,
      admittedValidMinutes: 10,
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const roomId = opened.json().data.id;
    await b.ctx.hub.publish('waiting-room:changed', {});
    await seesRoom(b, roomId);
    type Person = ReturnType<typeof browser>;
    const placeOn = async (app: TestApp, p: Person) =>
      (await statusOn(app, roomId, p)).json() as { phase: string; ahead: number | null; place: number | null };
    const phaseOn = async (app: TestApp, p: Person) => (await placeOn(app, p)).phase;
    const insideOn = async (app: TestApp) => (await dashboardOn(app, rebecka, roomId)).json().data.insideNow as number;
    const everyone: Person[] = [];
    const join = async (app: TestApp) => {
      const p = browser(app);
      expect((await p.join(roomId)).statusCode).toBe(200);
      everyone.push(p);
      return p;
    };
    // The invariant, checked after every step: both instances' ledger figures and the people told
    // "admitted" (each asked on both instances at once) never exceed the capacity.
    const atMostCapacity = async () => {
      for (const app of [a, b]) expect(await insideOn(app)).toBeLessThanOrEqual(2);
      const answers = await Promise.all(everyone.flatMap((p) => [placeOn(a, p), placeOn(b, p)]));
      const admitted = everyone.filter(
        (_, i) => answers[i * 2]?.phase === 'admitted' || answers[i * 2 + 1]?.phase === 'admitted',
      );
      expect(admitted.length).toBeLessThanOrEqual(2);
      return admitted;
    };

    const [x, y, z] = [await join(a), await join(b), await join(a)];
    await expect.poll(() => phaseOn(a, x), { timeout: 5000 }).toBe('admitted');
    // (B's cached serving number catches up within its one-second refresh.)
    await expect.poll(() => phaseOn(b, y), { timeout: 5000 }).toBe('admitted');
    expect(await phaseOn(b, z)).toBe('waiting');
    await atMostCapacity();

    // x and y go silent past the abandon time (120 s), y having been seen halfway: x's place is called
    // for z, through B.
    offsetMs += 60_000;
    expect(await phaseOn(b, y)).toBe('admitted');
    offsetMs += 61_000;
    await expect.poll(() => phaseOn(b, z), { timeout: 5000 }).toBe('admitted');
    const w = await join(b);
    expect(await phaseOn(a, w)).toBe('waiting');

    // x comes back on B to a full room: it keeps its place and waits first in line, not counted.
    expect(await placeOn(b, x)).toMatchObject({ phase: 'waiting', ahead: 0, place: expect.any(Number) });
    expect(await placeOn(a, x)).toMatchObject({ phase: 'waiting', ahead: 0 });
    expect(await atMostCapacity()).toEqual([y, z]);
    const v = await join(a);
    await atMostCapacity();

    // z is done on A: x (the returner, readmitted by the shared script) comes in, not w or v.
    const done = await leaveOn(a, roomId, z);
    expect(done.statusCode).toBe(204);
    expect(await phaseOn(a, x)).toBe('admitted');
    expect(await phaseOn(b, w)).toBe('waiting');
    expect(await atMostCapacity()).toEqual([x, y]);

    // Returners and new arrivals mixed, all at once on both instances: x, y go silent, w and v are
    // called and come in; x and y come back together with three new arrivals — still never over 2.
    offsetMs += 121_000;
    await expect.poll(() => phaseOn(b, w), { timeout: 5000 }).toBe('admitted');
    await expect.poll(() => phaseOn(a, v), { timeout: 5000 }).toBe('admitted');
    await Promise.all([join(a), join(b), join(a), placeOn(a, x), placeOn(b, y), placeOn(b, x), placeOn(a, y)]);
    expect(await atMostCapacity()).toEqual([w, v]);
    expect((await placeOn(a, x)).phase).toBe('waiting');
    expect((await placeOn(b, y)).phase).toBe('waiting');

    // The next two places free (w done, v logs out… here: done): the two returners come in first.
    for (const p of [w, v]) {
      const res = await leaveOn(b, roomId, p);
      expect(res.statusCode).toBe(204);
    }
    expect(await phaseOn(a, x)).toBe('admitted');
    expect(await phaseOn(b, y)).toBe('admitted');
    expect(await atMostCapacity()).toEqual([x, y]);

    // The turns end (10 minutes): the new arrivals are called; x is expired.
    offsetMs += 10 * 60_000;
    const late = everyone.slice(-3);
    await expect.poll(async () => (await atMostCapacity()).length, { timeout: 5000 }).toBe(2);
    expect(await phaseOn(b, x)).toBe('expired');
    expect((await atMostCapacity()).every((p) => late.includes(p))).toBe(true);
    await changeRoom(a, rebecka, roomId, { action: 'end' });
  });
});

describe('two instances, capacity following the load', () => {
  test('both instances step the shared capacity from the same reading at once: one step lands, not two; the other instance admits by it', async () => {
    const rebecka = await staffSession(a, DEMO_STAFF.regionAdmin);
    const opened = await openRoom(a, rebecka, { scope: 'app', admission: 'capacity', capacity: 20, paceAuto: true });
    expect(opened.statusCode, opened.body).toBe(201);
    const roomId = opened.json().data.id;
    await b.ctx.hub.publish('waiting-room:changed', {});
    await seesRoom(b, roomId);
    const capacityNowOn = async (app: TestApp) =>
      (await dashboardOn(app, rebecka, roomId)).json().data.capacityNow as number;
    const readings = [a.ctx.load.reading, b.ctx.load.reading];
    const { on, off } = a.ctx.config.waitingRoom.pace;
    // Steady between the thresholds, except for the one reading each instance takes in a step the test arms.
    const steady = { inFlight: 0, eventLoopDelayMs: off.eventLoopDelayMs, poolWaiting: 0 };
    const hot = { inFlight: on.inFlight, eventLoopDelayMs: 0, poolWaiting: 0 };
    const calm = { inFlight: 0, eventLoopDelayMs: 0, poolWaiting: 0 };
    let armed: typeof steady | null = null;
    a.ctx.load.reading = () => armed ?? steady;
    b.ctx.load.reading = () => armed ?? steady;
    try {
      // Both instances hold the same row; both step at the same moment from the same reading.
      const bothStep = async (load: typeof steady) => {
        armed = load;
        const ticks = Promise.all([a.waitingRoom.pace.tick(), b.waitingRoom.pace.tick()]);
        armed = null;
        return (await ticks).reduce((sum, n) => sum + n, 0);
      };
      // Both computed 20 → 15 from the row they hold; the write is conditional, so exactly one lands.
      expect(await bothStep(hot)).toBe(1);
      // One cut (20 → 15), not two (→ 11), seen by both instances.
      for (const app of [a, b]) await expect.poll(() => capacityNowOn(app), { timeout: 5000 }).toBe(15);
      await bothStep(hot);
      for (const app of [a, b]) await expect.poll(() => capacityNowOn(app), { timeout: 5000 }).toBe(11);
      await bothStep(calm);
      for (const app of [a, b]) await expect.poll(() => capacityNowOn(app), { timeout: 5000 }).toBe(13);
      // The effective capacity is what the shared ledger admits by, on either instance.
      await bothStep(hot);
      for (const app of [a, b]) await expect.poll(() => capacityNowOn(app), { timeout: 5000 }).toBe(9);
      await bothStep(hot);
      for (const app of [a, b]) await expect.poll(() => capacityNowOn(app), { timeout: 5000 }).toBe(6);
      // Down to the floor, a tenth of 20.
      for (const next of [4, 3, 2, 2]) {
        await bothStep(hot);
        for (const app of [a, b]) await expect.poll(() => capacityNowOn(app), { timeout: 5000 }).toBe(next);
      }
      const people = [browser(a), browser(b), browser(a)];
      for (const p of people) expect((await p.join(roomId)).statusCode).toBe(200);
      const phaseOn = async (app: TestApp, p: ReturnType<typeof browser>) =>
        (await statusOn(app, roomId, p)).json().phase as string;
      const [p1, p2, p3] = people as [
        ReturnType<typeof browser>,
        ReturnType<typeof browser>,
        ReturnType<typeof browser>,
      ];
      await expect.poll(() => phaseOn(b, p1), { timeout: 5000 }).toBe('admitted');
      await expect.poll(() => phaseOn(a, p2), { timeout: 5000 }).toBe('admitted');
      expect(await phaseOn(b, p3)).toBe('waiting');
      expect(await phaseOn(a, p3)).toBe('waiting');
    } finally {
      a.ctx.load.reading = readings[0] as typeof a.ctx.load.reading;
      b.ctx.load.reading = readings[1] as typeof b.ctx.load.reading;
    }
    await changeRoom(a, rebecka, roomId, { action: 'end' });
  });
});
