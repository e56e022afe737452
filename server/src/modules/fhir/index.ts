/**
 * The FHIR module's public face: the FHIR R4 read API and the public slot feed
 * (SMART Scheduling Links) under /api/fhir, "download my data" exports, and the
 * daily open dataset. One factory taking exactly its dependencies.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../config.js';
import { createActingFor } from '../../platform/acting-for.js';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/index.js';
import type { Api } from '../../platform/http.js';
import type { JobQueue } from '../../platform/jobs.js';
import type { Mailer } from '../../platform/mail.js';
import type { ModuleParts } from '../../platform/module.js';
import type { PatientAccess } from '../../platform/patient-access.js';
import type { PopulationRegistry } from '../../platform/registry.js';
import { exportJobs } from './export/jobs.js';
import { exportRoutes } from './export/routes.js';
import { createExportService } from './export/service.js';
import { openDataRoutes } from './open-data/routes.js';
import { createOpenDataService, type QueuePeaks } from './open-data/service.js';
import { createFhirReadService } from './read-service.js';
import { fhirRoutes } from './routes.js';
import { createSlotFeedService } from './slot-feed/service.js';

export interface FhirModuleDeps {
  db: Db;
  clock: Clock;
  log: FastifyBaseLogger;
  jobs: JobQueue;
  mail: Mailer;
  registry: PopulationRegistry;
  access: PatientAccess;
  config: Pick<Config, 'publicUrl' | 'fhir' | 'guardianAgeLimit'>;
  /** The waiting room's daily figures for the open dataset (its public face). */
  queuePeaks?: QueuePeaks;
  /** True while a rush is on (the waiting room): the slot feed's regeneration waits. */
  rush?: () => boolean;
}

export function createFhirModule(deps: FhirModuleDeps) {
  const { db, clock, log, config } = deps;
  const actingFor = createActingFor({ db, clock, registry: deps.registry, config });
  const read = createFhirReadService({ db, clock, actingFor, access: deps.access, publicUrl: config.publicUrl });
  const feed = createSlotFeedService({
    db,
    clock,
    log,
    publicUrl: config.publicUrl,
    intervalSeconds: config.fhir.feedIntervalSeconds,
    days: config.fhir.feedDays,
    checkMs: config.fhir.feedCheckMs,
    cacheBytes: config.fhir.feedCacheBytes,
    chunkBytes: config.fhir.feedChunkBytes,
    rush: deps.rush,
  });
  const exports = createExportService({
    db,
    clock,
    jobs: deps.jobs,
    mail: deps.mail,
    actingFor,
    read,
    publicUrl: config.publicUrl,
    ttlMinutes: config.fhir.exportTtlMinutes,
  });
  const openData = createOpenDataService({ db, clock, queuePeaks: deps.queuePeaks });

  const parts: ModuleParts = {
    routes: async (api: Api) => {
      await fhirRoutes({ read, feed, publicUrl: config.publicUrl, now: () => clock.now() })(api);
      await exportRoutes(exports)(api);
      await openDataRoutes(openData)(api);
    },
    jobs: exportJobs(exports),
    schedules: [
      {
        name: 'fhir.feed.refresh',
        everyMs: config.fhir.feedIntervalSeconds * 1000,
        run: () => feed.scheduled(),
      },
      { name: 'fhir.export.sweep', everyMs: 5 * 60_000, deferInRush: true, run: () => exports.sweep() },
      { name: 'open-data.daily', everyMs: 60 * 60_000, deferInRush: true, run: () => openData.ensureToday() },
    ],
    close: () => feed.close(),
  };
  return { read, feed, exports, openData, ...parts };
}

export type FhirModule = ReturnType<typeof createFhirModule>;
