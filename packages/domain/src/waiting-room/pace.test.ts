import { describe, expect, it } from 'vitest';
import { claim, inside, newCapacityLedger, release, settle } from './capacity.js';
import { loadVerdict, paceFloor, paceVerdict, stepCapacity, stepPace } from './pace.js';
import { loopStarved, ownBusy } from './queue.js';

const t = {
  on: { inFlight: 400, eventLoopDelayMs: 250, poolWaiting: 40 },
  off: { inFlight: 100, eventLoopDelayMs: 60, poolWaiting: 2 },
};

describe('admission pace following load', () => {
  it('reads the load as over (any reading at "on"), under (all below "off") or steady', () => {
    expect(loadVerdict({ inFlight: 0, eventLoopDelayMs: 300, poolWaiting: 0 }, t)).toBe('over');
    expect(loadVerdict({ inFlight: 0, eventLoopDelayMs: 0, poolWaiting: 40 }, t)).toBe('over');
    expect(loadVerdict({ inFlight: 99, eventLoopDelayMs: 59, poolWaiting: 1 }, t)).toBe('under');
    expect(loadVerdict({ inFlight: 150, eventLoopDelayMs: 10, poolWaiting: 0 }, t)).toBe('steady');
  });

  it("the pace's own verdict: in flight only counts towards over; a calm loop and pool raise even with many requests out", () => {
    const p = {
      on: { inFlight: 400, eventLoopDelayMs: 150, poolWaiting: 40 },
      off: { inFlight: 400, eventLoopDelayMs: 50, poolWaiting: 2 },
    };
    // 300 requests waiting on the database, the loop idle: the load switch would hold, the pace climbs.
    expect(loadVerdict({ inFlight: 300, eventLoopDelayMs: 20, poolWaiting: 0 }, t)).toBe('steady');
    expect(paceVerdict({ inFlight: 300, eventLoopDelayMs: 20, poolWaiting: 0 }, p)).toBe('under');
    // A delay the load switch lets pass already cuts the pace (a join must be answered within a second).
    expect(loadVerdict({ inFlight: 0, eventLoopDelayMs: 200, poolWaiting: 0 }, t)).toBe('steady');
    expect(paceVerdict({ inFlight: 0, eventLoopDelayMs: 200, poolWaiting: 0 }, p)).toBe('over');
    expect(paceVerdict({ inFlight: 400, eventLoopDelayMs: 0, poolWaiting: 0 }, p)).toBe('over');
    expect(paceVerdict({ inFlight: 0, eventLoopDelayMs: 0, poolWaiting: 40 }, p)).toBe('over');
    // Between the thresholds it holds: a loop at 50–149 ms, or a pool with a few waiting.
    expect(paceVerdict({ inFlight: 0, eventLoopDelayMs: 50, poolWaiting: 0 }, p)).toBe('steady');
    expect(paceVerdict({ inFlight: 0, eventLoopDelayMs: 10, poolWaiting: 2 }, p)).toBe('steady');
  });

  it("the delay cuts only when it is this process's own work (its own CPU); with the machine starved it holds", () => {
    const p = {
      on: { inFlight: 400, eventLoopDelayMs: 150, poolWaiting: 40, ownCpu: 0.5 },
      off: { inFlight: 400, eventLoopDelayMs: 50, poolWaiting: 2 },
    };
    // Delay high, this process used most of a core: its own work — cut.
    const own = { inFlight: 20, eventLoopDelayMs: 300, poolWaiting: 0, ownCpu: 0.9 };
    expect(paceVerdict(own, p)).toBe('over');
    expect(loopStarved(own, p.on)).toBe(false);
    // Delay high, this process nearly idle: the neighbours hold the cores — no cut, and no raise.
    const neighbours = { inFlight: 20, eventLoopDelayMs: 300, poolWaiting: 0, ownCpu: 0.1 };
    expect(paceVerdict(neighbours, p)).toBe('steady');
    expect(loopStarved(neighbours, p.on)).toBe(true);
    expect(paceVerdict({ ...neighbours, ownCpu: 0.5 }, p)).toBe('over');
    // A starved machine still cuts on what is this process's to relieve: in flight, the pool.
    expect(paceVerdict({ ...neighbours, poolWaiting: 40 }, p)).toBe('over');
    expect(paceVerdict({ ...neighbours, inFlight: 400 }, p)).toBe('over');
    // Hysteresis as before: between the delay thresholds it holds whatever the CPU, under "off" it raises.
    expect(paceVerdict({ ...own, eventLoopDelayMs: 100 }, p)).toBe('steady');
    expect(paceVerdict({ ...own, eventLoopDelayMs: 49 }, p)).toBe('under');
    expect(paceVerdict({ ...neighbours, eventLoopDelayMs: 49 }, p)).toBe('under');
    // A cut, a starved spell (held), calm again: the pace climbs back from where the cut left it.
    let pace = stepPace(600, 600, paceVerdict(own, p));
    expect(pace).toBe(450);
    for (let i = 0; i < 5; i++) pace = stepPace(pace, 600, paceVerdict(neighbours, p));
    expect(pace).toBe(450);
    pace = stepPace(pace, 600, paceVerdict({ ...neighbours, eventLoopDelayMs: 10 }, p));
    expect(pace).toBe(510);
    // No threshold (0 / absent) or no reading: the delay counts alone, as before session 7.
    expect(paceVerdict(neighbours, { ...p, on: { ...p.on, ownCpu: 0 } })).toBe('over');
    const { ownCpu: _unknown, ...noReading } = neighbours;
    expect(paceVerdict(noReading, p)).toBe('over');
    expect(ownBusy(noReading, p.on)).toBe(true);
    // The load switch's verdict follows the same rule.
    expect(loadVerdict(neighbours, { ...t, on: { ...t.on, eventLoopDelayMs: 150, ownCpu: 0.5 } })).toBe('steady');
    expect(loadVerdict(own, { ...t, on: { ...t.on, eventLoopDelayMs: 150, ownCpu: 0.5 } })).toBe('over');
  });

  it('cuts by a quarter under load, down to a tenth of the ceiling and never below 1', () => {
    expect(stepPace(1000, 1000, 'over')).toBe(750);
    let pace = 1000;
    for (let i = 0; i < 50; i++) pace = stepPace(pace, 1000, 'over');
    expect(pace).toBe(100);
    expect(paceFloor(5)).toBe(1);
    expect(stepPace(1, 5, 'over')).toBe(1);
  });

  it('raises by a tenth of the ceiling when calm, never above the ceiling; steady keeps the pace', () => {
    expect(stepPace(100, 1000, 'under')).toBe(200);
    expect(stepPace(950, 1000, 'under')).toBe(1000);
    expect(stepPace(400, 1000, 'steady')).toBe(400);
    // A lowered ceiling brings the pace down with it.
    expect(stepPace(800, 500, 'steady')).toBe(500);
  });

  it('with one instance over and one under, the pace still comes down (a cut outweighs a raise)', () => {
    let pace = 1000;
    for (let i = 0; i < 10; i++) pace = stepPace(stepPace(pace, 1000, 'over'), 1000, 'under');
    expect(pace).toBeLessThan(600);
  });
});

