/**
 * The invitations module (e-kallelse): staff send, citizens confirm, book,
 * decline or ask for another time; notifications and reminders are jobs.
 * Sending is not access: an invitation is no care relationship source
 * (docs/security.md), so this module contributes no access source.
 */
import type { AppContext } from '../../platform/context.js';
import type { ModuleParts } from '../../platform/module.js';
import type { BookingModule } from '../booking/index.js';
import type { CareModule } from '../care/index.js';
import type { TimebookModule } from '../timebook/index.js';
import { createInvitationCitizenService } from './citizen-service.js';
import { createInvitationNotifier } from './notify.js';
import { invitationRoutes } from './routes.js';
import { createInvitationStaffService } from './staff-service.js';
import { invitationsAtUnit } from './store.js';

export interface InvitationsModule extends ModuleParts {
  /** The patient's invitations from a unit (no access check: the caller has passed the patient-access gate). */
  invitationsAtUnit: typeof invitationsAtUnit;
}

export function createInvitationsModule(
  deps: Pick<AppContext, 'db' | 'clock' | 'mail' | 'jobs' | 'registry' | 'config' | 'log' | 'access'> & {
    booking: BookingModule;
    timebook: TimebookModule;
    care: CareModule;
  },
): InvitationsModule {
  const { bookings } = deps.booking;
  const { reservations } = deps.timebook;
  const notifier = createInvitationNotifier(deps);
  const staff = createInvitationStaffService(
    { ...deps, reservations, recordOutreach: deps.care.recordOutreach },
    notifier,
  );
  const citizens = createInvitationCitizenService({ ...deps, reservations }, bookings.actingFor, bookings);
  return {
    invitationsAtUnit,
    routes: (api) => invitationRoutes(api, { staff, citizens }),
    jobs: notifier.jobs,
  };
}
