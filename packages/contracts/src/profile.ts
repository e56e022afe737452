/** The citizen's own profile: registry identity, contact details, notification choices, listing. */

import { Address, Locale, PersonalNumber12 } from './common.js';
import { UnitSummary } from './units.js';
import * as z from './zod.js';

export const Profile = z.object({
  personId: z.uuid(),
  personalNumber: PersonalNumber12,
  givenName: z.string(),
  familyName: z.string(),
  birthDate: z.string(),
  protectedIdentity: z.boolean(),
  /** From the population registry; null for a person with protected identity. */
  address: Address.nullable(),
  email: z.string().nullable(),
  emailVerified: z.boolean(),
  /** An address waiting for its verification link to be followed. */
  pendingEmail: z.string().nullable(),
  phone: z.string().nullable(),
  notifications: z.object({ email: z.boolean(), sms: z.boolean(), push: z.boolean() }),
  locale: Locale,
  listedUnit: UnitSummary.nullable(),
});
export type Profile = z.infer<typeof Profile>;

export const ProfileResponse = z.object({ data: Profile });

export const UpdateProfileRequest = z
  .object({
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9 -]{6,20}$/, 'must be a phone number, e.g. 070-123 45 67')
      .nullable()
      .optional(),
    notifications: z.object({ email: z.boolean(), sms: z.boolean(), push: z.boolean() }).partial().optional(),
    locale: Locale.optional(),
    /** Choose the vårdcentral to be listed at (must be an active vårdcentral). */
    listedUnitId: z.uuid().optional(),
  })
  .strict();

export const ChangeEmailRequest = z.object({ email: z.email().max(254) }).strict();
export const ChangeEmailResponse = z.object({ pendingEmail: z.string() });
export const VerifyEmailRequest = z.object({ token: z.string().min(10).max(200) }).strict();
export const VerifyEmailResponse = z.object({ email: z.string() });
