/**
 * Proof of work per ticket: a cost per place, so a bot that fetches many
 * tickets pays for each one while a person's browser pays once, unnoticed.
 * A challenge is stateless and signed (`p1.<payload>.<hmac>`: a random id, the
 * room, the difficulty in bits and an expiry); the browser finds a solution
 * such that SHA-256(challenge ":" solution) starts with that many zero bits;
 * the server checks it with one hash. A challenge is good for one ticket: its
 * id is claimed through the hub (Redis with several instances), so a replay is
 * refused on every instance.
 *
 * The arrival's flow needs no challenge round trip of its own: a signed per-room
 * **epoch prefix** (`e1.<room>.<epoch>.<bits>.<hmac>`, rotating every minute) comes
 * with the room's public, cacheable information; the browser picks a random client
 * nonce and finds a solution with SHA-256(prefix ":" clientNonce ":" solution)
 * having `bits` zero bits, then joins with all three. The server takes a prefix of
 * the current or the previous minute, checks the hash and claims (room, epoch,
 * clientNonce) once through the hub — so a solution gives one place, and a bot
 * cannot work ahead of a prefix it has not seen (at most two minutes' use). The
 * older `p1.` challenges (GET …/challenge) are still honoured.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../platform/errors.js';

export const POW_ALGORITHM = 'sha256-leading-zero-bits' as const;
/** How long a challenge may be solved and used. */
export const CHALLENGE_TTL_SECONDS = 300;
const SOLUTION_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const CLIENT_NONCE_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;
/** How long one epoch prefix is handed out; a prefix is taken during its own and the next epoch. */
export const EPOCH_MS = 60_000;
export const epochOf = (now: number) => Math.floor(now / EPOCH_MS);

export interface Challenge {
  id: string;
  room: string;
  bits: number;
  exp: number;
}

