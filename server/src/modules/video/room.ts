/**
 * A running meeting's room as its carrier instance holds it: the participants
 * with their place (waiting room or in the meeting), media flags and the
 * endpoint their signalling socket is reached through — a socket on this
 * instance, or one on another instance relayed over the hub (relay.ts).
 */
import type { ChatMessage, MediaState, ServerMessage, SfuFeed, SignalParticipant } from '@ingang/contracts';
import type * as store from './store.js';

/** Where a participant's signalling socket is: local, or relayed from another instance. */
export interface Endpoint {
  send(message: ServerMessage): void;
  close(code: number, reason: string): void;
}

export interface Live {
  row: store.ParticipantRow;
  state: 'waiting' | 'in_meeting';
  socket: Endpoint | null;
  media: MediaState;
  mutedByHost: boolean;
  connection: 'connected' | 'reconnecting';
  quality: 'good' | 'fair' | 'poor' | null;
  since: Date;
  grace: NodeJS.Timeout | null;
}

export interface Room {
  meeting: store.MeetingRow;
  live: Map<string, Live>;
  spotlight: string | null;
  /** Kept in memory only (the chat is never stored); a room taken over by another instance starts anew. */
  chat: ChatMessage[];
  feeds: Map<string, string>;
  /** subscription id → feed id. */
  subs: Map<string, string>;
  /** Serialises the room's database writes and router calls. */
  queue: Promise<unknown>;
}

export const send = (socket: Endpoint | null, message: ServerMessage) => socket?.send(message);

export const view = (l: Live): SignalParticipant => ({
  id: l.row.id,
  displayName: l.row.display_name,
  role: l.row.role,
  relation: l.row.relation,
  state: l.state,
  media: l.media,
  mutedByHost: l.mutedByHost,
  connection: l.connection,
  quality: l.quality,
  since: l.since.toISOString(),
});

export const inMeeting = (room: Room) => [...room.live.values()].filter((l) => l.state === 'in_meeting');
export const hosts = (room: Room) => inMeeting(room).filter((l) => l.row.role === 'host');

export const toMeeting = (room: Room, message: ServerMessage, except?: string) => {
  for (const l of inMeeting(room)) if (l.row.id !== except) send(l.socket, message);
};

export const waitingList = (room: Room) => {
  const waiting = [...room.live.values()].filter((l) => l.state === 'waiting').map(view);
  for (const h of hosts(room)) send(h.socket, { type: 'waiting-list', waiting });
};

export const feedList = (room: Room): SfuFeed[] =>
  [...room.feeds].map(([feedId, participantId]) => ({ feedId, participantId }));

export const CHAT_KEPT = 200;
