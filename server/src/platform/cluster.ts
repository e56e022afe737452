/**
 * This instance among several: a random id, a heartbeat row in
 * `cluster_instances` (database time, so clocks of the hosts need not agree)
 * and whether it is draining. Work that one instance carries for everyone (a
 * video meeting's room) is claimed in PostgreSQL under this id; another
 * instance takes it over once the carrier has been silent for `deadAfterMs`.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { sql } from 'kysely';
import type { Db } from './db/index.js';

export interface Cluster {
  readonly instanceId: string;
  /** True from the moment shutdown begins: readiness fails, new work goes elsewhere. */
  readonly draining: boolean;
  /** Whether the instance has heartbeated recently and is not draining (this one: as it is). */
  alive(instanceId: string): Promise<boolean>;
  /** Of `ids`, those that are not alive. */
  dead(ids: string[]): Promise<string[]>;
  /** Starts draining (readiness fails; the row says so, so others take over its work). */
  drain(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

export interface ClusterOptions {
  db: Db;
  log: FastifyBaseLogger;
  heartbeatMs?: number;
  deadAfterMs?: number;
}

/** The SQL condition "instance `column` is alive", for claims written elsewhere. */
export function aliveSql(column: string, deadAfterMs: number) {
  return sql<boolean>`exists (select 1 from cluster_instances ci where ci.id = ${sql.ref(column)}
    and not ci.draining and ci.seen_at > now() - make_interval(secs => ${deadAfterMs / 1000}))`;
}

export const DEFAULT_DEAD_AFTER_MS = 6000;

export function createCluster(options: ClusterOptions): Cluster & { deadAfterMs: number } {
  const { db, log } = options;
  const instanceId = randomUUID();
  const heartbeatMs = options.heartbeatMs ?? 2000;
  const deadAfterMs = options.deadAfterMs ?? DEFAULT_DEAD_AFTER_MS;
  let draining = false;
  let timer: NodeJS.Timeout | undefined;

  const beat = () =>
    db
      .insertInto('cluster_instances')
      .values({ id: instanceId, started_at: sql<Date>`now()`, seen_at: sql<Date>`now()`, draining })
      .onConflict((oc) => oc.column('id').doUpdateSet({ seen_at: sql<Date>`now()`, draining }))
      .execute();

  async function dead(ids: string[]): Promise<string[]> {
    const others = [...new Set(ids)].filter((id) => id !== instanceId);
    if (others.length === 0) return draining && ids.includes(instanceId) ? [instanceId] : [];
    const rows = await db
      .selectFrom('cluster_instances')
      .select('id')
      .where('id', 'in', others)
      .where('draining', '=', false)
      .where('seen_at', '>', sql<Date>`now() - make_interval(secs => ${deadAfterMs / 1000})`)
      .execute();
    const alive = new Set(rows.map((r) => r.id));
    return others.filter((id) => !alive.has(id)).concat(draining && ids.includes(instanceId) ? [instanceId] : []);
  }

  return {
    instanceId,
    deadAfterMs,
    get draining() {
      return draining;
    },
    async alive(id) {
      return (await dead([id])).length === 0;
    },
    dead,
    async drain() {
      if (draining) return;
      draining = true;
      await beat().catch((error) => log.warn({ err: error }, 'could not mark the instance draining'));
    },
    async start() {
      await beat();
      timer = setInterval(() => {
        beat().catch((error) => log.warn({ err: error }, 'cluster heartbeat failed'));
      }, heartbeatMs);
      timer.unref();
    },
    async close() {
      clearInterval(timer);
      await db
        .deleteFrom('cluster_instances')
        .where('id', '=', instanceId)
        .execute()
        .catch(() => {});
    },
  };
}
