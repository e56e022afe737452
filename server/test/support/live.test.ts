/**
 * Chat by push between server instances (issue 16): two apps on one PostgreSQL database and one
 * Redis (the real ones on this machine, always — two PGlite instances cannot share a database),
 * as in server/test/messaging/two-instances.test.ts. An agent's answer written through instance
 * A reaches the citizen's socket on instance B, the citizen's reply through A reaches the
 * agent's socket on B, internal notes reach agents only, and a citizen cannot follow another's case.
 * The queue is pushed to agents watching it (a chat queued through A reaches a socket on B), and
 * automatic offers made on both instances at once give each waiting chat to exactly one agent.
 */
import type { SupportServerMessage } from '@ingang/contracts';
import { afterAll, beforeAll, expect, test } from 'vitest';
import WebSocket from 'ws';
import type { BuiltApp } from '../../src/app.js';
import { fixedClock } from '../../src/platform/clock.js';
import { seedDemo } from '../../src/seed/demo.js';
import { DEMO_SUPPORT } from '../../src/seed/demo-support.js';
import type { TestApp } from '../harness.js';
import { type InstancePair, startInstancePair } from '../helpers/instances.js';
import { citizenSession, staffSession } from '../helpers/sessions.js';
import { call, dataOf, OPEN_TIME, personId } from './fixtures.js';

const clock = fixedClock(OPEN_TIME);

let pair: InstancePair;
let a: BuiltApp;
let b: BuiltApp;
let baseB: string;
const sockets: WebSocket[] = [];

/** A socket on instance B with the frames it has received, and a wait for one that matches. */
async function socketOnB(cookie: string) {
  const ws = new WebSocket(`${baseB.replace(/^http/, 'ws')}/api/support/ws`, { headers: { cookie } });
  sockets.push(ws);
  const frames: SupportServerMessage[] = [];
  const waiters = new Set<() => void>();
  ws.on('message', (raw) => {
    frames.push(JSON.parse(raw.toString()));
    for (const w of waiters) w();
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const next = (match: (f: SupportServerMessage) => boolean) =>
    new Promise<SupportServerMessage>((resolve, reject) => {
      const check = () => {
        const hit = frames.find(match);
        if (!hit) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(hit);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`no matching frame; got ${JSON.stringify(frames.map((f) => f.type))}`));
      }, 20_000);
      waiters.add(check);
      check();
    });
  return { frames, next, send: (m: object) => ws.send(JSON.stringify(m)) };
}

beforeAll(async () => {
  pair = await startInstancePair(clock);
  ({ a, b, baseB } = pair);
  await seedDemo(a.ctx.db, clock);
}, 240_000);
afterAll(async () => {
  for (const s of sockets) s.close();
  await pair?.close();
});

