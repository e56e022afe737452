/**
 * Whom a citizen may act for. Children come from the population registry and
 * are allowed by the domain rule (under 13 at the clock's now, neither party
 * with a protected identity). Ombud relations are added by the proxies module.
 */
import { birthdayInstant, GUARDIAN_AGE_LIMIT, guardianMayActFor, parsePersonnummer } from '@ingang/domain';
import type { Clock } from '../../platform/clock.js';
import type { Db, Queryable } from '../../platform/db/index.js';
import { findPersonByPersonalNumber, type PersonRow, upsertPersonFromRegistry } from '../citizens/store.js';
import type { PopulationRegistry, RegistryPerson } from '../registry/registry.js';

export interface ActingForEntry {
  personId: string;
  personalNumber: string;
  name: string;
  birthDate: string;
  relation: 'child' | 'ombud';
  validUntil: string | null;
}

export interface EligibleChild {
  registry: RegistryPerson;
  birthDate: string;
  validUntil: Date;
}

/**
 * The guardian's children the guardian may act for now. Reads the registry
 * only (no transaction held: the registry may be a remote service).
 */
export async function eligibleChildren(
  deps: { registry: PopulationRegistry; clock: Clock },
  guardian: { personalNumber: string; protectedIdentity: boolean },
): Promise<EligibleChild[]> {
  const now = deps.clock.now();
  const childPnrs = await deps.registry.childrenOf(guardian.personalNumber);
  const result: EligibleChild[] = [];
  for (const pnr of childPnrs) {
    const parsed = parsePersonnummer(pnr, now);
    if (!parsed.ok) continue;
    const child = await deps.registry.lookup(pnr);
    if (!child || child.deceased) continue;
    const decision = guardianMayActFor({
      childBirthDate: parsed.value.birthDate,
      at: now,
      guardianProtected: guardian.protectedIdentity,
      childProtected: child.protectedIdentity,
    });
    if (!decision.ok) continue;
    result.push({
      registry: child,
      birthDate: parsed.value.birthDate,
      validUntil: birthdayInstant(parsed.value.birthDate, GUARDIAN_AGE_LIMIT),
    });
  }
  return result.sort((a, b) => a.birthDate.localeCompare(b.birthDate));
}

/**
 * Resolves eligible children to `persons` rows inside `trx`, creating the row
 * from the registry for a child who has never logged in.
 */
export async function resolveChildren(trx: Queryable, children: EligibleChild[], now: Date): Promise<ActingForEntry[]> {
  const entries: ActingForEntry[] = [];
  for (const child of children) {
    const row: PersonRow =
      (await findPersonByPersonalNumber(trx, child.registry.personalNumber)) ??
      (await upsertPersonFromRegistry(trx, child.registry, now));
    entries.push({
      personId: row.id,
      personalNumber: row.personalNumber,
      name: `${row.givenName} ${row.familyName}`,
      birthDate: child.birthDate,
      relation: 'child',
      validUntil: child.validUntil.toISOString(),
    });
  }
  return entries;
}

/** Convenience for other modules: the acting-for list of a guardian, in its own transaction. */
export async function actingForOf(
  deps: { db: Db; registry: PopulationRegistry; clock: Clock },
  guardian: { personalNumber: string; protectedIdentity: boolean },
): Promise<ActingForEntry[]> {
  const children = await eligibleChildren(deps, guardian);
  if (children.length === 0) return [];
  return deps.db.transaction().execute((trx) => resolveChildren(trx, children, deps.clock.now()));
}
