/**
 * Who may do what in a unit's messaging, from the role policies of
 * '@ingang/domain'. Unknown and foreign units are both 404.
 */
import { hasUnitRole, isRegionAdmin, type PolicyActor, worksInUnit } from '@ingang/domain';
import { forbidden, notFound } from '../../platform/errors.js';

/** Settings and templates are read by the unit's staff and region admins. */
export function requireSettingsView(actor: PolicyActor, unitId: string): void {
  if (isRegionAdmin(actor) || worksInUnit(actor, unitId)) return;
  throw notFound('unit');
}

export function canEditSettings(actor: PolicyActor, unitId: string): boolean {
  return isRegionAdmin(actor) || hasUnitRole(actor, unitId, 'unit_admin');
}

/** Changing settings and templates: unit administrators (403 for the unit's other staff). */
export function requireSettingsEdit(actor: PolicyActor, unitId: string): void {
  if (canEditSettings(actor, unitId)) return;
  if (worksInUnit(actor, unitId)) throw forbidden('unit_admin_only', "Only the unit's administrators can do this.");
  throw notFound('unit');
}
