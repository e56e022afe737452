/**
 * The booking module: the citizen booking contract (catalogue, free times,
 * book, cancel, rebook, my bookings), the booking mails, reminder job and its sweep. It
 * owns bookings, and a booking is a care relationship: staff of a unit where
 * the patient has or had a booking may open that patient's data there.
 */
import type { AppContext } from '../../platform/context.js';
import type { ModuleParts } from '../../platform/module.js';
import { unitRecordSource } from '../../platform/patient-access.js';
import { createCatalogueService } from './catalogue-service.js';
import { createMyBookingsService } from './my-bookings.js';
import { resolveNear } from './near.js';
import { createBookingNotifier } from './notify.js';
import { createOutlookService } from './outlook-service.js';
import { bookingsAtUnit } from './read-store.js';
import { bookingRoutes } from './routes.js';
import { type BookingService, createBookingService } from './service.js';
import { type BookingSupportFace, createBookingSupportFace } from './support-face.js';

/** The booking SMS texts and once-keys (timebook tells of a withdrawn time with them). */
export { bookingSmsKey, bookingSmsText } from './sms-text.js';
export type { BookingService, BookingSupportFace };

export interface BookingModule extends ModuleParts {
  /** Booking, cancelling and rebooking (invitations and offers book through it). */
  bookings: BookingService;
  /** The patient's bookings at a unit (no access check: the caller has passed the patient-access gate). */
  bookingsAtUnit: typeof bookingsAtUnit;
  /** Citizen support's view of a citizen's own bookings: list, cancel, rebook (the caller audits). */
  supportFace: BookingSupportFace;
  /** A Swedish postal code's approximate position (the "near me" table), or null when unknown. */
  locate: (postalCode: string) => { lat: number; lng: number } | null;
}

export function createBookingModule(
  deps: Pick<AppContext, 'db' | 'searchDb' | 'clock' | 'registry' | 'config' | 'mail' | 'sms' | 'jobs' | 'metrics'>,
): BookingModule {
  const notifier = createBookingNotifier(deps);
  const catalogue = createCatalogueService(deps);
  const bookings = createBookingService(deps, notifier);
  const mine = createMyBookingsService(deps, bookings.actingFor, notifier);
  const outlook = createOutlookService(deps, bookings.actingFor);
  return {
    bookings,
    bookingsAtUnit,
    supportFace: createBookingSupportFace(deps, bookings),
    locate: (postalCode) => resolveNear(postalCode, []),
    routes: (api) => bookingRoutes(api, { catalogue, bookings, mine, outlook }),
    jobs: notifier.jobs,
    schedules: notifier.schedules,
    accessSources: [{ name: 'booking', source: unitRecordSource('bookings', 'person_id') }],
  };
}
