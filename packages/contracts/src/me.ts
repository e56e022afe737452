/** `GET /api/me`: who is logged in, what they may do, and whom they may act for. */

import { PersonalNumber12 } from './common.js';
import { ActingScope } from './proxies.js';
import * as z from './zod.js';

export const ActingFor = z.object({
  personId: z.uuid(),
  personalNumber: PersonalNumber12,
  name: z.string(),
  birthDate: z.string(),
  relation: z.enum(['child', 'ombud']),
  /** Why the right ends and when (e.g. the child's 13th birthday), ISO date-time. */
  validUntil: z.string().nullable(),
  /** What may be done for them: every scope for a child, the granted ones for an ombud. */
  scopes: z.array(ActingScope),
});

export const SessionInfo = z.object({
  idleSeconds: z.number().int(),
  expiresAt: z.string(),
});

export const CitizenMe = z.object({
  kind: z.literal('citizen'),
  personId: z.uuid(),
  personalNumber: PersonalNumber12,
  name: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  protectedIdentity: z.boolean(),
  roles: z.array(z.literal('citizen')),
  actingFor: z.array(ActingFor),
  session: SessionInfo,
});

export const StaffUnitMembership = z.object({
  unitId: z.uuid(),
  name: z.string(),
  kind: z.string(),
  roles: z.array(z.enum(['clinician', 'booking_admin', 'unit_admin'])),
});

export const StaffMe = z.object({
  kind: z.literal('staff'),
  staffId: z.uuid(),
  hsaId: z.string(),
  name: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  email: z.string(),
  title: z.string(),
  /** 'staff', plus 'region_admin', 'support_first_line' / 'support_second_line' when held. */
  roles: z.array(z.string()),
  units: z.array(StaffUnitMembership),
  activeUnitId: z.uuid().nullable(),
  actingFor: z.array(ActingFor).length(0),
  session: SessionInfo,
  abilities: z.object({ administerRegion: z.boolean(), support: z.boolean() }),
});

export const MeResponse = z.discriminatedUnion('kind', [CitizenMe, StaffMe]);
export type MeResponse = z.infer<typeof MeResponse>;
export type CitizenMe = z.infer<typeof CitizenMe>;
export type StaffMe = z.infer<typeof StaffMe>;
