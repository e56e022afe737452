/** SQL for the embedded registry's tables: the demo persons and their guardianships. */
import type { Queryable } from '../../platform/db/index.js';
import type { RegistryPerson } from '../../platform/registry.js';

/** A demo person from registry_persons, or null when the number is not one of them. */
export async function findRegistryPerson(db: Queryable, personalNumber: string): Promise<RegistryPerson | null> {
  const row = await db
    .selectFrom('registry_persons')
    .selectAll()
    .where('personal_number', '=', personalNumber)
    .executeTakeFirst();
  if (!row) return null;
  return {
    personalNumber: row.personal_number,
    givenName: row.given_name,
    familyName: row.family_name,
    protectedIdentity: row.protected_identity,
    address: { street: row.street, postalCode: row.postal_code, city: row.city, municipality: row.municipality },
    deceased: row.deceased,
  };
}

/** The personnummer of a guardian's children. */
export const childrenOf = (q: Queryable, guardianPnr: string) => linked(q, 'guardian_pnr', guardianPnr, 'child_pnr');

/** The personnummer of a child's guardians. */
export const guardiansOf = (q: Queryable, childPnr: string) => linked(q, 'child_pnr', childPnr, 'guardian_pnr');

type Side = 'guardian_pnr' | 'child_pnr';

async function linked(q: Queryable, from: Side, pnr: string, to: Side): Promise<string[]> {
  const rows = await q.selectFrom('registry_guardianships').select(to).where(from, '=', pnr).execute();
  return rows.map((r) => r[to]);
}
