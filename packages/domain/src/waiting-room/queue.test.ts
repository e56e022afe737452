import { describe, expect, it } from 'vitest';
import {
  admissionsPerMinute,
  initialServing,
  type LoadThresholds,
  placeOf,
  type RoomClock,
  rebase,
  servingNumber,
  standing,
  stepAutoSwitch,
} from './queue.js';

const T0 = new Date('2026-05-03T08:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

function room(over: Partial<RoomClock> = {}): RoomClock {
  return {
    admission: 'rate',
    ratePerMinute: 600,
    capacity: 100,
    admittedValidSeconds: 600,
    releaseAt: T0,
    baseServing: 0,
    baseAt: T0,
    pausedAt: null,
    ...over,
  };
}

describe('servingNumber', () => {
  it.each([
    [-10, 0],
    [0, 0],
    [1, 10],
    [30, 300],
    [60, 600],
  ])('rate mode at %is serves %i', (s, expected) => {
    expect(servingNumber(room(), at(s))).toBe(expected);
  });

  it('stops while paused and keeps what was reached', () => {
    const paused = room({ pausedAt: at(10) });
    expect(servingNumber(paused, at(10))).toBe(100);
    expect(servingNumber(paused, at(500))).toBe(100);
  });

  it('capacity mode lets the first group in at once, then frees places by expiry and completions', () => {
    const r = room({ admission: 'capacity', baseServing: initialServing('capacity', 100) });
    expect(servingNumber(r, at(0))).toBe(100);
    expect(servingNumber(r, at(0), 7)).toBe(107);
    // 100 places per 600 s validity: 10 more per minute.
    expect(servingNumber(r, at(60))).toBe(110);
    expect(admissionsPerMinute(r)).toBe(10);
  });
});

describe('rebase', () => {
  it('keeps the serving number across a rate change', () => {
    const r = room();
    const base = rebase(r, at(30));
    const changed = { ...r, ...base, ratePerMinute: 60 };
    expect(servingNumber(changed, at(30))).toBe(300);
    expect(servingNumber(changed, at(90))).toBe(360);
  });

  it('resumes a paused room from where it stopped', () => {
    const paused = room({ pausedAt: at(10) });
    const resumed = { ...paused, ...rebase(paused, at(100)), pausedAt: null };
    expect(servingNumber(resumed, at(100))).toBe(100);
    expect(servingNumber(resumed, at(101))).toBe(110);
  });

  it('does not count completions twice in capacity mode', () => {
    const r = room({ admission: 'capacity', baseServing: 100 });
    const changed = { ...r, ...rebase(r, at(60), 5) };
    expect(servingNumber(changed, at(60), 5)).toBe(115);
  });

  it('before the release keeps the release moment as the start', () => {
    const r = room();
    expect(rebase(r, at(-60))).toEqual({ baseServing: 0, baseAt: T0 });
  });
});

describe('placeOf', () => {
  const shuffled = [0, 3, 1, 2];
  it.each([
    [1, 3],
    [2, 1],
    [3, 2],
    [4, 4],
    [10, 10],
  ])('arrival %i gets place %i', (arrival, place) => {
    expect(placeOf(arrival, 3, shuffled)).toBe(place);
  });
  it('keeps arrival order without a shuffle', () => {
    expect(placeOf(2, 0, null)).toBe(2);
  });
});

describe('standing', () => {
  it('is admitted at or below the serving number', () => {
    expect(standing({ place: 5, serving: 5, servingAtJoin: 0, perMinute: 60, paused: false })).toEqual({
      admitted: true,
      ahead: 0,
      etaSeconds: 0,
      progress: 1,
    });
  });
  it('counts people ahead, the wait and progress', () => {
    const s = standing({ place: 101, serving: 50, servingAtJoin: 0, perMinute: 60, paused: false });
    expect(s.admitted).toBe(false);
    expect(s.ahead).toBe(50);
    expect(s.etaSeconds).toBe(51);
    expect(s.progress).toBeCloseTo(50 / 101);
  });
  it('has no estimate while paused', () => {
    expect(standing({ place: 10, serving: 0, servingAtJoin: 0, perMinute: 60, paused: true }).etaSeconds).toBeNull();
  });
});

describe('stepAutoSwitch', () => {
  const t: LoadThresholds = {
    on: { inFlight: 100, eventLoopDelayMs: 200, poolWaiting: 10 },
    off: { inFlight: 50, eventLoopDelayMs: 50, poolWaiting: 1 },
    onAfterMs: 2000,
    offAfterMs: 30_000,
  };
  const calm = { inFlight: 10, eventLoopDelayMs: 5, poolWaiting: 0 };
  const busy = { inFlight: 150, eventLoopDelayMs: 5, poolWaiting: 0 };
  const middling = { inFlight: 70, eventLoopDelayMs: 5, poolWaiting: 0 };

  it('switches on only after the load has stayed high for onAfterMs', () => {
    let s = stepAutoSwitch({ active: false, since: null }, busy, t, 0);
    expect(s).toEqual({ active: false, since: 0 });
    s = stepAutoSwitch(s, busy, t, 1999);
    expect(s.active).toBe(false);
    s = stepAutoSwitch(s, busy, t, 2000);
    expect(s).toEqual({ active: true, since: null });
  });

  it('a dip resets the countdown', () => {
    let s = stepAutoSwitch({ active: false, since: null }, busy, t, 0);
    s = stepAutoSwitch(s, calm, t, 1000);
    expect(s).toEqual({ active: false, since: null });
  });

  it.each([
    ['pool waiting', { inFlight: 0, eventLoopDelayMs: 0, poolWaiting: 10 }],
    ['event-loop delay', { inFlight: 0, eventLoopDelayMs: 250, poolWaiting: 0 }],
  ])('any one signal (%s) is enough to switch on', (_name, reading) => {
    const s = stepAutoSwitch({ active: false, since: 0 }, reading, t, 5000);
    expect(s.active).toBe(true);
  });

  it('stays on between the thresholds (hysteresis) and switches off after a calm spell', () => {
    let s = stepAutoSwitch({ active: true, since: null }, middling, t, 0);
    expect(s).toEqual({ active: true, since: null });
    s = stepAutoSwitch(s, calm, t, 1000);
    s = stepAutoSwitch(s, calm, t, 30_999);
    expect(s.active).toBe(true);
    s = stepAutoSwitch(s, calm, t, 31_000);
    expect(s).toEqual({ active: false, since: null });
  });

  it("a delay over 'on' counts only when this process is busy itself (its own CPU); starved, the switch holds either way", () => {
    const gated: LoadThresholds = { ...t, on: { ...t.on, ownCpu: 0.5 } };
    const ownWork = { inFlight: 0, eventLoopDelayMs: 250, poolWaiting: 0, ownCpu: 0.9 };
    const neighbours = { inFlight: 0, eventLoopDelayMs: 250, poolWaiting: 0, ownCpu: 0.1 };
    expect(stepAutoSwitch({ active: false, since: 0 }, ownWork, gated, 5000).active).toBe(true);
    // The machine is short of CPU, this process idles: no room opens …
    expect(stepAutoSwitch({ active: false, since: 0 }, neighbours, gated, 5000)).toEqual({
      active: false,
      since: null,
    });
    // … and an open one does not close either (the delay is not calm).
    expect(stepAutoSwitch({ active: true, since: 0 }, neighbours, gated, 60_000)).toEqual({
      active: true,
      since: null,
    });
    // Other readings count as before; without the threshold or the reading the delay counts alone.
    expect(stepAutoSwitch({ active: false, since: 0 }, { ...neighbours, poolWaiting: 10 }, gated, 5000).active).toBe(
      true,
    );
    expect(stepAutoSwitch({ active: false, since: 0 }, neighbours, t, 5000).active).toBe(true);
    const { ownCpu: _unknown, ...noReading } = neighbours;
    expect(stepAutoSwitch({ active: false, since: 0 }, noReading, gated, 5000).active).toBe(true);
  });
});
