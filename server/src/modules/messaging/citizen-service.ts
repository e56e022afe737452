/**
 * Secure messages as citizens use them, for themselves or someone they act
 * for with the 'messages' scope (guardian, ombud). Every function resolves
 * the subject through the acting-for gate in its own transaction (a revoked
 * grant refuses with 403 and nothing is written), reads only the subject's
 * conversations (another patient's id is 404) and audits what it reads or writes.
 */
import type {
  CitizenConversation,
  CitizenConversationSummary,
  ConversationMessage,
  MarkConversationReadRequest,
  SendConversationMessageRequest,
  StartConversationRequest,
} from '@ingang/contracts';
import { patientMayReply, patientMayStart } from '@ingang/domain';
import type { z } from 'zod';
import { type ActingFor, createActingFor, type Subject } from '../../platform/acting-for.js';
import { recordAudit } from '../../platform/audit.js';
import type { CitizenActor } from '../../platform/auth.js';
import type { AppContext } from '../../platform/context.js';
import { isUniqueViolation, uuid } from '../../platform/db/helpers.js';
import type { Tx } from '../../platform/db/index.js';
import { AppError, badRequest, notFound } from '../../platform/errors.js';
import { appendEntry, replayed, requireContent } from './entries.js';
import { insertConversation } from './entry-store.js';
import { createOutbox } from './events.js';
import * as store from './store.js';
import { citizenSummary, messageView, type Viewer } from './view.js';

type Deps = Pick<AppContext, 'db' | 'clock' | 'hub' | 'registry' | 'config' | 'log'> & {
  /** Continuity: the care contact a patient's new conversation with the unit goes to, or null. */
  careContactOf?: CareContactOf;
};

export type CareContactOf = (q: Tx, unitId: string, patientId: string) => Promise<string | null>;

