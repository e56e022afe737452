/**
 * The waiting room over HTTP: the gate before the BankID start and before a
 * booking, joining and keeping a place, admission at the set rate, the ticket
 * bound to its browser, the always-open lane, pause/resume/rate changes, and
 * the verifiable prequeue shuffle.
 */

import { randomBytes } from 'node:crypto';
import { TicketStatusResponse } from '@ingang/contracts';
import { pollSeconds, shuffledPlaces, verifySeed } from '@ingang/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  EPOCH_MS,
  epochDigest,
  leadingZeroBits,
  powDigest,
  solve,
  solveEpoch,
} from '../../src/modules/waiting-room/pow.js';
import { fixedClock } from '../../src/platform/clock.js';
import { seedDemo } from '../../src/seed/demo.js';
import { DEMO_STAFF, DEMO_UNITS } from '../../src/seed/demo-data.js';
import { createSlot, createTimeType, personIdOf } from '../booking-fixtures.js';
import { startTestApp, type TestApp } from '../harness.js';
import { citizenSession, staffSession, type TestSession } from '../helpers/sessions.js';
import { countStatements } from '../helpers/statements.js';
import { browser, changeRoom, dashboardOn, openRoom } from './helpers.js';

const clock = fixedClock('2026-05-03T07:00:00Z');
let t: TestApp;
let rebecka: TestSession;

// Building the app on PGlite (migrations, demo seed) can take minutes on a shared, loaded machine.
const START_TIMEOUT = 240_000;

beforeAll(async () => {
  // 8 bits of proof of work per place (256 hashes) keeps the many joins here quick on a loaded machine;
  // no extra bits under load (a loaded test machine would otherwise raise them, as it should in production).
  t = await startTestApp({
    clock,
    env: { BANKID_BACKEND: 'simulator', WAITING_ROOM_POW_BITS: '8', WAITING_ROOM_POW_LOAD_BITS: '0' },
  });
  await seedDemo(t.ctx.db, clock);
  rebecka = await staffSession(t, DEMO_STAFF.regionAdmin);
}, START_TIMEOUT);
afterAll(async () => {
  await t?.close();
});

async function endRoom(id: string) {
  const res = await changeRoom(t, rebecka, id, { action: 'end' });
  expect(res.statusCode, res.body).toBe(200);
}

/** A room's admin dashboard, as the region admin sees it. */
const dashboardOf = (id: string) => dashboardOn(t, rebecka, id);

/**
 * A room of one describe's own: opened before its tests, ended after them, and the load reading put
 * back (the tests of a room following the load swap `t.ctx.load.reading` for the readings they need).
 */
function roomOfDescribe(body: Parameters<typeof openRoom>[2]) {
  const room = { id: '' };
  let reading: typeof t.ctx.load.reading;
  beforeAll(async () => {
    reading = t.ctx.load.reading;
    const res = await openRoom(t, rebecka, body);
    expect(res.statusCode, res.body).toBe(201);
    room.id = res.json().data.id;
  });
  afterAll(async () => {
    t.ctx.load.reading = reading;
    await endRoom(room.id);
  });
  return room;
}

describe('no room', () => {
  test('with the load switch off (tests, or an operator), a load over its thresholds alone is no rush', () => {
    const { enabled, on } = t.ctx.config.waitingRoom.auto;
    expect(enabled).toBe(false);
    const reading = t.ctx.load.reading;
    t.ctx.load.reading = () => ({ inFlight: on.inFlight, eventLoopDelayMs: on.eventLoopDelayMs, poolWaiting: 0 });
    try {
      expect(t.waitingRoom.rush()).toBe(false);
    } finally {
      t.ctx.load.reading = reading;
    }
  });
  test('login starts without a ticket', async () => {
    const res = await browser(t).startLogin();
    expect(res.statusCode, res.body).toBe(200);
  });
});

