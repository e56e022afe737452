/**
 * Secure messages (chatt) between citizens and care units.
 *
 * Citizens (for themselves or someone they act for with the 'messages' scope; pass `subjectId`
 * like every acting-for endpoint) talk to a unit's shared inbox; staff work the inbox in their
 * active unit. Messages are immutable (no edit or delete endpoints: a correction is a new message).
 * Every conversation has a per-conversation, strictly increasing `seq` over its entries; a client
 * resumes with `since` = the last seq it has seen. Internal notes (staff only) share the counter,
 * so a citizen may see gaps in `seq`; never assume seqs are contiguous.
 *
 * Realtime: `GET /api/messaging/ws` (WebSocket, the session cookie authorises, same origin only).
 * Client → server: `MessagingClientMessage`; server → client: `MessagingServerMessage` (JSON text
 * frames, discriminated on `type`). Writes always go through REST; the socket only pushes.
 *
 * Attachments: upload first (`POST …/attachments`, raw body or multipart field `file`, ≤ 10 MB,
 * JPEG/PNG/HEIC/PDF by content; pictures come back as re-encoded JPEG/PNG without metadata), then
 * send their ids with a message. Content is only served by the authorised GET routes below.
 */

import { IsoDateTime, PersonalNumber12 } from './common.js';
import * as z from './zod.js';

// ---------------------------------------------------------------------------------------------
// shared shapes
// ---------------------------------------------------------------------------------------------

/** Limits the server enforces (also useful for the UI's counters). */
export const MESSAGING_LIMITS = {
  bodyMaxChars: 5000,
  attachmentsPerMessage: 5,
  attachmentMaxBytes: 10 * 1024 * 1024,
  /** Uploads not yet sent in a message, per uploader (swept after a day by the retention job). */
  pendingUploadsPerUploader: 20,
  subjectMaxChars: 120,
  templateBodyMaxChars: 5000,
} as const;

/** Who may start a conversation with the unit: 'start' (patients may start), 'reply' (only answer), 'none'. */
export const MessagingPatientMode = z.enum(['start', 'reply', 'none']);
export type MessagingPatientMode = z.infer<typeof MessagingPatientMode>;

/** new → assigned → waiting_for_patient ⇄ assigned … → closed (→ reopen). See @ingang/domain messaging. */
export const ConversationStatus = z.enum(['new', 'assigned', 'waiting_for_patient', 'closed']);
export type ConversationStatus = z.infer<typeof ConversationStatus>;

export const MessagingTopic = z.object({
  id: z.uuid(),
  labelSv: z.string(),
  labelEn: z.string(),
});
export type MessagingTopic = z.infer<typeof MessagingTopic>;

