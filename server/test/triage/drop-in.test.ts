import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTriageModule, type TriageModule } from '../../src/modules/triage/index.js';
import { citizenSession } from '../helpers/sessions.js';
import { seedWaiting } from './drop-in-fixtures.js';
import {
  answerAll,
  CHILD_FEVER,
  type Headers,
  type Json,
  NOW,
  S,
  startWorld,
  type TriageWorld,
  U,
  URINARY,
} from './fixtures.js';

let w: TriageWorld;
// A second instance of the module on the same database and hub: its sweep is what the schedule runs.
let other: TriageModule;
const sweep = () => other.dropIn.sweep();
beforeAll(async () => {
  w = await startWorld();
  other = createTriageModule({
    ...w.t.ctx,
    video: { startPatientMeeting: () => Promise.reject(new Error('not used')) },
    messaging: {
      startPatientConversation: () => Promise.reject(new Error('not used')),
      pushNotice: async () => {},
      startStaffConversation: () => Promise.reject(new Error('not used')),
    },
  });
  // Start-up (database, migrations, demo seed) can be slow on a shared machine.
}, 180_000);
afterAll(async () => {
  await other?.close?.();
  await w.t.close();
});
afterEach(async () => {
  // Every test starts with the demo units' queues closed and the clock at NOW.
  w.clock.set(NOW);
  for (const [staffId, unitId] of [
    [S.bvcNurse, U.bvcSolberga],
    [S.nurseSolberga, U.vcSolberga],
  ] as const) {
    await inject('POST', '/api/staff/drop-in/close', await w.staff(staffId, unitId));
  }
});

const inject = (method: 'GET' | 'POST', url: string, headers?: Headers, payload?: object) =>
  w.t.app.inject({ method, url, headers, ...(payload ? { payload } : method === 'POST' ? { payload: {} } : {}) });

const inHours = (h: number) => new Date(new Date(NOW).getTime() + h * 3600_000).toISOString();

async function triage(headers: Headers, answers: [string, unknown][], subjectId?: string): Promise<string> {
  const started = await inject('POST', '/api/triage/sessions', headers, subjectId ? { subjectId } : {});
  const id = started.json().data.id;
  await answerAll(w, headers, '/api/triage', id, answers);
  const decided = await inject('POST', `/api/triage/sessions/${id}/submit`, headers);
  expect(decided.statusCode, decided.body).toBe(200);
  return id;
}

