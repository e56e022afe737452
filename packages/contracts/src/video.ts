/**
 * Video meetings (issue 7): REST endpoints and the signalling WebSocket.
 *
 * How a browser gets into a meeting (the same for every meeting kind):
 *  1. It gets a *join ticket*: `POST /api/video/meetings/:id/join` (logged-in
 *     patient, guardian or staff) or `POST /api/video/guest/:token/join` (a guest
 *     with a one-time link, no account). The answer (`JoinResponse`) carries the
 *     ticket, the participant's own id and role, the topology (mesh or sfu)
 *     and the ICE servers (STUN/TURN) to give `RTCPeerConnection`.
 *  2. It opens the WebSocket `GET /api/video/ws` (same origin; no query
 *     string — tokens never go into URLs) and sends `{ type: 'join', ticket }`
 *     as the first message. The server answers `joined` (with `state`
 *     'waiting' or 'in_meeting'). Waiting participants get `admitted` (or
 *     `denied`) when a host decides.
 *  3. Mesh (one_to_one, multi_party): peers exchange `offer`/`answer`/`ice`
 *     addressed with `to`; the server relays them with `from`. The participant
 *     who enters the meeting LATER sends the offers to everyone already in
 *     it (`joined.participants` with state 'in_meeting'); the others wait
 *     for offers. For renegotiation (screen sharing, ICE restart) use
 *     "perfect negotiation": the peer whose id sorts higher is polite.
 *  4. SFU (group): the client publishes with `sfu-publish` (its offer) and
 *     gets `sfu-published` (the answer); it learns of feeds from
 *     `joined.feeds` and `feed-added`, subscribes with `sfu-subscribe`, gets
 *     `sfu-offer`, and answers with `sfu-answer`. ICE candidates are part of
 *     the SDP (non-trickle) — `sfu-ice` may be sent but is optional.
 *  5. Reconnect after a network change: open a new socket and send
 *     `{ type: 'join', ticket, resume: true }` within `resumeGraceSeconds`;
 *     the participant keeps its place (no new waiting), others see
 *     `participant-updated` (connection 'reconnecting' → 'connected'), and the
 *     client restarts ICE (mesh: new offer with iceRestart; sfu: publish and
 *     subscribe again).
 *
 * Nothing of the media is recorded; the chat lives only as long as the
 * meeting is running (in memory) and is never stored.
 */

import { IsoDateTime, StaffPersonRef } from './common.js';
import * as z from './zod.js';

// ---------------------------------------------------------------- shared shapes

/** one_to_one: 2 people, mesh. multi_party: ≤ 6, mesh. group: ≤ 30, through the SFU. */
export const VideoMeetingKind = z.enum(['one_to_one', 'multi_party', 'group']);
export type VideoMeetingKind = z.infer<typeof VideoMeetingKind>;

/** host: staff who run the meeting (admit, mute, remove, lock, spotlight). guest: joined by a one-time link. */
export const VideoRole = z.enum(['host', 'participant', 'guest']);
export type VideoRole = z.infer<typeof VideoRole>;

/** Why someone is in the meeting (shown beside the name). */
export const VideoRelation = z.enum([
  'clinician',
  'patient',
  'guardian',
  'interpreter',
  'relative',
  'colleague',
  'other',
]);
export type VideoRelation = z.infer<typeof VideoRelation>;

export const VideoTopology = z.enum(['mesh', 'sfu']);
export type VideoTopology = z.infer<typeof VideoTopology>;

export const VideoMeetingStatus = z.enum(['scheduled', 'open', 'ended']);
export type VideoMeetingStatus = z.infer<typeof VideoMeetingStatus>;

/** Exactly what `new RTCPeerConnection({ iceServers })` takes. TURN credentials are short-lived. */
export const IceServer = z.object({
  urls: z.array(z.string()),
  username: z.string().optional(),
  credential: z.string().optional(),
});
export type IceServer = z.infer<typeof IceServer>;

