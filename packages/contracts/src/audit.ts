/** The audit log: the patient's "Vem har tittat på mina uppgifter" and the region administrators' search. */

import { IsoDateTime, PersonalNumberInput, StaffPersonRef } from './common.js';
import * as z from './zod.js';

const limit = (fallback: number) => z.coerce.number().int().min(1).max(100).default(fallback);

export const AuditAccessQuery = z.object({
  /** Whose accesses; defaults to the logged-in citizen. Someone else only if the caller may act for them. */
  subjectId: z.uuid().optional(),
  cursor: z
    .string()
    .regex(/^\d{1,15}$/, 'must be a nextCursor value')
    .optional(),
  limit: limit(20),
});
export type AuditAccessQuery = z.infer<typeof AuditAccessQuery>;

/** One staff access to the patient's data, in plain Swedish. */
export const AuditAccess = z.object({
  id: z.uuid(),
  at: IsoDateTime,
  unit: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  /** The staff member's title or, without one, their role, e.g. "Läkare", "Invånarsupport". */
  role: z.string(),
  /** What the role in the unit was, e.g. "Vårdpersonal". */
  roleInUnit: z.string(),
  /** Shown by the region's rule (unit and role always; name shown). */
  staffName: z.string().nullable(),
  /** E.g. "Läste dina personuppgifter". */
  action: z.string(),
  /** E.g. "Vård och behandling". */
  purpose: z.string(),
  /** Emergency access (nödåtkomst) or otherwise flagged for follow-up. */
  flagged: z.boolean(),
  /** The staff member's own title as the unit wrote it ("Distriktssköterska"), or null. */
  title: z.string().nullable(),
  /**
   * The codes behind role, action and purpose, for the web to word in the reader's language
   * (role: 'clinician', 'unit_admin', … or 'staff'; action: 'read', 'book', …; recordType:
   * 'profile', 'booking', …; purpose: 'care', 'emergency', …). Unknown codes get general words.
   */
  codes: z.object({ role: z.string(), action: z.string(), recordType: z.string(), purpose: z.string() }),
});
export type AuditAccess = z.infer<typeof AuditAccess>;

export const AuditAccessListResponse = z.object({
  data: z.array(AuditAccess),
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: z.string().nullable(),
});
export type AuditAccessListResponse = z.infer<typeof AuditAccessListResponse>;

export const AdminAuditQuery = z.object({
  personalNumber: PersonalNumberInput.optional(),
  staffId: z.uuid().optional(),
  unitId: z.uuid().optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  cursor: z.string().max(200).optional(),
  limit: limit(50),
});
export type AdminAuditQuery = z.infer<typeof AdminAuditQuery>;

export const AdminAuditEntry = z.object({
  id: z.uuid(),
  at: IsoDateTime,
  seq: z.number().int(),
  subject: StaffPersonRef.extend({ personalNumber: z.string() }),
  actor: z.object({
    kind: z.enum(['citizen', 'staff', 'support', 'system']),
    staffId: z.uuid().nullable(),
    personId: z.uuid().nullable(),
    name: z.string().nullable(),
    /** A citizen actor with protected identity (false for staff, support and system). */
    protectedIdentity: z.boolean(),
    title: z.string().nullable(),
    role: z.string().nullable(),
  }),
  unit: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  onBehalfOfRelation: z.enum(['guardian', 'ombud']).nullable(),
  action: z.string(),
  recordType: z.string(),
  recordId: z.string().nullable(),
  purpose: z.string(),
  flagged: z.boolean(),
  reason: z.string().nullable(),
});
export type AdminAuditEntry = z.infer<typeof AdminAuditEntry>;

export const AdminAuditResponse = z.object({
  data: z.array(AdminAuditEntry),
  nextCursor: z.string().nullable(),
});
export type AdminAuditResponse = z.infer<typeof AdminAuditResponse>;
