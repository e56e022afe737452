/**
 * Picks the MediaRouter the config asks for: Janus when JANUS_URL is set, else
 * the embedded werift SFU. Both are imported statically: a dynamic import from
 * media-router.ts closed an import cycle (the routers import its error class),
 * which the test runner's module loader occasionally deadlocked on.
 */
import type { AppContext } from '../../platform/context.js';
import { createJanusRouter } from './janus-router.js';
import type { MediaRouter } from './media-router.js';
import { createWeriftSfu } from './werift-sfu.js';

export async function createMediaRouter(ctx: Pick<AppContext, 'config' | 'log'>): Promise<MediaRouter> {
  const video = ctx.config.video;
  if (video.janusUrl) return createJanusRouter({ url: video.janusUrl, log: ctx.log });
  return createWeriftSfu({
    address: video.mediaAddress,
    portRange: [video.rtpPortMin, video.rtpPortMax],
    log: ctx.log,
  });
}
