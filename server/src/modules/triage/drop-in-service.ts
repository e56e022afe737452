/**
 * The drop-in queue ("digital väntrum"). A unit opens a video queue until a
 * set time; a patient whose triage was routed to the unit's drop-in joins it;
 * the queue is ordered by urgency, then arrival; staff take the head (SKIP
 * LOCKED, so two nurses taking at once get different patients), which starts
 * a video meeting through the video module's face. A called patient who does
 * not answer in time goes back once, then is removed; a queue that closes
 * removes everyone still waiting. Every state change is in PostgreSQL and is
 * announced on the hub, so every instance serves every step.
 *
 * The patient's poll reads a per-queue snapshot that an instance reloads only
 * after a hub announcement (or after SNAPSHOT_MAX_AGE_MS, should one be lost):
 * many patients polling cost no database read each. The poll shows a place in
 * a queue and the state — no health data — so it is not audited; joining,
 * answering and leaving are.
 */
import { URGENCY_LEVELS, type Urgency } from '@ingang/domain';
import type { ActingFor } from '../../platform/acting-for.js';
import { recordAudit, recordAuditMany } from '../../platform/audit.js';
import type { CitizenActor, StaffActor } from '../../platform/auth.js';
import type { Clock } from '../../platform/clock.js';
import { uuid } from '../../platform/db/helpers.js';
import type { Db, Queryable, Tx } from '../../platform/db/index.js';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../platform/errors.js';
import type { Hub } from '../../platform/hub.js';
import { type PatientAccess, patientTransaction } from '../../platform/patient-access.js';
import * as store from './drop-in-store.js';
import { decisionOfSession, findSession } from './session-store.js';

const CHANNEL = 'triage.drop-in';
const RECORD = 'drop_in_entry';
/** A lost hub message costs at most this much staleness. */
const SNAPSHOT_MAX_AGE_MS = 10_000;

export type StartPatientMeeting = (actor: StaffActor, patientId: string, title: string) => Promise<{ id: string }>;
/** Messaging's face: staff write first to a patient (a new conversation in the unit's inbox). */
export type StartPatientChat = (
  actor: StaffActor,
  unitId: string,
  input: { personId: string; subject: string; body: string; attachmentIds: string[] },
) => Promise<{ conversation: { id: string } }>;

/** The first message of a chat turn (the nurse writes on from there). */
export const CHAT_OPENING = {
  subject: 'Drop-in-chatt',
  body: 'Hej! Nu är det din tur i drop-in-chatten. Skriv här vad du behöver hjälp med, så svarar jag.',
};

interface Deps {
  db: Db;
  clock: Clock;
  hub: Hub;
  access: PatientAccess;
  actingFor: ActingFor;
  startMeeting: StartPatientMeeting;
  startChat: StartPatientChat;
  /** Messaging's face: queues a web push notice (fixed kind, a path) in the caller's transaction. */
  pushNotice: PushNotice;
}

export type PushNotice = (q: Queryable, personId: string, kind: 'drop_in_turn', path: string) => Promise<void>;

interface SnapshotEntry {
  actorPersonId: string;
  status: store.EntryRow['status'];
  position: number | null;
  meetingId: string | null;
  conversationId: string | null;
  answerBy: string | null;
  removedReason: store.EntryRow['removed_reason'];
}
interface Snapshot {
  kind: 'video' | 'chat';
  open: boolean;
  waiting: number;
  entries: Map<string, SnapshotEntry>;
  loadedAt: number;
}

function activeUnit(actor: StaffActor): string {
  if (!actor.activeUnitId) throw forbidden('no_active_unit', 'Choose the unit you work in first.');
  return actor.activeUnitId;
}

