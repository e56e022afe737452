/** SQL for ombud grants (proxy_grants) and the acting-for subject page. */
import type { Queryable, Tx } from '../../platform/db/index.js';
import type { ProxyGrantsTable } from '../../platform/db/schema.js';

export interface GrantRow {
  id: string;
  grantorPersonId: string;
  ombudPersonId: string;
  scopes: string[];
  expiresAt: Date;
  status: ProxyGrantsTable['status'];
  createdAt: Date;
  acceptedAt: Date | null;
  endedAt: Date | null;
  endedBy: ProxyGrantsTable['ended_by'];
  registeredByStaff: boolean;
}

export interface PartyRow {
  personId: string;
  personalNumber: string;
  name: string;
  protectedIdentity: boolean;
}

export interface GrantView extends GrantRow {
  grantor: PartyRow;
  ombud: PartyRow;
}

const grantColumns = [
  'g.id',
  'g.grantor_person_id',
  'g.ombud_person_id',
  'g.scopes',
  'g.expires_at',
  'g.status',
  'g.created_at',
  'g.accepted_at',
  'g.ended_at',
  'g.ended_by',
  'g.registered_by_staff_id',
] as const;

type RawGrant = {
  id: string;
  grantor_person_id: string;
  ombud_person_id: string;
  scopes: string[];
  expires_at: Date;
  status: ProxyGrantsTable['status'];
  created_at: Date;
  accepted_at: Date | null;
  ended_at: Date | null;
  ended_by: ProxyGrantsTable['ended_by'];
  registered_by_staff_id: string | null;
};

const toGrant = (r: RawGrant): GrantRow => ({
  id: r.id,
  grantorPersonId: r.grantor_person_id,
  ombudPersonId: r.ombud_person_id,
  scopes: r.scopes,
  expiresAt: r.expires_at,
  status: r.status,
  createdAt: r.created_at,
  acceptedAt: r.accepted_at,
  endedAt: r.ended_at,
  endedBy: r.ended_by,
  registeredByStaff: r.registered_by_staff_id !== null,
});

/** Grants where `personId` is grantor or ombud, newest first, with both parties' names. */
export async function listGrantsOf(q: Queryable, personId: string): Promise<GrantView[]> {
  const rows = await q
    .selectFrom('proxy_grants as g')
    .innerJoin('persons as gp', 'gp.id', 'g.grantor_person_id')
    .innerJoin('persons as op', 'op.id', 'g.ombud_person_id')
    .select(grantColumns)
    .select([
      'gp.personal_number as grantor_pnr',
      'gp.given_name as grantor_given',
      'gp.family_name as grantor_family',
      'gp.protected_identity as grantor_protected',
      'op.personal_number as ombud_pnr',
      'op.given_name as ombud_given',
      'op.family_name as ombud_family',
      'op.protected_identity as ombud_protected',
    ])
    .where((eb) => eb.or([eb('g.grantor_person_id', '=', personId), eb('g.ombud_person_id', '=', personId)]))
    .orderBy('g.created_at', 'desc')
    .orderBy('g.id')
    .execute();
  return rows.map((r) => ({
    ...toGrant(r),
    grantor: {
      personId: r.grantor_person_id,
      personalNumber: r.grantor_pnr,
      name: `${r.grantor_given} ${r.grantor_family}`,
      protectedIdentity: r.grantor_protected,
    },
    ombud: {
      personId: r.ombud_person_id,
      personalNumber: r.ombud_pnr,
      name: `${r.ombud_given} ${r.ombud_family}`,
      protectedIdentity: r.ombud_protected,
    },
  }));
}

/** One grant with both parties (no access check: callers check the party first). */
export async function findGrantView(q: Queryable, id: string): Promise<GrantView | null> {
  const row = await q.selectFrom('proxy_grants').select(['grantor_person_id']).where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  return (await listGrantsOf(q, row.grantor_person_id)).find((g) => g.id === id) ?? null;
}

/**
 * Locks a grant `for update` — the revocation side of the ordering with
 * `resolveSubject`'s `for share`: taken while a request acting under the grant
 * is in flight, it waits for that request to commit.
 */
export async function lockGrant(trx: Tx, id: string): Promise<GrantRow | null> {
  const row = await trx
    .selectFrom('proxy_grants as g')
    .select(grantColumns)
    .where('g.id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  return row ? toGrant(row) : null;
}

/**
 * Closes the pair's open grants that have passed their end (so a new one can
 * be made) and returns the open grant still in force, if any — locked.
 */
export async function openGrantOfPair(
  trx: Tx,
  grantorId: string,
  ombudId: string,
  now: Date,
): Promise<GrantRow | null> {
  await trx
    .updateTable('proxy_grants')
    .set({ status: 'ended', ended_by: 'expiry', ended_at: now })
    .where('grantor_person_id', '=', grantorId)
    .where('ombud_person_id', '=', ombudId)
    .where('status', 'in', ['pending', 'active'])
    .where('expires_at', '<=', now)
    .execute();
  const row = await trx
    .selectFrom('proxy_grants as g')
    .select(grantColumns)
    .where('g.grantor_person_id', '=', grantorId)
    .where('g.ombud_person_id', '=', ombudId)
    .where('g.status', 'in', ['pending', 'active'])
    .forUpdate()
    .executeTakeFirst();
  return row ? toGrant(row) : null;
}

export interface NewGrantRow {
  id: string;
  grantorPersonId: string;
  ombudPersonId: string;
  scopes: string[];
  expiresAt: Date;
  now: Date;
  /** Staff registration: created active, with who, where and why. */
  staff?: { staffId: string; unitId: string; reason: string };
}

export async function insertGrant(trx: Tx, g: NewGrantRow): Promise<void> {
  await trx
    .insertInto('proxy_grants')
    .values({
      id: g.id,
      grantor_person_id: g.grantorPersonId,
      ombud_person_id: g.ombudPersonId,
      scopes: g.scopes,
      expires_at: g.expiresAt,
      status: g.staff ? 'active' : 'pending',
      created_at: g.now,
      accepted_at: g.staff ? g.now : null,
      registered_by_staff_id: g.staff?.staffId ?? null,
      registered_unit_id: g.staff?.unitId ?? null,
      registration_reason: g.staff?.reason ?? null,
    })
    .execute();
}

export async function acceptGrant(trx: Tx, id: string, now: Date): Promise<void> {
  await trx.updateTable('proxy_grants').set({ status: 'active', accepted_at: now }).where('id', '=', id).execute();
}

export async function endGrant(trx: Tx, id: string, by: 'grantor' | 'ombud', now: Date): Promise<void> {
  await trx
    .updateTable('proxy_grants')
    .set({ status: 'ended', ended_by: by, ended_at: now })
    .where('id', '=', id)
    .execute();
}

/** What the acting-for switcher shows about a subject: names and listed unit (no address). */
export async function subjectSummary(q: Queryable, personId: string) {
  return q
    .selectFrom('persons as p')
    .leftJoin('units as u', 'u.id', 'p.listed_unit_id')
    .select(['p.id', 'p.personal_number', 'p.given_name', 'p.family_name', 'u.id as unit_id', 'u.name as unit_name'])
    .where('p.id', '=', personId)
    .executeTakeFirst();
}
