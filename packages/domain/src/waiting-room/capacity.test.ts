import { describe, expect, it } from 'vitest';
import {
  claim,
  type FreedSample,
  freedPerMinute,
  inside,
  newCapacityLedger,
  noteFreed,
  release,
  settle,
  touch,
} from './capacity.js';
import { admissionsPerMinute, standing } from './queue.js';

const s = { capacity: 2, abandonMs: 60_000 };
const VALID = 600_000;

describe('admission by free capacity', () => {
  it('calls the first `capacity` places, and no more while they are inside', () => {
    const l = newCapacityLedger();
    settle(l, 0, 5, s);
    expect(l.called).toBe(2);
    expect(claim(l, 'a', 1, 1000, 5, s, VALID)).toBe(true);
    expect(claim(l, 'b', 2, 1000, 5, s, VALID)).toBe(true);
    expect(claim(l, 'c', 3, 1000, 5, s, VALID)).toBe(false);
    expect(inside(l)).toBe(2);
  });

  it('never calls a place nobody holds yet: a late arrival is called when it arrives', () => {
    const l = newCapacityLedger();
    settle(l, 0, 1, s);
    expect(l.called).toBe(1);
    settle(l, 10, 2, s);
    expect(l.called).toBe(2);
  });

  it('a used-up ticket frees its place at once and the next is called; it never counts again', () => {
    const l = newCapacityLedger();
    claim(l, 'a', 1, 0, 5, s, VALID);
    claim(l, 'b', 2, 0, 5, s, VALID);
    expect(release(l, 'a', 10, 5, s)).toBe(true);
    expect(l.called).toBe(3);
    expect(claim(l, 'c', 3, 20, 5, s, VALID)).toBe(true);
    expect(touch(l, 'a', 30, s.abandonMs, VALID)).toBe('gone');
    expect(release(l, 'a', 40, 5, s)).toBe(false);
    expect(inside(l)).toBe(2);
  });

  it('a silent ticket frees its place after abandonMs; one that is seen keeps it', () => {
    const l = newCapacityLedger();
    claim(l, 'a', 1, 0, 5, s, VALID);
    claim(l, 'b', 2, 0, 5, s, VALID);
    expect(touch(l, 'b', 50_000, s.abandonMs, VALID)).toBe('live');
    settle(l, 60_000, 5, s);
    expect([...l.live.keys()]).toEqual(['b']);
    expect(l.called).toBe(3);
    // 'a' comes back (a phone that slept): counted again; no new call until the room is under capacity.
    expect(claim(l, 'c', 3, 60_500, 5, s, VALID)).toBe(true);
    expect(touch(l, 'a', 61_000, s.abandonMs, VALID)).toBe('back');
    expect(inside(l)).toBe(3);
    release(l, 'b', 62_000, 5, s);
    expect(l.called).toBe(3);
    release(l, 'c', 63_000, 5, s);
    expect(l.called).toBe(4);
    expect(inside(l)).toBe(2);
  });

  it('an admitted ticket frees its place when its validity ends, even while it keeps polling', () => {
    const l = newCapacityLedger();
    claim(l, 'a', 1, 0, 5, { capacity: 1, abandonMs: 60_000 }, 90_000);
    expect(touch(l, 'a', 50_000, 60_000, 90_000)).toBe('live');
    settle(l, 90_000, 5, { capacity: 1, abandonMs: 60_000 });
    expect(l.live.size).toBe(0);
    expect(l.called).toBe(2);
    expect(touch(l, 'a', 90_001, 60_000, 90_000)).toBe('gone');
  });

  it('a called place nobody claims (left while waiting) lapses after abandonMs and calls the next', () => {
    const l = newCapacityLedger();
    settle(l, 0, 5, s);
    claim(l, 'b', 2, 1000, 5, s, VALID);
    settle(l, 59_999, 5, s);
    expect(l.called).toBe(2);
    settle(l, 60_000, 5, s);
    expect(l.called).toBe(3);
    expect(inside(l)).toBe(2);
    // Its holder comes after all: let in, counted; the room is over by one until someone leaves.
    expect(claim(l, 'a', 1, 61_000, 5, s, VALID)).toBe(true);
    expect(inside(l)).toBe(3);
  });

  it('a larger capacity calls more at once; a smaller one calls nobody until enough have left', () => {
    const l = newCapacityLedger();
    settle(l, 0, 10, s);
    settle(l, 1, 10, { ...s, capacity: 5 });
    expect(l.called).toBe(5);
    for (let p = 1; p <= 5; p++) claim(l, `t${p}`, p, 2, 10, { ...s, capacity: 5 }, VALID);
    release(l, 't1', 3, 10, { ...s, capacity: 3 });
    release(l, 't2', 4, 10, { ...s, capacity: 3 });
    expect(l.called).toBe(5);
    release(l, 't3', 5, 10, { ...s, capacity: 3 });
    expect(l.called).toBe(6);
  });
});