export function createDropInService(deps: Deps) {
  const { db, clock, hub, access } = deps;
  const snapshots = new Map<string, Snapshot>();
  let unsubscribe: (() => Promise<void>) | undefined;
  // Any instance's change drops this instance's copy of that queue.
  const subscribed = hub
    .subscribe(CHANNEL, (message) => {
      const queueId = (message as { queueId?: unknown }).queueId;
      if (typeof queueId === 'string') snapshots.delete(queueId);
    })
    .then((off) => {
      unsubscribe = off;
    });

  async function changed(...queueIds: string[]) {
    for (const queueId of new Set(queueIds)) {
      snapshots.delete(queueId);
      await hub.publish(CHANNEL, { queueId });
    }
  }

  async function snapshot(queueId: string): Promise<Snapshot | undefined> {
    const hit = snapshots.get(queueId);
    if (hit && Date.now() - hit.loadedAt < SNAPSHOT_MAX_AGE_MS) return hit;
    const queue = await store.findQueue(db, queueId);
    if (!queue) return undefined;
    const rows = await store.queueSnapshotRows(db, queueId);
    const entries = new Map<string, SnapshotEntry>();
    let waiting = 0;
    for (const r of rows) {
      if (r.status === 'waiting') waiting += 1;
      entries.set(r.id, {
        actorPersonId: r.actor_person_id,
        status: r.status,
        position: r.status === 'waiting' ? waiting : null,
        meetingId: r.meeting_id,
        conversationId: r.conversation_id,
        answerBy: r.answer_by?.toISOString() ?? null,
        removedReason: r.removed_reason,
      });
    }
    const snap = { kind: queue.kind, open: queue.status === 'open', waiting, entries, loadedAt: Date.now() };
    // Old queues' copies are dropped wholesale so the cache stays small over months.
    if (snapshots.size > 500) snapshots.clear();
    snapshots.set(queueId, snap);
    return snap;
  }

  async function entryView(queueId: string, entryId: string, personId: string) {
    const snap = await snapshot(queueId);
    const e = snap?.entries.get(entryId);
    if (!snap || !e || e.actorPersonId !== personId) throw notFound('drop-in entry');
    return {
      id: entryId,
      queueId,
      status: e.status,
      position: e.position,
      waiting: snap.waiting,
      kind: snap.kind,
      // The meeting (or chat) only while it is the patient's turn.
      meetingId: e.status === 'called' || e.status === 'answered' ? e.meetingId : null,
      conversationId: e.status === 'called' || e.status === 'answered' ? e.conversationId : null,
      answerBy: e.status === 'called' ? e.answerBy : null,
      removedReason: e.removedReason,
      queueOpen: snap.open,
    };
  }

  /** The patient's own decided triage routed to a drop-in, with the acting-for right re-checked. */
  async function ownDecision(actor: CitizenActor, sessionId: string) {
    const session = await findSession(db, sessionId);
    if (!session || session.actor_person_id !== actor.personId) throw notFound('triage');
    const decision = session.status === 'decided' ? await decisionOfSession(db, sessionId) : undefined;
    if (decision?.route !== 'drop_in_video' || !decision.unit_id) {
      throw conflict('not_drop_in', 'This triage did not lead to a drop-in queue.');
    }
    return { session, decision, unitId: decision.unit_id };
  }

  async function ownEntry(
    actor: CitizenActor,
    entryId: string,
    action: string,
    fn: (trx: Tx, e: store.EntryRow) => Promise<void>,
  ) {
    const peek = await store.findEntry(db, entryId);
    if (!peek || peek.actor_person_id !== actor.personId) throw notFound('drop-in entry');
    await deps.actingFor.withSubject(actor, peek.subject_person_id, 'messages', async (trx, subject) => {
      const entry = await store.findEntry(trx, entryId, true);
      if (!entry) throw notFound('drop-in entry');
      await fn(trx, entry);
      await recordAudit(trx, {
        actor,
        subjectPersonId: entry.subject_person_id,
        action,
        recordType: RECORD,
        recordId: entry.id,
        purpose: 'self_service',
        onBehalf: subject.onBehalf,
        at: clock.now(),
      });
    });
    await changed(peek.queue_id);
    return entryView(peek.queue_id, entryId, actor.personId);
  }

  /** Closes a queue and removes everyone still in it (they are told by their next poll). */
  async function closeAndEmpty(queueId: string): Promise<boolean> {
    const closed = await db.transaction().execute(async (trx) => {
      const now = clock.now();
      if (!(await store.closeQueue(trx, queueId, now))) return false;
      await store.removeAllOfQueue(trx, queueId, now);
      return true;
    });
    if (closed) await changed(queueId);
    return closed;
  }

  return {
    ready: () => subscribed,
    close: async () => {
      await subscribed;
      await unsubscribe?.();
    },

    // ---- the patient (or a guardian for a child)

    /** Whether the unit's queue is open for this triage, and the entry if already in it. */
    async status(actor: CitizenActor, sessionId: string) {
      const { decision, unitId } = await ownDecision(actor, sessionId);
      const existing = await store.entryOfDecision(db, decision.id);
      if (existing) {
        const queue = await store.findQueue(db, existing.queue_id);
        return {
          queue: queue
            ? {
                id: queue.id,
                kind: queue.kind,
                open: queue.status === 'open',
                closesAt: queue.closes_at.toISOString(),
              }
            : null,
          entry: await entryView(existing.queue_id, existing.id, actor.personId),
        };
      }
      const queue = await store.openQueueOf(db, unitId);
      return {
        queue: queue ? { id: queue.id, kind: queue.kind, open: true, closesAt: queue.closes_at.toISOString() } : null,
        entry: null,
      };
    },

    /** Joins the unit's open queue (idempotent: one entry per triage decision). */
    async join(actor: CitizenActor, sessionId: string) {
      const { session, decision, unitId } = await ownDecision(actor, sessionId);
      const entryId = await deps.actingFor.withSubject(
        actor,
        session.subject_person_id,
        'messages',
        async (trx, subject) => {
          const existing = await store.entryOfDecision(trx, decision.id);
          if (existing) return existing.id;
          const queue = await store.openQueueOf(trx, unitId, true);
          const now = clock.now();
          if (!queue || queue.closes_at.getTime() <= now.getTime()) {
            // The client offers the next route: write to the unit, or call 1177.
            throw new AppError(
              409,
              'queue_closed',
              'The drop-in queue is closed. Write to the unit or call 1177.',
              undefined,
              {
                nextRoute: 'message_unit',
              },
            );
          }
          const id = uuid();
          await store.insertEntry(trx, {
            id,
            queue_id: queue.id,
            decision_id: decision.id,
            session_id: session.id,
            subject_person_id: session.subject_person_id,
            actor_person_id: actor.personId,
            urgency_rank: Math.max(0, URGENCY_LEVELS.indexOf(decision.urgency as Urgency)),
            at: now,
          });
          await recordAudit(trx, {
            actor,
            subjectPersonId: session.subject_person_id,
            action: 'create',
            recordType: RECORD,
            recordId: id,
            purpose: 'self_service',
            onBehalf: subject.onBehalf,
            at: now,
          });
          return id;
        },
      );
      const entry = await store.findEntry(db, entryId);
      if (!entry) throw new Error('drop-in entry vanished');
      await changed(entry.queue_id);
      return entryView(entry.queue_id, entry.id, actor.personId);
    },

    /** The place in the queue: from the snapshot, no database read while nothing changes. */
    poll: (actor: CitizenActor, queueId: string, entryId: string) => entryView(queueId, entryId, actor.personId),

    /** "I'm here": the called patient answers and goes to the meeting. */
    async answer(actor: CitizenActor, entryId: string) {
      return ownEntry(actor, entryId, 'update', async (trx, entry) => {
        if (entry.status === 'answered') return;
        if (entry.status === 'removed') throw new AppError(410, 'removed', 'You are no longer in the queue.');
        if (entry.status !== 'called' || !(entry.meeting_id || entry.conversation_id)) {
          throw conflict('not_your_turn', 'It is not your turn yet.');
        }
        if ((entry.answer_by as Date).getTime() <= clock.now().getTime()) {
          throw conflict('answer_time_passed', 'The time to answer has passed; you are back in the queue.');
        }
        await store.markAnswered(trx, entry.id, clock.now());
      });
    },

    /** Leaves the queue. */
    async leave(actor: CitizenActor, entryId: string) {
      return ownEntry(actor, entryId, 'delete', async (trx, entry) => {
        if (entry.status === 'removed') return;
        if (entry.status === 'answered') throw conflict('already_answered', 'The meeting has already started.');
        await store.removeEntry(trx, entry.id, 'left', clock.now());
      });
    },

    // ---- staff of the unit

    async overview(actor: StaffActor) {
      const unitId = activeUnit(actor);
      return db.transaction().execute(async (trx) => {
        const queue = await store.openQueueOf(trx, unitId);
        if (!queue) return { queue: null, taken: [] };
        const counts = await store.waitingCounts(trx, queue.id);
        const taken = await store.takenBy(trx, queue.id, actor.staffId);
        const now = clock.now();
        await recordAuditMany(
          trx,
          taken.map((t) => ({
            actor,
            subjectPersonId: t.subject_person_id,
            action: 'list',
            recordType: RECORD,
            recordId: t.id,
            purpose: 'care' as const,
            unitId,
            at: now,
          })),
        );
        const byUrgency = counts
          .map((c) => ({ urgency: URGENCY_LEVELS[c.urgency_rank] ?? 'within_90_days', count: Number(c.n) }))
          .sort((a, b) => URGENCY_LEVELS.indexOf(a.urgency) - URGENCY_LEVELS.indexOf(b.urgency));
        return {
          queue: {
            id: queue.id,
            kind: queue.kind,
            closesAt: queue.closes_at.toISOString(),
            answerMinutes: queue.answer_minutes,
            waiting: byUrgency.reduce((n, c) => n + c.count, 0),
            byUrgency,
          },
          taken: taken.map((t) => ({
            entryId: t.id,
            sessionId: t.session_id,
            personId: t.subject_person_id,
            name: `${t.given_name} ${t.family_name}`,
            protectedIdentity: t.protected_identity,
            status: t.status,
            meetingId: t.meeting_id,
            conversationId: t.conversation_id,
          })),
        };
      });
    },

    /** Opens the active unit's queue until `closesAt`: any instant within a day, so past midnight too. */
    async open(actor: StaffActor, input: { closesAt: string; answerMinutes: number; kind?: 'video' | 'chat' }) {
      const unitId = activeUnit(actor);
      const now = clock.now();
      const closesAt = new Date(input.closesAt);
      if (Number.isNaN(closesAt.getTime()) || closesAt.getTime() <= now.getTime()) {
        throw badRequest('invalid_closes_at', 'The closing time must be later than now.', {
          closesAt: 'must be in the future',
        });
      }
      if (closesAt.getTime() - now.getTime() > 24 * 60 * 60_000) {
        throw badRequest('invalid_closes_at', 'A drop-in queue is opened for at most a day.', {
          closesAt: 'at most 24 hours ahead',
        });
      }
      await db.transaction().execute(async (trx) => {
        if (await store.openQueueOf(trx, unitId, true)) {
          throw conflict('queue_open', 'The drop-in queue is already open.');
        }
        await store.insertQueue(trx, {
          id: uuid(),
          unitId,
          kind: input.kind ?? 'video',
          staffId: actor.staffId,
          at: now,
          closesAt,
          answerMinutes: input.answerMinutes,
        });
      });
      return this.overview(actor);
    },

    /** Closes the active unit's queue now; everyone waiting is told and offered the next route. */
    async closeQueue(actor: StaffActor) {
      const unitId = activeUnit(actor);
      const queue = await store.openQueueOf(db, unitId);
      if (!queue) throw conflict('queue_closed', 'The drop-in queue is not open.');
      await closeAndEmpty(queue.id);
      return this.overview(actor);
    },

    /**
     * Takes the next patient (most urgent, then longest waiting) and starts
     * the video meeting. Access to the patient is checked and audited in the
     * take's transaction; if the meeting cannot be made, the patient goes
     * back to the same place.
     */
    async take(actor: StaffActor) {
      const unitId = activeUnit(actor);
      const now = clock.now();
      const { entry, queue } = await patientTransaction(db, async (trx) => {
        const queue = await store.openQueueOf(trx, unitId);
        if (!queue) throw conflict('queue_closed', 'The drop-in queue is not open.');
        const entry = await store.lockNextWaiting(trx, queue.id);
        if (!entry) throw conflict('queue_empty', 'No one is waiting in the drop-in queue.');
        await access.require(trx, actor, entry.subject_person_id, {
          action: 'take',
          recordType: RECORD,
          recordId: entry.id,
          purpose: 'care',
          at: now,
        });
        await store.markCalled(
          trx,
          entry.id,
          actor.staffId,
          now,
          new Date(now.getTime() + queue.answer_minutes * 60_000),
        );
        return { entry, queue };
      });
      // Video: a one-to-one meeting; chat: a conversation in the unit's inbox, the nurse writing first.
      let meetingId: string | null = null;
      let conversationId: string | null = null;
      try {
        if (queue.kind === 'chat') {
          const started = await deps.startChat(actor, unitId, {
            personId: entry.subject_person_id,
            ...CHAT_OPENING,
            attachmentIds: [],
          });
          conversationId = started.conversation.id;
        } else {
          meetingId = (await deps.startMeeting(actor, entry.subject_person_id, 'Drop-in')).id;
        }
      } catch (error) {
        await store.requeue(db, entry.id, entry.queued_at, false);
        await changed(queue.id);
        throw error;
      }
      // The meeting (or chat) and "it is your turn" commit together: one push per turn (a requeued
      // patient called again gets a new one), to the one who joined (a guardian for a child).
      await db.transaction().execute(async (trx) => {
        if (meetingId) await store.setMeeting(trx, entry.id, meetingId);
        if (conversationId) await store.setConversation(trx, entry.id, conversationId);
        await deps.pushNotice(trx, entry.actor_person_id, 'drop_in_turn', `/sok-vard/${entry.session_id}`);
      });
      await changed(queue.id);
      const person = await store.personName(db, entry.subject_person_id);
      return {
        entryId: entry.id,
        sessionId: entry.session_id,
        personId: entry.subject_person_id,
        name: person ? `${person.given_name} ${person.family_name}` : '',
        protectedIdentity: person?.protected_identity ?? false,
        status: 'called' as const,
        meetingId,
        conversationId,
      };
    },

    /**
     * The schedule's work (every instance; the row locks keep it single):
     * queues past their set hours close; a called patient whose time ran out
     * goes back to the end of their urgency band once, then is removed.
     */
    async sweep(): Promise<{ closed: number; requeued: number; removed: number }> {
      const now = clock.now();
      let closed = 0;
      for (const id of await store.queuesPastClosing(db, now)) if (await closeAndEmpty(id)) closed += 1;
      const touched: string[] = [];
      let requeued = 0;
      let removed = 0;
      await db.transaction().execute(async (trx) => {
        for (const e of await store.overdueCalled(trx, now)) {
          touched.push(e.queue_id);
          if (e.requeued) {
            await store.removeEntry(trx, e.id, 'no_answer', now);
            removed += 1;
          } else {
            await store.requeue(trx, e.id, now, true);
            requeued += 1;
          }
        }
      });
      await changed(...touched);
      return { closed, requeued, removed };
    },
  };
}

export type DropInService = ReturnType<typeof createDropInService>;