test('entries written through instance A reach sockets on instance B; notes only to agents', async () => {
  const annaId = await personId(a as TestApp, 'anna');
  const annaOnA = await citizenSession(a as TestApp, annaId);
  const opened = await call(a as TestApp, annaOnA, 'POST', '/my/cases', {
    subject: 'Två instanser',
    message: 'Hej från A',
  });
  expect(opened.statusCode).toBe(201);
  const caseId = dataOf<{ case: { id: string } }>(opened).case.id;

  const annaOnB = await citizenSession(b as TestApp, annaId);
  const citizen = await socketOnB(annaOnB.headers.cookie);
  await citizen.next((f) => f.type === 'ready');
  citizen.send({ type: 'subscribe', caseId });
  await citizen.next((f) => f.type === 'subscribed');
  const samOnB = await staffSession(b as TestApp, DEMO_SUPPORT.first);
  const agent = await socketOnB(samOnB.headers.cookie);
  await agent.next((f) => f.type === 'ready');
  agent.send({ type: 'subscribe', caseId });
  await agent.next((f) => f.type === 'subscribed');

  // The agent answers and notes through A.
  const samOnA = await staffSession(a as TestApp, DEMO_SUPPORT.first);
  const note = await call(a as TestApp, samOnA, 'POST', `/agent/cases/${caseId}/messages`, {
    body: 'Intern anteckning',
    note: true,
  });
  expect(note.statusCode).toBe(200);
  const answer = await call(a as TestApp, samOnA, 'POST', `/agent/cases/${caseId}/messages`, {
    body: 'Svar via instans A',
  });
  expect(answer.statusCode).toBe(200);
  const pushed = await citizen.next((f) => f.type === 'entry' && f.message.body === 'Svar via instans A');
  expect(pushed).toMatchObject({ caseId, message: { author: 'agent', authorName: 'Sam' } });
  await citizen.next((f) => f.type === 'case' && f.status === 'waiting');
  await agent.next((f) => f.type === 'entry' && f.message.body === 'Intern anteckning');

  // The citizen writes through A; the agent's socket on B hears it.
  const reply = await call(a as TestApp, annaOnA, 'POST', `/my/cases/${caseId}/messages`, {
    body: 'Tack, en fråga till',
  });
  expect(reply.statusCode).toBe(200);
  await agent.next((f) => f.type === 'entry' && f.message.body === 'Tack, en fråga till');

  // Each entry once; the note never reached the citizen.
  await new Promise((r) => setTimeout(r, 300));
  const bodies = citizen.frames.flatMap((f) => (f.type === 'entry' ? [f.message.body] : []));
  expect(bodies).toEqual(['Svar via instans A', 'Tack, en fråga till']);

  // Another citizen cannot follow the case.
  const johan = await citizenSession(b as TestApp, await personId(b as TestApp, 'johan'));
  const other = await socketOnB(johan.headers.cookie);
  await other.next((f) => f.type === 'ready');
  other.send({ type: 'subscribe', caseId });
  await other.next((f) => f.type === 'unsubscribed');
});

/** Every first-line agent unavailable and no open case: the demo's agents start available. */
async function cleanDesk() {
  for (const id of [DEMO_SUPPORT.first, DEMO_SUPPORT.firstB, DEMO_SUPPORT.firstC])
    await a.ctx.db.updateTable('support_agents').set({ available: false }).where('staff_id', '=', id).execute();
  await a.ctx.db
    .updateTable('support_cases')
    .set({ status: 'closed', closed_at: clock.now() })
    .where('status', 'in', ['new', 'open', 'waiting', 'escalated'])
    .execute();
}

test('the queue is pushed: an agent watching on B hears of a chat queued through A, and its offer', async () => {
  await cleanDesk();
  const samOnB = await staffSession(b as TestApp, DEMO_SUPPORT.first);
  const desk = await socketOnB(samOnB.headers.cookie);
  await desk.next((f) => f.type === 'ready');
  desk.send({ type: 'watch-queue' });
  await desk.next((f) => f.type === 'queue-watched');
  // A citizen cannot watch the queue.
  const annaId = await personId(a as TestApp, 'anna');
  const annaOnB = await citizenSession(b as TestApp, annaId);
  const citizen = await socketOnB(annaOnB.headers.cookie);
  await citizen.next((f) => f.type === 'ready');
  citizen.send({ type: 'watch-queue' });
  await citizen.next((f) => f.type === 'error' && f.code === 'staff_only');

  // Sam is available (set through B); the chat is queued through A and offered to him.
  const setMe = await call(b as TestApp, samOnB, 'PUT', '/agent/me', { available: true, maxConcurrent: 3 });
  expect(setMe.statusCode).toBe(200);
  const annaOnA = await citizenSession(a as TestApp, annaId);
  const opened = await call(a as TestApp, annaOnA, 'POST', '/my/cases', { subject: 'Kö via A', message: 'Hej' });
  expect(opened.statusCode).toBe(201);
  const caseId = dataOf<{ case: { id: string } }>(opened).case.id;
  await desk.next((f) => f.type === 'queue' && f.caseIds.includes(caseId));
  const me = dataOf<{ offers: { id: string }[] }>(await call(b as TestApp, samOnB, 'GET', '/agent/me'));
  expect(me.offers.map((o) => o.id)).toContain(caseId);
  // Taking it through A is pushed too (it leaves the "new" view).
  const taken = await call(
    a as TestApp,
    await staffSession(a as TestApp, DEMO_SUPPORT.first),
    'POST',
    `/agent/cases/${caseId}/take`,
  );
  expect(taken.statusCode).toBe(200);
  const before = desk.frames.length;
  await desk.next((f) => f.type === 'queue' && f.caseIds.includes(caseId) && desk.frames.indexOf(f) >= before);
  await call(b as TestApp, samOnB, 'POST', `/agent/cases/${caseId}/close`);
  await call(b as TestApp, samOnB, 'PUT', '/agent/me', { available: false });
});

