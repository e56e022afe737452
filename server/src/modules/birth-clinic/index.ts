/**
 * The birth-clinic module's public face: one factory taking exactly its
 * dependencies and returning its services and parts (routes, the allocation
 * and notification jobs, the hourly allocation schedule, and the antenatal
 * clinic's care-relationship source).
 */
import { DEFAULT_CUTOFF, type GestationalAge, parsePersonnummer } from '@ingang/domain';
import { z } from 'zod';
import { createActingFor } from '../../platform/acting-for.js';
import type { AppContext } from '../../platform/context.js';
import { badRequest } from '../../platform/errors.js';
import { defineJob, type ModuleParts } from '../../platform/module.js';
import { findPersonByPersonalNumber, upsertPersonFromRegistry } from '../../platform/persons.js';
import { ALLOCATE_JOB, createAdminService } from './admin-service.js';
import { createAllocationRunner } from './allocation.js';
import { createCitizenService } from './citizen-service.js';
import { createBirthClinicNotifier } from './notify.js';
import { birthClinicRoutes } from './routes.js';
import { createStaffService } from './staff-service.js';
import * as store from './store.js';

export { ALLOCATE_JOB };

export type BirthClinicDeps = Pick<AppContext, 'db' | 'clock' | 'jobs' | 'mail' | 'registry' | 'access' | 'config'> & {
  /** A postal code's approximate position (distance to clinics; the fallback's "nearest"). */
  locate: (postalCode: string) => { lat: number; lng: number } | null;
  /** The cut-off (default 21+6). */
  cutoff?: GestationalAge;
  scheduleEveryMs?: number;
};

/** Builds the birth-clinic module. */
export function createBirthClinicModule(deps: BirthClinicDeps) {
  const cutoff = deps.cutoff ?? DEFAULT_CUTOFF;
  const actingFor = createActingFor(deps);
  /** The patient by personnummer, created from the registry when new to Ingång; 400 when malformed. */
  const findPatient = async (input: string, now: Date) => {
    const parsed = parsePersonnummer(input, now);
    if (!parsed.ok) throw badRequest('invalid_personal_number', parsed.message, { personalNumber: parsed.message });
    const known = await findPersonByPersonalNumber(deps.db, parsed.value.normalized);
    if (known) return known;
    const registered = await deps.registry.lookup(parsed.value.normalized);
    return registered && !registered.deceased ? upsertPersonFromRegistry(deps.db, registered, now) : null;
  };
  const notifier = createBirthClinicNotifier(deps);
  const runner = createAllocationRunner({ db: deps.db, clock: deps.clock, notifier, locate: deps.locate });
  const citizens = createCitizenService({ clock: deps.clock, actingFor, locate: deps.locate });
  const staff = createStaffService({
    db: deps.db,
    clock: deps.clock,
    notifier,
    cutoff,
    findPatient,
    access: deps.access,
  });
  const admin = createAdminService({ db: deps.db, clock: deps.clock, jobs: deps.jobs, runner, notifier });

  const parts: ModuleParts = {
    routes: birthClinicRoutes({ citizens, staff, admin }),
    jobs: [
      ...notifier.jobs,
      defineJob({
        kind: ALLOCATE_JOB,
        deferInRush: true,
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
        everyMs: deps.scheduleEveryMs ?? 60 * 60_000,
        deferInRush: true,
        run: async () => {
          await runner.run('schedule');
        },
      },
    ],
    accessSources: [{ name: 'birth_clinic_registration', source: store.registeredPregnancySource }],
  };
  return { services: { citizens, staff, admin, runner }, ...parts };
}

export type BirthClinicModule = ReturnType<typeof createBirthClinicModule>;
