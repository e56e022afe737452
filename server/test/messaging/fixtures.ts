/**
 * Shared setup of the messaging tests: a test app with the demo region, ids of
 * the demo people, sessions, and small request helpers.
 */
import { fixedClock } from '../../src/platform/clock.js';
import { seedDemo } from '../../src/seed/demo.js';
import { DEMO_STAFF, DEMO_UNITS, demoPerson } from '../../src/seed/demo-data.js';
import { startTestApp, type TestApp } from '../harness.js';
import { citizenSession, staffSession } from '../helpers/sessions.js';

export type Headers = Record<string, string>;
export const U = DEMO_UNITS;
export const S = DEMO_STAFF;

export interface MessagingWorld {
  t: TestApp;
  clock: ReturnType<typeof fixedClock>;
  ids: Record<string, string>;
  citizen(key: string): Promise<Headers>;
  staff(staffId: string, unitId?: string): Promise<Headers>;
}

export const PEOPLE = ['anna', 'johan', 'elsa', 'oskar', 'margit', 'erik', 'karin', 'sara', 'skyddad'];

/** Monday 23 November 2026, 09:00 Stockholm. */
export const NOW = '2026-11-23T08:00:00Z';

export async function startWorld(env: Record<string, string> = {}): Promise<MessagingWorld> {
  const clock = fixedClock(NOW);
  const t = await startTestApp({
    clock,
    env: {
      WEB_DIST: '/nonexistent',
      MESSAGING_NOTIFY_DELAY_SECONDS: '60',
      ...(process.env.MESSAGING_TEST_LOG ? { LOG_LEVEL: 'error' } : {}),
      ...env,
    },
  });
  await seedDemo(t.ctx.db, clock);
  const ids: Record<string, string> = {};
  for (const key of PEOPLE) {
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
    citizen: async (key) => (await citizenSession(t, ids[key]!)).headers,
    staff: async (staffId, unitId) => (await staffSession(t, staffId, { activeUnitId: unitId })).headers,
  };
}

/** Sets a unit's messaging settings straight in the database; returns the topic ids. */
export async function setUnit(
  w: MessagingWorld,
  unitId: string,
  mode: 'start' | 'reply' | 'none',
  topics: string[] = [],
  targetWorkingDays = 2,
): Promise<string[]> {
  const db = w.t.ctx.db;
  const now = w.clock.now();
  await db
    .insertInto('messaging_settings')
    .values({
      unit_id: unitId,
      patient_mode: mode,
      target_working_days: targetWorkingDays,
      updated_at: now,
      updated_by_staff_id: null,
    })
    .onConflict((oc) =>
      oc.column('unit_id').doUpdateSet({ patient_mode: mode, target_working_days: targetWorkingDays }),
    )
    .execute();
  await db.updateTable('messaging_topics').set({ retired_at: now }).where('unit_id', '=', unitId).execute();
  const ids: string[] = [];
  for (const [position, label] of topics.entries()) {
    const id = crypto.randomUUID();
    await db
      .insertInto('messaging_topics')
      .values({ id, unit_id: unitId, label_sv: label, label_en: label, position, created_at: now })
      .execute();
    ids.push(id);
  }
  return ids;
}

export const count = async (
  w: MessagingWorld,
  table: 'conversations' | 'conversation_messages' | 'message_attachments',
) =>
  Number(
    (
      await w.t.ctx.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

export const auditRows = (w: MessagingWorld, subjectId: string, recordType: string) =>
  w.t.ctx.db
    .selectFrom('audit_log')
    .selectAll()
    .where('subject_person_id', '=', subjectId)
    .where('record_type', '=', recordType)
    .execute();

const q = (subjectId?: string) => (subjectId ? `?subjectId=${subjectId}` : '');

/** Request helpers over app.inject. */
export function api(w: MessagingWorld) {
  const inject = w.t.app.inject.bind(w.t.app);
  return {
    units: (h: Headers, subjectId?: string) =>
      inject({ method: 'GET', url: `/api/messaging/units${q(subjectId)}`, headers: h }),
    list: (h: Headers, subjectId?: string) =>
      inject({ method: 'GET', url: `/api/messaging/conversations${q(subjectId)}`, headers: h }),
    start: (h: Headers, payload: object, subjectId?: string) =>
      inject({ method: 'POST', url: `/api/messaging/conversations${q(subjectId)}`, headers: h, payload }),
    get: (h: Headers, id: string, subjectId?: string) =>
      inject({ method: 'GET', url: `/api/messaging/conversations/${id}${q(subjectId)}`, headers: h }),
    send: (h: Headers, id: string, payload: object, subjectId?: string) =>
      inject({
        method: 'POST',
        url: `/api/messaging/conversations/${id}/messages${q(subjectId)}`,
        headers: h,
        payload,
      }),
    read: (h: Headers, id: string, upToSeq: number, subjectId?: string) =>
      inject({
        method: 'POST',
        url: `/api/messaging/conversations/${id}/read${q(subjectId)}`,
        headers: h,
        payload: { upToSeq },
      }),
    inbox: (h: Headers, unitId: string, query = '') =>
      inject({ method: 'GET', url: `/api/staff/units/${unitId}/conversations${query}`, headers: h }),
    staffGet: (h: Headers, unitId: string, id: string) =>
      inject({ method: 'GET', url: `/api/staff/units/${unitId}/conversations/${id}`, headers: h }),
    staffPost: (h: Headers, unitId: string, id: string, action: string, payload?: object) =>
      inject({
        method: 'POST',
        url: `/api/staff/units/${unitId}/conversations/${id}/${action}`,
        headers: h,
        ...(payload ? { payload } : {}),
      }),
  };
}
