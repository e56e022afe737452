/**
 * Two instances (separate processes) behind nginx, on this machine's
 * PostgreSQL (a scratch database, also without DATABASE_URL) and Redis: a
 * session made through one works on the other; a rate limit counts across
 * both; a chat message sent via one reaches a socket on the other; a video
 * meeting carried by one is joined by a participant whose socket is on the
 * other; killing one instance mid-use loses nothing and the clients recover on
 * the other. Needs /usr/sbin/nginx (`.ci/run` installs it).
 */
import type { JoinResponse } from '@ingang/contracts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type RunningCluster, startCluster } from '../../scripts/cluster/launch.js';
import { systemClock } from '../src/platform/clock.js';
import { type DatabaseHandle, openDatabase } from '../src/platform/db/index.js';
import { createScratchDatabase, type ScratchDatabase } from '../src/platform/db/scratch.js';
import { createSessionService } from '../src/platform/sessions.js';
import { DEMO_STAFF, DEMO_UNITS, demoPerson } from '../src/seed/demo-data.js';
import { openSocket, type TestSocket } from './messaging/ws-client.js';
import { SignalClient } from './video/ws-client.js';

const POSTGRES = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const port = 21000 + Math.floor(Math.random() * 400) * 10;

let database: ScratchDatabase;
let cluster: RunningCluster;
let handle: DatabaseHandle;
let a: string;
let b: string;
const sockets: { close(): unknown }[] = [];

