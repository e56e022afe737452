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
    expect(claim(l, 'a', 1, 1000, 5, s, VALID)).toBe('live');
    expect(claim(l, 'b', 2, 1000, 5, s, VALID)).toBe('live');
    expect(claim(l, 'c', 3, 1000, 5, s, VALID)).toBe('no');
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
    expect(claim(l, 'c', 3, 20, 5, s, VALID)).toBe('live');
    expect(touch(l, 'a', 30, VALID, s)).toBe('gone');
    expect(claim(l, 'a', 1, 35, 5, s, VALID)).toBe('gone');
    expect(release(l, 'a', 40, 5, s)).toBe(false);
    expect(inside(l)).toBe(2);
  });

  it('a silent ticket frees its place after abandonMs; one that is seen keeps it', () => {
    const l = newCapacityLedger();
    claim(l, 'a', 1, 0, 5, s, VALID);
    claim(l, 'b', 2, 0, 5, s, VALID);
    expect(touch(l, 'b', 50_000, VALID, s)).toBe('live');
    settle(l, 60_000, 5, s);
    expect([...l.live.keys()]).toEqual(['b']);
    expect(l.called).toBe(3);
    // 'a' comes back (a phone that slept) to a full room: it stands back, not counted.
    expect(claim(l, 'c', 3, 60_500, 5, s, VALID)).toBe('live');
    expect(touch(l, 'a', 61_000, VALID, s)).toBe('back');
    expect(inside(l)).toBe(2);
    expect(touch(l, 'a', 61_500, VALID, s)).toBe('back');
    // A place frees: 'a' is readmitted before place 4 is called.
    release(l, 'b', 62_000, 5, s);
    expect(l.called).toBe(3);
    expect([...l.live.keys()].sort()).toEqual(['a', 'c']);
    expect(touch(l, 'a', 62_500, VALID, s)).toBe('live');
    release(l, 'c', 63_000, 5, s);
    expect(l.called).toBe(4);
    expect(inside(l)).toBe(2);
  });

  it('a returner to a room with room is counted again at once', () => {
    const l = newCapacityLedger();
    claim(l, 'a', 1, 0, 1, s, VALID);
    settle(l, 60_000, 1, s);
    expect(inside(l)).toBe(0);
    expect(touch(l, 'a', 61_000, VALID, s)).toBe('live');
    expect(inside(l)).toBe(1);
    expect(l.freed).toBe(0);
  });

  it('returners are readmitted oldest first; one silent again, or past its turn, leaves the line', () => {
    const one = { capacity: 1, abandonMs: 60_000 };
    const l = newCapacityLedger();
    claim(l, 'a', 1, 0, 9, one, VALID);
    settle(l, 60_000, 9, one); // a silent: place 2 called
    claim(l, 'b', 2, 60_000, 9, one, VALID);
    settle(l, 120_000, 9, one); // b silent: place 3 called
    claim(l, 'c', 3, 120_000, 9, one, VALID);
    expect(touch(l, 'b', 121_000, VALID, one)).toBe('back');
    expect(touch(l, 'a', 122_000, VALID, one)).toBe('back');
    expect([...l.back.keys()]).toEqual(['b', 'a']);
    // With room and an earlier returner waiting, a later one still waits (b first).
    release(l, 'c', 123_000, 9, { ...one, paused: true });
    expect(touch(l, 'a', 123_500, VALID, one)).toBe('back');
    settle(l, 124_000, 9, one);
    expect([...l.live.keys()]).toEqual(['b']);
    expect(l.called).toBe(3);
    expect(touch(l, 'b', 150_000, VALID, one)).toBe('live');
    // a goes silent while standing back: it leaves the line; the next free place calls place 4.
    settle(l, 123_500 + 60_000, 9, one);
    expect(l.back.size).toBe(0);
    release(l, 'b', 184_000, 9, one);
    expect(l.called).toBe(4);
    // A returner whose turn has ended is gone, not back.
    expect(touch(l, 'a', VALID, VALID, one)).toBe('gone');
  });

  it('inside never exceeds the capacity at any settle, with returners and new arrivals mixed', () => {
    // A deterministic pseudo-random walk: people arrive, claim, poll, go silent, come back, finish.
    let seed = 7;
    const rnd = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const cap = { capacity: 5, abandonMs: 10_000 };
    const l = newCapacityLedger();
    const placeOf = new Map<string, number>();
    const asleep = new Map<string, number>();
    const everIn = new Set<string>();
    let arrivals = 0;
    let readmitted = 0;
    let backSeen = 0;
    for (let t = 0; t < 300_000; t += 500) {
      if (rnd() < 0.3) {
        arrivals += 1;
        placeOf.set(`t${arrivals}`, arrivals);
      }
      const step = (run: () => unknown) => {
        const before = [...l.back.keys()];
        const got = run();
        readmitted += before.filter((ticket) => l.live.has(ticket)).length;
        expect(inside(l)).toBeLessThanOrEqual(cap.capacity);
        expect(l.called - l.freed).toBe(inside(l));
        return got;
      };
      for (const [ticket, place] of placeOf) {
        if ((asleep.get(ticket) ?? 0) > t) continue;
        const r = rnd();
        if (r < 0.1) continue; // silent this round
        if (r < 0.13) {
          asleep.set(ticket, t + 5_000 + rnd() * 20_000); // a phone that sleeps, often past abandonMs
          continue;
        }
        if (r < 0.15) {
          step(() => release(l, ticket, t, arrivals, cap));
          placeOf.delete(ticket);
          continue;
        }
        // Admitted once: the service touches it from then on; before that it claims its place.
        const got = step(() =>
          everIn.has(ticket) ? touch(l, ticket, t, VALID, cap) : claim(l, ticket, place, t, arrivals, cap, VALID),
        );
        if (got === 'live') everIn.add(ticket);
        if (got === 'back') backSeen += 1;
        if (got === 'gone') placeOf.delete(ticket);
      }
      step(() => settle(l, t, arrivals, cap));
    }
    // The walk really exercised returners standing back and being readmitted.
    expect(backSeen).toBeGreaterThan(0);
    expect(readmitted).toBeGreaterThan(0);
  });

  it('an admitted ticket frees its place when its validity ends, even while it keeps polling', () => {
    const l = newCapacityLedger();
    claim(l, 'a', 1, 0, 5, { capacity: 1, abandonMs: 60_000 }, 90_000);
    expect(touch(l, 'a', 50_000, 90_000, { capacity: 1, abandonMs: 60_000 })).toBe('live');
    settle(l, 90_000, 5, { capacity: 1, abandonMs: 60_000 });
    expect(l.live.size).toBe(0);
    expect(l.called).toBe(2);
    expect(touch(l, 'a', 90_001, 90_000, { capacity: 1, abandonMs: 60_000 })).toBe('gone');
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
    // Its holder comes after all: the room is full, so it stands back and is let in at the next free place.
    touch(l, 'b', 60_000, VALID, s);
    expect(claim(l, 'a', 1, 61_000, 5, s, VALID)).toBe('back');
    expect(inside(l)).toBe(2);
    release(l, 'b', 62_000, 5, s);
    expect(l.live.has('a')).toBe(true);
    expect(l.called).toBe(3);
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
