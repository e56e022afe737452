/** SQL for support cases, their messages, agents and the mail logs (tables of migration 180). */
import type { AgentLoad } from '@ingang/domain';
import { type Insertable, type Selectable, sql } from 'kysely';
import type { Queryable, Tx } from '../../platform/db/index.js';
import type { DB, SupportCasesTable } from '../../platform/db/schema.js';

export type CaseRow = Selectable<SupportCasesTable>;
export type MessageRow = Selectable<DB['support_messages']>;
export type QueueView = 'new' | 'mine' | 'waiting' | 'escalated' | 'closed';

export const OPEN_STATUSES = ['new', 'open', 'waiting', 'escalated'] as const;

export async function insertCase(q: Queryable, row: Insertable<SupportCasesTable>) {
  await q.insertInto('support_cases').values(row).execute();
}

export async function insertMessage(q: Queryable, row: Insertable<DB['support_messages']>): Promise<void> {
  await q.insertInto('support_messages').values(row).execute();
}

export async function getCase(q: Queryable, id: string): Promise<CaseRow | undefined> {
  return q.selectFrom('support_cases').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The case, row-locked for the rest of the transaction (state changes read-check-write under it). */
export async function lockCase(trx: Tx, id: string): Promise<CaseRow | undefined> {
  return trx.selectFrom('support_cases').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function updateCase(q: Queryable, id: string, patch: Partial<Omit<CaseRow, 'id'>>): Promise<void> {
  await q.updateTable('support_cases').set(patch).where('id', '=', id).execute();
}

export async function messagesOf(q: Queryable, caseId: string, withNotes: boolean): Promise<MessageRow[]> {
  let query = q.selectFrom('support_messages').selectAll().where('case_id', '=', caseId);
  if (!withNotes) query = query.where('author_kind', '!=', 'note');
  return query.orderBy('created_at').orderBy('id').limit(1000).execute();
}

/** A citizen's own cases, newest first (the only cases a citizen can ever read). */
export async function casesOfPerson(q: Queryable, personId: string): Promise<CaseRow[]> {
  return q
    .selectFrom('support_cases')
    .selectAll()
    .where('person_id', '=', personId)
    .where('status', '!=', 'merged')
    .orderBy('created_at', 'desc')
    .limit(100)
    .execute();
}

/** One queue view, the longest-waiting first (wall-clock order is opening-hours order). */
export async function queue(q: Queryable, view: QueueView, staffId: string, limit = 200): Promise<CaseRow[]> {
  let query = q.selectFrom('support_cases').selectAll();
  switch (view) {
    case 'new':
      query = query.where('status', '=', 'new');
      break;
    case 'mine':
      query = query.where('assignee_staff_id', '=', staffId).where('status', 'in', [...OPEN_STATUSES]);
      break;
    case 'waiting':
      query = query.where('status', '=', 'waiting');
      break;
    case 'escalated':
      query = query.where((eb) =>
        eb.or([
          eb('status', '=', 'escalated'),
          eb.and([eb('breach_escalated_at', 'is not', null), eb('status', 'in', ['new', 'open'])]),
        ]),
      );
      break;
    case 'closed':
      return query.where('status', 'in', ['closed', 'merged']).orderBy('closed_at', 'desc').limit(limit).execute();
  }
  // waiting_since is set while the citizen waits; the index (status, waiting_since) serves the views.
  return query.orderBy(sql`waiting_since asc nulls last`).orderBy('id').limit(limit).execute();
}

/** The oldest unassigned new case (or one whose offer lapsed), locked and skipped by concurrent takers. */
export async function nextFreeCase(trx: Tx): Promise<CaseRow | undefined> {
  return trx
    .selectFrom('support_cases')
    .selectAll()
    .where('status', '=', 'new')
    .where('assignee_staff_id', 'is', null)
    .orderBy('created_at')
    .limit(1)
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();
}

/**
 * Each support agent's availability, load and last assignment (first line only when `line` is
 * given; only agents who answer in `fit.locale` and did not decline, when `fit` is given).
 */
export async function agentLoads(
  q: Queryable,
  line?: 'first_line' | 'second_line',
  fit?: { locale: string; declinedBy: string[] },
): Promise<AgentLoad[]> {
  let query = q
    .selectFrom('support_agents as a')
    .innerJoin('staff as s', 's.id', 'a.staff_id')
    .select((eb) => [
      'a.staff_id',
      'a.available',
      'a.max_concurrent',
      'a.last_assigned_at',
      eb
        .selectFrom('support_cases as c')
        .select(eb.fn.countAll<string>().as('n'))
        .whereRef('c.assignee_staff_id', '=', 'a.staff_id')
        .where('c.status', 'in', ['new', 'open'])
        .as('open_cases'),
    ])
    .where('s.active', '=', true)
    .where('s.support_role', 'is not', null);
  if (line) query = query.where('s.support_role', '=', line);
  if (fit) {
    query = query.where(sql<boolean>`${fit.locale} = any(a.languages)`);
    if (fit.declinedBy.length) query = query.where('a.staff_id', 'not in', fit.declinedBy);
  }
  const rows = await query.execute();
  return rows.map((r) => ({
    staffId: r.staff_id,
    available: r.available,
    openCases: Number(r.open_cases ?? 0),
    limit: r.max_concurrent,
    lastAssignedAt: r.last_assigned_at,
  }));
}

/**
 * Locks one agent's row if it is free and says whether they still have room (available, open
 * cases under their limit), re-counted under the lock so two concurrent offers cannot both fill
 * the last place.
 */
export async function lockAgentWithRoom(trx: Tx, staffId: string): Promise<{ languages: string[] } | null> {
  const agent = await trx
    .selectFrom('support_agents')
    .select(['available', 'max_concurrent', 'languages'])
    .where('staff_id', '=', staffId)
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();
  // Locked by another new case right now (or gone): try the next agent rather than wait, so
  // intake never waits on agent rows and never holds two of them in a waiting order (deadlock).
  if (!agent?.available) return null;
  const open = await trx
    .selectFrom('support_cases')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('assignee_staff_id', '=', staffId)
    .where('status', 'in', ['new', 'open'])
    .executeTakeFirst();
  return Number(open?.n ?? 0) < agent.max_concurrent ? { languages: agent.languages } : null;
}

/**
 * The longest-waiting unassigned new case an agent may be offered (its locale among their
 * languages, not declined by them), locked; cases locked by a concurrent offer are skipped, so
 * two instances offering at once never offer one case twice.
 */
export async function nextCaseFor(trx: Tx, staffId: string, languages: string[]): Promise<CaseRow | undefined> {
  if (languages.length === 0) return undefined;
  return trx
    .selectFrom('support_cases')
    .selectAll()
    .where('status', '=', 'new')
    .where('assignee_staff_id', 'is', null)
    .where('locale', 'in', languages as ('sv' | 'en')[])
    .where(sql<boolean>`not (${staffId}::uuid = any(declined_by))`)
    .orderBy('created_at')
    .orderBy('id')
    .limit(1)
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();
}

/**
 * Cases offered to the agent and not yet accepted, in the order the citizens started waiting
 * (not by offered_at: several offers can share one instant). What the agent is asked to accept.
 */
export async function offersTo(q: Queryable, staffId: string): Promise<CaseRow[]> {
  return q
    .selectFrom('support_cases')
    .selectAll()
    .where('assignee_staff_id', '=', staffId)
    .where('status', '=', 'new')
    .where('accepted_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .limit(20)
    .execute();
}

/** Takes an offer back from the agent who declined it; they are not offered the case again. */
export async function declineOffer(trx: Tx, caseId: string, staffId: string): Promise<void> {
  await trx
    .updateTable('support_cases')
    .set({
      assignee_staff_id: null,
      offered_at: null,
      declined_by: sql<string[]>`array_append(declined_by, ${staffId}::uuid)`,
    })
    .where('id', '=', caseId)
    .execute();
}

/** Makes sure the agent has a support_agents row (created unavailable). */
export async function ensureAgent(q: Queryable, staffId: string, now: Date): Promise<void> {
  await q
    .insertInto('support_agents')
    .values({ staff_id: staffId, updated_at: now })
    .onConflict((oc) => oc.column('staff_id').doNothing())
    .execute();
}

export async function agentRow(q: Queryable, staffId: string) {
  return q.selectFrom('support_agents').selectAll().where('staff_id', '=', staffId).executeTakeFirst();
}

export async function setAgent(
  q: Queryable,
  staffId: string,
  patch: { available?: boolean; max_concurrent?: number; last_assigned_at?: Date; languages?: string[] },
  now: Date,
): Promise<void> {
  await q
    .updateTable('support_agents')
    .set({ ...patch, updated_at: now })
    .where('staff_id', '=', staffId)
    .execute();
}

/** Display names of staff, by id. */
export async function staffNames(q: Queryable, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((i): i is string => i !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await q
    .selectFrom('staff')
    .select(['id', 'given_name', 'family_name'])
    .where('id', 'in', wanted)
    .execute();
  return new Map(rows.map((r) => [r.id, `${r.given_name} ${r.family_name}`]));
}

/** The e-mail addresses of every support agent (mail "from" them is not a citizen's). */
export async function agentAddresses(q: Queryable): Promise<string[]> {
  const rows = await q.selectFrom('staff').select('email').where('support_role', 'is not', null).execute();
  return rows.map((r) => r.email).filter((e): e is string => !!e);
}

/** The open case a mail belongs to: by a Message-ID of the thread, else by the subject's tag from the same sender. */
export async function findThreadCase(
  q: Queryable,
  messageIds: string[],
  reference: string | null,
  from: string,
): Promise<CaseRow | undefined> {
  if (messageIds.length > 0) {
    const byId = await q
      .selectFrom('support_cases')
      .selectAll()
      .where(sql<boolean>`mail_refs && ${sql.val(messageIds)}::text[]`)
      .where(sql<boolean>`lower(contact_email) = ${from.toLowerCase()}`)
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
    if (byId) return byId;
  }
  if (!reference) return undefined;
  // The tag alone is guessable: it threads only for the address the case was opened from.
  return q
    .selectFrom('support_cases')
    .selectAll()
    .where('reference', '=', reference)
    .where(sql<boolean>`lower(contact_email) = ${from.toLowerCase()}`)
    .executeTakeFirst();
}

export async function mailsSentSince(q: Queryable, address: string, since: Date): Promise<number> {
  const r = await q
    .selectFrom('support_mail_sent')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('address', '=', address.toLowerCase())
    .where('sent_at', '>', since)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function insertMailSent(
  q: Queryable,
  row: { id: string; address: string; case_id: string; message_id: string; sent_at: Date },
): Promise<void> {
  await q
    .insertInto('support_mail_sent')
    .values({ ...row, address: row.address.toLowerCase() })
    .execute();
}

export async function insertInbound(q: Queryable, row: Insertable<DB['support_inbound_mail']>): Promise<void> {
  await q.insertInto('support_inbound_mail').values(row).execute();
}

/** Offers made at or before `before` that nobody accepted (round robin moves on). */
export async function lapsedOffers(q: Queryable, before: Date) {
  return q
    .selectFrom('support_cases')
    .select(['id', 'assignee_staff_id'])
    .where('status', '=', 'new')
    .where('accepted_at', 'is', null)
    .where('offered_at', '<=', before)
    .limit(500)
    .execute();
}

/** Open cases past their first-answer deadline and not yet flagged to second line. */
export async function breachedCases(q: Queryable, now: Date) {
  return q
    .selectFrom('support_cases')
    .select(['id'])
    .where('status', 'in', ['new', 'open'])
    .where('first_answer_at', 'is', null)
    .where('breach_escalated_at', 'is', null)
    .where('first_answer_due_at', '<=', now)
    .limit(1000)
    .execute();
}

/** Recent first-answer times (opening-hour minutes), for the "typically within" figure. */
export async function recentFirstAnswers(q: Queryable, since: Date): Promise<number[]> {
  const rows = await q
    .selectFrom('support_cases')
    .select('first_answer_open_minutes')
    .where('first_answer_at', '>', since)
    .where('first_answer_open_minutes', 'is not', null)
    .orderBy('first_answer_at', 'desc')
    .limit(500)
    .execute();
  return rows.map((r) => r.first_answer_open_minutes ?? 0);
}

/** The oldest case offered to the agent and not yet accepted, locked. */
export async function offeredTo(trx: Tx, staffId: string): Promise<CaseRow | undefined> {
  return trx
    .selectFrom('support_cases')
    .selectAll()
    .where('assignee_staff_id', '=', staffId)
    .where('status', '=', 'new')
    .where('accepted_at', 'is', null)
    .orderBy('created_at')
    .limit(1)
    .forUpdate()
    .executeTakeFirst();
}

/** Moves every message of one case to another (merging duplicates). */
export async function moveMessages(trx: Tx, fromCaseId: string, toCaseId: string): Promise<void> {
  await trx.updateTable('support_messages').set({ case_id: toCaseId }).where('case_id', '=', fromCaseId).execute();
}

/** A citizen's given name (the greeting placeholder), or undefined. */
export async function personName(q: Queryable, personId: string) {
  return q.selectFrom('persons').select(['given_name']).where('id', '=', personId).executeTakeFirst();
}

/** The message with this mail Message-ID, if already filed (a resent mail is not filed twice). */
export async function messageByMailId(q: Queryable, messageId: string) {
  return q.selectFrom('support_messages').select('case_id').where('message_id', '=', messageId).executeTakeFirst();
}
