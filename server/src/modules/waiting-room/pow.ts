/**
 * Proof of work per ticket: a cost per place, so a bot that fetches many
 * tickets pays for each one while a person's browser pays once, unnoticed.
 * A challenge is stateless and signed (`p1.<payload>.<hmac>`: a random id, the
 * room, the difficulty in bits and an expiry); the browser finds a solution
 * such that SHA-256(challenge ":" solution) starts with that many zero bits;
 * the server checks it with one hash. A challenge is good for one ticket: its
 * id is claimed through the hub (Redis with several instances), so a replay is
 * refused on every instance.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../platform/errors.js';

export const POW_ALGORITHM = 'sha256-leading-zero-bits' as const;
/** How long a challenge may be solved and used. */
export const CHALLENGE_TTL_SECONDS = 300;
const SOLUTION_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

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

const field = (name: 'challenge' | 'solution', status: number, code: string, message: string) =>
  new AppError(status, code, message, { [`body.${name}`]: message });

export function createPow(secret: string) {
  const mac = (data: string) => createHmac('sha256', `pow:${secret}`).update(data).digest();
  return {
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
    check(room: string, challenge: unknown, solution: unknown, now: number): Challenge {
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
