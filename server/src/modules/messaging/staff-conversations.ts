/**
 * What every part of the staff inbox shares: opening a conversation of the
 * active unit through the patient-access gate (404 for another unit's), its
 * summary and detail as staff see them, and a status change through the
 * state machine.
 */
import type { StaffConversation, StaffConversationSummary } from '@ingang/contracts';
import { conversationTransition } from '@ingang/domain';
import type { StaffActor } from '../../platform/auth.js';
import type { AppContext } from '../../platform/context.js';
import type { Tx } from '../../platform/db/index.js';
import { AppError, notFound } from '../../platform/errors.js';
import { readState } from './citizen-service.js';
import * as staffStore from './staff-store.js';
import * as store from './store.js';
import { messageView, staffSummary, type Viewer } from './view.js';

export type StaffDeps = Pick<AppContext, 'db' | 'clock' | 'hub' | 'log' | 'access'>;

export function createStaffConversations(deps: StaffDeps) {
  const { clock, access } = deps;

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
      staffStore.patientFacts(trx, c.patient_id),
      c.assignee_staff_id ? staffStore.staffName(trx, c.assignee_staff_id) : Promise.resolve(undefined),
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
    return staffStore.setStatus(trx, c.id, {
      status: next.status,
      allowReplyWhenClosed: next.allowReplyWhenClosed,
      closedAt: next.status === 'closed' ? now : null,
      ...(changes.assignee !== undefined ? { assignee: changes.assignee } : {}),
      now,
    });
  }

  return { open, summaryOf, detail, transition };
}

export type StaffConversations = ReturnType<typeof createStaffConversations>;
