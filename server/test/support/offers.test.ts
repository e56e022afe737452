/**
 * Waiting cases offered automatically (issue 16), on the injectable clock: when a first-line
 * agent comes online or becomes free, the longest-waiting case that fits them (their languages,
 * not declined by them) is offered to them, one at a time up to their limit, in the order the
 * citizens started waiting; a declined offer goes to the next agent who fits and never back.
 * The two-instance concurrency (two free agents, one chat → one offer) is in live.test.ts.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { DEMO_SUPPORT } from '../../src/seed/demo-support.js';
import { citizenSession, staffSession, type TestSession } from '../helpers/sessions.js';
import { call, column, dataOf, type SupportFixture, supportFixture } from './fixtures.js';

// biome-ignore lint/suspicious/noExplicitAny: response JSON is read loosely in tests
type Json = Record<string, any>;

let f: SupportFixture;
let omar: TestSession;
beforeAll(async () => {
  f = await supportFixture();
  omar = await staffSession(f.t, DEMO_SUPPORT.firstC);
  for (const s of [f.first, f.firstB, omar]) expect((await setMe(s, false)).statusCode).toBe(200);
}, 240_000);
afterAll(async () => {
  await f?.t.close();
});

const setMe = (s: TestSession, available: boolean, extra: Json = {}) =>
  call(f.t, s, 'PUT', '/agent/me', { available, maxConcurrent: 1, ...extra });
const me = async (s: TestSession) => dataOf<Json>(await call(f.t, s, 'GET', '/agent/me'));
const assignee = (id: string) => column(f.t, 'support_cases', 'id', id, 'assignee_staff_id');
async function chat(subject: string, locale: 'sv' | 'en' = 'sv') {
  f.clock.advance(1_000);
  const r = await call(f.t, f.anna, 'POST', '/my/cases', { subject, message: 'Hej, jag har en fråga.', locale });
  expect(r.statusCode).toBe(201);
  return dataOf<Json>(r).case.id as string;
}

test('an agent coming online is offered the waiting chats in the order they came, up to the limit, then the next when free', async () => {
  const older = await chat('Först');
  const newer = await chat('Sedan');
  expect(await assignee(older)).toBeNull();
  expect(await assignee(newer)).toBeNull();

  const online = dataOf<Json>(await setMe(f.first, true));
  expect(online.offers.map((c: Json) => c.id)).toEqual([older]);
  expect(await assignee(older)).toBe(DEMO_SUPPORT.first);
  expect(await assignee(newer)).toBeNull();

  // Accepting is taking; closing it makes room, and the next waiting chat is offered at once.
  expect((await call(f.t, f.first, 'POST', `/agent/cases/${older}/take`)).statusCode).toBe(200);
  expect((await me(f.first)).offers).toEqual([]);
  expect((await call(f.t, f.first, 'POST', `/agent/cases/${older}/close`)).statusCode).toBe(200);
  expect((await me(f.first)).offers.map((c: Json) => c.id)).toEqual([newer]);
  expect(await assignee(newer)).toBe(DEMO_SUPPORT.first);

  expect((await call(f.t, f.first, 'POST', `/agent/cases/${newer}/take`)).statusCode).toBe(200);
  expect((await call(f.t, f.first, 'POST', `/agent/cases/${newer}/close`)).statusCode).toBe(200);
  expect((await setMe(f.first, false)).statusCode).toBe(200);

  // With room for two, an agent coming online gets both waiting chats, oldest first.
  const x = await chat('X');
  const y = await chat('Y');
  const frida = dataOf<Json>(await setMe(f.firstB, true, { maxConcurrent: 2 }));
  expect(frida.offers.map((c: Json) => c.id)).toEqual([x, y]);
  for (const id of [x, y]) {
    expect((await call(f.t, f.firstB, 'POST', `/agent/cases/${id}/take`)).statusCode).toBe(200);
    expect((await call(f.t, f.firstB, 'POST', `/agent/cases/${id}/close`)).statusCode).toBe(200);
  }
  expect((await setMe(f.firstB, false)).statusCode).toBe(200);
});

test('a declined offer goes to the next agent who fits, never back to the decliner; only the offered agent can decline', async () => {
  expect((await setMe(f.first, true)).statusCode).toBe(200);
  const c = await chat('Avböj mig');
  expect(await assignee(c)).toBe(DEMO_SUPPORT.first);
  // Omar was not offered it.
  const wrong = await call(f.t, omar, 'POST', `/agent/cases/${c}/decline`);
  expect(wrong.statusCode).toBe(409);
  expect(wrong.json().error.code).toBe('not_offered');

  const declined = await call(f.t, f.first, 'POST', `/agent/cases/${c}/decline`);
  expect(declined.statusCode).toBe(200);
  // Nobody else is online: it waits; Sam (still available, with room) is not offered it again.
  expect(dataOf<Json>(declined)).toMatchObject({ available: true, offers: [] });
  expect(await assignee(c)).toBeNull();
  expect(await column(f.t, 'support_cases', 'id', c, 'declined_by')).toEqual([DEMO_SUPPORT.first]);
  await f.t.support.sweeps.waiting();
  expect(await assignee(c)).toBeNull();

  // Omar comes online and is offered it; declining again a case no longer offered is a 409.
  expect(dataOf<Json>(await setMe(omar, true)).offers.map((x: Json) => x.id)).toEqual([c]);
  expect((await call(f.t, f.first, 'POST', `/agent/cases/${c}/decline`)).statusCode).toBe(409);
  expect((await call(f.t, omar, 'POST', `/agent/cases/${c}/take`)).statusCode).toBe(200);
  expect((await call(f.t, omar, 'POST', `/agent/cases/${c}/close`)).statusCode).toBe(200);
  for (const s of [f.first, omar]) expect((await setMe(s, false)).statusCode).toBe(200);
});

test('a case is offered only to an agent who answers in its language', async () => {
  const sam = dataOf<Json>(await setMe(f.first, true, { languages: ['sv'] }));
  expect(sam.languages).toEqual(['sv']);
  const english = await chat('In English please', 'en');
  expect(await assignee(english)).toBeNull();
  await f.t.support.sweeps.waiting();
  expect(await assignee(english)).toBeNull();
  // A Swedish chat that came later is offered to Sam before the English one that waits longer.
  const swedish = await chat('På svenska');
  expect(await assignee(swedish)).toBe(DEMO_SUPPORT.first);
  const frida = dataOf<Json>(await setMe(f.firstB, true, { languages: ['en', 'sv'] }));
  expect(frida.offers.map((x: Json) => x.id)).toEqual([english]);
  // Bad input: no language at all is refused.
  expect((await setMe(f.first, true, { languages: [] })).statusCode).toBe(400);
});

test('after hours an available agent is offered a new chat at once; with nobody available the citizen is told the desk is closed', async () => {
  // Tuesday 21:30 in Stockholm: outside the opening hours (weekdays 08–19); the earlier sessions
  // have lapsed by then, so fresh ones.
  f.clock.set('2026-12-08T20:30:00Z');
  const [sam, frida, anna] = [
    await staffSession(f.t, DEMO_SUPPORT.first),
    await staffSession(f.t, DEMO_SUPPORT.firstB),
    await citizenSession(f.t, f.annaId),
  ];
  const set = (s: TestSession, available: boolean) =>
    call(f.t, s, 'PUT', '/agent/me', { available, maxConcurrent: 1, languages: ['sv', 'en'] });
  const ask = async (subject: string) => {
    f.clock.advance(1_000);
    const r = await call(f.t, anna, 'POST', '/my/cases', { subject, message: 'Hej, jag har en fråga.', locale: 'sv' });
    expect(r.statusCode).toBe(201);
    const id = dataOf<Json>(r).case.id as string;
    const bodies = dataOf<Json>(await call(f.t, anna, 'GET', `/my/cases/${id}`)).messages.map((m: Json) => m.body);
    return { id, bodies: bodies as string[] };
  };
  const takeAndClose = async (id: string) => {
    expect((await call(f.t, sam, 'POST', `/agent/cases/${id}/take`)).statusCode).toBe(200);
    expect((await call(f.t, sam, 'POST', `/agent/cases/${id}/close`)).statusCode).toBe(200);
  };
  expect((await set(frida, false)).statusCode).toBe(200);
  // The earlier tests' offers (Sam's Swedish chat, Frida's English one) lapsed with the jump of the
  // clock: moved on here, or the app's own 15-second sweep would move one to Sam at some moment
  // below and fill his one place before the evening chat (seen on a loaded machine).
  await f.t.support.sweeps.lapsedOffers();
  // Sam clears what still waits from the earlier tests, one offer at a time.
  for (let offers = dataOf<Json>(await set(sam, true)).offers; offers.length; offers = (await me(sam)).offers)
    await takeAndClose(offers[0].id);
  expect(dataOf<Json>(await f.t.app.inject({ method: 'GET', url: '/api/support/status' })).open).toBe(false);

  const late = await ask('Sent på kvällen');
  expect(await assignee(late.id)).toBe(DEMO_SUPPORT.first);
  expect(late.bodies.some((b) => b.includes('stängt'))).toBe(false);
  await takeAndClose(late.id);

  expect((await set(sam, false)).statusCode).toBe(200);
  const night = await ask('Mitt i natten');
  expect(await assignee(night.id)).toBeNull();
  expect(night.bodies.some((b) => b.includes('Vi har stängt just nu'))).toBe(true);
  // It waits for the first agent who comes online, who is offered it at once.
  expect(dataOf<Json>(await set(sam, true)).offers.map((x: Json) => x.id)).toEqual([night.id]);
  await takeAndClose(night.id);
});