export const MessageAttachment = z.object({
  id: z.uuid(),
  /** The name given at upload, cleaned (no path); for display only. */
  filename: z.string(),
  /** The type the server found in the content: image/jpeg, image/png or application/pdf. */
  contentType: z.enum(['image/jpeg', 'image/png', 'application/pdf']),
  kind: z.enum(['image', 'pdf']),
  sizeBytes: z.number().int(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
});
export type MessageAttachment = z.infer<typeof MessageAttachment>;
export const MessageAttachmentResponse = z.object({ data: MessageAttachment });

/** Upload: `?filename=` names it when the body is raw (multipart sends its own file name). */
export const MessagingUploadQuery = z.object({
  subjectId: z.uuid().optional(),
  filename: z.string().trim().max(200).optional(),
});

export const MessageAuthor = z.object({
  /** 'patient': the patient; 'representative': a guardian or ombud writing for them; 'staff'. */
  kind: z.enum(['patient', 'representative', 'staff']),
  /** Display name: the person's name; staff as "Given F., title". */
  name: z.string(),
  /** True when it is the caller (or, for staff, the caller themself). */
  isMe: z.boolean(),
});

export const ConversationMessage = z.object({
  id: z.uuid(),
  conversationId: z.uuid(),
  seq: z.number().int(),
  author: MessageAuthor,
  body: z.string(),
  attachments: z.array(MessageAttachment),
  /** Staff only: an internal note, never shown to the patient (citizens never receive these). */
  internal: z.boolean(),
  createdAt: IsoDateTime,
});
export type ConversationMessage = z.infer<typeof ConversationMessage>;

/** A message or note to send. `clientId` makes a retry safe: the same clientId returns the first message. */
export const SendConversationMessageRequest = z
  .object({
    body: z.string().trim().max(MESSAGING_LIMITS.bodyMaxChars).default(''),
    attachmentIds: z.array(z.uuid()).max(MESSAGING_LIMITS.attachmentsPerMessage).default([]),
    clientId: z.uuid().optional(),
  })
  .strict();
export const SendConversationMessageResponse = z.object({ data: ConversationMessage });

/** Mark everything up to and including `upToSeq` read by the caller's side. */
export const MarkConversationReadRequest = z.object({ upToSeq: z.number().int().min(0) }).strict();
export const ConversationReadState = z.object({
  /** Highest seq the patient's side has read. */
  patientReadSeq: z.number().int(),
  patientReadAt: IsoDateTime.nullable(),
  /** Highest seq the unit has read (show "Läst" on own messages with seq ≤ this). */
  unitReadSeq: z.number().int(),
  unitReadAt: IsoDateTime.nullable(),
});
export const MarkConversationReadResponse = z.object({ data: ConversationReadState });

export const ConversationMessagesQuery = z.object({
  subjectId: z.uuid().optional(),
  /** Only entries with seq > since (resume). */
  since: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});

// ---------------------------------------------------------------------------------------------
// citizens: /api/messaging/…
// ---------------------------------------------------------------------------------------------

/** A unit the subject may message. */
export const MessagingUnit = z.object({
  id: z.uuid(),
  name: z.string(),
  patientMode: MessagingPatientMode,
  /** True when the subject may start a new conversation now. */
  canStart: z.boolean(),
  topics: z.array(MessagingTopic),
  targetWorkingDays: z.number().int(),
});
/** GET /api/messaging/units?subjectId= — units the subject has a care relationship with (that message at all). */
export const MessagingUnitListResponse = z.object({ data: z.array(MessagingUnit) });

export const CitizenConversationSummary = z.object({
  id: z.uuid(),
  /** The patient the conversation is about. */
  patientId: z.uuid(),
  unit: z.object({ id: z.uuid(), name: z.string() }),
  topic: MessagingTopic.nullable(),
  subject: z.string(),
  status: ConversationStatus,
  lastSeq: z.number().int(),
  lastActivityAt: IsoDateTime,
  /** Short plain-text start of the last visible message (empty when only attachments). */
  lastMessagePreview: z.string(),
  /** Messages from the unit the patient's side has not read. */
  unreadCount: z.number().int(),
  createdAt: IsoDateTime,
  abilities: z.object({ reply: z.boolean() }),
});
export type CitizenConversationSummary = z.infer<typeof CitizenConversationSummary>;

export const CitizenConversationListQuery = z.object({ subjectId: z.uuid().optional() });
/** GET /api/messaging/conversations?subjectId= — newest activity first. */
export const CitizenConversationListResponse = z.object({ data: z.array(CitizenConversationSummary) });

export const ConversationParams = z.object({ id: z.uuid() });
export const MessagingSubjectQuery = z.object({ subjectId: z.uuid().optional() });

/** POST /api/messaging/conversations?subjectId= (201) — start a conversation; 403 unit_not_accepting. */
export const StartConversationRequest = z
  .object({
    unitId: z.uuid(),
    /** Required when the unit offers topics. */
    topicId: z.uuid().optional(),
    subject: z.string().trim().min(1).max(MESSAGING_LIMITS.subjectMaxChars),
    body: z.string().trim().max(MESSAGING_LIMITS.bodyMaxChars).default(''),
    attachmentIds: z.array(z.uuid()).max(MESSAGING_LIMITS.attachmentsPerMessage).default([]),
    clientId: z.uuid().optional(),
  })
  .strict();

export const CitizenConversation = CitizenConversationSummary.extend({
  read: ConversationReadState,
  messages: z.array(ConversationMessage),
  /** More messages after the last one returned (ask again with since = its seq). */
  hasMore: z.boolean(),
});
/**
 * GET  /api/messaging/conversations/:id?subjectId=&since=  — the conversation and its messages (audited)
 * POST /api/messaging/conversations?subjectId=             — start (201, same shape)
 */
export const CitizenConversationResponse = z.object({ data: CitizenConversation });

/*
 * POST /api/messaging/conversations/:id/messages?subjectId=  body SendConversationMessageRequest → 201 SendConversationMessageResponse
 *      (403 reply_not_allowed when closed without reply; 404 for anything the caller may not see)
 * POST /api/messaging/conversations/:id/read?subjectId=      body MarkConversationReadRequest → 200 MarkConversationReadResponse
 * POST /api/messaging/attachments?subjectId=&filename=       raw body or multipart → 201 MessageAttachmentResponse
 * GET  /api/messaging/attachments/:id?subjectId=             the file (Content-Disposition, no-store; audited)
 */
export const MessagingAttachmentParams = z.object({ id: z.uuid() });

// ---- web push (citizens) ----

/** GET /api/messaging/push/key — the VAPID public key for PushManager.subscribe. */
export const PushKeyResponse = z.object({ data: z.object({ publicKey: z.string() }) });
/** POST /api/messaging/push/subscriptions (204) — store the browser's subscription for this session's person. */
export const PushSubscriptionRequest = z
  .object({
    endpoint: z.url().max(1000),
    keys: z.object({ p256dh: z.string().min(10).max(200), auth: z.string().min(8).max(100) }),
  })
  .strict();
/** DELETE /api/messaging/push/subscriptions (204). */
export const PushUnsubscribeRequest = z.object({ endpoint: z.url().max(1000) }).strict();

// ---------------------------------------------------------------------------------------------
// staff: /api/staff/units/:unitId/…  (the unit must be the session's active unit for patient data)
// ---------------------------------------------------------------------------------------------

export const MessagingSettings = z.object({
  unitId: z.uuid(),
  patientMode: MessagingPatientMode,
  /** The unit's target answer time, in working days (weekends and Swedish public holidays excluded). */
  targetWorkingDays: z.number().int(),
  topics: z.array(MessagingTopic),
  abilities: z.object({ edit: z.boolean() }),
});
/** GET /api/staff/units/:unitId/messaging/settings (unit staff) · PUT the same (unit admins; topics absent from the list are retired). */
export const MessagingSettingsResponse = z.object({ data: MessagingSettings });
export const UpdateMessagingSettingsRequest = z
  .object({
    patientMode: MessagingPatientMode,
    targetWorkingDays: z.number().int().min(1).max(30),
    topics: z
      .array(
        z
          .object({
            /** Present to keep (and rename) an existing topic. */
            id: z.uuid().optional(),
            labelSv: z.string().trim().min(2).max(80),
            labelEn: z.string().trim().min(2).max(80),
          })
          .strict(),
      )
      .max(30),
  })
  .strict();

export const MessagingTemplate = z.object({
  id: z.uuid(),
  title: z.string(),
  body: z.string(),
  updatedAt: IsoDateTime,
});
/**
 * GET    /api/staff/units/:unitId/messaging/templates               (unit staff)
 * POST   /api/staff/units/:unitId/messaging/templates               (unit admins) 201 MessagingTemplateResponse
 * PUT    /api/staff/units/:unitId/messaging/templates/:templateId   (unit admins)
 * DELETE /api/staff/units/:unitId/messaging/templates/:templateId   (unit admins) 204
 */
export const MessagingTemplateListResponse = z.object({
  data: z.array(MessagingTemplate),
  abilities: z.object({ edit: z.boolean() }),
});
export const MessagingTemplateResponse = z.object({ data: MessagingTemplate });
export const MessagingTemplateInput = z
  .object({
    title: z.string().trim().min(2).max(120),
    body: z.string().trim().min(1).max(MESSAGING_LIMITS.templateBodyMaxChars),
  })
  .strict();
export const MessagingTemplateParams = z.object({ unitId: z.uuid(), templateId: z.uuid() });

export const MessagingInboxFilter = z.enum(['new', 'mine', 'waiting_for_patient', 'closed', 'open', 'all']);
export type MessagingInboxFilter = z.infer<typeof MessagingInboxFilter>;

/** GET /api/staff/units/:unitId/conversations?filter=&q=&limit=&cursor= — most urgent first: overdue, then oldest waiting, then newest activity. */
export const MessagingInboxQuery = z.object({
  /** 'open': every status but closed. Default 'open'. */
  filter: MessagingInboxFilter.default('open'),
  /** Patient name, personnummer (digits), subject or topic. */
  q: z.string().trim().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

export const MessagingStaffRef = z.object({ staffId: z.uuid(), name: z.string() });

export const StaffConversationSummary = z.object({
  id: z.uuid(),
  unitId: z.uuid(),
  patient: z.object({
    personId: z.uuid(),
    name: z.string(),
    personalNumber: PersonalNumber12,
    protectedIdentity: z.boolean(),
  }),
  topic: MessagingTopic.nullable(),
  subject: z.string(),
  status: ConversationStatus,
  /** Closed but the patient may still answer (answering reopens it). */
  allowReplyWhenClosed: z.boolean(),
  assignee: MessagingStaffRef.nullable(),
  lastSeq: z.number().int(),
  lastActivityAt: IsoDateTime,
  lastMessagePreview: z.string(),
  /** Patient-side messages the unit has not read. */
  unreadCount: z.number().int(),
  /** The oldest patient message not yet answered by the unit (null: nothing is waiting). */
  waitingSince: IsoDateTime.nullable(),
  /** waitingSince + the unit's target working days. */
  dueAt: IsoDateTime.nullable(),
  overdue: z.boolean(),
  createdAt: IsoDateTime,
  abilities: z.object({
    reply: z.boolean(),
    take: z.boolean(),
    assign: z.boolean(),
    close: z.boolean(),
    reopen: z.boolean(),
  }),
});
export type StaffConversationSummary = z.infer<typeof StaffConversationSummary>;
export const MessagingInboxResponse = z.object({
  data: z.array(StaffConversationSummary),
  /** Counts per filter for the tabs. */
  counts: z.object({
    new: z.number().int(),
    mine: z.number().int(),
    waiting_for_patient: z.number().int(),
    open: z.number().int(),
    overdue: z.number().int(),
  }),
  nextCursor: z.string().nullable(),
});

export const StaffConversationParams = z.object({ unitId: z.uuid(), id: z.uuid() });
export const StaffMessagingAttachmentParams = z.object({ unitId: z.uuid(), id: z.uuid() });

export const StaffConversation = StaffConversationSummary.extend({
  read: ConversationReadState,
  /** Messages and internal notes (internal: true), by seq. */
  messages: z.array(ConversationMessage),
  hasMore: z.boolean(),
});
/** GET /api/staff/units/:unitId/conversations/:id?since= — audited view of the conversation. */
export const StaffConversationResponse = z.object({ data: StaffConversation });
export const StaffConversationMessagesQuery = ConversationMessagesQuery.omit({ subjectId: true });

/*
 * POST /api/staff/units/:unitId/conversations/:id/messages  body SendConversationMessageRequest → 201 (an answer to the patient)
 * POST /api/staff/units/:unitId/conversations/:id/notes     body SendConversationMessageRequest → 201 (internal note; never to the patient)
 * POST /api/staff/units/:unitId/conversations/:id/read      body MarkConversationReadRequest → 200 MarkConversationReadResponse
 * POST /api/staff/units/:unitId/conversations/:id/assign    body AssignConversationRequest → 200 StaffConversationResponse
 * POST /api/staff/units/:unitId/conversations/:id/close     body CloseConversationRequest → 200 StaffConversationResponse
 * POST /api/staff/units/:unitId/conversations/:id/reopen    → 200 StaffConversationResponse
 * GET  /api/staff/units/:unitId/conversations/:id/context   → MessagingPatientContextResponse (audited)
 * POST /api/staff/units/:unitId/messaging/attachments?filename= raw body or multipart → 201 MessageAttachmentResponse
 * GET  /api/staff/units/:unitId/messaging/attachments/:id   the file (audited)
 * GET  /api/staff/units/:unitId/messaging/colleagues        → MessagingColleaguesResponse (for assigning)
 * POST /api/staff/units/:unitId/conversations               body StaffStartConversationRequest → 201 StaffConversationResponse
 */

/** `staffId` null: unassign; the caller's own id: take it. */
export const AssignConversationRequest = z.object({ staffId: z.uuid().nullable() }).strict();
export const CloseConversationRequest = z.object({ allowReply: z.boolean().default(false) }).strict();

/** Staff may start a conversation with a patient the unit has a care relationship with. */
export const StaffStartConversationRequest = z
  .object({
    personId: z.uuid(),
    topicId: z.uuid().optional(),
    subject: z.string().trim().min(1).max(MESSAGING_LIMITS.subjectMaxChars),
    body: z.string().trim().min(1).max(MESSAGING_LIMITS.bodyMaxChars),
    attachmentIds: z.array(z.uuid()).max(MESSAGING_LIMITS.attachmentsPerMessage).default([]),
    clientId: z.uuid().optional(),
  })
  .strict();

export const MessagingColleaguesResponse = z.object({
  data: z.array(z.object({ staffId: z.uuid(), name: z.string(), title: z.string() })),
});

export const MessagingPatientContext = z.object({
  patient: StaffConversationSummary.shape.patient.extend({ age: z.number().int() }),
  /** The patient's bookings at this unit (newest first, at most 20). */
  bookings: z.array(z.object({ id: z.uuid(), startsAt: IsoDateTime, timeTypeName: z.string(), status: z.string() })),
  /** Invitations from this unit (empty until the invitation module exists). */
  invitations: z.array(z.object({ id: z.uuid(), title: z.string(), status: z.string(), createdAt: IsoDateTime })),
  /** Other conversations of the patient with this unit. */
  conversations: z.array(
    z.object({ id: z.uuid(), subject: z.string(), status: ConversationStatus, lastActivityAt: IsoDateTime }),
  ),
});
export const MessagingPatientContextResponse = z.object({ data: MessagingPatientContext });

// ---------------------------------------------------------------------------------------------
// WebSocket: GET /api/messaging/ws
// ---------------------------------------------------------------------------------------------

/** Where the socket lives (the client builds ws(s)://host + this). */
export const MESSAGING_WS_PATH = '/api/messaging/ws';

/**
 * Client → server.
 * - subscribe: live entries of one conversation; with `since`, the server first replays every entry
 *   with seq > since (in order), then streams new ones — no loss, no duplicates across reconnects.
 *   Citizens pass `subjectId` when acting for someone; staff pass `unitId` (their active unit).
 * - watch_unit (staff) / watch_subject (citizen): `conversation_changed` for the inbox / list.
 */
export const MessagingClientMessage = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('subscribe'),
    conversationId: z.uuid(),
    since: z.number().int().min(0).optional(),
    subjectId: z.uuid().optional(),
    unitId: z.uuid().optional(),
  }),
  z.object({ type: z.literal('unsubscribe'), conversationId: z.uuid() }),
  z.object({ type: z.literal('watch_unit'), unitId: z.uuid() }),
  z.object({ type: z.literal('watch_subject'), subjectId: z.uuid().optional() }),
  z.object({ type: z.literal('ping') }),
]);
export type MessagingClientMessage = z.infer<typeof MessagingClientMessage>;

