/**
 * Ratings for cases from e-mail or the public form (issue 16): closing such a case mails a
 * rating link (signed, single-use, expiring; no login); the rating shows on the dashboard. A
 * forged, reused or expired link is a clear refusal.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { DEMO_SUPPORT } from '../../src/seed/demo-support.js';
import { staffSession } from '../helpers/sessions.js';
import { dataOf, queuedMails, type SupportFixture, supportFixture } from './fixtures.js';

// biome-ignore lint/suspicious/noExplicitAny: response JSON is read loosely in tests
type Json = Record<string, any>;

let f: SupportFixture;
beforeAll(async () => {
  f = await supportFixture();
}, 120_000);
afterAll(async () => {
  await f?.t.close();
});

/** A public-form case answered and closed by an agent; returns the token from the mailed link. */
async function closedPublicCase(email: string): Promise<string> {
  const opened = await f.t.app.inject({
    method: 'POST',
    url: '/api/support/public/cases',
    payload: { name: 'Ann', email, subject: 'Öppettider', message: 'När har ni öppet?' },
  });
  expect(opened.statusCode).toBe(201);
  const c = await f.t.ctx.db
    .selectFrom('support_cases')
    .select('id')
    .where('reference', '=', dataOf<Json>(opened).reference)
    .executeTakeFirstOrThrow();
  const agent = await staffSession(f.t, DEMO_SUPPORT.first);
  const closed = await f.t.app.inject({
    method: 'POST',
    url: `/api/support/agent/cases/${c.id}/messages`,
    headers: agent.headers,
    payload: { body: 'Vi har öppet vardagar 08–19.', close: true },
  });
  expect(dataOf<Json>(closed).status).toBe('closed');
  const texts = (await queuedMails(f.t)).filter((p) => p.to === email).map((p) => p.text);
  const link = texts.map((t) => /http:\/\/ingang\.test\/kontakt\/betyg\?t=(\S+)/.exec(t)?.[1]).find(Boolean);
  expect(link).toBeDefined();
  return decodeURIComponent(link as string);
}

const rate = (token: string, rating = 4) =>
  f.t.app.inject({ method: 'POST', url: '/api/support/rating', payload: { token, rating, comment: 'Bra svar' } });

test('closing a public-form case mails a rating link; it rates once, without login, and counts on the dashboard', async () => {
  const token = await closedPublicCase('rating-ok@example.test');
  const peek = await f.t.app.inject({ method: 'GET', url: `/api/support/rating?t=${encodeURIComponent(token)}` });
  expect(peek.statusCode).toBe(200);
  expect(dataOf<Json>(peek)).toMatchObject({ subject: 'Öppettider' });
  expect((await rate(token)).statusCode).toBe(204);

  const reused = await rate(token, 1);
  expect(reused.statusCode).toBe(409);
  expect(reused.json().error.code).toBe('token_used');
  const dash = dataOf<Json>(
    await f.t.app.inject({ method: 'GET', url: '/api/support/agent/dashboard', headers: f.second.headers }),
  );
  expect(dash.ratings).toMatchObject({ count: 1, average: 4 });
});

test('a forged or mangled link is 400 invalid_token and rates nothing', async () => {
  const token = await closedPublicCase('rating-forged@example.test');
  const [v, payload, sig] = token.split('.') as [string, string, string];
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
  // A later expiry with the old signature, a flipped signature, garbage.
  const longer = Buffer.from(JSON.stringify({ ...claims, e: claims.e + 86_400_000 })).toString('base64url');
  const flipped = `${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BB' : 'AA'}`;
  for (const forged of [`${v}.${longer}.${sig}`, `${v}.${payload}.${flipped}`, 'not-a-token', `${token}.x`]) {
    const r = await rate(forged);
    expect(r.statusCode).toBe(400);
    expect(r.json().error.code).toBe('invalid_token');
  }
  const rated = await f.t.ctx.db
    .selectFrom('support_cases')
    .select('rating')
    .where('contact_email', '=', 'rating-forged@example.test')
    .executeTakeFirstOrThrow();
  expect(rated.rating).toBeNull();
});

test('an expired link is 410 token_expired', async () => {
  const token = await closedPublicCase('rating-late@example.test');
  f.clock.advance(15 * 86_400_000);
  const r = await rate(token);
  expect(r.statusCode).toBe(410);
  expect(r.json().error.code).toBe('token_expired');
  const peek = await f.t.app.inject({ method: 'GET', url: `/api/support/rating?t=${encodeURIComponent(token)}` });
  expect(peek.statusCode).toBe(410);
});
