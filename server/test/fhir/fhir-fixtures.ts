/** Fixtures for the FHIR tests: a public time type offered at a unit, and FHIR helpers. */

import { createSlotFeedService, type SlotFeedDeps } from '../../src/modules/fhir/slot-feed/service.js';
import type { Clock } from '../../src/platform/clock.js';
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

/** Another instance's slot feed on the app's database and the test's clock (60 s interval, 30 days, no copy kept). */
export function feedInstance(t: TestApp, clock: Clock, o: Partial<SlotFeedDeps> = {}) {
  return createSlotFeedService({
    db: t.ctx.db,
    clock,
    log: t.ctx.log,
    publicUrl: t.ctx.config.publicUrl,
    intervalSeconds: 60,
    days: 30,
    checkMs: 0,
    ...o,
  });
}
