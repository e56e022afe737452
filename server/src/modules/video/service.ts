/**
 * Video meetings: who may see and join which meeting, tickets, invitations,
 * guest links. The live part (waiting room, signalling) is in room-*.ts and
 * protocol.ts; the rules are in @ingang/domain (video/rules).
 *
 * Who is in a meeting:
 * - staff: a participant row (host or participant), or staff working in the
 *   meeting's unit who open it (they become a host) — with a care
 *   relationship to the patient when the meeting is about one (audited);
 * - citizens: a participant row; the meeting's patient; or whoever may act for
 *   the patient with the 'video' scope (a guardian for a child, an ombud) —
 *   they join as 'guardian' for the patient;
 * - guests: a one-time link (token stored hashed; expires).
 */
import { createEntries, type Deps } from './entry.js';
import { createInvitations } from './invitations.js';
import { createMeetings } from './meetings.js';
import { createTickets } from './tickets.js';

export { auditActorOf, type Deps, refusal } from './entry.js';

export function createVideoService(deps: Deps) {
  const entries = createEntries(deps);
  return {
    ...createMeetings(deps, entries),
    ...createInvitations(deps, entries),
    ...createTickets(deps, entries),
  };
}

export type VideoService = ReturnType<typeof createVideoService>;