describe('an app-wide room, opened at once', () => {
  let roomId: string;
  beforeAll(async () => {
    const res = await openRoom(t, rebecka, { scope: 'app', ratePerMinute: 60, admittedValidMinutes: 10 });
    expect(res.statusCode, res.body).toBe(201);
    roomId = res.json().data.id;
    expect(res.json().data).toMatchObject({ phase: 'open', scope: 'app', prequeueCount: 0 });
  });
  afterAll(() => endRoom(roomId));

  test('the BankID start needs an admitted ticket: 503 queue_required with the room and Retry-After', async () => {
    const res = await browser(t).startLogin();
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.json().error).toMatchObject({ code: 'queue_required', roomId });
    // Nothing was started at BankID: no order row.
    const orders = await t.ctx.db.selectFrom('bankid_orders').select('order_ref').execute();
    const before = orders.length;
    await browser(t).startLogin();
    expect((await t.ctx.db.selectFrom('bankid_orders').select('order_ref').execute()).length).toBe(before);
  });

  test('a second room for the same scope is refused (409)', async () => {
    const res = await openRoom(t, rebecka, { scope: 'app' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('room_exists');
  });

  test('join, keep the place on reload, wait, get admitted at the rate, then log in', async () => {
    const a = browser(t);
    const joined = await a.join(roomId);
    expect(joined.statusCode, joined.body).toBe(200);
    const first = joined.json();
    expect(first).toMatchObject({ phase: 'waiting', roomId });
    // The interval follows the domain's rule for a room with a fixed rate: ask when due.
    expect(first.pollSeconds).toBe(pollSeconds(first, undefined, undefined, 0, true));
    expect(joined.cookies.find((c) => c.name === 'ingang_queue')).toMatchObject({ httpOnly: true, path: '/' });
    // A reload (join again with the same cookie and nonce) keeps the arrival number.
    const again = await a.join(roomId);
    expect(again.json().arrival).toBe(first.arrival);
    // A second browser comes after.
    const b = browser(t);
    expect((await b.join(roomId)).json().arrival).toBe(first.arrival + 1);

    const waiting = await a.status(roomId);
    expect(waiting.headers['cache-control']).toMatch(/private/);
    expect((await a.startLogin()).statusCode).toBe(503);

    // 60 a minute: one a second. Advance until a's place comes up.
    clock.advance(first.arrival * 1000);
    const admitted = await a.status(roomId);
    expect(admitted.json()).toMatchObject({ phase: 'admitted', ahead: 0 });
    expect(admitted.json().admittedUntil).toBe(new Date(clock.now().getTime() + 600_000).toISOString());
    const login = await a.startLogin();
    expect(login.statusCode, login.body).toBe(200);
    expect(login.json().orderRef).toBeTruthy();
  });

  test('a copied ticket does not let another browser in; a forged one neither', async () => {
    const a = browser(t);
    const place = (await a.join(roomId)).json().arrival;
    clock.advance(place * 1000);
    expect((await a.status(roomId)).json().phase).toBe('admitted');
    const thief = browser(t);
    thief.ticket = a.ticket;
    expect((await thief.startLogin()).statusCode).toBe(503);
    expect((await thief.status(roomId)).statusCode).toBe(404);
    const forger = browser(t);
    const [v, payload, sig] = (a.ticket as string).split('.');
    const body = JSON.parse(Buffer.from(payload as string, 'base64url').toString());
    body.nh = 'x'.repeat(22);
    forger.ticket = `${v}.${Buffer.from(JSON.stringify(body)).toString('base64url')}.${sig}`;
    expect((await forger.startLogin()).statusCode).toBe(503);
    // The owner still gets in.
    expect((await a.startLogin()).statusCode).toBe(200);
  });

  test('the always-open lane logs in without queueing', async () => {
    const res = await browser(t).startLogin({ 'x-queue-lane': 'manage' });
    expect(res.statusCode, res.body).toBe(200);
  });

  test('a bad nonce is a 400 naming the header', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/queue/rooms/${roomId}/join`,
      headers: { 'x-queue-nonce': 'short' },
    });
    expect(res.statusCode).toBe(400);
    expect(Object.keys(res.json().error.fields)).toContain('headers.x-queue-nonce');
  });

  test('status costs no database statement (and the counting sees one where there is one)', async () => {
    const a = browser(t);
    await a.join(roomId);
    const polls = await countStatements(t.ctx.db, async () => {
      for (let i = 0; i < 20; i += 1) expect((await a.status(roomId)).statusCode).toBe(200);
      expect((await t.app.inject({ method: 'GET', url: `/api/queue/rooms/${roomId}` })).statusCode).toBe(200);
    });
    expect(polls.statements).toBe(0);
    // A logged-in browser's poll too: the session cookie is not looked up for it.
    const anna = await citizenSession(t, await personIdOf(t, 'anna'));
    const withSession = await countStatements(t.ctx.db, () =>
      t.app.inject({
        method: 'GET',
        url: `/api/queue/rooms/${roomId}/status`,
        headers: { ...anna.headers, 'x-queue-nonce': a.nonce },
        cookies: { ...(a.ticket ? { ingang_queue: a.ticket } : {}) },
      }),
    );
    expect(withSession.result.statusCode, withSession.result.body).toBe(200);
    expect(withSession.statements).toBe(0);
    const probe = await countStatements(t.ctx.db, () =>
      t.app.inject({ method: 'GET', url: `/api/public/release-weather/${crypto.randomUUID()}` }),
    );
    expect(probe.statements).toBeGreaterThan(0);
  });

  test('the status poll checks its inputs like every route: 400 naming the field', async () => {
    const a = browser(t);
    await a.join(roomId);
    const badRoom = await t.app.inject({
      method: 'GET',
      url: '/api/queue/rooms/not-a-uuid/status',
      headers: { 'x-queue-nonce': a.nonce },
    });
    expect(badRoom.statusCode).toBe(400);
    expect(badRoom.json().error).toMatchObject({
      code: 'invalid_input',
      fields: { 'params.roomId': expect.any(String) },
    });
    const badNonce = await t.app.inject({
      method: 'GET',
      url: `/api/queue/rooms/${roomId}/status`,
      headers: { 'x-queue-nonce': 'short' },
    });
    expect(badNonce.statusCode).toBe(400);
    expect(Object.keys(badNonce.json().error.fields)).toEqual(['headers.x-queue-nonce']);
    // The answer keeps the contract's shape and the security headers.
    const ok = await a.status(roomId);
    expect(TicketStatusResponse.parse(ok.json())).toEqual(ok.json());
    expect(ok.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(ok.headers['x-content-type-options']).toBe('nosniff');
    expect(ok.headers['cache-control']).toBe('private, max-age=1');
  });

  test('pause stops admission at once; resume continues from the same number; a rate change applies at once', async () => {
    const paused = await changeRoom(t, rebecka, roomId, { action: 'pause' });
    expect(paused.json().data.phase).toBe('paused');
    const serving = paused.json().data.serving;
    clock.advance(60_000);
    const room = await t.app.inject({ method: 'GET', url: `/api/queue/rooms/${roomId}` });
    expect(room.json().data.serving).toBe(serving);
    const a = browser(t);
    expect((await a.join(roomId)).json().etaSeconds).toBeNull();
    expect((await changeRoom(t, rebecka, roomId, { action: 'pause' })).statusCode).toBe(409);
    const resumed = await changeRoom(t, rebecka, roomId, { action: 'resume' });
    expect(resumed.json().data).toMatchObject({ phase: 'open', serving });
    const faster = await changeRoom(t, rebecka, roomId, { action: 'set', ratePerMinute: 600 });
    expect(faster.json().data).toMatchObject({ serving, admissionsPerMinute: 600 });
    clock.advance(1000);
    const later = await t.app.inject({ method: 'GET', url: `/api/queue/rooms/${roomId}` });
    expect(later.json().data.serving).toBe(serving + 10);
  });

  test('only region admins manage rooms', async () => {
    const nurse = await staffSession(t, DEMO_STAFF.nurseSolberga);
    expect((await openRoom(t, nurse, { scope: 'app' })).statusCode).toBe(403);
    expect((await changeRoom(t, nurse, roomId, { action: 'pause' })).statusCode).toBe(403);
    const citizen = await citizenSession(t, await personIdOf(t, 'anna'));
    expect((await openRoom(t, citizen, { scope: 'app' })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/admin/waiting-rooms' })).statusCode).toBe(401);
    const dash = await dashboardOf(roomId);
    expect(dash.statusCode, dash.body).toBe(200);
    expect(dash.json().data.admitted).toBeGreaterThanOrEqual(2);
    expect((await openRoom(t, rebecka, { scope: 'time_type' })).json().error.fields).toHaveProperty('body.timeTypeId');
  });
});

describe('a scheduled release of one time type, with a prequeue', () => {
  let typeId: string;
  let otherTypeId: string;
  let roomId: string;

  beforeAll(async () => {
    typeId = await createTimeType(t, { minAge: null });
    otherTypeId = await createTimeType(t, { minAge: null });
    const releaseAt = new Date(clock.now().getTime() + 10 * 60_000).toISOString();
    const res = await openRoom(t, rebecka, {
      scope: 'time_type',
      timeTypeId: typeId,
      releaseAt,
      prequeueMinutes: 15,
      ratePerMinute: 6000,
    });
    expect(res.statusCode, res.body).toBe(201);
    roomId = res.json().data.id;
  });
  afterAll(() => endRoom(roomId));

  test('prequeue: places are not given yet; the seed is committed, not shown', async () => {
    const room = (await t.app.inject({ method: 'GET', url: `/api/queue/rooms/${roomId}` })).json().data;
    expect(room.phase).toBe('prequeue');
    expect(room.shuffle.seed).toBeNull();
    expect(room.shuffle.seedSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  test('at the release the prequeue is shuffled exactly as the published seed says; later arrivals queue behind', async () => {
    const early = Array.from({ length: 8 }, () => browser(t));
    for (const b of early) expect((await b.join(roomId)).json().phase).toBe('prequeue');
    // Ten minutes before the release the prequeue asks seldom (half the time left, at most a minute).
    expect((await early[0]?.status(roomId))?.json()).toMatchObject({ phase: 'prequeue', pollSeconds: 60 });
    const committed = (await t.app.inject({ method: 'GET', url: `/api/queue/rooms/${roomId}` })).json().data.shuffle
      .seedSha256;

    clock.advance(10 * 60_000);
    const late = browser(t);
    const lateStatus = (await late.join(roomId)).json();
    const room = (await t.app.inject({ method: 'GET', url: `/api/queue/rooms/${roomId}` })).json().data;
    expect(room.prequeueCount).toBe(8);
    expect(verifySeed(room.shuffle.seed, committed)).toBe(true);
    const places = shuffledPlaces(8, room.shuffle.seed);
    for (const b of early) {
      const s = (await b.status(roomId)).json();
      expect(s.place).toBe(places[s.arrival]);
    }
    expect(lateStatus.place).toBe(lateStatus.arrival);
    expect(lateStatus.place).toBeGreaterThan(8);
  });

  test('booking that type needs an admitted ticket; another type does not queue', async () => {
    const anna = await citizenSession(t, await personIdOf(t, 'anna'));
    const slot = await createSlot(t, { timeTypeId: typeId, unitId: DEMO_UNITS.vaccCity, inMinutes: 3 * 24 * 60 });
    const other = await createSlot(t, { timeTypeId: otherTypeId, unitId: DEMO_UNITS.vaccCity, inMinutes: 3 * 24 * 60 });
    const b = browser(t);
    const blocked = await b.book(anna, slot);
    expect(blocked.statusCode).toBe(503);
    expect(blocked.json().error).toMatchObject({ code: 'queue_required', roomId });
    expect((await b.book(anna, other)).statusCode).toBe(201);
    const place = (await b.join(roomId)).json().place;
    clock.advance(Math.ceil(place / 100) * 1000 + 1000);
    expect((await b.status(roomId)).json().phase).toBe('admitted');
    const booked = await b.book(anna, slot);
    expect(booked.statusCode, booked.body).toBe(201);
  });

  test('the release weather shows the queue, the open groups and free places, without login', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/public/release-weather/${typeId}` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=10');
    const w = res.json().data;
    expect(w.openToAll).toBe(true);
    expect(w.queue).toMatchObject({ id: roomId, phase: 'open' });
    expect(w.totalFree).toBeGreaterThanOrEqual(2);
    expect(w.freePlaces[0]).toMatchObject({ area: expect.any(String), free: expect.any(Number) });
    const unknown = await t.app.inject({ method: 'GET', url: `/api/public/release-weather/${DEMO_UNITS.vaccCity}` });
    expect(unknown.statusCode).toBe(404);
  });
});

