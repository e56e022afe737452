import { describe, expect, it } from 'vitest';
import { loadVerdict, paceFloor, stepPace } from './pace.js';

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
