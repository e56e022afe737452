/** Who sees which timebook page (the server decides again on every request). */
import type { StaffMe } from '@ingang/contracts';

/** Booking and unit administrators of `unitId`, and region admins, publish and withdraw times. */
export function canPublishTimes(me: Pick<StaffMe, 'abilities' | 'units'>, unitId: string | null | undefined): boolean {
  if (!unitId) return false;
  return (
    me.abilities.administerRegion ||
    me.units.some((u) => u.unitId === unitId && (u.roles.includes('booking_admin') || u.roles.includes('unit_admin')))
  );
}

/** Staff who work in `unitId` see its calendar and day list. */
export function worksIn(me: Pick<StaffMe, 'units'>, unitId: string | null | undefined): boolean {
  return !!unitId && me.units.some((u) => u.unitId === unitId);
}
