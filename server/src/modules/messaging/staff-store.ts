/**
 * SQL of the staff side of messaging that store.ts does not already hold: the
 * facts a conversation summary shows, the status change, the colleague check,
 * a conversation started by staff, and the patient's other conversations.
 */
import type { Queryable, Tx } from '../../platform/db/index.js';
import type { ConversationsTable } from '../../platform/db/schema.js';
import { insertConversation, type NewConversation } from './entry-store.js';

/** Name, personnummer and protection of the conversation's patient. */
export async function patientFacts(q: Queryable, personId: string) {
  return q
    .selectFrom('persons')
    .select(['id', 'given_name', 'family_name', 'personal_number', 'protected_identity'])
    .where('id', '=', personId)
    .executeTakeFirstOrThrow();
}

/** A staff member's name (the assignee). */
export async function staffName(q: Queryable, staffId: string) {
  return q.selectFrom('staff').select(['id', 'given_name', 'family_name']).where('id', '=', staffId).executeTakeFirst();
}

/** Whether `staffId` is an active member of the unit's staff. */
export async function isActiveColleague(q: Queryable, unitId: string, staffId: string): Promise<boolean> {
  const row = await q
    .selectFrom('staff_unit_roles as r')
    .innerJoin('staff as s', 's.id', 'r.staff_id')
    .select('s.id')
    .where('r.unit_id', '=', unitId)
    .where('s.id', '=', staffId)
    .where('s.active', '=', true)
    .executeTakeFirst();
  return row !== undefined;
}

/** Stores a status change the state machine allowed; returns the row. */
export async function setStatus(
  trx: Tx,
  id: string,
  change: {
    status: ConversationsTable['status'];
    allowReplyWhenClosed: boolean;
    closedAt: Date | null;
    assignee?: string | null;
    now: Date;
  },
) {
  return trx
    .updateTable('conversations')
    .set({
      status: change.status,
      allow_reply_when_closed: change.allowReplyWhenClosed,
      closed_at: change.closedAt,
      ...(change.assignee !== undefined ? { assignee_staff_id: change.assignee } : {}),
      last_unit_activity_at: change.now,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A conversation a staff member starts (assigned to them). */
export async function insertStaffConversation(trx: Tx, c: NewConversation & { staffId: string }): Promise<void> {
  return insertConversation(trx, c);
}

/** The patient's other conversations with the unit, latest first. */
export async function otherConversations(q: Queryable, patientId: string, unitId: string, exceptId: string) {
  return q
    .selectFrom('conversations')
    .select(['id', 'subject', 'status', 'last_unit_activity_at'])
    .where('patient_id', '=', patientId)
    .where('unit_id', '=', unitId)
    .where('id', '<>', exceptId)
    .orderBy('last_unit_activity_at', 'desc')
    .limit(20)
    .execute();
}