/**
 * Server → client.
 * - ready: sent once after the upgrade.
 * - subscribed: the replay (if any) follows as `message` frames; `lastSeq` is the conversation's current last seq.
 * - watching: a watch_unit / watch_subject is active (`id`: the unit, or the subject — null for oneself).
 * - message: a new entry (citizens never receive internal notes).
 * - read: the other side (or own side on another device) read up to `upToSeq`.
 * - conversation_changed: status, assignment, a new conversation or activity — refetch the list/summary.
 * - unsubscribed / unwatched: access is gone (revoked proxy, session ended, unit changed) or unknown id.
 * - error: a bad frame (the socket stays open unless it is closed with 4400).
 */
export const MessagingServerMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), side: z.enum(['citizen', 'staff']) }),
  z.object({ type: z.literal('subscribed'), conversationId: z.uuid(), lastSeq: z.number().int() }),
  /** Added: the watch is active (after watch_unit / watch_subject). */
  z.object({ type: z.literal('watching'), scope: z.enum(['unit', 'subject']), id: z.uuid().nullable() }),
  z.object({ type: z.literal('message'), conversationId: z.uuid(), message: ConversationMessage }),
  z.object({
    type: z.literal('read'),
    conversationId: z.uuid(),
    side: z.enum(['patient', 'unit']),
    upToSeq: z.number().int(),
    at: IsoDateTime,
  }),
  z.object({
    type: z.literal('conversation_changed'),
    conversationId: z.uuid(),
    unitId: z.uuid(),
    patientId: z.uuid(),
    status: ConversationStatus,
    lastSeq: z.number().int(),
    lastActivityAt: IsoDateTime,
  }),
  z.object({
    type: z.literal('unsubscribed'),
    conversationId: z.uuid(),
    reason: z.enum(['not_found', 'access_revoked']),
  }),
  z.object({
    type: z.literal('unwatched'),
    scope: z.enum(['unit', 'subject']),
    id: z.uuid().nullable(),
    reason: z.enum(['not_found', 'access_revoked']),
  }),
  z.object({ type: z.literal('error'), code: z.string(), message: z.string() }),
  z.object({ type: z.literal('pong') }),
]);
export type MessagingServerMessage = z.infer<typeof MessagingServerMessage>;

export type CitizenConversation = z.infer<typeof CitizenConversation>;
export type StaffConversation = z.infer<typeof StaffConversation>;
export type MessagingSettings = z.infer<typeof MessagingSettings>;
export type MessagingTemplate = z.infer<typeof MessagingTemplate>;
export type MessagingPatientContext = z.infer<typeof MessagingPatientContext>;
export type MessagingUnit = z.infer<typeof MessagingUnit>;