describe('release now and capacity admission', () => {
  test('"release" moves a scheduled release to now and shuffles the prequeue; a second release is 409', async () => {
    const releaseAt = new Date(clock.now().getTime() + 60 * 60_000).toISOString();
    const res = await openRoom(t, rebecka, {
      scope: 'app',
      releaseAt,
      prequeueMinutes: 60,
      admission: 'capacity',
      capacity: 2,
    });
    expect(res.statusCode, res.body).toBe(201);
    const roomId = res.json().data.id;
    const waiting = [browser(t), browser(t), browser(t)];
    for (const b of waiting) expect((await b.join(roomId)).json().phase).toBe('prequeue');
    const released = await changeRoom(t, rebecka, roomId, { action: 'release' });
    expect(released.statusCode, released.body).toBe(200);
    expect((await changeRoom(t, rebecka, roomId, { action: 'release' })).statusCode).toBe(409);
    const room = (await t.app.inject({ method: 'GET', url: `/api/queue/rooms/${roomId}` })).json().data;
    expect(room).toMatchObject({ phase: 'open', prequeueCount: 3, serving: 2 });
    expect(room.shuffle.seed).toMatch(/^[0-9a-f]{64}$/);
    // Capacity 2: exactly the two with shuffled places 1 and 2 are in.
    const phases = [];
    for (const b of waiting) phases.push((await b.status(roomId)).json().phase);
    expect(phases.filter((p) => p === 'admitted')).toHaveLength(2);
    // One of them is done: the third is let in at once.
    const done = waiting[phases.indexOf('admitted')] as ReturnType<typeof browser>;
    expect((await done.leave(roomId)).statusCode).toBe(204);
    const third = waiting[phases.indexOf('waiting')] as ReturnType<typeof browser>;
    await expect.poll(async () => (await third.status(roomId)).json().phase, { timeout: 5000 }).toBe('admitted');
    await endRoom(roomId);
  });
});

