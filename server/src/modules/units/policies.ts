/**
 * How the unit pages and unit administration use the role policies of
 * '@ingang/domain' (the rules themselves live there, unit-tested):
 * - Region admins can do everything for every unit, active or not.
 * - A unit's staff page is for the staff who work in it, and for region admins.
 * - Unit administrators manage their own unit's staff and may grant all three
 *   roles there — clinician, booking_admin and unit_admin.
 * - A unit admin can never touch another unit: unknown and forbidden are both 404.
 * - A unit admin cannot remove the unit's last unit_admin role (409
 *   `last_unit_admin`, enforced in the admin service); region admins are not bound by it.
 */
import { canAppointUnitAdmin, canViewUnitStaffPages } from '@ingang/domain';

export { unitAbilities as abilitiesFor } from '@ingang/domain';
export const canViewUnit = canViewUnitStaffPages;
export const mayAppointUnitAdmin = canAppointUnitAdmin;
