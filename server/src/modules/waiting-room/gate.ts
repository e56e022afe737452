/**
 * The gate in front of login and booking. A route opts in with
 * `config: { waitingRoom: 'login' | 'booking' }`; while a room is live the
 * request needs this browser's admitted ticket, otherwise it gets 503
 * queue_required with the room to join and Retry-After. Checked before the
 * route's work (for login: before BankID is called at all).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../platform/db/index.js';
import type { RateLimiter } from '../../platform/rate-limit.js';
import type { RoomCache } from './rooms.js';
import { POLL_SECONDS, type QueueService, queueRequired } from './service.js';
import type { RoomRow } from './store.js';
import { slotTimeType } from './store.js';
import { NONCE_HEADER, TICKET_COOKIE, type Ticket } from './ticket.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Behind the waiting room while one is live: 'login' (before BankID starts) or 'booking' (a new booking);
     * 'done': not gated, but a success uses up the browser's admitted ticket (logout frees its place).
     */
    waitingRoom?: 'login' | 'booking' | 'done';
  }
  interface FastifyRequest {
    /** The admitted ticket that let this request through the gate (for "done" on success). */
    queuePass?: { room: RoomRow; ticket: Ticket };
  }
}

/** The header a browser sends to log in through the always-open lane (view, cancel, rebook). */
export const LANE_HEADER = 'x-queue-lane';

export interface GateDeps {
  db: Db;
  rooms: RoomCache;
  queue: QueueService;
  rateLimiter: RateLimiter;
  secureCookies: boolean;
  manageLanePerMinute: number;
  bookingsPerPersonPerMinute: number;
}

export function ticketCookieOptions(secure: boolean, maxAgeSeconds: number) {
  return { path: '/', httpOnly: true, secure, sameSite: 'lax' as const, maxAge: maxAgeSeconds };
}

/** Slots whose time type the gate remembers (a slot never changes type; a release books thousands at once). */
const SLOT_TYPES_KEPT = 100_000;

export function createGate(deps: GateDeps) {
  const { rooms, queue } = deps;
  const slotTypes = new Map<string, string | null>();

  async function typeOfSlot(slotId: string): Promise<string | null> {
    const known = slotTypes.get(slotId);
    if (known !== undefined) return known;
    const typeId = await slotTimeType(deps.db, slotId);
    // An unknown slot is not remembered: it may be created a moment later.
    if (typeId !== null) {
      if (slotTypes.size >= SLOT_TYPES_KEPT) slotTypes.delete(slotTypes.keys().next().value as string);
      slotTypes.set(slotId, typeId);
    }
    return typeId;
  }

  async function candidatesForBooking(request: FastifyRequest): Promise<RoomRow[]> {
    const live = rooms.live();
    if (live.length === 0) return [];
    const app = live.filter((r) => r.scope === 'app');
    const typed = live.filter((r) => r.scope === 'time_type');
    if (typed.length === 0) return app;
    const slotId = (request.body as { slotId?: unknown } | undefined)?.slotId;
    const typeId = typeof slotId === 'string' ? await typeOfSlot(slotId) : null;
    return [...app, ...typed.filter((r) => r.time_type_id === typeId)];
  }

  async function lane(reply: FastifyReply, live: RoomRow[]) {
    // The always-open lane has its own budget per minute, shared by all instances.
    try {
      await deps.rateLimiter.hit('wr-lane', deps.manageLanePerMinute, 'lane full');
    } catch {
      reply.header('retry-after', String(POLL_SECONDS));
      throw queueRequired((live[0] as RoomRow).id);
    }
  }

  return {
    /** preHandler for every /api route: a no-op unless the route opted in and a room is live. */
    async check(request: FastifyRequest, reply: FastifyReply) {
      const kind = request.routeOptions.config?.waitingRoom;
      if (!kind || kind === 'done' || rooms.live().length === 0) return;
      let candidates: RoomRow[];
      if (kind === 'login') {
        candidates = rooms.live();
        if (request.headers[LANE_HEADER] === 'manage') return lane(reply, candidates);
      } else {
        candidates = await candidatesForBooking(request);
        if (candidates.length === 0) return;
        const actor = request.actor;
        if (actor?.kind === 'citizen') {
          await deps.rateLimiter.hit(
            `wr-book:${actor.personId}`,
            deps.bookingsPerPersonPerMinute,
            'För många bokningsförsök. Vänta en minut och försök igen.',
          );
        }
      }
      const nonce = request.headers[NONCE_HEADER];
      try {
        const passed = await queue.pass(
          candidates,
          typeof nonce === 'string' ? nonce : undefined,
          request.cookies[TICKET_COOKIE],
        );
        if (passed.token && passed.room) {
          reply.setCookie(
            TICKET_COOKIE,
            passed.token,
            ticketCookieOptions(deps.secureCookies, passed.room.admitted_valid_seconds),
          );
        }
        if (passed.ticket && passed.room) request.queuePass = { room: passed.room, ticket: passed.ticket };
      } catch (error) {
        reply.header('retry-after', String(POLL_SECONDS));
        throw error;
      }
    },

    /** onResponse: a booking made through the gate, or a logout, uses up the ticket (capacity mode frees its place). */
    async done(request: FastifyRequest, reply: FastifyReply) {
      const kind = request.routeOptions.config?.waitingRoom;
      if (kind === 'done') {
        const nonce = request.headers[NONCE_HEADER];
        const held = request.cookies[TICKET_COOKIE];
        if (held && reply.statusCode < 300 && rooms.live().length > 0) {
          await queue.finishHeld(typeof nonce === 'string' ? nonce : undefined, held);
        }
        return;
      }
      const pass = request.queuePass;
      if (!pass || request.routeOptions.config?.waitingRoom !== 'booking' || reply.statusCode !== 201) return;
      await queue.complete(pass.room, pass.ticket);
    },
  };
}