// Its own room: the expiry check moves the clock, and the app-wide room's tests count on theirs.
describe('proof of work per place', () => {
  const room = roomOfDescribe({ scope: 'app', ratePerMinute: 60 });

  test('a place costs a solved proof of work: missing, foreign, wrong, expired or replayed → 4xx naming the field', async () => {
    const b = browser(t);
    const missing = await b.joinWith(room.id, undefined);
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error).toMatchObject({
      code: 'pow_required',
      fields: { 'body.challenge': expect.any(String) },
    });

    const issued = await t.app.inject({ method: 'GET', url: `/api/queue/rooms/${room.id}/challenge` });
    expect(issued.statusCode, issued.body).toBe(200);
    const { challenge, bits, algorithm } = issued.json();
    expect({ bits, algorithm }).toEqual({ bits: 8, algorithm: 'sha256-leading-zero-bits' });
    const noSolution = await b.joinWith(room.id, { challenge });
    expect(noSolution.json().error).toMatchObject({
      code: 'pow_required',
      fields: { 'body.solution': expect.any(String) },
    });

    // A solution that does not give the zero bits (the first candidate that fails).
    let wrong = 0;
    while (leadingZeroBits(powDigest(challenge, String(wrong))) >= bits) wrong += 1;
    const wrongRes = await b.joinWith(room.id, { challenge, solution: String(wrong) });
    expect(wrongRes.statusCode).toBe(400);
    expect(wrongRes.json().error).toMatchObject({ code: 'pow_wrong', fields: { 'body.solution': expect.any(String) } });

    // A forged challenge (easier difficulty written into it) fails its signature.
    const [v, payload, sig] = challenge.split('.');
    const easier = { ...JSON.parse(Buffer.from(payload, 'base64url').toString()), bits: 0 };
    const forged = `${v}.${Buffer.from(JSON.stringify(easier)).toString('base64url')}.${sig}`;
    const forgedRes = await b.joinWith(room.id, { challenge: forged, solution: '0' });
    expect(forgedRes.json().error).toMatchObject({
      code: 'pow_invalid',
      fields: { 'body.challenge': expect.any(String) },
    });

    // Solved: a ticket. The same solution again (another browser, a bot reusing it): 409.
    const solution = solve(challenge, bits);
    const ok = await b.joinWith(room.id, { challenge, solution });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(b.ticket).toBeTruthy();
    const replay = await browser(t).joinWith(room.id, { challenge, solution });
    expect(replay.statusCode).toBe(409);
    expect(replay.json().error).toMatchObject({ code: 'pow_used', fields: { 'body.challenge': expect.any(String) } });
    // The browser holding the place keeps it on reload without a new proof.
    expect((await b.joinWith(room.id, undefined)).json().arrival).toBe(ok.json().arrival);

    // A challenge past its five minutes is refused even when solved.
    const old = (await t.app.inject({ method: 'GET', url: `/api/queue/rooms/${room.id}/challenge` })).json();
    const oldSolution = solve(old.challenge, old.bits);
    clock.advance(301_000);
    const expired = await browser(t).joinWith(room.id, { challenge: old.challenge, solution: oldSolution });
    expect(expired.json().error).toMatchObject({
      code: 'pow_expired',
      fields: { 'body.challenge': expect.any(String) },
    });
  });
  test("one request per arrival: the room's cacheable answer carries this minute's prefix; solved once, good for one place", async () => {
    const info = await t.app.inject({ method: 'GET', url: `/api/queue/rooms/${room.id}` });
    expect(info.statusCode, info.body).toBe(200);
    expect(info.headers['cache-control']).toBe('public, max-age=2');
    const pow = info.json().data.pow as { prefix: string; bits: number; algorithm: string; expiresAt: string };
    expect(pow).toMatchObject({ bits: 8, algorithm: 'sha256-leading-zero-bits' });
    expect(pow.prefix).toMatch(/^e1\./);
    // The same prefix for everyone this minute (the answer can be shared by a cache).
    const again = (await t.app.inject({ method: 'GET', url: `/api/queue/rooms/${room.id}` })).json().data.pow;
    expect(again.prefix).toBe(pow.prefix);
    const list = (await t.app.inject({ method: 'GET', url: '/api/queue/rooms' })).json().data;
    expect(list.find((r: { id: string }) => r.id === room.id).pow.prefix).toBe(pow.prefix);

    const clientNonce = randomBytes(16).toString('base64url');
    const solution = solveEpoch(pow.prefix, clientNonce, pow.bits);
    const b = browser(t);
    const ok = await b.joinWith(room.id, { challenge: pow.prefix, clientNonce, solution });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.headers['cache-control']).toBe('no-store');
    expect(TicketStatusResponse.parse(ok.json()).phase).toBe('waiting');
    expect(b.ticket).toBeTruthy();
    // The same (prefix, client nonce) again — another browser or a bot reusing the work: 409.
    const replay = await browser(t).joinWith(room.id, { challenge: pow.prefix, clientNonce, solution });
    expect(replay.statusCode).toBe(409);
    expect(replay.json().error).toMatchObject({ code: 'pow_used', fields: { 'body.challenge': expect.any(String) } });
    // The solution is bound to its client nonce: another nonce with the same solution does not hold.
    const otherNonce = randomBytes(16).toString('base64url');
    let stolen = solution;
    if (leadingZeroBits(epochDigest(pow.prefix, otherNonce, stolen)) >= pow.bits) stolen = 'x';
    while (leadingZeroBits(epochDigest(pow.prefix, otherNonce, stolen)) >= pow.bits) stolen += 'x';
    const wrong = await browser(t).joinWith(room.id, {
      challenge: pow.prefix,
      clientNonce: otherNonce,
      solution: stolen,
    });
    expect(wrong.json().error).toMatchObject({ code: 'pow_wrong', fields: { 'body.solution': expect.any(String) } });
    // No client nonce with a prefix: 400 naming it.
    const noNonce = await browser(t).joinWith(room.id, { challenge: pow.prefix, solution });
    expect(noNonce.json().error).toMatchObject({
      code: 'pow_required',
      fields: { 'body.clientNonce': expect.any(String) },
    });
    // An easier difficulty written into the prefix fails its signature.
    const parts = pow.prefix.split('.');
    const forged = [parts[0], parts[1], parts[2], '0', parts[4]].join('.');
    const forgedRes = await browser(t).joinWith(room.id, { challenge: forged, clientNonce: otherNonce, solution: '0' });
    expect(forgedRes.json().error).toMatchObject({
      code: 'pow_invalid',
      fields: { 'body.challenge': expect.any(String) },
    });
    // Wrong types are refused like the schema did: 400 invalid_input naming the field.
    const badType = await browser(t).joinWith(room.id, { challenge: 5, solution });
    expect(badType.statusCode).toBe(400);
    expect(badType.json().error).toMatchObject({
      code: 'invalid_input',
      fields: { 'body.challenge': expect.any(String) },
    });
    const tooLong = await browser(t).joinWith(room.id, {
      challenge: pow.prefix,
      clientNonce: 'a'.repeat(65),
      solution,
    });
    expect(tooLong.json().error).toMatchObject({
      code: 'invalid_input',
      fields: { 'body.clientNonce': expect.any(String) },
    });

    // JSON or nothing, as on every /api route: another body type is 415 before it is read.
    const plain = await t.app.inject({
      method: 'POST',
      url: `/api/queue/rooms/${room.id}/join`,
      headers: { 'x-queue-nonce': randomBytes(18).toString('base64url'), 'content-type': 'text/plain' },
      payload: 'x'.repeat(64 * 1024),
    });
    expect(plain.statusCode).toBe(415);
    expect(plain.json().error.code).toBe('unsupported_media_type');

    // Still good in the next minute (a page that fetched the room just before it turned) …
    const late = randomBytes(16).toString('base64url');
    const lateSolution = solveEpoch(pow.prefix, late, pow.bits);
    const later = randomBytes(16).toString('base64url');
    const laterSolution = solveEpoch(pow.prefix, later, pow.bits);
    clock.advance(EPOCH_MS);
    const nextMinute = await browser(t).joinWith(room.id, {
      challenge: pow.prefix,
      clientNonce: late,
      solution: lateSolution,
    });
    expect(nextMinute.statusCode, nextMinute.body).toBe(200);
    // … but not after that.
    clock.advance(EPOCH_MS);
    const stale = await browser(t).joinWith(room.id, {
      challenge: pow.prefix,
      clientNonce: later,
      solution: laterSolution,
    });
    expect(stale.json().error).toMatchObject({ code: 'pow_expired', fields: { 'body.challenge': expect.any(String) } });
    const fresh = (await t.app.inject({ method: 'GET', url: `/api/queue/rooms/${room.id}` })).json().data.pow;
    expect(fresh.prefix).not.toBe(pow.prefix);
  });
});

