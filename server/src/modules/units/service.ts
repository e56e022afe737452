/**
 * The unit directory (public) and the staff portal's unit page. Every staff
 * function starts with its access check; unknown and forbidden units are both 404.
 */

import type { StaffActor } from '../../platform/auth.js';
import type { Db } from '../../platform/db/index.js';
import { notFound } from '../../platform/errors.js';
import { abilitiesFor, canViewUnit } from './policies.js';
import { findUnit, listActiveUnits, listColleagues } from './store.js';

export type UnitService = ReturnType<typeof createUnitService>;

/** Builds the unit service over the database. */
export function createUnitService(deps: { db: Db }) {
  const { db } = deps;
  return {
    /** Active units matching the filter, sorted by name (anyone may ask). */
    listPublic(filter: Parameters<typeof listActiveUnits>[1]) {
      return listActiveUnits(db, filter);
    },

    /** One active unit (anyone may ask); 404 for unknown or inactive units. */
    async getPublic(unitId: string) {
      const unit = await findUnit(db, unitId, { activeOnly: true });
      if (!unit) throw notFound('unit');
      return unit;
    },

    /** The staff page of a unit: its details and colleagues, for staff who work there or region admins. */
    async getStaffView(actor: StaffActor, unitId: string) {
      if (!canViewUnit(actor, unitId)) throw notFound('unit');
      const unit = await findUnit(db, unitId);
      if (!unit) throw notFound('unit');
      return {
        data: { unit, colleagues: await listColleagues(db, unitId) },
        abilities: abilitiesFor(actor, unitId),
      };
    },
  };
}
