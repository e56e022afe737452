/**
 * SQL for the citizen's own profile and e-mail verifications. Every function
 * takes the person id of the logged-in citizen (scoped), except the token
 * lookups, where the token itself is the credential.
 */
import type { Queryable } from '../../platform/db/index.js';
import type { UnitsTable } from '../../platform/db/schema.js';

export interface ProfileRow {
  id: string;
  personalNumber: string;
  givenName: string;
  familyName: string;
  protectedIdentity: boolean;
  street: string | null;
  postalCode: string | null;
  city: string | null;
  municipality: string | null;
  email: string | null;
  emailVerifiedAt: Date | null;
  phone: string | null;
  notifyEmail: boolean;
  notifySms: boolean;
  notifyPush: boolean;
  locale: 'sv' | 'en';
  listedUnit: {
    id: string;
    hsaId: string;
    name: string;
    kind: UnitsTable['kind'];
    providerType: UnitsTable['provider_type'];
    city: string;
    municipality: string;
  } | null;
}

/** The person's profile with their listed unit, or null. */
export async function findProfile(db: Queryable, personId: string): Promise<ProfileRow | null> {
  const r = await db
    .selectFrom('persons as p')
    .leftJoin('units as u', 'u.id', 'p.listed_unit_id')
    .select([
      'p.id',
      'p.personal_number',
      'p.given_name',
      'p.family_name',
      'p.protected_identity',
      'p.street',
      'p.postal_code',
      'p.city',
      'p.municipality',
      'p.email',
      'p.email_verified_at',
      'p.phone',
      'p.notify_email',
      'p.notify_sms',
      'p.notify_push',
      'p.locale',
      'u.id as unit_id',
      'u.hsa_id as unit_hsa_id',
      'u.name as unit_name',
      'u.kind as unit_kind',
      'u.provider_type as unit_provider_type',
      'u.city as unit_city',
      'u.municipality as unit_municipality',
    ])
    .where('p.id', '=', personId)
    .executeTakeFirst();
  if (!r) return null;
  return {
    id: r.id,
    personalNumber: r.personal_number,
    givenName: r.given_name,
    familyName: r.family_name,
    protectedIdentity: r.protected_identity,
    street: r.street,
    postalCode: r.postal_code,
    city: r.city,
    municipality: r.municipality,
    email: r.email,
    emailVerifiedAt: r.email_verified_at,
    phone: r.phone,
    notifyEmail: r.notify_email,
    notifySms: r.notify_sms,
    notifyPush: r.notify_push,
    locale: r.locale,
    listedUnit:
      r.unit_id && r.unit_hsa_id && r.unit_name && r.unit_kind && r.unit_provider_type && r.unit_city
        ? {
            id: r.unit_id,
            hsaId: r.unit_hsa_id,
            name: r.unit_name,
            kind: r.unit_kind,
            providerType: r.unit_provider_type,
            city: r.unit_city,
            municipality: r.unit_municipality ?? '',
          }
        : null,
  };
}

export interface ProfilePatch {
  phone?: string | null;
  notifyEmail?: boolean;
  notifySms?: boolean;
  notifyPush?: boolean;
  locale?: 'sv' | 'en';
  listedUnitId?: string;
}

/** Writes the changed fields of the person's profile. */
export async function updateProfile(db: Queryable, personId: string, patch: ProfilePatch, now: Date): Promise<void> {
  await db
    .updateTable('persons')
    .set({
      ...(patch.phone !== undefined ? { phone: patch.phone } : {}),
      ...(patch.notifyEmail !== undefined ? { notify_email: patch.notifyEmail } : {}),
      ...(patch.notifySms !== undefined ? { notify_sms: patch.notifySms } : {}),
      ...(patch.notifyPush !== undefined ? { notify_push: patch.notifyPush } : {}),
      ...(patch.locale !== undefined ? { locale: patch.locale } : {}),
      ...(patch.listedUnitId !== undefined ? { listed_unit_id: patch.listedUnitId } : {}),
      updated_at: now,
    })
    .where('id', '=', personId)
    .execute();
}

/** True when the unit exists, is active and is a vårdcentral (the only kind one is listed at). */
export async function isActiveVardcentral(db: Queryable, unitId: string): Promise<boolean> {
  const row = await db
    .selectFrom('units')
    .select('id')
    .where('id', '=', unitId)
    .where('active', '=', true)
    .where('kind', '=', 'vardcentral')
    .executeTakeFirst();
  return row !== undefined;
}

/** The address waiting for verification (the newest live request), or null. */
export async function findPendingEmail(db: Queryable, personId: string, now: Date): Promise<string | null> {
  const row = await db
    .selectFrom('email_verifications')
    .select('email')
    .where('person_id', '=', personId)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.email ?? null;
}

/** Stores a new verification request and retires the person's earlier live ones (only the newest link works). */
export async function createEmailVerification(
  db: Queryable,
  input: { tokenHash: string; personId: string; email: string; expiresAt: Date; now: Date },
): Promise<void> {
  await db
    .updateTable('email_verifications')
    .set({ used_at: input.now })
    .where('person_id', '=', input.personId)
    .where('used_at', 'is', null)
    .execute();
  await db
    .insertInto('email_verifications')
    .values({
      token_hash: input.tokenHash,
      person_id: input.personId,
      email: input.email,
      expires_at: input.expiresAt,
      created_at: input.now,
    })
    .execute();
}

/** Locks and returns the verification behind a token hash (inside a transaction). */
export async function lockEmailVerification(db: Queryable, tokenHash: string) {
  return db
    .selectFrom('email_verifications')
    .select(['token_hash', 'person_id', 'email', 'expires_at', 'used_at'])
    .where('token_hash', '=', tokenHash)
    .forUpdate()
    .executeTakeFirst();
}

/** Marks a verification used and sets the person's verified address. */
export async function applyEmailVerification(
  db: Queryable,
  input: { tokenHash: string; personId: string; email: string; now: Date },
): Promise<void> {
  await db
    .updateTable('email_verifications')
    .set({ used_at: input.now })
    .where('token_hash', '=', input.tokenHash)
    .execute();
  await db
    .updateTable('persons')
    .set({ email: input.email, email_verified_at: input.now, updated_at: input.now })
    .where('id', '=', input.personId)
    .execute();
}
