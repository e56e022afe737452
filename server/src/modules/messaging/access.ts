/**
 * Who may do what in a unit's messaging, from the role policies of
 * '@ingang/domain'. Unknown and foreign units are both 404.
 */
import { hasUnitRole, isRegionAdmin, type PolicyActor, worksInUnit } from '@ingang/domain';
import type { StaffActor } from '../../platform/auth.js';
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

/**
 * The inbox holds patient data: staff who work in the unit, working in it now
 * (their session's active unit), so audit rows name the unit. Region admins
 * outside the unit get 404 like anyone else.
 */
export function requireInbox(actor: StaffActor, unitId: string): void {
  if (!worksInUnit(actor, unitId)) throw notFound('unit');
  if (actor.activeUnitId !== unitId) {
    throw forbidden('wrong_active_unit', 'Choose this unit as the unit you are working in first.');
  }
}
