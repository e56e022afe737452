/**
 * The timebook module: region administration of the catalogue (time types,
 * forms, releases), and the units' publishing, calendar and day list. It owns
 * time types, forms, releases and slots.
 */
import type { AppContext } from '../../platform/context.js';
import type { ModuleParts } from '../../platform/module.js';
import { timebookAdminRoutes } from './admin-routes.js';
import { createCalendarService } from './calendar-service.js';
import { createCatalogueService } from './catalogue-service.js';
import { createDayService } from './day-service.js';
import { createFormService } from './form-service.js';
import { createPublishService } from './publish-service.js';
import { timebookStaffRoutes } from './staff-routes.js';

export function createTimebookModule(deps: Pick<AppContext, 'db' | 'clock' | 'mail' | 'access'>): ModuleParts {
  const catalogue = createCatalogueService(deps);
  const forms = createFormService(deps);
  const publishing = createPublishService(deps);
  const days = createDayService(deps);
  const calendars = createCalendarService(deps);
  return {
    async routes(api) {
      await timebookAdminRoutes(api, { catalogue, forms });
      await timebookStaffRoutes(api, { publishing, days, calendars });
    },
  };
}
