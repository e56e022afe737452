/**
 * Joining a room, standing in it, and the check the gated routes make. No
 * statement reaches the database here: tickets are verified by their HMAC, and
 * the room and its counters come from the instance's cache (rooms.ts). The
 * only shared writes are hub counters: one per new ticket, one per admission.
 */
import { admissionsPerMinute, placeOf, standing } from '@ingang/domain';
import type { Clock } from '../../platform/clock.js';
import { AppError } from '../../platform/errors.js';
import type { Hub } from '../../platform/hub.js';
import type { RateLimiter } from '../../platform/rate-limit.js';
import { type CapacityStore, STEP } from './capacity-store.js';
import { CHALLENGE_TTL_SECONDS, POW_ALGORITHM, type Pow, powOutdated, powReplayed } from './pow.js';
import {
  COUNTER_TTL_SECONDS,
  capacityRoom,
  counterKey,
  effectiveCapacity,
  effectiveRate,
  ledgerRuns,
  type RoomCache,
} from './rooms.js';
import type { RoomRow } from './store.js';
import { newTicketId, nonceHash, type Ticket, type TicketSigner } from './ticket.js';

/** How often a waiting page should ask again (seconds); also the status answer's max-age. */
export const POLL_SECONDS = 5;
/** A ticket may pass the gate this many times while admitted (login starts, bookings, retries). */
const USES_PER_TICKET = 20;

export interface QueueDeps {
  clock: Clock;
  hub: Hub;
  rooms: RoomCache;
  rateLimiter: RateLimiter;
  signer: TicketSigner;
  pow: Pow;
  /** The proof-of-work difficulty for a new place in `room` now (0 = no proof asked). */
  powBits: (room: RoomRow) => number;
  /** The least difficulty a proof must have been solved at (the room's own, without the load raise). */
  powFloor: (room: RoomRow) => number;
  /** The shared ledger of capacity-mode rooms. */
  capacity: CapacityStore;
  ticketTtlSeconds: number;
  ticketsPerIpPerMinute: number;
}

/** What the waiting page shows (no personal data). */
export interface TicketStatus {
  roomId: string;
  phase: 'prequeue' | 'waiting' | 'admitted' | 'expired';
  arrival: number;
  /** Null in the prequeue (the shuffle decides) and once admitted. */
  place: number | null;
  serving: number;
  ahead: number | null;
  etaSeconds: number | null;
  progress: number;
  releaseAt: string;
  admittedUntil: string | null;
  paused: boolean;
}

export const queueRequired = (roomId: string) =>
  new AppError(
    503,
    'queue_required',
    'Många vill in just nu. Du får en plats i kön och släpps in i tur och ordning.',
    undefined,
    { roomId, retryAfter: POLL_SECONDS },
  );

const roomGone = () => new AppError(404, 'not_found', 'The waiting room was not found or has closed.');

