/**
 * Offer target groups by criteria: listed at the unit, an age range, a risk
 * group — every criterion set must hold, and at least one must be set.
 * Ages are turned into birth-date bounds so the database can select the group
 * in one statement (a person is `age` years old on `date` exactly when born
 * on or before the same month and day `age` years earlier — the 29 February
 * rule of `ageOn` falls out of comparing 'YYYY-MM-DD' strings).
 */
import { requireIsoDate } from '../calendar-date.js';

export interface TargetCriteria {
  listedAtUnit: boolean;
  minAge: number | null;
  maxAge: number | null;
  riskGroup: string | null;
}

/** Field errors of a criteria target ({} when fine). */
export function validateTargetCriteria(c: TargetCriteria): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!c.listedAtUnit && c.minAge === null && c.maxAge === null && c.riskGroup === null) {
    errors['target.kind'] = 'choose at least one criterion (listed at the unit, an age range or a risk group)';
  }
  if (c.minAge !== null && c.maxAge !== null && c.minAge > c.maxAge) {
    errors['target.maxAge'] = 'must be at least minAge';
  }
  return errors;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/**
 * Birth-date bounds ('YYYY-MM-DD' strings, compared as strings) for an age range on
 * `date`: born on or before `bornOnOrBefore` (minAge) and after `bornAfter` (maxAge).
 */
export function birthDateBounds(
  minAge: number | null,
  maxAge: number | null,
  date: string,
): { bornOnOrBefore: string | null; bornAfter: string | null } {
  const { year, month, day } = requireIsoDate(date);
  const md = `${pad(month, 2)}-${pad(day, 2)}`;
  return {
    bornOnOrBefore: minAge === null ? null : `${pad(year - minAge, 4)}-${md}`,
    bornAfter: maxAge === null ? null : `${pad(year - maxAge - 1, 4)}-${md}`,
  };
}

/** True when a person born on `birthDate` is in the age range on `date` (the bounds' own rule). */
export function inAgeRange(birthDate: string, minAge: number | null, maxAge: number | null, date: string): boolean {
  const b = birthDateBounds(minAge, maxAge, date);
  if (b.bornOnOrBefore !== null && birthDate > b.bornOnOrBefore) return false;
  if (b.bornAfter !== null && birthDate <= b.bornAfter) return false;
  return true;
}
