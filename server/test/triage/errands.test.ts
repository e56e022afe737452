import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Headers, type Json, S, startWorld, type TriageWorld, U } from './fixtures.js';

let w: TriageWorld;
beforeAll(async () => {
  w = await startWorld();
  // Start-up (database, migrations, demo seed) can be slow on a shared machine.
}, 180_000);
afterAll(async () => {
  await w.t.close();
});

const renewal = { medicine: 'Levaxin 50 mikrogram', dose: '1 tablett på morgonen', pharmacy: 'any' };
const start = (headers: Headers, payload: object) =>
  w.t.app.inject({ method: 'POST', url: '/api/errands', headers, payload });
const conversations = async () =>
  Number(
    (
      await w.t.ctx.db
        .selectFrom('conversations')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('errand types (ärendetyper)', () => {
  it("lists the listed unit's switched-on errand types with their forms (for oneself and for a child)", async () => {
    const anna = await w.citizen('anna');
    const res = await w.t.app.inject({ method: 'GET', url: '/api/errands', headers: anna });
    expect(res.statusCode, res.body).toBe(200);
    const data = res.json().data;
    expect(data.unit.id).toBe(U.vcSolberga);
    expect(data.types.map((t: Json) => t.kind)).toEqual([
      'prescription_renewal',
      'certificate',
      'contact_me',
      'journal_copy',
      'book_time',
      'ask_question',
    ]);
    expect(data.types[0].fields.map((f: Json) => f.id)).toEqual(['medicine', 'dose', 'pharmacy', 'note']);
    const child = await w.t.app.inject({ method: 'GET', url: `/api/errands?subjectId=${w.ids.elsa}`, headers: anna });
    expect(child.json().data.unit.id).toBe(U.vcSolberga);
    const stranger = await w.t.app.inject({
      method: 'GET',
      url: `/api/errands?subjectId=${w.ids.erik}`,
      headers: anna,
    });
    expect(stranger.statusCode).toBe(403);
  });

  it('refuses an incomplete form, naming each field, and writes nothing', async () => {
    const anna = await w.citizen('anna');
    const before = await conversations();
    const res = await start(anna, {
      unitId: U.vcSolberga,
      kind: 'prescription_renewal',
      answers: { dose: 'x', pharmacy: 'mars', extra: 'y' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      code: 'invalid_answers',
      fields: { 'answers.medicine': 'required', 'answers.pharmacy': 'not_an_option', 'answers.extra': 'unknown_field' },
    });
    expect(await conversations()).toBe(before);
    const notOffered = await start(anna, { unitId: U.vcNorrtull, kind: 'prescription_renewal', answers: renewal });
    expect(notOffered.statusCode).toBe(404);
  });

  it("a prescription renewal lands in the unit's inbox with the answers on top (a double submit is one errand)", async () => {
    const anna = await w.citizen('anna');
    const clientId = randomUUID();
    const payload = { unitId: U.vcSolberga, kind: 'prescription_renewal', answers: renewal, clientId };
    const res = await start(anna, payload);
    expect(res.statusCode, res.body).toBe(201);
    const { conversationId } = res.json().data;
    expect((await start(anna, payload)).json().data.conversationId).toBe(conversationId);

    const row = await w.t.ctx.db
      .selectFrom('conversations as c')
      .innerJoin('messaging_topics as t', 't.id', 'c.topic_id')
      .select(['c.unit_id', 'c.patient_id', 'c.status', 'c.subject', 't.label_sv'])
      .where('c.id', '=', conversationId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      unit_id: U.vcSolberga,
      patient_id: w.ids.anna,
      status: 'new',
      subject: 'Förnya recept',
      label_sv: 'Recept',
    });
    const first = await w.t.ctx.db
      .selectFrom('conversation_messages')
      .select('body')
      .where('conversation_id', '=', conversationId)
      .orderBy('seq')
      .executeTakeFirstOrThrow();
    expect(first.body.split('\n').slice(0, 3)).toEqual([
      'Ärende: Förnya recept (svarsmål 3 arbetsdagar)',
      '',
      'Läkemedel och styrka: Levaxin 50 mikrogram',
    ]);

    // In the unit's inbox, new and unassigned: the inbox's own assignment and SLA rules apply.
    const nadia = await w.staff(S.nurseSolberga, U.vcSolberga);
    const inbox = await w.t.app.inject({
      method: 'GET',
      url: `/api/staff/units/${U.vcSolberga}/conversations`,
      headers: nadia,
    });
    expect(inbox.statusCode, inbox.body).toBe(200);
    expect(inbox.json().data.map((c: Json) => c.id)).toContain(conversationId);
  });

  it('book a time answers with the time type; ask a question is a conversation', async () => {
    const anna = await w.citizen('anna');
    const book = await start(anna, { unitId: U.vcSolberga, kind: 'book_time', answers: {} });
    expect(book.json().data).toEqual({ kind: 'book_time', conversationId: null, bookingType: 'nurse-visit' });
    const ask = await start(anna, {
      unitId: U.vcSolberga,
      kind: 'ask_question',
      answers: { question: 'Behöver jag fasta före provtagningen?' },
    });
    expect(ask.statusCode).toBe(201);
    expect(ask.json().data.conversationId).toBeTruthy();
  });

  it('the unit administrator switches types on and off; the topic must be the unit’s own', async () => {
    const ulla = await w.staff(S.unitAdminSolberga, U.vcSolberga);
    const url = `/api/admin/units/${U.vcSolberga}/errand-types`;
    const nadia = await w.staff(S.nurseSolberga, U.vcSolberga);
    expect((await w.t.app.inject({ method: 'GET', url, headers: nadia })).statusCode).toBe(403);
    const bvcTopic = await w.t.ctx.db
      .selectFrom('messaging_topics')
      .select('id')
      .where('unit_id', '=', U.bvcSolberga)
      .executeTakeFirstOrThrow();
    const bad = await w.t.app.inject({
      method: 'PUT',
      url,
      headers: ulla,
      payload: { types: [{ kind: 'certificate', enabled: true, topicId: bvcTopic.id }] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toHaveProperty(['types.0.topicId']);
    const off = await w.t.app.inject({
      method: 'PUT',
      url,
      headers: ulla,
      payload: { types: [{ kind: 'certificate', enabled: false }] },
    });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json().data.find((t: Json) => t.kind === 'certificate').enabled).toBe(false);
    const anna = await w.citizen('anna');
    const list = (await w.t.app.inject({ method: 'GET', url: '/api/errands', headers: anna })).json().data;
    expect(list.types.map((t: Json) => t.kind)).not.toContain('certificate');
  });
});
