/**
 * The triage module's public face ("En väg in"): questionnaires authored as
 * versioned FHIR documents with rules and a test bench, the citizen flow,
 * the same flow for a nurse on the phone, every decision logged, a weekly
 * report, and the schedule that removes drafts after a day.
 */
import type { FastifyBaseLogger } from 'fastify';
import { createActingFor } from '../../platform/acting-for.js';
import type { Clock } from '../../platform/clock.js';
import type { Db, Queryable } from '../../platform/db/index.js';
import type { Api } from '../../platform/http.js';
import type { Hub } from '../../platform/hub.js';
import type { ModuleParts } from '../../platform/module.js';
import type { PatientAccess } from '../../platform/patient-access.js';
import type { PopulationRegistry } from '../../platform/registry.js';
import { adminTriageRoutes } from './admin-routes.js';
import { createAuthoringService } from './authoring-service.js';
import { createCitizenTriageService } from './citizen-service.js';
import { dropInRoutes } from './drop-in-routes.js';
import {
  createDropInService,
  type PushNotice,
  type StartPatientChat,
  type StartPatientMeeting,
} from './drop-in-service.js';
import { createTriageEngine } from './engine.js';
import { episodeRoutes } from './episode-routes.js';
import { createEpisodeService } from './episode-service.js';
import { activeContactAt, careEpisodeSource } from './episode-store.js';
import { errandRoutes } from './errand-routes.js';
import { createErrandService, type StartPatientConversation } from './errand-service.js';
import { type HeldFiles, noPhotos } from './photos.js';
import { createRegionTriageService } from './region-service.js';
import { citizenTriageRoutes } from './routes.js';
import {
  decisionOfSession,
  deleteExpiredDrafts,
  findSession,
  subjectFacts,
  triageRoutedSource,
} from './session-store.js';
import { staffTriageRoutes } from './staff-routes.js';
import { createStaffTriageService } from './staff-service.js';

export interface TriageModuleDeps {
  db: Db;
  clock: Clock;
  log: FastifyBaseLogger;
  registry: PopulationRegistry;
  access: PatientAccess;
  config: { guardianAgeLimit: number };
  hub: Hub;
  /** The video module's face: the drop-in starts its meetings there. */
  video: { startPatientMeeting: StartPatientMeeting };
  /** The messaging module's face: errands land in the unit's inbox there; "your turn" is pushed there. */
  messaging: {
    startPatientConversation: StartPatientConversation;
    pushNotice: PushNotice;
    /** Staff write first to a patient: a chat drop-in turn. */
    startStaffConversation: StartPatientChat;
    /** A photo answer: the citizen's upload, held by the triage session (absent: no photo answers). */
    heldFiles?: HeldFiles;
  };
}

export function createTriageModule(deps: TriageModuleDeps) {
  const { db, clock, log } = deps;
  const engine = createTriageEngine({ clock });
  const actingFor = createActingFor(deps);
  const photos = deps.messaging.heldFiles ?? noPhotos;
  const citizen = createCitizenTriageService({ db, clock, actingFor, engine, photos });
  const staff = createStaffTriageService({ db, clock, access: deps.access, engine, photos });
  const authoring = createAuthoringService({ db, clock });
  const region = createRegionTriageService({ db, clock });
  const dropIn = createDropInService({
    db,
    clock,
    hub: deps.hub,
    access: deps.access,
    actingFor,
    startMeeting: deps.video.startPatientMeeting,
    pushNotice: deps.messaging.pushNotice,
    startChat: deps.messaging.startStaffConversation,
  });
  const errands = createErrandService({
    db,
    clock,
    actingFor,
    startConversation: deps.messaging.startPatientConversation,
    listedUnitOf: async (personId) => (await subjectFacts(db, personId))?.listed_unit_id ?? null,
  });
  const episodes = createEpisodeService({
    db,
    clock,
    access: deps.access,
    actingFor,
    startConversation: deps.messaging.startPatientConversation,
  });

  /** Removes drafts untouched for a day (idempotent; safe on every instance); their photos are let go. */
  async function purgeDrafts(): Promise<number> {
    return db.transaction().execute(async (trx) => {
      const ids = await deleteExpiredDrafts(trx, clock.now());
      await photos.release(trx, 'triage', ids);
      return ids.length;
    });
  }

  const parts: ModuleParts = {
    routes: async (api: Api) => {
      await citizenTriageRoutes(citizen)(api);
      await staffTriageRoutes(staff)(api);
      await adminTriageRoutes(authoring, region)(api);
      await dropInRoutes(dropIn)(api);
      await errandRoutes(errands)(api);
      await episodeRoutes(episodes)(api);
    },
    close: () => dropIn.close(),
    // A unit a triage was routed to may read that patient's triage (and other data) for 14 days.
    // An active care episode (continuity) is a care relationship for its unit.
    accessSources: [
      { name: 'triage_routed', source: triageRoutedSource },
      { name: 'care_episode', source: careEpisodeSource },
    ],
    schedules: [
      {
        name: 'triage.purge-drafts',
        everyMs: 15 * 60_000,
        deferInRush: true,
        run: async () => {
          const removed = await purgeDrafts();
          if (removed) log.info({ removed }, 'triage drafts removed after a day');
        },
      },
      {
        // Queues past their set hours close; called patients who did not answer go back once.
        name: 'triage.drop-in-sweep',
        everyMs: 15_000,
        run: async () => {
          const done = await dropIn.sweep();
          if (done.closed || done.requeued || done.removed) log.info(done, 'drop-in queue sweep');
        },
      },
    ],
  };

  return {
    ...parts,
    citizen,
    staff,
    authoring,
    region,
    dropIn,
    errands,
    episodes,
    purgeDrafts,
    /** For other modules (drop-in, errands): a decided session's decision, read without audit — callers audit. */
    decisionOfSession: (sessionId: string) => decisionOfSession(db, sessionId),
    findSession: (sessionId: string) => findSession(db, sessionId),
  };
}

export type TriageModule = ReturnType<typeof createTriageModule>;

/**
 * Continuity, for messaging (wired in app.ts, which builds messaging first): the care contact a
 * patient's new conversation with a unit is assigned to — the contact of an active care episode
 * there — or null. Read in the caller's transaction; the conversation's own audit covers it.
 */
export const careContactOf = (q: Queryable, unitId: string, personId: string) => activeContactAt(q, unitId, personId);
