/** The administration module ("4US Admin"): units, and the staff and roles of each unit. */
import type { AppContext } from '../../platform/context.js';
import type { ModuleParts } from '../../platform/module.js';
import type { UnitsModule } from '../units/index.js';
import { adminStaffRoutes } from './staff-routes.js';
import { createStaffAdminService } from './staff-service.js';
import { adminUnitRoutes } from './unit-routes.js';
import { createUnitAdminService } from './unit-service.js';

export function createAdminModule(deps: Pick<AppContext, 'db' | 'clock'> & { units: UnitsModule }): ModuleParts {
  const unitRecords = deps.units.records;
  const units = createUnitAdminService({ ...deps, unitRecords });
  const staff = createStaffAdminService({ ...deps, unitRecords });
  return {
    async routes(api) {
      await adminUnitRoutes(api, { units });
      await adminStaffRoutes(api, { staff });
    },
  };
}