async function open(headers: Headers, answerMinutes = 3, closesInHours = 6): Promise<Json> {
  const res = await inject('POST', '/api/staff/drop-in/open', headers, {
    closesAt: inHours(closesInHours),
    answerMinutes,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().data.queue;
}

describe('drop-in queue: a child with fever', () => {
  it('closed → the next route; open → the guardian joins, the nurse takes the child with the answers, the guardian answers', async () => {
    const anna = await w.citizen('anna');
    const bodil = await w.staff(S.bvcNurse, U.bvcSolberga);
    const sessionId = await triage(anna, CHILD_FEVER, w.ids.elsa);

    // Closed: nothing to join, and the refusal names the next route.
    const closed = await inject('GET', `/api/triage/sessions/${sessionId}/drop-in`, anna);
    expect(closed.json().data).toEqual({ queue: null, entry: null });
    const refused = await inject('POST', `/api/triage/sessions/${sessionId}/drop-in`, anna);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'queue_closed', nextRoute: 'message_unit' });

    // Bad hours are named; a second open is refused.
    const past = await inject('POST', '/api/staff/drop-in/open', bodil, { closesAt: inHours(-1) });
    expect(past.statusCode).toBe(400);
    expect(past.json().error.fields).toHaveProperty('closesAt');
    const queue = await open(bodil, 5);
    expect(queue).toMatchObject({ waiting: 0, answerMinutes: 5 });
    expect((await inject('POST', '/api/staff/drop-in/open', bodil, { closesAt: inHours(2) })).statusCode).toBe(409);

    // Anna joins for Elsa (twice: the same entry), audited on her behalf.
    const joined = await inject('POST', `/api/triage/sessions/${sessionId}/drop-in`, anna);
    expect(joined.statusCode, joined.body).toBe(200);
    const entry = joined.json().data;
    expect(entry).toMatchObject({ status: 'waiting', position: 1, waiting: 1, queueOpen: true, meetingId: null });
    const again = await inject('POST', `/api/triage/sessions/${sessionId}/drop-in`, anna);
    expect(again.json().data.id).toBe(entry.id);
    const joinAudit = await w.t.ctx.db
      .selectFrom('audit_log')
      .select(['subject_person_id', 'on_behalf_of_relation', 'action'])
      .where('record_id', '=', entry.id)
      .execute();
    expect(joinAudit).toEqual([{ subject_person_id: w.ids.elsa, on_behalf_of_relation: 'guardian', action: 'create' }]);

    const overview = await inject('GET', '/api/staff/drop-in', bodil);
    expect(overview.json().data.queue).toMatchObject({ waiting: 1, byUrgency: [{ urgency: 'same_day', count: 1 }] });
    expect(overview.json().data.taken).toEqual([]);

    // Someone else cannot follow Anna's place.
    const johan = await w.citizen('johan');
    expect((await inject('GET', `/api/drop-in/queues/${entry.queueId}/entries/${entry.id}`, johan)).statusCode).toBe(
      404,
    );

    // Bodil takes the next patient: Elsa, with a video meeting; the take is audited.
    const taken = await inject('POST', '/api/staff/drop-in/take', bodil);
    expect(taken.statusCode, taken.body).toBe(200);
    const t = taken.json().data;
    expect(t).toMatchObject({
      entryId: entry.id,
      sessionId,
      personId: w.ids.elsa,
      name: 'Elsa Lindqvist',
      status: 'called',
    });
    const meeting = await w.t.ctx.db
      .selectFrom('video_meetings')
      .select(['patient_person_id', 'unit_id', 'kind'])
      .where('id', '=', t.meetingId)
      .executeTakeFirstOrThrow();
    expect(meeting).toEqual({ patient_person_id: w.ids.elsa, unit_id: U.bvcSolberga, kind: 'one_to_one' });
    const takeAudit = await w.t.ctx.db
      .selectFrom('audit_log')
      .select(['actor_staff_id', 'purpose'])
      .where('record_id', '=', entry.id)
      .where('action', '=', 'take')
      .execute();
    expect(takeAudit).toEqual([{ actor_staff_id: S.bvcNurse, purpose: 'care' }]);

    // The answers in view for the nurse.
    const answers = await inject('GET', `/api/staff/triage/sessions/${sessionId}`, bodil);
    expect(answers.statusCode).toBe(200);
    expect(JSON.stringify(answers.json().data.response)).toContain('child-drinking');
    expect((await inject('GET', '/api/staff/drop-in', bodil)).json().data.taken).toMatchObject([
      { entryId: entry.id, meetingId: t.meetingId },
    ]);

    // Anna's poll says it is Elsa's turn, with the meeting; she answers.
    const turn = await inject('GET', `/api/drop-in/queues/${entry.queueId}/entries/${entry.id}`, anna);
    expect(turn.json().data).toMatchObject({ status: 'called', meetingId: t.meetingId, position: null, waiting: 0 });
    expect(turn.json().data.answerBy).toBe(new Date(new Date(NOW).getTime() + 5 * 60_000).toISOString());
    const answered = await inject('POST', `/api/drop-in/entries/${entry.id}/answer`, anna);
    expect(answered.statusCode, answered.body).toBe(200);
    expect(answered.json().data).toMatchObject({ status: 'answered', meetingId: t.meetingId });

    const empty = await inject('POST', '/api/staff/drop-in/take', bodil);
    expect(empty.statusCode).toBe(409);
    expect(empty.json().error.code).toBe('queue_empty');
  });

  it('a triage that did not route to a drop-in has no queue; staff need an active unit', async () => {
    const anna = await w.citizen('anna');
    const sessionId = await triage(anna, URINARY);
    const res = await inject('POST', `/api/triage/sessions/${sessionId}/drop-in`, anna);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('not_drop_in');
    expect((await inject('GET', '/api/staff/drop-in', await w.staff(S.bvcNurse))).statusCode).toBe(403);
    expect((await inject('GET', '/api/staff/drop-in')).statusCode).toBe(401);
  });
});

