/**
 * The live part of video meetings: one in-memory room per running meeting
 * with its waiting room, participants, chat and SFU feeds, driven by the
 * signalling WebSocket (`GET /api/video/ws`, messages in @ingang/contracts
 * video.ts).
 *
 * Authorisation: a socket is worth nothing until its first message, `join`,
 * names a valid ticket; the ticket binds the socket to ONE participant of ONE
 * meeting, and every later message is handled in that room only — a peer
 * address (`to`), feed or subscription from another meeting is simply
 * unknown here. Host controls are checked by the domain rules.
 *
 * A dropped socket keeps its place for RESUME_GRACE_SECONDS (state
 * 'reconnecting'); a new socket with the same ticket takes it over. Joins and
 * leaves are written to video_events and, for a meeting about a patient, to
 * the patient's audit log. Media never passes through here, and nothing of it
 * (nor the chat) is stored.
 *
 * One instance carries a meeting: the rooms are per process (cross-instance
 * rooms over ctx.hub are future work; see docs/architecture.md).
 */
import {
  type ChatMessage,
  ClientMessage,
  type LeaveReason,
  type MediaState,
  type ServerMessage,
  type SfuFeed,
  type SignalParticipant,
  VIDEO_CLOSE,
} from '@ingang/contracts';
import { entersWaitingRoom, mayAdmit, mayControl, RESUME_GRACE_SECONDS, topologyOf } from '@ingang/domain';
import type { WebSocket } from 'ws';
import { recordAudit } from '../../platform/audit.js';
import type { AppContext } from '../../platform/context.js';
import { CLOSE } from '../../platform/realtime.js';
import { uuid } from '../../platform/sessions.js';
import { type MediaRouter, MediaRouterError } from './media-router.js';
import { auditActorOf, type VideoService } from './service.js';
import * as store from './store.js';

type Deps = Pick<AppContext, 'db' | 'clock' | 'log'>;

interface Live {
  row: store.ParticipantRow;
  state: 'waiting' | 'in_meeting';
  socket: WebSocket | null;
  media: MediaState;
  mutedByHost: boolean;
  connection: 'connected' | 'reconnecting';
  quality: 'good' | 'fair' | 'poor' | null;
  since: Date;
  grace: NodeJS.Timeout | null;
}

interface Room {
  meeting: store.MeetingRow;
  live: Map<string, Live>;
  spotlight: string | null;
  chat: ChatMessage[];
  feeds: Map<string, string>;
  /** subscription id → feed id. */
  subs: Map<string, string>;
  /** Serialises the room's database writes and router calls. */
  queue: Promise<unknown>;
}

const CHAT_KEPT = 200;
const JOIN_TIMEOUT_MS = 10_000;
const MAX_MESSAGES_PER_SECOND = 200;

export interface SignallingOptions {
  /** Overrides RESUME_GRACE_SECONDS (tests). */
  graceMs?: number;
}

