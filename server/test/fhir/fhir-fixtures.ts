/** Fixtures for the FHIR tests: a public time type offered at a unit, and FHIR helpers. */

import { createTimeType, type TypeOptions } from '../booking-fixtures.js';
import type { TestApp } from '../harness.js';

/** A time type offered at `unitId` (time_type_units row); returns its id. */
export async function offeredType(t: TestApp, unitId: string, o: TypeOptions = {}): Promise<string> {
  const id = await createTimeType(t, o);
  await t.ctx.db.insertInto('time_type_units').values({ time_type_id: id, unit_id: unitId }).execute();
  return id;
}

/** NDJSON text → objects. */
export function ndjson(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

export async function auditCount(t: TestApp, subject: string): Promise<number> {
  const r = await t.ctx.db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('subject_person_id', '=', subject)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
