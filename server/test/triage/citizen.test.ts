import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTriageModule } from '../../src/modules/triage/index.js';
import {
  answerAll,
  CHILD_FEVER,
  code,
  type Json,
  no,
  startWorld,
  type TriageWorld,
  U,
  URINARY,
  yes,
} from './fixtures.js';

let w: TriageWorld;
beforeAll(async () => {
  w = await startWorld();
  // Start-up (database, migrations, demo seed) can be slow on a shared machine.
}, 180_000);
afterAll(async () => {
  await w.t.close();
});

async function start(headers: Record<string, string>, subjectId?: string): Promise<Json> {
  const res = await w.t.app.inject({
    method: 'POST',
    url: '/api/triage/sessions',
    headers,
    payload: subjectId ? { subjectId } : {},
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().data;
}
const put = (headers: Record<string, string>, id: string, linkId: string, answer: unknown) =>
  w.t.app.inject({ method: 'PUT', url: `/api/triage/sessions/${id}/answer`, headers, payload: { linkId, answer } });
const submit = (headers: Record<string, string>, id: string, payload: object = {}) =>
  w.t.app.inject({ method: 'POST', url: `/api/triage/sessions/${id}/submit`, headers, payload });

describe('citizen triage', () => {
  it('needs a citizen session', async () => {
    expect((await w.t.app.inject({ method: 'POST', url: '/api/triage/sessions', payload: {} })).statusCode).toBe(401);
    const staff = await w.staff('b1b2c3d4-0002-4000-8000-000000000002', U.vcSolberga);
    const res = await w.t.app.inject({ method: 'POST', url: '/api/triage/sessions', headers: staff, payload: {} });
    expect(res.statusCode).toBe(403);
  });

  it('walks one question at a time to an outcome at the listed unit, audited', async () => {
    const anna = await w.citizen('anna');
    const session = await start(anna);
    expect(session).toMatchObject({
      status: 'draft',
      next: 'chest-pain',
      questionnaire: 'https://ingang.se/fhir/Questionnaire/demo-triage|1',
    });
    const steps: string[] = [];
    for (const [linkId, answer] of URINARY) {
      const res = await put(anna, session.id, linkId, answer);
      expect(res.statusCode, res.body).toBe(200);
      steps.push(res.json().data.next);
    }
    expect(steps).toEqual(['breathing', 'concern', 'uti-burning', 'uti-fever', 'uti-back-pain', null]);
    const res = await submit(anna, session.id);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().data.decision).toMatchObject({
      kind: 'outcome',
      route: 'message_unit',
      urgency: 'within_3_days',
      unit: { id: U.vcSolberga, name: 'Solberga vårdcentral' },
      routingReason: 'listed_unit',
    });
    const audit = await w.t.ctx.db
      .selectFrom('audit_log')
      .select(['action'])
      .where('record_type', '=', 'triage_session')
      .where('record_id', '=', session.id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['create', ...URINARY.map(() => 'update'), 'decide']);
    const decision = await w.t.ctx.db
      .selectFrom('triage_decisions')
      .selectAll()
      .where('session_id', '=', session.id)
      .executeTakeFirstOrThrow();
    expect(decision).toMatchObject({ rule_id: 'uti-simple', route: 'message_unit', channel: 'citizen' });
    expect((decision.response as Json).questionnaire).toBe('https://ingang.se/fhir/Questionnaire/demo-triage|1');
  });

  it('a red flag stops the flow at once: call 112', async () => {
    const anna = await w.citizen('anna');
    const session = await start(anna);
    const res = await put(anna, session.id, 'chest-pain', yes);
    expect(res.json().data).toMatchObject({
      status: 'decided',
      next: null,
      decision: { kind: 'red_flag', redFlagId: 'chest-pain', route: 'call_112', urgency: 'acute' },
    });
    const more = await put(anna, session.id, 'breathing', no);
    expect(more.statusCode).toBe(409);
    expect(more.json().error.code).toBe('already_decided');
  });

  it('names the item for bad answers', async () => {
    const anna = await w.citizen('anna');
    const session = await start(anna);
    const notEnabled = await put(anna, session.id, 'uti-fever', no);
    expect(notEnabled.statusCode).toBe(400);
    expect(notEnabled.json().error).toMatchObject({ code: 'not_enabled' });
    expect(notEnabled.json().error.message).toContain('uti-fever');
    const wrongType = await put(anna, session.id, 'breathing', { valueString: 'nej' });
    expect(wrongType.json().error).toMatchObject({
      code: 'wrong_type',
      fields: { 'answers.breathing': expect.any(String) },
    });
    const unknown = await put(anna, session.id, 'shoe-size', { valueInteger: 44 });
    expect(unknown.json().error.code).toBe('unknown_item');
    const option = await put(anna, session.id, 'concern', code('toothache'));
    expect(option.json().error.code).toBe('not_an_option');
    await put(anna, session.id, 'chest-pain', no);
    const incomplete = await submit(anna, session.id);
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.json().error).toMatchObject({
      code: 'incomplete_answers',
      fields: { 'answers.breathing': expect.any(String), 'answers.concern': expect.any(String) },
    });
    const missing = await w.t.app.inject({
      method: 'PUT',
      url: `/api/triage/sessions/${session.id}/answer`,
      headers: anna,
      payload: { answer: no },
    });
    expect(missing.json().error.fields).toHaveProperty('body.linkId');
  });

  it('changing an earlier answer drops the answers of the branch it closes', async () => {
    const anna = await w.citizen('anna');
    const session = await start(anna);
    await answerAll(w, anna, '/api/triage', session.id, URINARY.slice(0, 4));
    const res = await put(anna, session.id, 'concern', code('rash'));
    expect(Object.keys(res.json().data.answers).sort()).toEqual(['breathing', 'chest-pain', 'concern']);
    expect(res.json().data.next).toBe('rash-photo');
  });

  it('a double submit answers with the same decision, also when concurrent', async () => {
    const anna = await w.citizen('anna');
    const session = await start(anna);
    await answerAll(w, anna, '/api/triage', session.id, URINARY);
    const [a, b] = await Promise.all([submit(anna, session.id), submit(anna, session.id)]);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    expect(a.json().data.decision.id).toBe(b.json().data.decision.id);
    const again = await submit(anna, session.id);
    expect(again.json().data.decision.id).toBe(a.json().data.decision.id);
    const rows = await w.t.ctx.db
      .selectFrom('triage_decisions')
      .select('id')
      .where('session_id', '=', session.id)
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('a guardian triages a child: fever → the children’s unit’s drop-in', async () => {
    const anna = await w.citizen('anna');
    const session = await start(anna, w.ids.elsa);
    expect(session.subjectPersonId).toBe(w.ids.elsa);
    await answerAll(w, anna, '/api/triage', session.id, CHILD_FEVER);
    const res = await submit(anna, session.id);
    expect(res.json().data.decision).toMatchObject({
      route: 'drop_in_video',
      unit: { id: U.bvcSolberga },
      routingReason: 'children_unit',
      competence: 'paediatrics',
    });
    const audit = await w.t.ctx.db
      .selectFrom('audit_log')
      .select(['subject_person_id', 'actor_person_id', 'on_behalf_of_relation'])
      .where('record_id', '=', session.id)
      .where('action', '=', 'decide')
      .executeTakeFirstOrThrow();
    expect(audit).toEqual({
      subject_person_id: w.ids.elsa,
      actor_person_id: w.ids.anna,
      on_behalf_of_relation: 'guardian',
    });
  });

  it('refuses acting for a child of 14 and for a stranger', async () => {
    const anna = await w.citizen('anna');
    const old = await w.t.app.inject({
      method: 'POST',
      url: '/api/triage/sessions',
      headers: anna,
      payload: { subjectId: w.ids.oskar },
    });
    expect(old.json().error.code).toBe('child_too_old');
    const stranger = await w.t.app.inject({
      method: 'POST',
      url: '/api/triage/sessions',
      headers: anna,
      payload: { subjectId: w.ids.erik },
    });
    expect(stranger.statusCode).toBe(403);
  });

  it("someone else's triage is not found", async () => {
    const session = await start(await w.citizen('anna'));
    const johan = await w.citizen('johan');
    const res = await w.t.app.inject({ method: 'GET', url: `/api/triage/sessions/${session.id}`, headers: johan });
    expect(res.statusCode).toBe(404);
    expect((await put(johan, session.id, 'chest-pain', no)).statusCode).toBe(404);
  });

  it('"I want to talk to someone" works from the first page; outside hours it is 1177', async () => {
    const anna = await w.citizen('anna');
    const day = await start(anna);
    const talk = await w.t.app.inject({ method: 'POST', url: `/api/triage/sessions/${day.id}/talk`, headers: anna });
    expect(talk.json().data.decision).toMatchObject({
      kind: 'talk_to_someone',
      route: 'message_unit',
      unit: { id: U.vcSolberga },
    });
    w.clock.set('2026-12-07T21:00:00Z');
    try {
      const evening = await w.citizen('anna');
      const night = await start(evening);
      const res = await w.t.app.inject({
        method: 'POST',
        url: `/api/triage/sessions/${night.id}/talk`,
        headers: evening,
      });
      expect(res.json().data.decision).toMatchObject({
        route: 'call_1177',
        requestedRoute: 'message_unit',
        routingReason: 'fallback_1177',
      });
    } finally {
      w.clock.set('2026-12-07T09:00:00Z');
    }
  });

  it('a draft is kept a day after the last answer, then removed', async () => {
    const anna = await w.citizen('anna');
    const session = await start(anna);
    await put(anna, session.id, 'chest-pain', no);
    w.clock.advance(23 * 3600_000);
    try {
      expect((await put(await w.citizen('anna'), session.id, 'breathing', no)).statusCode).toBe(200);
      w.clock.advance(24 * 3600_000 + 1000);
      const late = await put(await w.citizen('anna'), session.id, 'concern', code('urinary'));
      expect(late.statusCode).toBe(410);
      expect(late.json().error.code).toBe('draft_expired');
    } finally {
      w.clock.set('2026-12-07T09:00:00Z');
    }
    w.clock.advance(48 * 3600_000);
    const { ctx } = w.t;
    const triage = createTriageModule({
      ...ctx,
      video: { startPatientMeeting: async () => Promise.reject(new Error('not used')) },
      messaging: {
        startPatientConversation: async () => Promise.reject(new Error('not used')),
        pushNotice: async () => {},
        startStaffConversation: () => Promise.reject(new Error('not used')),
      },
    });
    const removed = await triage.purgeDrafts();
    w.clock.set('2026-12-07T09:00:00Z');
    expect(removed).toBeGreaterThan(0);
    expect(await triage.purgeDrafts()).toBe(0);
    expect(
      (await w.t.app.inject({ method: 'GET', url: `/api/triage/sessions/${session.id}`, headers: anna })).statusCode,
    ).toBe(404);
  });
});
