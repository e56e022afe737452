/** Loads the demo region into an empty database (development and journeys only; refused in production by config). */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../platform/clock.js';
import type { Db } from '../platform/db/index.js';
import { seedDemoBirthClinic } from './demo-birth-clinic.js';
import { demoGuardianships, demoPerson, demoPersons, demoStaff, demoUnits } from './demo-data.js';
import { seedDemoInvitations } from './demo-invitations.js';
import { seedDemoMessaging } from './demo-messaging.js';
import { seedDemoSupport } from './demo-support.js';
import { seedDemoTimebook } from './demo-timebook.js';
import { seedDemoTriage } from './demo-triage.js';
import { seedDemoVideo } from './demo-video.js';

/** Returns true when it loaded the data, false when the database already had units. */
export async function seedDemoIfEmpty(db: Db, clock: Clock): Promise<boolean> {
  const existing = await db.selectFrom('units').select('id').limit(1).executeTakeFirst();
  if (existing) return false;
  await seedDemo(db, clock);
  return true;
}

export async function seedDemo(db: Db, clock: Clock): Promise<void> {
  const now = clock.now();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('units')
      .values(
        demoUnits.map((u) => ({
          ...u,
          opening_hours: JSON.stringify(u.opening_hours),
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
    await trx
      .insertInto('staff')
      .values(
        demoStaff.map((s) => ({
          id: s.id,
          oidc_subject: s.hsaId,
          hsa_id: s.hsaId,
          given_name: s.givenName,
          family_name: s.familyName,
          email: `${s.givenName}.${s.familyName}@demo.ingang.se`.toLowerCase().replace(/[åä]/g, 'a').replace(/ö/g, 'o'),
          title: s.title,
          region_admin: s.regionAdmin ?? false,
          support_role: s.supportRole ?? null,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
    const roles = demoStaff.flatMap((s) =>
      s.roles.map(([unit_id, role]) => ({ staff_id: s.id, unit_id, role, created_at: now })),
    );
    if (roles.length) await trx.insertInto('staff_unit_roles').values(roles).execute();
    await trx
      .insertInto('registry_persons')
      .values(
        demoPersons.map((p) => ({
          personal_number: p.personalNumber,
          given_name: p.givenName,
          family_name: p.familyName,
          protected_identity: p.protectedIdentity ?? false,
          street: p.street,
          postal_code: p.postalCode,
          city: p.city,
          municipality: p.municipality,
        })),
      )
      .execute();
    await trx
      .insertInto('registry_guardianships')
      .values(
        demoGuardianships.map(([g, c]) => ({
          guardian_pnr: demoPerson(g).personalNumber,
          child_pnr: demoPerson(c).personalNumber,
        })),
      )
      .execute();
    // Demo patients already have profiles (as if they had logged in before), so they can be listed at units.
    await trx
      .insertInto('persons')
      .values(
        demoPersons.map((p) => ({
          id: randomUUID(),
          personal_number: p.personalNumber,
          given_name: p.givenName,
          family_name: p.familyName,
          protected_identity: p.protectedIdentity ?? false,
          street: p.street,
          postal_code: p.postalCode,
          city: p.city,
          municipality: p.municipality,
          listed_unit_id: p.listedUnitId,
          registry_synced_at: now,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
  });
  await seedDemoTimebook(db, clock);
  await seedDemoInvitations(db, clock);
  await seedDemoMessaging(db, clock);
  await seedDemoVideo(db, clock);
  await seedDemoSupport(db, clock);
  await seedDemoBirthClinic(db, clock);
  await seedDemoTriage(db, clock);
}
