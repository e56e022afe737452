/** Field-by-field comparison of a unit before and after an edit, for the change log. */
import type { Unit } from '@ingang/contracts';
import type { FieldChanges } from './change-log-store.js';

type UnitValues = Omit<Unit, 'id' | 'updatedAt'>;

/** Fields only region admins may change (they move a unit between providers, registers or existence). */
export const REGION_ONLY_FIELDS = ['hsaId', 'kind', 'providerType', 'active'] as const;

/** "11351" and "113 51" are the same postal code; stored with the space. */
export const normalizePostalCode = (code: string) => code.replace(/\s/g, '').replace(/^(\d{3})(\d{2})$/, '$1 $2');

/** Stored forms: postal code with its space, an emptied phone field as null. */
export function normalizeUnitInput<T extends Partial<UnitValues>>(input: T): T {
  const out = { ...input };
  if (out.postalCode !== undefined) out.postalCode = normalizePostalCode(out.postalCode);
  if (out.phone !== undefined && out.phone?.trim() === '') out.phone = null;
  return out;
}

// Opening hours come back from jsonb with keys reordered; compare in one fixed shape.
const canonical = (key: keyof UnitValues, value: unknown) =>
  key === 'openingHours'
    ? JSON.stringify((value as Unit['openingHours']).map(({ day, opens, closes }) => ({ day, opens, closes })))
    : JSON.stringify(value);

/** The fields of `patch` whose value differs from `before`, as { field: { from, to } }. */
export function diffUnit(before: UnitValues, patch: Partial<UnitValues>): FieldChanges {
  const changes: FieldChanges = {};
  for (const key of Object.keys(patch) as (keyof UnitValues)[]) {
    const to = patch[key];
    if (to === undefined) continue;
    if (canonical(key, before[key]) !== canonical(key, to)) changes[key] = { from: before[key], to };
  }
  return changes;
}

/** Every field of a new unit, as changes from nothing. */
export function creationChanges(unit: UnitValues): FieldChanges {
  return Object.fromEntries(Object.entries(unit).map(([key, to]) => [key, { from: null, to }]));
}
