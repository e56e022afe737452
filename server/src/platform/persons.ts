/**
 * Citizens (the `persons` table): the region's copy of what the population
 * registry says (name, address, protection), kept in step at login and
 * lookup. A platform table: sessions, acting-for and the patient-access gate
 * read it; modules create and refresh persons only through these helpers.
 */
import { randomUUID } from 'node:crypto';
import type { Queryable } from './db/index.js';
import type { RegistryPerson } from './registry.js';

export interface PersonRow {
  id: string;
  personalNumber: string;
  givenName: string;
  familyName: string;
  protectedIdentity: boolean;
}

/**
 * Creates the person on first login, or refreshes registry fields on later ones.
 * One statement (insert … on conflict) so two simultaneous first logins cannot create two rows.
 */
export async function upsertPersonFromRegistry(db: Queryable, person: RegistryPerson, now: Date): Promise<PersonRow> {
  const row = await db
    .insertInto('persons')
    .values({
      id: randomUUID(),
      personal_number: person.personalNumber,
      given_name: person.givenName,
      family_name: person.familyName,
      protected_identity: person.protectedIdentity,
      street: person.address.street,
      postal_code: person.address.postalCode,
      city: person.address.city,
      municipality: person.address.municipality,
      registry_synced_at: now,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc.column('personal_number').doUpdateSet((eb) => ({
        given_name: eb.ref('excluded.given_name'),
        family_name: eb.ref('excluded.family_name'),
        protected_identity: eb.ref('excluded.protected_identity'),
        street: eb.ref('excluded.street'),
        postal_code: eb.ref('excluded.postal_code'),
        city: eb.ref('excluded.city'),
        municipality: eb.ref('excluded.municipality'),
        registry_synced_at: eb.ref('excluded.registry_synced_at'),
      })),
    )
    .returning(['id', 'personal_number', 'given_name', 'family_name', 'protected_identity'])
    .executeTakeFirstOrThrow();
  return {
    id: row.id,
    personalNumber: row.personal_number,
    givenName: row.given_name,
    familyName: row.family_name,
    protectedIdentity: row.protected_identity,
  };
}

export async function findPersonById(db: Queryable, personId: string): Promise<PersonRow | null> {
  const row = await db
    .selectFrom('persons')
    .select(['id', 'personal_number', 'given_name', 'family_name', 'protected_identity'])
    .where('id', '=', personId)
    .executeTakeFirst();
  return row
    ? {
        id: row.id,
        personalNumber: row.personal_number,
        givenName: row.given_name,
        familyName: row.family_name,
        protectedIdentity: row.protected_identity,
      }
    : null;
}

export async function findPersonByPersonalNumber(db: Queryable, personalNumber: string): Promise<PersonRow | null> {
  const row = await db
    .selectFrom('persons')
    .select('id')
    .where('personal_number', '=', personalNumber)
    .executeTakeFirst();
  return row ? findPersonById(db, row.id) : null;
}

/** What notifying a person needs: a verified address they want mail at, and whether they are protected. */
export async function notifyFacts(q: Queryable, personId: string) {
  return q
    .selectFrom('persons')
    .select([
      'id',
      'personal_number',
      'given_name',
      'family_name',
      'email',
      'email_verified_at',
      'notify_email',
      'protected_identity',
      'phone',
      'notify_sms',
      'locale',
    ])
    .where('id', '=', personId)
    .executeTakeFirst();
}

/** How a person wants to be told: verified e-mail and the e-mail and push switches, or undefined. */
export async function contactPreferences(q: Queryable, personId: string) {
  return q
    .selectFrom('persons')
    .select(['email', 'email_verified_at', 'notify_email', 'notify_push', 'phone', 'notify_sms', 'locale'])
    .where('id', '=', personId)
    .executeTakeFirst();
}

/** The contact facts of a person by personnummer (a guardian to mail), or undefined. */
export async function contactByPersonalNumber(q: Queryable, personalNumber: string) {
  return q
    .selectFrom('persons')
    .select(['email', 'email_verified_at', 'notify_email', 'protected_identity'])
    .where('personal_number', '=', personalNumber)
    .executeTakeFirst();
}
