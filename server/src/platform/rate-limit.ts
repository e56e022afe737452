/** Fixed-window rate limits on top of the Hub's counters (so they hold across instances). */
import { tooMany } from './errors.js';
import type { Hub } from './hub.js';

export interface RateLimiter {
  /**
   * Counts one hit for `key`; throws 429 when more than `limit` hits fell in the
   * current window (a minute unless `windowSeconds` says otherwise).
   */
  hit(key: string, limit: number, message: string, windowSeconds?: number): Promise<void>;
}

export function createRateLimiter(hub: Hub, now: () => number = Date.now): RateLimiter {
  return {
    async hit(key, limit, message, windowSeconds = 60) {
      const window = Math.floor(now() / (windowSeconds * 1000));
      const suffix = windowSeconds === 60 ? '' : `:w${windowSeconds}`;
      const count = await hub.incr(`rl:${key}${suffix}:${window}`, windowSeconds + 1);
      if (count > limit) throw tooMany(message, (window + 1) * windowSeconds - Math.floor(now() / 1000));
    },
  };
}