// Capacity mode's ledger (issue 15 §1): places freed by "done", by logout, by silence and by the end of
// the admitted validity; the next in order is called at once. Its own room (it moves the clock).
describe('a fixed admission rate: due at an exact moment', () => {
  const room = roomOfDescribe({ scope: 'app', ratePerMinute: 30, admittedValidMinutes: 10 });

  test('a fixed rate says when the ticket is due, and the login goes through then without another poll', async () => {
    const ahead = browser(t);
    expect((await ahead.join(room.id)).statusCode).toBe(200);
    const a = browser(t);
    const first = (await a.join(room.id)).json();
    expect(first.phase).toBe('waiting');
    expect(first.etaSeconds).toBeGreaterThan(0);
    expect(first.dueAt).toBe(new Date(clock.now().getTime() + first.etaSeconds * 1000).toISOString());
    // A second before it is due the gate still says no.
    clock.advance(first.etaSeconds * 1000 - 1000);
    expect((await a.startLogin()).statusCode).toBe(503);
    clock.advance(1000);
    // Due: straight to the gated request, which admits the ticket and re-signs it.
    const login = await a.startLogin();
    expect(login.statusCode, login.body).toBe(200);
    expect((await a.status(room.id)).json()).toMatchObject({ phase: 'admitted', dueAt: null });
  });
});

