/**
 * The systems bench:surge drives, in one run against the same PostgreSQL:
 * `single` — one server process reached directly (no proxy), and `cluster` —
 * two server processes behind nginx. Started by the cluster benchmark harness
 * (bench/cluster/topologies.ts, the configuration of docs/operations.md), so the
 * two benches launch the same way and the cluster's pids include nginx. Both use
 * Redis (the waiting room's counters must be shared), each with its own prefix.
 */
import { TOPOLOGY_LABEL, type Target as Topology, withTarget as withTopology } from '../cluster/topologies.js';

export type TargetKey = Topology['key'];
export const TARGET_LABEL = TOPOLOGY_LABEL;
export type Target = Topology;

/** Starts `key` on `databaseUrl` (already migrated), runs `work` against it, stops it. */
export function withTarget<T>(
  key: TargetKey,
  o: { root: string; databaseUrl: string; redisUrl: string; env: Record<string, string> },
  work: (target: Target) => Promise<T>,
): Promise<T> {
  return withTopology(
    key,
    {
      databaseUrl: o.databaseUrl,
      redisUrl: o.redisUrl,
      redisPrefix: `bench-surge-${key}-${process.pid}:`,
      // Thousands of simulated citizens log in from one loopback address.
      env: { RATE_LOGIN_PER_IP_PER_MINUTE: '100000000', LOG_LEVEL: 'warn', ...o.env },
      // Generating 2.4 million citizens leaves PostgreSQL busy for a while; give the server time.
      startTimeoutMs: 300_000,
    },
    work,
  );
}
