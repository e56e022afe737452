import { describe, expect, it, test } from 'vitest';
import {
  and,
  canAppointUnitAdmin,
  canCreateUnit,
  canEditUnit,
  canManageUnitStaff,
  canSelectUnit,
  canViewUnitStaffPages,
  hasUnitRole,
  isCitizen,
  isRegionAdmin,
  isStaff,
  isSupportAgent,
  not,
  or,
  type Policy,
  type PolicyActor,
  type UnitRole,
  unitAbilities,
  worksInUnit,
} from './roles.js';

function staff(overrides: Partial<Extract<PolicyActor, { kind: 'staff' }>> = {}): PolicyActor {
  return {
    kind: 'staff',
    staffId: 's1',
    regionAdmin: false,
    supportRole: null,
    units: [],
    activeUnitId: null,
    ...overrides,
  };
}

function inUnits(...units: [string, UnitRole[]][]): PolicyActor {
  return staff({ units: units.map(([unitId, roles]) => ({ unitId, roles })), activeUnitId: units[0]?.[0] ?? null });
}

const ACTORS: Record<string, PolicyActor> = {
  citizen: { kind: 'citizen', personId: 'p1' },
  staffNoUnits: staff(),
  clinicianA: inUnits(['A', ['clinician']]),
  bookingAdminA: inUnits(['A', ['booking_admin']]),
  unitAdminA: inUnits(['A', ['unit_admin']], ['B', ['clinician']]),
  clinicianB: inUnits(['B', ['clinician', 'booking_admin']]),
  emptyRolesA: inUnits(['A', []]),
  regionAdmin: staff({ regionAdmin: true }),
  regionAdminClinicianA: staff({ regionAdmin: true, units: [{ unitId: 'A', roles: ['clinician'] }] }),
  supportFirstLine: staff({ supportRole: 'first_line' }),
  supportSecondLine: staff({ supportRole: 'second_line' }),
};

// For unit A: [actor, view, edit, manageStaff, appointUnitAdmin, select, createUnit]
const UNIT_A_TABLE: [string, boolean, boolean, boolean, boolean, boolean, boolean][] = [
  ['citizen', false, false, false, false, false, false],
  ['staffNoUnits', false, false, false, false, false, false],
  ['clinicianA', true, false, false, false, true, false],
  ['bookingAdminA', true, false, false, false, true, false],
  ['unitAdminA', true, true, true, true, true, false],
  ['clinicianB', false, false, false, false, false, false],
  ['emptyRolesA', false, false, false, false, false, false],
  ['regionAdmin', true, true, true, true, false, true],
  ['regionAdminClinicianA', true, true, true, true, true, true],
  ['supportFirstLine', false, false, false, false, false, false],
  ['supportSecondLine', false, false, false, false, false, false],
];

describe('unit policies for unit A', () => {
  test.each(UNIT_A_TABLE)(
    '%s: view=%s edit=%s manageStaff=%s appointUnitAdmin=%s select=%s createUnit=%s',
    (name, view, edit, manageStaff, appointUnitAdmin, select, createUnit) => {
      const actor = ACTORS[name];
      if (!actor) throw new Error(name);
      expect(canViewUnitStaffPages(actor, 'A')).toBe(view);
      expect(canEditUnit(actor, 'A')).toBe(edit);
      expect(canManageUnitStaff(actor, 'A')).toBe(manageStaff);
      expect(canAppointUnitAdmin(actor, 'A')).toBe(appointUnitAdmin);
      expect(canSelectUnit(actor, 'A')).toBe(select);
      expect(canCreateUnit(actor)).toBe(createUnit);
      expect(unitAbilities(actor, 'A')).toEqual({ view, edit, manageStaff, appointUnitAdmin });
    },
  );

  it('covers every actor', () => {
    expect(UNIT_A_TABLE.map(([n]) => n).sort()).toEqual(Object.keys(ACTORS).sort());
  });
});