describe('admission by free capacity', () => {
  const ABANDON_MS = 120_000;
  const room = roomOfDescribe({ scope: 'app', admission: 'capacity', capacity: 2, admittedValidMinutes: 10 });

  const dashboard = async () => (await dashboardOf(room.id)).json().data;
  const phase = async (b: ReturnType<typeof browser>) => (await b.status(room.id)).json().phase;

  test('at most `capacity` inside; done, logout, silence and expiry each free a place for the next in order', async () => {
    const people = Array.from({ length: 6 }, () => browser(t));
    for (const b of people) expect((await b.join(room.id)).statusCode).toBe(200);
    const [p1, p2, p3, p4, p5, p6] = people as [
      ReturnType<typeof browser>,
      ReturnType<typeof browser>,
      ReturnType<typeof browser>,
      ReturnType<typeof browser>,
      ReturnType<typeof browser>,
      ReturnType<typeof browser>,
    ];
    await expect.poll(async () => phase(p1), { timeout: 5000 }).toBe('admitted');
    expect(await phase(p2)).toBe('admitted');
    expect(await phase(p3)).toBe('waiting');
    // No freeing pace seen yet: the estimate is only an upper bound and does not set the interval. Within
    // one capacity of the front the front interval (called as soon as a place frees), further back 5 s.
    expect((await p3.status(room.id)).json()).toMatchObject({ phase: 'waiting', ahead: 0, pollSeconds: 2 });
    // A capacity room's estimate is not exact: no dueAt.
    expect((await p6.status(room.id)).json()).toMatchObject({
      phase: 'waiting',
      ahead: 3,
      pollSeconds: 5,
      dueAt: null,
    });
    expect(await dashboard()).toMatchObject({ insideNow: 2, capacity: 2, room: { admission: 'capacity', serving: 2 } });

    // "I'm done" on the queue page: place 3 is called at once and comes in.
    const usedUp = p1.ticket;
    expect((await p1.leave(room.id)).statusCode).toBe(204);
    // (The answer clears the cookie; a copy kept by the browser is tried below.)
    p1.ticket = usedUp;
    expect(await phase(p3)).toBe('admitted');
    expect(await phase(p4)).toBe('waiting');
    // The used-up ticket no longer passes the gate and counts as expired.
    expect((await p1.startLogin()).json().error?.code).toBe('queue_required');
    expect(await phase(p1)).toBe('expired');

    // Logging out uses up the browser's ticket: place 4 comes in.
    const anna = await citizenSession(t, await personIdOf(t, 'anna'));
    const logout = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { ...anna.headers, 'x-queue-nonce': p2.nonce },
      cookies: { ingang_queue: p2.ticket as string },
    });
    expect(logout.statusCode, logout.body).toBe(204);
    expect(await phase(p4)).toBe('admitted');
    expect(await phase(p5)).toBe('waiting');

    // Silence: p3 stops polling; p4 keeps polling. After the abandon time p3's place goes to p5.
    clock.advance(ABANDON_MS / 2);
    expect(await phase(p4)).toBe('admitted');
    clock.advance(ABANDON_MS / 2);
    await expect.poll(async () => phase(p5), { timeout: 5000 }).toBe('admitted');
    expect(await phase(p6)).toBe('waiting');
    expect((await dashboard()).insideNow).toBe(2);

    // p3 comes back within its validity (a phone that slept) to a full room: it keeps its place and
    // waits first in line ("waiting, ahead 0", not expired, so the page keeps polling); not counted,
    // and the gate does not let it through meanwhile.
    const back = (await p3.status(room.id)).json();
    expect(back).toMatchObject({ phase: 'waiting', ahead: 0, place: expect.any(Number) });
    expect(TicketStatusResponse.safeParse(back).success).toBe(true);
    expect((await p3.startLogin()).json().error?.code).toBe('queue_required');
    expect((await dashboard()).insideNow).toBe(2);

    // p4 is done: the returner comes in again before anyone new is called.
    expect((await p4.leave(room.id)).statusCode).toBe(204);
    expect(await phase(p3)).toBe('admitted');
    expect(await phase(p6)).toBe('waiting');
    expect(await dashboard()).toMatchObject({ insideNow: 2, room: { serving: 5 } });

    // The admitted validity (10 minutes) ends for everyone inside: p6 is called.
    clock.advance(10 * 60_000);
    await expect.poll(async () => phase(p6), { timeout: 5000 }).toBe('admitted');
    expect(await phase(p5)).toBe('expired');
  });
});

