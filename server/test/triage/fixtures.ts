/**
 * Shared setup of the triage tests: the demo region (with the published demo
 * questionnaire) on a fixed clock, sessions, and answer helpers.
 */
import { fixedClock } from '../../src/platform/clock.js';
import { seedDemo } from '../../src/seed/demo.js';
import { DEMO_STAFF, DEMO_UNITS, demoPerson } from '../../src/seed/demo-data.js';
import { startTestApp, type TestApp } from '../harness.js';
import { citizenSession, staffSession } from '../helpers/sessions.js';

export type Headers = Record<string, string>;
export const U = DEMO_UNITS;
export const S = DEMO_STAFF;

/** Monday 7 December 2026, 10:00 Stockholm: every demo unit is open. */
export const NOW = '2026-12-07T09:00:00Z';

export interface TriageWorld {
  t: TestApp;
  clock: ReturnType<typeof fixedClock>;
  ids: Record<string, string>;
  citizen(key: string): Promise<Headers>;
  staff(staffId: string, unitId?: string): Promise<Headers>;
}

export async function startWorld(): Promise<TriageWorld> {
  const clock = fixedClock(NOW);
  const t = await startTestApp({ clock, env: { WEB_DIST: '/nonexistent' } });
  await seedDemo(t.ctx.db, clock);
  const ids: Record<string, string> = {};
  for (const key of ['anna', 'johan', 'elsa', 'oskar', 'erik']) {
    const row = await t.ctx.db
      .selectFrom('persons')
      .select('id')
      .where('personal_number', '=', demoPerson(key).personalNumber)
      .executeTakeFirstOrThrow();
    ids[key] = row.id;
  }
  return {
    t,
    clock,
    ids,
    citizen: async (key) => (await citizenSession(t, ids[key] as string)).headers,
    staff: async (staffId, unitId) => (await staffSession(t, staffId, { activeUnitId: unitId })).headers,
  };
}

export const yes = { valueBoolean: true };
export const no = { valueBoolean: false };
export const code = (c: string) => ({ valueCoding: { code: c } });
export const int = (n: number) => ({ valueInteger: n });
export const dec = (n: number) => ({ valueDecimal: n });

/** Answers of an adult with simple urinary symptoms (→ message the unit). */
export const URINARY: [string, unknown][] = [
  ['chest-pain', no],
  ['breathing', no],
  ['concern', code('urinary')],
  ['uti-burning', yes],
  ['uti-fever', no],
  ['uti-back-pain', no],
];

/** A child with fever who drinks (→ drop-in video). */
export const CHILD_FEVER: [string, unknown][] = [
  ['chest-pain', no],
  ['breathing', no],
  ['concern', code('fever-child')],
  ['child-age-months', int(68)],
  ['child-temp', dec(38.6)],
  ['child-stiff-neck', no],
  ['child-drinking', yes],
];

// biome-ignore lint/suspicious/noExplicitAny: test helper over JSON bodies
export type Json = any;

/** Starts a session and answers in order through `base` ('/api/triage' or '/api/staff/triage'). */
export async function answerAll(
  w: TriageWorld,
  headers: Headers,
  base: string,
  id: string,
  answers: [string, unknown][],
): Promise<Json> {
  let body: Json;
  for (const [linkId, answer] of answers) {
    const res = await w.t.app.inject({
      method: 'PUT',
      url: `${base}/sessions/${id}/answer`,
      headers,
      payload: { linkId, answer },
    });
    if (res.statusCode !== 200) throw new Error(`${linkId}: ${res.statusCode} ${res.body}`);
    body = res.json();
  }
  return body;
}
