/**
 * The realtime side of messages: `GET /api/messaging/ws`.
 *
 * The upgrade passes the /api deny-by-default hook (the session cookie) and
 * must come from our own origin (platform/realtime.ts). The socket only
 * pushes; writes go through REST. A client subscribes to conversations it may
 * see (with `since` = the last seq it has) and watches its inbox or list.
 *
 * No loss, no duplicates: each subscription remembers the last seq it sent.
 * A subscribe first listens, then replays seq > since from the database, then
 * lets live events through; an event at or below the last sent seq is
 * dropped, and an event that skips ahead (events from two instances can
 * arrive out of order) is filled from the database first — seqs are
 * allocated under the conversation's row lock, so commit order is seq order.
 *
 * Re-authorisation: every `wsRecheckMs` the socket re-reads its session (and
 * the staff member's roles) and re-checks every subscription that could lose
 * access — acting for someone else, or staff in a unit; a revoked proxy,
 * an ended session or a changed active unit ends the subscription (or closes
 * the socket with 4401).
 */
import { type ConversationMessage, MessagingClientMessage, type MessagingServerMessage } from '@ingang/contracts';
import type { FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { type ActingFor, ActingForRefused } from '../../platform/acting-for.js';
import { type Actor, loadActor, SESSION_COOKIE } from '../../platform/auth.js';
import type { AppContext } from '../../platform/context.js';
import type { Api } from '../../platform/http.js';
import type { Hub } from '../../platform/hub.js';
import { patientTransaction, requireUnitCare } from '../../platform/patient-access.js';
import { assertSameOrigin, CLOSE } from '../../platform/realtime.js';

import { conversationChannel, fromWire, type HubEvent, patientChannel, unitChannel } from './events.js';
import * as store from './store.js';
import { messageView, type Viewer } from './view.js';

const MAX_SUBSCRIPTIONS = 200;
const REPLAY_PAGE = 500;
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

/** One hub subscription per channel per instance, shared by every local socket. */
export function createFanout(hub: Hub) {
  const channels = new Map<string, { listeners: Set<(e: HubEvent) => void>; ready: Promise<() => Promise<void>> }>();
  return {
    async listen(channel: string, listener: (e: HubEvent) => void): Promise<() => void> {
      let entry = channels.get(channel);
      if (!entry) {
        const listeners = new Set<(e: HubEvent) => void>();
        const ready = hub.subscribe(channel, (message) => {
          for (const l of listeners) l(message as HubEvent);
        });
        entry = { listeners, ready };
        channels.set(channel, entry);
      }
      entry.listeners.add(listener);
      await entry.ready;
      const current = entry;
      return () => {
        current.listeners.delete(listener);
        if (current.listeners.size === 0 && channels.get(channel) === current) {
          channels.delete(channel);
          void current.ready.then((unsubscribe) => unsubscribe()).catch(() => undefined);
        }
      };
    },
    /** Open channel count (tests, the benchmark). */
    size: () => channels.size,
  };
}
export type Fanout = ReturnType<typeof createFanout>;

interface Subscription {
  conversationId: string;
  /** Whom a citizen acts for (undefined: self) / the staff unit. */
  subjectId?: string;
  unitId?: string;
  patientId: string;
  lastSent: number;
  chain: Promise<void>;
  stop: () => void;
  /** Self-subscriptions cannot lose access while the session lives: not re-checked. */
  recheck: boolean;
}

interface Watch {
  scope: 'unit' | 'subject';
  id: string | null;
  patientId?: string;
  stop: () => void;
  recheck: boolean;
}

type Deps = Pick<AppContext, 'db' | 'clock' | 'config' | 'sessions' | 'log' | 'access'> & {
  actingFor: ActingFor;
  fanout: Fanout;
};

class Gone extends Error {}

export function registerMessagingSocket(api: Api, deps: Deps) {
  const { db, clock, actingFor, fanout, access } = deps;

  /** The conversation the citizen may see through `subjectId`, or Gone. */
  async function citizenAccess(actor: Extract<Actor, { kind: 'citizen' }>, subjectId: string | undefined, id: string) {
    try {
      return await actingFor.withSubject(actor, subjectId, 'messages', async (trx, subject) => {
        const c = await store.conversationById(trx, id);
        if (!c || c.patient_id !== subject.subjectPersonId) throw new Gone();
        return { c, self: subject.relation === 'self', subjectPersonId: subject.subjectPersonId };
      });
    } catch (error) {
      if (error instanceof Gone || error instanceof ActingForRefused) throw new Gone();
      throw error;
    }
  }

  async function staffAccess(actor: Extract<Actor, { kind: 'staff' }>, unitId: string, id: string, audit: boolean) {
    try {
      requireUnitCare(actor, unitId);
    } catch {
      throw new Gone();
    }
    const c = await store.conversationById(db, id);
    if (!c || c.unit_id !== unitId) throw new Gone();
    if (audit) {
      // Subscribing shows the conversation: audited like opening it.
      await patientTransaction(db, (trx) =>
        access.require(trx, actor, c.patient_id, {
          action: 'read',
          recordType: 'conversation',
          recordId: id,
          purpose: 'care',
          at: clock.now(),
        }),
      ).catch(() => {
        throw new Gone();
      });
    } else {
      const allowed = await access.allowed(db, actor, [c.patient_id], clock.now());
      if (!allowed.has(c.patient_id)) throw new Gone();
    }
    return c;
  }

  api.get(
    '/messaging/ws',
    {
      websocket: true,
      preValidation: async (request: FastifyRequest) => assertSameOrigin(request, deps),
      schema: {
        tags: ['messaging'],
        summary: 'WebSocket: live messages (see MessagingClientMessage / MessagingServerMessage)',
        hide: true,
      },
    },
    (socket: WebSocket, request: FastifyRequest) => {
      let actor = request.actor!;
      const subs = new Map<string, Subscription>();
      const watches = new Map<string, Watch>();
      let closed = false;

      const send = (message: MessagingServerMessage) => {
        if (closed || socket.readyState !== socket.OPEN) return;
        // A client that does not read: drop it rather than buffer without bound (it resumes with `since`).
        if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
          socket.close(1013, 'too slow');
          return;
        }
        socket.send(JSON.stringify(message));
      };
      const viewer = (): Viewer =>
        actor.kind === 'citizen'
          ? { side: 'citizen', personId: actor.personId }
          : { side: 'staff', staffId: actor.staffId };
      const isStaff = () => actor.kind === 'staff';

      const sendEntry = (sub: Subscription, m: store.MessageRow) => {
        if (m.seq <= sub.lastSent) return;
        sub.lastSent = m.seq;
        if (m.internal && !isStaff()) return;
        const message: ConversationMessage = messageView(m, viewer());
        send({ type: 'message', conversationId: sub.conversationId, message });
      };

      /** Sends every entry with seq in (lastSent, upTo] from the database, in order. */
      async function fill(sub: Subscription, upTo?: number) {
        for (;;) {
          const rows = await store.messagesOf(db, sub.conversationId, {
            since: sub.lastSent,
            upTo,
            limit: REPLAY_PAGE,
            includeInternal: isStaff(),
          });
          for (const m of rows) sendEntry(sub, m);
          if (upTo !== undefined && sub.lastSent < upTo) sub.lastSent = upTo; // the rest were notes
          if (rows.length < REPLAY_PAGE) return;
        }
      }

      function onEvent(sub: Subscription, event: HubEvent) {
        sub.chain = sub.chain
          .then(async () => {
            if (!subs.has(sub.conversationId) || subs.get(sub.conversationId) !== sub) return;
            if (event.kind === 'message') {
              const m = fromWire(event.message);
              if (m.seq <= sub.lastSent) return;
              if (m.seq > sub.lastSent + 1) await fill(sub, m.seq);
              else sendEntry(sub, m);
            } else if (event.kind === 'read') {
              send({
                type: 'read',
                conversationId: event.conversationId,
                side: event.side,
                upToSeq: event.upToSeq,
                at: event.at,
              });
            } else if (event.kind === 'changed') {
              if (!isStaff() && !event.visibleToPatient) return;
              send(changedFrame(event, isStaff()));
            }
          })
          .catch((error) => deps.log.warn({ err: error }, 'messaging socket event failed'));
      }

      async function subscribe(msg: Extract<MessagingClientMessage, { type: 'subscribe' }>) {
        const existing = subs.get(msg.conversationId);
        if (existing) {
          existing.stop();
          subs.delete(msg.conversationId);
        }
        if (subs.size >= MAX_SUBSCRIPTIONS) {
          send({
            type: 'error',
            code: 'too_many_subscriptions',
            message: `At most ${MAX_SUBSCRIPTIONS} subscriptions per socket.`,
          });
          return;
        }
        let patientId: string;
        let recheck: boolean;
        let lastSeq: number;
        let unitId: string | undefined;
        try {
          if (actor.kind === 'citizen') {
            const access = await citizenAccess(actor, msg.subjectId, msg.conversationId);
            patientId = access.c.patient_id;
            recheck = !access.self;
            lastSeq = access.c.last_visible_seq;
          } else {
            unitId = msg.unitId ?? actor.activeUnitId ?? '';
            const c = await staffAccess(actor, unitId, msg.conversationId, true);
            patientId = c.patient_id;
            recheck = true;
            lastSeq = c.last_seq;
          }
        } catch (error) {
          if (!(error instanceof Gone)) deps.log.warn({ err: error }, 'messaging subscribe failed');
          send({ type: 'unsubscribed', conversationId: msg.conversationId, reason: 'not_found' });
          return;
        }
        if (closed) return;
        const sub: Subscription = {
          conversationId: msg.conversationId,
          subjectId: msg.subjectId,
          unitId,
          patientId,
          lastSent: msg.since ?? lastSeq,
          chain: Promise.resolve(),
          stop: () => undefined,
          recheck,
        };
        subs.set(msg.conversationId, sub);
        // Listen first, replay second: events that arrive meanwhile wait on the chain and are deduplicated.
        let replayDone!: () => void;
        sub.chain = new Promise<void>((resolve) => {
          replayDone = resolve;
        });
        sub.stop = await fanout.listen(conversationChannel(msg.conversationId), (event) => onEvent(sub, event));
        if (closed || subs.get(msg.conversationId) !== sub) {
          sub.stop();
          replayDone();
          return;
        }
        send({ type: 'subscribed', conversationId: msg.conversationId, lastSeq });
        try {
          // Also without `since`: an entry committed between the access check and listening is sent here.
          await fill(sub);
        } finally {
          replayDone();
        }
      }

      async function watch(msg: Extract<MessagingClientMessage, { type: 'watch_unit' | 'watch_subject' }>) {
        const scope = msg.type === 'watch_unit' ? 'unit' : 'subject';
        const key = msg.type === 'watch_unit' ? `unit:${msg.unitId}` : `subject:${msg.subjectId ?? 'self'}`;
        const id = msg.type === 'watch_unit' ? msg.unitId : (msg.subjectId ?? null);
        watches.get(key)?.stop();
        watches.delete(key);
        let channel: string;
        let patientId: string | undefined;
        let recheck = true;
        try {
          if (msg.type === 'watch_unit') {
            if (actor.kind !== 'staff') throw new Gone();
            try {
              requireUnitCare(actor, msg.unitId);
            } catch {
              throw new Gone();
            }
            channel = unitChannel(msg.unitId);
          } else {
            if (actor.kind !== 'citizen') throw new Gone();
            const citizen = actor;
            const subject = await actingFor
              .withSubject(citizen, msg.subjectId, 'messages', async (_trx, s) => s)
              .catch((error) => {
                if (error instanceof ActingForRefused) throw new Gone();
                throw error;
              });
            patientId = subject.subjectPersonId;
            recheck = subject.relation !== 'self';
            channel = patientChannel(subject.subjectPersonId);
          }
        } catch (error) {
          if (!(error instanceof Gone)) deps.log.warn({ err: error }, 'messaging watch failed');
          send({ type: 'unwatched', scope, id, reason: 'not_found' });
          return;
        }
        const entry: Watch = { scope, id, patientId, stop: () => undefined, recheck };
        watches.set(key, entry);
        entry.stop = await fanout.listen(channel, (event) => {
          if (event.kind !== 'changed') return;
          if (scope === 'subject' && !event.visibleToPatient) return;
          send(changedFrame(event, scope === 'unit'));
        });
        if (closed) {
          entry.stop();
          return;
        }
        send({ type: 'watching', scope, id });
      }

      /** Re-reads the session and re-checks what could have lost access. */
      async function recheck() {
        const token = request.cookies[SESSION_COOKIE];
        const session = token ? await deps.sessions.resolve(token, { touch: false }).catch(() => null) : null;
        const fresh = session ? await loadActor(db, session).catch(() => null) : null;
        if (!fresh) {
          socket.close(CLOSE.unauthorised, 'session ended');
          return;
        }
        actor = fresh;
        for (const sub of [...subs.values()]) {
          if (!sub.recheck) continue;
          try {
            if (actor.kind === 'citizen') await citizenAccess(actor, sub.subjectId, sub.conversationId);
            else await staffAccess(actor, sub.unitId ?? '', sub.conversationId, false);
          } catch (error) {
            if (!(error instanceof Gone)) continue; // a database hiccup is not a revocation
            sub.stop();
            subs.delete(sub.conversationId);
            send({ type: 'unsubscribed', conversationId: sub.conversationId, reason: 'access_revoked' });
          }
        }
        for (const [key, w] of [...watches]) {
          if (!w.recheck) continue;
          let ok = true;
          if (w.scope === 'unit' && actor.kind === 'staff') {
            try {
              requireUnitCare(actor, w.id ?? '');
            } catch {
              ok = false;
            }
          } else if (w.scope === 'subject' && actor.kind === 'citizen') {
            ok = await actingFor
              .withSubject(actor, w.id ?? undefined, 'messages', async () => true)
              .catch((error) => !(error instanceof ActingForRefused));
          }
          if (!ok) {
            w.stop();
            watches.delete(key);
            send({ type: 'unwatched', scope: w.scope, id: w.id, reason: 'access_revoked' });
          }
        }
      }

      const timer = setInterval(() => {
        recheck().catch((error) => deps.log.warn({ err: error }, 'messaging socket recheck failed'));
      }, deps.config.messaging.wsRecheckMs);
      timer.unref();

      socket.on('message', (raw) => {
        let parsed: unknown;
        try {
          parsed = JSON.parse(raw.toString());
        } catch {
          send({ type: 'error', code: 'bad_message', message: 'Frames must be JSON.' });
          return;
        }
        const result = MessagingClientMessage.safeParse(parsed);
        if (!result.success) {
          send({ type: 'error', code: 'bad_message', message: 'Unknown or malformed message.' });
          return;
        }
        const msg = result.data;
        const work =
          msg.type === 'ping'
            ? Promise.resolve(send({ type: 'pong' }))
            : msg.type === 'subscribe'
              ? subscribe(msg)
              : msg.type === 'unsubscribe'
                ? Promise.resolve(unsubscribe(msg.conversationId))
                : watch(msg);
        work.catch((error) => {
          deps.log.warn({ err: error }, 'messaging socket request failed');
          send({ type: 'error', code: 'internal', message: 'Something went wrong on our side.' });
        });
      });

      function unsubscribe(conversationId: string) {
        const sub = subs.get(conversationId);
        if (!sub) return;
        sub.stop();
        subs.delete(conversationId);
      }

      socket.on('close', () => {
        closed = true;
        clearInterval(timer);
        for (const sub of subs.values()) sub.stop();
        for (const w of watches.values()) w.stop();
        subs.clear();
        watches.clear();
      });

      send({ type: 'ready', side: actor.kind === 'citizen' ? 'citizen' : 'staff' });
    },
  );
}

function changedFrame(event: Extract<HubEvent, { kind: 'changed' }>, staff: boolean): MessagingServerMessage {
  return {
    type: 'conversation_changed',
    conversationId: event.conversationId,
    unitId: event.unitId,
    patientId: event.patientId,
    status: event.status,
    lastSeq: staff ? event.lastSeq : event.lastVisibleSeq,
    lastActivityAt: staff ? event.lastUnitActivityAt : event.lastActivityAt,
  };
}
