/**
 * Support cases over HTTP: the citizen chat, the agent queue (take, standard answer, escalate,
 * second line, close, rating), privacy (a citizen never sees another's case), bad input, and two
 * agents taking one case (one winner). Bookings on the citizen's behalf: bookings.test.ts.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_SUPPORT } from '../../src/seed/demo-support.js';
import { staffSession } from '../helpers/sessions.js';
import { call, dataOf, queuedMails, type SupportFixture, supportFixture } from './fixtures.js';

let f: SupportFixture;
beforeAll(async () => {
  f = await supportFixture();
});
afterAll(async () => {
  await f?.t.close();
});

// biome-ignore lint/suspicious/noExplicitAny: response JSON is read loosely in tests
type Json = Record<string, any>;

async function openChat(
  subject = 'Hur bokar jag vaccin?',
  message = 'Jag hittar inte vilka åldersgrupper som får boka vaccination.',
) {
  const r = await f.t.app.inject({
    method: 'POST',
    url: '/api/support/my/cases',
    headers: f.anna.headers,
    payload: { subject, message },
  });
  expect(r.statusCode).toBe(201);
  return dataOf<Json>(r);
}

describe('citizen support chat and agent queue', () => {
  test('public status and help centre need no login', async () => {
    const s = await f.t.app.inject({ method: 'GET', url: '/api/support/status' });
    expect(s.statusCode).toBe(200);
    expect(dataOf<Json>(s)).toMatchObject({ open: true, chatNow: true, goalMinutes: 60 });
    const a = await f.t.app.inject({ method: 'GET', url: '/api/support/articles?locale=en&q=child' });
    expect(dataOf<Json>(a).articles[0]).toMatchObject({ slug: 'agera-for-barn', locale: 'en' });
    const one = await f.t.app.inject({ method: 'GET', url: '/api/support/articles/agera-for-barn?locale=sv' });
    expect(dataOf<Json>(one).body).toContain('vårdnadshavare');
    const missing = await f.t.app.inject({ method: 'GET', url: '/api/support/articles/finns-inte' });
    expect(missing.statusCode).toBe(404);
  });

  test('a chat is suggested articles, offered round robin, answered, escalated and answered by second line', async () => {
    const created = await openChat();
    expect(created.suggestions.map((s: Json) => s.slug)).toContain('vilka-far-boka');
    const id = created.case.id as string;

    const queue = dataOf<Json>(
      await f.t.app.inject({ method: 'GET', url: '/api/support/agent/queue?view=new', headers: f.first.headers }),
    );
    const row = queue.cases.find((c: Json) => c.id === id);
    expect(row).toMatchObject({ channel: 'chat', identified: true, sla: 'ok' });
    expect(row.assigneeName).not.toBeNull();

    const taken = await f.t.app.inject({
      method: 'POST',
      url: `/api/support/agent/cases/${id}/take`,
      headers: f.first.headers,
    });
    expect(taken.statusCode).toBe(200);
    const answers = dataOf<Json>(
      await f.t.app.inject({ method: 'GET', url: '/api/support/agent/standard-answers', headers: f.first.headers }),
    );
    const hej = answers.answers.find((a: Json) => a.shortcut === 'hej');
    const body = hej.body.replace('{name}', dataOf<Json>(taken).placeholders.name);
    f.clock.advance(10 * 60_000);
    const answered = await f.t.app.inject({
      method: 'POST',
      url: `/api/support/agent/cases/${id}/messages`,
      headers: f.first.headers,
      payload: { body },
    });
    expect(answered.statusCode).toBe(200);
    expect(dataOf<Json>(answered).status).toBe('waiting');

    const esc = await f.t.app.inject({
      method: 'POST',
      url: `/api/support/agent/cases/${id}/escalate`,
      headers: f.first.headers,
      payload: { note: 'Fråga om regionens prioriteringar.' },
    });
    expect(dataOf<Json>(esc)).toMatchObject({
      status: 'escalated',
      escalationNote: 'Fråga om regionens prioriteringar.',
    });
    // First line can no longer answer it.
    const refused = await f.t.app.inject({
      method: 'POST',
      url: `/api/support/agent/cases/${id}/messages`,
      headers: f.first.headers,
      payload: { body: 'Hej igen' },
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('case_escalated');

    const escalated = dataOf<Json>(await call(f.t, f.second, 'GET', '/agent/queue?view=escalated'));
    expect(escalated.cases.map((c: Json) => c.id)).toContain(id);
    f.clock.advance(60_000);
    const second = await f.t.app.inject({
      method: 'POST',
      url: `/api/support/agent/cases/${id}/messages`,
      headers: f.second.headers,
      payload: { body: 'Alla över 18 får boka nu.', close: true },
    });
    expect(dataOf<Json>(second).status).toBe('closed');

    // The citizen sees the answers (first names only, no internal notes) and rates once.
    const mine = dataOf<Json>(
      await f.t.app.inject({ method: 'GET', url: `/api/support/my/cases/${id}`, headers: f.anna.headers }),
    );
    expect(mine.messages.filter((m: Json) => m.author === 'agent')).toHaveLength(2);
    expect(mine.messages.some((m: Json) => m.author === 'note')).toBe(false);
    expect(
      mine.messages
        .filter((m: Json) => m.author === 'agent')
        .map((m: Json) => m.authorName)
        .sort(),
    ).toEqual(['Sam', 'Sigrid']);
    expect(mine.canRate).toBe(true);
    const rate = (rating: number) => call(f.t, f.anna, 'POST', `/my/cases/${id}/rating`, { rating });
    expect(dataOf<Json>(await rate(5)).rating).toBe(5);
    expect((await rate(1)).statusCode).toBe(409);

    const dash = dataOf<Json>(
      await f.t.app.inject({ method: 'GET', url: '/api/support/agent/dashboard?weeks=2', headers: f.second.headers }),
    );
    expect(dash.weeks.at(-1)).toMatchObject({ week: '2026-W50' });
    expect(dash.weeks.at(-1).chat).toBeGreaterThanOrEqual(1);
    expect(dash.firstAnswer.count).toBeGreaterThanOrEqual(1);
    expect(dash.escalations).toBeGreaterThanOrEqual(1);
    expect(dash.ratings).toMatchObject({ count: 1, average: 5 });
    const drill = dataOf<Json>(await call(f.t, f.second, 'GET', '/agent/dashboard/cases?figure=escalations&weeks=2'));
    expect(drill.cases.map((c: Json) => c.id)).toContain(id);
    const csv = await f.t.app.inject({
      method: 'GET',
      url: '/api/support/agent/dashboard.csv?weeks=2',
      headers: f.second.headers,
    });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('2026-W50,');
  });

  test('a citizen cannot see or write in another citizen’s case (404), and staff routes need the support role', async () => {
    const created = await openChat('Min fråga', 'Något privat');
    const id = created.case.id;
    for (const r of [
      await f.t.app.inject({ method: 'GET', url: `/api/support/my/cases/${id}`, headers: f.bo.headers }),
      await f.t.app.inject({
        method: 'POST',
        url: `/api/support/my/cases/${id}/messages`,
        headers: f.bo.headers,
        payload: { body: 'hej' },
      }),
    ])
      expect(r.statusCode).toBe(404);
    const list = dataOf<Json>(
      await f.t.app.inject({ method: 'GET', url: '/api/support/my/cases', headers: f.bo.headers }),
    );
    expect(list.cases).toHaveLength(0);
    expect((await f.t.app.inject({ method: 'GET', url: '/api/support/agent/queue' })).statusCode).toBe(401);
    const nurse = await f.t.app.inject({ method: 'GET', url: '/api/support/agent/queue', headers: f.nurse.headers });
    expect(nurse.statusCode).toBe(403);
    const citizenAsAgent = await f.t.app.inject({
      method: 'GET',
      url: '/api/support/agent/queue',
      headers: f.anna.headers,
    });
    expect(citizenAsAgent.statusCode).toBe(403);
  });

  test('bad input is a 400 naming the field', async () => {
    const r = await f.t.app.inject({
      method: 'POST',
      url: '/api/support/my/cases',
      headers: f.anna.headers,
      payload: { subject: '', message: 'x' },
    });
    expect(r.statusCode).toBe(400);
    expect(Object.keys(r.json().error.fields)).toContain('body.subject');
    const p = await f.t.app.inject({
      method: 'POST',
      url: '/api/support/public/cases',
      payload: { name: 'Ann', email: 'not-an-address', subject: 'Hej', message: 'Hej' },
    });
    expect(p.statusCode).toBe(400);
    expect(Object.keys(p.json().error.fields)).toContain('body.email');
  });

  test('two agents take the same case at once: one wins, the other gets 409 case_taken', async () => {
    const created = await openChat('Dubbel', 'Vem tar mig?');
    const id = created.case.id;
    const [a, b] = await Promise.all([
      f.t.app.inject({ method: 'POST', url: `/api/support/agent/cases/${id}/take`, headers: f.first.headers }),
      f.t.app.inject({ method: 'POST', url: `/api/support/agent/cases/${id}/take`, headers: f.firstB.headers }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    expect((a.statusCode === 409 ? a : b).json().error.code).toBe('case_taken');
  });

  test('merging a duplicate moves its messages into the open case', async () => {
    const a = (await openChat('Fråga A', 'Första')).case.id;
    const b = (await openChat('Fråga B', 'Andra')).case.id;
    const merged = await f.t.app.inject({
      method: 'POST',
      url: `/api/support/agent/cases/${b}/merge`,
      headers: f.first.headers,
      payload: { intoCaseId: a },
    });
    expect(merged.statusCode).toBe(200);
    const target = dataOf<Json>(merged);
    expect(target.messages.map((m: Json) => m.body)).toEqual(expect.arrayContaining(['Första', 'Andra']));
    const gone = await f.t.app.inject({ method: 'GET', url: `/api/support/my/cases/${b}`, headers: f.anna.headers });
    expect(gone.statusCode).toBe(404);
  });
});

describe('second line: information posts and deviations', () => {
  test('a post first line must read: unread shows before the next case, read status shows to second line', async () => {
    const post = await call(f.t, f.second, 'POST', '/agent/info-posts', {
      title: 'Nya åldersgrupper',
      body: 'Från måndag får 16–17-åringar boka.',
    });
    expect(post.statusCode).toBe(201);
    const postId = dataOf<Json>(post).id;
    const denied = await call(f.t, f.first, 'POST', '/agent/info-posts', { title: 'x', body: 'y' });
    expect(denied.statusCode).toBe(403);
    const unread = async () => dataOf<Json>(await call(f.t, f.first, 'GET', '/agent/me')).unreadPost;
    expect(await unread()).toMatchObject({ id: postId, title: 'Nya åldersgrupper' });
    expect((await call(f.t, f.first, 'POST', `/agent/info-posts/${postId}/read`)).statusCode).toBe(204);
    expect(await unread()).toBeNull();
    const posts = dataOf<Json>(await call(f.t, f.second, 'GET', '/agent/info-posts'));
    const reads = posts.posts.find((p: Json) => p.id === postId).reads;
    expect(reads.find((r: Json) => r.name === 'Sam Stöd').readAt).not.toBeNull();
    expect(reads.find((r: Json) => r.name === 'Frida Fors').readAt).toBeNull();
  });

  test('a deviation is reported with its cases and forwarded once by mail to the category address', async () => {
    const caseId = (await openChat('Appen kraschar', 'Appen stängs när jag bokar')).case.id;
    const report = (payload: object) => call(f.t, f.first, 'POST', '/agent/deviations', payload);
    const r = await report({ category: 'technical', description: 'Appen kraschar vid bokning', caseIds: [caseId] });
    expect(r.statusCode).toBe(201);
    const id = dataOf<Json>(r).id;
    expect((await report({ category: 'weather', description: 'x' })).statusCode).toBe(400);
    const forward = async (s: typeof f.first) =>
      (await call(f.t, s, 'POST', `/agent/deviations/${id}/forward`)).statusCode;
    // First line may not; second line forwards once.
    expect([await forward(f.first), await forward(f.second), await forward(f.second)]).toEqual([403, 204, 409]);
    expect((await queuedMails(f.t))[0]).toMatchObject({ to: 'it-drift@region.localhost' });
    const list = dataOf<Json>(
      await f.t.app.inject({ method: 'GET', url: '/api/support/agent/deviations', headers: f.second.headers }),
    );
    expect(list.deviations[0]).toMatchObject({ status: 'forwarded', category: 'technical' });
    const dash = dataOf<Json>(
      await f.t.app.inject({ method: 'GET', url: '/api/support/agent/dashboard', headers: f.second.headers }),
    );
    expect(dash.deviations.technical).toBe(1);
  });
});

describe('sweeps: round robin moves on, SLA breaches go to second line', () => {
  test('an offer not accepted in two minutes moves to the next agent and the first becomes unavailable', async () => {
    const created = await openChat('Erbjudande', 'Vem svarar?');
    const id = created.case.id;
    const q = () =>
      f.t.ctx.db
        .selectFrom('support_cases')
        .select(['assignee_staff_id'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
    const before = await q();
    expect(before.assignee_staff_id).not.toBeNull();
    f.clock.advance(3 * 60_000);
    expect(await f.t.support.sweeps.lapsedOffers()).toBeGreaterThanOrEqual(1);
    expect((await q()).assignee_staff_id).not.toBe(before.assignee_staff_id);
    const agent = await f.t.ctx.db
      .selectFrom('support_agents')
      .select('available')
      .where('staff_id', '=', before.assignee_staff_id as string)
      .executeTakeFirstOrThrow();
    expect(agent.available).toBe(false);
  });

  test('a case past its first-answer deadline is flagged to second line', async () => {
    const created = await openChat('Sent svar', 'Ingen har svarat');
    f.clock.advance(2 * 3_600_000);
    expect(await f.t.support.sweeps.breaches()).toBeGreaterThanOrEqual(1);
    // A fresh session: the fixture's idled out while the clock moved on.
    const second = await staffSession(f.t, DEMO_SUPPORT.second);
    const res = await f.t.app.inject({
      method: 'GET',
      url: '/api/support/agent/queue?view=escalated',
      headers: second.headers,
    });
    const found = dataOf<Json>(res).cases.find((c: Json) => c.id === created.case.id);
    expect(found).toMatchObject({ breachEscalated: true, sla: 'breached' });
  });
});