describe('capacity following load (capacity mode, auto)', () => {
  it('cuts the places by a quarter when over, raises them by a tenth of the ceiling when under, floor a tenth', () => {
    expect(stepCapacity(20, 20, 'over')).toBe(15);
    expect(stepCapacity(15, 20, 'under')).toBe(17);
    expect(stepCapacity(19, 20, 'under')).toBe(20);
    expect(stepCapacity(20, 20, 'under')).toBe(20);
    expect(stepCapacity(11, 20, 'steady')).toBe(11);
    let places = 20;
    for (let i = 0; i < 30; i++) places = stepCapacity(places, 20, 'over');
    expect(places).toBe(2);
    // A small room: never below one place, and a raise is at least one.
    expect(stepCapacity(1, 4, 'over')).toBe(1);
    expect(stepCapacity(1, 4, 'under')).toBe(2);
    // The administrator lowers the ceiling under the effective capacity: it follows.
    expect(stepCapacity(20, 8, 'steady')).toBe(8);
  });

  it('a cut below the people inside frees nobody: new places wait until enough have left', () => {
    const l = newCapacityLedger();
    const s = { capacity: 4, abandonMs: 60_000 };
    for (let p = 1; p <= 4; p++) claim(l, `t${p}`, p, 0, 9, s, 600_000);
    const cut = { ...s, capacity: stepCapacity(4, 4, 'over') };
    expect(cut.capacity).toBe(3);
    settle(l, 1, 9, cut);
    expect(inside(l)).toBe(4);
    release(l, 't1', 2, 9, cut);
    expect(l.called).toBe(4);
    release(l, 't2', 3, 9, cut);
    expect(l.called).toBe(5);
    expect(inside(l)).toBe(3);
  });
});
