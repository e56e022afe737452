/**
 * Citizen support (invånarsupport): one case queue from the in-app chat (logged in), the public
 * contact form (name + e-mail, answered by e-mail) and mail to the support address; first- and
 * second-line agents, standard answers, a public help centre, information posts, deviation reports
 * and the dashboard. Agent routes need the staff `support` role (first or second line).
 */
import { z } from 'zod';
import { IsoDateTime, Locale } from './common.js';

export const SUPPORT_LIMITS = {
  subjectMaxChars: 120,
  bodyMaxChars: 5000,
  noteMaxChars: 2000,
  nameMaxChars: 100,
} as const;

export const SupportChannel = z.enum(['chat', 'web', 'email']);
export type SupportChannel = z.infer<typeof SupportChannel>;
export const SupportCaseStatus = z.enum(['new', 'open', 'waiting', 'escalated', 'closed', 'merged']);
export type SupportCaseStatus = z.infer<typeof SupportCaseStatus>;
export const SupportQueueView = z.enum(['new', 'mine', 'waiting', 'escalated', 'closed']);
export type SupportQueueView = z.infer<typeof SupportQueueView>;
export const SlaStanding = z.enum(['ok', 'near', 'breached']);
export const DeviationCategory = z.enum(['technical', 'operational', 'supply']);
export type DeviationCategory = z.infer<typeof DeviationCategory>;

const Body = z.string().trim().min(1).max(SUPPORT_LIMITS.bodyMaxChars);
const Subject = z.string().trim().min(1).max(SUPPORT_LIMITS.subjectMaxChars);

// ---- public: opening hours, help centre, contact form ------------------------------------------

export const SupportStatus = z.object({
  open: z.boolean(),
  /** When the desk next opens (now when open). */
  opensAt: IsoDateTime.nullable(),
  /** "Chat now" only while available agents have room. */
  chatNow: z.boolean(),
  /** The median first-answer time of recent cases, in opening-hour minutes. */
  typicalWaitMinutes: z.number().int(),
  /** A new case now would be answered by about this time. */
  answerBy: IsoDateTime.nullable(),
  goalMinutes: z.number().int(),
});
export type SupportStatus = z.infer<typeof SupportStatus>;

export const ArticleSummary = z.object({
  slug: z.string(),
  locale: Locale,
  title: z.string(),
  excerpt: z.string(),
});
export type ArticleSummary = z.infer<typeof ArticleSummary>;
export const Article = ArticleSummary.extend({ body: z.string(), publishedAt: IsoDateTime.nullable() });
export type Article = z.infer<typeof Article>;
export const ArticleQuery = z.object({ locale: Locale.default('sv'), q: z.string().trim().max(200).optional() });
export const ArticleList = z.object({ articles: z.array(ArticleSummary) });
export const SuggestBody = z.object({
  text: z.string().trim().min(1).max(SUPPORT_LIMITS.bodyMaxChars),
  locale: Locale.default('sv'),
});

export const PublicCaseBody = z.object({
  name: z.string().trim().min(1).max(SUPPORT_LIMITS.nameMaxChars),
  email: z.email().max(254),
  subject: Subject,
  message: Body,
  locale: Locale.default('sv'),
});
export const PublicCaseCreated = z.object({
  reference: z.string(),
  answerBy: IsoDateTime.nullable(),
  suggestions: z.array(ArticleSummary),
});

// ---- citizen (logged in) ------------------------------------------------------------------------

export const SupportMessage = z.object({
  id: z.uuid(),
  author: z.enum(['citizen', 'agent', 'system', 'note']),
  /** The agent's first name only (citizens never see who else works the desk). */
  authorName: z.string().nullable(),
  body: z.string(),
  channel: z.enum(['chat', 'web', 'email', 'internal']),
  attachmentsRefused: z.number().int(),
  createdAt: IsoDateTime,
});
export type SupportMessage = z.infer<typeof SupportMessage>;

export const CitizenCase = z.object({
  id: z.uuid(),
  reference: z.string(),
  subject: z.string(),
  status: SupportCaseStatus,
  createdAt: IsoDateTime,
  lastActivityAt: IsoDateTime,
  rating: z.number().int().nullable(),
  canRate: z.boolean(),
  messages: z.array(SupportMessage),
});
export type CitizenCase = z.infer<typeof CitizenCase>;
export const CitizenCaseList = z.object({ cases: z.array(CitizenCase.omit({ messages: true })) });
export const CitizenCaseBody = z.object({ subject: Subject, message: Body, locale: Locale.default('sv') });
export const CitizenCaseCreated = z.object({
  case: CitizenCase,
  answerBy: IsoDateTime.nullable(),
  suggestions: z.array(ArticleSummary),
});
export const MessageBody = z.object({ body: Body });
export const RatingBody = z.object({
  rating: z.number().int().min(1).max(5),
  comment: z.string().trim().max(1000).optional(),
});

