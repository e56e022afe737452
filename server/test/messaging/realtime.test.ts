/**
 * The messaging WebSocket: live delivery to both sides, internal notes never
 * to the patient, resume after reconnect without loss or duplicates, inbox and
 * list watches, and re-authorisation (revoked proxy, ended session, origin).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { demoPerson } from '../../src/seed/demo-data.js';
import { citizenSession } from '../helpers/sessions.js';
import { api, type Headers, type MessagingWorld, S, setUnit, startWorld, U } from './fixtures.js';
import { openSocket, type TestSocket } from './ws-client.js';

let w: MessagingWorld;
let http: ReturnType<typeof api>;
let base: string;
const sockets: TestSocket[] = [];

async function socketFor(h: Headers, extra: Record<string, string> = {}) {
  const s = await openSocket(base, h.cookie!, extra);
  sockets.push(s);
  await s.next('ready');
  return s;
}

async function startConversation(key: string, subjectId?: string) {
  const res = await http.start(
    await w.citizen(key),
    { unitId: U.vcSolberga, subject: 'Fråga', body: 'Första' },
    subjectId,
  );
  expect(res.statusCode).toBe(201);
  return res.json().data.id as string;
}

beforeAll(async () => {
  w = await startWorld({ MESSAGING_WS_RECHECK_MS: '200' });
  http = api(w);
  await setUnit(w, U.vcSolberga, 'start');
  base = await w.t.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  for (const s of sockets) await s.close();
  await w.t.close();
});

describe('frames', () => {
  test('ready, ping/pong, and an error for a malformed frame (the socket stays open)', async () => {
    const s = await socketFor(await w.citizen('margit'));
    s.send({ type: 'ping' });
    await s.next('pong');
    s.ws.send('not json');
    expect((await s.next('error')).code).toBe('bad_message');
    s.send({ type: 'subscribe', conversationId: 'nope' });
    await s.next('error');
    s.send({ type: 'ping' });
    await s.next('pong');
  });

  test('a foreign origin cannot open a socket; no session cannot either', async () => {
    const h = await w.citizen('margit');
    await expect(openSocket(base, h.cookie!, { origin: 'https://evil.example' })).rejects.toThrow(/403/);
    await expect(openSocket(base, 'ingang_sid=nope')).rejects.toThrow(/401/);
  });
});

describe('live delivery', () => {
  test('the patient gets answers and read marks live; internal notes only reach staff', async () => {
    const id = await startConversation('margit');
    const patient = await socketFor(await w.citizen('margit'));
    const nadiaHeaders = await w.staff(S.nurseSolberga, U.vcSolberga);
    const staff = await socketFor(nadiaHeaders);
    patient.send({ type: 'subscribe', conversationId: id });
    staff.send({ type: 'subscribe', conversationId: id, unitId: U.vcSolberga });
    expect((await patient.next('subscribed')).lastSeq).toBe(1);
    await staff.next('subscribed');

    await http.staffPost(nadiaHeaders, U.vcSolberga, id, 'notes', { body: 'INTERN anteckning' });
    const answer = await http.staffPost(nadiaHeaders, U.vcSolberga, id, 'messages', { body: 'Svar från vården' });
    expect(answer.statusCode).toBe(201);
    const got = await patient.next('message', (f) => f.conversationId === id);
    expect(got.message).toMatchObject({
      seq: 3,
      body: 'Svar från vården',
      internal: false,
      author: { kind: 'staff', isMe: false },
    });
    const staffNote = await staff.next('message', (f) => f.message.internal);
    expect(staffNote.message.body).toBe('INTERN anteckning');
    await staff.next('message', (f) => f.message.seq === 3);
    // The unit read the patient's message by answering: the patient sees the read mark.
    const read = await patient.next('read', (f) => f.side === 'unit');
    expect(read.upToSeq).toBe(3);
    await patient.next('conversation_changed', (f) => f.status === 'waiting_for_patient');

    const reply = await http.send(await w.citizen('margit'), id, { body: 'Tack' });
    expect((await staff.next('message', (f) => f.message.seq === reply.json().data.seq)).message.author.kind).toBe(
      'patient',
    );
    expect(patient.frames.some((f) => f.type === 'message' && f.message.internal)).toBe(false);
    expect(JSON.stringify(patient.frames)).not.toContain('INTERN');
  });

  test('resume after a reconnect: exactly the missed messages, in order, once', async () => {
    const id = await startConversation('karin');
    const karin = await w.citizen('karin');
    const first = await socketFor(karin);
    first.send({ type: 'subscribe', conversationId: id });
    await first.next('subscribed');
    const nadia = await w.staff(S.nurseSolberga, U.vcSolberga);
    await http.staffPost(nadia, U.vcSolberga, id, 'messages', { body: 'ett' });
    const seen = await first.next('message');
    await first.close();

    await http.staffPost(nadia, U.vcSolberga, id, 'messages', { body: 'två' });
    await http.staffPost(nadia, U.vcSolberga, id, 'notes', { body: 'anteckning' });
    await http.staffPost(nadia, U.vcSolberga, id, 'messages', { body: 'tre' });

    const again = await socketFor(karin);
    again.send({ type: 'subscribe', conversationId: id, since: seen.message.seq });
    await again.next('subscribed');
    const a = await again.next('message');
    const b = await again.next('message');
    expect([a.message.body, b.message.body]).toEqual(['två', 'tre']);
    expect(b.message.seq).toBeGreaterThan(a.message.seq);
    await http.staffPost(nadia, U.vcSolberga, id, 'messages', { body: 'fyra' });
    expect((await again.next('message')).message.body).toBe('fyra');
    // Nothing twice, no note.
    await new Promise((r) => setTimeout(r, 300));
    const bodies = again.frames.flatMap((f) => (f.type === 'message' ? [f.message.body] : []));
    expect(bodies).toEqual(['två', 'tre', 'fyra']);
  });

  test("another patient's conversation and a unit one does not work in: not_found", async () => {
    const id = await startConversation('margit');
    const karin = await socketFor(await w.citizen('karin'));
    karin.send({ type: 'subscribe', conversationId: id });
    expect((await karin.next('unsubscribed')).reason).toBe('not_found');
    const nils = await socketFor(await w.staff(S.nurseNorrtull, U.vcNorrtull));
    nils.send({ type: 'subscribe', conversationId: id, unitId: U.vcSolberga });
    expect((await nils.next('unsubscribed')).reason).toBe('not_found');
    nils.send({ type: 'watch_unit', unitId: U.vcSolberga });
    expect((await nils.next('unwatched')).reason).toBe('not_found');
  });

  test('watches: the inbox hears of a new conversation, the patient list of an answer', async () => {
    const nadiaHeaders = await w.staff(S.nurseSolberga, U.vcSolberga);
    const inbox = await socketFor(nadiaHeaders);
    inbox.send({ type: 'watch_unit', unitId: U.vcSolberga });
    // Karin: no care episode at the unit, so her new conversation arrives unassigned ('new').
    const list = await socketFor(await w.citizen('karin'));
    list.send({ type: 'watch_subject' });
    await inbox.next('watching');
    expect(await list.next('watching')).toMatchObject({ scope: 'subject', id: null });
    const id = await startConversation('karin');
    await inbox.next('conversation_changed', (f) => f.conversationId === id && f.status === 'new');
    await list.next('conversation_changed', (f) => f.conversationId === id);
    await http.staffPost(nadiaHeaders, U.vcSolberga, id, 'notes', { body: 'bara internt' });
    await http.staffPost(nadiaHeaders, U.vcSolberga, id, 'messages', { body: 'svar' });
    const changed = await list.next(
      'conversation_changed',
      (f) => f.conversationId === id && f.status === 'waiting_for_patient',
    );
    expect(changed.lastSeq).toBe(3);
  });
});

describe('re-authorisation', () => {
  test('a revoked proxy unsubscribes the ombud at the next check, and nothing more is delivered', async () => {
    const margit = await w.citizen('margit');
    const karin = await w.citizen('karin');
    const given = await w.t.app.inject({
      method: 'POST',
      url: '/api/proxies',
      headers: margit,
      payload: {
        ombudPersonalNumber: demoPerson('karin').personalNumber,
        scopes: ['messages'],
        validUntil: '2027-06-30',
      },
    });
    const grantId = given.json().data.id;
    await w.t.app.inject({ method: 'POST', url: `/api/proxies/${grantId}/accept`, headers: karin });
    const id = await startConversation('margit');
    const s = await socketFor(karin);
    s.send({ type: 'subscribe', conversationId: id, subjectId: w.ids.margit });
    await s.next('subscribed');
    s.send({ type: 'watch_subject', subjectId: w.ids.margit });
    await s.next('watching');
    const nadia = await w.staff(S.nurseSolberga, U.vcSolberga);
    await http.staffPost(nadia, U.vcSolberga, id, 'messages', { body: 'före' });
    await s.next('message');

    await w.t.app.inject({ method: 'POST', url: `/api/proxies/${grantId}/end`, headers: margit });
    expect((await s.next('unsubscribed', (f) => f.conversationId === id, 5000)).reason).toBe('access_revoked');
    expect((await s.next('unwatched', () => true, 5000)).reason).toBe('access_revoked');
    await http.staffPost(nadia, U.vcSolberga, id, 'messages', { body: 'efter' });
    await new Promise((r) => setTimeout(r, 400));
    expect(JSON.stringify(s.frames)).not.toContain('efter');
    // A new subscription is refused too.
    s.send({ type: 'subscribe', conversationId: id, subjectId: w.ids.margit });
    expect((await s.next('unsubscribed', (f) => f.reason === 'not_found')).conversationId).toBe(id);
  });

  test('an ended session closes the socket with 4401', async () => {
    const session = await citizenSession(w.t, w.ids.sara!);
    const s = await socketFor(session.headers);
    await w.t.ctx.sessions.revoke(session.idHash);
    expect((await s.closed).code).toBe(4401);
  });
});
