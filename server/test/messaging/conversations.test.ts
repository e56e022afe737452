/**
 * Secure messages over HTTP: citizens start and answer, the unit inbox works
 * them (take, notes, answer, close, reopen), read marks and unread counts,
 * and every refusal (bad input, another patient's id, unit not accepting,
 * wrong unit, closed without reply) leaves nothing stored.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { api, auditRows, count, type MessagingWorld, S, setUnit, startWorld, U } from './fixtures.js';

let w: MessagingWorld;
let http: ReturnType<typeof api>;
let topics: string[];

beforeAll(async () => {
  w = await startWorld();
  http = api(w);
  topics = await setUnit(w, U.vcSolberga, 'start', ['Recept', 'Provsvar', 'Övrigt']);
});
afterAll(async () => {
  await w.t.close();
});

async function startAs(key: string, body = 'Hej, jag har en fråga.', subjectId?: string) {
  const res = await http.start(
    await w.citizen(key),
    { unitId: U.vcSolberga, topicId: topics[0], subject: 'Fråga', body },
    subjectId,
  );
  expect(res.statusCode).toBe(201);
  return res.json().data as { id: string; messages: { seq: number }[] };
}

describe('authentication and who may call', () => {
  test('401 without a session; citizens cannot use the inbox and staff cannot use the citizen API', async () => {
    expect((await http.list({})).statusCode).toBe(401);
    expect((await http.inbox({}, U.vcSolberga)).statusCode).toBe(401);
    const margit = await w.citizen('margit');
    expect((await http.inbox(margit, U.vcSolberga)).statusCode).toBe(403);
    const nadia = await w.staff(S.nurseSolberga, U.vcSolberga);
    expect((await http.list(nadia)).statusCode).toBe(403);
  });
});

test('the API docs list the messaging endpoints', async () => {
  const res = await w.t.app.inject({ method: 'GET', url: '/api/docs/json' });
  expect(res.statusCode).toBe(200);
  const paths = Object.keys(res.json().paths);
  expect(paths).toEqual(
    expect.arrayContaining([
      '/api/messaging/conversations',
      '/api/messaging/conversations/{id}/messages',
      '/api/staff/units/{unitId}/conversations',
      '/api/staff/units/{unitId}/messaging/settings',
    ]),
  );
});

describe('citizens', () => {
  test('units: those with a relationship, with topics and whether one may start', async () => {
    const res = await http.units(await w.citizen('margit'));
    expect(res.statusCode).toBe(200);
    const units = res.json().data as { id: string; canStart: boolean; topics: { labelSv: string }[] }[];
    const solberga = units.find((u) => u.id === U.vcSolberga);
    expect(solberga?.canStart).toBe(true);
    expect(solberga?.topics.map((t) => t.labelSv)).toEqual(['Recept', 'Provsvar', 'Övrigt']);
    // Norrtull: no relationship, not listed.
    expect(units.some((u) => u.id === U.vcNorrtull)).toBe(false);
  });

  test('start: a topic is required when the unit offers topics; the conversation is new with seq 1, or goes to the care contact of an active episode', async () => {
    const karin = await w.citizen('karin');
    const before = await count(w, 'conversations');
    const bad = await http.start(karin, { unitId: U.vcSolberga, subject: 'Fråga', body: 'Hej' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.topicId).toBeTruthy();
    expect(await count(w, 'conversations')).toBe(before);

    // Karin has no care episode at Solberga: the conversation waits unassigned in the inbox.
    const c = await startAs('karin');
    expect(c.messages.map((m) => m.seq)).toEqual([1]);
    const list = (await http.list(karin)).json().data;
    expect(list[0]).toMatchObject({
      id: c.id,
      status: 'new',
      unreadCount: 0,
      lastMessagePreview: 'Hej, jag har en fråga.',
    });
    expect(await auditRows(w, w.ids.karin!, 'conversation')).toHaveLength(1);

    // Margit has an active care episode at Solberga (demo: diabetes, contact Nadia). Continuity: every
    // new conversation of hers with the unit — not only those from the "Din vårdkontakt" page — is
    // assigned to Nadia from the start.
    const m = await startAs('margit');
    expect(m.messages.map((x) => x.seq)).toEqual([1]);
    expect((await http.list(await w.citizen('margit'))).json().data[0]).toMatchObject({ id: m.id, status: 'assigned' });
    expect(await auditRows(w, w.ids.margit!, 'conversation')).toHaveLength(1);
    const nadia = await w.staff(S.nurseSolberga, U.vcSolberga);
    expect((await http.staffGet(nadia, U.vcSolberga, m.id)).json().data).toMatchObject({
      status: 'assigned',
      assignee: { staffId: S.nurseSolberga },
    });
    const mine = (await http.inbox(nadia, U.vcSolberga, '?filter=mine')).json().data as { id: string }[];
    expect(mine.map((r) => r.id)).toContain(m.id);
    expect(mine.map((r) => r.id)).not.toContain(c.id);
  });

  test('bad input: empty and oversized messages, unknown unit and unit without relationship → 400, nothing stored', async () => {
    const margit = await w.citizen('margit');
    const before = [await count(w, 'conversations'), await count(w, 'conversation_messages')];
    const empty = await http.start(margit, { unitId: U.vcSolberga, topicId: topics[0], subject: 'Tom', body: '   ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.fields.body).toBeTruthy();
    const huge = await http.start(margit, {
      unitId: U.vcSolberga,
      topicId: topics[0],
      subject: 'Stor',
      body: 'x'.repeat(5001),
    });
    expect(huge.statusCode).toBe(400);
    expect(huge.json().error.fields['body.body']).toBeTruthy();
    const noSubject = await http.start(margit, { unitId: U.vcSolberga, topicId: topics[0], subject: '', body: 'Hej' });
    expect(noSubject.statusCode).toBe(400);
    const foreign = await http.start(margit, { unitId: U.vcNorrtull, subject: 'Hej', body: 'Hej' });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.fields.unitId).toBeTruthy();
    const c = await startAs('margit');
    const emptyReply = await http.send(margit, c.id, { body: '' });
    expect(emptyReply.statusCode).toBe(400);
    const bigReply = await http.send(margit, c.id, { body: 'å'.repeat(5001) });
    expect(bigReply.statusCode).toBe(400);
    expect([await count(w, 'conversations'), await count(w, 'conversation_messages')]).toEqual([
      before[0]! + 1,
      before[1]! + 1,
    ]);
  });

  test("another patient's conversation is 404 for every verb (ids cannot be probed)", async () => {
    const c = await startAs('margit');
    const karin = await w.citizen('karin');
    const before = await count(w, 'conversation_messages');
    expect((await http.get(karin, c.id)).statusCode).toBe(404);
    expect((await http.send(karin, c.id, { body: 'Hej' })).statusCode).toBe(404);
    expect((await http.read(karin, c.id, 1)).statusCode).toBe(404);
    expect((await http.get(karin, crypto.randomUUID())).statusCode).toBe(404);
    expect(await count(w, 'conversation_messages')).toBe(before);
  });

  test('a unit that only lets patients reply, or has messaging off, refuses a new conversation (403), nothing stored', async () => {
    const margit = await w.citizen('margit');
    await setUnit(w, U.bvcSolberga, 'reply');
    // Margit has a relationship with the BVC only through a registered one for this test.
    await w.t.ctx.db
      .insertInto('care_relationships')
      .values({
        id: crypto.randomUUID(),
        person_id: w.ids.margit!,
        unit_id: U.bvcSolberga,
        reason: 'Test',
        registered_by: S.bvcNurse,
        created_at: new Date('2026-01-01T00:00:00Z'),
        ends_at: null,
      })
      .execute();
    const before = await count(w, 'conversations');
    const reply = await http.start(margit, { unitId: U.bvcSolberga, subject: 'Hej', body: 'Hej' });
    expect(reply.statusCode).toBe(403);
    expect(reply.json().error.code).toBe('unit_not_accepting');
    await setUnit(w, U.bvcSolberga, 'none');
    const none = await http.start(margit, { unitId: U.bvcSolberga, subject: 'Hej', body: 'Hej' });
    expect(none.statusCode).toBe(403);
    expect(await count(w, 'conversations')).toBe(before);
    // A unit with messaging off is not offered at all.
    const units = (await http.units(margit)).json().data as { id: string }[];
    expect(units.some((u) => u.id === U.bvcSolberga)).toBe(false);
  });

  test('a retried send with the same clientId stores one message and returns it again', async () => {
    const margit = await w.citizen('margit');
    const c = await startAs('margit');
    const clientId = crypto.randomUUID();
    const first = await http.send(margit, c.id, { body: 'En gång', clientId });
    const second = await http.send(margit, c.id, { body: 'En gång', clientId });
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(200);
    expect(second.json().data.id).toBe(first.json().data.id);
    const detail = (await http.get(margit, c.id)).json().data;
    expect(detail.messages).toHaveLength(2);
    // Someone else's clientId is a conflict, not a replay.
    const karinC = await startAs('karin');
    expect((await http.send(await w.citizen('karin'), karinC.id, { body: 'x', clientId })).statusCode).toBe(409);
  });

  test('concurrent senders get distinct consecutive seqs', async () => {
    const margit = await w.citizen('margit');
    const nadia = await w.staff(S.nurseSolberga, U.vcSolberga);
    const c = await startAs('margit');
    const results = await Promise.all([
      ...Array.from({ length: 6 }, (_, i) => http.send(margit, c.id, { body: `p${i}` })),
      ...Array.from({ length: 6 }, (_, i) => http.staffPost(nadia, U.vcSolberga, c.id, 'notes', { body: `n${i}` })),
    ]);
    expect(results.map((r) => r.statusCode)).toEqual(Array(12).fill(201));
    const seqs = results.map((r) => r.json().data.seq as number).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 12 }, (_, i) => i + 2));
  });
});

describe('the unit inbox', () => {
  test('new → take → note → answer → read marks → close without reply → reopen → close with reply → patient answers', async () => {
    // Karin: no care episode at the unit, so the conversation starts unassigned (see continuity above).
    const karin = await w.citizen('karin');
    const nadia = await w.staff(S.nurseSolberga, U.vcSolberga);
    const c = await startAs('karin', 'Jag behöver förnya mitt recept.');

    const inbox = await http.inbox(nadia, U.vcSolberga, '?filter=new');
    expect(inbox.statusCode).toBe(200);
    const row = (inbox.json().data as { id: string; unreadCount: number; waitingSince: string | null }[]).find(
      (r) => r.id === c.id,
    );
    expect(row).toMatchObject({ unreadCount: 1, waitingSince: '2026-11-23T08:00:00.000Z' });
    expect(
      (await auditRows(w, w.ids.karin!, 'conversation_list')).some((a) => a.actor_staff_id === S.nurseSolberga),
    ).toBe(true);

    const opened = await http.staffGet(nadia, U.vcSolberga, c.id);
    expect(opened.statusCode).toBe(200);
    expect(opened.json().data.patient.personId).toBe(w.ids.karin);
    expect(
      (await auditRows(w, w.ids.karin!, 'conversation')).some(
        (a) => a.actor_staff_id === S.nurseSolberga && a.record_id === c.id && a.action === 'read',
      ),
    ).toBe(true);

    const taken = await http.staffPost(nadia, U.vcSolberga, c.id, 'assign', { staffId: S.nurseSolberga });
    expect(taken.json().data).toMatchObject({ status: 'assigned', assignee: { staffId: S.nurseSolberga } });
    const mine = (await http.inbox(nadia, U.vcSolberga, '?filter=mine')).json();
    expect(mine.data.some((r: { id: string }) => r.id === c.id)).toBe(true);

    // An internal note: staff see it, the patient never does (not in the list preview, not in the conversation).
    const note = await http.staffPost(nadia, U.vcSolberga, c.id, 'notes', { body: 'INTERN: kolla med läkaren' });
    expect(note.statusCode).toBe(201);
    expect(note.json().data.internal).toBe(true);
    const patientView = (await http.get(karin, c.id)).json().data;
    expect(JSON.stringify(patientView)).not.toContain('INTERN');
    expect(JSON.stringify((await http.list(karin)).json())).not.toContain('INTERN');
    expect(
      (await http.staffGet(nadia, U.vcSolberga, c.id))
        .json()
        .data.messages.some((m: { internal: boolean }) => m.internal),
    ).toBe(true);

    const answer = await http.staffPost(nadia, U.vcSolberga, c.id, 'messages', { body: 'Receptet är förnyat.' });
    expect(answer.statusCode).toBe(201);
    const afterAnswer = (await http.get(karin, c.id)).json().data;
    expect(afterAnswer).toMatchObject({ status: 'waiting_for_patient', unreadCount: 1 });
    // The unit has read the patient's message (it answered): "Läst" on seq 1.
    expect(afterAnswer.read.unitReadSeq).toBeGreaterThanOrEqual(1);
    expect(afterAnswer.messages.map((m: { author: { kind: string; name: string } }) => m.author)).toEqual([
      expect.objectContaining({ kind: 'patient', isMe: true }),
      expect.objectContaining({ kind: 'staff', name: 'Nadia N., Distriktssköterska', isMe: false }),
    ]);
    const read = await http.read(karin, c.id, afterAnswer.lastSeq);
    expect(read.json().data.patientReadSeq).toBe(afterAnswer.lastSeq);
    expect((await http.list(karin)).json().data.find((x: { id: string }) => x.id === c.id).unreadCount).toBe(0);

    const closed = await http.staffPost(nadia, U.vcSolberga, c.id, 'close', { allowReply: false });
    expect(closed.json().data.status).toBe('closed');
    const before = await count(w, 'conversation_messages');
    const refused = await http.send(karin, c.id, { body: 'Tack!' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('reply_not_allowed');
    expect(await count(w, 'conversation_messages')).toBe(before);
    expect((await http.get(karin, c.id)).json().data.abilities.reply).toBe(false);
    expect((await http.staffPost(nadia, U.vcSolberga, c.id, 'messages', { body: 'x' })).statusCode).toBe(409);
    expect((await http.staffPost(nadia, U.vcSolberga, c.id, 'close', { allowReply: true })).statusCode).toBe(409);

    const reopened = await http.staffPost(nadia, U.vcSolberga, c.id, 'reopen');
    expect(reopened.json().data).toMatchObject({ status: 'assigned' });
    await http.staffPost(nadia, U.vcSolberga, c.id, 'close', { allowReply: true });
    const thanks = await http.send(karin, c.id, { body: 'Tack!' });
    expect(thanks.statusCode).toBe(201);
    expect((await http.staffGet(nadia, U.vcSolberga, c.id)).json().data).toMatchObject({
      status: 'assigned',
      unreadCount: 1,
      waitingSince: expect.any(String),
    });
    const staffRead = await http.staffPost(nadia, U.vcSolberga, c.id, 'read', { upToSeq: 1000 });
    expect(staffRead.json().data.unitReadSeq).toBe(thanks.json().data.seq);
  });

  test('release and assign to a colleague; assigning to someone outside the unit is 400', async () => {
    const nadia = await w.staff(S.nurseSolberga, U.vcSolberga);
    const c = await startAs('karin');
    const toUlla = await http.staffPost(nadia, U.vcSolberga, c.id, 'assign', { staffId: S.unitAdminSolberga });
    expect(toUlla.json().data.assignee.staffId).toBe(S.unitAdminSolberga);
    expect(toUlla.json().data.abilities.take).toBe(true);
    const outsider = await http.staffPost(nadia, U.vcSolberga, c.id, 'assign', { staffId: S.nurseNorrtull });
    expect(outsider.statusCode).toBe(400);
    expect(outsider.json().error.fields.staffId).toBeTruthy();
    const released = await http.staffPost(nadia, U.vcSolberga, c.id, 'assign', { staffId: null });
    expect(released.json().data).toMatchObject({ status: 'new', assignee: null });
    const colleagues = await w.t.app.inject({
      method: 'GET',
      url: `/api/staff/units/${U.vcSolberga}/messaging/colleagues`,
      headers: nadia,
    });
    expect(colleagues.json().data.map((s: { staffId: string }) => s.staffId)).toContain(S.unitAdminSolberga);
  });

  test('search by name, personnummer digits and subject', async () => {
    const nadia = await w.staff(S.nurseSolberga, U.vcSolberga);
    const byName = (await http.inbox(nadia, U.vcSolberga, '?filter=all&q=karin')).json().data;
    expect(byName.length).toBeGreaterThan(0);
    expect(byName.every((r: { patient: { personId: string } }) => r.patient.personId === w.ids.karin)).toBe(true);
    const digits = (await http.inbox(nadia, U.vcSolberga, '?filter=all&q=3602082848')).json().data;
    expect(digits.every((r: { patient: { personId: string } }) => r.patient.personId === w.ids.margit)).toBe(true);
    expect(digits.length).toBeGreaterThan(0);
    const none = (await http.inbox(nadia, U.vcSolberga, '?filter=all&q=zzzzzz')).json().data;
    expect(none).toEqual([]);
  });

  test('other units: 404 for staff of another unit, 403 when the unit is not the active one', async () => {
    const c = await startAs('margit');
    const nils = await w.staff(S.nurseNorrtull, U.vcNorrtull);
    expect((await http.staffGet(nils, U.vcSolberga, c.id)).statusCode).toBe(404);
    expect((await http.staffGet(nils, U.vcNorrtull, c.id)).statusCode).toBe(404);
    expect((await http.inbox(nils, U.vcSolberga)).statusCode).toBe(404);
    const dan = await w.staff(S.doctor, U.dermatology);
    const wrong = await http.staffGet(dan, U.vcSolberga, c.id);
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().error.code).toBe('wrong_active_unit');
  });

  test('overdue after the unit target in working days (weekend and holidays not counted)', async () => {
    topics = await setUnit(w, U.vcSolberga, 'start', ['Recept'], 2);
    w.clock.set('2026-12-23T09:00:00Z'); // Wednesday before christmas
    const c = await startAs('margit');
    // Sessions expire when the clock jumps: a fresh one per look.
    const inbox = async () => {
      const res = await http.inbox(
        await w.staff(S.nurseSolberga, U.vcSolberga),
        U.vcSolberga,
        '?filter=open&limit=200',
      );
      expect(res.statusCode, res.body).toBe(200);
      return res;
    };
    const dueRow = async () => (await inbox()).json().data.find((r: { id: string }) => r.id === c.id);
    // 2 working days after 23 Dec: 28 and 29 Dec (24–27 are holidays and a weekend) → due 30 Dec 00:00 Stockholm.
    expect((await dueRow()).dueAt).toBe('2026-12-29T23:00:00.000Z');
    w.clock.set('2026-12-29T22:59:00Z');
    expect((await dueRow()).overdue).toBe(false);
    w.clock.set('2026-12-29T23:00:00Z');
    const overdue = await inbox();
    expect(overdue.json().data.find((r: { id: string }) => r.id === c.id).overdue).toBe(true);
    expect(overdue.json().counts.overdue).toBeGreaterThan(0);
    // Overdue first in the list.
    expect(overdue.json().data[0].overdue).toBe(true);
    await http.staffPost(await w.staff(S.nurseSolberga, U.vcSolberga), U.vcSolberga, c.id, 'messages', {
      body: 'Svar',
    });
    expect((await dueRow()).overdue).toBe(false);
    w.clock.set('2026-11-23T08:00:00Z');
  });

  test('patient context: bookings and other conversations with the unit (audited)', async () => {
    const nadia = await w.staff(S.nurseSolberga, U.vcSolberga);
    const c = await startAs('margit');
    const ctx = await w.t.app.inject({
      method: 'GET',
      url: `/api/staff/units/${U.vcSolberga}/conversations/${c.id}/context`,
      headers: nadia,
    });
    expect(ctx.statusCode).toBe(200);
    expect(ctx.json().data.patient).toMatchObject({ personId: w.ids.margit, age: 90 });
    expect(ctx.json().data.conversations.length).toBeGreaterThan(0);
    expect(Array.isArray(ctx.json().data.bookings)).toBe(true);
    expect((await auditRows(w, w.ids.margit!, 'patient_context')).length).toBe(1);
  });

  test('staff start a conversation with a patient of the unit; the patient may answer when the unit only allows replies', async () => {
    await setUnit(w, U.vcSolberga, 'reply');
    const nadia = await w.staff(S.nurseSolberga, U.vcSolberga);
    const started = await w.t.app.inject({
      method: 'POST',
      url: `/api/staff/units/${U.vcSolberga}/conversations`,
      headers: nadia,
      payload: { personId: w.ids.karin, subject: 'Provsvar', body: 'Dina provsvar är klara.' },
    });
    expect(started.statusCode).toBe(201);
    const id = started.json().data.id;
    const karin = await w.citizen('karin');
    expect((await http.send(karin, id, { body: 'Tack' })).statusCode).toBe(201);
    expect((await http.start(karin, { unitId: U.vcSolberga, subject: 'x', body: 'y' })).statusCode).toBe(403);
    // Erik is listed at Norrtull: no relationship with Solberga.
    const erik = await w.t.app.inject({
      method: 'POST',
      url: `/api/staff/units/${U.vcSolberga}/conversations`,
      headers: nadia,
      payload: { personId: w.ids.erik, subject: 'Hej', body: 'Hej' },
    });
    expect(erik.statusCode).toBe(403);
    expect(erik.json().error.code).toBe('no_care_relationship');
    topics = await setUnit(w, U.vcSolberga, 'start', ['Recept']);
  });

  test('a conversation is a care relationship: the unit may open the patient after other relationships end', async () => {
    const db = w.t.ctx.db;
    const relId = crypto.randomUUID();
    await db
      .insertInto('care_relationships')
      .values({
        id: relId,
        person_id: w.ids.sara!,
        unit_id: U.vcSolberga,
        reason: 'Test',
        registered_by: S.nurseSolberga,
        created_at: new Date('2026-01-01T00:00:00Z'),
        ends_at: null,
      })
      .execute();
    await startAs('sara');
    await db
      .updateTable('care_relationships')
      .set({ ends_at: new Date('2026-11-01T00:00:00Z') })
      .where('id', '=', relId)
      .execute();
    const nadia = await w.staff(S.nurseSolberga, U.vcSolberga);
    const overview = await w.t.app.inject({ method: 'GET', url: `/api/staff/patients/${w.ids.sara}`, headers: nadia });
    expect(overview.statusCode).toBe(200);
    expect(overview.json().data.relationships).toContain('conversation');
  });
});

describe('acting for someone', () => {
  test('a guardian writes for a child; the other guardian sees it; the author is shown as representative', async () => {
    const anna = await w.citizen('anna');
    const c = await http.start(
      anna,
      { unitId: U.vcSolberga, topicId: topics[0], subject: 'Elsa', body: 'Elsa har utslag.' },
      w.ids.elsa,
    );
    expect(c.statusCode).toBe(201);
    expect(c.json().data.patientId).toBe(w.ids.elsa);
    expect(c.json().data.messages[0].author).toMatchObject({
      kind: 'representative',
      name: 'Anna Lindqvist',
      isMe: true,
    });
    const johan = await w.citizen('johan');
    const seen = (await http.list(johan, w.ids.elsa)).json().data;
    expect(seen.map((x: { id: string }) => x.id)).toContain(c.json().data.id);
    // Not in Anna's own list.
    expect((await http.list(anna)).json().data.some((x: { id: string }) => x.id === c.json().data.id)).toBe(false);
    // And not for a stranger.
    expect((await http.list(await w.citizen('karin'), w.ids.elsa)).statusCode).toBe(403);
    const audit = await auditRows(w, w.ids.elsa!, 'conversation');
    expect(audit.some((a) => a.actor_person_id === w.ids.anna && a.on_behalf_of_relation === 'guardian')).toBe(true);
  });

  test('a revoked proxy: 403 and nothing stored', async () => {
    const margit = await w.citizen('margit');
    const karin = await w.citizen('karin');
    const { demoPerson } = await import('../../src/seed/demo-data.js');
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
    expect(given.statusCode).toBe(201);
    const grantId = given.json().data.id;
    expect(
      (await w.t.app.inject({ method: 'POST', url: `/api/proxies/${grantId}/accept`, headers: karin })).statusCode,
    ).toBe(200);
    const c = await http.start(
      karin,
      { unitId: U.vcSolberga, topicId: topics[0], subject: 'För Margit', body: 'Hej' },
      w.ids.margit,
    );
    expect(c.statusCode).toBe(201);
    expect(
      (await w.t.app.inject({ method: 'POST', url: `/api/proxies/${grantId}/end`, headers: margit })).statusCode,
    ).toBe(200);
    const before = await count(w, 'conversation_messages');
    const refused = await http.send(karin, c.json().data.id, { body: 'Igen' }, w.ids.margit);
    expect(refused.statusCode).toBe(403);
    expect((await http.get(karin, c.json().data.id, w.ids.margit)).statusCode).toBe(403);
    expect(await count(w, 'conversation_messages')).toBe(before);
  });
});

describe('settings and templates', () => {
  const url = `/api/staff/units/${U.vcSolberga}/messaging`;
  test('unit staff read, unit admins change; other units 404; topics keep ids and retire', async () => {
    const nadia = await w.staff(S.nurseSolberga, U.vcSolberga);
    const ulla = await w.staff(S.unitAdminSolberga, U.vcSolberga);
    const nils = await w.staff(S.nurseNorrtull, U.vcNorrtull);
    const read = await w.t.app.inject({ method: 'GET', url: `${url}/settings`, headers: nadia });
    expect(read.json().data.abilities.edit).toBe(false);
    expect((await w.t.app.inject({ method: 'GET', url: `${url}/settings`, headers: nils })).statusCode).toBe(404);
    const payload = {
      patientMode: 'start',
      targetWorkingDays: 3,
      topics: [{ labelSv: 'Recept', labelEn: 'Prescriptions' }],
    };
    expect((await w.t.app.inject({ method: 'PUT', url: `${url}/settings`, headers: nadia, payload })).statusCode).toBe(
      403,
    );
    const saved = await w.t.app.inject({ method: 'PUT', url: `${url}/settings`, headers: ulla, payload });
    expect(saved.statusCode).toBe(200);
    const topic = saved.json().data.topics[0];
    const renamed = await w.t.app.inject({
      method: 'PUT',
      url: `${url}/settings`,
      headers: ulla,
      payload: {
        ...payload,
        topics: [
          { id: topic.id, labelSv: 'Förnya recept', labelEn: 'Renew' },
          { labelSv: 'Övrigt', labelEn: 'Other' },
        ],
      },
    });
    expect(renamed.json().data.topics.map((t: { id: string; labelSv: string }) => t.labelSv)).toEqual([
      'Förnya recept',
      'Övrigt',
    ]);
    expect(renamed.json().data.topics[0].id).toBe(topic.id);
    const bad = await w.t.app.inject({
      method: 'PUT',
      url: `${url}/settings`,
      headers: ulla,
      payload: { ...payload, targetWorkingDays: 0, patientMode: 'sometimes' },
    });
    expect(bad.statusCode).toBe(400);
    expect(Object.keys(bad.json().error.fields)).toEqual(
      expect.arrayContaining(['body.patientMode', 'body.targetWorkingDays']),
    );
    topics = renamed.json().data.topics.map((t: { id: string }) => t.id);
  });

  test('templates: staff read, admins write', async () => {
    const nadia = await w.staff(S.nurseSolberga, U.vcSolberga);
    const ulla = await w.staff(S.unitAdminSolberga, U.vcSolberga);
    const payload = { title: 'Receptet förnyat', body: 'Hej! Ditt recept är förnyat.' };
    expect(
      (await w.t.app.inject({ method: 'POST', url: `${url}/templates`, headers: nadia, payload })).statusCode,
    ).toBe(403);
    const made = await w.t.app.inject({ method: 'POST', url: `${url}/templates`, headers: ulla, payload });
    expect(made.statusCode).toBe(201);
    const list = await w.t.app.inject({ method: 'GET', url: `${url}/templates`, headers: nadia });
    expect(list.json().data.map((t: { title: string }) => t.title)).toContain('Receptet förnyat');
    const id = made.json().data.id;
    const changed = await w.t.app.inject({
      method: 'PUT',
      url: `${url}/templates/${id}`,
      headers: ulla,
      payload: { ...payload, title: 'Nytt' },
    });
    expect(changed.json().data.title).toBe('Nytt');
    expect((await w.t.app.inject({ method: 'DELETE', url: `${url}/templates/${id}`, headers: ulla })).statusCode).toBe(
      204,
    );
    expect((await w.t.app.inject({ method: 'DELETE', url: `${url}/templates/${id}`, headers: ulla })).statusCode).toBe(
      404,
    );
  });
});
