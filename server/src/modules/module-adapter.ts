/**
 * Until app.ts wires module factories itself (issue 13), this registers the
 * parts a new-shape module returns from inside the old `ApiModule` list:
 * routes in the /api scope, schedules on a timer (not in test mode: tests
 * call the work directly), and `close` with the app.
 */
import type { AppContext } from '../platform/context.js';
import type { Api } from '../platform/http.js';
import type { ModuleParts } from '../platform/module.js';
import { registerRelationshipSource } from '../platform/patient-access.js';

export async function registerModuleParts(api: Api, ctx: AppContext, parts: ModuleParts): Promise<void> {
  for (const access of parts.accessSources ?? []) registerRelationshipSource(access.name, access.source);
  if (parts.routes) await parts.routes(api);
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
}
