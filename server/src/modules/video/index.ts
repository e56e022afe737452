/**
 * The video module: meetings (staff book, patients and guests join), the
 * signalling WebSocket and the media router (werift SFU or Janus).
 */
import { Gauge } from 'prom-client';
import type { AppContext } from '../../platform/context.js';
import type { ModuleParts } from '../../platform/module.js';
import { createMediaRouter } from './media-factory.js';
import { videoRoutes, videoRuntime } from './routes.js';
import { createVideoService } from './service.js';
import { createSignalling } from './signalling.js';

export async function createVideoModule(
  deps: Pick<
    AppContext,
    | 'db'
    | 'clock'
    | 'config'
    | 'registry'
    | 'mail'
    | 'rateLimiter'
    | 'log'
    | 'sessions'
    | 'access'
    | 'hub'
    | 'cluster'
    | 'metrics'
  >,
): Promise<ModuleParts> {
  const service = createVideoService(deps);
  const router = await createMediaRouter(deps);
  const signalling = await createSignalling(deps, service, router);
  videoRuntime.signalling = signalling;
  videoRuntime.router = router;
  const registers = [deps.metrics.registry];
  new Gauge({
    name: 'ingang_video_rooms',
    help: 'Video meeting rooms this instance carries',
    registers,
    collect() {
      this.set(signalling.stats().rooms);
    },
  });
  new Gauge({
    name: 'ingang_video_participants',
    help: 'Participants (waiting or in the meeting) in the rooms this instance carries',
    registers,
    collect() {
      this.set(signalling.stats().participants);
    },
  });
  return { routes: (api) => videoRoutes(api, { service, signalling }, deps), close: () => signalling.close() };
}
