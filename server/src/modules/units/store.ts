/**
 * SQL for the `units` table and the colleagues of a unit. Returns contract
 * shapes (camelCase, ISO times) so services and routes never see rows.
 */
import type { Unit, UnitRole } from '@ingang/contracts';
import type { Selectable, Updateable } from 'kysely';
import type { z } from 'zod';
import { likePattern } from '../../platform/db/helpers.js';
import type { Queryable } from '../../platform/db/index.js';
import type { UnitsTable } from '../../platform/db/schema.js';

export type UnitData = Unit;
type UnitSummary = Pick<Unit, 'id' | 'hsaId' | 'name' | 'kind' | 'providerType' | 'city' | 'municipality'>;
export type ColleagueData = {
  staffId: string;
  hsaId: string;
  name: string;
  title: string;
  email: string;
  roles: z.infer<typeof UnitRole>[];
};

/** The writable columns of a unit, in contract naming. */
export type UnitValues = Omit<Unit, 'id' | 'updatedAt'>;

const toUnit = (row: Selectable<UnitsTable>): Unit => ({
  id: row.id,
  hsaId: row.hsa_id,
  name: row.name,
  kind: row.kind,
  providerType: row.provider_type,
  street: row.street,
  postalCode: row.postal_code,
  city: row.city,
  municipality: row.municipality,
  latitude: row.latitude,
  longitude: row.longitude,
  phone: row.phone,
  email: row.email,
  website: row.website,
  description: row.description,
  openingHours: row.opening_hours,
  services: row.services,
  active: row.active,
  updatedAt: row.updated_at.toISOString(),
});

/** Contract names → columns; keys left undefined are skipped by Kysely (partial updates). */
function toColumns(v: Partial<UnitValues>): Updateable<UnitsTable> {
  return {
    hsa_id: v.hsaId,
    name: v.name,
    kind: v.kind,
    provider_type: v.providerType,
    street: v.street,
    postal_code: v.postalCode,
    city: v.city,
    municipality: v.municipality,
    latitude: v.latitude,
    longitude: v.longitude,
    phone: v.phone,
    email: v.email,
    website: v.website,
    description: v.description,
    opening_hours: v.openingHours === undefined ? undefined : JSON.stringify(v.openingHours),
    services: v.services,
    active: v.active,
  };
}

/** Active units for the public directory, filtered and sorted by name. */
export async function listActiveUnits(
  db: Queryable,
  filter: { kind?: Unit['kind']; municipality?: string; q?: string },
): Promise<UnitSummary[]> {
  let query = db
    .selectFrom('units')
    .select(['id', 'hsa_id', 'name', 'kind', 'provider_type', 'city', 'municipality'])
    .where('active', '=', true);
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.municipality?.trim()) query = query.where('municipality', 'ilike', filter.municipality.trim());
  const q = filter.q?.trim();
  if (q) {
    const pattern = likePattern(q);
    query = query.where((eb) =>
      eb.or([eb('name', 'ilike', pattern), eb('city', 'ilike', pattern), eb('hsa_id', 'ilike', pattern)]),
    );
  }
  const rows = await query.orderBy('name').orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id,
    hsaId: r.hsa_id,
    name: r.name,
    kind: r.kind,
    providerType: r.provider_type,
    city: r.city,
    municipality: r.municipality,
  }));
}

/** One unit, or null. `forUpdate` locks the row for the rest of the transaction. */
export async function findUnit(
  db: Queryable,
  unitId: string,
  options: { activeOnly?: boolean; forUpdate?: boolean } = {},
): Promise<Unit | null> {
  let query = db.selectFrom('units').selectAll().where('id', '=', unitId);
  if (options.activeOnly) query = query.where('active', '=', true);
  if (options.forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row ? toUnit(row) : null;
}

/** Units by id (all of them when `ids` is undefined), inactive included, sorted by name. */
export async function listUnits(db: Queryable, ids?: string[]): Promise<Unit[]> {
  if (ids && ids.length === 0) return [];
  let query = db.selectFrom('units').selectAll();
  if (ids) query = query.where('id', 'in', ids);
  const rows = await query.orderBy('name').orderBy('id').execute();
  return rows.map(toUnit);
}

/** Inserts a unit; a duplicate HSA-id surfaces as the database's unique violation. */
export async function insertUnit(db: Queryable, id: string, values: UnitValues, now: Date): Promise<Unit> {
  const row = await db
    .insertInto('units')
    .values({
      ...(toColumns(values) as Required<Updateable<UnitsTable>>),
      id,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toUnit(row);
}

/** Writes the given fields of a unit and bumps updated_at. */
export async function updateUnit(db: Queryable, unitId: string, values: Partial<UnitValues>, now: Date) {
  const row = await db
    .updateTable('units')
    .set({ ...toColumns(values), updated_at: now })
    .where('id', '=', unitId)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toUnit(row);
}

/** Active staff with at least one role in the unit, with those roles. */
export async function listColleagues(db: Queryable, unitId: string): Promise<ColleagueData[]> {
  const rows = await db
    .selectFrom('staff_unit_roles')
    .innerJoin('staff', 'staff.id', 'staff_unit_roles.staff_id')
    .select(['staff.id', 'staff.hsa_id', 'staff.given_name', 'staff.family_name', 'staff.title', 'staff.email'])
    .select('staff_unit_roles.role')
    .where('staff_unit_roles.unit_id', '=', unitId)
    .where('staff.active', '=', true)
    .orderBy('staff.family_name')
    .orderBy('staff.given_name')
    .orderBy('staff.id')
    .orderBy('staff_unit_roles.role')
    .execute();
  const byId = new Map<string, ColleagueData>();
  for (const r of rows) {
    const existing = byId.get(r.id);
    if (existing) existing.roles.push(r.role);
    else
      byId.set(r.id, {
        staffId: r.id,
        hsaId: r.hsa_id,
        name: `${r.given_name} ${r.family_name}`,
        title: r.title,
        email: r.email,
        roles: [r.role],
      });
  }
  return [...byId.values()];
}
