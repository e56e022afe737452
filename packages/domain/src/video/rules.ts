/**
 * Video meetings (issue 7): who may enter, when, and what a host may do.
 * Pure rules — the server module keeps the state, these decide.
 *
 * - Kinds: one_to_one (2 in the meeting, mesh), multi_party (≤ 6, mesh),
 *   group (≤ 30, through the SFU).
 * - Roles: host (staff running the meeting), participant, guest (one-time link).
 * - Everyone but a host waits in the waiting room until a host admits them.
 * - "Anslut": from 10 minutes before the planned start (hosts from 30) until
 *   2 hours after the planned end; an ad-hoc meeting without a start is open at once.
 * - A locked room takes nobody new (hosts excepted); a removed participant
 *   never resumes, and cannot come back while the room is locked.
 * - Guest links expire (default 24 h, at most 7 days) and stop working when
 *   the meeting ends.
 */

export const VIDEO_MEETING_KINDS = ['one_to_one', 'multi_party', 'group'] as const;
export type VideoMeetingKindName = (typeof VIDEO_MEETING_KINDS)[number];
export const VIDEO_ROLES = ['host', 'participant', 'guest'] as const;
export type VideoRoleName = (typeof VIDEO_ROLES)[number];

export const VIDEO_LIMITS: Record<VideoMeetingKindName, number> = { one_to_one: 2, multi_party: 6, group: 30 };
export const JOIN_OPENS_MINUTES_BEFORE = 10;
export const HOST_OPENS_MINUTES_BEFORE = 30;
export const JOIN_CLOSES_MINUTES_AFTER_END = 120;
export const GUEST_LINK_DEFAULT_MINUTES = 24 * 60;
export const GUEST_LINK_MAX_MINUTES = 7 * 24 * 60;
/** A dropped socket keeps its place this long. */
export const RESUME_GRACE_SECONDS = 30;

const MINUTE = 60_000;

export function topologyOf(kind: VideoMeetingKindName): 'mesh' | 'sfu' {
  return kind === 'group' ? 'sfu' : 'mesh';
}

export function isVideoMeetingKind(value: string): value is VideoMeetingKindName {
  return (VIDEO_MEETING_KINDS as readonly string[]).includes(value);
}

/** When "Anslut" becomes possible for a role, or null when it is possible at once (ad-hoc). */
export function joinOpensAt(startsAt: Date | null, role: VideoRoleName): Date | null {
  if (!startsAt) return null;
  const before = role === 'host' ? HOST_OPENS_MINUTES_BEFORE : JOIN_OPENS_MINUTES_BEFORE;
  return new Date(startsAt.getTime() - before * MINUTE);
}

export type JoinRefusal =
  | 'meeting_ended'
  | 'too_early'
  | 'too_late'
  | 'meeting_locked'
  | 'removed'
  | 'guest_link_expired'
  | 'meeting_full';

export interface JoinFacts {
  at: Date;
  role: VideoRoleName;
  status: 'scheduled' | 'open' | 'ended';
  startsAt: Date | null;
  endsAt: Date | null;
  locked: boolean;
  /** The participant was removed by a host earlier. */
  removed: boolean;
  /** Guests: when their link expires. */
  guestExpiresAt?: Date | null;
}

export type Decision = { ok: true } | { ok: false; reason: JoinRefusal };

/** May this participant get a join ticket now (and so reach the waiting room or, as host, the meeting)? */
export function mayJoin(f: JoinFacts): Decision {
  if (f.status === 'ended') return { ok: false, reason: 'meeting_ended' };
  if (f.role === 'guest' && f.guestExpiresAt && f.at.getTime() >= f.guestExpiresAt.getTime()) {
    return { ok: false, reason: 'guest_link_expired' };
  }
  const opens = joinOpensAt(f.startsAt, f.role);
  if (opens && f.at.getTime() < opens.getTime()) return { ok: false, reason: 'too_early' };
  if (f.endsAt && f.at.getTime() > f.endsAt.getTime() + JOIN_CLOSES_MINUTES_AFTER_END * MINUTE) {
    return { ok: false, reason: 'too_late' };
  }
  if (f.role !== 'host' && f.removed && f.locked) return { ok: false, reason: 'removed' };
  if (f.role !== 'host' && f.locked) return { ok: false, reason: 'meeting_locked' };
  return { ok: true };
}

/** Hosts go straight in; everyone else waits until admitted. */
export function entersWaitingRoom(role: VideoRoleName): boolean {
  return role !== 'host';
}

/** May one more person be admitted, given how many are in the meeting now? */
export function mayAdmit(kind: VideoMeetingKindName, inMeeting: number): Decision {
  return inMeeting < VIDEO_LIMITS[kind] ? { ok: true } : { ok: false, reason: 'meeting_full' };
}

export type HostAction = 'admit' | 'deny' | 'mute' | 'remove' | 'lock' | 'spotlight' | 'end';

/**
 * Host controls: only hosts; a host may not remove or deny another host
 * (nor themselves); muting oneself is the client's own business.
 */
export function mayControl(
  actorRole: VideoRoleName,
  action: HostAction,
  target?: { role: VideoRoleName; self: boolean },
): { ok: true } | { ok: false; reason: 'not_host' | 'target_is_host' | 'target_is_self' } {
  if (actorRole !== 'host') return { ok: false, reason: 'not_host' };
  if (!target) return { ok: true };
  if ((action === 'remove' || action === 'deny' || action === 'mute') && target.self) {
    return { ok: false, reason: 'target_is_self' };
  }
  if ((action === 'remove' || action === 'deny') && target.role === 'host') {
    return { ok: false, reason: 'target_is_host' };
  }
  return { ok: true };
}

/** When a guest link made now for `minutes` expires; minutes are clamped to 5 … 7 days. */
export function guestLinkExpiry(now: Date, minutes: number = GUEST_LINK_DEFAULT_MINUTES): Date {
  const m = Math.min(Math.max(Math.trunc(minutes), 5), GUEST_LINK_MAX_MINUTES);
  return new Date(now.getTime() + m * MINUTE);
}

/**
 * The kind after one more person is invited: a one-to-one meeting that gets an
 * interpreter, relative or colleague becomes multi-party (still mesh); a full
 * multi-party or group meeting takes no more invitations.
 */
export function kindAfterInvite(
  kind: VideoMeetingKindName,
  invited: number,
): { ok: true; kind: VideoMeetingKindName } | { ok: false; reason: 'meeting_full' } {
  const next = kind === 'one_to_one' && invited >= 2 ? 'multi_party' : kind;
  // Invitations may exceed the room a little (not everyone comes), but not without bound.
  if (invited >= VIDEO_LIMITS[next] * 2) return { ok: false, reason: 'meeting_full' };
  return { ok: true, kind: next };
}
