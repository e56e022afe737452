/** SQL for the drop-in queue (migration 260): queues, entries, take-next, the sweeps. */
import type { Selectable } from 'kysely';
import type { Queryable } from '../../platform/db/index.js';
import type { DropInEntriesTable, DropInQueuesTable } from '../../platform/db/schema.js';

export type QueueRow = Omit<Selectable<DropInQueuesTable>, 'opened_by_staff_id'>;

const QUEUE_COLUMNS = [
  'id',
  'unit_id',
  'kind',
  'status',
  'opened_at',
  'closes_at',
  'answer_minutes',
  'closed_at',
] as const;

export async function openQueueOf(q: Queryable, unitId: string, lock = false): Promise<QueueRow | undefined> {
  let query = q
    .selectFrom('drop_in_queues')
    .select(QUEUE_COLUMNS)
    .where('unit_id', '=', unitId)
    .where('status', '=', 'open');
  if (lock) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function findQueue(q: Queryable, id: string): Promise<QueueRow | undefined> {
  return q.selectFrom('drop_in_queues').select(QUEUE_COLUMNS).where('id', '=', id).executeTakeFirst();
}

export async function insertQueue(
  q: Queryable,
  row: {
    id: string;
    unitId: string;
    kind: 'video' | 'chat';
    staffId: string;
    at: Date;
    closesAt: Date;
    answerMinutes: number;
  },
): Promise<void> {
  await q
    .insertInto('drop_in_queues')
    .values({
      id: row.id,
      unit_id: row.unitId,
      kind: row.kind,
      status: 'open',
      opened_by_staff_id: row.staffId,
      opened_at: row.at,
      closes_at: row.closesAt,
      answer_minutes: row.answerMinutes,
    })
    .execute();
}

export async function closeQueue(q: Queryable, id: string, at: Date): Promise<boolean> {
  const r = await q
    .updateTable('drop_in_queues')
    .set({ status: 'closed', closed_at: at })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Open queues whose set hours have ended. */
export async function queuesPastClosing(q: Queryable, now: Date): Promise<string[]> {
  const rows = await q
    .selectFrom('drop_in_queues')
    .select('id')
    .where('status', '=', 'open')
    .where('closes_at', '<=', now)
    .execute();
  return rows.map((r) => r.id);
}

export type EntryRow = Omit<Selectable<DropInEntriesTable>, 'ended_at'>;

const ENTRY_COLUMNS = [
  'id',
  'queue_id',
  'decision_id',
  'session_id',
  'subject_person_id',
  'actor_person_id',
  'urgency_rank',
  'queued_at',
  'status',
  'called_at',
  'called_by_staff_id',
  'answer_by',
  'meeting_id',
  'conversation_id',
  'requeued',
  'removed_reason',
] as const;

export async function findEntry(q: Queryable, id: string, lock = false): Promise<EntryRow | undefined> {
  let query = q.selectFrom('drop_in_entries').select(ENTRY_COLUMNS).where('id', '=', id);
  if (lock) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function entryOfDecision(q: Queryable, decisionId: string): Promise<EntryRow | undefined> {
  return q.selectFrom('drop_in_entries').select(ENTRY_COLUMNS).where('decision_id', '=', decisionId).executeTakeFirst();
}

export async function insertEntry(
  q: Queryable,
  row: Pick<
    EntryRow,
    'id' | 'queue_id' | 'decision_id' | 'session_id' | 'subject_person_id' | 'actor_person_id' | 'urgency_rank'
  > & { at: Date },
): Promise<void> {
  const { at, ...rest } = row;
  await q
    .insertInto('drop_in_entries')
    .values({ ...rest, queued_at: at, status: 'waiting' })
    .onConflict((oc) => oc.column('decision_id').doNothing())
    .execute();
}

/**
 * The head of the queue (most urgent, then longest waiting), locked. SKIP
 * LOCKED: a colleague taking at the same moment gets the next one instead of
 * waiting for this row — two takes never return the same patient.
 */
export async function lockNextWaiting(q: Queryable, queueId: string): Promise<EntryRow | undefined> {
  return q
    .selectFrom('drop_in_entries')
    .select(ENTRY_COLUMNS)
    .where('queue_id', '=', queueId)
    .where('status', '=', 'waiting')
    .orderBy('urgency_rank')
    .orderBy('queued_at')
    .orderBy('id')
    .limit(1)
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();
}

export async function markCalled(q: Queryable, id: string, staffId: string, at: Date, answerBy: Date): Promise<void> {
  await q
    .updateTable('drop_in_entries')
    .set({ status: 'called', called_at: at, called_by_staff_id: staffId, answer_by: answerBy })
    .where('id', '=', id)
    .execute();
}

export async function setMeeting(q: Queryable, id: string, meetingId: string): Promise<void> {
  await q.updateTable('drop_in_entries').set({ meeting_id: meetingId }).where('id', '=', id).execute();
}

/** A chat turn's conversation. */
export async function setConversation(q: Queryable, id: string, conversationId: string): Promise<void> {
  await q.updateTable('drop_in_entries').set({ conversation_id: conversationId }).where('id', '=', id).execute();
}

/** Back to waiting at the end of its urgency band (`requeued` marks the one second chance). */
export async function requeue(q: Queryable, id: string, at: Date, countAsSecondChance: boolean): Promise<void> {
  await q
    .updateTable('drop_in_entries')
    .set((eb) => ({
      status: 'waiting',
      queued_at: at,
      called_at: null,
      called_by_staff_id: null,
      answer_by: null,
      meeting_id: null,
      conversation_id: null,
      requeued: countAsSecondChance ? true : eb.ref('requeued'),
    }))
    .where('id', '=', id)
    .execute();
}

export async function markAnswered(q: Queryable, id: string, at: Date): Promise<void> {
  await q.updateTable('drop_in_entries').set({ status: 'answered', ended_at: at }).where('id', '=', id).execute();
}

export async function removeEntry(
  q: Queryable,
  id: string,
  reason: 'no_answer' | 'queue_closed' | 'left',
  at: Date,
): Promise<void> {
  await q
    .updateTable('drop_in_entries')
    .set({ status: 'removed', removed_reason: reason, ended_at: at })
    .where('id', '=', id)
    .execute();
}

/** Everyone still waiting or called when a queue closes is removed (and told by their next poll). */
export async function removeAllOfQueue(q: Queryable, queueId: string, at: Date): Promise<number> {
  const r = await q
    .updateTable('drop_in_entries')
    .set({ status: 'removed', removed_reason: 'queue_closed', ended_at: at })
    .where('queue_id', '=', queueId)
    .where('status', 'in', ['waiting', 'called'])
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Called patients whose time to answer has run out, locked (one sweeping instance handles each). */
export async function overdueCalled(q: Queryable, now: Date): Promise<EntryRow[]> {
  return q
    .selectFrom('drop_in_entries')
    .select(ENTRY_COLUMNS)
    .where('status', '=', 'called')
    .where('answer_by', '<=', now)
    .forUpdate()
    .skipLocked()
    .execute();
}

/** What a patient's poll needs, for every entry of one queue (the cached snapshot). */
export async function queueSnapshotRows(q: Queryable, queueId: string) {
  return q
    .selectFrom('drop_in_entries')
    .select([
      'id',
      'actor_person_id',
      'urgency_rank',
      'queued_at',
      'status',
      'meeting_id',
      'conversation_id',
      'answer_by',
      'removed_reason',
    ])
    .where('queue_id', '=', queueId)
    .orderBy('urgency_rank')
    .orderBy('queued_at')
    .orderBy('id')
    .execute();
}

/** Waiting patients per urgency rank (counts only: the staff overview names no one). */
export async function waitingCounts(q: Queryable, queueId: string) {
  return q
    .selectFrom('drop_in_entries')
    .select(['urgency_rank', (eb) => eb.fn.countAll<string>().as('n')])
    .where('queue_id', '=', queueId)
    .where('status', '=', 'waiting')
    .groupBy('urgency_rank')
    .execute();
}

/** The patients a staff member has taken from a queue and not finished with (names: audited by the caller). */
export async function takenBy(q: Queryable, queueId: string, staffId: string) {
  return q
    .selectFrom('drop_in_entries as e')
    .innerJoin('persons as p', 'p.id', 'e.subject_person_id')
    .select([
      'e.id',
      'e.session_id',
      'e.subject_person_id',
      'e.status',
      'e.meeting_id',
      'e.conversation_id',
      'e.called_at',
      'p.given_name',
      'p.family_name',
      'p.protected_identity',
    ])
    .where('e.queue_id', '=', queueId)
    .where('e.called_by_staff_id', '=', staffId)
    .where('e.status', 'in', ['called', 'answered'])
    .orderBy('e.called_at', 'desc')
    .execute();
}

export async function personName(q: Queryable, personId: string) {
  return q
    .selectFrom('persons')
    .select(['given_name', 'family_name', 'protected_identity'])
    .where('id', '=', personId)
    .executeTakeFirst();
}