export function createCitizenMessaging(deps: Deps, actingFor?: ActingFor) {
  const { clock, hub } = deps;
  const gate = actingFor ?? createActingFor(deps);
  const onPublishError = (error: unknown) => deps.log.warn({ err: error }, 'messaging publish failed');

  const audit = (
    trx: Tx,
    actor: CitizenActor,
    subject: Subject,
    action: string,
    recordType: string,
    recordId?: string,
  ) =>
    recordAudit(trx, {
      actor,
      subjectPersonId: subject.subjectPersonId,
      action,
      recordType,
      recordId,
      purpose: 'self_service',
      onBehalf: subject.onBehalf,
      at: clock.now(),
    });

  /** The subject's conversation, locked when writing; 404 for anything else. */
  async function ownConversation(trx: Tx, subject: Subject, id: string, lock = false) {
    const c = await store.conversationById(trx, id, lock);
    if (!c || c.patient_id !== subject.subjectPersonId) throw notFound('conversation');
    return c;
  }

  async function summary(trx: Tx, c: store.ConversationRow): Promise<CitizenConversationSummary> {
    const [settings, name, topics, unread] = await Promise.all([
      store.settingsFor(trx, c.unit_id),
      store.unitName(trx, c.unit_id),
      store.topicsById(trx, c.topic_id ? [c.topic_id] : []),
      store.unreadForPatient(trx, c.id, c.patient_read_seq),
    ]);
    return citizenSummary(c, {
      unitName: name ?? '',
      topic: c.topic_id ? (topics.get(c.topic_id) ?? null) : null,
      unread,
      mayReply: patientMayReply(settings.patientMode, {
        status: c.status,
        allowReplyWhenClosed: c.allow_reply_when_closed,
      }).ok,
    });
  }

  async function detail(
    trx: Tx,
    c: store.ConversationRow,
    viewer: Viewer,
    since: number | undefined,
    limit: number,
  ): Promise<CitizenConversation> {
    const rows = await store.messagesOf(trx, c.id, { since, limit: limit + 1, includeInternal: false });
    return {
      ...(await summary(trx, c)),
      read: readState(c),
      messages: rows.slice(0, limit).map((m) => messageView(m, viewer)),
      hasMore: rows.length > limit,
    };
  }

  function authorOf(subject: Subject) {
    return subject.relation === 'self' ? ('patient' as const) : ('representative' as const);
  }

  return {
    actingFor: gate,

    /** Units the subject has a relationship with, with their settings and topics (units with messaging off left out). */
    async units(actor: CitizenActor, subjectId: string | undefined) {
      return gate.withSubject(actor, subjectId, 'messages', async (trx, subject) => {
        const units = await store.relatedUnits(trx, subject.subjectPersonId, clock.now());
        const ids = units.map((u) => u.id);
        const [settings, topics] = await Promise.all([store.settingsOf(trx, ids), store.topicsOf(trx, ids)]);
        return units
          .map((u) => ({ u, s: settings.get(u.id)! }))
          .filter(({ s }) => s.patientMode !== 'none')
          .map(({ u, s }) => ({
            id: u.id,
            name: u.name,
            patientMode: s.patientMode,
            canStart: patientMayStart(s.patientMode).ok,
            topics: topics
              .filter((t) => t.unitId === u.id)
              .map((t) => ({ id: t.id, labelSv: t.labelSv, labelEn: t.labelEn })),
            targetWorkingDays: s.targetWorkingDays,
          }));
      });
    },

    /** The subject's conversations, newest activity first, with unread counts (audited as one list read). */
    async list(actor: CitizenActor, subjectId: string | undefined): Promise<CitizenConversationSummary[]> {
      return gate.withSubject(actor, subjectId, 'messages', async (trx, subject) => {
        const rows = await store.citizenConversations(trx, subject.subjectPersonId);
        const unitIds = [...new Set(rows.map((r) => r.unit_id))];
        const [settings, topics] = await Promise.all([
          store.settingsOf(trx, unitIds),
          store.topicsById(
            trx,
            rows.flatMap((r) => (r.topic_id ? [r.topic_id] : [])),
          ),
        ]);
        await audit(trx, actor, subject, 'read', 'conversation_list');
        return rows.map((r) =>
          citizenSummary(r, {
            unitName: r.unit_name,
            topic: r.topic_id ? (topics.get(r.topic_id) ?? null) : null,
            unread: Number(r.unread ?? 0),
            mayReply: patientMayReply(settings.get(r.unit_id)!.patientMode, {
              status: r.status,
              allowReplyWhenClosed: r.allow_reply_when_closed,
            }).ok,
          }),
        );
      });
    },

    /** Starts a conversation with a unit the subject has a relationship with, when the unit lets patients start. */
    async start(
      actor: CitizenActor,
      subjectId: string | undefined,
      input: z.infer<typeof StartConversationRequest>,
    ): Promise<{ created: boolean; conversation: CitizenConversation }> {
      requireContent(input.body, input.attachmentIds);
      const outbox = createOutbox(hub);
      const result = await onceMore(input.clientId, () =>
        gate.withSubject(actor, subjectId, 'messages', async (trx, subject) => {
          const viewer: Viewer = { side: 'citizen', personId: actor.personId };
          const again = await replayed(trx, input.clientId, null, { personId: actor.personId, staffId: null });
          if (again) {
            const c = await ownConversation(trx, subject, again.conversationId);
            return { created: false, conversation: await detail(trx, c, viewer, undefined, 500) };
          }
          const now = clock.now();
          const related = await store.relatedUnits(trx, subject.subjectPersonId, now);
          // A unit without a relationship looks like an unknown one.
          if (!related.some((u) => u.id === input.unitId)) {
            throw badRequest('unknown_unit', 'Du kan inte skriva till den mottagningen.', { unitId: 'unknown unit' });
          }
          const settings = await store.settingsFor(trx, input.unitId);
          const decision = patientMayStart(settings.patientMode);
          if (!decision.ok) throw new AppError(403, decision.code, decision.message);
          const topics = (await store.topicsOf(trx, [input.unitId])).filter((t) => t.unitId === input.unitId);
          if (input.topicId ? !topics.some((t) => t.id === input.topicId) : topics.length > 0) {
            throw badRequest('invalid_topic', 'Välj ett av mottagningens ämnen.', {
              topicId: 'choose one of the unit’s topics',
            });
          }
          const id = uuid();
          // Continuity: a patient with an active care episode at the unit writes to their care contact,
          // whichever page they wrote from — assigned to the contact from the start (if they still work
          // there with a role). Everyone else follows the inbox's own rules.
          const contact = (await deps.careContactOf?.(trx, input.unitId, subject.subjectPersonId)) ?? null;
          await insertConversation(trx, {
            id,
            unitId: input.unitId,
            patientId: subject.subjectPersonId,
            topicId: input.topicId ?? null,
            subject: input.subject,
            now,
            staffId: null,
            assigneeStaffId: contact,
          });
          const fresh = (await store.conversationById(trx, id, true))!;
          const { conversation, message } = await appendEntry(trx, fresh, {
            authorKind: authorOf(subject),
            authorPersonId: actor.personId,
            authorStaffId: null,
            body: input.body,
            internal: false,
            attachmentIds: input.attachmentIds,
            owner: { personId: actor.personId, subjectId: subject.subjectPersonId },
            clientId: input.clientId,
            now,
          });
          await audit(trx, actor, subject, 'create', 'conversation', id);
          outbox.message(conversation, message);
          outbox.changed(conversation, true);
          return { created: true, conversation: await detail(trx, conversation, viewer, undefined, 500) };
        }),
      );
      await outbox.flush(onPublishError);
      return result;
    },

    /** The conversation with its messages after `since` (audited). */
    async get(
      actor: CitizenActor,
      subjectId: string | undefined,
      id: string,
      since: number | undefined,
      limit: number,
    ): Promise<CitizenConversation> {
      return gate.withSubject(actor, subjectId, 'messages', async (trx, subject) => {
        const c = await ownConversation(trx, subject, id);
        await audit(trx, actor, subject, 'read', 'conversation', id);
        return detail(trx, c, { side: 'citizen', personId: actor.personId }, since, limit);
      });
    },

    /** Sends a message (201), or returns the one already stored under `clientId` (200). */
    async send(
      actor: CitizenActor,
      subjectId: string | undefined,
      id: string,
      input: z.infer<typeof SendConversationMessageRequest>,
    ): Promise<{ created: boolean; message: ConversationMessage }> {
      requireContent(input.body, input.attachmentIds);
      const outbox = createOutbox(hub);
      const viewer: Viewer = { side: 'citizen', personId: actor.personId };
      const result = await onceMore(input.clientId, () =>
        gate.withSubject(actor, subjectId, 'messages', async (trx, subject) => {
          const c = await ownConversation(trx, subject, id, true);
          const again = await replayed(trx, input.clientId, c.id, { personId: actor.personId, staffId: null });
          if (again) {
            const [m] = await store.messagesOf(trx, c.id, {
              since: again.seq - 1,
              upTo: again.seq,
              limit: 1,
              includeInternal: false,
            });
            return { created: false, message: messageView(m!, viewer) };
          }
          const settings = await store.settingsFor(trx, c.unit_id);
          const decision = patientMayReply(settings.patientMode, {
            status: c.status,
            allowReplyWhenClosed: c.allow_reply_when_closed,
          });
          if (!decision.ok) throw new AppError(403, decision.code, decision.message);
          const now = clock.now();
          const { conversation, message } = await appendEntry(trx, c, {
            authorKind: authorOf(subject),
            authorPersonId: actor.personId,
            authorStaffId: null,
            body: input.body,
            internal: false,
            attachmentIds: input.attachmentIds,
            owner: { personId: actor.personId, subjectId: subject.subjectPersonId },
            clientId: input.clientId,
            now,
          });
          await audit(trx, actor, subject, 'create', 'conversation_message', message.id);
          outbox.message(conversation, message);
          outbox.read(conversation.id, 'patient', conversation.patient_read_seq, now);
          outbox.changed(conversation, true);
          return { created: true, message: messageView(message, viewer) };
        }),
      );
      await outbox.flush(onPublishError);
      return result;
    },

    /** Marks the unit's messages read up to `upToSeq` (never backwards). */
    async markRead(
      actor: CitizenActor,
      subjectId: string | undefined,
      id: string,
      input: z.infer<typeof MarkConversationReadRequest>,
    ) {
      const outbox = createOutbox(hub);
      const result = await gate.withSubject(actor, subjectId, 'messages', async (trx, subject) => {
        const c = await ownConversation(trx, subject, id, true);
        const upTo = Math.min(input.upToSeq, c.last_visible_seq);
        if (upTo <= c.patient_read_seq) return readState(c);
        const now = clock.now();
        const updated = await store.advanceReadMark(trx, c.id, 'patient', upTo, now);
        outbox.read(c.id, 'patient', upTo, now);
        outbox.changed(updated, true);
        return readState(updated);
      });
      await outbox.flush(onPublishError);
      return result;
    },
  };
}

/**
 * Runs a send once more when it lost a race on its own clientId: two identical sends at the
 * same moment (a retry while the first was still under way) both miss the replay check, one
 * stores the message and the other hits the unique index — run again, it finds the first
 * stored and answers with it (200), so the person never gets an error for a message that was
 * sent. Nothing of the losing attempt remains (its transaction rolled back).
 */
async function onceMore<T>(clientId: string | undefined, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!clientId || !isUniqueViolation(error)) throw error;
    return run();
  }
}

export function readState(c: store.ConversationRow) {
  return {
    patientReadSeq: c.patient_read_seq,
    patientReadAt: c.patient_read_at?.toISOString() ?? null,
    unitReadSeq: c.unit_read_seq,
    unitReadAt: c.unit_read_at?.toISOString() ?? null,
  };
}

export type CitizenMessaging = ReturnType<typeof createCitizenMessaging>;
