/**
 * The access checks every timebook service function starts with. Decisions come
 * from the role policies in '@ingang/domain'; unknown and forbidden units are both
 * 404 for people who do not work in them.
 */
import { hasUnitRole, isRegionAdmin, type PolicyActor, worksInUnit } from '@ingang/domain';
import { forbidden, notFound } from '../../platform/errors.js';

/** Region administrators only (the catalogue, forms and releases are region-wide). */
export function requireRegionAdmin(actor: PolicyActor): void {
  if (!isRegionAdmin(actor)) throw forbidden('region_admin_only', 'Only region administrators can do this.');
}

/** May publish and withdraw the unit's times: its booking or unit administrators, and region admins. */
export function canPublish(actor: PolicyActor, unitId: string): boolean {
  return isRegionAdmin(actor) || hasUnitRole(actor, unitId, ['booking_admin', 'unit_admin']);
}

/** Publishing and withdrawing: 403 for the unit's other staff, 404 for everyone else. */
export function requirePublisher(actor: PolicyActor, unitId: string): void {
  if (canPublish(actor, unitId)) return;
  if (worksInUnit(actor, unitId)) {
    throw forbidden('booking_admin_only', "Only the unit's booking or unit administrators can do this.");
  }
  throw notFound('unit');
}

/** The calendar (no patient data): the unit's staff and region admins. */
export function requireCalendarView(actor: PolicyActor, unitId: string): void {
  if (isRegionAdmin(actor) || worksInUnit(actor, unitId)) return;
  throw notFound('unit');
}
