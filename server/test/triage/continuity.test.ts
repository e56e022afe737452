import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S, startWorld, type TriageWorld, U } from './fixtures.js';

let w: TriageWorld;
beforeAll(async () => {
  w = await startWorld();
  // Start-up (database, migrations, demo seed) can be slow on a shared machine.
}, 180_000);
afterAll(async () => {
  await w.t.close();
});

const topicOf = async (unitId: string, label: string) =>
  (
    await w.t.ctx.db
      .selectFrom('messaging_topics')
      .select('id')
      .where('unit_id', '=', unitId)
      .where('label_sv', '=', label)
      .executeTakeFirstOrThrow()
  ).id;

/** The patient writes to Solberga VC through the ordinary "new message" (not the care-contact page). */
async function startPlain(headers: Record<string, string>, topicId: string) {
  const res = await w.t.app.inject({
    method: 'POST',
    url: '/api/messaging/conversations',
    headers,
    payload: { unitId: U.vcSolberga, topicId, subject: 'Fråga', body: 'Hej, en fråga.', attachmentIds: [] },
  });
  expect(res.statusCode, res.body).toBe(201);
  return w.t.ctx.db
    .selectFrom('conversations')
    .select(['status', 'assignee_staff_id'])
    .where('id', '=', res.json().data.id)
    .executeTakeFirstOrThrow();
}