export function createQueueService(deps: QueueDeps) {
  const { rooms, signer, clock } = deps;
  const now = () => clock.now().getTime();

  function placeFor(room: RoomRow, ticket: Ticket): number | null {
    if (room.prequeue_count === null) return null;
    return placeOf(ticket.n, room.prequeue_count, rooms.shuffled(room));
  }

  function admittedUntil(room: RoomRow, ticket: Ticket) {
    return ticket.adm === undefined ? null : ticket.adm + room.admitted_valid_seconds * 1000;
  }

  /**
   * Admits the ticket if its turn has come: returns the re-signed ticket (with
   * its admission time) the first time, the same ticket while admitted, or null.
   * In capacity mode the shared ledger decides (a place must have been called)
   * and every sight of an admitted ticket keeps its place from being freed as abandoned.
   * 'back': an admitted ticket freed for silence came back to a full room — it keeps its
   * place and waits ("ahead 0") until the ledger readmits it (returners first).
   */
  async function admitIfDue(room: RoomRow, ticket: Ticket): Promise<Ticket | 'back' | null> {
    const t = now();
    if (ticket.adm !== undefined) {
      const until = admittedUntil(room, ticket) ?? 0;
      if (until <= t) return null;
      if (!ledgerRuns(room)) return ticket;
      const state = await deps.capacity.touch(capacityRoom(room), ticket.id, t, until);
      rooms.noteLedger(room.id, state);
      if (state.result === STEP.back) return 'back';
      return state.result === STEP.live ? ticket : null;
    }
    const place = placeFor(room, ticket);
    if (place === null || room.paused_at !== null || place > rooms.serving(room)) return null;
    if (ledgerRuns(room)) {
      const until = t + room.admitted_valid_seconds * 1000;
      const state = await deps.capacity.claim(capacityRoom(room), ticket.id, place, t, until);
      rooms.noteLedger(room.id, state);
      if (state.result !== STEP.live) return null;
    }
    const admitted: Ticket = {
      ...ticket,
      adm: t,
      exp: Math.max(ticket.exp, t + room.admitted_valid_seconds * 1000),
    };
    // Counted once per ticket, however often a browser that lost the re-signed cookie asks again.
    if ((await deps.hub.incr(`wr-adm:${ticket.id}`, room.admitted_valid_seconds + 60)) === 1) {
      await deps.hub.incr(counterKey(room.id, 'admitted'), COUNTER_TTL_SECONDS);
      rooms.bump(room.id, 'admitted');
    }
    return admitted;
  }

  function describe(room: RoomRow, ticket: Ticket, gone = false, back = false): TicketStatus {
    const serving = rooms.serving(room);
    const place = placeFor(room, ticket);
    const paused = room.paused_at !== null;
    const base = {
      roomId: room.id,
      arrival: ticket.n,
      serving,
      releaseAt: room.release_at.toISOString(),
      paused,
    };
    const until = admittedUntil(room, ticket);
    // A returner to a full room: first in line, keeps polling, let in again by the ledger.
    if (back) {
      return { ...base, phase: 'waiting', place, ahead: 0, etaSeconds: null, progress: 1, admittedUntil: null };
    }
    if (until !== null) {
      const live = until > now() && !gone;
      return {
        ...base,
        phase: live ? 'admitted' : 'expired',
        place,
        ahead: 0,
        etaSeconds: 0,
        progress: 1,
        admittedUntil: new Date(until).toISOString(),
      };
    }
    if (place === null) {
      return { ...base, phase: 'prequeue', place, ahead: null, etaSeconds: null, progress: 0, admittedUntil: null };
    }
    const s = standing({
      place,
      serving,
      servingAtJoin: ticket.j,
      perMinute: admissionsPerMinute(roomClockish(room, rooms)),
      paused,
    });
    return {
      ...base,
      phase: 'waiting',
      place,
      ahead: s.ahead,
      etaSeconds: s.etaSeconds,
      progress: s.progress,
      admittedUntil: null,
    };
  }

  return {
    /**
     * A place in the room for this browser: the ticket it already holds when that
     * is still good (a reload or a phone waking keeps its place), else a new one
     * with the next arrival number. Per-IP issuance is capped coarsely.
     */
    async join(
      roomId: string,
      nonce: string,
      held: string | undefined,
      ip: string,
      proof: { challenge?: unknown; solution?: unknown; clientNonce?: unknown } = {},
    ) {
      const live = rooms.live().find((r) => r.id === roomId);
      const room = live && (await rooms.current(live.id));
      if (!room) throw roomGone();
      const existing = signer.verify(held, nonce, now());
      // A held place is kept (reload, a phone waking) — unless, admitted, it has been used up or has lapsed.
      const keep =
        existing && existing.room === room.id && (existing.adm === undefined || (await admitIfDue(room, existing)));
      if (existing && keep) return { token: held as string, status: describe(room, existing, false, keep === 'back') };
      // A new place costs a solved challenge (checked with one hash), each challenge good for one place.
      const challenge =
        deps.powBits(room) > 0
          ? deps.pow.check(room.id, proof.challenge, proof.solution, now(), proof.clientNonce)
          : null;
      // A prefix handed out before an administrator raised the room's difficulty is not good any more.
      if (challenge && challenge.bits < deps.powFloor(room)) throw powOutdated(deps.powFloor(room));
      await deps.rateLimiter.hit(
        `wr-ip:${ip}`,
        deps.ticketsPerIpPerMinute,
        'För många köplatser från samma adress. Vänta en stund och försök igen.',
      );
      if (challenge && (await deps.hub.incr(`wr-pow:${challenge.id}`, CHALLENGE_TTL_SECONDS + 60)) > 1) {
        throw powReplayed();
      }
      const n = await deps.hub.incr(counterKey(room.id, 'arrivals'), COUNTER_TTL_SECONDS);
      rooms.bump(room.id, 'arrivals', Math.max(n, rooms.counters(room.id).arrivals));
      const t = now();
      const ticket: Ticket = {
        id: newTicketId(),
        room: room.id,
        n,
        iat: t,
        exp: t + deps.ticketTtlSeconds * 1000,
        nh: nonceHash(nonce),
        j: rooms.serving(room),
      };
      return { token: signer.sign(ticket), status: describe(room, ticket) };
    },

    /** A proof-of-work challenge for a place in `roomId` (stateless, signed; no shared write). */
    challenge(roomId: string) {
      const room = rooms.live().find((r) => r.id === roomId);
      if (!room) throw roomGone();
      const c = deps.pow.issue(roomId, deps.powBits(room), now());
      return { challenge: c.challenge, bits: c.bits, expiresAt: new Date(c.exp).toISOString() };
    },

    /** This minute's proof-of-work prefix for a new place in `room` (null when no proof is asked). */
    epochChallenge(room: RoomRow) {
      const bits = deps.powBits(room);
      if (bits <= 0) return null;
      const p = deps.pow.prefix(room.id, bits, now());
      return { prefix: p.prefix, bits, algorithm: POW_ALGORITHM, expiresAt: new Date(p.expiresAt).toISOString() };
    },

    /** Where the ticket stands; admits it when its turn has come (then `token` is the re-signed ticket). */
    async status(roomId: string, nonce: string | undefined, held: string | undefined) {
      const room = await rooms.current(roomId);
      if (!room) throw roomGone();
      const ticket = signer.verify(held, nonce, now());
      if (!ticket || ticket.room !== room.id) return null;
      const admitted = await admitIfDue(room, ticket);
      if (admitted === 'back') return { token: undefined, status: describe(room, ticket, false, true) };
      if (admitted && admitted !== ticket) return { token: signer.sign(admitted), status: describe(room, admitted) };
      return { token: undefined, status: describe(room, ticket, ticket.adm !== undefined && !admitted) };
    },

    /** Leaves the queue (or, once admitted, says "I'm done", which frees the place in capacity mode). */
    async leave(roomId: string, nonce: string | undefined, held: string | undefined) {
      const room = rooms.get(roomId);
      const ticket = signer.verify(held, nonce, now());
      if (!room || !ticket || ticket.room !== room.id) return;
      if (ticket.adm !== undefined) return finish(room, ticket);
      if ((await deps.hub.incr(`wr-done:${ticket.id}`, COUNTER_TTL_SECONDS)) === 1) {
        await deps.hub.incr(counterKey(room.id, 'left'), COUNTER_TTL_SECONDS);
        rooms.bump(room.id, 'left');
      }
    },

    /** The browser's admitted ticket is used up (it logged out): capacity mode frees its place at once. */
    async finishHeld(nonce: string | undefined, held: string | undefined) {
      const ticket = signer.verify(held, nonce, now());
      const room = ticket && rooms.get(ticket.room);
      if (ticket?.adm !== undefined && room) await finish(room, ticket);
    },

    /**
     * The gate: passes when one of `candidates` (the rooms in front of what is
     * asked) admitted this browser's ticket; otherwise throws 503 queue_required
     * naming the room to join. Returns a re-signed ticket when it was admitted now.
     */
    async pass(candidates: RoomRow[], nonce: string | undefined, held: string | undefined) {
      const first = candidates[0];
      if (!first) return { token: undefined };
      const ticket = signer.verify(held, nonce, now());
      const candidate = ticket && candidates.find((r) => r.id === ticket.room);
      const room = candidate && (await rooms.current(candidate.id));
      if (!ticket || !room) throw queueRequired(first.id);
      const admitted = await admitIfDue(room, ticket);
      if (!admitted || admitted === 'back') throw queueRequired(room.id);
      const uses = await deps.hub.incr(`wr-use:${ticket.id}`, room.admitted_valid_seconds + 60);
      if (uses === 1) {
        await deps.hub.incr(counterKey(room.id, 'used'), COUNTER_TTL_SECONDS);
        rooms.bump(room.id, 'used');
      }
      if (uses > USES_PER_TICKET) {
        throw new AppError(
          429,
          'rate_limited',
          'Den här köbiljetten har använts för många gånger. Ställ dig i kön igen.',
        );
      }
      return { token: admitted !== ticket ? signer.sign(admitted) : undefined, ticket: admitted, room };
    },

    /** Marks the admitted ticket's errand done (a booking made): capacity mode lets the next one in. */
    complete: (room: RoomRow, ticket: Ticket) => finish(room, ticket),
  };

  /** An admitted ticket is used up: counted once as completed; in capacity mode its place frees and the next is called. */
  async function finish(room: RoomRow, ticket: Ticket) {
    if ((await deps.hub.incr(`wr-done:${ticket.id}`, COUNTER_TTL_SECONDS)) === 1) {
      await deps.hub.incr(counterKey(room.id, 'completed'), COUNTER_TTL_SECONDS);
      rooms.bump(room.id, 'completed');
    }
    if (ledgerRuns(room)) rooms.noteLedger(room.id, await deps.capacity.release(capacityRoom(room), ticket.id, now()));
  }
}

function roomClockish(room: RoomRow, rooms: RoomCache) {
  return {
    freedPerMinute: room.admission === 'capacity' ? rooms.freedPerMinute(room.id) : null,
    admission: room.admission,
    ratePerMinute: effectiveRate(room),
    capacity: effectiveCapacity(room),
    admittedValidSeconds: room.admitted_valid_seconds,
  };
}

export type QueueService = ReturnType<typeof createQueueService>;
