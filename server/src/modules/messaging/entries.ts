/**
 * Appending an entry (a message or an internal note) to a conversation — the
 * one write path both sides use, inside the caller's transaction with the
 * conversation row locked: the seq is allocated by the row update, so
 * concurrent senders get consecutive seqs in commit order. The conversation's
 * status moves through the domain state machine; attachments must be the
 * sender's own pending uploads.
 */
import { type ConversationEvent, conversationTransition } from '@ingang/domain';
import { uuid } from '../../platform/db/helpers.js';
import type { Tx } from '../../platform/db/index.js';
import { AppError, badRequest, conflict } from '../../platform/errors.js';
import * as entryStore from './entry-store.js';
import type { ConversationRow, MessageRow } from './store.js';
import * as store from './store.js';
import { previewOf } from './view.js';

export interface NewEntry {
  authorKind: 'patient' | 'representative' | 'staff';
  authorPersonId: string | null;
  authorStaffId: string | null;
  body: string;
  internal: boolean;
  attachmentIds: string[];
  owner: { personId: string; subjectId: string } | { staffId: string; unitId: string };
  clientId?: string;
  now: Date;
}

/** 400 for an empty message (no text and no attachment). */
export function requireContent(body: string, attachmentIds: string[]): void {
  if (body.trim() === '' && attachmentIds.length === 0) {
    throw badRequest('empty_message', 'Skriv ett meddelande eller bifoga en fil.', {
      body: 'Skriv ett meddelande eller bifoga en fil.',
    });
  }
  if (new Set(attachmentIds).size !== attachmentIds.length) {
    throw badRequest('invalid_input', 'Samma fil är bifogad två gånger.', { attachmentIds: 'must not repeat' });
  }
}

/**
 * A retried send: the entry stored under `clientId`, when it is the same sender's in this
 * conversation; 409 when the id was used for something else.
 */
export async function replayed(
  trx: Tx,
  clientId: string | undefined,
  conversationId: string | null,
  author: { personId: string | null; staffId: string | null },
): Promise<{ conversationId: string; messageId: string; seq: number } | null> {
  if (!clientId) return null;
  const existing = await store.messageByClientId(trx, clientId);
  if (!existing) return null;
  const sameAuthor =
    (existing.author_person_id ?? null) === author.personId && (existing.author_staff_id ?? null) === author.staffId;
  if (!sameAuthor || (conversationId !== null && existing.conversation_id !== conversationId)) {
    throw conflict('client_id_reused', 'This clientId was already used for another message.');
  }
  return { conversationId: existing.conversation_id, messageId: existing.id, seq: existing.seq };
}

/** Appends the entry; returns the updated conversation and the stored entry. */
export async function appendEntry(
  trx: Tx,
  conversation: ConversationRow,
  entry: NewEntry,
): Promise<{ conversation: ConversationRow; message: MessageRow }> {
  requireContent(entry.body, entry.attachmentIds);
  const owned = await store.pendingAttachments(trx, entry.attachmentIds, entry.owner);
  if (owned.length !== entry.attachmentIds.length) {
    throw badRequest('unknown_attachment', 'En bifogad fil finns inte eller är redan skickad. Ladda upp den igen.', {
      attachmentIds: 'unknown or already sent',
    });
  }

  const fromPatientSide = entry.authorKind !== 'staff';
  const event: ConversationEvent | null = entry.internal ? null : fromPatientSide ? 'patient_reply' : 'staff_reply';
  let status = conversation.status;
  let allowReply = conversation.allow_reply_when_closed;
  let closedAt = conversation.closed_at;
  if (event) {
    const next = conversationTransition(
      {
        status: conversation.status,
        assigned: conversation.assignee_staff_id !== null,
        allowReplyWhenClosed: conversation.allow_reply_when_closed,
      },
      event,
    );
    if (!next.ok)
      throw new AppError(403, next.code === 'conversation_closed' ? 'reply_not_allowed' : next.code, next.message);
    status = next.status;
    allowReply = next.allowReplyWhenClosed;
    closedAt = status === 'closed' ? closedAt : null;
  }

  const seq = await store.nextSeq(trx, conversation.id);
  const id = uuid();
  await entryStore.insertMessage(trx, {
    id,
    conversation_id: conversation.id,
    seq,
    internal: entry.internal,
    author_kind: entry.authorKind,
    author_person_id: entry.authorPersonId,
    author_staff_id: entry.authorStaffId,
    body: entry.body,
    client_id: entry.clientId ?? null,
    created_at: entry.now,
  });
  await entryStore.attachToMessage(trx, entry.attachmentIds, id, conversation.id);

  const visible = !entry.internal;
  const updated = await entryStore.updateConversation(trx, conversation.id, {
    status,
    allow_reply_when_closed: allowReply,
    closed_at: closedAt,
    last_unit_activity_at: entry.now,
    ...(visible
      ? {
          last_visible_seq: seq,
          last_activity_at: entry.now,
          last_preview: previewOf(entry.body, entry.attachmentIds.length),
        }
      : {}),
    // Sending reads everything before it on the sender's side.
    ...(fromPatientSide
      ? { patient_read_seq: seq, patient_read_at: entry.now }
      : { unit_read_seq: seq, unit_read_at: entry.now }),
    ...(visible
      ? fromPatientSide
        ? { waiting_since: conversation.waiting_since ?? entry.now }
        : { waiting_since: null }
      : {}),
  });

  const [message] = await store.messagesOf(trx, conversation.id, {
    since: seq - 1,
    upTo: seq,
    limit: 1,
    includeInternal: true,
  });
  return { conversation: updated, message: message! };
}
