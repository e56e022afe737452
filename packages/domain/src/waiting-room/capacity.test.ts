import { describe, expect, it } from 'vitest';
import { claim, inside, newCapacityLedger, release, settle, touch } from './capacity.js';

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
