/**
 * Acting for others: ombud grants (`/api/proxies`, `/api/staff/proxies`) and
 * the acting-for switcher's subject page (`/api/subjects/:personId`). Every
 * endpoint that acts for someone takes the subject explicitly as `subjectId`.
 */

import { IsoDate, IsoDateTime, PersonalNumber12, PersonalNumberInput, StaffPersonRef } from './common.js';
import * as z from './zod.js';

/** What an ombud can be allowed to do. */
export const ProxyScope = z.enum(['booking', 'messages', 'video', 'invitations']);
export type ProxyScope = z.infer<typeof ProxyScope>;
/** What a request acts on: the grantable scopes plus 'records' (guardians only). */
export const ActingScope = z.enum(['booking', 'messages', 'video', 'invitations', 'records']);
export type ActingScope = z.infer<typeof ActingScope>;

/** The subject a request acts for; absent means oneself. Never taken from a cached default. */
export const SubjectQuery = z.object({ subjectId: z.uuid().optional() });

/** Why acting for someone was refused (the `code` of the 403). */
export const ActingForRefusal = z.enum([
  'not_guardian',
  'child_too_old',
  'protected_identity',
  'no_grant',
  'grant_expired',
  'scope_not_granted',
]);

export const ProxyParty = StaffPersonRef.extend({ personalNumber: PersonalNumber12 });

export const ProxyGrant = z.object({
  id: z.uuid(),
  /** The person who is represented. */
  grantor: ProxyParty,
  /** The person who may act. */
  ombud: ProxyParty,
  scopes: z.array(ProxyScope),
  /** Last day the grant is in force. */
  validUntil: IsoDate,
  /** When it stops working: 00:00 Stockholm the day after validUntil. */
  expiresAt: IsoDateTime,
  /** 'expired': pending or active but past its end. */
  status: z.enum(['pending', 'active', 'ended', 'expired']),
  createdAt: IsoDateTime,
  acceptedAt: IsoDateTime.nullable(),
  endedAt: IsoDateTime.nullable(),
  endedBy: z.enum(['grantor', 'ombud', 'expiry']).nullable(),
  /** Registered by care staff on the grantor's behalf. */
  registeredByStaff: z.boolean(),
  /** What the caller may do with this grant now. */
  abilities: z.object({ accept: z.boolean(), end: z.boolean() }),
});
export type ProxyGrant = z.infer<typeof ProxyGrant>;

export const ProxyListResponse = z.object({
  data: z.object({ given: z.array(ProxyGrant), received: z.array(ProxyGrant) }),
});
export const ProxyResponse = z.object({ data: ProxyGrant });
export const ProxyIdParams = z.object({ id: z.uuid() });

const scopes = z.array(ProxyScope).min(1, 'choose at least one').max(4);

export const CreateProxyRequest = z
  .object({
    ombudPersonalNumber: PersonalNumberInput,
    scopes,
    /** Last day in force: from today up to 5 years ahead. */
    validUntil: IsoDate,
  })
  .strict();

export const StaffCreateProxyRequest = z
  .object({
    grantorPersonalNumber: PersonalNumberInput,
    ombudPersonalNumber: PersonalNumberInput,
    scopes,
    validUntil: IsoDate,
    /** Why staff registered it (e.g. "cannot use BankID; consent given in person at the visit"). */
    reason: z.string().trim().min(5, 'state the reason').max(500),
  })
  .strict();

export const SubjectParams = z.object({ personId: z.uuid() });

/** The acting-for switcher's page about a subject. No address: only what the switcher shows. */
export const SubjectPage = z.object({
  personId: z.uuid(),
  name: z.string(),
  givenName: z.string(),
  birthDate: z.string(),
  age: z.number().int(),
  /** How the subject relates to the caller: themself, their child, or someone they are ombud for. */
  relation: z.enum(['self', 'child', 'ombud']),
  scopes: z.array(ActingScope),
  /** When the right ends (13th birthday or the grant's end); null for oneself. */
  validUntil: IsoDateTime.nullable(),
  listedUnit: z.object({ id: z.uuid(), name: z.string() }).nullable(),
});
export type SubjectPage = z.infer<typeof SubjectPage>;
export const SubjectPageResponse = z.object({ data: SubjectPage });
