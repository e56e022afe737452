/**
 * Cross-instance machinery: publish/subscribe fan-out and counters with expiry
 * (rate limits, waiting-room counters). In-process by default; Redis when
 * REDIS_URL is set so that several server instances share them.
 */
import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';

export type HubHandler = (message: unknown) => void;

export interface Hub {
  publish(channel: string, message: unknown): Promise<void>;
  /** Returns an unsubscribe function. */
  subscribe(channel: string, handler: HubHandler): Promise<() => Promise<void>>;
  /** Increments a counter that expires `ttlSeconds` after its first increment; returns the new value. */
  incr(key: string, ttlSeconds: number): Promise<number>;
  /** Reads counters (0 for a missing or expired one), in one round trip. */
  getCounters(keys: string[]): Promise<number[]>;
  /** Resolves when the hub answers (readiness). */
  ping(): Promise<void>;
  /**
   * Runs a Lua script atomically on the shared keys (Redis only; absent in
   * memory, where one instance keeps the state itself). Keys get the hub's prefix.
   */
  eval?(script: string, keys: string[], args: (string | number)[]): Promise<unknown>;
  close(): Promise<void>;
}

export function createMemoryHub(now: () => number = Date.now): Hub {
  const handlers = new Map<string, Set<HubHandler>>();
  const counters = new Map<string, { value: number; expiresAt: number }>();
  return {
    async publish(channel, message) {
      for (const handler of handlers.get(channel) ?? []) queueMicrotask(() => handler(message));
    },
    async subscribe(channel, handler) {
      const set = handlers.get(channel) ?? new Set();
      set.add(handler);
      handlers.set(channel, set);
      return async () => {
        set.delete(handler);
        if (set.size === 0) handlers.delete(channel);
      };
    },
    async incr(key, ttlSeconds) {
      const t = now();
      const current = counters.get(key);
      if (!current || current.expiresAt <= t) {
        // Sweep lazily so the map does not grow without bound under a surge of distinct keys.
        if (counters.size > 100_000) for (const [k, c] of counters) if (c.expiresAt <= t) counters.delete(k);
        counters.set(key, { value: 1, expiresAt: t + ttlSeconds * 1000 });
        return 1;
      }
      current.value += 1;
      return current.value;
    },
    async getCounters(keys) {
      const t = now();
      return keys.map((key) => {
        const c = counters.get(key);
        return c && c.expiresAt > t ? c.value : 0;
      });
    },
    async ping() {},
    async close() {
      handlers.clear();
      counters.clear();
    },
  };
}

export function createRedisHub(url: string, prefix = 'ingang:'): Hub {
  const pub = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2 });
  const sub = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2 });
  const handlers = new Map<string, Set<HubHandler>>();
  const scriptShas = new Map<string, string>();
  sub.on('message', (channel: string, raw: string) => {
    const set = handlers.get(channel.slice(prefix.length));
    if (!set) return;
    const message = JSON.parse(raw) as unknown;
    for (const handler of set) handler(message);
  });
  return {
    async publish(channel, message) {
      await pub.publish(prefix + channel, JSON.stringify(message));
    },
    async subscribe(channel, handler) {
      let set = handlers.get(channel);
      if (!set) {
        set = new Set();
        handlers.set(channel, set);
        await sub.subscribe(prefix + channel);
      }
      set.add(handler);
      return async () => {
        set.delete(handler);
        if (set.size === 0) {
          handlers.delete(channel);
          await sub.unsubscribe(prefix + channel);
        }
      };
    },
    async incr(key, ttlSeconds) {
      const [[, value]] = (await pub
        .multi()
        .incr(prefix + key)
        .expire(prefix + key, ttlSeconds, 'NX')
        .exec()) as [[Error | null, number]];
      return value;
    },
    async getCounters(keys) {
      if (keys.length === 0) return [];
      const values = await pub.mget(...keys.map((key) => prefix + key));
      return values.map((v) => (v === null ? 0 : Number(v)));
    },
    async ping() {
      await pub.ping();
    },
    async eval(script, keys, args) {
      // By its SHA-1 (Redis keeps loaded scripts): a login's scripts are run per request, and
      // sending and hashing their text each time cost more than the script itself.
      let sha = scriptShas.get(script);
      if (!sha) {
        sha = createHash('sha1').update(script).digest('hex');
        scriptShas.set(script, sha);
      }
      const prefixed = keys.map((key) => prefix + key);
      try {
        return await pub.evalsha(sha, keys.length, ...prefixed, ...args);
      } catch (error) {
        // Not loaded yet (or Redis restarted): EVAL runs and loads it.
        if (!String((error as Error).message).startsWith('NOSCRIPT')) throw error;
        return pub.eval(script, keys.length, ...prefixed, ...args);
      }
    },
    async close() {
      pub.disconnect();
      sub.disconnect();
    },
  };
}
