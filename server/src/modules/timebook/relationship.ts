/**
 * The booking as a care relationship: staff of a unit where the patient has
 * (or had) a booking may open that patient's data in the unit, through the
 * platform's patient-access gate. Registered once by this module.
 */
import type { RelationshipSource } from '../../platform/patient-access.js';

/** Persons among `personIds` with a booking, of any status, at the scope's unit. */
export const bookingRelationship: RelationshipSource = async (q, scope, personIds) => {
  const rows = await q
    .selectFrom('bookings')
    .select('person_id')
    .distinct()
    .where('unit_id', '=', scope.unitId)
    .where('person_id', 'in', personIds)
    .where('created_at', '<=', scope.at)
    .execute();
  return new Set(rows.map((r) => r.person_id));
};
