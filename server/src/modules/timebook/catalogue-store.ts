/** SQL for the time-type catalogue: time types, the units that may publish them, and release rules. */
import type { AdminRelease, AdminTimeType } from '@ingang/contracts';
import type { Selectable } from 'kysely';
import type { z } from 'zod';
import type { Queryable } from '../../platform/db/index.js';
import type { ReleaseRulesTable, TimeTypesTable } from '../../platform/db/schema.js';

export type TimeTypeData = z.infer<typeof AdminTimeType>;
export type ReleaseData = z.infer<typeof AdminRelease>;
/** The writable fields of a time type, in contract naming. */
export type TimeTypeValues = Omit<TimeTypeData, 'id' | 'retiredAt' | 'unitIds' | 'updatedAt'>;

const toTimeType = (r: Selectable<TimeTypesTable>, unitIds: string[]): TimeTypeData => ({
  id: r.id,
  code: r.code,
  nameSv: r.name_sv,
  nameEn: r.name_en,
  durationMinutes: r.duration_minutes,
  mode: r.mode,
  placesPerSlot: r.places_per_slot,
  selfBookable: r.self_bookable,
  formId: r.form_id,
  minAge: r.min_age,
  maxAge: r.max_age,
  oneActiveBooking: r.one_active_booking,
  doseGroup: r.dose_group,
  minDaysSinceDose: r.min_days_since_dose,
  cancelCutoffMinutes: r.cancel_cutoff_minutes,
  retiredAt: r.retired_at?.toISOString() ?? null,
  unitIds,
  updatedAt: r.updated_at.toISOString(),
});

/** Contract field → column. */
export const timeTypeColumns = {
  code: 'code',
  nameSv: 'name_sv',
  nameEn: 'name_en',
  durationMinutes: 'duration_minutes',
  mode: 'mode',
  placesPerSlot: 'places_per_slot',
  selfBookable: 'self_bookable',
  formId: 'form_id',
  minAge: 'min_age',
  maxAge: 'max_age',
  oneActiveBooking: 'one_active_booking',
  doseGroup: 'dose_group',
  minDaysSinceDose: 'min_days_since_dose',
  cancelCutoffMinutes: 'cancel_cutoff_minutes',
} as const satisfies Record<keyof TimeTypeValues, keyof TimeTypesTable>;

/** Contract values → a row's columns (only the fields given). */
export function timeTypeRow(values: Partial<TimeTypeValues>) {
  const row: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(timeTypeColumns)) {
    const value = values[field as keyof TimeTypeValues];
    if (value !== undefined) row[column] = value;
  }
  return row as Partial<Selectable<TimeTypesTable>>;
}

async function unitIdsByType(db: Queryable, typeIds: string[]): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>();
  if (typeIds.length === 0) return map;
  const rows = await db
    .selectFrom('time_type_units')
    .select(['time_type_id', 'unit_id'])
    .where('time_type_id', 'in', typeIds)
    .orderBy('unit_id')
    .execute();
  for (const r of rows) map.set(r.time_type_id, [...(map.get(r.time_type_id) ?? []), r.unit_id]);
  return map;
}

/** Every time type (retired ones included), by Swedish name. */
export async function listTimeTypes(db: Queryable): Promise<TimeTypeData[]> {
  const rows = await db.selectFrom('time_types').selectAll().orderBy('name_sv').orderBy('id').execute();
  const units = await unitIdsByType(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toTimeType(r, units.get(r.id) ?? []));
}