describe('roles in one unit do not leak to another', () => {
  test.each([
    ['unitAdminA', 'B', { view: true, edit: false, manageStaff: false, appointUnitAdmin: false }],
    ['clinicianA', 'B', { view: false, edit: false, manageStaff: false, appointUnitAdmin: false }],
    ['unitAdminA', 'C', { view: false, edit: false, manageStaff: false, appointUnitAdmin: false }],
    ['regionAdmin', 'C', { view: true, edit: true, manageStaff: true, appointUnitAdmin: true }],
  ])('%s in unit %s', (name, unitId, abilities) => {
    const actor = ACTORS[name];
    if (!actor) throw new Error(name);
    expect(unitAbilities(actor, unitId)).toEqual(abilities);
  });

  it('activeUnitId does not grant anything by itself', () => {
    const actor = staff({ activeUnitId: 'A' });
    expect(worksInUnit(actor, 'A')).toBe(false);
    expect(canSelectUnit(actor, 'A')).toBe(false);
  });
});

describe('actor predicates', () => {
  test.each([
    ['citizen', true, false, false, false],
    ['staffNoUnits', false, true, false, false],
    ['regionAdmin', false, true, true, false],
    ['supportFirstLine', false, true, false, true],
    ['supportSecondLine', false, true, false, true],
    ['unitAdminA', false, true, false, false],
  ])('%s: citizen=%s staff=%s regionAdmin=%s support=%s', (name, citizen, isStaffActor, admin, support) => {
    const actor = ACTORS[name];
    if (!actor) throw new Error(name);
    expect(isCitizen(actor)).toBe(citizen);
    expect(isStaff(actor)).toBe(isStaffActor);
    expect(isRegionAdmin(actor)).toBe(admin);
    expect(isSupportAgent(actor)).toBe(support);
  });

  it('hasUnitRole accepts one role or a list (any of)', () => {
    const actor = ACTORS.clinicianB as PolicyActor;
    expect(hasUnitRole(actor, 'B', 'clinician')).toBe(true);
    expect(hasUnitRole(actor, 'B', 'unit_admin')).toBe(false);
    expect(hasUnitRole(actor, 'B', ['unit_admin', 'booking_admin'])).toBe(true);
    expect(hasUnitRole(actor, 'B', [])).toBe(false);
    expect(hasUnitRole(actor, 'A', ['clinician', 'booking_admin', 'unit_admin'])).toBe(false);
    expect(hasUnitRole(ACTORS.citizen as PolicyActor, 'B', 'clinician')).toBe(false);
  });

  it('narrows the actor type', () => {
    const actor: PolicyActor = ACTORS.citizen as PolicyActor;
    if (isCitizen(actor)) expect(actor.personId).toBe('p1');
    const s: PolicyActor = ACTORS.regionAdmin as PolicyActor;
    if (isStaff(s)) expect(s.staffId).toBe('s1');
  });
});

describe('combinators', () => {
  const yes: Policy<string> = () => true;
  const no: Policy<string> = () => false;
  const actor = ACTORS.citizen as PolicyActor;

  test.each([
    ['and()', and<string>(), true],
    ['and(yes, yes)', and(yes, yes), true],
    ['and(yes, no)', and(yes, no), false],
    ['or()', or<string>(), false],
    ['or(no, yes)', or(no, yes), true],
    ['or(no, no)', or(no, no), false],
    ['not(yes)', not(yes), false],
    ['not(no)', not(no), true],
    ['or(and(yes, no), not(no))', or(and(yes, no), not(no)), true],
  ])('%s → %s', (_name, policy, expected) => {
    expect(policy(actor, 'A')).toBe(expected);
  });

  it('combines real policies', () => {
    const clinicalStaffNotAdmin = and(worksInUnit, not(canEditUnit));
    const viewOrAdmin = or<string>(canViewUnitStaffPages, isRegionAdmin);
    expect(clinicalStaffNotAdmin(ACTORS.clinicianA as PolicyActor, 'A')).toBe(true);
    expect(clinicalStaffNotAdmin(ACTORS.unitAdminA as PolicyActor, 'A')).toBe(false);
    expect(viewOrAdmin(ACTORS.regionAdmin as PolicyActor, 'Z')).toBe(true);
    expect(viewOrAdmin(ACTORS.supportFirstLine as PolicyActor, 'A')).toBe(false);
  });
});
