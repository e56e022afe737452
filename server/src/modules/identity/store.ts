/** SQL for the identity module: the staff member's own record, unit names, session keep-alive. */
import type { Queryable } from '../../platform/db/index.js';

export interface StaffProfileRow {
  id: string;
  hsaId: string;
  givenName: string;
  familyName: string;
  email: string;
  title: string;
}

/** The staff member's own record (active members only; a deactivated one has no session anyway). */
export async function findStaffProfile(db: Queryable, staffId: string): Promise<StaffProfileRow | null> {
  const row = await db
    .selectFrom('staff')
    .select(['id', 'hsa_id', 'given_name', 'family_name', 'email', 'title'])
    .where('id', '=', staffId)
    .where('active', '=', true)
    .executeTakeFirst();
  return row
    ? {
        id: row.id,
        hsaId: row.hsa_id,
        givenName: row.given_name,
        familyName: row.family_name,
        email: row.email,
        title: row.title,
      }
    : null;
}

/** Names and kinds of the given units, keyed by id. */
export async function unitLabels(
  db: Queryable,
  unitIds: string[],
): Promise<Map<string, { name: string; kind: string }>> {
  if (unitIds.length === 0) return new Map();
  const rows = await db.selectFrom('units').select(['id', 'name', 'kind']).where('id', 'in', unitIds).execute();
  return new Map(rows.map((r) => [r.id, { name: r.name, kind: r.kind }]));
}
