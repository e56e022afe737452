/**
 * Chat by push between server instances (issue 16): two apps on one PostgreSQL database and one
 * Redis (the real ones on this machine, always — two PGlite instances cannot share a database),
 * as in server/test/messaging/two-instances.test.ts. An agent's answer written through instance
 * A reaches the citizen's socket on instance B, the citizen's reply through A reaches the
 * agent's socket on B, internal notes reach agents only, and a citizen cannot follow another's case.
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