describe('continuity: "Din vårdkontakt"', () => {
  it('a unit registers an episode with a named contact; the patient sees it and writes to them without triage', async () => {
    const nadia = await w.staff(S.nurseSolberga, U.vcSolberga);
    const other = await topicOf(U.vcSolberga, 'Övrigt');
    const register = (headers: Record<string, string>, payload: object) =>
      w.t.app.inject({ method: 'POST', url: '/api/staff/care-episodes', headers, payload });
    const base = { personId: w.ids.anna, label: 'Diabetes', contactStaffId: S.nurseSolberga };

    // Bad input is named: the unit sorts by topic; the contact must work here.
    const noTopic = await register(nadia, base);
    expect(noTopic.statusCode).toBe(400);
    expect(noTopic.json().error.fields).toHaveProperty('topicId');
    const outsider = await register(nadia, { ...base, contactStaffId: S.nurseNorrtull, topicId: other });
    expect(outsider.json().error.fields).toHaveProperty('contactStaffId');
    // A unit without a care relationship cannot register one (the refusal is recorded).
    const norrtull = await w.staff(S.nurseNorrtull, U.vcNorrtull);
    const refused = await register(norrtull, { ...base, contactStaffId: S.nurseNorrtull });
    expect(refused.statusCode).toBe(403);

    const created = await register(nadia, { ...base, topicId: other });
    expect(created.statusCode, created.body).toBe(201);
    const episode = created.json().data[0];
    expect(episode).toMatchObject({
      label: 'Diabetes',
      unit: { id: U.vcSolberga, name: 'Solberga vårdcentral' },
      contact: { staffId: S.nurseSolberga, name: 'Nadia Nyström' },
    });

    const anna = await w.citizen('anna');
    const mine = await w.t.app.inject({ method: 'GET', url: '/api/care-contacts', headers: anna });
    expect(mine.json().data.map((e: { id: string }) => e.id)).toEqual([episode.id]);
    // A guardian looking for the child sees the child's contacts (none here).
    const elsa = await w.t.app.inject({
      method: 'GET',
      url: `/api/care-contacts?subjectId=${w.ids.elsa}`,
      headers: anna,
    });
    expect(elsa.json().data).toEqual([]);

    const wrote = await w.t.app.inject({
      method: 'POST',
      url: `/api/care-contacts/${episode.id}/messages`,
      headers: anna,
      payload: { subject: 'Blodsocker', body: 'Mina värden har varit höga i morse.' },
    });
    expect(wrote.statusCode, wrote.body).toBe(201);
    const conversation = await w.t.ctx.db
      .selectFrom('conversations')
      .select(['unit_id', 'patient_id', 'subject', 'topic_id', 'status', 'assignee_staff_id', 'started_by'])
      .where('id', '=', wrote.json().data.conversationId)
      .executeTakeFirstOrThrow();
    // Straight to the contact: assigned to Nadia from the start (still started by the patient).
    expect(conversation).toEqual({
      unit_id: U.vcSolberga,
      patient_id: w.ids.anna,
      subject: 'Nadia Nyström (Diabetes): Blodsocker',
      topic_id: other,
      status: 'assigned',
      assignee_staff_id: S.nurseSolberga,
      started_by: 'patient',
    });

    // Someone else cannot write through Anna's episode.
    const johan = await w.citizen('johan');
    const stranger = await w.t.app.inject({
      method: 'POST',
      url: `/api/care-contacts/${episode.id}/messages`,
      headers: johan,
      payload: { subject: 'x', body: 'y' },
    });
    expect(stranger.statusCode).toBe(404);

    // Every step audited: register as care, the patient's read as self-service.
    const audit = await w.t.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'purpose'])
      .where('record_type', '=', 'care_episode')
      .where('subject_person_id', '=', w.ids.anna as string)
      .execute();
    expect(audit).toEqual(
      expect.arrayContaining([
        { action: 'create', purpose: 'care' },
        { action: 'read', purpose: 'self_service' },
      ]),
    );

    // Ended, it is no longer shown.
    const ended = await w.t.app.inject({
      method: 'POST',
      url: `/api/staff/care-episodes/${episode.id}/end`,
      headers: nadia,
    });
    expect(ended.json().data).toEqual([]);
    expect((await w.t.app.inject({ method: 'GET', url: '/api/care-contacts', headers: anna })).json().data).toEqual([]);
  });

  it('every new message of a patient with an active episode at the unit goes to the contact, whichever page it came from', async () => {
    const nadia = await w.staff(S.nurseSolberga, U.vcSolberga);
    const other = await topicOf(U.vcSolberga, 'Övrigt');
    const johan = await w.citizen('johan');
    const created = await w.t.app.inject({
      method: 'POST',
      url: '/api/staff/care-episodes',
      headers: nadia,
      payload: { personId: w.ids.johan, label: 'Astma', contactStaffId: S.nurseSolberga, topicId: other },
    });
    expect(created.statusCode, created.body).toBe(201);
    const episodeId = created.json().data[0].id as string;
    const toContact = async () => {
      const res = await w.t.app.inject({
        method: 'POST',
        url: `/api/care-contacts/${episodeId}/messages`,
        headers: johan,
        payload: { subject: 'Inhalator', body: 'Den tar snart slut.' },
      });
      expect(res.statusCode, res.body).toBe(201);
      return w.t.ctx.db
        .selectFrom('conversations')
        .select(['status', 'assignee_staff_id'])
        .where('id', '=', res.json().data.conversationId)
        .executeTakeFirstOrThrow();
    };
    expect(await toContact()).toEqual({ status: 'assigned', assignee_staff_id: S.nurseSolberga });
    // The ordinary "new message" to the unit goes to the contact too (continuity for every message).
    expect(await startPlain(johan, other)).toEqual({ status: 'assigned', assignee_staff_id: S.nurseSolberga });
    // A contact who no longer works (inactive) is not assigned: the message lands for the unit.
    await w.t.ctx.db.updateTable('staff').set({ active: false }).where('id', '=', S.nurseSolberga).execute();
    try {
      expect(await toContact()).toEqual({ status: 'new', assignee_staff_id: null });
      expect(await startPlain(johan, other)).toEqual({ status: 'new', assignee_staff_id: null });
    } finally {
      await w.t.ctx.db.updateTable('staff').set({ active: true }).where('id', '=', S.nurseSolberga).execute();
    }
    // Once the episode has ended, Johan's messages follow the inbox's own rules again.
    const ended = await w.t.app.inject({
      method: 'POST',
      url: `/api/staff/care-episodes/${episodeId}/end`,
      headers: nadia,
    });
    expect(ended.statusCode, ended.body).toBe(200);
    expect(await startPlain(johan, other)).toEqual({ status: 'new', assignee_staff_id: null });
  });
});
