/** Fixtures for the invitation and offer tests: a time type of the unit, a form, slots, sending invitations. */
import { randomUUID } from 'node:crypto';
import { DEMO_UNITS } from '../../src/seed/demo-data.js';
import { createSlot, createTimeType } from '../booking-fixtures.js';
import type { TestApp } from '../harness.js';
import type { TestSession } from '../helpers/sessions.js';

export const SOLBERGA = DEMO_UNITS.vcSolberga;

/** A simple form: one required yes/no question ('ok'), one optional text. */
export const FORM_DEFINITION = {
  title: { sv: 'Inför besöket', en: 'Before the visit' },
  questions: [
    { id: 'ok', type: 'yes_no', label: { sv: 'Mår du bra idag?', en: 'Are you well today?' }, required: true },
    { id: 'notes', type: 'text', label: { sv: 'Övrigt', en: 'Other' }, required: false },
  ],
};

/** A form with one version; returns the form id. */
export async function createForm(t: TestApp): Promise<string> {
  const id = randomUUID();
  await t.ctx.db.insertInto('health_forms').values({ id, name: 'Inför besöket' }).execute();
  await t.ctx.db
    .insertInto('health_form_versions')
    .values({ id: randomUUID(), form_id: id, version: 1, definition: JSON.stringify(FORM_DEFINITION) })
    .execute();
  return id;
}

/** A time type only bookable through invitations/offers, linked to `unitId`. */
export async function unitTimeType(
  t: TestApp,
  unitId: string = SOLBERGA,
  o: { minAge?: number | null } = {},
): Promise<string> {
  const id = await createTimeType(t, {
    selfBookable: false,
    minAge: o.minAge ?? null,
    oneActive: false,
    cutoffMinutes: 0,
  });
  await t.ctx.db.insertInto('time_type_units').values({ time_type_id: id, unit_id: unitId }).execute();
  return id;
}

let nextMinute = 0;

/** A free slot `days` days from now (capacity 1 unless given); every call gets its own start. */
export function slotIn(t: TestApp, timeTypeId: string, days: number, o: { unitId?: string; capacity?: number } = {}) {
  return createSlot(t, {
    timeTypeId,
    unitId: o.unitId ?? SOLBERGA,
    inMinutes: days * 24 * 60 + 5 * nextMinute++,
    capacity: o.capacity ?? 1,
  });
}

/** POST as `s` with a JSON body. */
export function post(
  t: TestApp,
  s: TestSession | null,
  url: string,
  payload: unknown = {},
  headers: Record<string, string> = {},
) {
  return t.app.inject({
    method: 'POST',
    url,
    headers: { ...(s?.headers ?? {}), ...headers },
    payload: payload as object,
  });
}

/** GET as `s`. */
export function get(t: TestApp, s: TestSession | null, url: string) {
  return t.app.inject({ method: 'GET', url, headers: s?.headers ?? {} });
}

/** Sends an invitation from the unit; returns the response. */
export function sendInvitation(t: TestApp, staff: TestSession, body: Record<string, unknown>, unitId = SOLBERGA) {
  return post(t, staff, `/api/staff/units/${unitId}/invitations`, body);
}

/** slots.reserved_for of a slot. */
export async function reservedFor(t: TestApp, slotId: string): Promise<string | null> {
  const r = await t.ctx.db
    .selectFrom('slots')
    .select('reserved_for')
    .where('id', '=', slotId)
    .executeTakeFirstOrThrow();
  return r.reserved_for;
}
