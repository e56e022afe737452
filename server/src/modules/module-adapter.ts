/**
 * Until app.ts wires module factories itself (issue 13), this turns a module's
 * `ModuleParts` into the older `ApiModule` registration: routes in /api, jobs
 * with their payload schemas, schedules (not in test mode) and close.
 */
import type { AppContext } from '../platform/context.js';
import type { ApiModule } from '../platform/http.js';
import type { ModuleParts } from '../platform/module.js';
import { registerRelationshipSource } from '../platform/patient-access.js';

export function adaptModule(factory: (ctx: AppContext) => ModuleParts): ApiModule {
  return async (api, ctx) => {
    const parts = factory(ctx);
    if (parts.routes) await parts.routes(api);
    for (const job of parts.jobs ?? []) {
      ctx.jobs.register(job.kind, (payload, info) => job.handle(job.schema.parse(payload) as never, info), {
        scrubPayload: job.scrubPayload,
      });
    }
    for (const source of parts.accessSources ?? []) registerRelationshipSource(source.name, source.source);
    if (ctx.config.mode !== 'test') {
      for (const schedule of parts.schedules ?? []) {
        const timer = setInterval(() => {
          schedule.run().catch((error) => ctx.log.warn({ err: error, schedule: schedule.name }, 'schedule failed'));
        }, schedule.everyMs);
        timer.unref();
        ctx.onClose(() => clearInterval(timer));
      }
    }
    if (parts.close) ctx.onClose(parts.close);
  };
}
