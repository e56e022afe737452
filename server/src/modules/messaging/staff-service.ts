/**
 * The unit's shared inbox: list, open, answer, internal notes, take/assign,
 * close/reopen, read marks, the patient's context, and starting a conversation
 * with a patient of the unit. Everything runs in the caller's active unit
 * through the patient-access gate (`patientTransaction` + `requirePatientAccess`,
 * which audits); a conversation of another unit is 404.
 */
import type {
  MessagingPatientContext,
  StaffConversation,
  StaffConversationSummary,
  StaffStartConversationRequest,
} from '@ingang/contracts';
import {
  ageOn,
  conversationTransition,
  isAnswerOverdue,
  parsePersonnummer,
  staffMayReply,
  staffMayStart,
} from '@ingang/domain';
import { sql } from 'kysely';
import type { z } from 'zod';
import { type AuditEntry, recordAuditMany } from '../../platform/audit.js';
import type { StaffActor } from '../../platform/auth.js';
import type { AppContext } from '../../platform/context.js';
import { uuid } from '../../platform/db/helpers.js';
import type { Tx } from '../../platform/db/index.js';
import { AppError, badRequest, notFound } from '../../platform/errors.js';
import { patientTransaction, requireUnitCare } from '../../platform/patient-access.js';
import { readState } from './citizen-service.js';
import { appendEntry, replayed, requireContent } from './entries.js';
import { createOutbox } from './events.js';
import type { MessagingNotifier } from './notify.js';
import * as store from './store.js';
import { messageView, staffSummary, type Viewer } from './view.js';

type Deps = Pick<AppContext, 'db' | 'clock' | 'hub' | 'log' | 'access'>;

const PAGE_CURSOR = /^o(\d{1,6})$/;

