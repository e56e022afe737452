/** Shared set-up for the support tests: a seeded app at a fixed, open desk time, sessions, helpers. */
import { vi } from 'vitest';
import { fixedClock } from '../../src/platform/clock.js';
import { seedDemo } from '../../src/seed/demo.js';
import { DEMO_STAFF, demoPerson } from '../../src/seed/demo-data.js';
import { DEMO_SUPPORT } from '../../src/seed/demo-support.js';
import { startTestApp, type TestApp } from '../harness.js';
import { citizenSession, staffSession, type TestSession } from '../helpers/sessions.js';

// Building the app and migrating PGlite takes about a minute on the shared, loaded machine.
vi.setConfig({ hookTimeout: 240_000, testTimeout: 120_000 });

/** Tuesday 8 Dec 2026, 10:00 in Stockholm: the desk is open. */
export const OPEN_TIME = '2026-12-08T09:00:00Z';

export interface SupportFixture {
  t: TestApp;
  clock: ReturnType<typeof fixedClock>;
  anna: TestSession;
  annaId: string;
  bo: TestSession;
  boId: string;
  first: TestSession;
  firstB: TestSession;
  second: TestSession;
  nurse: TestSession;
}

export async function personId(t: TestApp, key: string): Promise<string> {
  const row = await t.ctx.db
    .selectFrom('persons')
    .select('id')
    .where('personal_number', '=', demoPerson(key).personalNumber)
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function supportFixture(env: Record<string, string> = {}): Promise<SupportFixture> {
  const clock = fixedClock(OPEN_TIME);
  const t = await startTestApp({ clock, env: { WEB_DIST: '/nonexistent', PUBLIC_URL: 'http://ingang.test', ...env } });
  await seedDemo(t.ctx.db, clock);
  const annaId = await personId(t, 'anna');
  const boId = await personId(t, 'johan');
  return {
    t,
    clock,
    anna: await citizenSession(t, annaId),
    annaId,
    bo: await citizenSession(t, boId),
    boId,
    first: await staffSession(t, DEMO_SUPPORT.first),
    firstB: await staffSession(t, DEMO_SUPPORT.firstB),
    second: await staffSession(t, DEMO_SUPPORT.second),
    nurse: await staffSession(t, DEMO_STAFF.nurseSolberga),
  };
}

/** JSON body of an inject response's `data`. */
export const dataOf = <T = Record<string, unknown>>(r: { json(): unknown }) => (r.json() as { data: T }).data;

/** The queued outgoing mails (`mail.send` jobs' payloads), newest first. */
export async function queuedMails(t: TestApp): Promise<{ to: string; subject: string; text: string }[]> {
  const jobs = await t.ctx.db
    .selectFrom('jobs')
    .select('payload')
    .where('kind', '=', 'mail.send')
    .orderBy('created_at', 'desc')
    .execute();
  return jobs.map((j) => (typeof j.payload === 'string' ? JSON.parse(j.payload) : j.payload));
}

/** One column of one row, read straight from the database (what the API does not show). */
export async function column<T extends 'support_cases' | 'support_agents', C extends string>(
  t: TestApp,
  table: T,
  key: T extends 'support_cases' ? 'id' : 'staff_id',
  id: string,
  name: C,
): Promise<unknown> {
  // biome-ignore lint/suspicious/noExplicitAny: a test helper over two tables
  const row = await (t.ctx.db as any).selectFrom(table).select(name).where(key, '=', id).executeTakeFirstOrThrow();
  return row[name];
}

/** Calls the support API as `s` (or without a session): `call(t, s, 'POST', '/agent/info-posts', body)`. */
export function call(
  t: TestApp,
  s: TestSession | null,
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  payload?: object,
) {
  return t.app.inject({ method, url: `/api/support${path}`, ...(s ? { headers: s.headers } : {}), payload });
}