export const VideoMeeting = z.object({
  id: z.uuid(),
  kind: VideoMeetingKind,
  topology: VideoTopology,
  /** Shown in lists and the waiting room (e.g. the time type's name, or what staff typed). */
  title: z.string(),
  status: VideoMeetingStatus,
  /** Planned start and end (null for an ad-hoc meeting started now). */
  startsAt: IsoDateTime.nullable(),
  endsAt: IsoDateTime.nullable(),
  /** "Anslut" is possible from this moment (10 minutes before start); null = now. */
  joinOpensAt: IsoDateTime.nullable(),
  unit: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  /** The patient the meeting is about (null for e.g. a parent group). */
  patient: StaffPersonRef.nullable(),
  bookingId: z.uuid().nullable(),
  /** The caller's role in this meeting. */
  myRole: VideoRole,
  /** The caller may join right now (window open, not ended, not removed from a locked room). */
  canJoin: z.boolean(),
  locked: z.boolean(),
  maxParticipants: z.number().int(),
  createdAt: IsoDateTime,
});
export type VideoMeeting = z.infer<typeof VideoMeeting>;
export const VideoMeetingResponse = z.object({ data: VideoMeeting });
export const VideoMeetingListResponse = z.object({ data: z.array(VideoMeeting) });
export const VideoMeetingParams = z.object({ id: z.uuid() });

/** Who is invited to a meeting (staff view). */
export const VideoInvitee = z.object({
  participantId: z.uuid(),
  kind: z.enum(['staff', 'citizen', 'guest']),
  role: VideoRole,
  relation: VideoRelation,
  displayName: z.string(),
  /** Guests: when the link stops working. */
  guestLinkExpiresAt: IsoDateTime.nullable(),
  removed: z.boolean(),
});
export type VideoInvitee = z.infer<typeof VideoInvitee>;
export const VideoInviteeListResponse = z.object({ data: z.array(VideoInvitee) });

// ---------------------------------------------------------------- REST requests

/**
 * POST /api/video/meetings (staff): an ad-hoc meeting, hosted by the caller
 * in their active unit. With `patientId` the patient is invited (mail
 * notification) — staff need a care relationship with the patient.
 */
export const CreateVideoMeetingRequest = z.object({
  kind: VideoMeetingKind,
  title: z.string().trim().min(1).max(120),
  patientId: z.uuid().optional(),
  /** Planned start (absent: now). */
  startsAt: z.iso.datetime({ offset: true }).optional(),
  durationMinutes: z.number().int().min(5).max(240).default(30),
});
export type CreateVideoMeetingRequest = z.infer<typeof CreateVideoMeetingRequest>;

/**
 * POST /api/video/meetings/:id/invitations (host): add a staff colleague, a
 * patient, or a guest with a one-time link (interpreter, relative, …).
 */
export const CreateVideoInvitationRequest = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('staff'),
    staffId: z.uuid(),
    role: z.enum(['host', 'participant']).default('participant'),
  }),
  z.object({ kind: z.literal('citizen'), personId: z.uuid() }),
  z.object({
    kind: z.literal('guest'),
    relation: z.enum(['interpreter', 'relative', 'colleague', 'other']),
    /** A name to recognise the guest by in the waiting room (the guest types their own when joining). */
    label: z.string().trim().min(1).max(80).optional(),
    /** How long the link works (default 24 h, at most 7 days). */
    expiresInMinutes: z
      .number()
      .int()
      .min(5)
      .max(7 * 24 * 60)
      .default(24 * 60),
  }),
]);
export type CreateVideoInvitationRequest = z.infer<typeof CreateVideoInvitationRequest>;

export const VideoInvitationResponse = z.object({
  data: z.object({
    invitee: VideoInvitee,
    /** Guests only, shown ONCE: the link to send (`${publicUrl}/video/guest/<token>`). */
    guestUrl: z.string().optional(),
    guestToken: z.string().optional(),
  }),
});
export type VideoInvitationResponse = z.infer<typeof VideoInvitationResponse>;