/** A rating through the link mailed after an e-mail or public-form case is closed (no login). */
export const RatingLinkQuery = z.object({ t: z.string().min(1).max(600) });
export const RatingLinkCase = z.object({ reference: z.string(), subject: z.string() });
export const RatingLinkBody = RatingBody.extend({ token: z.string().min(1).max(600) });

// ---- agents ---------------------------------------------------------------------------------------

export const InfoPost = z.object({
  id: z.uuid(),
  title: z.string(),
  body: z.string(),
  authorName: z.string(),
  createdAt: IsoDateTime,
  readAt: IsoDateTime.nullable(),
  /** Second line only: each agent's read status. */
  reads: z.array(z.object({ staffId: z.uuid(), name: z.string(), readAt: IsoDateTime.nullable() })).optional(),
});
export type InfoPost = z.infer<typeof InfoPost>;

export const QueueCase = z.object({
  id: z.uuid(),
  reference: z.string(),
  channel: SupportChannel,
  status: SupportCaseStatus,
  subject: z.string(),
  contactName: z.string().nullable(),
  identified: z.boolean(),
  assigneeName: z.string().nullable(),
  mine: z.boolean(),
  createdAt: IsoDateTime,
  waitingSince: IsoDateTime.nullable(),
  /** Opening-hour minutes the citizen has waited for a first answer (or since their last message). */
  waitedMinutes: z.number().int(),
  sla: SlaStanding,
  dueAt: IsoDateTime.nullable(),
  breachEscalated: z.boolean(),
});
export type QueueCase = z.infer<typeof QueueCase>;
export const AgentMe = z.object({
  staffId: z.uuid(),
  name: z.string(),
  line: z.enum(['first_line', 'second_line']),
  available: z.boolean(),
  maxConcurrent: z.number().int(),
  openCases: z.number().int(),
  /** The newest post this agent has not read: shown before the next case is taken. */
  unreadPost: InfoPost.nullable(),
  /** The locales the agent answers in: only cases in them are offered. */
  languages: z.array(Locale),
  /** Cases offered to this agent and not yet accepted (accept = take, or decline), oldest first. */
  offers: z.array(QueueCase),
  /** How long an offer waits for accept before it moves on (SUPPORT_ACCEPT_TIMEOUT_SECONDS). */
  acceptTimeoutSeconds: z.number().int(),
});
export type AgentMe = z.infer<typeof AgentMe>;
export const AgentAvailabilityBody = z.object({
  available: z.boolean(),
  maxConcurrent: z.number().int().min(1).max(20).optional(),
  languages: z.array(Locale).min(1).max(2).optional(),
});

export const QueueQuery = z.object({ view: SupportQueueView.default('new') });
export const QueueList = z.object({ view: SupportQueueView, cases: z.array(QueueCase) });

export const AgentCase = QueueCase.extend({
  contactEmail: z.string().nullable(),
  escalationNote: z.string().nullable(),
  mergedIntoId: z.uuid().nullable(),
  rating: z.number().int().nullable(),
  ratingComment: z.string().nullable(),
  /** Bookings may be looked up (with a reason) only when the citizen wrote logged in. */
  canSeeBookings: z.boolean(),
  messages: z.array(SupportMessage),
  /** Placeholder values for standard answers. */
  placeholders: z.record(z.string(), z.string()),
});
export type AgentCase = z.infer<typeof AgentCase>;
export const EscalateBody = z.object({ note: z.string().trim().min(1).max(SUPPORT_LIMITS.noteMaxChars) });
export const MergeBody = z.object({ intoCaseId: z.uuid() });
export const AgentAnswerBody = z.object({
  body: Body,
  /** Close the case with this answer. */
  close: z.boolean().optional(),
  /** An internal note (second line and first line; never shown to the citizen). */
  note: z.boolean().optional(),
});

export const SupportBookingsBody = z.object({ reason: z.string().trim().min(5).max(300) });
export const SupportBooking = z.object({
  id: z.uuid(),
  unitName: z.string(),
  timeTypeName: z.string(),
  startsAt: IsoDateTime,
  status: z.string(),
  cancellable: z.boolean(),
});
export const SupportBookingList = z.object({ bookings: z.array(SupportBooking) });
export const SupportFreeTimeList = z.object({
  times: z.array(z.object({ slotId: z.uuid(), unitName: z.string(), startsAt: IsoDateTime, endsAt: IsoDateTime })),
});
export const SupportRebookBody = SupportBookingsBody.extend({ slotId: z.uuid() });

export const StandardAnswer = z.object({
  id: z.uuid(),
  shortcut: z.string(),
  title: z.string(),
  body: z.string(),
  version: z.number().int(),
  lastReviewedAt: IsoDateTime,
});
export type StandardAnswer = z.infer<typeof StandardAnswer>;
export const StandardAnswerList = z.object({ answers: z.array(StandardAnswer) });
export const StandardAnswerBody = z.object({
  shortcut: z
    .string()
    .trim()
    .regex(/^[\p{Ll}\p{N}_-]{2,30}$/u, 'must be 2–30 lower-case letters, digits, - or _'),
  title: z.string().trim().min(1).max(120),
  body: z.string().trim().min(1).max(SUPPORT_LIMITS.bodyMaxChars),
});

