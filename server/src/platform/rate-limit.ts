/** Fixed-window rate limits on top of the Hub's counters (so they hold across instances). */
import { tooMany } from './errors.js';
import type { Hub } from './hub.js';

export interface RateLimiter {
  /** Counts one hit for `key`; throws 429 when more than `limit` hits fell in the current minute. */
  hit(key: string, limit: number, message: string): Promise<void>;
}

export function createRateLimiter(hub: Hub, now: () => number = Date.now): RateLimiter {
  return {
    async hit(key, limit, message) {
      const window = Math.floor(now() / 60_000);
      const count = await hub.incr(`rl:${key}:${window}`, 61);
      if (count > limit) throw tooMany(message);
    },
  };
}
