/** SQL for staff users and their roles in care units, as administration needs them. */
import { randomUUID } from 'node:crypto';
import { UNIT_ROLES } from '@ingang/domain';
import type { Selectable } from 'kysely';
import { likePattern } from '../../platform/db/helpers.js';
import type { Queryable } from '../../platform/db/index.js';
import type { StaffTable, UnitRole } from '../../platform/db/schema.js';

export interface StaffData {
  staffId: string;
  hsaId: string;
  givenName: string;
  familyName: string;
  email: string;
  title: string;
  active: boolean;
}
export interface StaffMemberData extends StaffData {
  roles: UnitRole[];
}

const staffColumns = ['id', 'hsa_id', 'given_name', 'family_name', 'email', 'title', 'active'] as const;
type StaffRow = Pick<Selectable<StaffTable>, (typeof staffColumns)[number]>;

const toStaff = (r: StaffRow): StaffData => ({
  staffId: r.id,
  hsaId: r.hsa_id,
  givenName: r.given_name,
  familyName: r.family_name,
  email: r.email,
  title: r.title,
  active: r.active,
});

/** Roles in the order the contract lists them, so diffs and responses are stable. */
export const sortRoles = (roles: Iterable<UnitRole>): UnitRole[] => {
  const set = new Set(roles);
  return UNIT_ROLES.filter((r) => set.has(r));
};

/** A staff user by id, or null. */
export async function findStaffById(db: Queryable, staffId: string): Promise<StaffData | null> {
  const row = await db.selectFrom('staff').select(staffColumns).where('id', '=', staffId).executeTakeFirst();
  return row ? toStaff(row) : null;
}

/** A staff user by HSA-id, or null. */
export async function findStaffByHsaId(db: Queryable, hsaId: string): Promise<StaffData | null> {
  const row = await db.selectFrom('staff').select(staffColumns).where('hsa_id', '=', hsaId).executeTakeFirst();
  return row ? toStaff(row) : null;
}

/**
 * Creates a staff user whose OIDC subject is the HSA-id (what the embedded IdP
 * issues), or returns null when the HSA-id already exists (a concurrent add won).
 */
export async function insertStaff(
  db: Queryable,
  input: { hsaId: string; givenName: string; familyName: string; email: string; title: string },
  now: Date,
): Promise<StaffData | null> {
  const row = await db
    .insertInto('staff')
    .values({
      id: randomUUID(),
      oidc_subject: input.hsaId,
      hsa_id: input.hsaId,
      given_name: input.givenName,
      family_name: input.familyName,
      email: input.email,
      title: input.title,
      support_role: null,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.column('hsa_id').doNothing())
    .returning(staffColumns)
    .executeTakeFirst();
  return row ? toStaff(row) : null;
}

/** The member's roles in one unit. */
export async function rolesInUnit(db: Queryable, staffId: string, unitId: string): Promise<UnitRole[]> {
  const rows = await db
    .selectFrom('staff_unit_roles')
    .select('role')
    .where('staff_id', '=', staffId)
    .where('unit_id', '=', unitId)
    .execute();
  return sortRoles(rows.map((r) => r.role));
}

/** Adds roles (existing ones are left as they are). */
export async function grantRoles(db: Queryable, staffId: string, unitId: string, roles: UnitRole[], now: Date) {
  if (roles.length === 0) return;
  await db
    .insertInto('staff_unit_roles')
    .values(roles.map((role) => ({ staff_id: staffId, unit_id: unitId, role, created_at: now })))
    .onConflict((oc) => oc.columns(['staff_id', 'unit_id', 'role']).doNothing())
    .execute();
}

/** Removes roles. */
export async function revokeRoles(db: Queryable, staffId: string, unitId: string, roles: UnitRole[]) {
  if (roles.length === 0) return;
  await db
    .deleteFrom('staff_unit_roles')
    .where('staff_id', '=', staffId)
    .where('unit_id', '=', unitId)
    .where('role', 'in', roles)
    .execute();
}

/** How many active staff other than `exceptStaffId` hold unit_admin in the unit. */
export async function countOtherUnitAdmins(db: Queryable, unitId: string, exceptStaffId: string): Promise<number> {
  const row = await db
    .selectFrom('staff_unit_roles')
    .innerJoin('staff', 'staff.id', 'staff_unit_roles.staff_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('staff_unit_roles.unit_id', '=', unitId)
    .where('staff_unit_roles.role', '=', 'unit_admin')
    .where('staff_unit_roles.staff_id', '!=', exceptStaffId)
    .where('staff.active', '=', true)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Everyone with a role in the unit (inactive users included, flagged), with their roles. */
export async function listUnitStaff(db: Queryable, unitId: string): Promise<StaffMemberData[]> {
  const rows = await db
    .selectFrom('staff_unit_roles')
    .innerJoin('staff', 'staff.id', 'staff_unit_roles.staff_id')
    .select(staffColumns.map((c) => `staff.${c}` as const))
    .select('staff_unit_roles.role')
    .where('staff_unit_roles.unit_id', '=', unitId)
    .orderBy('staff.family_name')
    .orderBy('staff.given_name')
    .orderBy('staff.id')
    .execute();
  const members = new Map<string, StaffMemberData>();
  for (const r of rows) {
    const member = members.get(r.id) ?? { ...toStaff(r), roles: [] };
    member.roles = sortRoles([...member.roles, r.role]);
    members.set(r.id, member);
  }
  return [...members.values()];
}

/** Staff whose name or HSA-id contains the text, at most `limit`, sorted by name. */
export async function searchStaff(db: Queryable, text: string, limit = 50): Promise<StaffData[]> {
  const pattern = likePattern(text);
  const rows = await db
    .selectFrom('staff')
    .select(staffColumns)
    .where((eb) =>
      eb.or([
        eb('hsa_id', 'ilike', pattern),
        eb(eb.fn('concat_ws', [eb.val(' '), eb.ref('given_name'), eb.ref('family_name')]), 'ilike', pattern),
      ]),
    )
    .orderBy('family_name')
    .orderBy('given_name')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map(toStaff);
}
