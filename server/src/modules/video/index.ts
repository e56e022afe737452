/**
 * The video module: meetings (staff book, patients and guests join), the
 * signalling WebSocket and the media router (werift SFU or Janus).
 */
import type { AppContext } from '../../platform/context.js';
import type { ModuleParts } from '../../platform/module.js';
import { createMediaRouter } from './media-factory.js';
import { videoRoutes, videoRuntime } from './routes.js';
import { createVideoService } from './service.js';
import { createSignalling } from './signalling.js';

export async function createVideoModule(
  deps: Pick<
    AppContext,
    'db' | 'clock' | 'config' | 'registry' | 'mail' | 'rateLimiter' | 'log' | 'sessions' | 'access'
  >,
): Promise<ModuleParts> {
  const service = createVideoService(deps);
  const router = await createMediaRouter(deps);
  const signalling = createSignalling(deps, service, router);
  videoRuntime.signalling = signalling;
  videoRuntime.router = router;
  return { routes: (api) => videoRoutes(api, { service, signalling }, deps), close: () => signalling.close() };
}