describe('drop-in queue: order, concurrency, no-shows, closing', () => {
  it('takes the most urgent first, then the longest waiting', async () => {
    const nadia = await w.staff(S.nurseSolberga, U.vcSolberga);
    const queue = await open(nadia);
    // Arrival order: within_3_days, acute, same_day, acute.
    const ranks = [2, 0, 1, 0];
    const seeded = await seedWaiting(w.t.ctx.db, {
      queueId: queue.id,
      unitId: U.vcSolberga,
      count: 4,
      at: new Date(NOW),
      urgencyOf: (i) => ranks[i] as number,
    });
    const order: string[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await inject('POST', '/api/staff/drop-in/take', nadia);
      expect(res.statusCode, res.body).toBe(200);
      order.push(res.json().data.entryId);
    }
    const e = (i: number) => seeded[i]?.entryId;
    expect(order).toEqual([e(1), e(3), e(2), e(0)]);
  });

  it('two nurses taking at once get different patients; one winner per patient', async () => {
    const nadia = await w.staff(S.nurseSolberga, U.vcSolberga);
    const dan = await w.staff(S.doctor, U.vcSolberga);
    const queue = await open(nadia);
    const seeded = await seedWaiting(w.t.ctx.db, {
      queueId: queue.id,
      unitId: U.vcSolberga,
      count: 5,
      at: new Date(NOW),
    });
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => inject('POST', '/api/staff/drop-in/take', i % 2 ? dan : nadia)),
    );
    const won = results.filter((r) => r.statusCode === 200).map((r) => r.json().data.entryId);
    const lost = results.filter((r) => r.statusCode !== 200);
    expect(won.sort()).toEqual(seeded.map((s) => s.entryId).sort());
    expect(lost.map((r) => r.json().error.code)).toEqual(Array(7).fill('queue_empty'));
    const rows = await w.t.ctx.db
      .selectFrom('drop_in_entries')
      .select(['status', 'meeting_id'])
      .where('queue_id', '=', queue.id)
      .execute();
    expect(rows.every((r) => r.status === 'called' && r.meeting_id)).toBe(true);
    const meetings = await w.t.ctx.db
      .selectFrom('video_meetings')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where(
        'patient_person_id',
        'in',
        seeded.map((s) => s.personId),
      )
      .executeTakeFirstOrThrow();
    expect(Number(meetings.n)).toBe(5);
  });

  it('a called patient who does not answer goes back once, then is removed and told', async () => {
    const nadia = await w.staff(S.nurseSolberga, U.vcSolberga);
    const queue = await open(nadia, 2);
    const [first, second] = await seedWaiting(w.t.ctx.db, {
      queueId: queue.id,
      unitId: U.vcSolberga,
      count: 2,
      at: new Date(NOW),
    });
    if (!first || !second) throw new Error('seed');
    const patient = (await citizenSession(w.t, first.personId)).headers;
    const poll = async () =>
      (await inject('GET', `/api/drop-in/queues/${queue.id}/entries/${first.entryId}`, patient)).json().data;

    expect((await inject('POST', '/api/staff/drop-in/take', nadia)).json().data.entryId).toBe(first.entryId);
    expect((await poll()).status).toBe('called');
    // Not yet: the sweep leaves them be.
    w.clock.advance(2 * 60_000 - 1000);
    expect(await sweep()).toMatchObject({ requeued: 0, removed: 0 });
    w.clock.advance(1000);
    const late = await inject('POST', `/api/drop-in/entries/${first.entryId}/answer`, patient);
    expect(late.json().error.code).toBe('answer_time_passed');
    expect(await sweep()).toMatchObject({ requeued: 1, removed: 0 });
    // Back in the queue, behind the one who was waiting.
    expect(await poll()).toMatchObject({ status: 'waiting', position: 2, meetingId: null });
    expect((await inject('POST', '/api/staff/drop-in/take', nadia)).json().data.entryId).toBe(second.entryId);
    expect((await inject('POST', '/api/staff/drop-in/take', nadia)).json().data.entryId).toBe(first.entryId);
    w.clock.advance(2 * 60_000);
    expect(await sweep()).toMatchObject({ requeued: 1, removed: 1 });
    expect(await poll()).toMatchObject({ status: 'removed', removedReason: 'no_answer', queueOpen: true });
  });

  it('a queue that closes tells everyone waiting (by hand, or when its hours end)', async () => {
    const nadia = await w.staff(S.nurseSolberga, U.vcSolberga);
    let queue = await open(nadia);
    const [a] = await seedWaiting(w.t.ctx.db, { queueId: queue.id, unitId: U.vcSolberga, count: 2, at: new Date(NOW) });
    if (!a) throw new Error('seed');
    const patient = (await citizenSession(w.t, a.personId)).headers;
    const url = `/api/drop-in/queues/${queue.id}/entries/${a.entryId}`;
    expect((await inject('GET', url, patient)).json().data).toMatchObject({ position: 1, waiting: 2 });
    expect((await inject('POST', '/api/staff/drop-in/close', nadia)).json().data.queue).toBeNull();
    expect((await inject('GET', url, patient)).json().data).toMatchObject({
      status: 'removed',
      removedReason: 'queue_closed',
      queueOpen: false,
    });

    queue = await open(nadia, 3, 1);
    const [b] = await seedWaiting(w.t.ctx.db, {
      queueId: queue.id,
      unitId: U.vcSolberga,
      count: 1,
      at: new Date(new Date(NOW).getTime() + 10_000),
    });
    if (!b) throw new Error('seed');
    w.clock.advance(3600_000);
    expect(await sweep()).toMatchObject({ closed: 1 });
    const told = await inject(
      'GET',
      `/api/drop-in/queues/${queue.id}/entries/${b.entryId}`,
      (await citizenSession(w.t, b.personId)).headers,
    );
    expect(told.json().data).toMatchObject({ status: 'removed', removedReason: 'queue_closed', queueOpen: false });
  });

  it('a queue opened late in the evening stays open past midnight and closes at its hour', async () => {
    // 23:30 in Stockholm (CET): open until 01:30 the next day.
    w.clock.set('2026-12-07T22:30:00Z');
    const nadia = await w.staff(S.nurseSolberga, U.vcSolberga);
    const tooLong = await inject('POST', '/api/staff/drop-in/open', nadia, {
      closesAt: '2026-12-08T22:31:00Z',
      answerMinutes: 3,
    });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().error.code).toBe('invalid_closes_at');
    const opened = await inject('POST', '/api/staff/drop-in/open', nadia, {
      closesAt: '2026-12-08T00:30:00Z',
      answerMinutes: 3,
    });
    expect(opened.statusCode, opened.body).toBe(200);
    const queue = opened.json().data.queue;
    expect(queue.closesAt).toBe('2026-12-08T00:30:00.000Z');
    const [a] = await seedWaiting(w.t.ctx.db, { queueId: queue.id, unitId: U.vcSolberga, count: 1, at: w.clock.now() });
    if (!a) throw new Error('seed');
    const url = `/api/drop-in/queues/${queue.id}/entries/${a.entryId}`;
    const patient = (await citizenSession(w.t, a.personId, 86_400)).headers;
    // 00:05 the next day: still open, the patient still first.
    w.clock.set('2026-12-07T23:05:00Z');
    expect(await sweep()).toMatchObject({ closed: 0 });
    expect((await inject('GET', url, patient)).json().data).toMatchObject({ position: 1, queueOpen: true });
    expect((await inject('GET', '/api/staff/drop-in', nadia)).json().data.queue).toMatchObject({ waiting: 1 });
    // 01:30: closed by the sweep, the patient told.
    w.clock.set('2026-12-08T00:30:00Z');
    expect(await sweep()).toMatchObject({ closed: 1 });
    expect((await inject('GET', url, patient)).json().data).toMatchObject({
      status: 'removed',
      removedReason: 'queue_closed',
    });
  });

  it('the place is served from a snapshot that the hub refreshes, not read per poll', async () => {
    const nadia = await w.staff(S.nurseSolberga, U.vcSolberga);
    const queue = await open(nadia);
    const [a, b] = await seedWaiting(w.t.ctx.db, {
      queueId: queue.id,
      unitId: U.vcSolberga,
      count: 2,
      at: new Date(NOW),
    });
    if (!a || !b) throw new Error('seed');
    const patient = (await citizenSession(w.t, b.personId)).headers;
    const url = `/api/drop-in/queues/${queue.id}/entries/${b.entryId}`;
    expect((await inject('GET', url, patient)).json().data.position).toBe(2);
    // A change behind the service's back (another writer, no announcement) is not seen…
    await w.t.ctx.db.updateTable('drop_in_entries').set({ status: 'answered' }).where('id', '=', a.entryId).execute();
    expect((await inject('GET', url, patient)).json().data.position).toBe(2);
    // …until an instance announces a change of this queue on the hub.
    await w.t.ctx.hub.publish('triage.drop-in', { queueId: queue.id });
    await new Promise((r) => setTimeout(r, 10));
    expect((await inject('GET', url, patient)).json().data.position).toBe(1);
  });
});
