/** The administration module ("4US Admin"): units, and the staff and roles of each unit. */
import type { ApiModule } from '../../platform/http.js';
import { adminStaffRoutes } from './staff-routes.js';
import { adminUnitRoutes } from './unit-routes.js';

export const adminRoutes: ApiModule = async (api, ctx) => {
  await adminUnitRoutes(api, ctx);
  await adminStaffRoutes(api, ctx);
};
