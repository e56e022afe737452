/**
 * SQL for the unit administrator's follow-up of emergency accesses. Every
 * function is scoped to one unit; the caller has checked the follow-up right.
 */
import type { Queryable } from '../../platform/db/index.js';

export type EmergencyStatus = 'unreviewed' | 'reviewed' | 'all';

/** The newest entries a follow-up list returns at most. */
export const FOLLOW_UP_LIST_LIMIT = 200;

export interface EmergencyAccessRow {
  id: string;
  unitId: string;
  staff: { staffId: string; name: string; title: string };
  patient: { personId: string; name: string; personalNumber: string; protectedIdentity: boolean };
  reason: string;
  createdAt: string;
  expiresAt: string;
  review: { at: string; by: { staffId: string; name: string }; note: string } | null;
}

function baseQuery(q: Queryable, unitId: string) {
  return q
    .selectFrom('emergency_accesses as e')
    .innerJoin('staff as s', 's.id', 'e.staff_id')
    .innerJoin('persons as p', 'p.id', 'e.person_id')
    .leftJoin('staff as r', 'r.id', 'e.reviewed_by')
    .select([
      'e.id',
      'e.unit_id',
      'e.reason',
      'e.created_at',
      'e.expires_at',
      'e.reviewed_at',
      'e.review_note',
      's.id as staff_id',
      's.given_name as staff_given',
      's.family_name as staff_family',
      's.title as staff_title',
      'p.id as person_id',
      'p.given_name as person_given',
      'p.family_name as person_family',
      'p.personal_number',
      'p.protected_identity',
      'r.id as reviewer_id',
      'r.given_name as reviewer_given',
      'r.family_name as reviewer_family',
    ])
    .where('e.unit_id', '=', unitId);
}

type Row = Awaited<ReturnType<ReturnType<typeof baseQuery>['executeTakeFirstOrThrow']>>;

// Only the name and personnummer of the patient are selected: no contact details
// can reach the follow-up list, protected identity or not.
const toItem = (r: Row): EmergencyAccessRow => ({
  id: r.id,
  unitId: r.unit_id,
  staff: { staffId: r.staff_id, name: `${r.staff_given} ${r.staff_family}`, title: r.staff_title },
  patient: {
    personId: r.person_id,
    name: `${r.person_given} ${r.person_family}`,
    personalNumber: r.personal_number,
    protectedIdentity: r.protected_identity,
  },
  reason: r.reason,
  createdAt: r.created_at.toISOString(),
  expiresAt: r.expires_at.toISOString(),
  review:
    r.reviewed_at && r.reviewer_id
      ? {
          at: r.reviewed_at.toISOString(),
          by: { staffId: r.reviewer_id, name: `${r.reviewer_given} ${r.reviewer_family}` },
          note: r.review_note ?? '',
        }
      : null,
});

/** The unit's emergency accesses with the given review status, newest first. */
export async function listEmergencyAccesses(
  q: Queryable,
  unitId: string,
  status: EmergencyStatus,
): Promise<EmergencyAccessRow[]> {
  let query = baseQuery(q, unitId);
  if (status === 'unreviewed') query = query.where('e.reviewed_at', 'is', null);
  if (status === 'reviewed') query = query.where('e.reviewed_at', 'is not', null);
  const rows = await query.orderBy('e.created_at', 'desc').orderBy('e.id').limit(FOLLOW_UP_LIST_LIMIT).execute();
  return rows.map(toItem);
}

/** One emergency access of the unit, or null; `forUpdate` locks it for the review. */
export async function findEmergencyAccess(
  q: Queryable,
  unitId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<EmergencyAccessRow | null> {
  let query = baseQuery(q, unitId).where('e.id', '=', id);
  if (options.forUpdate) query = query.forUpdate('e');
  const row = await query.executeTakeFirst();
  return row ? toItem(row) : null;
}

/** Marks the access reviewed. */
export async function markReviewed(
  q: Queryable,
  input: { id: string; reviewerId: string; note: string; now: Date },
): Promise<void> {
  await q
    .updateTable('emergency_accesses')
    .set({ reviewed_at: input.now, reviewed_by: input.reviewerId, review_note: input.note })
    .where('id', '=', input.id)
    .execute();
}

/** True when the unit exists (active or not). */
export async function unitExists(q: Queryable, unitId: string): Promise<boolean> {
  return (await q.selectFrom('units').select('id').where('id', '=', unitId).executeTakeFirst()) !== undefined;
}
