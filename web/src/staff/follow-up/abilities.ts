/** Who sees the follow-up of emergency accesses (the server decides again on every request). */
import type { StaffMe } from '@ingang/contracts';

/** Region admins, and unit admins of `unitId`. */
export function canFollowUp(me: Pick<StaffMe, 'abilities' | 'units'>, unitId: string | null | undefined): boolean {
  if (!unitId) return false;
  return me.abilities.administerRegion || me.units.some((u) => u.unitId === unitId && u.roles.includes('unit_admin'));
}
