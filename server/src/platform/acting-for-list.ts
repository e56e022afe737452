/**
 * Whom a citizen may act for (the `/api/me` list and the switcher). Children
 * come from the population registry and are allowed by the domain rule
 * (under the configured age limit at the clock's now, neither party with a
 * protected identity); ombud relations are the accepted, unexpired grants
 * given to the citizen (proxy_grants). The per-request check is
 * platform/acting-for.ts; this list only says what to offer.
 */
import {
  ACTING_SCOPES,
  type ActingScope,
  birthdayInstant,
  GUARDIAN_AGE_LIMIT,
  guardianMayActFor,
  parsePersonnummer,
} from '@ingang/domain';
import type { Clock } from './clock.js';
import type { Db, Queryable } from './db/index.js';
import { findPersonByPersonalNumber, type PersonRow, upsertPersonFromRegistry } from './persons.js';
import type { PopulationRegistry, RegistryPerson } from './registry.js';

export interface ActingForEntry {
  personId: string;
  personalNumber: string;
  name: string;
  birthDate: string;
  relation: 'child' | 'ombud';
  validUntil: string | null;
  /** Every scope for a child; the granted ones for an ombud. */
  scopes: ActingScope[];
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
  deps: { registry: PopulationRegistry; clock: Clock; config?: { guardianAgeLimit?: number } },
  guardian: { personalNumber: string; protectedIdentity: boolean },
): Promise<EligibleChild[]> {
  const now = deps.clock.now();
  const limitYears = deps.config?.guardianAgeLimit ?? GUARDIAN_AGE_LIMIT;
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
      limitYears,
      guardianProtected: guardian.protectedIdentity,
      childProtected: child.protectedIdentity,
    });
    if (!decision.ok) continue;
    result.push({
      registry: child,
      birthDate: parsed.value.birthDate,
      validUntil: birthdayInstant(parsed.value.birthDate, limitYears),
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
      scopes: [...ACTING_SCOPES],
    });
  }
  return entries;
}

/**
 * The people who gave `ombudPersonId` an accepted grant that is in force at
 * `now`; grants where either party has a protected identity are left out
 * (the per-request check refuses them too).
 */
export async function activeOmbudGrants(trx: Queryable, ombudPersonId: string, now: Date): Promise<ActingForEntry[]> {
  const rows = await trx
    .selectFrom('proxy_grants as g')
    .innerJoin('persons as p', 'p.id', 'g.grantor_person_id')
    .innerJoin('persons as o', 'o.id', 'g.ombud_person_id')
    .select(['p.id', 'p.personal_number', 'p.given_name', 'p.family_name', 'g.expires_at', 'g.scopes'])
    .where('g.ombud_person_id', '=', ombudPersonId)
    .where('g.status', '=', 'active')
    .where('g.expires_at', '>', now)
    .where('p.protected_identity', '=', false)
    .where('o.protected_identity', '=', false)
    .orderBy('p.family_name')
    .orderBy('p.given_name')
    .execute();
  return rows.map((r) => {
    const parsed = parsePersonnummer(r.personal_number, now);
    return {
      personId: r.id,
      personalNumber: r.personal_number,
      name: `${r.given_name} ${r.family_name}`,
      birthDate: parsed.ok ? parsed.value.birthDate : '',
      relation: 'ombud' as const,
      validUntil: r.expires_at.toISOString(),
      scopes: r.scopes as ActingScope[],
    };
  });
}

/** The whole acting-for list inside `trx`: the eligible children, then the ombud grants. */
export async function resolveActingFor(
  trx: Queryable,
  personId: string,
  children: EligibleChild[],
  now: Date,
): Promise<ActingForEntry[]> {
  return [...(await resolveChildren(trx, children, now)), ...(await activeOmbudGrants(trx, personId, now))];
}

/** Convenience for other modules: the acting-for list of a citizen, in its own transaction. */
export async function actingForOf(
  deps: { db: Db; registry: PopulationRegistry; clock: Clock; config?: { guardianAgeLimit?: number } },
  guardian: { personalNumber: string; protectedIdentity: boolean; id?: string },
): Promise<ActingForEntry[]> {
  const children = await eligibleChildren(deps, guardian);
  const { id } = guardian;
  if (children.length === 0 && !id) return [];
  return deps.db.transaction().execute(async (trx) => {
    const now = deps.clock.now();
    return id ? resolveActingFor(trx, id, children, now) : resolveChildren(trx, children, now);
  });
}
