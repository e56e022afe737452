/**
 * Chat by push (issue 16): `GET /api/support/ws`. After a transaction that adds an entry to a
 * case (or changes its status) commits, the service publishes `support:case:<id>` on the
 * platform hub — in-process, or Redis between instances — and every socket following that case,
 * on any instance, reads the entries it has not sent yet and pushes them (internal notes to
 * agents only). The socket only pushes; writes stay REST. Clients poll only while it is down.
 *
 * Who may follow: a citizen their own cases (by person id; 404-like `unsubscribed` otherwise),
 * staff with the support role any case. The upgrade must come from our own origin, and the
 * socket closes when its session ends (platform/realtime.ts).
 */
import { SupportClientMessage, type SupportServerMessage } from '@ingang/contracts';
import type { FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import type { Actor } from '../../platform/auth.js';
import type { AppContext } from '../../platform/context.js';
import type { Api } from '../../platform/http.js';
import type { Hub } from '../../platform/hub.js';
import { assertSameOrigin, CLOSE, watchSession } from '../../platform/realtime.js';
import type { SessionService } from '../../platform/sessions.js';
import type { SupportDeps } from './deps.js';
import * as store from './store.js';
import { messageView } from './view.js';

const channel = (caseId: string) => `support:case:${caseId}`;
/** Every change to any case (the agents' queue views and offers). */
const QUEUE = 'support:queue';
/** Queue changes are coalesced per socket: at most one frame per this many ms. */
const QUEUE_COALESCE_MS = 200;
const MAX_SUBSCRIPTIONS = 50;
const MAX_BUFFERED_BYTES = 1024 * 1024;

/** Publishes after commit that a case has new entries or a new status; never fails the request. */
export function createCaseEvents(hub: Hub, log: SupportDeps['log']) {
  return {
    async changed(...caseIds: (string | null | undefined)[]): Promise<void> {
      const ids = [...new Set(caseIds)].filter((id): id is string => !!id);
      const publish = (name: string, payload: object) =>
        hub.publish(name, payload).catch((error) => log.warn({ err: error }, 'support event not published'));
      for (const caseId of ids) await publish(channel(caseId), { caseId });
      // Any change to a case may change a queue view or an agent's offers.
      if (ids.length) await publish(QUEUE, { caseIds: ids });
    },
    /** Something every agent's desk shows changed without a case (a new information post). */
    async deskChanged(): Promise<void> {
      await hub
        .publish(QUEUE, { caseIds: [] })
        .catch((error) => log.warn({ err: error }, 'support event not published'));
    },
  };
}
export type CaseEvents = ReturnType<typeof createCaseEvents>;

interface Follow {
  /** Ids of the entries already known to the client (loaded over REST or pushed). */
  sent: Set<string>;
  status: string;
  chain: Promise<void>;
  stop: () => Promise<void>;
}

export function registerSupportSocket(
  api: Api,
  deps: Pick<SupportDeps, 'db' | 'log'> & {
    hub: Hub;
    sessions: SessionService;
    config: { publicUrl: string };
  },
) {
  const { db, hub } = deps;

  /** The case if this actor may follow it, else null. */
  async function followable(actor: Actor, caseId: string) {
    const c = await store.getCase(db, caseId);
    if (!c || c.status === 'merged') return null;
    if (actor.kind === 'citizen') return c.person_id === actor.personId ? c : null;
    return actor.supportRole ? c : null;
  }

  api.get(
    '/support/ws',
    {
      websocket: true,
      // assertSameOrigin reads only config.publicUrl.
      preValidation: async (request: FastifyRequest) =>
        assertSameOrigin(request, { config: deps.config } as Pick<AppContext, 'config'>),
      schema: {
        tags: ['support'],
        summary: 'WebSocket: live case entries (SupportClientMessage / SupportServerMessage)',
        hide: true,
      },
    },
    (socket: WebSocket, request: FastifyRequest) => {
      const actor = request.actor as Actor;
      const staff = actor.kind === 'staff';
      const follows = new Map<string, Follow>();
      let closed = false;
      /** The queue subscription (staff only) and the case ids changed since the last frame. */
      let queueWatch: Promise<() => Promise<void>> | null = null;
      let queueTimer: NodeJS.Timeout | null = null;
      const queueIds = new Set<string>();
      const send = (m: SupportServerMessage) => {
        if (closed || socket.readyState !== socket.OPEN) return;
        // A client that does not read is dropped (it reloads over REST and reconnects).
        if (socket.bufferedAmount > MAX_BUFFERED_BYTES) return socket.close(1013, 'too slow');
        socket.send(JSON.stringify(m));
      };
      if (actor.kind === 'staff' && !actor.supportRole) {
        socket.close(CLOSE.forbidden, 'support staff only');
        return;
      }
      watchSession(socket, request, deps);

      /** Pushes what the client has not had yet: new entries in order, then a changed status. */
      async function push(caseId: string, f: Follow) {
        const c = await store.getCase(db, caseId);
        if (!c || follows.get(caseId) !== f) return;
        const messages = await store.messagesOf(db, caseId, staff);
        const fresh = messages.filter((m) => !f.sent.has(m.id));
        const names = await store.staffNames(
          db,
          fresh.map((m) => m.author_staff_id),
        );
        for (const m of fresh) {
          f.sent.add(m.id);
          send({ type: 'entry', caseId, message: messageView(m, names, !staff) });
        }
        if (c.status !== f.status) {
          f.status = c.status;
          send({ type: 'case', caseId, status: c.status });
        }
      }

      async function subscribe(caseId: string) {
        await follows.get(caseId)?.stop();
        follows.delete(caseId);
        if (follows.size >= MAX_SUBSCRIPTIONS) {
          send({
            type: 'error',
            code: 'too_many_subscriptions',
            message: `At most ${MAX_SUBSCRIPTIONS} cases per socket.`,
          });
          return;
        }
        const c = await followable(actor, caseId);
        if (!c || closed) {
          send({ type: 'unsubscribed', caseId, reason: 'not_found' });
          return;
        }
        // Listen first, then take what exists as known: an entry committed in between is pushed by its event.
        const f: Follow = { sent: new Set(), status: c.status, chain: Promise.resolve(), stop: async () => {} };
        follows.set(caseId, f);
        f.stop = await hub.subscribe(channel(caseId), () => {
          f.chain = f.chain
            .then(() => push(caseId, f))
            .catch((error) => deps.log.warn({ err: error }, 'support push failed'));
        });
        for (const m of await store.messagesOf(db, caseId, staff)) f.sent.add(m.id);
        send({ type: 'subscribed', caseId });
      }

      async function watchQueue() {
        if (!staff) {
          send({ type: 'error', code: 'staff_only', message: 'Only support staff can watch the queue.' });
          return;
        }
        queueWatch ??= hub.subscribe(QUEUE, (payload) => {
          for (const id of (payload as { caseIds?: string[] }).caseIds ?? []) if (queueIds.size < 50) queueIds.add(id);
          queueTimer ??= setTimeout(() => {
            queueTimer = null;
            const caseIds = [...queueIds];
            queueIds.clear();
            send({ type: 'queue', caseIds });
          }, QUEUE_COALESCE_MS);
        });
        // A socket closed meanwhile is unsubscribed by its close handler.
        await queueWatch;
        send({ type: 'queue-watched' });
      }

      socket.on('message', (raw) => {
        let parsed: ReturnType<typeof SupportClientMessage.safeParse>;
        try {
          parsed = SupportClientMessage.safeParse(JSON.parse(raw.toString()));
        } catch {
          send({ type: 'error', code: 'bad_message', message: 'Frames must be JSON.' });
          return;
        }
        if (!parsed.success) {
          send({ type: 'error', code: 'bad_message', message: 'Unknown or malformed message.' });
          return;
        }
        const msg = parsed.data;
        const work =
          msg.type === 'ping'
            ? Promise.resolve(send({ type: 'pong' }))
            : msg.type === 'watch-queue'
              ? watchQueue()
              : msg.type === 'subscribe'
                ? subscribe(msg.caseId)
                : (async () => {
                    await follows.get(msg.caseId)?.stop();
                    follows.delete(msg.caseId);
                  })();
        work.catch((error) => {
          deps.log.warn({ err: error }, 'support socket request failed');
          send({ type: 'error', code: 'internal', message: 'Something went wrong on our side.' });
        });
      });

      socket.on('close', () => {
        closed = true;
        if (queueTimer) clearTimeout(queueTimer);
        void queueWatch?.then((stop) => stop()).catch(() => undefined);
        for (const f of follows.values()) void f.stop().catch(() => undefined);
        follows.clear();
      });
      send({ type: 'ready' });
    },
  );
}
