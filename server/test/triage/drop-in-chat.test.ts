/**
 * Chat drop-in (issue 18: "a drop-in video or chat queue"): a unit opens its
 * queue as chat; taking the next patient starts a conversation in the unit's
 * inbox through messaging's face (the nurse writes first, audited), and the
 * patient's turn opens that conversation instead of a meeting. One open queue
 * per unit of either kind; a failed start puts the patient back with no push.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CHAT_OPENING } from '../../src/modules/triage/drop-in-service.js';
import { createTriageModule, type TriageModule } from '../../src/modules/triage/index.js';
import type { StaffActor } from '../../src/platform/auth.js';
import { citizenSession } from '../helpers/sessions.js';
import { seedWaiting } from './drop-in-fixtures.js';
import { type Headers, type Json, NOW, S, startWorld, type TriageWorld, U } from './fixtures.js';

let w: TriageWorld;
let other: TriageModule;

beforeAll(async () => {
  w = await startWorld();
  // A second instance whose messaging cannot start a conversation.
  other = createTriageModule({
    ...w.t.ctx,
    video: { startPatientMeeting: () => Promise.reject(new Error('not used')) },
    messaging: {
      startPatientConversation: () => Promise.reject(new Error('not used')),
      pushNotice: () => Promise.reject(new Error('must not be called without a chat')),
      startStaffConversation: () => Promise.reject(new Error('chat down')),
    },
  });
}, 180_000);
afterAll(async () => {
  await other?.close?.();
  await w.t.close();
});
afterEach(async () => {
  w.clock.set(NOW);
  await inject('POST', '/api/staff/drop-in/close', await w.staff(S.nurseSolberga, U.vcSolberga));
});

const inject = (method: 'GET' | 'POST', url: string, headers?: Headers, payload?: object) =>
  w.t.app.inject({ method, url, headers, ...(payload ? { payload } : method === 'POST' ? { payload: {} } : {}) });

const closesAt = () => new Date(new Date(NOW).getTime() + 6 * 3600_000).toISOString();

async function openChat(headers: Headers, answerMinutes = 3): Promise<Json> {
  const res = await inject('POST', '/api/staff/drop-in/open', headers, {
    closesAt: closesAt(),
    answerMinutes,
    kind: 'chat',
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().data.queue;
}

const pushJobsOf = async (personId: string) =>
  (await w.t.ctx.db.selectFrom('jobs').select('payload').where('kind', '=', 'messaging.push-notice').execute()).filter(
    (j) => (j.payload as { personId: string }).personId === personId,
  );

describe('drop-in as chat', () => {
  it('the nurse takes the next patient into a conversation; the patient is told and opens it', async () => {
    const nadia = await w.staff(S.nurseSolberga, U.vcSolberga);
    const queue = await openChat(nadia);
    expect(queue).toMatchObject({ kind: 'chat', waiting: 0 });
    // One open drop-in queue per unit, of either kind.
    const video = await inject('POST', '/api/staff/drop-in/open', nadia, { closesAt: closesAt(), kind: 'video' });
    expect(video.statusCode).toBe(409);
    expect(video.json().error.code).toBe('queue_open');

    const [p] = await seedWaiting(w.t.ctx.db, { queueId: queue.id, unitId: U.vcSolberga, count: 1, at: new Date(NOW) });
    if (!p) throw new Error('seed');
    const patient = (await citizenSession(w.t, p.personId)).headers;
    const url = `/api/drop-in/queues/${queue.id}/entries/${p.entryId}`;
    expect((await inject('GET', url, patient)).json().data).toMatchObject({
      kind: 'chat',
      status: 'waiting',
      position: 1,
      conversationId: null,
      meetingId: null,
    });

    const taken = await inject('POST', '/api/staff/drop-in/take', nadia);
    expect(taken.statusCode, taken.body).toBe(200);
    const t = taken.json().data;
    expect(t).toMatchObject({ entryId: p.entryId, personId: p.personId, status: 'called', meetingId: null });
    expect(t.conversationId).toMatch(/^[0-9a-f-]{36}$/);

    // A conversation in the unit's inbox, started by the nurse, with the opening message; audited.
    const c = await w.t.ctx.db
      .selectFrom('conversations')
      .select(['unit_id', 'patient_id', 'started_by', 'subject'])
      .where('id', '=', t.conversationId)
      .executeTakeFirstOrThrow();
    expect(c).toEqual({
      unit_id: U.vcSolberga,
      patient_id: p.personId,
      started_by: 'staff',
      subject: CHAT_OPENING.subject,
    });
    const audit = await w.t.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'actor_staff_id'])
      .where('record_id', '=', t.conversationId)
      .where('action', '=', 'create')
      .execute();
    expect(audit).toEqual([{ action: 'create', actor_staff_id: S.nurseSolberga }]);
    expect(await pushJobsOf(p.personId)).toHaveLength(1);
    expect((await inject('GET', '/api/staff/drop-in', nadia)).json().data).toMatchObject({
      queue: { kind: 'chat' },
      taken: [{ entryId: p.entryId, conversationId: t.conversationId, meetingId: null }],
    });

    // The patient's poll: their turn, with the conversation; they answer and read the nurse's message.
    expect((await inject('GET', url, patient)).json().data).toMatchObject({
      kind: 'chat',
      status: 'called',
      conversationId: t.conversationId,
    });
    const answered = await inject('POST', `/api/drop-in/entries/${p.entryId}/answer`, patient);
    expect(answered.statusCode, answered.body).toBe(200);
    expect(answered.json().data).toMatchObject({ status: 'answered', conversationId: t.conversationId });
    const read = await inject('GET', `/api/messaging/conversations/${t.conversationId}`, patient);
    expect(read.statusCode, read.body).toBe(200);
    expect(JSON.stringify(read.json().data)).toContain(CHAT_OPENING.body);
  });

  it('a chat that cannot be started puts the patient back, with no push; a no-show loses the chat', async () => {
    const nadia = await w.staff(S.nurseSolberga, U.vcSolberga);
    const queue = await openChat(nadia, 2);
    const [p] = await seedWaiting(w.t.ctx.db, { queueId: queue.id, unitId: U.vcSolberga, count: 1, at: new Date(NOW) });
    if (!p) throw new Error('seed');
    const actor = {
      kind: 'staff',
      staffId: S.nurseSolberga,
      activeUnitId: U.vcSolberga,
      regionAdmin: false,
      supportRole: null,
      units: [{ unitId: U.vcSolberga, roles: ['clinician'] }],
    } as unknown as StaffActor;
    await expect(other.dropIn.take(actor)).rejects.toThrow('chat down');
    const back = await w.t.ctx.db
      .selectFrom('drop_in_entries')
      .select(['status', 'conversation_id'])
      .where('id', '=', p.entryId)
      .executeTakeFirstOrThrow();
    expect(back).toEqual({ status: 'waiting', conversation_id: null });
    expect(await pushJobsOf(p.personId)).toHaveLength(0);

    expect((await inject('POST', '/api/staff/drop-in/take', nadia)).statusCode).toBe(200);
    w.clock.advance(2 * 60_000);
    expect(await other.dropIn.sweep()).toMatchObject({ requeued: 1 });
    const requeued = await w.t.ctx.db
      .selectFrom('drop_in_entries')
      .select(['status', 'conversation_id'])
      .where('id', '=', p.entryId)
      .executeTakeFirstOrThrow();
    expect(requeued).toEqual({ status: 'waiting', conversation_id: null });
  });
});
