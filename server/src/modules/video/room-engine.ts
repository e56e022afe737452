/**
 * The rooms this instance carries: joining with a ticket, the waiting room,
 * departures, the resume grace, and handing rooms over when the instance
 * stops. Every change of a participant's place is written through to
 * `video_live` (live-store.ts), so when the carrier stops — drained or killed —
 * the next instance a participant reconnects through claims the room and
 * rebuilds it from there: everyone keeps their place (waiting or admitted)
 * and resumes with their ticket. The chat and the SFU's feeds are not kept
 * (publishers publish again on resume).
 *
 * Joins and leaves are written to video_events and, for a meeting about a
 * patient, to the patient's audit log.
 */
import { type ClientMessage, type LeaveReason, VIDEO_CLOSE } from '@ingang/contracts';
import { entersWaitingRoom, RESUME_GRACE_SECONDS, topologyOf } from '@ingang/domain';
import { recordAudit } from '../../platform/audit.js';
import type { AppContext } from '../../platform/context.js';
import { CLOSE } from '../../platform/realtime.js';
import * as live from './live-store.js';
import type { MediaRouter } from './media-router.js';
import { type Endpoint, feedList, type Live, type Room, send, toMeeting, view, waitingList } from './room.js';
import { handleMessage, type RoomOps } from './room-controls.js';
import { auditActorOf, type VideoService } from './service.js';
import * as store from './store.js';

type Deps = Pick<AppContext, 'db' | 'clock' | 'log'>;

export interface RoomEngineOptions {
  instanceId: string;
  /** Overrides RESUME_GRACE_SECONDS (tests). */
  graceMs?: number;
}

/** One signalling connection bound (after `join`) to a participant of a room on this instance. */
export interface Connection {
  message(msg: ClientMessage): void;
  closed(): void;
}

export function createRoomEngine(deps: Deps, service: VideoService, router: MediaRouter, opts: RoomEngineOptions) {
  const { db, clock, log } = deps;
  const rooms = new Map<string, Room>();
  const loading = new Map<string, Promise<Room | null>>();
  const graceMs = opts.graceMs ?? RESUME_GRACE_SECONDS * 1000;

  function enqueue(room: Room, work: () => Promise<unknown>) {
    room.queue = room.queue.then(work).catch((error) => log.warn({ err: error }, 'video room work failed'));
    return room.queue;
  }

  function persist(room: Room, l: Live, state: Live['state'] = l.state) {
    const snapshot = {
      participantId: l.row.id,
      state,
      media: l.media,
      mutedByHost: l.mutedByHost,
      since: l.since,
    };
    return enqueue(room, () => live.saveLive(db, room.meeting.id, snapshot));
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
    persist(room, l);
    toMeeting(room, { type: 'participant-joined', participant: view(l) }, l.row.id);
    presence(room, l, 'joined');
  }

  /** Takes the participant out of the room (left, removed, denied, disconnected, ended). */
  function depart(room: Room, l: Live, reason: LeaveReason) {
    if (l.grace) clearTimeout(l.grace);
    if (room.live.get(l.row.id) !== l) return;
    room.live.delete(l.row.id);
    enqueue(room, () => live.deleteLive(db, l.row.id));
    const wasIn = l.state === 'in_meeting';
    if (room.spotlight === l.row.id) {
      room.spotlight = null;
      enqueue(room, () => live.setSpotlight(db, room.meeting.id, null));
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
      enqueue(room, () => live.releaseRoom(db, room.meeting.id, opts.instanceId));
    }
  }

  function closeSocket(socket: Endpoint | null, reason: LeaveReason, code: number) {
    if (!socket) return;
    send(socket, { type: 'closing', reason });
    socket.close(code, reason);
  }

  /** Starts the resume grace of a participant without a socket. */
  function startGrace(room: Room, l: Live) {
    if (l.grace) clearTimeout(l.grace);
    l.grace = setTimeout(() => depart(room, l, 'disconnected'), graceMs);
    l.grace.unref();
  }

  /** The room in memory, or rebuilt from `video_live` (another instance carried it before). */
  function loadRoom(meetingId: string): Promise<Room | null> {
    const existing = rooms.get(meetingId);
    if (existing) return Promise.resolve(existing);
    const pending = loading.get(meetingId);
    if (pending) return pending;
    const load = (async () => {
      const meeting = await store.meeting(db, meetingId);
      if (!meeting) return null;
      const [rows, owner] = await Promise.all([live.liveRows(db, meetingId), live.roomOwner(db, meetingId)]);
      const room: Room = {
        meeting,
        live: new Map(),
        spotlight: owner?.spotlight ?? null,
        chat: [],
        feeds: new Map(),
        subs: new Map(),
        queue: Promise.resolve(),
      };
      for (const r of rows) {
        const l: Live = {
          row: r.participant,
          state: r.state,
          socket: null,
          media: r.media,
          mutedByHost: r.mutedByHost,
          connection: 'reconnecting',
          quality: null,
          since: r.since,
          grace: null,
        };
        room.live.set(l.row.id, l);
        startGrace(room, l);
      }
      rooms.set(meetingId, room);
      return room;
    })().finally(() => loading.delete(meetingId));
    loading.set(meetingId, load);
    return load;
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
    enqueue(room, () => live.clearMeeting(db, meetingId));
  }

  const ops: RoomOps = { deps, router, enqueue, enterMeeting, depart, persist, closeSocket, endRoom };

  /** Binds a connection to its participant after a valid `join`. */
  async function join(socket: Endpoint, msg: Extract<ClientMessage, { type: 'join' }>) {
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
    else if (!resumed) {
      persist(room, self);
      presence(room, self, 'waiting');
    }
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

    /** A new connection; its first message must be `join` (the protocol edge checked it is). */
    connect(socket: Endpoint): Connection {
      let bound: { room: Room; self: Live } | null = null;
      let chain = Promise.resolve();
      return {
        message(msg) {
          chain = chain
            .then(async () => {
              if (!bound) {
                if (msg.type !== 'join') return;
                bound = await join(socket, msg);
                return;
              }
              const { room, self } = bound;
              if (room.live.get(self.row.id) !== self || self.socket !== socket) return;
              await handleMessage(ops, room, self, msg, socket);
            })
            .catch((error) => log.warn({ err: error }, 'video signalling message failed'));
        },
        closed() {
          chain = chain.then(() => {
            if (!bound) return;
            const { room, self } = bound;
            if (self.socket !== socket || room.live.get(self.row.id) !== self) return;
            self.socket = null;
            self.connection = 'reconnecting';
            if (self.state === 'in_meeting') toMeeting(room, { type: 'participant-updated', participant: view(self) });
            startGrace(room, self);
          });
        },
      };
    },

    stats() {
      let participants = 0;
      for (const r of rooms.values()) participants += r.live.size;
      return { rooms: rooms.size, participants };
    },

    /**
     * This instance stops: every socket is told to reconnect (the places stay in
     * video_live), and the rooms are released for whichever instance they reach next.
     */
    async handOver(code: number) {
      for (const room of [...rooms.values()]) {
        rooms.delete(room.meeting.id);
        for (const l of room.live.values()) {
          if (l.grace) clearTimeout(l.grace);
          const socket = l.socket;
          l.socket = null;
          socket?.close(code, 'restarting');
        }
        enqueue(room, () => router.closeRoom(room.meeting.id));
        await enqueue(room, () => live.releaseRoom(db, room.meeting.id, opts.instanceId));
      }
    },
  };
}

export type RoomEngine = ReturnType<typeof createRoomEngine>;
