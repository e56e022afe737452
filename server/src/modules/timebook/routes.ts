/**
 * The timebook module: region administration of the catalogue, and the units'
 * publishing, calendar and day list. It registers the booking as a care
 * relationship, so staff of a unit where a patient has or had a booking may open
 * that patient's data there (through platform/patient-access.ts).
 */
import type { ApiModule } from '../../platform/http.js';
import { registerRelationshipSource } from '../../platform/patient-access.js';
import { timebookAdminRoutes } from './admin-routes.js';
import { bookingRelationship } from './relationship.js';
import { timebookStaffRoutes } from './staff-routes.js';

export const timebookRoutes: ApiModule = async (api, ctx) => {
  registerRelationshipSource('booking', bookingRelationship);
  await timebookAdminRoutes(api, ctx);
  await timebookStaffRoutes(api, ctx);
};
