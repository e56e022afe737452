/**
 * Video meetings over HTTP and the signalling socket: creating and listing
 * meetings, the waiting room, mesh relay, per-meeting authorisation (a
 * participant of A cannot signal into B), host controls (a removed
 * participant cannot rejoin a locked room), guest links and their expiry,
 * booked video visits (a guardian joins for a child), audit of joins/leaves,
 * bad input, reconnect.
 */
import { randomUUID } from 'node:crypto';
import type { JoinResponse } from '@ingang/contracts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fixedClock } from '../../src/platform/clock.js';
import { seedDemo } from '../../src/seed/demo.js';
import { DEMO_STAFF, DEMO_UNITS } from '../../src/seed/demo-data.js';
import { personIdOf, verifyEmail } from '../booking-fixtures.js';
import { startTestApp, type TestApp } from '../harness.js';
import { citizenSession, staffSession, type TestSession } from '../helpers/sessions.js';
import { SignalClient } from './ws-client.js';

const clock = fixedClock('2026-09-01T08:00:00Z');
let t: TestApp;
let base: string;
let nadia: TestSession;
let dan: TestSession;
let margitId: string;
let karinId: string;
let annaId: string;
let elsaId: string;
let margit: TestSession;
let karin: TestSession;
let anna: TestSession;
const open: SignalClient[] = [];

beforeAll(async () => {
  t = await startTestApp({ clock });
  await seedDemo(t.ctx.db, clock);
  base = await t.app.listen({ host: '127.0.0.1', port: 0 });
  margitId = await personIdOf(t, 'margit');
  karinId = await personIdOf(t, 'karin');
  annaId = await personIdOf(t, 'anna');
  elsaId = await personIdOf(t, 'elsa');
  await verifyEmail(t, margitId, 'margit@example.se');
  nadia = await staffSession(t, DEMO_STAFF.nurseSolberga, { activeUnitId: DEMO_UNITS.vcSolberga });
  dan = await staffSession(t, DEMO_STAFF.nurseNorrtull, { activeUnitId: DEMO_UNITS.vcNorrtull });
  margit = await citizenSession(t, margitId, 4 * 3600);
  karin = await citizenSession(t, karinId, 4 * 3600);
  anna = await citizenSession(t, annaId, 4 * 3600);
});
afterAll(async () => {
  for (const c of open) c.close();
  await t?.close();
});

