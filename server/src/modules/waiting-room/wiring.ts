/**
 * Until app.ts wires module factories itself (issue 13), this adapter builds
 * the waiting room from the app context and registers its parts. It is listed
 * before the login and booking modules so its gate hook is in place first.
 */
import type { ApiModule } from '../../platform/http.js';
import { createWaitingRoomModule } from './index.js';

export const waitingRoomApiModule: ApiModule = async (api, ctx) => {
  const module = await createWaitingRoomModule({
    db: ctx.db,
    clock: ctx.clock,
    hub: ctx.hub,
    rateLimiter: ctx.rateLimiter,
    load: ctx.load,
    log: ctx.log,
    config: ctx.config.waitingRoom,
    secureCookies: ctx.cookies.secure,
  });
  await module.parts.routes?.(api);
  for (const schedule of module.parts.schedules ?? []) {
    const timer = setInterval(() => {
      schedule.run().catch((error) => ctx.log.warn({ err: error, schedule: schedule.name }, 'schedule failed'));
    }, schedule.everyMs);
    timer.unref();
    ctx.onClose(() => clearInterval(timer));
  }
  ctx.onClose(() => module.parts.close?.());
};
