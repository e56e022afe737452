/** The access checks administration starts every function with (decisions: ../units/policies.ts). */
import { canManageUnitStaff, isRegionAdmin, type PolicyActor, worksInUnit } from '@ingang/domain';
import { AppError, forbidden, notFound } from '../../platform/errors.js';

/**
 * Passes for region admins and the unit's own unit admins. Staff of the unit
 * without the role get 403 (they can see the unit exists); anyone else gets 404,
 * so a unit admin of another unit cannot tell a forbidden unit from an unknown one.
 */
export function requireUnitAdministration(actor: PolicyActor, unitId: string): void {
  if (canManageUnitStaff(actor, unitId)) return;
  if (worksInUnit(actor, unitId)) {
    throw forbidden('unit_admin_only', "Only the unit's administrators can do this.");
  }
  throw notFound('unit');
}

/** Passes for region admins only. */
export function requireRegionAdmin(actor: PolicyActor): void {
  if (!isRegionAdmin(actor)) throw forbidden('region_admin_only', 'Only region administrators can do this.');
}

/** A 403 naming the fields only region admins may change. */
export const regionOnlyFields = (fields: string[]) =>
  new AppError(
    403,
    'region_admin_only',
    `Only region administrators can change: ${fields.join(', ')}`,
    Object.fromEntries(fields.map((f) => [f, 'only region administrators can change this'])),
  );
