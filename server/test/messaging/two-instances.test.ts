/**
 * Fan-out between server instances: two apps on one PostgreSQL database and
 * one Redis (the real ones on this machine, always — two PGlite instances
 * cannot share a database). A message sent through one instance reaches a
 * WebSocket client of the other, and an inbox watch hears of a conversation
 * started on the other.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type BuiltApp, buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { fixedClock } from '../../src/platform/clock.js';
import { createScratchDatabase, type ScratchDatabase } from '../../src/platform/db/scratch.js';
import { createRedisHub } from '../../src/platform/hub.js';
import { seedDemo } from '../../src/seed/demo.js';
import { DEMO_STAFF, DEMO_UNITS, demoPerson } from '../../src/seed/demo-data.js';
import type { TestApp } from '../harness.js';
import { citizenSession, staffSession } from '../helpers/sessions.js';
import { openSocket, type TestSocket } from './ws-client.js';

const POSTGRES = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const clock = fixedClock('2026-11-23T08:00:00Z');

let database: ScratchDatabase;
let a: BuiltApp;
let b: BuiltApp;
let baseB: string;
const sockets: TestSocket[] = [];

async function instance(prefix: string): Promise<BuiltApp> {
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    MAIL_EMBEDDED: 'false',
    SEED_DEMO: 'false',
    WEB_DIST: '/nonexistent',
  });
  return buildApp(config, { clock, hub: createRedisHub(REDIS, prefix) });
}

beforeAll(async () => {
  database = await createScratchDatabase(POSTGRES, 'ingang_t');
  // One Redis prefix for both instances (they must meet), unique to this run.
  const prefix = `ingang-test-${randomBytes(4).toString('hex')}:`;
  a = await instance(prefix);
  b = await instance(prefix);
  await seedDemo(a.ctx.db, clock);
  baseB = await b.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  for (const s of sockets) await s.close();
  await b?.app.close();
  await a?.app.close();
  await database?.drop();
});

test('a message sent through instance A reaches a socket on instance B, and back', async () => {
  const margitId = (
    await a.ctx.db
      .selectFrom('persons')
      .select('id')
      .where('personal_number', '=', demoPerson('margit').personalNumber)
      .executeTakeFirstOrThrow()
  ).id;
  const margitOnA = await citizenSession(a as TestApp, margitId);
  // The demo unit offers topics (server/src/seed/demo-messaging.ts): pick the first.
  const topic = await a.ctx.db
    .selectFrom('messaging_topics')
    .select('id')
    .where('unit_id', '=', DEMO_UNITS.vcSolberga)
    .orderBy('position')
    .executeTakeFirstOrThrow();
  const started = await a.app.inject({
    method: 'POST',
    url: '/api/messaging/conversations',
    headers: margitOnA.headers,
    payload: { unitId: DEMO_UNITS.vcSolberga, topicId: topic.id, subject: 'Två instanser', body: 'Hej' },
  });
  expect(started.statusCode).toBe(201);
  const id = started.json().data.id as string;

  // The patient's socket is on B; the nurse's inbox watch is on B as well.
  const margitOnB = await citizenSession(b as TestApp, margitId);
  const patient = await openSocket(baseB, margitOnB.headers.cookie);
  sockets.push(patient);
  await patient.next('ready');
  patient.send({ type: 'subscribe', conversationId: id, since: 1 });
  await patient.next('subscribed');
  const nadiaOnB = await staffSession(b as TestApp, DEMO_STAFF.nurseSolberga, { activeUnitId: DEMO_UNITS.vcSolberga });
  const inbox = await openSocket(baseB, nadiaOnB.headers.cookie);
  sockets.push(inbox);
  await inbox.next('ready');
  inbox.send({ type: 'watch_unit', unitId: DEMO_UNITS.vcSolberga });
  await inbox.next('watching');

  // The nurse answers through A.
  const nadiaOnA = await staffSession(a as TestApp, DEMO_STAFF.nurseSolberga, { activeUnitId: DEMO_UNITS.vcSolberga });
  const answer = await a.app.inject({
    method: 'POST',
    url: `/api/staff/units/${DEMO_UNITS.vcSolberga}/conversations/${id}/messages`,
    headers: nadiaOnA.headers,
    payload: { body: 'Svar via instans A' },
  });
  expect(answer.statusCode).toBe(201);
  const got = await patient.next('message', (f) => f.conversationId === id);
  expect(got.message).toMatchObject({ seq: 2, body: 'Svar via instans A' });
  await inbox.next('conversation_changed', (f) => f.conversationId === id && f.status === 'waiting_for_patient');

  // A new conversation started on A shows up in B's inbox watch.
  const second = await a.app.inject({
    method: 'POST',
    url: '/api/messaging/conversations',
    headers: margitOnA.headers,
    payload: { unitId: DEMO_UNITS.vcSolberga, topicId: topic.id, subject: 'Till', body: 'Ny' },
  });
  // Margit has a care episode at Solberga (demo): her new conversation arrives assigned to her contact.
  await inbox.next(
    'conversation_changed',
    (f) => f.conversationId === second.json().data.id && f.status === 'assigned',
  );
  // Exactly once.
  await new Promise((r) => setTimeout(r, 300));
  expect(patient.frames.filter((f) => f.type === 'message')).toHaveLength(1);
});
