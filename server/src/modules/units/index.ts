/** The units module: the public unit directory and the staff unit page. */
import type { Db } from '../../platform/db/index.js';
import type { ModuleParts } from '../../platform/module.js';
import { unitRoutes } from './routes.js';
import { createUnitService, type UnitService } from './service.js';

export type { UnitService };

export interface UnitsModule extends ModuleParts {
  units: UnitService;
}

export function createUnitsModule(deps: { db: Db }): UnitsModule {
  const units = createUnitService(deps);
  return { units, routes: (api) => unitRoutes(api, { units }) };
}