test('two free agents on two instances, one waiting chat: exactly one offer; one agent, two chats: in order', async () => {
  const annaId = await personId(a as TestApp, 'anna');
  const annaOnA = await citizenSession(a as TestApp, annaId);
  const sam = {
    a: await staffSession(a as TestApp, DEMO_SUPPORT.first),
    b: await staffSession(b as TestApp, DEMO_SUPPORT.first),
  };
  const frida = await staffSession(b as TestApp, DEMO_SUPPORT.firstB);
  await cleanDesk();
  const chat = async (subject: string) => {
    clock.advance(1_000);
    const r = await call(a as TestApp, annaOnA, 'POST', '/my/cases', { subject, message: 'Hej' });
    expect(r.statusCode).toBe(201);
    return dataOf<{ case: { id: string } }>(r).case.id;
  };
  const assignee = async (id: string) =>
    (
      await a.ctx.db
        .selectFrom('support_cases')
        .select('assignee_staff_id')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).assignee_staff_id;

  // Several rounds, so that the two instances' offers really meet.
  for (let round = 0; round < 4; round++) {
    const c = await chat(`Kapplöpning ${round}`);
    expect(await assignee(c)).toBeNull();
    // Sam comes online through A and Frida through B at the same moment.
    const [x, y] = await Promise.all([
      call(a as TestApp, sam.a, 'PUT', '/agent/me', { available: true, maxConcurrent: 1 }),
      call(b as TestApp, frida, 'PUT', '/agent/me', { available: true, maxConcurrent: 1 }),
    ]);
    expect([x.statusCode, y.statusCode]).toEqual([200, 200]);
    const offers = [
      ...dataOf<{ offers: { id: string }[] }>(x).offers,
      ...dataOf<{ offers: { id: string }[] }>(y).offers,
    ];
    const winner = await assignee(c);
    expect([DEMO_SUPPORT.first, DEMO_SUPPORT.firstB]).toContain(winner);
    // The case is offered to one of them, never both (what each was told agrees with the row).
    expect(offers.filter((o) => o.id === c).length).toBeLessThanOrEqual(1);
    const offeredRows = await a.ctx.db
      .selectFrom('support_cases')
      .select('id')
      .where('status', '=', 'new')
      .where('assignee_staff_id', 'in', [DEMO_SUPPORT.first, DEMO_SUPPORT.firstB])
      .execute();
    expect(offeredRows.map((r) => r.id)).toEqual([c]);
    const s = winner === DEMO_SUPPORT.first ? sam.a : frida;
    const app = winner === DEMO_SUPPORT.first ? a : b;
    expect((await call(app as TestApp, s, 'POST', `/agent/cases/${c}/take`)).statusCode).toBe(200);
    expect((await call(app as TestApp, s, 'POST', `/agent/cases/${c}/close`)).statusCode).toBe(200);
    for (const [ap, se] of [
      [a, sam.a],
      [b, frida],
    ] as const)
      expect((await call(ap as TestApp, se, 'PUT', '/agent/me', { available: false })).statusCode).toBe(200);
  }

  // One agent, two waiting chats: the older is offered first; the newer when the agent is free (through the other instance).
  const older = await chat('Äldre');
  const newer = await chat('Nyare');
  const online = await call(b as TestApp, sam.b, 'PUT', '/agent/me', { available: true, maxConcurrent: 1 });
  expect(dataOf<{ offers: { id: string }[] }>(online).offers.map((o) => o.id)).toEqual([older]);
  expect(await assignee(newer)).toBeNull();
  expect((await call(a as TestApp, sam.a, 'POST', `/agent/cases/${older}/take`)).statusCode).toBe(200);
  expect((await call(a as TestApp, sam.a, 'POST', `/agent/cases/${older}/close`)).statusCode).toBe(200);
  expect(await assignee(newer)).toBe(DEMO_SUPPORT.first);
});
