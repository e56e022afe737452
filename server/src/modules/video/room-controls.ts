/**
 * What a joined participant may send: keep-alive, leaving, peer-to-peer
 * relay (offer/answer/ice within the room only), media flags, chat, and the
 * host controls checked by the domain rules (admit, deny, mute, remove, lock,
 * spotlight, end). A peer address from another meeting is simply unknown here.
 */
import { type ChatMessage, type ClientMessage, type LeaveReason, VIDEO_CLOSE } from '@ingang/contracts';
import { mayAdmit, mayControl, topologyOf } from '@ingang/domain';
import type { AppContext } from '../../platform/context.js';
import { uuid } from '../../platform/db/helpers.js';
import * as live from './live-store.js';
import type { MediaRouter } from './media-router.js';
import {
  CHAT_KEPT,
  type Endpoint,
  feedList,
  inMeeting,
  type Live,
  type Room,
  send,
  toMeeting,
  view,
  waitingList,
} from './room.js';
import { handleSfu } from './room-media.js';
import * as store from './store.js';

/** The room engine's operations the handlers use. */
export interface RoomOps {
  deps: Pick<AppContext, 'db' | 'clock'>;
  router: MediaRouter;
  enqueue(room: Room, work: () => Promise<unknown>): Promise<unknown>;
  enterMeeting(room: Room, l: Live): void;
  depart(room: Room, l: Live, reason: LeaveReason): void;
  /** Writes the participant's place and media flags through (for a takeover by another instance). */
  persist(room: Room, l: Live, state?: Live['state']): Promise<unknown>;
  closeSocket(socket: Endpoint | null, reason: LeaveReason, code: number): void;
  endRoom(meetingId: string): void;
}

/** Handles one message of `self` (bound to `room`) arriving on `socket`. */
export async function handleMessage(ops: RoomOps, room: Room, self: Live, msg: ClientMessage, socket: Endpoint) {
  const error = (code: string, message: string) => send(socket, { type: 'error', code, message, ref: msg.type });
  const admitted = self.state === 'in_meeting';
  const sfu = topologyOf(room.meeting.kind) === 'sfu';

  switch (msg.type) {
    case 'ping':
      return send(socket, { type: 'pong' });
    case 'join':
      return error('already_joined', 'This socket has joined already.');
    case 'leave':
      ops.depart(room, self, 'left');
      socket.close(1000, 'left');
      return;
    case 'offer':
    case 'answer':
    case 'ice': {
      if (!admitted) return error('not_admitted', 'Wait until you are let in.');
      if (sfu) return error('wrong_topology', 'This meeting goes through the SFU (sfu-* messages).');
      const peer = room.live.get(msg.to);
      if (peer?.state !== 'in_meeting' || peer.row.id === self.row.id) {
        return error('unknown_peer', 'No such participant in this meeting.');
      }
      if (msg.type === 'ice') return send(peer.socket, { type: 'ice', from: self.row.id, candidate: msg.candidate });
      return send(peer.socket, { type: msg.type, from: self.row.id, sdp: msg.sdp });
    }
    case 'sfu-publish':
    case 'sfu-unpublish':
    case 'sfu-subscribe':
    case 'sfu-answer':
    case 'sfu-unsubscribe':
    case 'sfu-ice':
      if (!admitted) return error('not_admitted', 'Wait until you are let in.');
      if (!sfu) return error('wrong_topology', 'This meeting is peer-to-peer (offer/answer/ice messages).');
      // Not through the room's queue: subscriptions of different participants proceed in parallel
      // (this participant's messages are already in order on its connection's chain).
      return handleSfu(ops.router, room, self, msg, socket);
    case 'media-state':
      self.media = msg.media;
      if (msg.media.audio) self.mutedByHost = false;
      ops.persist(room, self);
      if (admitted) toMeeting(room, { type: 'participant-updated', participant: view(self) });
      return;
    case 'quality':
      self.quality = msg.level;
      if (admitted) toMeeting(room, { type: 'participant-updated', participant: view(self) });
      return;
    case 'chat': {
      if (!admitted) return error('not_admitted', 'Wait until you are let in.');
      const message: ChatMessage = {
        id: uuid(),
        from: self.row.id,
        displayName: self.row.display_name,
        text: msg.text,
        at: ops.deps.clock.now().toISOString(),
      };
      room.chat.push(message);
      if (room.chat.length > CHAT_KEPT) room.chat.shift();
      return toMeeting(room, { type: 'chat', message });
    }
    default:
      return hostControl(ops, room, self, msg, error);
  }
}

