/**
 * Shared set-up for the timebook tests: the demo region and timebook on a
 * fixed clock, sessions for the demo staff, and bookings written straight
 * into the database (the citizen booking endpoints are another module's).
 */
import { fixedClock } from '../src/platform/clock.js';
import { uuid } from '../src/platform/db/helpers.js';
import { seedDemo } from '../src/seed/demo.js';
import { demoPerson } from '../src/seed/demo-data.js';
import { startTestApp, type TestApp } from './harness.js';
import type { TestSession } from './helpers/sessions.js';

/** Monday 3 August 2026, 10:00 in Stockholm. */
export const NOW = '2026-08-03T08:00:00Z';

/** Starts an app on its own database with the demo region loaded. */
export async function startTimebookApp() {
  const clock = fixedClock(NOW);
  const t = await startTestApp({ clock, env: { WEB_DIST: '/nonexistent' } });
  await seedDemo(t.ctx.db, clock);
  return { t, clock };
}

/** Sends a request with the session's cookie and CSRF header. */
export function caller(t: TestApp) {
  return (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, s?: TestSession, payload?: object) =>
    t.app.inject({ method, url, headers: s?.headers, ...(payload ? { payload } : {}) });
}

/** The persons.id of a demo person. */
export async function personId(t: TestApp, key: string): Promise<string> {
  const row = await t.ctx.db
    .selectFrom('persons')
    .select('id')
    .where('personal_number', '=', demoPerson(key).personalNumber)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A booking on the slot (as the booking module would make it): the place is taken on the slot too. */
export async function insertBooking(
  t: TestApp,
  input: { slotId: string; personId: string; formVersionId?: string; answers?: Record<string, unknown> },
): Promise<string> {
  const slot = await t.ctx.db
    .selectFrom('slots')
    .select(['unit_id', 'time_type_id'])
    .where('id', '=', input.slotId)
    .executeTakeFirstOrThrow();
  const id = uuid();
  const now = new Date(NOW);
  await t.ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('bookings')
      .values({
        id,
        slot_id: input.slotId,
        person_id: input.personId,
        time_type_id: slot.time_type_id,
        unit_id: slot.unit_id,
        status: 'booked',
        active_key: slot.time_type_id,
        booked_by_person_id: input.personId,
        form_version_id: input.formVersionId ?? null,
        form_answers: input.answers ? JSON.stringify(input.answers) : null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await trx
      .updateTable('slots')
      .set((eb) => ({ booked: eb('booked', '+', 1) }))
      .where('id', '=', input.slotId)
      .execute();
  });
  return id;
}

/** The first free slot of the type at the unit starting on or after `from`. */
export async function slotAt(
  t: TestApp,
  unitId: string,
  typeId: string,
  from = NOW,
): Promise<{ id: string; starts_at: Date }> {
  return t.ctx.db
    .selectFrom('slots')
    .select(['id', 'starts_at'])
    .where('unit_id', '=', unitId)
    .where('time_type_id', '=', typeId)
    .where('starts_at', '>=', new Date(from))
    .where('withdrawn_at', 'is', null)
    .whereRef('booked', '<', 'capacity')
    .orderBy('starts_at')
    .limit(1)
    .executeTakeFirstOrThrow();
}

/** Audit rows about a person written by a staff member. */
export function auditRows(t: TestApp, subject: string, staffId: string) {
  return t.ctx.db
    .selectFrom('audit_log')
    .selectAll()
    .where('subject_person_id', '=', subject)
    .where('actor_staff_id', '=', staffId)
    .orderBy('seq')
    .execute();
}
