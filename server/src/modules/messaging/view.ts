/** Rows → contract shapes, per viewer (a citizen never gets internal notes or staff-only facts). */
import type {
  CitizenConversationSummary,
  ConversationMessage,
  MessageAttachment,
  MessagingTopic,
  StaffConversationSummary,
} from '@ingang/contracts';
import { answerDueAt } from '@ingang/domain';
import type { AttachmentRow, ConversationRow, MessageRow, TopicRow } from './store.js';

export type Viewer = { side: 'citizen'; personId: string } | { side: 'staff'; staffId: string };

export function attachmentView(a: AttachmentRow): MessageAttachment {
  return {
    id: a.id,
    filename: a.filename,
    contentType: a.contentType,
    kind: a.contentType === 'application/pdf' ? 'pdf' : 'image',
    sizeBytes: a.sizeBytes,
    width: a.width,
    height: a.height,
  };
}

export function messageView(m: MessageRow, viewer: Viewer): ConversationMessage {
  const isMe = viewer.side === 'citizen' ? m.authorPersonId === viewer.personId : m.authorStaffId === viewer.staffId;
  return {
    id: m.id,
    conversationId: m.conversationId,
    seq: m.seq,
    author: { kind: m.authorKind, name: m.authorName, isMe },
    body: m.body,
    attachments: m.attachments.map(attachmentView),
    internal: m.internal,
    createdAt: m.createdAt.toISOString(),
  };
}

export function topicView(t: TopicRow | undefined | null): MessagingTopic | null {
  return t ? { id: t.id, labelSv: t.labelSv, labelEn: t.labelEn } : null;
}

/** The preview shown in lists: the first line of the body, cut at 120 characters. */
export function previewOf(body: string, attachmentCount: number): string {
  const line = body.split('\n').find((l) => l.trim()) ?? '';
  if (line) return line.length > 120 ? `${line.slice(0, 119)}…` : line;
  return attachmentCount > 0 ? '📎' : '';
}

export function citizenSummary(
  c: ConversationRow,
  extra: { unitName: string; topic: TopicRow | null; unread: number; mayReply: boolean },
): CitizenConversationSummary {
  return {
    id: c.id,
    patientId: c.patient_id,
    unit: { id: c.unit_id, name: extra.unitName },
    topic: topicView(extra.topic),
    subject: c.subject,
    status: c.status,
    lastSeq: c.last_visible_seq,
    lastActivityAt: c.last_activity_at.toISOString(),
    lastMessagePreview: c.last_preview,
    unreadCount: extra.unread,
    createdAt: c.created_at.toISOString(),
    abilities: { reply: extra.mayReply },
  };
}

export interface StaffSummaryFacts {
  patient: { personId: string; name: string; personalNumber: string; protectedIdentity: boolean };
  assignee: { staffId: string; name: string } | null;
  topic: TopicRow | null;
  unread: number;
  targetWorkingDays: number;
  now: Date;
  staffId: string;
  /** Staff preview: the last entry of any kind (notes included). */
  preview: string;
}

export function staffSummary(c: ConversationRow, f: StaffSummaryFacts): StaffConversationSummary {
  const dueAt = c.waiting_since && c.status !== 'closed' ? answerDueAt(c.waiting_since, f.targetWorkingDays) : null;
  const closed = c.status === 'closed';
  return {
    id: c.id,
    unitId: c.unit_id,
    patient: f.patient,
    topic: topicView(f.topic),
    subject: c.subject,
    status: c.status,
    allowReplyWhenClosed: c.allow_reply_when_closed,
    assignee: f.assignee,
    lastSeq: c.last_seq,
    lastActivityAt: c.last_unit_activity_at.toISOString(),
    lastMessagePreview: f.preview,
    unreadCount: f.unread,
    waitingSince: c.waiting_since && !closed ? c.waiting_since.toISOString() : null,
    dueAt: dueAt?.toISOString() ?? null,
    overdue: dueAt !== null && f.now.getTime() >= dueAt.getTime(),
    createdAt: c.created_at.toISOString(),
    abilities: {
      reply: !closed,
      take: !closed && c.assignee_staff_id !== f.staffId,
      assign: !closed,
      close: !closed,
      reopen: closed,
    },
  };
}
