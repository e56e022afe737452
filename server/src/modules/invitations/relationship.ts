/**
 * The invitation as a care relationship: staff of a unit that invited a
 * patient (any status) may open that patient's data in the unit, through the
 * platform's patient-access gate. Registered once by this module.
 */
import type { RelationshipSource } from '../../platform/patient-access.js';

/** Persons among `personIds` with an invitation from the scope's unit. */
export const invitationRelationship: RelationshipSource = async (q, scope, personIds) => {
  const rows = await q
    .selectFrom('invitations')
    .select('person_id')
    .distinct()
    .where('unit_id', '=', scope.unitId)
    .where('person_id', 'in', personIds)
    .where('created_at', '<=', scope.at)
    .execute();
  return new Set(rows.map((r) => r.person_id));
};
