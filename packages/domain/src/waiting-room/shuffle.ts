/**
 * The verifiable release shuffle. Everyone already in the prequeue when a
 * release opens (arrival numbers 1…n) is put in one random order that anyone
 * can recompute from the seed, which is published only after the release (its
 * SHA-256 is published before, so it cannot be chosen afterwards).
 *
 * Algorithm (version 1), exactly:
 * 1. The seed is 32 bytes, written as 64 lowercase hex characters.
 * 2. A stream of 32-bit words: block i (i = 0, 1, 2, …) is
 *    SHA-256(seed bytes ‖ i as 4 bytes big-endian); each block gives eight
 *    words, read as unsigned 32-bit big-endian integers, in order.
 * 3. Fisher–Yates from the end: start with the list [1, 2, …, n]; for
 *    k = n−1 down to 1, draw a uniform j in 0…k by taking the next word w,
 *    rejecting it while w ≥ ⌊2³² / (k+1)⌋·(k+1) (no modulo bias), then
 *    j = w mod (k+1); swap the entries at k and j.
 * 4. The list is the serving order: the person with arrival number list[p]
 *    gets place p + 1.
 * A recomputation in any language needs only SHA-256; `shuffleOrder` is the
 * reference implementation and docs/waiting-room.md has a 15-line Python copy.
 */
import { createHash } from 'node:crypto';

export const SHUFFLE_ALGORITHM = 'ingang-shuffle-v1 (SHA-256 counter stream, Fisher-Yates, rejection sampling)';

const SEED_PATTERN = /^[0-9a-f]{64}$/;

/** True when `seed` is 64 lowercase hex characters (32 bytes). */
export function isShuffleSeed(seed: string): boolean {
  return SEED_PATTERN.test(seed);
}

/** The SHA-256 of the seed's bytes, as hex: what is published before the release. */
export function seedCommitment(seed: string): string {
  if (!isShuffleSeed(seed)) throw new Error('The seed must be 64 lowercase hex characters.');
  return createHash('sha256').update(Buffer.from(seed, 'hex')).digest('hex');
}

/** True when `seed` is the one whose commitment was published. */
export function verifySeed(seed: string, commitment: string): boolean {
  return isShuffleSeed(seed) && seedCommitment(seed) === commitment.toLowerCase();
}

/** The word stream of step 2. */
function wordStream(seed: Buffer) {
  let block = 0;
  let words: Uint32Array | null = null;
  let next = 8;
  const input = Buffer.alloc(seed.length + 4);
  seed.copy(input, 0);
  return () => {
    if (next === 8) {
      input.writeUInt32BE(block, seed.length);
      block += 1;
      const digest = createHash('sha256').update(input).digest();
      words = new Uint32Array(8);
      for (let i = 0; i < 8; i += 1) words[i] = digest.readUInt32BE(i * 4);
      next = 0;
    }
    const word = (words as Uint32Array)[next] as number;
    next += 1;
    return word;
  };
}

/**
 * The serving order of arrival numbers 1…count under `seed` (see the file
 * comment): element p is the arrival number that gets place p + 1.
 */
export function shuffleOrder(count: number, seed: string): Uint32Array {
  if (!Number.isInteger(count) || count < 0) throw new Error('count must be a whole number ≥ 0');
  if (!isShuffleSeed(seed)) throw new Error('The seed must be 64 lowercase hex characters.');
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i += 1) order[i] = i + 1;
  const next = wordStream(Buffer.from(seed, 'hex'));
  for (let k = count - 1; k >= 1; k -= 1) {
    const range = k + 1;
    const limit = Math.floor(2 ** 32 / range) * range;
    let w = next();
    while (w >= limit) w = next();
    const j = w % range;
    const tmp = order[k] as number;
    order[k] = order[j] as number;
    order[j] = tmp;
  }
  return order;
}

/** place[arrival] for arrivals 1…count (index 0 unused): the inverse of `shuffleOrder`. */
export function shuffledPlaces(count: number, seed: string): Uint32Array {
  const order = shuffleOrder(count, seed);
  const places = new Uint32Array(count + 1);
  for (let p = 0; p < count; p += 1) places[order[p] as number] = p + 1;
  return places;
}
