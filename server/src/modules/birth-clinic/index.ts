/**
 * The birth-clinic module's public face: one factory taking exactly its
 * dependencies and returning its services and parts (routes, the allocation
 * and notification jobs, the hourly allocation schedule, and the antenatal
 * clinic's care-relationship source).
 */
import { DEFAULT_CUTOFF, type GestationalAge } from '@ingang/domain';
import { z } from 'zod';
import type { ActingFor } from '../../platform/acting-for.js';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/index.js';
import type { JobQueue } from '../../platform/jobs.js';
import type { Mailer } from '../../platform/mail.js';
import { defineJob, type ModuleParts } from '../../platform/module.js';
import type { RelationshipSource } from '../../platform/patient-access.js';
import { ALLOCATE_JOB, createAdminService } from './admin-service.js';
import { createAllocationRunner } from './allocation.js';
import { createCitizenService } from './citizen-service.js';
import { createBirthClinicNotifier } from './notify.js';
import { birthClinicRoutes } from './routes.js';
import { createStaffService } from './staff-service.js';

export { ALLOCATE_JOB };

export interface BirthClinicDeps {
  db: Db;
  clock: Clock;
  jobs: JobQueue;
  mail: Mailer;
  log: { warn(obj: object, msg: string): void };
  actingFor: ActingFor;
  /** The patient by personnummer (created from the registry when new), or null; 400 for a malformed number. */
  findPatient: (personalNumber: string, now: Date) => Promise<{ id: string } | null>;
  /** A postal code's approximate position (distance to clinics; the fallback's "nearest"). */
  locate: (postalCode: string) => { lat: number; lng: number } | null;
  config?: { cutoff?: GestationalAge; scheduleEveryMs?: number };
}

/** The antenatal clinic's relationship: it registered the patient's active pregnancy. */
export const registeredPregnancySource: RelationshipSource = async (q, scope, personIds) => {
  const rows = await q
    .selectFrom('pregnancies')
    .select('person_id')
    .where('antenatal_unit_id', '=', scope.unitId)
    .where('status', '=', 'active')
    .where('person_id', 'in', personIds)
    .where('registered_at', '<=', scope.at)
    .execute();
  return new Set(rows.map((r) => r.person_id));
};

/** Builds the birth-clinic module. */
export function createBirthClinicModule(deps: BirthClinicDeps) {
  const cutoff = deps.config?.cutoff ?? DEFAULT_CUTOFF;
  const notifier = createBirthClinicNotifier(deps);
  const runner = createAllocationRunner({ db: deps.db, clock: deps.clock, notifier, locate: deps.locate });
  const citizens = createCitizenService({ clock: deps.clock, actingFor: deps.actingFor, locate: deps.locate });
  const staff = createStaffService({ db: deps.db, clock: deps.clock, notifier, cutoff, findPatient: deps.findPatient });
  const admin = createAdminService({ db: deps.db, clock: deps.clock, jobs: deps.jobs, runner, notifier });

  const parts: ModuleParts = {
    routes: birthClinicRoutes({ citizens, staff, admin }),
    jobs: [
      ...notifier.jobs,
      defineJob({
        kind: ALLOCATE_JOB,
        schema: z.object({ trigger: z.string().max(50) }),
        handle: async ({ trigger }) => {
          await runner.run(trigger);
        },
      }),
    ],
    schedules: [
      {
        // Tells those whose cut-off has passed; idempotent, serialised across instances by the run's lock.
        name: 'birth-clinic.allocate',
        everyMs: deps.config?.scheduleEveryMs ?? 60 * 60_000,
        run: async () => {
          await runner.run('schedule');
        },
      },
    ],
    accessSources: [{ name: 'birth_clinic_registration', source: registeredPregnancySource }],
  };
  return { services: { citizens, staff, admin, runner }, ...parts };
}

export type BirthClinicModule = ReturnType<typeof createBirthClinicModule>;
