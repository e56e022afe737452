/** The units module: the public unit directory and the staff unit page. */
import type { Db } from '../../platform/db/index.js';
import type { ModuleParts } from '../../platform/module.js';
import { unitRoutes } from './routes.js';
import { createUnitService, type UnitService } from './service.js';
import { findUnit, insertUnit, listUnits, updateUnit } from './store.js';

export type { UnitData, UnitValues } from './store.js';
export type { UnitService };

/** The `units` rows, for the administration module (this module owns the table). */
export interface UnitRecords {
  find: typeof findUnit;
  list: typeof listUnits;
  insert: typeof insertUnit;
  update: typeof updateUnit;
}

export interface UnitsModule extends ModuleParts {
  units: UnitService;
  records: UnitRecords;
}

export function createUnitsModule(deps: { db: Db }): UnitsModule {
  const units = createUnitService(deps);
  return {
    units,
    records: { find: findUnit, list: listUnits, insert: insertUnit, update: updateUnit },
    routes: (api) => unitRoutes(api, { units }),
  };
}
