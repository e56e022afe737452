/**
 * Access policies as pure functions of an actor and a target. Policies
 * combine with `and`, `or` and `not`; anything not granted here is denied.
 */

/** A staff member's role within one care unit. */
export type UnitRole = 'clinician' | 'booking_admin' | 'unit_admin';

/** Every unit role, for iteration and validation. */
export const UNIT_ROLES: readonly UnitRole[] = ['clinician', 'booking_admin', 'unit_admin'];

/** A logged-in citizen (patient) or staff member. */
export type PolicyActor =
  | { kind: 'citizen'; personId: string }
  | {
      kind: 'staff';
      staffId: string;
      regionAdmin: boolean;
      supportRole: 'first_line' | 'second_line' | null;
      units: { unitId: string; roles: UnitRole[] }[];
      activeUnitId: string | null;
    };

/** A citizen actor. */
export type CitizenActor = Extract<PolicyActor, { kind: 'citizen' }>;
/** A staff actor. */
export type StaffActor = Extract<PolicyActor, { kind: 'staff' }>;

/** A yes/no decision on whether `actor` may do something to `target`. */
export type Policy<T> = (actor: PolicyActor, target: T) => boolean;

/** A policy that holds when every given policy holds (true for none). */
export function and<T>(...policies: Policy<T>[]): Policy<T> {
  return (actor, target) => policies.every((p) => p(actor, target));
}

/** A policy that holds when at least one given policy holds (false for none). */
export function or<T>(...policies: Policy<T>[]): Policy<T> {
  return (actor, target) => policies.some((p) => p(actor, target));
}

/** A policy that holds exactly when `policy` does not. */
export function not<T>(policy: Policy<T>): Policy<T> {
  return (actor, target) => !policy(actor, target);
}

/** True for a citizen. */
export function isCitizen(actor: PolicyActor): actor is CitizenActor {
  return actor.kind === 'citizen';
}

/** True for a staff member. */
export function isStaff(actor: PolicyActor): actor is StaffActor {
  return actor.kind === 'staff';
}

/** True for staff with the region-wide administrator flag. */
export function isRegionAdmin(actor: PolicyActor): boolean {
  return isStaff(actor) && actor.regionAdmin === true;
}

/** True for staff with a first- or second-line support role. */
export function isSupportAgent(actor: PolicyActor): boolean {
  return isStaff(actor) && (actor.supportRole === 'first_line' || actor.supportRole === 'second_line');
}

/** True for staff holding `role` (or any of `role` if a list) in unit `unitId`. Region admin does not imply it. */
export function hasUnitRole(actor: PolicyActor, unitId: string, role: UnitRole | readonly UnitRole[]): boolean {
  if (!isStaff(actor)) return false;
  const wanted: readonly UnitRole[] = typeof role === 'string' ? [role] : role;
  return actor.units.some((u) => u.unitId === unitId && u.roles.some((r) => wanted.includes(r)));
}

/** True for staff with at least one role in unit `unitId` (an empty role list does not count). */
export function worksInUnit(actor: PolicyActor, unitId: string): boolean {
  return hasUnitRole(actor, unitId, UNIT_ROLES);
}

/** May see the unit's staff pages (details, colleagues): staff who work in the unit, and region admins. */
export function canViewUnitStaffPages(actor: PolicyActor, unitId: string): boolean {
  return isRegionAdmin(actor) || worksInUnit(actor, unitId);
}

/** May edit the unit's settings: region admin, or unit_admin of that unit. */
export function canEditUnit(actor: PolicyActor, unitId: string): boolean {
  return isRegionAdmin(actor) || hasUnitRole(actor, unitId, 'unit_admin');
}

/** May create new units: region admin only. */
export function canCreateUnit(actor: PolicyActor): boolean {
  return isRegionAdmin(actor);
}

/** May add, remove and change the roles of the unit's staff: region admin, or unit_admin of that unit. */
export function canManageUnitStaff(actor: PolicyActor, unitId: string): boolean {
  return isRegionAdmin(actor) || hasUnitRole(actor, unitId, 'unit_admin');
}

/**
 * May appoint or remove a unit_admin of the unit: region admin, or a unit_admin of that unit
 * (the issue lists all three roles for unit administrators to grant; the last-admin rule that
 * keeps a unit from losing every administrator lives in the admin service).
 */
export function canAppointUnitAdmin(actor: PolicyActor, unitId: string): boolean {
  return isRegionAdmin(actor) || hasUnitRole(actor, unitId, 'unit_admin');
}

/** May choose the unit as their active unit: staff who work in it. */
export function canSelectUnit(actor: PolicyActor, unitId: string): boolean {
  return worksInUnit(actor, unitId);
}

/** What `actor` may do with unit `unitId`, for `{ data, abilities }` responses. */
export interface UnitAbilities {
  view: boolean;
  edit: boolean;
  manageStaff: boolean;
  appointUnitAdmin: boolean;
}

/** The actor's abilities for one unit, computed from the policies above. */
export function unitAbilities(actor: PolicyActor, unitId: string): UnitAbilities {
  return {
    view: canViewUnitStaffPages(actor, unitId),
    edit: canEditUnit(actor, unitId),
    manageStaff: canManageUnitStaff(actor, unitId),
    appointUnitAdmin: canAppointUnitAdmin(actor, unitId),
  };
}
