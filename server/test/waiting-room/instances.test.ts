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
import { browser, changeRoom, openRoom, solved } from './helpers.js';

const PG = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

let database: ScratchDatabase;
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
  const built: BuiltApp = await buildApp(config, { migrate, hub: createRedisHub(REDIS, prefix) });
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
    const pollOnB = async () =>
      b.app.inject({
        method: 'GET',
        url: `/api/queue/rooms/${roomId}/status`,
        headers: { 'x-queue-nonce': shared.nonce },
        cookies: { ingang_queue: shared.ticket as string },
      });
    const waiting = await pollOnB();
    expect(waiting.statusCode, waiting.body).toBe(200);
    expect(waiting.json().arrival).toBe(first.arrival);
    await expect
      .poll(
        async () => {
          const res = await pollOnB();
          const set = res.cookies.find((c) => c.name === 'ingang_queue');
          if (set) shared.ticket = set.value;
          return res.json().phase;
        },
        { timeout: 10_000, interval: 500 },
      )
      .toBe('admitted');

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