/** POST /api/video/meetings/:id/join: body optional. */
export const JoinVideoMeetingRequest = z.object({}).optional();

export const JoinResponse = z.object({
  data: z.object({
    meetingId: z.uuid(),
    participantId: z.uuid(),
    role: VideoRole,
    displayName: z.string(),
    /** Send as the first WebSocket message: `{ type: 'join', ticket }`. Valid until the meeting ends. */
    ticket: z.string(),
    topology: VideoTopology,
    iceServers: z.array(IceServer),
    /** The WebSocket path, relative to the site: '/api/video/ws'. */
    wsPath: z.string(),
    /** A dropped socket may resume within this many seconds without waiting again. */
    resumeGraceSeconds: z.number().int(),
    meeting: z.object({ id: z.uuid(), kind: VideoMeetingKind, title: z.string(), startsAt: IsoDateTime.nullable() }),
  }),
});
export type JoinResponse = z.infer<typeof JoinResponse>;

export const GuestTokenParams = z.object({ token: z.string().min(20).max(200) });

/** GET /api/video/guest/:token (public): what the link leads to; 404 unknown, 410 expired/used up/ended. */
export const GuestLinkResponse = z.object({
  data: z.object({
    meetingTitle: z.string(),
    startsAt: IsoDateTime.nullable(),
    expiresAt: IsoDateTime,
    unitName: z.string().nullable(),
  }),
});

/** POST /api/video/guest/:token/join (public, rate limited): the guest's name → JoinResponse. */
export const GuestJoinRequest = z.object({ displayName: z.string().trim().min(1).max(80) });
export type GuestJoinRequest = z.infer<typeof GuestJoinRequest>;

export const BookingMeetingParams = z.object({ bookingId: z.uuid() });

/*
 * Endpoints (all under /api):
 *  GET  /video/meetings                       caller's meetings: citizen — own and those acted for (video bookings
 *                                             included, meetings created on demand); staff — those they are in. ?includeEnded=true
 *  GET  /video/meetings/:id                   VideoMeetingResponse
 *  POST /video/meetings                       staff: CreateVideoMeetingRequest → 201 VideoMeetingResponse
 *  POST /video/bookings/:bookingId/meeting    the meeting of a booked video time (created on first call) → VideoMeetingResponse
 *                                             (patient, guardian/ombud with 'video' scope, or staff of the unit — e.g. from the day list)
 *  GET  /video/meetings/:id/invitations       host: VideoInviteeListResponse
 *  POST /video/meetings/:id/invitations       host: CreateVideoInvitationRequest → 201 VideoInvitationResponse
 *  POST /video/meetings/:id/join              JoinResponse (403 not a participant / removed from locked room; 409 window not open / ended)
 *  POST /video/meetings/:id/end               host: ends the meeting for everyone → VideoMeetingResponse
 *  GET  /video/guest/:token                   public: GuestLinkResponse
 *  POST /video/guest/:token/join              public: GuestJoinRequest → JoinResponse
 *  GET  /video/ws                             WebSocket upgrade (public route; authorised by the ticket in the `join` message)
 */

// ---------------------------------------------------------------- signalling: shared

export const ParticipantState = z.enum(['waiting', 'in_meeting']);
export const MediaState = z.object({
  audio: z.boolean(),
  video: z.boolean(),
  screen: z.boolean(),
});
export type MediaState = z.infer<typeof MediaState>;
export const QualityLevel = z.enum(['good', 'fair', 'poor']);