export function createStaffMessaging(deps: Deps, notifier: MessagingNotifier) {
  const { db, clock, hub, access } = deps;
  const onPublishError = (error: unknown) => deps.log.warn({ err: error }, 'messaging publish failed');

  /** The unit's conversation, or 404; then the access gate (writes the audit row). */
  async function open(
    trx: Tx,
    actor: StaffActor,
    unitId: string,
    id: string,
    action: string,
    recordType: string,
    lock = false,
  ) {
    const c = await store.conversationById(trx, id, lock);
    if (!c || c.unit_id !== unitId) throw notFound('conversation');
    await access.require(trx, actor, c.patient_id, {
      action,
      recordType,
      recordId: id,
      purpose: 'care',
      at: clock.now(),
    });
    return c;
  }

  async function summaryOf(trx: Tx, actor: StaffActor, c: store.ConversationRow): Promise<StaffConversationSummary> {
    const [patient, assignee, topics, settings, unread] = await Promise.all([
      trx
        .selectFrom('persons')
        .select(['id', 'given_name', 'family_name', 'personal_number', 'protected_identity'])
        .where('id', '=', c.patient_id)
        .executeTakeFirstOrThrow(),
      c.assignee_staff_id
        ? trx
            .selectFrom('staff')
            .select(['id', 'given_name', 'family_name'])
            .where('id', '=', c.assignee_staff_id)
            .executeTakeFirst()
        : Promise.resolve(undefined),
      store.topicsById(trx, c.topic_id ? [c.topic_id] : []),
      store.settingsFor(trx, c.unit_id),
      store.unreadForUnit(trx, c.id, c.unit_read_seq),
    ]);
    return staffSummary(c, {
      patient: {
        personId: patient.id,
        name: `${patient.given_name} ${patient.family_name}`,
        personalNumber: patient.personal_number,
        protectedIdentity: patient.protected_identity,
      },
      assignee: assignee ? { staffId: assignee.id, name: `${assignee.given_name} ${assignee.family_name}` } : null,
      topic: c.topic_id ? (topics.get(c.topic_id) ?? null) : null,
      unread,
      targetWorkingDays: settings.targetWorkingDays,
      now: clock.now(),
      staffId: actor.staffId,
      preview: c.last_preview,
    });
  }

  async function detail(trx: Tx, actor: StaffActor, c: store.ConversationRow, since?: number, limit = 500) {
    const viewer: Viewer = { side: 'staff', staffId: actor.staffId };
    const rows = await store.messagesOf(trx, c.id, { since, limit: limit + 1, includeInternal: true });
    const result: StaffConversation = {
      ...(await summaryOf(trx, actor, c)),
      read: readState(c),
      messages: rows.slice(0, limit).map((m) => messageView(m, viewer)),
      hasMore: rows.length > limit,
    };
    return result;
  }

  /** Runs a status change through the state machine and stores it. */
  async function transition(
    trx: Tx,
    c: store.ConversationRow,
    event: 'assign' | 'unassign' | 'close' | 'reopen',
    changes: { assignee?: string | null; allowReply?: boolean },
  ) {
    const next = conversationTransition(
      {
        status: c.status,
        assigned: c.assignee_staff_id !== null,
        allowReplyWhenClosed: changes.allowReply ?? c.allow_reply_when_closed,
      },
      event,
    );
    if (!next.ok) throw new AppError(409, next.code, next.message);
    const now = clock.now();
    return trx
      .updateTable('conversations')
      .set({
        status: next.status,
        allow_reply_when_closed: next.allowReplyWhenClosed,
        closed_at: next.status === 'closed' ? now : null,
        ...(changes.assignee !== undefined ? { assignee_staff_id: changes.assignee } : {}),
        last_unit_activity_at: now,
      })
      .where('id', '=', c.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  return {
    /** The inbox page (audited per patient shown), with tab counts. */
    async inbox(
      actor: StaffActor,
      unitId: string,
      query: { filter: string; q?: string; limit: number; cursor?: string },
    ) {
      requireUnitCare(actor, unitId);
      const match = query.cursor ? PAGE_CURSOR.exec(query.cursor) : null;
      if (query.cursor && !match) throw badRequest('invalid_input', 'Invalid cursor.', { cursor: 'unknown cursor' });
      const offset = match ? Number(match[1]) : 0;
      return patientTransaction(db, async (trx) => {
        const now = clock.now();
        const settings = await store.settingsFor(trx, unitId);
        const rows = await store.inboxRows(trx, unitId, {
          filter: query.filter,
          search: query.q,
          staffId: actor.staffId,
          limit: query.limit,
          offset,
        });
        const page = rows.slice(0, query.limit);
        const topics = await store.topicsById(
          trx,
          page.flatMap((r) => (r.topic_id ? [r.topic_id] : [])),
        );
        const data = page.map((r) =>
          staffSummary(r, {
            patient: {
              personId: r.patient_id,
              name: `${r.p_given} ${r.p_family}`,
              personalNumber: r.p_pnr,
              protectedIdentity: r.p_protected,
            },
            assignee: r.assignee_staff_id
              ? { staffId: r.assignee_staff_id, name: `${r.s_given ?? ''} ${r.s_family ?? ''}`.trim() }
              : null,
            topic: r.topic_id ? (topics.get(r.topic_id) ?? null) : null,
            unread: Number(r.unread ?? 0),
            targetWorkingDays: settings.targetWorkingDays,
            now,
            staffId: actor.staffId,
            preview: r.last_preview,
          }),
        );
        const counted = await store.inboxCounts(trx, unitId, actor.staffId);
        const overdue = counted.filter(
          (x) => x.waitingSince !== null && isAnswerOverdue(x.waitingSince, settings.targetWorkingDays, now),
        ).length;
        const patients = [...new Set(page.map((r) => r.patient_id))];
        const entries: AuditEntry[] = patients.map((personId) => ({
          actor,
          subjectPersonId: personId,
          action: 'read',
          recordType: 'conversation_list',
          purpose: 'care',
          unitId,
          at: now,
        }));
        await recordAuditMany(trx, entries);
        return {
          data,
          counts: {
            new: counted.filter((x) => x.status === 'new').length,
            mine: counted.filter((x) => x.mine).length,
            waiting_for_patient: counted.filter((x) => x.status === 'waiting_for_patient').length,
            open: counted.length,
            overdue,
          },
          nextCursor: rows.length > query.limit ? `o${offset + query.limit}` : null,
        };
      });
    },

    /** One conversation with its entries, notes included (audited). */
    async get(actor: StaffActor, unitId: string, id: string, since: number | undefined, limit: number) {
      requireUnitCare(actor, unitId);
      return patientTransaction(db, async (trx) => {
        const c = await open(trx, actor, unitId, id, 'read', 'conversation');
        return detail(trx, actor, c, since, limit);
      });
    },

    /** An answer to the patient (internal false) or an internal note (true). */
    async send(
      actor: StaffActor,
      unitId: string,
      id: string,
      input: { body: string; attachmentIds: string[]; clientId?: string },
      internal: boolean,
    ) {
      requireUnitCare(actor, unitId);
      requireContent(input.body, input.attachmentIds);
      const outbox = createOutbox(hub);
      const viewer: Viewer = { side: 'staff', staffId: actor.staffId };
      const result = await patientTransaction(db, async (trx) => {
        const c = await open(
          trx,
          actor,
          unitId,
          id,
          'create',
          internal ? 'conversation_note' : 'conversation_message',
          true,
        );
        const again = await replayed(trx, input.clientId, c.id, { personId: null, staffId: actor.staffId });
        if (again) {
          const [m] = await store.messagesOf(trx, c.id, {
            since: again.seq - 1,
            upTo: again.seq,
            limit: 1,
            includeInternal: true,
          });
          return { created: false, message: messageView(m!, viewer) };
        }
        if (!internal) {
          const decision = staffMayReply(c);
          if (!decision.ok) throw new AppError(409, decision.code, decision.message);
        }
        const now = clock.now();
        const { conversation, message } = await appendEntry(trx, c, {
          authorKind: 'staff',
          authorPersonId: null,
          authorStaffId: actor.staffId,
          body: input.body,
          internal,
          attachmentIds: input.attachmentIds,
          owner: { staffId: actor.staffId, unitId },
          clientId: input.clientId,
          now,
        });
        outbox.message(conversation, message);
        if (!internal) {
          outbox.read(conversation.id, 'unit', conversation.unit_read_seq, now);
          await notifier.schedule(trx, conversation.id, message.seq);
        }
        outbox.changed(conversation, !internal);
        return { created: true, message: messageView(message, viewer) };
      });
      await outbox.flush(onPublishError);
      return result;
    },

    /** The unit has read the patient's side up to `upToSeq` (the patient sees "Läst"). */
    async markRead(actor: StaffActor, unitId: string, id: string, upToSeq: number) {
      requireUnitCare(actor, unitId);
      const outbox = createOutbox(hub);
      const result = await patientTransaction(db, async (trx) => {
        const c = await open(trx, actor, unitId, id, 'read', 'conversation', true);
        const upTo = Math.min(upToSeq, c.last_seq);
        if (upTo <= c.unit_read_seq) return readState(c);
        const now = clock.now();
        const updated = await store.advanceReadMark(trx, c.id, 'unit', upTo, now);
        outbox.read(c.id, 'unit', upTo, now);
        outbox.changed(updated, false);
        return readState(updated);
      });
      await outbox.flush(onPublishError);
      return result;
    },

    /** Take (staffId = own id), assign to a colleague in the unit, or release (null). */
    async assign(actor: StaffActor, unitId: string, id: string, staffId: string | null) {
      requireUnitCare(actor, unitId);
      const outbox = createOutbox(hub);
      const result = await patientTransaction(db, async (trx) => {
        const c = await open(trx, actor, unitId, id, 'update', 'conversation', true);
        if (staffId !== null) {
          const colleague = await trx
            .selectFrom('staff_unit_roles as r')
            .innerJoin('staff as s', 's.id', 'r.staff_id')
            .select('s.id')
            .where('r.unit_id', '=', unitId)
            .where('s.id', '=', staffId)
            .where('s.active', '=', true)
            .executeTakeFirst();
          if (!colleague) {
            throw badRequest('unknown_staff', 'Personen arbetar inte på mottagningen.', {
              staffId: 'not in this unit',
            });
          }
        }
        const updated = await transition(trx, c, staffId === null ? 'unassign' : 'assign', { assignee: staffId });
        outbox.changed(updated, false);
        return detail(trx, actor, updated);
      });
      await outbox.flush(onPublishError);
      return result;
    },

    /** Close, with or without letting the patient answer (an answer reopens it). */
    async close(actor: StaffActor, unitId: string, id: string, allowReply: boolean) {
      requireUnitCare(actor, unitId);
      const outbox = createOutbox(hub);
      const result = await patientTransaction(db, async (trx) => {
        const c = await open(trx, actor, unitId, id, 'update', 'conversation', true);
        const updated = await transition(trx, c, 'close', { allowReply });
        outbox.changed(updated, true);
        return detail(trx, actor, updated);
      });
      await outbox.flush(onPublishError);
      return result;
    },

    async reopen(actor: StaffActor, unitId: string, id: string) {
      requireUnitCare(actor, unitId);
      const outbox = createOutbox(hub);
      const result = await patientTransaction(db, async (trx) => {
        const c = await open(trx, actor, unitId, id, 'update', 'conversation', true);
        const updated = await transition(trx, c, 'reopen', {});
        outbox.changed(updated, true);
        return detail(trx, actor, updated);
      });
      await outbox.flush(onPublishError);
      return result;
    },

    /** The patient's bookings, invitations and other conversations with the unit (audited). */
    async context(actor: StaffActor, unitId: string, id: string): Promise<MessagingPatientContext> {
      requireUnitCare(actor, unitId);
      return patientTransaction(db, async (trx) => {
        const c = await open(trx, actor, unitId, id, 'read', 'patient_context');
        const person = await trx
          .selectFrom('persons')
          .select(['id', 'given_name', 'family_name', 'personal_number', 'protected_identity'])
          .where('id', '=', c.patient_id)
          .executeTakeFirstOrThrow();
        const bookings = await trx
          .selectFrom('bookings as b')
          .innerJoin('slots as s', 's.id', 'b.slot_id')
          .innerJoin('time_types as t', 't.id', 'b.time_type_id')
          .select(['b.id', 's.starts_at', 't.name_sv', 'b.status'])
          .where('b.person_id', '=', c.patient_id)
          .where('b.unit_id', '=', unitId)
          .orderBy('s.starts_at', 'desc')
          .limit(20)
          .execute();
        const invitations = await invitationsOf(trx, c.patient_id, unitId);
        const others = await trx
          .selectFrom('conversations')
          .select(['id', 'subject', 'status', 'last_unit_activity_at'])
          .where('patient_id', '=', c.patient_id)
          .where('unit_id', '=', unitId)
          .where('id', '<>', c.id)
          .orderBy('last_unit_activity_at', 'desc')
          .limit(20)
          .execute();
        const now = clock.now();
        const parsed = parsePersonnummer(person.personal_number, now);
        return {
          patient: {
            personId: person.id,
            name: `${person.given_name} ${person.family_name}`,
            personalNumber: person.personal_number,
            protectedIdentity: person.protected_identity,
            age: parsed.ok ? ageOn(parsed.value.birthDate, now) : 0,
          },
          bookings: bookings.map((b) => ({
            id: b.id,
            startsAt: b.starts_at.toISOString(),
            timeTypeName: b.name_sv,
            status: b.status,
          })),
          invitations,
          conversations: others.map((o) => ({
            id: o.id,
            subject: o.subject,
            status: o.status,
            lastActivityAt: o.last_unit_activity_at.toISOString(),
          })),
        };
      });
    },

    /** The unit's staff, for assigning. */
    async colleagues(actor: StaffActor, unitId: string) {
      requireUnitCare(actor, unitId);
      const rows = await store.staffOfUnit(db, unitId);
      return rows.map((r) => ({ staffId: r.id, name: `${r.given_name} ${r.family_name}`, title: r.title }));
    },

    /** Staff write first to a patient the unit has a care relationship with. */
    async start(actor: StaffActor, unitId: string, input: z.infer<typeof StaffStartConversationRequest>) {
      requireUnitCare(actor, unitId);
      const outbox = createOutbox(hub);
      const result = await patientTransaction(db, async (trx) => {
        const now = clock.now();
        const again = await replayed(trx, input.clientId, null, { personId: null, staffId: actor.staffId });
        if (again) {
          const c = await open(trx, actor, unitId, again.conversationId, 'read', 'conversation');
          return { created: false, conversation: await detail(trx, actor, c) };
        }
        const settings = await store.settingsFor(trx, unitId);
        const decision = staffMayStart(settings.patientMode);
        if (!decision.ok) throw new AppError(403, decision.code, decision.message);
        const topics = await store.topicsOf(trx, [unitId]);
        if (input.topicId && !topics.some((t) => t.id === input.topicId)) {
          throw badRequest('invalid_topic', 'Välj ett av mottagningens ämnen.', { topicId: 'not a topic of the unit' });
        }
        const id = uuid();
        await access.require(trx, actor, input.personId, {
          action: 'create',
          recordType: 'conversation',
          recordId: id,
          purpose: 'care',
          at: now,
        });
        await trx
          .insertInto('conversations')
          .values({
            id,
            unit_id: unitId,
            patient_id: input.personId,
            topic_id: input.topicId ?? null,
            subject: input.subject,
            status: 'assigned',
            assignee_staff_id: actor.staffId,
            started_by: 'staff',
            last_activity_at: now,
            last_unit_activity_at: now,
            created_at: now,
          })
          .execute();
        const fresh = (await store.conversationById(trx, id, true))!;
        const { conversation, message } = await appendEntry(trx, fresh, {
          authorKind: 'staff',
          authorPersonId: null,
          authorStaffId: actor.staffId,
          body: input.body,
          internal: false,
          attachmentIds: input.attachmentIds,
          owner: { staffId: actor.staffId, unitId },
          clientId: input.clientId,
          now,
        });
        await notifier.schedule(trx, conversation.id, message.seq);
        outbox.message(conversation, message);
        outbox.changed(conversation, true);
        return { created: true, conversation: await detail(trx, actor, conversation) };
      });
      await outbox.flush(onPublishError);
      return result;
    },
  };
}

/** Invitations from the unit when the invitations module is installed (migration 110); otherwise none. */
async function invitationsOf(trx: Tx, personId: string, unitId: string) {
  const exists = await sql<{ t: string | null }>`select to_regclass('invitations')::text as t`.execute(trx);
  if (!exists.rows[0]?.t) return [];
  const rows = await trx
    .selectFrom('invitations as i')
    .innerJoin('time_types as t', 't.id', 'i.time_type_id')
    .select(['i.id', 't.name_sv', 'i.status', 'i.created_at'])
    .where('i.person_id', '=', personId)
    .where('i.unit_id', '=', unitId)
    .orderBy('i.created_at', 'desc')
    .limit(20)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    title: r.name_sv,
    status: r.status,
    createdAt: new Date(r.created_at).toISOString(),
  }));
}

export type StaffMessaging = ReturnType<typeof createStaffMessaging>;