describe('proof-of-work difficulty per room', () => {
  const room = roomOfDescribe({ scope: 'app', ratePerMinute: 60 });

  const bits = async () =>
    (await t.app.inject({ method: 'GET', url: `/api/queue/rooms/${room.id}/challenge` })).json().bits;

  test('a region admin sets it at once, invalid values are refused naming the field, the change is logged', async () => {
    expect(await bits()).toBe(8);
    const set = await changeRoom(t, rebecka, room.id, { action: 'set', powBits: 3 });
    expect(set.statusCode, set.body).toBe(200);
    expect(await bits()).toBe(3);
    const dash = await dashboardOf(room.id);
    expect(dash.json().data).toMatchObject({ powBits: 3, powBitsDefault: false });
    // A new place needs the room's difficulty.
    const b = browser(t);
    expect((await b.join(room.id)).statusCode).toBe(200);
    // A prefix handed out at 3 bits is not good once the room asks for more: 400 pow_expired, fetch anew.
    const easy = (await t.app.inject({ method: 'GET', url: `/api/queue/rooms/${room.id}` })).json().data.pow;
    expect(easy.bits).toBe(3);
    const nonce = randomBytes(16).toString('base64url');
    const easySolution = solveEpoch(easy.prefix, nonce, easy.bits);
    await changeRoom(t, rebecka, room.id, { action: 'set', powBits: 5 });
    const outdated = await browser(t).joinWith(room.id, {
      challenge: easy.prefix,
      clientNonce: nonce,
      solution: easySolution,
    });
    expect(outdated.statusCode).toBe(400);
    expect(outdated.json().error).toMatchObject({
      code: 'pow_expired',
      fields: { 'body.challenge': expect.any(String) },
    });
    expect((await browser(t).join(room.id)).statusCode).toBe(200);

    for (const bad of [25, -1, 2.5, 'hard']) {
      const res = await changeRoom(t, rebecka, room.id, { action: 'set', powBits: bad });
      expect(res.statusCode, String(bad)).toBe(400);
      expect(res.json().error.fields['body.powBits']).toMatch(/0 to 24/);
    }
    // Zero asks no proof at all; null goes back to the configured default.
    await changeRoom(t, rebecka, room.id, { action: 'set', powBits: 0 });
    expect(await bits()).toBe(0);
    expect((await browser(t).joinWith(room.id, undefined)).statusCode).toBe(200);
    await changeRoom(t, rebecka, room.id, { action: 'set', powBits: null });
    expect(await bits()).toBe(8);

    const log = await t.ctx.db
      .selectFrom('change_log')
      .select(['action', 'changes', 'actor_staff_id'])
      .where('entity_type', '=', 'waiting_room')
      .where('entity_id', '=', room.id)
      .orderBy(sql`seq`)
      .execute();
    expect(log.map((r) => r.action)).toEqual([
      'waiting_room.created',
      'waiting_room.set',
      'waiting_room.set',
      'waiting_room.set',
      'waiting_room.set',
    ]);
    expect(log[1]).toMatchObject({
      actor_staff_id: DEMO_STAFF.regionAdmin,
      changes: { pow_bits: { from: null, to: 3 } },
    });
    expect(log[4]?.changes).toEqual({ pow_bits: { from: 0, to: null } });
  });
});

describe('admission pace following the load (rate mode, auto)', () => {
  const room = roomOfDescribe({ scope: 'app', ratePerMinute: 600, paceAuto: true });
  const pace = async () => (await dashboardOf(room.id)).json().data;

  test('over the load thresholds the pace is cut by a quarter; calm, it climbs back by a tenth of the set rate', async () => {
    expect(await pace()).toMatchObject({ paceAuto: true, ratePerMinute: 600, room: { admissionsPerMinute: 600 } });
    t.ctx.load.reading = () => ({ inFlight: 0, eventLoopDelayMs: 10_000, poolWaiting: 0 });
    await expect
      .poll(async () => (await pace()).room.admissionsPerMinute, { timeout: 20_000, interval: 500 })
      .toBe(450);
    t.ctx.load.reading = () => ({ inFlight: 0, eventLoopDelayMs: 0, poolWaiting: 0 });
    await expect
      .poll(async () => (await pace()).room.admissionsPerMinute, { timeout: 20_000, interval: 500 })
      .toBe(510);
    // The administrator's rate stays the ceiling; turning "auto" off goes back to it at once.
    const off = await changeRoom(t, rebecka, room.id, { action: 'set', paceAuto: false });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json().data.admissionsPerMinute).toBe(600);
  }, 120_000);
});