async function hostControl(
  ops: RoomOps,
  room: Room,
  self: Live,
  msg: Extract<ClientMessage, { type: 'admit' | 'deny' | 'mute' | 'remove' | 'lock' | 'spotlight' | 'end' }>,
  error: (code: string, message: string) => void,
) {
  const { db, clock } = ops.deps;
  const targetId = 'participantId' in msg ? msg.participantId : null;
  const t = targetId ? room.live.get(targetId) : undefined;
  if (targetId && !t) {
    return self.row.role !== 'host'
      ? error('not_host', 'Only the host can do this.')
      : error('unknown_participant', 'No such participant here.');
  }
  const decision = mayControl(
    self.state === 'in_meeting' ? self.row.role : 'participant',
    msg.type,
    t ? { role: t.row.role, self: t === self } : undefined,
  );
  if (!decision.ok) return error(decision.reason, 'You may not do this.');

  switch (msg.type) {
    case 'admit': {
      if (t?.state !== 'waiting') return error('not_waiting', 'The participant is not waiting.');
      const ok = mayAdmit(room.meeting.kind, inMeeting(room).length);
      if (!ok.ok) return error(ok.reason, 'The meeting is full.');
      // Written through before anyone is told: a carrier killed right after
      // "admitted" must not leave the next carrier rebuilding them as waiting.
      await ops.persist(room, t, 'in_meeting');
      if (room.live.get(t.row.id) !== t || t.state !== 'waiting') return; // left or admitted meanwhile
      if (!mayAdmit(room.meeting.kind, inMeeting(room).length).ok) {
        ops.persist(room, t); // another host filled the last place meanwhile
        return error('meeting_full', 'The meeting is full.');
      }
      ops.enterMeeting(room, t);
      send(t.socket, {
        type: 'admitted',
        participants: inMeeting(room)
          .filter((l) => l !== t)
          .map(view),
        feeds: feedList(room),
        chat: room.chat,
      });
      return waitingList(room);
    }
    case 'deny': {
      if (t?.state !== 'waiting') return error('not_waiting', 'The participant is not waiting.');
      const socket = t.socket;
      ops.depart(room, t, 'denied');
      await ops.enqueue(room, () => store.setTicket(db, t.row.id, null));
      return ops.closeSocket(socket, 'denied', VIDEO_CLOSE.removed);
    }
    case 'mute': {
      if (t?.state !== 'in_meeting') return error('unknown_participant', 'No such participant in the meeting.');
      t.mutedByHost = true;
      t.media = { ...t.media, audio: false };
      ops.persist(room, t);
      send(t.socket, { type: 'muted', by: self.row.id });
      return toMeeting(room, { type: 'participant-updated', participant: view(t) });
    }
    case 'remove': {
      if (!t) return;
      const socket = t.socket;
      await ops.enqueue(room, () => store.markRemoved(db, t.row.id, clock.now()));
      ops.depart(room, t, 'removed');
      return ops.closeSocket(socket, 'removed', VIDEO_CLOSE.removed);
    }
    case 'lock': {
      await ops.enqueue(room, () => store.setLocked(db, room.meeting.id, msg.locked));
      room.meeting = { ...room.meeting, locked: msg.locked };
      toMeeting(room, { type: 'locked', locked: msg.locked });
      return;
    }
    case 'spotlight': {
      if (t && t.state !== 'in_meeting') return error('unknown_participant', 'No such participant in the meeting.');
      room.spotlight = msg.participantId;
      ops.enqueue(room, () => live.setSpotlight(db, room.meeting.id, msg.participantId));
      return toMeeting(room, { type: 'spotlight', participantId: msg.participantId });
    }
    case 'end': {
      await ops.enqueue(room, () =>
        db.transaction().execute(async (trx) => {
          await store.endMeeting(trx, room.meeting.id, clock.now());
          await store.recordEvent(trx, room.meeting.id, self.row.id, 'ended', clock.now());
        }),
      );
      return ops.endRoom(room.meeting.id);
    }
  }
}