describe('a paused capacity room', () => {
  it('frees places but calls nobody new until it resumes', () => {
    const l = newCapacityLedger();
    claim(l, 'a', 1, 0, 5, s, VALID);
    claim(l, 'b', 2, 0, 5, s, VALID);
    release(l, 'a', 10, 5, { ...s, paused: true });
    expect(l.called).toBe(2);
    settle(l, 20, 5, s);
    expect(l.called).toBe(3);
  });
});

describe('the wait estimate in capacity mode follows the observed freeing pace', () => {
  const room = { admission: 'capacity' as const, ratePerMinute: 0, capacity: 10, admittedValidSeconds: 600 };

  it('is unknown until the readings span half a minute, then places freed per minute over the window', () => {
    const samples: FreedSample[] = [];
    noteFreed(samples, { at: 0, freed: 0 });
    noteFreed(samples, { at: 20_000, freed: 5 });
    expect(freedPerMinute(samples)).toBeNull();
    noteFreed(samples, { at: 60_000, freed: 12 });
    expect(freedPerMinute(samples)).toBe(12);
    // Readings older than the window leave (one at its start stays): the pace is the last five minutes'.
    for (let m = 2; m <= 10; m++) noteFreed(samples, { at: m * 60_000, freed: 12 + (m - 1) * 3 });
    expect(samples[0]?.at).toBe(300_000);
    expect(freedPerMinute(samples)).toBe(3);
    // A count that steps back (a freed ticket returned) never gives a negative pace; an older reading is ignored.
    const back: FreedSample[] = [];
    noteFreed(back, { at: 0, freed: 4 });
    noteFreed(back, { at: 60_000, freed: 3 });
    noteFreed(back, { at: 30_000, freed: 100 });
    expect(back).toHaveLength(2);
    expect(freedPerMinute(back)).toBe(0);
  });

  it('uses the faster observed pace, and never less than capacity per validity (every place frees by then)', () => {
    // 10 places valid 10 minutes: at least 1 a minute.
    expect(admissionsPerMinute(room)).toBe(1);
    expect(admissionsPerMinute({ ...room, freedPerMinute: null })).toBe(1);
    expect(admissionsPerMinute({ ...room, freedPerMinute: 0.2 })).toBe(1);
    // People book and leave within a minute or two: 6 freed a minute → the 30th in line waits 5 minutes, not 30.
    const perMinute = admissionsPerMinute({ ...room, freedPerMinute: 6 });
    expect(perMinute).toBe(6);
    expect(standing({ place: 40, serving: 10, servingAtJoin: 10, perMinute, paused: false }).etaSeconds).toBe(300);
    expect(standing({ place: 40, serving: 10, servingAtJoin: 10, perMinute: 1, paused: false }).etaSeconds).toBe(1800);
    // Rate mode is the administrator's rate, whatever frees.
    expect(admissionsPerMinute({ ...room, admission: 'rate', ratePerMinute: 30, freedPerMinute: 90 })).toBe(30);
  });
});
