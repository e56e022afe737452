/** Maps stored cases and messages to the contract shapes, with the SLA clock read at `now`. */
import type { AgentCase, CitizenCase, QueueCase, SupportMessage } from '@ingang/contracts';
import { type OpeningCalendar, openMinutesBetween, slaStanding } from '@ingang/domain';
import type { CaseRow, MessageRow } from './store.js';

export function queueCaseView(
  c: CaseRow,
  ctx: { now: Date; calendar: OpeningCalendar; goalMinutes: number; staffId: string; names: Map<string, string> },
): QueueCase {
  const waited = c.waiting_since ? openMinutesBetween(ctx.calendar, c.waiting_since, ctx.now) : 0;
  return {
    id: c.id,
    reference: c.reference,
    channel: c.channel,
    status: c.status,
    subject: c.subject,
    contactName: c.contact_name,
    identified: c.person_id !== null,
    assigneeName: c.assignee_staff_id ? (ctx.names.get(c.assignee_staff_id) ?? null) : null,
    mine: c.assignee_staff_id === ctx.staffId,
    createdAt: c.created_at.toISOString(),
    waitingSince: c.waiting_since?.toISOString() ?? null,
    waitedMinutes: waited,
    sla: c.waiting_since ? slaStanding(waited, ctx.goalMinutes) : 'ok',
    dueAt: c.first_answer_at ? null : (c.first_answer_due_at?.toISOString() ?? null),
    breachEscalated: c.breach_escalated_at !== null,
  };
}

export function messageView(m: MessageRow, names: Map<string, string>, forCitizen: boolean): SupportMessage {
  const full = m.author_staff_id ? (names.get(m.author_staff_id) ?? null) : null;
  return {
    id: m.id,
    author: m.author_kind,
    // Citizens see the agent's first name only.
    authorName: full && forCitizen ? (full.split(' ')[0] ?? null) : full,
    body: m.body,
    channel: m.channel,
    attachmentsRefused: m.attachments_refused,
    createdAt: m.created_at.toISOString(),
  };
}

export function citizenCaseView(c: CaseRow, messages: MessageRow[], names: Map<string, string>): CitizenCase {
  return {
    id: c.id,
    reference: c.reference,
    subject: c.subject,
    status: c.status,
    createdAt: c.created_at.toISOString(),
    lastActivityAt: c.last_activity_at.toISOString(),
    rating: c.rating,
    canRate: c.status === 'closed' && c.rating === null,
    messages: messages.map((m) => messageView(m, names, true)),
  };
}

export function agentCaseView(
  c: CaseRow,
  messages: MessageRow[],
  ctx: Parameters<typeof queueCaseView>[1] & { publicUrl: string },
): AgentCase {
  return {
    ...queueCaseView(c, ctx),
    contactEmail: c.contact_email,
    escalationNote: c.escalation_note,
    mergedIntoId: c.merged_into_id,
    rating: c.rating,
    ratingComment: c.rating_comment,
    canSeeBookings: c.person_id !== null,
    messages: messages.map((m) => messageView(m, ctx.names, false)),
    placeholders: {
      name: c.contact_name ?? '',
      reference: c.reference,
      login_link: `${ctx.publicUrl}/login`,
      help_link: `${ctx.publicUrl}/hjalp`,
      link_1177: 'https://www.1177.se',
      link_ehm: 'https://www.ehalsomyndigheten.se',
    },
  };
}
