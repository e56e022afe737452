/**
 * A send is idempotent on its clientId even when the copies race: the phone's
 * retry after a lost answer can arrive while the first is still being stored.
 * Identical sends at the same moment — a new conversation and an answer in one
 * — store exactly one message; every copy is answered with success and the
 * same message, and one audit row records it. Run on PostgreSQL (real
 * concurrency, DATABASE_URL set) as well as on PGlite.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { api, auditRows, type MessagingWorld, setUnit, startWorld, U } from './fixtures.js';

let w: MessagingWorld;
let http: ReturnType<typeof api>;
let topics: string[];

beforeAll(async () => {
  w = await startWorld();
  http = api(w);
  topics = await setUnit(w, U.vcSolberga, 'start', ['Recept', 'Övrigt']);
});
afterAll(async () => {
  await w.t.close();
});

const COPIES = 6;

async function storedWith(clientId: string) {
  return w.t.ctx.db
    .selectFrom('conversation_messages')
    .select(['id', 'conversation_id'])
    .where('client_id', '=', clientId)
    .execute();
}

describe('identical sends at the same moment store one message', () => {
  test('starting a conversation', async () => {
    const karin = await w.citizen('karin');
    const clientId = crypto.randomUUID();
    const input = {
      unitId: U.vcSolberga,
      topicId: topics[0],
      subject: 'Recept',
      body: 'Förnya mitt recept.',
      clientId,
    };
    const karins = () =>
      w.t.ctx.db.selectFrom('conversations').select('id').where('patient_id', '=', w.ids.karin!).execute();
    const before = (await karins()).length;
    const answers = await Promise.all(Array.from({ length: COPIES }, () => http.start(karin, input)));

    const codes = answers.map((a) => a.statusCode).sort();
    expect(codes).toEqual([200, 200, 200, 200, 200, 201]);
    const ids = new Set(answers.map((a) => a.json().data.id as string));
    expect(ids.size).toBe(1);
    const stored = await storedWith(clientId);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.conversation_id).toBe([...ids][0]);
    expect((await karins()).length).toBe(before + 1);
    expect(await auditRows(w, w.ids.karin!, 'conversation')).toEqual(
      expect.arrayContaining([expect.objectContaining({ action: 'create' })]),
    );
  });

  test('answering in a conversation', async () => {
    const margit = await w.citizen('margit');
    const started = await http.start(margit, {
      unitId: U.vcSolberga,
      topicId: topics[1],
      subject: 'Fråga',
      body: 'Första meddelandet.',
    });
    expect(started.statusCode).toBe(201);
    const conversationId = started.json().data.id as string;
    const clientId = crypto.randomUUID();
    const answers = await Promise.all(
      Array.from({ length: COPIES }, () => http.send(margit, conversationId, { body: 'Svar, en gång.', clientId })),
    );

    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    expect(new Set(answers.map((a) => a.json().data.id as string)).size).toBe(1);
    expect(await storedWith(clientId)).toHaveLength(1);
    const detail = (await http.get(margit, conversationId)).json().data;
    expect(detail.messages.map((m: { body: string }) => m.body)).toEqual(['Första meddelandet.', 'Svar, en gång.']);
    const created = (await auditRows(w, w.ids.margit!, 'conversation_message')).filter(
      (r: { action: string }) => r.action === 'create',
    );
    expect(created).toHaveLength(1);
  });
});
