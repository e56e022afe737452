/**
 * Health for load balancers and orchestrators:
 * - `GET /api/health/live` — the process answers (restart it when not);
 * - `GET /api/health/ready` — send it traffic: the database answers, Redis
 *   answers when configured, and the instance is not draining (503 otherwise,
 *   first thing on SIGTERM, so the balancer moves away before the listener closes);
 * - `GET /api/health` — the original database check (stable contract).
 */
import { ErrorResponse, HealthResponse, ReadinessResponse } from '@ingang/contracts';
import type { AppContext } from '../../platform/context.js';
import { ping } from '../../platform/db/helpers.js';
import type { Api } from '../../platform/http.js';

const CHECK_TIMEOUT_MS = 2000;

/**
 * Never shed by the load monitor (platform/load.ts): a balancer that got 503 from an
 * over-capacity instance would take it out of rotation, and an orchestrator would kill
 * it for failing liveness — right when it is busiest.
 */
const HEALTH_CONFIG = { public: true, alwaysOpen: true } as const;

/** Resolves true when `work` succeeds within the check timeout. */
async function passes(work: () => Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), CHECK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([work().then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

export async function healthRoutes(api: Api, ctx: Pick<AppContext, 'db' | 'config' | 'hub' | 'cluster'>) {
  api.get(
    '/health',
    {
      config: HEALTH_CONFIG,
      schema: {
        tags: ['platform'],
        summary: 'Liveness and database check',
        response: { 200: HealthResponse, 503: ErrorResponse },
      },
    },
    async (_request, reply) => {
      try {
        await ping(ctx.db);
        return { status: 'ok' as const };
      } catch {
        return reply
          .status(503)
          .send({ error: { code: 'database_unavailable', message: 'The database does not answer.' } });
      }
    },
  );

  api.get(
    '/health/live',
    {
      config: HEALTH_CONFIG,
      schema: { tags: ['platform'], summary: 'Liveness: the process answers', response: { 200: HealthResponse } },
    },
    async () => ({ status: 'ok' as const }),
  );

  api.get(
    '/health/ready',
    {
      config: HEALTH_CONFIG,
      schema: {
        tags: ['platform'],
        summary: 'Readiness: database, Redis (when configured), not draining',
        response: { 200: ReadinessResponse, 503: ReadinessResponse },
      },
    },
    async (_request, reply) => {
      const [database, redis] = await Promise.all([
        passes(() => ping(ctx.db)),
        ctx.config.redisUrl ? passes(() => ctx.hub.ping()) : Promise.resolve(null),
      ]);
      const draining = ctx.cluster.draining;
      const ready = database && redis !== false && !draining;
      return reply.status(ready ? 200 : 503).send({
        status: ready ? 'ready' : 'not_ready',
        instance: ctx.cluster.instanceId,
        checks: {
          database: database ? 'ok' : 'failed',
          redis: redis === null ? 'not_configured' : redis ? 'ok' : 'failed',
          draining,
        },
      });
    },
  );
}