async function createMeeting(s: TestSession, body: Record<string, unknown>) {
  const res = await t.app.inject({ method: 'POST', url: '/api/video/meetings', headers: s.headers, payload: body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().data as { id: string; kind: string; topology: string; myRole: string; canJoin: boolean };
}

async function ticketFor(s: TestSession, meetingId: string): Promise<JoinResponse['data']> {
  const res = await t.app.inject({ method: 'POST', url: `/api/video/meetings/${meetingId}/join`, headers: s.headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().data;
}

async function connect(ticket: string, resume = false) {
  const r = await SignalClient.join(base, ticket, resume);
  open.push(r.c);
  return r;
}

async function auditRows(subject: string, recordId: string) {
  return t.ctx.db
    .selectFrom('audit_log')
    .select(['action', 'actor_kind', 'actor_role', 'on_behalf_of_relation'])
    .where('subject_person_id', '=', subject)
    .where('record_type', '=', 'video_meeting')
    .where('record_id', '=', recordId)
    .orderBy('seq')
    .execute();
}

/** A booked video visit for Elsa (booked by Anna, her guardian) at Solberga, `inMinutes` from now. */
async function videoBookingForElsa(inMinutes: number) {
  const now = clock.now();
  const typeId = randomUUID();
  const slotId = randomUUID();
  const bookingId = randomUUID();
  const start = new Date(now.getTime() + inMinutes * 60_000);
  await t.ctx.db
    .insertInto('time_types')
    .values({
      id: typeId,
      code: `video-${typeId.slice(0, 6)}`,
      name_sv: 'Videobesök BVC',
      name_en: 'Video visit',
      duration_minutes: 20,
      mode: 'video',
      places_per_slot: 1,
      form_id: null,
      min_age: null,
      max_age: null,
      dose_group: null,
      min_days_since_dose: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await t.ctx.db
    .insertInto('slots')
    .values({
      id: slotId,
      unit_id: DEMO_UNITS.vcSolberga,
      time_type_id: typeId,
      starts_at: start,
      ends_at: new Date(start.getTime() + 20 * 60_000),
      capacity: 1,
      booked: 1,
      visible_from: now,
      reserved_for: null,
      batch_id: null,
      created_at: now,
    })
    .execute();
  await t.ctx.db
    .insertInto('bookings')
    .values({
      id: bookingId,
      slot_id: slotId,
      person_id: elsaId,
      time_type_id: typeId,
      unit_id: DEMO_UNITS.vcSolberga,
      status: 'booked',
      active_key: null,
      booked_by_person_id: annaId,
      booked_by_staff_id: null,
      on_behalf_relation: 'guardian',
      form_version_id: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return { bookingId, start };
}

describe('a one-to-one meeting: waiting room, admission, mesh relay', () => {
  test('the patient waits, the host admits, offers and ICE are relayed between the two, joins are audited', async () => {
    const m = await createMeeting(nadia, { kind: 'one_to_one', title: 'Uppföljning', patientId: margitId });
    expect(m).toMatchObject({ kind: 'one_to_one', topology: 'mesh', myRole: 'host', canJoin: true });
    // The patient is invited by mail (verified address), without naming anyone.
    const mail = await t.ctx.db.selectFrom('jobs').select('payload').where('kind', '=', 'mail.send').execute();
    expect(JSON.stringify(mail.map((j) => j.payload))).toContain('margit@example.se');

    const list = await t.app.inject({ method: 'GET', url: '/api/video/meetings', headers: margit.headers });
    expect(list.json().data.map((x: { id: string }) => x.id)).toContain(m.id);

    const patientTicket = await ticketFor(margit, m.id);
    expect(patientTicket).toMatchObject({ role: 'participant', topology: 'mesh', wsPath: '/api/video/ws' });
    const p = await connect(patientTicket.ticket);
    expect(p.joined).toMatchObject({ state: 'waiting', participants: [], resumed: false });

    const hostTicket = await ticketFor(nadia, m.id);
    const h = await connect(hostTicket.ticket);
    expect(h.joined.state).toBe('in_meeting');
    const waiting = await h.c.next('waiting-list');
    expect(waiting.waiting.map((w) => w.id)).toEqual([patientTicket.participantId]);

    // A waiting participant cannot signal yet.
    p.c.send({ type: 'offer', to: hostTicket.participantId, sdp: 'v=0' });
    expect((await p.c.next('error')).code).toBe('not_admitted');

    h.c.send({ type: 'admit', participantId: patientTicket.participantId });
    const admitted = await p.c.next('admitted');
    expect(admitted.participants.map((x) => x.id)).toEqual([hostTicket.participantId]);
    expect((await h.c.next('participant-joined')).participant.id).toBe(patientTicket.participantId);

    // The later one offers; the server relays with `from`.
    p.c.send({ type: 'offer', to: hostTicket.participantId, sdp: 'v=0 offer' });
    expect(await h.c.next('offer')).toEqual({ type: 'offer', from: patientTicket.participantId, sdp: 'v=0 offer' });
    h.c.send({ type: 'answer', to: patientTicket.participantId, sdp: 'v=0 answer' });
    expect((await p.c.next('answer')).from).toBe(hostTicket.participantId);
    h.c.send({
      type: 'ice',
      to: patientTicket.participantId,
      candidate: { candidate: 'candidate:1 1 udp 1 127.0.0.1 9 typ host', sdpMid: '0' },
    });
    expect((await p.c.next('ice')).candidate?.candidate).toContain('127.0.0.1');

    // Chat stays in the meeting and reaches both.
    p.c.send({ type: 'chat', text: 'Hej!' });
    expect((await h.c.next('chat')).message).toMatchObject({ from: patientTicket.participantId, text: 'Hej!' });

    p.c.send({ type: 'leave' });
    expect((await h.c.next('participant-left')).reason).toBe('left');
    await expect
      .poll(async () => (await auditRows(margitId, m.id)).map((r) => r.action))
      .toEqual(expect.arrayContaining(['join', 'leave']));
    const rows = await auditRows(margitId, m.id);
    // The host's REST join (patient access) and socket entry, the patient's entry and leave.
    expect(rows.map((r) => `${r.action}:${r.actor_kind}`).sort()).toEqual([
      'join:citizen',
      'join:staff',
      'join:staff',
      'leave:citizen',
    ]);
    h.c.close();
  });
});

describe('authorisation per meeting and participant', () => {
  test('a participant of meeting A cannot signal into meeting B, nor get a ticket for it', async () => {
    const a = await createMeeting(nadia, { kind: 'one_to_one', title: 'A', patientId: margitId });
    const b = await createMeeting(nadia, { kind: 'one_to_one', title: 'B', patientId: karinId });
    const hostB = await connect((await ticketFor(nadia, b.id)).ticket);
    const karinB = await ticketFor(karin, b.id);
    const kc = await connect(karinB.ticket);
    hostB.c.send({ type: 'admit', participantId: karinB.participantId });
    await kc.c.next('admitted');

    const hostA = await ticketFor(nadia, a.id);
    const ha = await connect(hostA.ticket);
    // Karin (in B) addresses the host's participant in A: unknown in her meeting.
    kc.c.send({ type: 'offer', to: hostA.participantId, sdp: 'v=0' });
    expect((await kc.c.next('error')).code).toBe('unknown_peer');
    expect(ha.c.messages.some((m) => m.type === 'offer')).toBe(false);

    // Karin has no way into A.
    const refused = await t.app.inject({
      method: 'POST',
      url: `/api/video/meetings/${a.id}/join`,
      headers: karin.headers,
    });
    expect(refused.statusCode).toBe(404);
    const read = await t.app.inject({ method: 'GET', url: `/api/video/meetings/${a.id}`, headers: karin.headers });
    expect(read.statusCode).toBe(404);
    // Staff of another unit neither.
    const other = await t.app.inject({ method: 'POST', url: `/api/video/meetings/${a.id}/join`, headers: dan.headers });
    expect(other.statusCode).toBe(404);
    // A made-up ticket closes the socket.
    const bad = await SignalClient.open(base);
    bad.send({ type: 'join', ticket: 'x'.repeat(43) });
    expect(await bad.closedWith()).toBe(4404);
    ha.c.close();
    hostB.c.close();
    kc.c.close();
  });

  test('a socket must join first, and garbage is refused with 4400', async () => {
    const c1 = await SignalClient.open(base);
    c1.send({ type: 'chat', text: 'hej' });
    expect(await c1.closedWith()).toBe(4401);
    const c2 = await SignalClient.open(base);
    c2.socket.send('not json');
    expect(await c2.closedWith()).toBe(4400);
  });

  test('a flood of messages closes the socket', async () => {
    const m = await createMeeting(nadia, { kind: 'group', title: 'Flood' });
    const h = await connect((await ticketFor(nadia, m.id)).ticket);
    for (let i = 0; i < 260; i++) h.c.send({ type: 'ping' });
    expect(await h.c.closedWith()).toBe(4400);
    expect(h.c.messages.some((x) => x.type === 'error' && x.code === 'rate_limited')).toBe(true);
  });

  test('a socket from a foreign origin is refused', async () => {
    await expect(SignalClient.open(base, { origin: 'https://evil.example' })).rejects.toThrow(/403/);
  });
});

describe('host controls', () => {
  test('only hosts control; a removed participant cannot rejoin a locked room', async () => {
    const m = await createMeeting(nadia, { kind: 'group', title: 'Föräldragrupp' });
    expect(m.topology).toBe('sfu');
    const inv = await t.app.inject({
      method: 'POST',
      url: `/api/video/meetings/${m.id}/invitations`,
      headers: nadia.headers,
      payload: { kind: 'citizen', personId: karinId },
    });
    expect(inv.statusCode, inv.body).toBe(201);
    const h = await connect((await ticketFor(nadia, m.id)).ticket);
    const kt = await ticketFor(karin, m.id);
    const k = await connect(kt.ticket);
    h.c.send({ type: 'admit', participantId: kt.participantId });
    await k.c.next('admitted');

    k.c.send({ type: 'lock', locked: true });
    expect((await k.c.next('error')).code).toBe('not_host');
    k.c.send({ type: 'remove', participantId: h.joined.self.id });
    expect((await k.c.next('error')).code).toBe('not_host');

    h.c.send({ type: 'mute', participantId: kt.participantId });
    expect((await k.c.next('muted')).by).toBe(h.joined.self.id);
    h.c.send({ type: 'spotlight', participantId: kt.participantId });
    expect((await k.c.next('spotlight')).participantId).toBe(kt.participantId);

    h.c.send({ type: 'lock', locked: true });
    expect((await k.c.next('locked')).locked).toBe(true);
    h.c.send({ type: 'remove', participantId: kt.participantId });
    expect((await k.c.next('closing')).reason).toBe('removed');
    expect(await k.c.closedWith()).toBe(4410);
    expect((await h.c.next('participant-left')).reason).toBe('removed');

    // The old ticket is void and a new one is refused while the room is locked.
    const again = await SignalClient.open(base);
    again.send({ type: 'join', ticket: kt.ticket });
    expect(await again.closedWith()).toBe(4404);
    const rejoin = await t.app.inject({
      method: 'POST',
      url: `/api/video/meetings/${m.id}/join`,
      headers: karin.headers,
    });
    expect(rejoin.statusCode).toBe(403);
    expect(rejoin.json().error.code).toBe('removed');

    // The host ends the meeting: everyone is told, nobody can join any more.
    const end = await t.app.inject({ method: 'POST', url: `/api/video/meetings/${m.id}/end`, headers: nadia.headers });
    expect(end.json().data.status).toBe('ended');
    expect(await h.c.closedWith()).toBe(4409);
    const late = await t.app.inject({
      method: 'POST',
      url: `/api/video/meetings/${m.id}/join`,
      headers: nadia.headers,
    });
    expect(late.json().error.code).toBe('meeting_ended');
  });

  test('a multi-party meeting admits up to its limit; inviting a third makes one-to-one multi-party', async () => {
    const m = await createMeeting(nadia, { kind: 'one_to_one', title: 'Tolk', patientId: margitId });
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/video/meetings/${m.id}/invitations`,
      headers: nadia.headers,
      payload: { kind: 'guest', relation: 'interpreter', label: 'Tolk' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const read = await t.app.inject({ method: 'GET', url: `/api/video/meetings/${m.id}`, headers: nadia.headers });
    expect(read.json().data).toMatchObject({ kind: 'multi_party', maxParticipants: 6 });
    const list = await t.app.inject({
      method: 'GET',
      url: `/api/video/meetings/${m.id}/invitations`,
      headers: nadia.headers,
    });
    expect(
      list
        .json()
        .data.map((i: { relation: string }) => i.relation)
        .sort(),
    ).toEqual(['clinician', 'interpreter', 'patient']);
    // Participants cannot see the invitation list.
    const asPatient = await t.app.inject({
      method: 'GET',
      url: `/api/video/meetings/${m.id}/invitations`,
      headers: margit.headers,
    });
    expect(asPatient.statusCode).toBe(404);
  });
});

describe('guest links', () => {
  test('a guest joins with a name through the link; an expired link is refused', async () => {
    const m = await createMeeting(nadia, { kind: 'multi_party', title: 'Konsultation' });
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/video/meetings/${m.id}/invitations`,
      headers: nadia.headers,
      payload: { kind: 'guest', relation: 'relative', expiresInMinutes: 5 },
    });
    const { guestToken, guestUrl, invitee } = res.json().data;
    expect(guestUrl).toBe(`${t.ctx.config.publicUrl}/video/guest/${guestToken}`);
    const stored = await t.ctx.db
      .selectFrom('video_participants')
      .select('guest_token_hash')
      .where('id', '=', invitee.participantId)
      .executeTakeFirstOrThrow();
    expect(stored.guest_token_hash).not.toBe(guestToken);

    const info = await t.app.inject({ method: 'GET', url: `/api/video/guest/${guestToken}` });
    expect(info.statusCode).toBe(200);
    expect(info.json().data.meetingTitle).toBe('Konsultation');
    const join = await t.app.inject({
      method: 'POST',
      url: `/api/video/guest/${guestToken}/join`,
      payload: { displayName: 'Bo Gäst' },
    });
    expect(join.statusCode, join.body).toBe(200);
    expect(join.json().data).toMatchObject({ role: 'guest', displayName: 'Bo Gäst' });
    const g = await connect(join.json().data.ticket);
    expect(g.joined.state).toBe('waiting');
    g.c.close();

    const empty = await t.app.inject({
      method: 'POST',
      url: `/api/video/guest/${guestToken}/join`,
      payload: { displayName: '  ' },
    });
    expect(empty.statusCode).toBe(400);

    clock.advance(6 * 60_000);
    try {
      const expired = await t.app.inject({
        method: 'POST',
        url: `/api/video/guest/${guestToken}/join`,
        payload: { displayName: 'Bo' },
      });
      expect(expired.statusCode).toBe(410);
      expect(expired.json().error.code).toBe('guest_link_expired');
      expect((await t.app.inject({ method: 'GET', url: `/api/video/guest/${guestToken}` })).statusCode).toBe(410);
    } finally {
      clock.advance(-6 * 60_000);
    }
    const unknown = await t.app.inject({ method: 'GET', url: `/api/video/guest/${'a'.repeat(43)}` });
    expect(unknown.statusCode).toBe(404);
  });
});

describe('booked video visits', () => {
  test('a guardian sees "Anslut" for the child from 10 minutes before, joins for the child, audited on behalf', async () => {
    const { bookingId, start } = await videoBookingForElsa(60);
    const list = await t.app.inject({ method: 'GET', url: '/api/video/meetings', headers: anna.headers });
    const meeting = list.json().data.find((x: { bookingId: string }) => x.bookingId === bookingId);
    expect(meeting).toMatchObject({ title: 'Videobesök BVC', canJoin: false, patient: { personId: elsaId } });
    expect(meeting.joinOpensAt).toBe(new Date(start.getTime() - 10 * 60_000).toISOString());
    const early = await t.app.inject({
      method: 'POST',
      url: `/api/video/meetings/${meeting.id}/join`,
      headers: anna.headers,
    });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('too_early');

    // Staff open it from the day list by booking id; another patient cannot.
    const staffView = await t.app.inject({
      method: 'POST',
      url: `/api/video/bookings/${bookingId}/meeting`,
      headers: nadia.headers,
    });
    expect(staffView.json().data).toMatchObject({ id: meeting.id, myRole: 'host' });
    const stranger = await t.app.inject({
      method: 'POST',
      url: `/api/video/bookings/${bookingId}/meeting`,
      headers: karin.headers,
    });
    expect(stranger.statusCode).toBe(404);

    clock.advance(51 * 60_000);
    try {
      const ticket = await ticketFor(anna, meeting.id);
      expect(ticket.role).toBe('participant');
      const row = await t.ctx.db
        .selectFrom('video_participants')
        .selectAll()
        .where('id', '=', ticket.participantId)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ relation: 'guardian', person_id: annaId, for_person_id: elsaId });
      const h = await connect((await ticketFor(nadia, meeting.id)).ticket);
      const a = await connect(ticket.ticket);
      h.c.send({ type: 'admit', participantId: ticket.participantId });
      await a.c.next('admitted');
      await expect
        .poll(async () =>
          (await auditRows(elsaId, meeting.id)).filter((r) => r.action === 'join' && r.actor_kind === 'citizen'),
        )
        .toEqual([
          { action: 'join', actor_kind: 'citizen', actor_role: 'guardian', on_behalf_of_relation: 'guardian' },
        ]);

      // Reconnect after a network change: same ticket, place kept, no new waiting.
      a.c.socket.terminate();
      expect((await h.c.next('participant-updated')).participant.connection).toBe('reconnecting');
      const back = await connect(ticket.ticket, true);
      expect(back.joined).toMatchObject({ state: 'in_meeting', resumed: true });
      expect((await h.c.next('participant-updated')).participant.connection).toBe('connected');
      h.c.close();
      back.c.close();
    } finally {
      clock.advance(-51 * 60_000);
    }
  });

  test('concurrent first opens of a booked visit (guardian and staff at once) make exactly one meeting', async () => {
    const { bookingId } = await videoBookingForElsa(24 * 60);
    const answers = await Promise.all(
      [anna, nadia, anna, nadia, anna, nadia].map((s) =>
        t.app.inject({ method: 'POST', url: `/api/video/bookings/${bookingId}/meeting`, headers: s.headers }),
      ),
    );
    expect(answers.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(new Set(answers.map((r) => r.json().data.id)).size).toBe(1);
    const rows = await t.ctx.db.selectFrom('video_meetings').select('id').where('booking_id', '=', bookingId).execute();
    expect(rows).toHaveLength(1);
  });
});

describe('the API description', () => {
  test('lists the video endpoints from the contracts', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(res.json().paths);
    expect(paths).toEqual(
      expect.arrayContaining(['/api/video/meetings', '/api/video/meetings/{id}/join', '/api/video/guest/{token}/join']),
    );
  });
});

describe('bad input', () => {
  test('400 names the field; 401 without a session; citizens cannot create meetings', async () => {
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/video/meetings',
      headers: nadia.headers,
      payload: { kind: 'huge', title: '' },
    });
    expect(bad.statusCode).toBe(400);
    const noPatient = await t.app.inject({
      method: 'POST',
      url: '/api/video/meetings',
      headers: nadia.headers,
      payload: { kind: 'one_to_one', title: 'x' },
    });
    expect(noPatient.statusCode).toBe(400);
    expect(noPatient.json().error.fields).toHaveProperty('patientId');
    const anon = await t.app.inject({ method: 'GET', url: '/api/video/meetings' });
    expect(anon.statusCode).toBe(401);
    const citizen = await t.app.inject({
      method: 'POST',
      url: '/api/video/meetings',
      headers: margit.headers,
      payload: { kind: 'group', title: 'x' },
    });
    expect(citizen.statusCode).toBe(403);
    const before = await t.ctx.db
      .selectFrom('video_meetings')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const noAccess = await t.app.inject({
      method: 'POST',
      url: '/api/video/meetings',
      headers: dan.headers,
      payload: { kind: 'one_to_one', title: 'x', patientId: margitId },
    });
    expect(noAccess.statusCode).toBe(403);
    const after = await t.ctx.db
      .selectFrom('video_meetings')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });
});