export const SignalParticipant = z.object({
  id: z.uuid(),
  displayName: z.string(),
  role: VideoRole,
  relation: VideoRelation,
  state: ParticipantState,
  media: MediaState,
  /** A host muted this participant's microphone (they may unmute themselves). */
  mutedByHost: z.boolean(),
  connection: z.enum(['connected', 'reconnecting']),
  quality: QualityLevel.nullable(),
  /** ISO time they entered the waiting room or the meeting. */
  since: IsoDateTime,
});
export type SignalParticipant = z.infer<typeof SignalParticipant>;

/** An SFU feed (one published stream set of one participant). */
export const SfuFeed = z.object({ feedId: z.string(), participantId: z.uuid() });
export type SfuFeed = z.infer<typeof SfuFeed>;

export const IceCandidate = z.object({
  candidate: z.string(),
  sdpMid: z.string().nullable().optional(),
  sdpMLineIndex: z.number().int().nullable().optional(),
  usernameFragment: z.string().nullable().optional(),
});
export type IceCandidate = z.infer<typeof IceCandidate>;

const Sdp = z.string().min(1).max(100_000);
const ChatText = z.string().trim().min(1).max(2000);

// ---------------------------------------------------------------- signalling: client → server

export const ClientMessage = z.discriminatedUnion('type', [
  /** First message on every socket. resume: true after a dropped connection. */
  z.object({ type: z.literal('join'), ticket: z.string().min(20).max(200), resume: z.boolean().optional() }),
  z.object({ type: z.literal('leave') }),
  z.object({ type: z.literal('ping') }),
  // mesh
  z.object({ type: z.literal('offer'), to: z.uuid(), sdp: Sdp }),
  z.object({ type: z.literal('answer'), to: z.uuid(), sdp: Sdp }),
  z.object({ type: z.literal('ice'), to: z.uuid(), candidate: IceCandidate.nullable() }),
  // sfu
  z.object({ type: z.literal('sfu-publish'), sdp: Sdp }),
  z.object({ type: z.literal('sfu-unpublish') }),
  z.object({ type: z.literal('sfu-subscribe'), feedId: z.string().min(1).max(100) }),
  z.object({ type: z.literal('sfu-answer'), subscriptionId: z.string().min(1).max(100), sdp: Sdp }),
  z.object({ type: z.literal('sfu-unsubscribe'), subscriptionId: z.string().min(1).max(100) }),
  /** target: 'publisher' or a subscriptionId. Optional (SDPs carry candidates). */
  z.object({ type: z.literal('sfu-ice'), target: z.string().min(1).max(100), candidate: IceCandidate.nullable() }),
  // own state
  z.object({ type: z.literal('media-state'), media: MediaState }),
  z.object({
    type: z.literal('quality'),
    level: QualityLevel,
    rttMs: z.number().min(0).max(60_000).optional(),
    lossPercent: z.number().min(0).max(100).optional(),
  }),
  z.object({ type: z.literal('chat'), text: ChatText }),
  // host controls (refused with `error` code 'not_host' for others)
  z.object({ type: z.literal('admit'), participantId: z.uuid() }),
  z.object({ type: z.literal('deny'), participantId: z.uuid() }),
  z.object({ type: z.literal('mute'), participantId: z.uuid() }),
  z.object({ type: z.literal('remove'), participantId: z.uuid() }),
  z.object({ type: z.literal('lock'), locked: z.boolean() }),
  z.object({ type: z.literal('spotlight'), participantId: z.uuid().nullable() }),
  z.object({ type: z.literal('end') }),
]);
export type ClientMessage = z.infer<typeof ClientMessage>;

// ---------------------------------------------------------------- signalling: server → client

export const ChatMessage = z.object({
  id: z.string(),
  from: z.uuid(),
  displayName: z.string(),
  text: z.string(),
  at: IsoDateTime,
});
export type ChatMessage = z.infer<typeof ChatMessage>;

/** Why a participant left (participant-left) or why one's own socket is being closed (closing). */
export const LeaveReason = z.enum(['left', 'removed', 'denied', 'disconnected', 'ended', 'replaced']);
export type LeaveReason = z.infer<typeof LeaveReason>;

