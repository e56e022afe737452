/**
 * Staff access to patients: lookup, the patient overview, care relationships
 * and emergency access (nödåtkomst) with its follow-up by the unit administrator.
 * Contact details of a person with protected identity are always null here.
 */

import { Address, IsoDateTime, PersonalNumber12, PersonalNumberInput } from './common.js';
import * as z from './zod.js';

/** Same limits as ACCESS_REASON_MIN/MAX in @ingang/domain (the service checks again with the domain rule). */
export const CareAccessReason = z.string().trim().min(10).max(500);

/** 'listed', 'registered', 'emergency', or a kind a later module registers (e.g. 'booking'). */
export const CareRelationshipKind = z.string().describe("e.g. 'listed', 'registered', 'emergency'");

export const PatientLookupRequest = z.object({ personalNumber: PersonalNumberInput }).strict();
export const PatientLookupResponse = z.object({
  data: z.object({
    personId: z.uuid(),
    name: z.string(),
    personalNumber: PersonalNumber12,
    protectedIdentity: z.boolean(),
    relationship: CareRelationshipKind,
  }),
});

export const StaffPatientParams = z.object({ personId: z.uuid() });

const Relative = z.object({ name: z.string(), protectedIdentity: z.boolean() });
const StaffRef = z.object({ staffId: z.uuid(), name: z.string() });

export const CareRelationship = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  unitId: z.uuid(),
  reason: z.string(),
  registeredBy: StaffRef,
  createdAt: IsoDateTime,
  endsAt: IsoDateTime.nullable(),
});
export const CareRelationshipResponse = z.object({ data: CareRelationship });

export const StaffPatientOverview = z.object({
  personId: z.uuid(),
  name: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  personalNumber: PersonalNumber12,
  birthDate: z.string(),
  age: z.number().int(),
  /** Show a warning: address and contact details are withheld. */
  protectedIdentity: z.boolean(),
  listedUnit: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  /** All null for a person with protected identity. */
  contact: z.object({ address: Address.nullable(), phone: z.string().nullable(), email: z.string().nullable() }),
  /** From the population registry, names only. */
  guardians: z.array(Relative),
  children: z.array(Relative),
  /** Every kind of relationship the active unit (and the caller's own emergency access) has with the patient. */
  relationships: z.array(CareRelationshipKind),
  registeredRelationships: z.array(CareRelationship),
  /** The caller's own unexpired emergency access in the active unit. */
  emergencyAccess: z.object({ id: z.uuid(), expiresAt: IsoDateTime }).nullable(),
});
export const StaffPatientOverviewResponse = z.object({ data: StaffPatientOverview });

export const RegisterRelationshipRequest = z
  .object({ personalNumber: PersonalNumberInput, reason: CareAccessReason })
  .strict();

export const EmergencyAccessRequest = z
  .object({ personalNumber: PersonalNumberInput, reason: CareAccessReason })
  .strict();
export const EmergencyAccessGrant = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  unitId: z.uuid(),
  expiresAt: IsoDateTime,
});
export const EmergencyAccessGrantResponse = z.object({ data: EmergencyAccessGrant });

export const EmergencyAccessStatus = z.enum(['unreviewed', 'reviewed', 'all']);
export const EmergencyAccessListQuery = z.object({ status: EmergencyAccessStatus.default('unreviewed') });
export const EmergencyAccessParams = z.object({ unitId: z.uuid(), id: z.uuid() });

export const EmergencyAccessItem = z.object({
  id: z.uuid(),
  unitId: z.uuid(),
  staff: StaffRef.extend({ title: z.string() }),
  /** Name and personnummer only; a protected identity is flagged for the warning. */
  patient: z.object({
    personId: z.uuid(),
    name: z.string(),
    personalNumber: PersonalNumber12,
    protectedIdentity: z.boolean(),
  }),
  reason: z.string(),
  createdAt: IsoDateTime,
  expiresAt: IsoDateTime,
  review: z.object({ at: IsoDateTime, by: StaffRef, note: z.string() }).nullable(),
});
export const EmergencyAccessListResponse = z.object({ data: z.array(EmergencyAccessItem) });
export const EmergencyAccessItemResponse = z.object({ data: EmergencyAccessItem });

export const ReviewEmergencyAccessRequest = z.object({ note: z.string().trim().min(1).max(1000) }).strict();