describe('capacity following the load (capacity mode, auto)', () => {
  const room = roomOfDescribe({
    scope: 'app',
    admission: 'capacity',
    capacity: 4,
    paceAuto: true,
    admittedValidMinutes: 10,
  });
  const dashboard = async () => (await dashboardOf(room.id)).json().data;
  const phase = async (b: ReturnType<typeof browser>) => (await b.status(room.id)).json().phase;

  test('over the load thresholds the places are cut by a quarter (and fewer are let in); calm, they climb back by a tenth of the capacity, never above it', async () => {
    const { on, off } = t.ctx.config.waitingRoom.pace;
    // Between the thresholds (no step) except for the one step a test arms: the background
    // pace ticks see "steady", so every step below is one the test made.
    const steady = { inFlight: 0, eventLoopDelayMs: off.eventLoopDelayMs, poolWaiting: 0 };
    const hot = { inFlight: on.inFlight, eventLoopDelayMs: 0, poolWaiting: 0 };
    const calm = { inFlight: 0, eventLoopDelayMs: 0, poolWaiting: 0 };
    let armed: typeof steady | null = null;
    t.ctx.load.reading = () => armed ?? steady;
    const stepWith = async (load: typeof steady) => {
      armed = load;
      const tick = t.waitingRoom.pace.tick();
      armed = null;
      await tick;
    };
    expect(await dashboard()).toMatchObject({ paceAuto: true, capacity: 4, capacityNow: 4 });

    await stepWith(hot);
    expect(await dashboard()).toMatchObject({ capacity: 4, capacityNow: 3 });
    // Five people: only three are let in now.
    const people = Array.from({ length: 5 }, () => browser(t));
    for (const b of people) expect((await b.join(room.id)).statusCode).toBe(200);
    await expect.poll(async () => phase(people[0] as ReturnType<typeof browser>), { timeout: 5000 }).toBe('admitted');
    const phases = [];
    for (const b of people) phases.push(await phase(b));
    expect(phases).toEqual(['admitted', 'admitted', 'admitted', 'waiting', 'waiting']);
    expect(await dashboard()).toMatchObject({ insideNow: 3, capacityNow: 3 });

    // A join must be answered within a second: an event-loop delay the load switch still lets pass
    // (under its "on") cuts the places.
    expect(on.eventLoopDelayMs).toBeLessThan(t.ctx.config.waitingRoom.auto.on.eventLoopDelayMs);
    await stepWith({ inFlight: 0, eventLoopDelayMs: on.eventLoopDelayMs, poolWaiting: 0 });
    expect((await dashboard()).capacityNow).toBe(2);
    await stepWith(hot);
    await stepWith(hot);
    // Floor: a tenth of 4 places, at least one. Nobody inside is put out; nobody new comes in.
    expect((await dashboard()).capacityNow).toBe(1);
    expect(await phase(people[3] as ReturnType<typeof browser>)).toBe('waiting');

    // Calm: + a tenth of the ceiling (at least one) per step, up to the administrator's 4 and no further.
    // Calm is the event loop and the pool: many requests in flight (waiting on the database) do not
    // hold back a raise, as they would hold the load switch on.
    await stepWith({ inFlight: on.inFlight - 1, eventLoopDelayMs: 0, poolWaiting: 0 });
    expect((await dashboard()).capacityNow).toBe(2);
    for (let i = 0; i < 4; i++) await stepWith(calm);
    expect(await dashboard()).toMatchObject({ capacity: 4, capacityNow: 4 });
    // Back at 4 places: the fourth person is called.
    await expect.poll(async () => phase(people[3] as ReturnType<typeof browser>), { timeout: 5000 }).toBe('admitted');
    expect(await phase(people[4] as ReturnType<typeof browser>)).toBe('waiting');

    // A new capacity restarts from it; turning "auto" off goes back to the administrator's capacity.
    await stepWith(hot);
    expect((await dashboard()).capacityNow).toBe(3);
    const bigger = await changeRoom(t, rebecka, room.id, { action: 'set', capacity: 6 });
    expect(bigger.statusCode, bigger.body).toBe(200);
    expect(await dashboard()).toMatchObject({ capacity: 6, capacityNow: 6 });
    await stepWith(hot);
    expect((await dashboard()).capacityNow).toBe(4);
    const manual = await changeRoom(t, rebecka, room.id, { action: 'set', paceAuto: false });
    expect(manual.statusCode, manual.body).toBe(200);
    expect(await dashboard()).toMatchObject({ paceAuto: false, capacityNow: 6 });
    await stepWith(hot);
    expect((await dashboard()).capacityNow).toBe(6);
  }, 120_000);

  test('a room in front of the app is a rush (background work that can wait holds back)', () => {
    expect(t.waitingRoom.rush()).toBe(true);
  });

  test("a room written by SQL's now() (microseconds in updated_at) is stepped too", async () => {
    const { on, off } = t.ctx.config.waitingRoom.pace;
    let armed: { inFlight: number; eventLoopDelayMs: number; poolWaiting: number } | null = null;
    t.ctx.load.reading = () => armed ?? { inFlight: 0, eventLoopDelayMs: off.eventLoopDelayMs, poolWaiting: 0 };
    const auto = await changeRoom(t, rebecka, room.id, { action: 'set', paceAuto: true });
    expect(auto.statusCode, auto.body).toBe(200);
    // As bench/surge (or an operator's update) writes it: a time a JavaScript Date cannot hold.
    await sql`update waiting_rooms set updated_at = date_trunc('milliseconds', updated_at) + interval '123 microseconds' where id = ${room.id}`.execute(
      t.ctx.db,
    );
    await t.waitingRoom.rooms.changed();
    expect(await dashboard()).toMatchObject({ paceAuto: true, capacity: 6, capacityNow: 6 });
    armed = { inFlight: 0, eventLoopDelayMs: on.eventLoopDelayMs, poolWaiting: 0 };
    const tick = t.waitingRoom.pace.tick();
    armed = null;
    expect(await tick).toBe(1);
    expect((await dashboard()).capacityNow).toBe(4);
  }, 120_000);

  test('the event-loop delay cuts only while this instance is busy itself (its own CPU); a starved machine holds the places', async () => {
    const { on, off } = t.ctx.config.waitingRoom.pace;
    expect(on.ownCpu).toBeGreaterThan(0);
    type Reading = ReturnType<typeof t.ctx.load.reading>;
    let armed: Reading | null = null;
    t.ctx.load.reading = () => armed ?? { inFlight: 0, eventLoopDelayMs: off.eventLoopDelayMs, poolWaiting: 0 };
    const stepWith = (reading: Reading) => {
      armed = reading;
      const tick = t.waitingRoom.pace.tick();
      armed = null;
      return tick;
    };
    // A new capacity restarts from the ceiling.
    const set = await changeRoom(t, rebecka, room.id, { action: 'set', capacity: 8, paceAuto: true });
    expect(set.statusCode, set.body).toBe(200);
    expect(await dashboard()).toMatchObject({ paceAuto: true, capacity: 8, capacityNow: 8 });

    // Delay over and this process used its share of a core: its own work — cut by a quarter.
    const own = { inFlight: 0, eventLoopDelayMs: on.eventLoopDelayMs, poolWaiting: 0, ownCpu: on.ownCpu };
    expect(await stepWith({ ...own, eventLoopUtilization: 1 })).toBe(1);
    expect((await dashboard()).capacityNow).toBe(6);
    // A far longer delay with the process nearly idle: neighbours hold the cores. Held, step after step.
    const starvedReading = { ...own, eventLoopDelayMs: on.eventLoopDelayMs * 10, ownCpu: on.ownCpu / 5 };
    for (let i = 0; i < 3; i++) expect(await stepWith({ ...starvedReading, eventLoopUtilization: 0.1 })).toBe(0);
    expect((await dashboard()).capacityNow).toBe(6);
    // Hysteresis as before: between the delay thresholds it holds; under "off" it climbs back.
    expect(await stepWith({ ...own, eventLoopDelayMs: off.eventLoopDelayMs })).toBe(0);
    expect(await stepWith({ ...starvedReading, eventLoopDelayMs: off.eventLoopDelayMs - 1 })).toBe(1);
    expect((await dashboard()).capacityNow).toBe(7);
    // The pool is this instance's to relieve, starved or not: it still cuts.
    expect(await stepWith({ ...starvedReading, poolWaiting: on.poolWaiting })).toBe(1);
    expect((await dashboard()).capacityNow).toBe(5);
  }, 120_000);
});
