import { describe, expect, it } from 'vitest';
import { POLL_SECONDS_MAX, POLL_SECONDS_MIN, pollSeconds } from './queue.js';

describe('pollSeconds: far back asks seldom, near the front often', () => {
  const waiting = (etaSeconds: number | null, paused = false) => ({ phase: 'waiting', etaSeconds, paused });

  it('a quarter of the estimated wait, within the bounds', () => {
    expect(pollSeconds(waiting(8))).toBe(POLL_SECONDS_MIN);
    expect(pollSeconds(waiting(60))).toBe(15);
    expect(pollSeconds(waiting(3600))).toBe(POLL_SECONDS_MAX);
  });

  it('the short interval when the news may come at any moment', () => {
    expect(pollSeconds({ phase: 'prequeue', etaSeconds: null, paused: false })).toBe(POLL_SECONDS_MIN);
    expect(pollSeconds(waiting(3600, true))).toBe(POLL_SECONDS_MIN);
    expect(pollSeconds(waiting(null))).toBe(POLL_SECONDS_MIN);
    expect(pollSeconds({ phase: 'admitted', etaSeconds: 0, paused: false })).toBe(POLL_SECONDS_MIN);
  });

  it('never longer for someone nearer the front', () => {
    let last = 0;
    for (let eta = 0; eta <= 4000; eta += 7) {
      const s = pollSeconds(waiting(eta));
      expect(s).toBeGreaterThanOrEqual(last);
      last = s;
    }
  });
});
