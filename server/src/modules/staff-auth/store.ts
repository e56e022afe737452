/**
 * SQL for staff login: pending OIDC authorization requests (single use) and
 * the staff look-ups the login needs. Everything here runs before anyone is
 * logged in, so these are system reads by design; routes do not import this file.
 */
import type { Queryable } from '../../platform/db/index.js';

export interface LoginRequest {
  codeVerifier: string;
  state: string;
  nonce: string;
  returnTo: string;
}

/** Stores a pending login and drops expired ones (so the table stays small without a job). */
export async function insertLoginRequest(
  db: Queryable,
  idHash: string,
  request: LoginRequest,
  now: Date,
  expiresAt: Date,
): Promise<void> {
  await db.deleteFrom('staff_login_requests').where('expires_at', '<=', now).execute();
  await db
    .insertInto('staff_login_requests')
    .values({
      id_hash: idHash,
      code_verifier: request.codeVerifier,
      state: request.state,
      nonce: request.nonce,
      return_to: request.returnTo,
      created_at: now,
      expires_at: expiresAt,
    })
    .execute();
}

/**
 * Takes a pending login out of the table: one statement, so of two callbacks
 * racing with the same cookie only one gets the row. Expired rows count as absent.
 */
export async function consumeLoginRequest(db: Queryable, idHash: string, now: Date): Promise<LoginRequest | null> {
  const row = await db
    .deleteFrom('staff_login_requests')
    .where('id_hash', '=', idHash)
    .returning(['code_verifier', 'state', 'nonce', 'return_to', 'expires_at'])
    .executeTakeFirst();
  if (!row || row.expires_at <= now) return null;
  return { codeVerifier: row.code_verifier, state: row.state, nonce: row.nonce, returnTo: row.return_to };
}

export interface StaffLoginRow {
  id: string;
  oidcSubject: string;
  hsaId: string;
  givenName: string;
  familyName: string;
  email: string;
  title: string;
  /** Active units the member holds a role in, ordered by name. */
  units: { id: string; name: string }[];
}

/** The active staff member with this OIDC subject, or null (unknown or deactivated). */
export async function findActiveStaffBySubject(db: Queryable, subject: string): Promise<StaffLoginRow | null> {
  const rows = await listStaff(db, { subject, activeOnly: true });
  return rows[0] ?? null;
}

/**
 * Any staff member with this subject, deactivated or not: the embedded IdP's view,
 * which like the region's IdP knows people whom Ingång may have deactivated.
 */
export async function findStaffBySubject(db: Queryable, subject: string): Promise<StaffLoginRow | null> {
  const rows = await listStaff(db, { subject, activeOnly: false });
  return rows[0] ?? null;
}

/** Staff with their active units (everyone, or the one with `subject`), ordered by name. */
export async function listStaff(
  db: Queryable,
  filter: { subject?: string; activeOnly: boolean },
): Promise<StaffLoginRow[]> {
  let query = db
    .selectFrom('staff')
    .select(['id', 'oidc_subject', 'hsa_id', 'given_name', 'family_name', 'email', 'title'])
    .orderBy('family_name')
    .orderBy('given_name');
  if (filter.activeOnly) query = query.where('active', '=', true);
  if (filter.subject !== undefined) query = query.where('oidc_subject', '=', filter.subject);
  const staff = await query.execute();
  if (staff.length === 0) return [];
  const units = await db
    .selectFrom('staff_unit_roles')
    .innerJoin('units', 'units.id', 'staff_unit_roles.unit_id')
    .select(['staff_unit_roles.staff_id', 'units.id', 'units.name'])
    .distinct()
    .where('units.active', '=', true)
    .where(
      'staff_unit_roles.staff_id',
      'in',
      staff.map((s) => s.id),
    )
    .orderBy('units.name')
    .execute();
  return staff.map((s) => ({
    id: s.id,
    oidcSubject: s.oidc_subject,
    hsaId: s.hsa_id,
    givenName: s.given_name,
    familyName: s.family_name,
    email: s.email,
    title: s.title,
    units: units.filter((u) => u.staff_id === s.id).map((u) => ({ id: u.id, name: u.name })),
  }));
}