export const ServerMessage = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('joined'),
    self: SignalParticipant,
    state: ParticipantState,
    topology: VideoTopology,
    /** Everyone else (waiting participants are only listed for hosts). */
    participants: z.array(SignalParticipant),
    /** SFU feeds already published (empty in mesh). */
    feeds: z.array(SfuFeed),
    locked: z.boolean(),
    spotlight: z.uuid().nullable(),
    /** Chat so far (only when in the meeting). */
    chat: z.array(ChatMessage),
    resumed: z.boolean(),
  }),
  /** Hosts: the whole waiting list whenever it changes. */
  z.object({ type: z.literal('waiting-list'), waiting: z.array(SignalParticipant) }),
  /** To a waiting participant: you are in — now set up media (mesh: offer to everyone in `participants`). */
  z.object({
    type: z.literal('admitted'),
    participants: z.array(SignalParticipant),
    feeds: z.array(SfuFeed),
    chat: z.array(ChatMessage),
  }),
  z.object({ type: z.literal('participant-joined'), participant: SignalParticipant }),
  z.object({ type: z.literal('participant-updated'), participant: SignalParticipant }),
  z.object({ type: z.literal('participant-left'), participantId: z.uuid(), reason: LeaveReason }),
  // mesh relay
  z.object({ type: z.literal('offer'), from: z.uuid(), sdp: z.string() }),
  z.object({ type: z.literal('answer'), from: z.uuid(), sdp: z.string() }),
  z.object({ type: z.literal('ice'), from: z.uuid(), candidate: IceCandidate.nullable() }),
  // sfu
  z.object({ type: z.literal('sfu-published'), feedId: z.string(), sdp: z.string() }),
  z.object({ type: z.literal('feed-added'), feed: SfuFeed }),
  z.object({ type: z.literal('feed-removed'), feedId: z.string() }),
  z.object({ type: z.literal('sfu-offer'), subscriptionId: z.string(), feedId: z.string(), sdp: z.string() }),
  /** The subscription's answer was applied: media flows. */
  z.object({ type: z.literal('sfu-subscribed'), subscriptionId: z.string(), feedId: z.string() }),
  z.object({ type: z.literal('sfu-ice'), target: z.string(), candidate: IceCandidate.nullable() }),
  // room state
  z.object({ type: z.literal('locked'), locked: z.boolean() }),
  z.object({ type: z.literal('spotlight'), participantId: z.uuid().nullable() }),
  /** A host muted your microphone: turn it off locally (you may turn it on again). */
  z.object({ type: z.literal('muted'), by: z.uuid() }),
  z.object({ type: z.literal('chat'), message: ChatMessage }),
  /** Sent just before the server closes your socket (removed, denied, meeting ended, opened elsewhere). */
  z.object({ type: z.literal('closing'), reason: LeaveReason }),
  z.object({ type: z.literal('pong') }),
  /** A refused or failed message; the socket stays open unless followed by `closing`. */
  z.object({ type: z.literal('error'), code: z.string(), message: z.string(), ref: z.string().optional() }),
]);
export type ServerMessage = z.infer<typeof ServerMessage>;

/**
 * WebSocket close codes beside platform/realtime CLOSE (4401 unauthorised,
 * 4403 forbidden, 4400 bad message): 4404 unknown/expired ticket,
 * 4409 meeting ended, 4410 removed/denied, 4411 the same participant opened another socket.
 */
export const VIDEO_CLOSE = {
  badTicket: 4404,
  ended: 4409,
  removed: 4410,
  replaced: 4411,
} as const;

export const VIDEO_WS_PATH = '/api/video/ws';
/** Limits per meeting kind (also enforced by @ingang/domain video rules). */
export const VIDEO_MAX_PARTICIPANTS: Record<VideoMeetingKind, number> = { one_to_one: 2, multi_party: 6, group: 30 };
