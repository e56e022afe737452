/** The SQL of the audit module: the patient's list of staff accesses, the administrators' search, searches logged. */
import { sql } from 'kysely';
import { uuid } from '../../platform/db/helpers.js';
import type { Queryable } from '../../platform/db/index.js';

export interface StaffAccessRow {
  id: string;
  at: Date;
  seq: number;
  actor_role: string | null;
  action: string;
  record_type: string;
  purpose: string;
  flagged: boolean;
  unit_id: string | null;
  unit_name: string | null;
  given_name: string | null;
  family_name: string | null;
  title: string | null;
}

/**
 * Staff and support accesses to one subject, newest first (by chain seq, so
 * the order is exact), `limit + 1` rows so the caller can tell if more exist.
 */
export async function listStaffAccesses(
  q: Queryable,
  subjectId: string,
  beforeSeq: number | null,
  limit: number,
): Promise<StaffAccessRow[]> {
  let query = q
    .selectFrom('audit_log as a')
    .leftJoin('units as u', 'u.id', 'a.unit_id')
    .leftJoin('staff as s', 's.id', 'a.actor_staff_id')
    .select([
      'a.id',
      'a.at',
      'a.seq',
      'a.actor_role',
      'a.action',
      'a.record_type',
      'a.purpose',
      'a.flagged',
      'a.unit_id',
      'u.name as unit_name',
      's.given_name',
      's.family_name',
      's.title',
    ])
    .where('a.subject_person_id', '=', subjectId)
    .where('a.actor_kind', 'in', ['staff', 'support'])
    .orderBy('a.seq', 'desc')
    .limit(limit + 1);
  if (beforeSeq !== null) query = query.where('a.seq', '<', beforeSeq);
  const rows = await query.execute();
  return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
}

export interface AuditSearchFilter {
  subjectId?: string;
  staffId?: string;
  unitId?: string;
  from?: Date;
  to?: Date;
  /** Keyset: entries strictly older than (at, id). `at` is PostgreSQL's text form (keeps microseconds). */
  before?: { at: string; id: string };
}

/** The region administrators' search, newest first by (at, id); `limit + 1` rows. */
export async function searchAuditLog(q: Queryable, filter: AuditSearchFilter, limit: number) {
  let query = q
    .selectFrom('audit_log as a')
    .innerJoin('persons as p', 'p.id', 'a.subject_person_id')
    .leftJoin('units as u', 'u.id', 'a.unit_id')
    .leftJoin('staff as s', 's.id', 'a.actor_staff_id')
    .leftJoin('persons as ap', 'ap.id', 'a.actor_person_id')
    .select([
      'a.id',
      'a.at',
      sql<string>`a.at::text`.as('at_key'),
      'a.seq',
      'a.subject_person_id',
      'p.personal_number',
      'p.given_name as subject_given_name',
      'p.family_name as subject_family_name',
      'a.actor_kind',
      'a.actor_staff_id',
      'a.actor_person_id',
      'a.actor_role',
      's.given_name as staff_given_name',
      's.family_name as staff_family_name',
      's.title as staff_title',
      'ap.given_name as actor_given_name',
      'ap.family_name as actor_family_name',
      'a.unit_id',
      'u.name as unit_name',
      'a.on_behalf_of_relation',
      'a.action',
      'a.record_type',
      'a.record_id',
      'a.purpose',
      'a.flagged',
      'a.reason',
    ])
    .orderBy('a.at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(limit + 1);
  if (filter.subjectId) query = query.where('a.subject_person_id', '=', filter.subjectId);
  if (filter.staffId) query = query.where('a.actor_staff_id', '=', filter.staffId);
  if (filter.unitId) query = query.where('a.unit_id', '=', filter.unitId);
  if (filter.from) query = query.where('a.at', '>=', filter.from);
  if (filter.to) query = query.where('a.at', '<', filter.to);
  if (filter.before) {
    query = query.where(sql<boolean>`(a.at, a.id) < (${filter.before.at}::timestamptz, ${filter.before.id}::uuid)`);
  }
  const rows = await query.execute();
  return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
}

export type AuditSearchRow = Awaited<ReturnType<typeof searchAuditLog>>[number];

/** The person id behind a personnummer, if the person is known here. */
export async function personIdByPersonalNumber(q: Queryable, personalNumber: string): Promise<string | null> {
  const row = await q
    .selectFrom('persons')
    .select('id')
    .where('personal_number', '=', personalNumber)
    .executeTakeFirst();
  return row?.id ?? null;
}

/** Logs one search of the log (append-only table). */
export async function insertAuditSearch(
  q: Queryable,
  search: { staffId: string; at: Date; filters: Record<string, string>; resultCount: number },
): Promise<void> {
  await q
    .insertInto('audit_searches')
    .values({
      id: uuid(),
      at: search.at,
      staff_id: search.staffId,
      filters: JSON.stringify(search.filters),
      result_count: search.resultCount,
    })
    .execute();
}