export const ArticleBody = z.object({
  slug: z
    .string()
    .trim()
    .regex(/^[a-z0-9-]{2,80}$/, 'must be 2–80 of a-z, 0-9 and -'),
  locale: Locale,
  title: z.string().trim().min(1).max(200),
  body: z.string().trim().min(1).max(20_000),
  keywords: z.string().trim().max(500).default(''),
  published: z.boolean(),
});
export const AgentArticle = Article.extend({
  id: z.uuid(),
  published: z.boolean(),
  keywords: z.string(),
  version: z.number().int(),
  lastReviewedAt: IsoDateTime.nullable(),
});
export type AgentArticle = z.infer<typeof AgentArticle>;
export const AgentArticleList = z.object({ articles: z.array(AgentArticle) });
/** Articles and standard answers keep every saved version (second line edits, first line reads). */
export const KnowledgeKind = z.enum(['articles', 'standard-answers']);
export const KnowledgeVersion = z.object({
  version: z.number().int(),
  title: z.string(),
  body: z.string(),
  savedBy: z.string().nullable(),
  savedAt: IsoDateTime,
});
export const KnowledgeVersionList = z.object({ versions: z.array(KnowledgeVersion) });
export const Reviewed = z.object({ lastReviewedAt: IsoDateTime });

export const InfoPostBody = z.object({
  title: z.string().trim().min(1).max(200),
  body: z.string().trim().min(1).max(SUPPORT_LIMITS.bodyMaxChars),
});
export const InfoPostList = z.object({ posts: z.array(InfoPost) });

export const Deviation = z.object({
  id: z.uuid(),
  category: DeviationCategory,
  description: z.string(),
  status: z.enum(['new', 'acknowledged', 'forwarded']),
  reportedBy: z.string(),
  caseReferences: z.array(z.string()),
  forwardedTo: z.string().nullable(),
  createdAt: IsoDateTime,
});
export type Deviation = z.infer<typeof Deviation>;
export const DeviationList = z.object({ deviations: z.array(Deviation) });
export const DeviationBody = z.object({
  category: DeviationCategory,
  description: z.string().trim().min(1).max(SUPPORT_LIMITS.bodyMaxChars),
  caseIds: z.array(z.uuid()).max(50).default([]),
});

export const DashboardQuery = z.object({ weeks: z.coerce.number().int().min(1).max(52).default(8) });
export const Dashboard = z.object({
  goalMinutes: z.number().int(),
  weeks: z.array(
    z.object({ week: z.string(), chat: z.number().int(), web: z.number().int(), email: z.number().int() }),
  ),
  firstAnswer: z.object({
    count: z.number().int(),
    medianMinutes: z.number().nullable(),
    p90Minutes: z.number().nullable(),
    withinGoal: z.number().int(),
  }),
  backlog: z.number().int(),
  escalations: z.number().int(),
  deviations: z.record(DeviationCategory, z.number().int()),
  ratings: z.object({ count: z.number().int(), average: z.number().nullable() }),
});
export type Dashboard = z.infer<typeof Dashboard>;
export const DrillQuery = z.object({
  week: z
    .string()
    .regex(/^\d{4}-W\d{2}$/)
    .optional(),
  channel: SupportChannel.optional(),
  figure: z.enum(['started', 'backlog', 'escalations', 'breached', 'rated']).default('started'),
  weeks: z.coerce.number().int().min(1).max(52).default(8),
});
export const DrillList = z.object({ cases: z.array(QueueCase) });

// ---- realtime (GET /api/support/ws) ---------------------------------------------------------------

/** What a client sends on the support socket: follow a case (the citizen's own; any for agents). */
export const SupportClientMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('subscribe'), caseId: z.uuid() }),
  z.object({ type: z.literal('unsubscribe'), caseId: z.uuid() }),
  z.object({ type: z.literal('ping') }),
  /** Staff: be told when the queue changes (and offers to me), on any instance. */
  z.object({ type: z.literal('watch-queue') }),
]);
export type SupportClientMessage = z.infer<typeof SupportClientMessage>;

/** What the server pushes: new entries of a followed case (notes to agents only) and its status. */
export const SupportServerMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('pong') }),
  z.object({ type: z.literal('subscribed'), caseId: z.uuid() }),
  z.object({ type: z.literal('unsubscribed'), caseId: z.uuid(), reason: z.enum(['not_found']) }),
  z.object({ type: z.literal('entry'), caseId: z.uuid(), message: SupportMessage }),
  z.object({ type: z.literal('case'), caseId: z.uuid(), status: SupportCaseStatus }),
  z.object({ type: z.literal('queue-watched') }),
  /** The queue changed (cases created, offered, taken, answered, closed): reload it and my offers. */
  z.object({ type: z.literal('queue'), caseIds: z.array(z.uuid()) }),
  z.object({ type: z.literal('error'), code: z.string(), message: z.string() }),
]);
export type SupportServerMessage = z.infer<typeof SupportServerMessage>;