export function createSignalling(deps: Deps, service: VideoService, router: MediaRouter, opts: SignallingOptions = {}) {
  const { db, clock, log } = deps;
  const rooms = new Map<string, Room>();
  const graceMs = opts.graceMs ?? RESUME_GRACE_SECONDS * 1000;

  const send = (socket: WebSocket | null, message: ServerMessage) => {
    if (socket && socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };
  const view = (l: Live): SignalParticipant => ({
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
  const inMeeting = (room: Room) => [...room.live.values()].filter((l) => l.state === 'in_meeting');
  const hosts = (room: Room) => inMeeting(room).filter((l) => l.row.role === 'host');
  const toMeeting = (room: Room, message: ServerMessage, except?: string) => {
    for (const l of inMeeting(room)) if (l.row.id !== except) send(l.socket, message);
  };
  const waitingList = (room: Room) => {
    const waiting = [...room.live.values()].filter((l) => l.state === 'waiting').map(view);
    for (const h of hosts(room)) send(h.socket, { type: 'waiting-list', waiting });
  };
  const feedList = (room: Room): SfuFeed[] =>
    [...room.feeds].map(([feedId, participantId]) => ({ feedId, participantId }));

  /** Runs `work` after the room's earlier work; failures are logged, never thrown at the socket. */
  function enqueue(room: Room, work: () => Promise<unknown>) {
    room.queue = room.queue.then(work).catch((error) => log.warn({ err: error }, 'video room work failed'));
    return room.queue;
  }

  /** video_events row, and for a meeting about a patient the audit entry (join/leave — never content). */
  function presence(room: Room, l: Live, event: store.VideoEvent) {
    const at = clock.now();
    return enqueue(room, () =>
      db.transaction().execute(async (trx) => {
        await store.recordEvent(trx, room.meeting.id, l.row.id, event, at);
        const audited = event === 'joined' || event === 'left' || event === 'removed';
        if (!audited || !room.meeting.patient_person_id) return;
        await recordAudit(trx, {
          actor: auditActorOf(l.row, room.meeting.unit_id),
          subjectPersonId: room.meeting.patient_person_id,
          action: event === 'joined' ? 'join' : 'leave',
          recordType: 'video_meeting',
          recordId: room.meeting.id,
          purpose: l.row.kind === 'staff' ? 'care' : 'self_service',
          unitId: room.meeting.unit_id ?? undefined,
          onBehalf: l.row.for_person_id ? { relation: 'guardian' } : null,
          at,
        });
      }),
    );
  }

  function enterMeeting(room: Room, l: Live) {
    l.state = 'in_meeting';
    l.since = clock.now();
    toMeeting(room, { type: 'participant-joined', participant: view(l) }, l.row.id);
    presence(room, l, 'joined');
  }

  /** Takes the participant out of the room (left, removed, denied, disconnected, ended). */
  function depart(room: Room, l: Live, reason: LeaveReason) {
    if (l.grace) clearTimeout(l.grace);
    if (room.live.get(l.row.id) !== l) return;
    room.live.delete(l.row.id);
    const wasIn = l.state === 'in_meeting';
    if (room.spotlight === l.row.id) {
      room.spotlight = null;
      toMeeting(room, { type: 'spotlight', participantId: null });
    }
    if (wasIn) toMeeting(room, { type: 'participant-left', participantId: l.row.id, reason });
    else waitingList(room);
    if (wasIn) presence(room, l, reason === 'removed' ? 'removed' : 'left');
    else if (reason === 'denied') presence(room, l, 'denied');
    enqueue(room, async () => {
      const gone = await router.leave(room.meeting.id, l.row.id);
      for (const feedId of gone) {
        room.feeds.delete(feedId);
        toMeeting(room, { type: 'feed-removed', feedId });
      }
    });
    if (room.live.size === 0) {
      rooms.delete(room.meeting.id);
      enqueue(room, () => router.closeRoom(room.meeting.id));
    }
  }

  function closeSocket(socket: WebSocket | null, reason: LeaveReason, code: number) {
    if (!socket) return;
    send(socket, { type: 'closing', reason });
    socket.close(code, reason);
  }

  async function loadRoom(meetingId: string): Promise<Room | null> {
    const existing = rooms.get(meetingId);
    if (existing) return existing;
    const meeting = await store.meeting(db, meetingId);
    if (!meeting) return null;
    const again = rooms.get(meetingId);
    if (again) return again;
    const room: Room = {
      meeting,
      live: new Map(),
      spotlight: null,
      chat: [],
      feeds: new Map(),
      subs: new Map(),
      queue: Promise.resolve(),
    };
    rooms.set(meetingId, room);
    return room;
  }

  /** Host control and other handlers, for a socket bound to `self` in `room`. */
  async function handle(room: Room, self: Live, msg: ClientMessage, socket: WebSocket) {
    const error = (code: string, message: string) => send(socket, { type: 'error', code, message, ref: msg.type });
    const admitted = self.state === 'in_meeting';
    const target = (id: string) => room.live.get(id);
    const sfu = topologyOf(room.meeting.kind) === 'sfu';

    switch (msg.type) {
      case 'ping':
        return send(socket, { type: 'pong' });
      case 'join':
        return error('already_joined', 'This socket has joined already.');
      case 'leave':
        depart(room, self, 'left');
        socket.close(1000, 'left');
        return;
      case 'offer':
      case 'answer':
      case 'ice': {
        if (!admitted) return error('not_admitted', 'Wait until you are let in.');
        if (sfu) return error('wrong_topology', 'This meeting goes through the SFU (sfu-* messages).');
        const peer = target(msg.to);
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
      case 'sfu-ice': {
        if (!admitted) return error('not_admitted', 'Wait until you are let in.');
        if (!sfu) return error('wrong_topology', 'This meeting is peer-to-peer (offer/answer/ice messages).');
        const id = room.meeting.id;
        // Not through the room's queue: subscriptions of different participants proceed in parallel
        // (this participant's messages are already in order on its socket's chain).
        await (async () => {
          try {
            await router.createRoom(id);
            if (msg.type === 'sfu-publish') {
              const before = [...room.feeds].filter(([, p]) => p === self.row.id).map(([f]) => f);
              const result = await router.publish(id, self.row.id, msg.sdp);
              for (const old of before) {
                room.feeds.delete(old);
                toMeeting(room, { type: 'feed-removed', feedId: old });
              }
              if (room.live.get(self.row.id) !== self) {
                // Left while the router worked: drop what was just set up.
                await router.unpublish(id, self.row.id);
                return;
              }
              room.feeds.set(result.feedId, self.row.id);
              send(socket, { type: 'sfu-published', feedId: result.feedId, sdp: result.answerSdp });
              toMeeting(
                room,
                { type: 'feed-added', feed: { feedId: result.feedId, participantId: self.row.id } },
                self.row.id,
              );
            } else if (msg.type === 'sfu-unpublish') {
              for (const feedId of await router.unpublish(id, self.row.id)) {
                room.feeds.delete(feedId);
                toMeeting(room, { type: 'feed-removed', feedId });
              }
            } else if (msg.type === 'sfu-subscribe') {
              if (!room.feeds.has(msg.feedId)) return error('unknown_feed', 'No such feed in this meeting.');
              const result = await router.subscribe(id, self.row.id, msg.feedId);
              room.subs.set(result.subscriptionId, msg.feedId);
              send(socket, {
                type: 'sfu-offer',
                subscriptionId: result.subscriptionId,
                feedId: msg.feedId,
                sdp: result.offerSdp,
              });
            } else if (msg.type === 'sfu-answer') {
              await router.answer(id, self.row.id, msg.subscriptionId, msg.sdp);
              const feedId = room.subs.get(msg.subscriptionId) ?? '';
              send(socket, { type: 'sfu-subscribed', subscriptionId: msg.subscriptionId, feedId });
            } else if (msg.type === 'sfu-unsubscribe') {
              await router.unsubscribe(id, self.row.id, msg.subscriptionId);
              room.subs.delete(msg.subscriptionId);
            } else {
              await router.trickle(id, self.row.id, msg.target, msg.candidate);
            }
          } catch (e) {
            if (e instanceof MediaRouterError) return error(e.code, e.message);
            throw e;
          }
        })();
        return;
      }
      case 'media-state':
        self.media = msg.media;
        if (msg.media.audio) self.mutedByHost = false;
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
          at: clock.now().toISOString(),
        };
        room.chat.push(message);
        if (room.chat.length > CHAT_KEPT) room.chat.shift();
        return toMeeting(room, { type: 'chat', message });
      }
      default:
        return hostControl(room, self, msg, error);
    }
  }

  async function hostControl(
    room: Room,
    self: Live,
    msg: Extract<ClientMessage, { type: 'admit' | 'deny' | 'mute' | 'remove' | 'lock' | 'spotlight' | 'end' }>,
    error: (code: string, message: string) => void,
  ) {
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
        enterMeeting(room, t);
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
        depart(room, t, 'denied');
        await enqueue(room, () => store.setTicket(db, t.row.id, null));
        return closeSocket(socket, 'denied', VIDEO_CLOSE.removed);
      }
      case 'mute': {
        if (t?.state !== 'in_meeting') return error('unknown_participant', 'No such participant in the meeting.');
        t.mutedByHost = true;
        t.media = { ...t.media, audio: false };
        send(t.socket, { type: 'muted', by: self.row.id });
        return toMeeting(room, { type: 'participant-updated', participant: view(t) });
      }
      case 'remove': {
        if (!t) return;
        const socket = t.socket;
        await enqueue(room, () => store.markRemoved(db, t.row.id, clock.now()));
        depart(room, t, 'removed');
        return closeSocket(socket, 'removed', VIDEO_CLOSE.removed);
      }
      case 'lock': {
        await enqueue(room, () => store.setLocked(db, room.meeting.id, msg.locked));
        room.meeting = { ...room.meeting, locked: msg.locked };
        toMeeting(room, { type: 'locked', locked: msg.locked });
        return;
      }
      case 'spotlight': {
        if (t && t.state !== 'in_meeting') return error('unknown_participant', 'No such participant in the meeting.');
        room.spotlight = msg.participantId;
        return toMeeting(room, { type: 'spotlight', participantId: msg.participantId });
      }
      case 'end': {
        await enqueue(room, () =>
          db.transaction().execute(async (trx) => {
            await store.endMeeting(trx, room.meeting.id, clock.now());
            await store.recordEvent(trx, room.meeting.id, self.row.id, 'ended', clock.now());
          }),
        );
        return endRoom(room.meeting.id);
      }
    }
  }

  /** Closes every socket of a meeting (it ended). */
  function endRoom(meetingId: string) {
    const room = rooms.get(meetingId);
    if (!room) return;
    for (const l of [...room.live.values()]) {
      const socket = l.socket;
      depart(room, l, 'ended');
      closeSocket(socket, 'ended', VIDEO_CLOSE.ended);
    }
  }

  /** Binds a socket to its participant after a valid `join`. */
  async function join(
    socket: WebSocket,
    msg: Extract<ClientMessage, { type: 'join' }>,
  ): Promise<{ room: Room; self: Live } | null> {
    const found = await service.resolveTicket(msg.ticket);
    if (!found) {
      send(socket, { type: 'error', code: 'bad_ticket', message: 'The ticket is unknown or no longer valid.' });
      socket.close(VIDEO_CLOSE.badTicket, 'bad ticket');
      return null;
    }
    if (found.m.status === 'ended') {
      closeSocket(socket, 'ended', VIDEO_CLOSE.ended);
      return null;
    }
    const room = await loadRoom(found.m.id);
    if (!room) return null;
    room.meeting = { ...room.meeting, locked: found.m.locked, kind: found.m.kind };
    let self = room.live.get(found.p.id);
    const resumed = self !== undefined;
    if (self) {
      if (self.grace) clearTimeout(self.grace);
      self.grace = null;
      const old = self.socket;
      self.socket = socket;
      self.connection = 'connected';
      if (old && old !== socket) {
        send(old, { type: 'closing', reason: 'replaced' });
        old.close(VIDEO_CLOSE.replaced, 'replaced');
      }
      if (self.state === 'in_meeting')
        toMeeting(room, { type: 'participant-updated', participant: view(self) }, self.row.id);
    } else {
      if (room.meeting.locked && found.p.role !== 'host') {
        send(socket, { type: 'error', code: 'meeting_locked', message: 'The meeting is locked.' });
        socket.close(CLOSE.forbidden, 'locked');
        return null;
      }
      self = {
        row: found.p,
        state: 'waiting',
        socket,
        media: { audio: true, video: true, screen: false },
        mutedByHost: false,
        connection: 'connected',
        quality: null,
        since: clock.now(),
        grace: null,
      };
      room.live.set(found.p.id, self);
    }
    const host = found.p.role === 'host';
    if (!resumed && !entersWaitingRoom(found.p.role)) enterMeeting(room, self);
    else if (!resumed) presence(room, self, 'waiting');
    const admitted = self.state === 'in_meeting';
    send(socket, {
      type: 'joined',
      self: view(self),
      state: self.state,
      topology: topologyOf(room.meeting.kind),
      participants: admitted
        ? [...room.live.values()].filter((l) => l !== self && (host || l.state === 'in_meeting')).map(view)
        : [],
      feeds: admitted ? feedList(room) : [],
      locked: room.meeting.locked,
      spotlight: admitted ? room.spotlight : null,
      chat: admitted ? room.chat : [],
      resumed,
    });
    if (host) waitingList(room);
    if (!admitted && !resumed) waitingList(room);
    return { room, self };
  }

  return {
    rooms,
    endRoom,

    /** Serves one signalling socket. */
    accept(socket: WebSocket) {
      let bound: { room: Room; self: Live } | null = null;
      let joining = false;
      const timer = setTimeout(() => {
        if (!bound) socket.close(CLOSE.unauthorised, 'no join');
      }, JOIN_TIMEOUT_MS);
      timer.unref();
      let chain = Promise.resolve();

      let windowStart = Date.now();
      let inWindow = 0;
      socket.on('message', (data) => {
        // A flood (far beyond SDP, ICE and chat needs) closes the socket.
        const now = Date.now();
        if (now - windowStart >= 1000) {
          windowStart = now;
          inWindow = 0;
        }
        inWindow += 1;
        if (inWindow > MAX_MESSAGES_PER_SECOND) {
          if (inWindow === MAX_MESSAGES_PER_SECOND + 1) {
            send(socket, { type: 'error', code: 'rate_limited', message: 'Too many messages.' });
            socket.close(CLOSE.badMessage, 'too many messages');
          }
          return;
        }
        chain = chain
          .then(async () => {
            let parsed: ClientMessage;
            try {
              const result = ClientMessage.safeParse(JSON.parse(data.toString()));
              if (!result.success)
                throw new Error(result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
              parsed = result.data;
            } catch (e) {
              send(socket, { type: 'error', code: 'bad_message', message: (e as Error).message.slice(0, 300) });
              if (!bound) socket.close(CLOSE.badMessage, 'bad message');
              return;
            }
            if (!bound) {
              if (parsed.type !== 'join' || joining) {
                send(socket, { type: 'error', code: 'join_first', message: 'Send join with your ticket first.' });
                socket.close(CLOSE.unauthorised, 'join first');
                return;
              }
              joining = true;
              bound = await join(socket, parsed);
              clearTimeout(timer);
              return;
            }
            const { room, self } = bound;
            if (room.live.get(self.row.id) !== self || self.socket !== socket) return;
            await handle(room, self, parsed, socket);
          })
          .catch((error) => log.warn({ err: error }, 'video signalling message failed'));
      });

      socket.on('close', () => {
        clearTimeout(timer);
        if (!bound) return;
        const { room, self } = bound;
        if (self.socket !== socket || room.live.get(self.row.id) !== self) return;
        self.socket = null;
        self.connection = 'reconnecting';
        if (self.state === 'in_meeting') toMeeting(room, { type: 'participant-updated', participant: view(self) });
        self.grace = setTimeout(() => depart(room, self, 'disconnected'), graceMs);
        self.grace.unref();
      });
    },

    /** Stats for health and benchmarks. */
    stats() {
      let participants = 0;
      for (const r of rooms.values()) participants += r.live.size;
      return { rooms: rooms.size, participants };
    },

    async close() {
      for (const id of [...rooms.keys()]) endRoom(id);
      await router.close();
    },
  };
}

export type Signalling = ReturnType<typeof createSignalling>;
