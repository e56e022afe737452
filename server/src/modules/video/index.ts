/**
 * The video module: meetings (staff book, patients and guests join), the
 * signalling WebSocket and the media router (werift SFU or Janus).
 */
import type { VideoMeeting } from '@ingang/contracts';
import { Gauge } from 'prom-client';
import type { StaffActor } from '../../platform/auth.js';
import type { AppContext } from '../../platform/context.js';
import type { ModuleParts } from '../../platform/module.js';
import { createMediaRouter } from './media-factory.js';
import { videoRoutes, videoRuntime } from './routes.js';
import { createVideoService } from './service.js';
import { createSignalling } from './signalling.js';

/** Starts a one-to-one meeting now (the staff member hosts; the patient is invited; access is checked and audited). */
export type StartPatientMeeting = (actor: StaffActor, patientId: string, title: string) => Promise<VideoMeeting>;

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
): Promise<ModuleParts & { startPatientMeeting: StartPatientMeeting }> {
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
  return {
    routes: (api) => videoRoutes(api, { service, signalling }, deps),
    close: () => signalling.close(),
    // For other modules (the drop-in queue): a one-to-one meeting with a patient, starting now.
    startPatientMeeting: (actor, patientId, title) =>
      service.create(actor, { kind: 'one_to_one', title, patientId, durationMinutes: 30 }),
  };
}
