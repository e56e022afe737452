/**
 * Agent availability (issue 16), on the injectable clock (no sleeps): round robin with a
 * per-agent limit of concurrent chats; an offer not accepted within the accept timeout (here
 * configured to 90 s) goes to the next agent with room (or waits) and the first becomes
 * unavailable until they come back, when what waits is offered to them; "Chat now" shows only
 * while some available agent has room.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { DEMO_SUPPORT } from '../../src/seed/demo-support.js';
import { staffSession, type TestSession } from '../helpers/sessions.js';
import { column, dataOf, type SupportFixture, supportFixture } from './fixtures.js';

// biome-ignore lint/suspicious/noExplicitAny: response JSON is read loosely in tests
type Json = Record<string, any>;

let f: SupportFixture;
let omar: TestSession;
beforeAll(async () => {
  f = await supportFixture({ SUPPORT_ACCEPT_TIMEOUT_SECONDS: '90' });
  omar = await staffSession(f.t, DEMO_SUPPORT.firstC);
}, 120_000);
afterAll(async () => {
  await f?.t.close();
});

const setMe = (s: TestSession, available: boolean, maxConcurrent = 1) =>
  f.t.app.inject({
    method: 'PUT',
    url: '/api/support/agent/me',
    headers: s.headers,
    payload: { available, maxConcurrent },
  });
const chatNow = async () =>
  dataOf<Json>(await f.t.app.inject({ method: 'GET', url: '/api/support/status' })).chatNow as boolean;
async function chat(n: number) {
  const r = await f.t.app.inject({
    method: 'POST',
    url: '/api/support/my/cases',
    headers: f.anna.headers,
    payload: { subject: `Chatt ${n}`, message: 'Hej, jag har en fråga.' },
  });
  expect(r.statusCode).toBe(201);
  return dataOf<Json>(r).case.id as string;
}
const assignee = (id: string) => column(f.t, 'support_cases', 'id', id, 'assignee_staff_id');
const available = (staffId: string) => column(f.t, 'support_agents', 'staff_id', staffId, 'available');

test('round robin up to each agent’s limit; a lapsed offer moves on and its agent is unavailable until back', async () => {
  // Two first-line agents with room for one chat each; the third is away.
  expect((await setMe(f.first, true)).statusCode).toBe(200);
  expect((await setMe(f.firstB, true)).statusCode).toBe(200);
  expect((await setMe(omar, false)).statusCode).toBe(200);
  expect(await chatNow()).toBe(true);

  const one = await chat(1);
  const two = await chat(2);
  const offered = [await assignee(one), await assignee(two)] as string[];
  expect(offered.sort()).toEqual([DEMO_SUPPORT.first, DEMO_SUPPORT.firstB].sort());
  // Both full: no "Chat now", and a third chat waits unassigned with a realistic answer time.
  expect(await chatNow()).toBe(false);
  const three = await chat(3);
  expect(await assignee(three)).toBeNull();
  const mine = dataOf<Json>(
    await f.t.app.inject({ method: 'GET', url: `/api/support/my/cases/${three}`, headers: f.anna.headers }),
  );
  expect(mine.messages.some((m: Json) => m.author === 'system')).toBe(true);

  // Sam accepts chat 1 by opening it; Frida lets chat 2 sit. Omar comes in.
  const samCase = (await assignee(one)) === DEMO_SUPPORT.first ? one : two;
  const fridaCase = samCase === one ? two : one;
  expect(
    (await f.t.app.inject({ method: 'GET', url: `/api/support/agent/cases/${samCase}`, headers: f.first.headers }))
      .statusCode,
  ).toBe(200);
  // Omar comes in: the chat waiting unassigned is offered to him at once, and he accepts it.
  expect((await setMe(omar, true)).statusCode).toBe(200);
  expect(await assignee(three)).toBe(DEMO_SUPPORT.firstC);
  expect(
    (await f.t.app.inject({ method: 'GET', url: `/api/support/agent/cases/${three}`, headers: omar.headers }))
      .statusCode,
  ).toBe(200);

  f.clock.advance(89_000);
  expect(await f.t.support.sweeps.lapsedOffers()).toBe(0);
  expect(await assignee(fridaCase)).toBe(DEMO_SUPPORT.firstB);
  f.clock.advance(1_000);
  expect(await f.t.support.sweeps.lapsedOffers()).toBe(1);
  // Nobody else has room (Sam and Omar are full): it waits, and Frida is unavailable.
  expect(await assignee(fridaCase)).toBeNull();
  expect(await available(DEMO_SUPPORT.firstB)).toBe(false);
  expect(await available(DEMO_SUPPORT.first)).toBe(true);
  expect(await chatNow()).toBe(false);
  const me = dataOf<Json>(
    await f.t.app.inject({ method: 'GET', url: '/api/support/agent/me', headers: f.firstB.headers }),
  );
  expect(me).toMatchObject({ available: false, openCases: 0, offers: [] });

  // Frida comes back: the longest-waiting chat is offered to her again (a lapse is not a decline).
  expect((await setMe(f.firstB, true)).statusCode).toBe(200);
  expect(await assignee(fridaCase)).toBe(DEMO_SUPPORT.firstB);
  // Sam closes his chat: room again, and nothing waits, so "Chat now" shows.
  expect(
    (
      await f.t.app.inject({
        method: 'POST',
        url: `/api/support/agent/cases/${samCase}/close`,
        headers: f.first.headers,
      })
    ).statusCode,
  ).toBe(200);
  expect(await chatNow()).toBe(true);
  // An accepted chat never lapses.
  f.clock.advance(10 * 60_000);
  await f.t.support.sweeps.lapsedOffers();
  expect(await assignee(three)).toBe(DEMO_SUPPORT.firstC);
});

test('the agent is told the configured accept timeout (90 s here), which the desk shows in its offer', async () => {
  const me = await f.t.app.inject({ method: 'GET', url: '/api/support/agent/me', headers: f.first.headers });
  expect(me.statusCode).toBe(200);
  expect(dataOf<Json>(me).acceptTimeoutSeconds).toBe(90);
});
