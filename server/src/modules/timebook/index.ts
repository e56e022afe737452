/**
 * The timebook module: region administration of the catalogue (time types,
 * forms, releases), and the units' publishing, calendar and day list. It owns
 * time types, forms, releases and slots.
 */
import type { AppContext } from '../../platform/context.js';
import type { ModuleParts } from '../../platform/module.js';
import { canPublish, requirePublisher } from './access.js';
import { timebookAdminRoutes } from './admin-routes.js';
import { createCalendarService } from './calendar-service.js';
import { createCatalogueService } from './catalogue-service.js';
import { createDayService } from './day-service.js';
import { createFormService } from './form-service.js';
import { attachableForms, findFormVersion, latestFormVersion } from './form-store.js';
import { createPublishService } from './publish-service.js';
import {
  freeSlotView,
  freeUnitSlots,
  releaseReserved,
  reservedSlots,
  reserveSlots,
  unitTimeType,
} from './reservation-store.js';
import { timebookStaffRoutes } from './staff-routes.js';

export type { ReservedSlotRow } from './reservation-store.js';

/** Times held for an invitation or offer, and the facts of types and forms they need (this module owns them). */
export interface Reservations {
  reserve: typeof reserveSlots;
  release: typeof releaseReserved;
  reserved: typeof reservedSlots;
  freeForUnit: typeof freeUnitSlots;
  /** A reserved or free time as the citizen's FreeSlot. */
  view: typeof freeSlotView;
  unitTimeType: typeof unitTimeType;
  latestFormVersion: typeof latestFormVersion;
  formVersion: typeof findFormVersion;
  /** The forms that can be attached to an invitation or offer. */
  attachableForms: typeof attachableForms;
}

export interface TimebookModule extends ModuleParts {
  reservations: Reservations;
  /** Who may publish and withdraw a unit's times (offers publish times too). */
  policies: { canPublish: typeof canPublish; requirePublisher: typeof requirePublisher };
}

export function createTimebookModule(
  deps: Pick<AppContext, 'db' | 'clock' | 'mail' | 'sms' | 'access'>,
): TimebookModule {
  const catalogue = createCatalogueService(deps);
  const forms = createFormService(deps);
  const publishing = createPublishService(deps);
  const days = createDayService(deps);
  const calendars = createCalendarService(deps);
  return {
    reservations: {
      reserve: reserveSlots,
      release: releaseReserved,
      reserved: reservedSlots,
      freeForUnit: freeUnitSlots,
      view: freeSlotView,
      unitTimeType,
      latestFormVersion,
      formVersion: findFormVersion,
      attachableForms,
    },
    policies: { canPublish, requirePublisher },
    async routes(api) {
      await timebookAdminRoutes(api, { catalogue, forms });
      await timebookStaffRoutes(api, { publishing, days, calendars });
    },
  };
}