/** Zero bits at the start of `digest`. */
export function leadingZeroBits(digest: Uint8Array): number {
  let bits = 0;
  for (const byte of digest) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

export const powDigest = (challenge: string, solution: string) =>
  createHash('sha256').update(`${challenge}:${solution}`).digest();

/** Solves a challenge by counting up (what the browser's worker does; tests and the bench use it). */
export function solve(challenge: string, bits: number): string {
  for (let i = 0; ; i++) {
    const solution = i.toString(36);
    if (leadingZeroBits(powDigest(challenge, solution)) >= bits) return solution;
  }
}

/** SHA-256(prefix ":" clientNonce ":" solution): the epoch flow's hash. */
export const epochDigest = (prefix: string, clientNonce: string, solution: string) =>
  powDigest(`${prefix}:${clientNonce}`, solution);

/** Solves an epoch prefix for `clientNonce` (the browser's worker does the same with `prefix:clientNonce`). */
export const solveEpoch = (prefix: string, clientNonce: string, bits: number) =>
  solve(`${prefix}:${clientNonce}`, bits);

const field = (name: 'challenge' | 'solution' | 'clientNonce', status: number, code: string, message: string) =>
  new AppError(status, code, message, { [`body.${name}`]: message });

export function createPow(secret: string) {
  const mac = (data: string) => createHmac('sha256', `pow:${secret}`).update(data).digest();
  // The prefixes handed out this epoch (one HMAC per room, epoch and difficulty, not per request).
  let cachedEpoch = -1;
  const prefixes = new Map<string, string>();
  // Prefixes whose signature has been checked (by their epoch): a join compares a string, not an HMAC.
  // Only genuine prefixes enter (a few per room and minute); those older than the previous epoch leave.
  const verified = new Map<string, number>();
  const trusted = (prefix: string, epoch: number, signed: string, signature: string | undefined) => {
    if (verified.get(prefix) === epoch) return true;
    const given = Buffer.from(signature ?? '', 'base64url');
    const expected = mac(signed);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false;
    for (const [known, at] of verified) if (at < epoch - 1) verified.delete(known);
    verified.set(prefix, epoch);
    return true;
  };

  function checkEpoch(room: string, prefix: string, clientNonce: unknown, solution: string, now: number): Challenge {
    const [version, prefixRoom, epochText, bitsText, signature] = prefix.split('.');
    const signed = `${version}.${prefixRoom}.${epochText}.${bitsText}`;
    const epoch = Number(epochText);
    if (!trusted(prefix, epoch, signed, signature)) {
      throw field('challenge', 400, 'pow_invalid', 'The challenge was not issued here.');
    }
    if (prefixRoom !== room) throw field('challenge', 400, 'pow_invalid', 'The challenge belongs to another queue.');
    const current = epochOf(now);
    if (epoch !== current && epoch !== current - 1) {
      throw field('challenge', 400, 'pow_expired', 'The challenge has expired; fetch a new one.');
    }
    if (typeof clientNonce !== 'string' || !CLIENT_NONCE_PATTERN.test(clientNonce)) {
      throw field(
        'clientNonce',
        400,
        'pow_required',
        'A random client nonce (16–64 base64url characters) is needed with this challenge.',
      );
    }
    const bits = Number(bitsText);
    if (leadingZeroBits(epochDigest(prefix, clientNonce, solution)) < bits) {
      throw field('solution', 400, 'pow_wrong', `The solution does not give ${bits} leading zero bits.`);
    }
    return { id: `e.${room}.${epoch}.${clientNonce}`, room, bits, exp: (epoch + 2) * EPOCH_MS };
  }

  return {
    /** The room's epoch prefix now (the same string for everyone this minute: cacheable). */
    prefix(room: string, bits: number, now: number) {
      const epoch = epochOf(now);
      if (epoch !== cachedEpoch) {
        cachedEpoch = epoch;
        prefixes.clear();
      }
      const key = `${room}.${bits}`;
      let prefix = prefixes.get(key);
      if (prefix === undefined) {
        const signed = `e1.${room}.${epoch}.${bits}`;
        prefix = `${signed}.${mac(signed).toString('base64url')}`;
        prefixes.set(key, prefix);
      }
      return { prefix, bits, expiresAt: (epoch + 2) * EPOCH_MS };
    },
    issue(room: string, bits: number, now: number) {
      const c: Challenge = {
        id: randomBytes(12).toString('base64url'),
        room,
        bits,
        exp: now + CHALLENGE_TTL_SECONDS * 1000,
      };
      const payload = Buffer.from(JSON.stringify(c)).toString('base64url');
      return { challenge: `p1.${payload}.${mac(payload).toString('base64url')}`, ...c };
    },
    /**
     * The challenge when `solution` solves it for `room`; otherwise a 400 naming
     * the field that is wrong (single use is the caller's, through the hub).
     */
    check(room: string, challenge: unknown, solution: unknown, now: number, clientNonce?: unknown): Challenge {
      if (typeof challenge !== 'string' || challenge === '') {
        throw field('challenge', 400, 'pow_required', 'A solved challenge is needed for a place in the queue.');
      }
      if (typeof solution !== 'string' || !SOLUTION_PATTERN.test(solution)) {
        throw field(
          'solution',
          400,
          'pow_required',
          'The solution is missing or malformed (1–64 base64url characters).',
        );
      }
      if (challenge.startsWith('e1.')) return checkEpoch(room, challenge, clientNonce, solution, now);
      const [version, payload, signature] = challenge.split('.');
      const given = Buffer.from(signature ?? '', 'base64url');
      const expected = payload ? mac(payload) : Buffer.alloc(0);
      if (version !== 'p1' || !payload || given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw field('challenge', 400, 'pow_invalid', 'The challenge was not issued here.');
      }
      const c = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Challenge;
      if (c.room !== room) throw field('challenge', 400, 'pow_invalid', 'The challenge belongs to another queue.');
      if (c.exp <= now) throw field('challenge', 400, 'pow_expired', 'The challenge has expired; fetch a new one.');
      if (leadingZeroBits(powDigest(challenge, solution)) < c.bits) {
        throw field('solution', 400, 'pow_wrong', `The solution does not give ${c.bits} leading zero bits.`);
      }
      return c;
    },
  };
}

export type Pow = ReturnType<typeof createPow>;

export const powReplayed = () =>
  field('challenge', 409, 'pow_used', 'This challenge has already given a place; fetch a new one.');

export const powOutdated = (bits: number) =>
  field(
    'challenge',
    400,
    'pow_expired',
    `This queue now asks for ${bits} zero bits; fetch the room again and solve anew.`,
  );
