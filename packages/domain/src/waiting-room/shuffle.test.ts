import { describe, expect, it } from 'vitest';
import { isShuffleSeed, seedCommitment, shuffledPlaces, shuffleOrder, verifySeed } from './shuffle.js';

const SEED_ONE = `${'0'.repeat(63)}1`;
const SEED_AB = 'ab'.repeat(32);

describe('shuffleOrder', () => {
  // Vectors computed with the independent Python copy in docs/waiting-room.md.
  it.each([
    [10, SEED_ONE, [7, 9, 1, 5, 10, 6, 8, 2, 4, 3]],
    [12, SEED_AB, [6, 7, 8, 2, 3, 9, 4, 10, 1, 12, 11, 5]],
  ])('matches the published algorithm for n=%i', (n, seed, expected) => {
    expect([...shuffleOrder(n, seed)]).toEqual(expected);
  });

  it('is a permutation of 1…n', () => {
    const order = shuffleOrder(5000, SEED_AB);
    const sorted = [...order].sort((a, b) => a - b);
    expect(sorted).toEqual(Array.from({ length: 5000 }, (_, i) => i + 1));
  });

  it('is the same every time for the same seed and different for another', () => {
    expect([...shuffleOrder(100, SEED_AB)]).toEqual([...shuffleOrder(100, SEED_AB)]);
    expect([...shuffleOrder(100, SEED_AB)]).not.toEqual([...shuffleOrder(100, SEED_ONE)]);
  });

  it.each([0, 1])('handles a prequeue of %i', (n) => {
    expect([...shuffleOrder(n, SEED_AB)]).toEqual(n === 1 ? [1] : []);
  });

  it('does not favour early arrivals (mean place of the first arrivals is near the middle)', () => {
    // Over many seeds, arrival 1's place is uniform on 1…20: its mean is 10.5.
    let total = 0;
    const runs = 2000;
    for (let s = 0; s < runs; s += 1) {
      const seed = s.toString(16).padStart(64, '0');
      total += shuffledPlaces(20, seed)[1] as number;
    }
    const mean = total / runs;
    expect(mean).toBeGreaterThan(9.5);
    expect(mean).toBeLessThan(11.5);
  });

  it('rejects a bad seed or count', () => {
    expect(() => shuffleOrder(3, 'xyz')).toThrow(/64 lowercase hex/);
    expect(() => shuffleOrder(-1, SEED_AB)).toThrow(/count/);
    expect(() => shuffleOrder(1.5, SEED_AB)).toThrow(/count/);
  });
});

describe('shuffledPlaces', () => {
  it('is the inverse of the order', () => {
    const order = shuffleOrder(300, SEED_ONE);
    const places = shuffledPlaces(300, SEED_ONE);
    for (const [p, arrival] of order.entries()) expect(places[arrival]).toBe(p + 1);
  });
});

describe('seed commitment', () => {
  it('is the SHA-256 of the seed bytes', () => {
    expect(seedCommitment(SEED_AB)).toBe('9a2db2e23f1504cd056606553ac049c5e718e8f9ce9233876df1a7a1821af885');
  });
  it('verifies only the committed seed', () => {
    const c = seedCommitment(SEED_AB);
    expect(verifySeed(SEED_AB, c)).toBe(true);
    expect(verifySeed(SEED_AB, c.toUpperCase())).toBe(true);
    expect(verifySeed(SEED_ONE, c)).toBe(false);
    expect(verifySeed('nope', c)).toBe(false);
  });
  it('recognises seeds', () => {
    expect(isShuffleSeed(SEED_AB)).toBe(true);
    expect(isShuffleSeed(SEED_AB.toUpperCase())).toBe(false);
    expect(isShuffleSeed('ab')).toBe(false);
  });
});
