/**
 * Recurring work (platform/schedules.ts), without a database: a test runs a schedule once as
 * its timer would (`runOnce`); one run of a schedule at a time, also when two ask at once; in
 * a rush the `deferInRush` ones wait (one run per maxDeferMs), the others run; the timers skip
 * a turn while a run is under way and log a failed run; stopping waits for the run under way.
 */
import { afterEach, describe, expect, test, vi } from 'vitest';
import { fixedClock } from '../src/platform/clock.js';
import type { ScheduleSpec } from '../src/platform/module.js';
import { createSchedules } from '../src/platform/schedules.js';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((res) => {
    resolve = res;
  });
  return { promise, resolve };
}

const MINUTE = 60_000;
const clock = fixedClock('2026-09-01T08:00:00Z');
const log = () => ({ warn: vi.fn() });

function schedules(specs: ScheduleSpec[], warn = log()) {
  return createSchedules({ clock, log: warn as never, maxDeferMs: 15 * MINUTE, specs });
}

afterEach(() => {
  vi.useRealTimers();
});

describe('schedules', () => {
  test('runOnce runs the named schedule and resolves after it; its error rejects; an unknown name throws', async () => {
    const ran: string[] = [];
    const s = schedules([
      { name: 'a', everyMs: MINUTE, run: async () => void ran.push('a') },
      { name: 'b', everyMs: MINUTE, run: async () => Promise.reject(new Error('b failed')) },
    ]);
    expect(await s.runOnce('a')).toBe(true);
    expect(ran).toEqual(['a']);
    await expect(s.runOnce('b')).rejects.toThrow('b failed');
    await expect(s.runOnce('c')).rejects.toThrow('no schedule c');
  });

  test('two asking at once: one run at a time, the second after the first has ended', async () => {
    const events: string[] = [];
    const gates = [deferred(), deferred()];
    let n = 0;
    const s = schedules([
      {
        name: 'sweep',
        everyMs: MINUTE,
        run: async () => {
          const i = n++;
          events.push(`start ${i}`);
          await gates[i]?.promise;
          events.push(`end ${i}`);
        },
      },
    ]);
    const both = Promise.all([s.runOnce('sweep'), s.runOnce('sweep')]);
    await new Promise((r) => setImmediate(r));
    expect(events).toEqual(['start 0']);
    gates[0]?.resolve();
    gates[1]?.resolve();
    expect(await both).toEqual([true, true]);
    expect(events).toEqual(['start 0', 'end 0', 'start 1', 'end 1']);
  });

  test('in a rush the deferInRush schedules wait, one run per maxDeferMs; the others run; after it all run', async () => {
    const ran: string[] = [];
    const s = schedules([
      { name: 'purge', everyMs: MINUTE, deferInRush: true, run: async () => void ran.push('purge') },
      { name: 'turns', everyMs: MINUTE, run: async () => void ran.push('turns') },
    ]);
    let rush = true;
    s.deferDuring(() => rush);
    expect(await s.runOnce('purge')).toBe(false);
    expect(await s.runOnce('turns')).toBe(true);
    clock.advance(14 * MINUTE);
    expect(await s.runOnce('purge')).toBe(false);
    clock.advance(MINUTE);
    expect(await s.runOnce('purge')).toBe(true);
    clock.advance(MINUTE);
    expect(await s.runOnce('purge')).toBe(false);
    rush = false;
    expect(await s.runOnce('purge')).toBe(true);
    expect(ran).toEqual(['turns', 'purge', 'purge']);
  });

  test('the timers: a turn is skipped while a run is under way, a failed run is logged; stop waits for the run', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const warn = log();
    const gate = deferred();
    let runs = 0;
    let ended = false;
    const s = schedules(
      [
        {
          name: 'slow',
          everyMs: MINUTE,
          run: async () => {
            runs++;
            await gate.promise;
            ended = true;
            throw new Error('slow failed');
          },
        },
      ],
      warn,
    );
    s.start();
    vi.advanceTimersByTime(MINUTE);
    expect(runs).toBe(1);
    // Its next turns come while it still runs: skipped, not stacked on.
    vi.advanceTimersByTime(3 * MINUTE);
    expect(runs).toBe(1);
    const stopped = s.stop();
    gate.resolve();
    await stopped;
    expect(ended).toBe(true);
    expect(warn.warn).toHaveBeenCalledTimes(1);
    expect(warn.warn.mock.calls[0]?.[1]).toBe('scheduled work failed');
    // Stopped: no more turns, and runOnce runs nothing.
    vi.advanceTimersByTime(5 * MINUTE);
    expect(runs).toBe(1);
    expect(await s.runOnce('slow')).toBe(false);
  });
});
