/**
 * The systems bench:surge drives, in one run against the same PostgreSQL:
 * `single` — one server process reached directly (no proxy), and `cluster` —
 * two server processes behind nginx, started with scripts/cluster/launch.ts
 * (the configuration of docs/operations.md). Both use Redis (the waiting room's
 * counters must be shared), each with its own key prefix. A minimal launcher:
 * when the cluster benchmark harness (bench/cluster/) lands, this can use it.
 */
import net from 'node:net';
import { startCluster } from '../../scripts/cluster/launch.js';
import { freePort, startServer } from '../login/server.js';

export type TargetKey = 'single' | 'cluster';
export const TARGET_LABEL: Record<TargetKey, string> = {
  single: 'one instance, no nginx',
  cluster: 'two instances + nginx',
};

export interface Target {
  key: TargetKey;
  origin: string;
  /** Server processes (their CPU is the server's). */
  pids: number[];
}

async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** `count` consecutive free loopback ports (nginx's, then one per instance). */
async function freePorts(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = await freePort();
    const rest = await Promise.all(Array.from({ length: count - 1 }, (_, i) => portFree(base + 1 + i)));
    if (rest.every(Boolean)) return base;
  }
  throw new Error('no block of free ports on loopback');
}

/** Starts `key` on `databaseUrl` (already migrated), runs `work` against it, stops it. */
export async function withTarget<T>(
  key: TargetKey,
  o: { root: string; databaseUrl: string; redisUrl: string; env: Record<string, string> },
  work: (target: Target) => Promise<T>,
): Promise<T> {
  const env: Record<string, string> = {
    REDIS_URL: o.redisUrl,
    REDIS_PREFIX: `bench-surge-${key}-${process.pid}:`,
    SEED_DEMO: 'false',
    MAIL_EMBEDDED: 'false',
    BANKID_BACKEND: 'simulator',
    LOG_LEVEL: 'warn',
    ...o.env,
  };
  if (key === 'single') {
    const server = await startServer({
      root: o.root,
      databaseUrl: o.databaseUrl,
      port: await freePort(),
      loginPerIpPerMinute: Number(env.RATE_LOGIN_PER_IP_PER_MINUTE ?? 100_000_000),
      env,
      startTimeoutMs: 300_000,
    });
    try {
      return await work({ key, origin: server.origin, pids: [server.pid] });
    } finally {
      await server.stop();
    }
  }
  const port = await freePorts(3);
  const cluster = await startCluster({
    instances: 2,
    databaseUrl: o.databaseUrl,
    redisUrl: o.redisUrl,
    port,
    basePort: port + 1,
    output: 'ignore',
    env: { RATE_LOGIN_PER_IP_PER_MINUTE: '100000000', ...env },
  });
  try {
    return await work({ key, origin: cluster.url, pids: cluster.instances.map((i) => i.process.pid ?? 0) });
  } finally {
    await cluster.stop();
  }
}