/** One time type, or null; `forUpdate` locks the row for the transaction. */
export async function findTimeType(
  db: Queryable,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<TimeTypeData | null> {
  let q = db.selectFrom('time_types').selectAll().where('id', '=', id);
  if (options.forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) return null;
  return toTimeType(row, (await unitIdsByType(db, [id])).get(id) ?? []);
}

/** Inserts a time type; throws the unique violation when the code is taken. */
export async function insertTimeType(db: Queryable, id: string, values: TimeTypeValues, now: Date) {
  await db
    .insertInto('time_types')
    .values({ id, ...(timeTypeRow(values) as TimeTypeRowInsert), created_at: now, updated_at: now })
    .execute();
}
type TimeTypeRowInsert = Omit<Selectable<TimeTypesTable>, 'id' | 'created_at' | 'updated_at' | 'retired_at'>;

/** Updates the given columns of a time type. */
export async function updateTimeType(
  db: Queryable,
  id: string,
  values: Partial<TimeTypeValues> & { retiredAt?: Date | null },
  now: Date,
) {
  const { retiredAt, ...fields } = values;
  await db
    .updateTable('time_types')
    .set({ ...timeTypeRow(fields), ...(retiredAt !== undefined ? { retired_at: retiredAt } : {}), updated_at: now })
    .where('id', '=', id)
    .execute();
}

/** Replaces the units allowed to publish a type. */
export async function setTimeTypeUnits(db: Queryable, typeId: string, unitIds: string[]) {
  await db.deleteFrom('time_type_units').where('time_type_id', '=', typeId).execute();
  if (unitIds.length === 0) return;
  await db
    .insertInto('time_type_units')
    .values(unitIds.map((unit_id) => ({ time_type_id: typeId, unit_id })))
    .execute();
}

/** The subset of `unitIds` that exist. */
export async function existingUnits(db: Queryable, unitIds: string[]): Promise<Set<string>> {
  if (unitIds.length === 0) return new Set();
  const rows = await db.selectFrom('units').select('id').where('id', 'in', unitIds).execute();
  return new Set(rows.map((r) => r.id));
}

/** True when the unit may publish the type. */
export async function unitMayPublish(db: Queryable, typeId: string, unitId: string): Promise<boolean> {
  const row = await db
    .selectFrom('time_type_units')
    .select('unit_id')
    .where('time_type_id', '=', typeId)
    .where('unit_id', '=', unitId)
    .executeTakeFirst();
  return row !== undefined;
}

/** The time types a unit may publish (not retired), by Swedish name. */
export function publishableTypesAt(db: Queryable, unitId: string) {
  return db
    .selectFrom('time_types as t')
    .innerJoin('time_type_units as u', 'u.time_type_id', 't.id')
    .select(['t.id', 't.code', 't.name_sv', 't.name_en', 't.duration_minutes', 't.places_per_slot', 't.mode'])
    .where('u.unit_id', '=', unitId)
    .where('t.retired_at', 'is', null)
    .orderBy('t.name_sv')
    .execute();
}

/** Whether the type allows one active booking per person (throws when the type is gone). */
export async function oneActiveBooking(db: Queryable, typeId: string): Promise<boolean> {
  const row = await db
    .selectFrom('time_types')
    .select(['one_active_booking'])
    .where('id', '=', typeId)
    .executeTakeFirstOrThrow();
  return row.one_active_booking;
}

const toRelease = (r: Selectable<ReleaseRulesTable>): ReleaseData => ({
  id: r.id,
  timeTypeId: r.time_type_id,
  bornOnOrBefore: r.born_on_or_before ? dateString(r.born_on_or_before) : null,
  minAge: r.min_age,
  opensAt: r.opens_at.toISOString(),
  pausedAt: r.paused_at?.toISOString() ?? null,
  createdAt: r.created_at.toISOString(),
});

// `date` columns come back as strings from PGlite and as Date (local midnight) from node-postgres.
const dateString = (value: unknown): string => {
  if (value instanceof Date) {
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
  }
  return String(value).slice(0, 10);
};

/** A type's release rules, earliest opening first. */
export async function listReleases(db: Queryable, typeId: string): Promise<ReleaseData[]> {
  const rows = await db
    .selectFrom('release_rules')
    .selectAll()
    .where('time_type_id', '=', typeId)
    .orderBy('opens_at')
    .orderBy('id')
    .execute();
  return rows.map(toRelease);
}

/** One release rule, or null. */
export async function findRelease(db: Queryable, id: string): Promise<ReleaseData | null> {
  const row = await db.selectFrom('release_rules').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toRelease(row) : null;
}

/** Inserts a release rule. */
export async function insertRelease(
  db: Queryable,
  values: { id: string; timeTypeId: string; bornOnOrBefore: string | null; minAge: number | null; opensAt: Date },
  staffId: string | null,
  now: Date,
): Promise<ReleaseData> {
  const row = await db
    .insertInto('release_rules')
    .values({
      id: values.id,
      time_type_id: values.timeTypeId,
      born_on_or_before: values.bornOnOrBefore,
      min_age: values.minAge,
      opens_at: values.opensAt,
      created_by_staff_id: staffId,
      created_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toRelease(row);
}

/** Sets or clears paused_at; returns the rule. */
export async function setReleasePaused(db: Queryable, id: string, pausedAt: Date | null): Promise<ReleaseData> {
  const row = await db
    .updateTable('release_rules')
    .set({ paused_at: pausedAt })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toRelease(row);
}
