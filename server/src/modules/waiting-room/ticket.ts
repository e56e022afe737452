/**
 * Queue tickets: signed, short-lived, and bound to one browser. A ticket is
 * `v1.<payload>.<hmac>` (base64url), kept in an HttpOnly cookie; its payload
 * holds a random id, the room, the arrival number, the times, and the SHA-256
 * of a nonce only the browser that joined holds (it sends the nonce in the
 * `x-queue-nonce` header). A copied cookie without the nonce is worthless, and
 * nothing in a ticket says who the person is.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const TICKET_COOKIE = 'ingang_queue';
export const NONCE_HEADER = 'x-queue-nonce';

export interface Ticket {
  /** Unique id (against replay and for per-ticket counters). */
  id: string;
  room: string;
  /** Arrival number in the room (1-based). */
  n: number;
  /** Issued and expires at (ms since epoch). */
  iat: number;
  exp: number;
  /** SHA-256 (base64url) of the browser's nonce. */
  nh: string;
  /** The serving number when the ticket was issued (for progress). */
  j: number;
  /** When the ticket was admitted (ms), if it has been. */
  adm?: number;
}

const NONCE_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;

/** A nonce a browser may send: 16–128 base64url characters. */
export const isNonce = (nonce: unknown): nonce is string => typeof nonce === 'string' && NONCE_PATTERN.test(nonce);

export const nonceHash = (nonce: string) => createHash('sha256').update(nonce).digest('base64url').slice(0, 22);

export const newTicketId = () => randomBytes(12).toString('base64url');

/** Verified tickets kept per instance, so a poll re-checks a string instead of an HMAC (bounded: cleared when full). */
const VERIFIED_MAX = 100_000;

export function createTicketSigner(secret: string) {
  const mac = (data: string) => createHmac('sha256', secret).update(data).digest();
  const verified = new Map<string, { ticket: Ticket; nonce: string }>();
  return {
    sign(ticket: Ticket): string {
      const payload = Buffer.from(JSON.stringify(ticket)).toString('base64url');
      return `v1.${payload}.${mac(payload).toString('base64url')}`;
    },
    /**
     * The ticket when the signature holds, it has not expired and `nonce` is
     * the one it was issued to; otherwise null (the caller joins afresh).
     */
    verify(token: string | undefined, nonce: string | undefined, now: number): Ticket | null {
      if (!token || !nonce) return null;
      const known = verified.get(token);
      // Only a token this instance verified before, with the very nonce it was verified with.
      if (known && known.nonce === nonce) return known.ticket.exp > now ? known.ticket : null;
      if (!isNonce(nonce)) return null;
      const [version, payload, signature] = token.split('.');
      if (version !== 'v1' || !payload || !signature) return null;
      const expected = mac(payload);
      const given = Buffer.from(signature, 'base64url');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
      let ticket: Ticket;
      try {
        ticket = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Ticket;
      } catch {
        return null;
      }
      if (typeof ticket.exp !== 'number' || ticket.exp <= now) return null;
      if (ticket.nh !== nonceHash(nonce)) return null;
      if (verified.size >= VERIFIED_MAX) verified.clear();
      verified.set(token, { ticket, nonce });
      return ticket;
    },
  };
}

export type TicketSigner = ReturnType<typeof createTicketSigner>;