interface Session {
  cookie: string;
  csrf: string;
}
const headers = (s: Session) => ({ cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' });
let margit: Session;
let nadia: Session;
let margitId: string;

async function post(base: string, path: string, body: unknown, s?: Session) {
  return fetch(`${base}${path}`, {
    method: 'POST',
    headers: s ? headers(s) : { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

beforeAll(async () => {
  database = await createScratchDatabase(POSTGRES, 'ingang_t');
  cluster = await startCluster({
    instances: 2,
    databaseUrl: database.url,
    redisUrl: REDIS,
    port,
    basePort: port + 1,
    output: 'ignore',
    // Both instances share this run's Redis prefix (they must meet; other runs must not count).
    env: { REDIS_PREFIX: `${database.name}:` },
  });
  [a, b] = cluster.instances.map((i) => i.url) as [string, string];
  handle = await openDatabase({ databaseUrl: database.url, dataDir: '/nonexistent', inMemory: false, poolSize: 2 });
  const sessions = createSessionService({ db: handle.db, clock: systemClock, maxAgeSeconds: 3600, cacheMs: 0 });
  const s = await sessions.create(handle.db, { kind: 'staff', staffId: DEMO_STAFF.nurseSolberga, idleSeconds: 3600 });
  await sessions.setActiveUnit(s.session.idHash, DEMO_UNITS.vcSolberga);
  nadia = { cookie: `ingang_sid=${s.token}`, csrf: s.csrfToken };
}, 600_000);

afterAll(async () => {
  for (const s of sockets) s.close();
  await handle?.close();
  await cluster?.stop();
  await database?.drop();
}, 120_000);

describe('two instances behind nginx', () => {
  test('a session made through instance A works on instance B (BankID login over HTTP)', async () => {
    const pnr = demoPerson('margit').personalNumber;
    const started = await post(a, '/api/auth/bankid/auth', { personalNumber: pnr });
    expect(started.status).toBe(200);
    const { orderRef } = (await started.json()) as { orderRef: string };
    expect((await post(a, '/api/dev/bankid/approve', { orderRef, personalNumber: pnr })).status).toBe(200);
    const done = await post(a, '/api/auth/bankid/collect', { orderRef });
    expect(done.status).toBe(200);
    const cookies = done.headers.getSetCookie().map((c) => c.split(';')[0] as string);
    const sid = cookies.find((c) => c.startsWith('ingang_sid=')) as string;
    const csrf = (cookies.find((c) => c.startsWith('ingang_csrf=')) as string).split('=')[1] as string;
    margit = { cookie: sid, csrf };
    const me = await fetch(`${b}/api/me`, { headers: { cookie: sid } });
    expect(me.status).toBe(200);
    const body = (await me.json()) as { kind: string; personId: string };
    expect(body.kind).toBe('citizen');
    margitId = body.personId;
    // And through nginx, whichever instance answers.
    for (let i = 0; i < 4; i++)
      expect((await fetch(`${cluster.url}/api/me`, { headers: { cookie: sid } })).status).toBe(200);
  });

  test('a rate limit counts across both instances (Redis)', { timeout: 90_000 }, async () => {
    const path = `/api/video/guest/${'x'.repeat(43)}`;
    // The limit counts per minute window: start early in one, so all 61 requests fall in it.
    const intoWindow = Date.now() % 60_000;
    if (intoWindow > 40_000) await new Promise((r) => setTimeout(r, 60_000 - intoWindow + 200));
    for (let i = 0; i < 35; i++) expect((await fetch(`${a}${path}`)).status).toBe(404);
    const onB: number[] = [];
    for (let i = 0; i < 26; i++) onB.push((await fetch(`${b}${path}`)).status);
    // 60 a minute per address: the 61st request overall is refused, on B.
    expect(onB.slice(0, 25).every((s) => s === 404)).toBe(true);
    expect(onB[25]).toBe(429);
  });

  test('a chat message sent through A reaches a socket on B', async () => {
    const topics = await handle.db
      .selectFrom('messaging_topics')
      .select('id')
      .where('unit_id', '=', DEMO_UNITS.vcSolberga)
      .orderBy('position')
      .executeTakeFirstOrThrow();
    const started = await post(
      a,
      '/api/messaging/conversations',
      { unitId: DEMO_UNITS.vcSolberga, topicId: topics.id, subject: 'Två instanser', body: 'Hej' },
      margit,
    );
    expect(started.status).toBe(201);
    const id = ((await started.json()) as { data: { id: string } }).data.id;
    const socket: TestSocket = await openSocket(b, margit.cookie);
    sockets.push({ close: () => socket.close() });
    await socket.next('ready');
    socket.send({ type: 'subscribe', conversationId: id, since: 1 });
    await socket.next('subscribed');
    const answer = await post(
      a,
      `/api/staff/units/${DEMO_UNITS.vcSolberga}/conversations/${id}/messages`,
      { body: 'Svar via instans A' },
      nadia,
    );
    expect(answer.status).toBe(201);
    const got = await socket.next('message', (f) => f.conversationId === id);
    expect(got.message).toMatchObject({ seq: 2, body: 'Svar via instans A' });
  });

  let meetingId: string;
  let host: { c: SignalClient; ticket: JoinResponse['data'] };
  let patient: { c: SignalClient; ticket: JoinResponse['data'] };

  test('a meeting carried by A is joined by a participant whose socket is on B', async () => {
    const created = await post(
      a,
      '/api/video/meetings',
      { kind: 'one_to_one', title: 'Över två instanser', patientId: margitId, durationMinutes: 30 },
      nadia,
    );
    expect(created.status).toBe(201);
    meetingId = ((await created.json()) as { data: { id: string } }).data.id;
    const ticketOf = async (base: string, s: Session) => {
      const res = await post(base, `/api/video/meetings/${meetingId}/join`, {}, s);
      expect(res.status).toBe(200);
      return ((await res.json()) as JoinResponse).data;
    };
    const hostTicket = await ticketOf(a, nadia);
    const h = await SignalClient.join(a, hostTicket.ticket);
    sockets.push(h.c);
    host = { c: h.c, ticket: hostTicket };
    expect(h.joined.state).toBe('in_meeting');
    const carrier = await handle.db
      .selectFrom('video_rooms')
      .select('owner_instance')
      .where('meeting_id', '=', meetingId)
      .executeTakeFirstOrThrow();
    const instanceA = ((await (await fetch(`${a}/api/health/ready`)).json()) as { instance: string }).instance;
    expect(carrier.owner_instance).toBe(instanceA);

    const patientTicket = await ticketOf(b, margit);
    const p = await SignalClient.join(b, patientTicket.ticket);
    sockets.push(p.c);
    patient = { c: p.c, ticket: patientTicket };
    expect(p.joined).toMatchObject({ state: 'waiting', resumed: false });
    // The host got the (empty) list on joining; the next one, relayed from B's join, has the patient.
    let waiting: string[] = [];
    while (!waiting.includes(patientTicket.participantId)) {
      waiting = (await h.c.next('waiting-list')).waiting.map((w) => w.id);
    }
    h.c.send({ type: 'admit', participantId: patientTicket.participantId });
    expect((await p.c.next('admitted')).participants.map((x) => x.id)).toEqual([hostTicket.participantId]);
    p.c.send({ type: 'offer', to: hostTicket.participantId, sdp: 'v=0 from B' });
    expect(await h.c.next('offer')).toEqual({ type: 'offer', from: patientTicket.participantId, sdp: 'v=0 from B' });
    h.c.send({ type: 'chat', text: 'Hej från A' });
    expect((await p.c.next('chat')).message.text).toBe('Hej från A');
  });

  test('killing instance A mid-meeting loses nothing; the clients resume on B', async () => {
    const [instanceA] = cluster.instances;
    instanceA?.process.kill('SIGKILL');
    await instanceA?.exited;
    // The host's socket was on A: it just drops. The patient's socket on B is told to reconnect
    // once B sees A's heartbeat stop.
    await host.c.closedWith(15_000);
    expect(await patient.c.closedWith(30_000)).toBe(4503);

    // Both come back through nginx (A is gone, so it is B) with their tickets.
    const p = await SignalClient.join(cluster.url, patient.ticket.ticket, true);
    sockets.push(p.c);
    expect(p.joined).toMatchObject({ state: 'in_meeting', resumed: true });
    const h = await SignalClient.join(cluster.url, host.ticket.ticket, true);
    sockets.push(h.c);
    expect(h.joined).toMatchObject({ state: 'in_meeting', resumed: true });
    expect(h.joined.participants.map((x) => x.id)).toContain(patient.ticket.participantId);
    p.c.send({ type: 'offer', to: host.ticket.participantId, sdp: 'v=0 again' });
    expect((await h.c.next('offer')).sdp).toBe('v=0 again');

    // The session, the conversation and the meeting are all still there, through nginx.
    for (let i = 0; i < 4; i++) {
      expect((await fetch(`${cluster.url}/api/me`, { headers: { cookie: margit.cookie } })).status).toBe(200);
    }
    const list = await fetch(`${cluster.url}/api/messaging/conversations`, { headers: { cookie: margit.cookie } });
    expect(list.status).toBe(200);
    expect(JSON.stringify(await list.json())).toContain('Två instanser');
    const meeting = await fetch(`${cluster.url}/api/video/meetings/${meetingId}`, {
      headers: { cookie: margit.cookie },
    });
    expect(meeting.status).toBe(200);
  }, 90_000);
});
