/** `GET /api/health`: 200 when the server and the database answer (stable contract). */
import { ErrorResponse, HealthResponse } from '@ingang/contracts';
import type { AppContext } from '../../platform/context.js';
import { ping } from '../../platform/db/helpers.js';
import type { Api } from '../../platform/http.js';

export async function healthRoutes(api: Api, ctx: Pick<AppContext, 'db'>) {
  api.get(
    '/health',
    {
      config: { public: true },
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
}
