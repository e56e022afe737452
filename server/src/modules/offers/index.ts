/** The offers module: targeted offers (staff publish, citizens book) and risk-group flags. */
import type { AppContext } from '../../platform/context.js';
import type { ModuleParts } from '../../platform/module.js';
import type { BookingModule } from '../booking/index.js';
import type { TimebookModule } from '../timebook/index.js';
import { createOfferCitizenService } from './citizen-service.js';
import { createOfferNotifier } from './notify.js';
import { createRiskFlagService } from './risk-flags.js';
import { offerRoutes } from './routes.js';
import { createOfferStaffService } from './staff-service.js';

export function createOffersModule(
  deps: Pick<AppContext, 'db' | 'clock' | 'mail' | 'jobs' | 'registry' | 'config' | 'log' | 'access'> & {
    booking: BookingModule;
    timebook: TimebookModule;
  },
): ModuleParts {
  const { bookings } = deps.booking;
  const notifier = createOfferNotifier(deps);
  const staff = createOfferStaffService(deps, notifier);
  const citizens = createOfferCitizenService(
    { ...deps, reservations: deps.timebook.reservations },
    bookings.actingFor,
    bookings,
  );
  const flags = createRiskFlagService(deps);
  return { routes: (api) => offerRoutes(api, { staff, citizens, flags }), jobs: notifier.jobs };
}
