/**
 * Wires the support module (born in the module shape of issue 13) into today's ApiModule list
 * until app.ts registers module parts itself: builds it from ctx, registers its routes, runs its
 * schedules (not in test mode) and closes it with the app.
 */
import type { ApiModule } from '../platform/http.js';
import { createBookingSupportFace } from './booking/support-face.js';
import { createSupportModule, type SupportModule } from './support/index.js';

/** The built module of the last app (tests reach the SMTP port and sweeps through it). */
export const supportInstances = new WeakMap<object, SupportModule>();

export const supportModule: ApiModule = async (api, ctx) => {
  const support = await createSupportModule({
    db: ctx.db,
    clock: ctx.clock,
    mailer: ctx.mail,
    log: ctx.log,
    rateLimiter: ctx.rateLimiter,
    config: ctx.config,
    bookings: createBookingSupportFace(ctx),
  });
  supportInstances.set(ctx, support);
  await support.routes?.(api);
  if (ctx.config.mode !== 'test') {
    for (const s of support.schedules ?? []) {
      const timer = setInterval(() => {
        s.run().catch((error) => ctx.log.warn({ err: error, schedule: s.name }, 'schedule failed'));
      }, s.everyMs);
      timer.unref();
      ctx.onClose(() => clearInterval(timer));
    }
  }
  ctx.onClose(() => support.close?.());
};
