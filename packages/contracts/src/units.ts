/** Care units: the public directory, the staff view, and region/unit administration. */
import * as z from './zod.js';

export const UnitKind = z.enum(['vardcentral', 'hospital_clinic', 'bvc', 'maternity', 'vaccinator', 'other']);
export const ProviderType = z.enum(['public', 'private']);
export const UnitRole = z.enum(['clinician', 'booking_admin', 'unit_admin']);

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:MM');
export const OpeningHours = z
  .object({ day: z.number().int().min(1).max(7), opens: time, closes: time })
  .refine((o) => o.opens < o.closes, { message: 'must close after it opens', path: ['closes'] });

/** What citizens see of a unit. */
export const UnitSummary = z.object({
  id: z.uuid(),
  hsaId: z.string(),
  name: z.string(),
  kind: UnitKind,
  providerType: ProviderType,
  city: z.string(),
  municipality: z.string(),
});

export const Unit = UnitSummary.extend({
  street: z.string(),
  postalCode: z.string(),
  latitude: z.number(),
  longitude: z.number(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  website: z.string().nullable(),
  description: z.string(),
  openingHours: z.array(OpeningHours),
  services: z.array(z.string()),
  active: z.boolean(),
  updatedAt: z.string(),
});
export type Unit = z.infer<typeof Unit>;

export const UnitAbilities = z.object({
  view: z.boolean(),
  edit: z.boolean(),
  manageStaff: z.boolean(),
  appointUnitAdmin: z.boolean(),
});

export const UnitListQuery = z.object({
  kind: UnitKind.optional(),
  municipality: z.string().max(100).optional(),
  q: z.string().max(100).optional(),
});
export const UnitListResponse = z.object({ data: z.array(UnitSummary) });
export const UnitParams = z.object({ unitId: z.uuid() });
export const UnitResponse = z.object({ data: Unit });

export const Colleague = z.object({
  staffId: z.uuid(),
  hsaId: z.string(),
  name: z.string(),
  title: z.string(),
  email: z.string(),
  roles: z.array(UnitRole),
});
export const StaffUnitResponse = z.object({
  data: z.object({ unit: Unit, colleagues: z.array(Colleague) }),
  abilities: UnitAbilities,
});

// ---- administration ----
const hsaId = z
  .string()
  .trim()
  .regex(/^SE\d{10}-[A-Za-z0-9]{1,31}$/, 'must be an HSA-id, e.g. SE2321000016-ABCD');

/** The editable fields of a unit, without defaults (a PATCH must not reset what it leaves out). */
const unitFields = {
  hsaId,
  name: z.string().trim().min(2).max(120),
  kind: UnitKind,
  providerType: ProviderType,
  street: z.string().trim().min(1).max(120),
  postalCode: z
    .string()
    .trim()
    .regex(/^\d{3} ?\d{2}$/, 'must be a Swedish postal code, e.g. 113 51'),
  city: z.string().trim().min(1).max(80),
  municipality: z.string().trim().min(1).max(80),
  latitude: z.number().min(55).max(70),
  longitude: z.number().min(10).max(25),
  phone: z.string().trim().max(30).nullable(),
  email: z.email().nullable(),
  website: z.url().nullable(),
  description: z.string().max(2000),
  openingHours: z.array(OpeningHours).max(14),
  services: z.array(z.string().trim().min(1).max(80)).max(50),
};

export const UnitInput = z
  .object({
    ...unitFields,
    phone: unitFields.phone.default(null),
    email: unitFields.email.default(null),
    website: unitFields.website.default(null),
    description: unitFields.description.default(''),
    openingHours: unitFields.openingHours.default([]),
    services: unitFields.services.default([]),
  })
  .strict();
export const CreateUnitRequest = UnitInput;
/** Only the fields sent are changed; hsaId, kind, providerType and active are for region admins. */
export const UpdateUnitRequest = z.object(unitFields).partial().extend({ active: z.boolean().optional() }).strict();

export const AdminUnitListResponse = z.object({ data: z.array(Unit) });

export const StaffMember = z.object({
  staffId: z.uuid(),
  hsaId: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  email: z.string(),
  title: z.string(),
  active: z.boolean(),
  roles: z.array(UnitRole),
});
export const UnitStaffResponse = z.object({ data: z.array(StaffMember), abilities: UnitAbilities });

export const AddStaffRequest = z
  .object({
    hsaId: z
      .string()
      .trim()
      .regex(/^SE\d{10}-[A-Za-z0-9]{1,31}$/, 'must be an HSA-id, e.g. SE2321000016-ABCD'),
    givenName: z.string().trim().min(1).max(80),
    familyName: z.string().trim().min(1).max(80),
    email: z.email(),
    title: z.string().trim().max(80).default(''),
    roles: z.array(UnitRole).min(1),
  })
  .strict();
export const SetRolesRequest = z.object({ roles: z.array(UnitRole) }).strict();
export const StaffMemberParams = z.object({ unitId: z.uuid(), staffId: z.uuid() });
export const StaffMemberResponse = z.object({ data: StaffMember });

export const ChangeLogEntry = z.object({
  id: z.uuid(),
  at: z.string(),
  actor: z.object({ staffId: z.uuid().nullable(), name: z.string().nullable() }),
  entityType: z.string(),
  entityId: z.uuid(),
  /** The unit's or staff member's name at read time, for display. */
  entityName: z.string().nullable().optional(),
  action: z.string(),
  changes: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })),
});
export const ChangeLogResponse = z.object({ data: z.array(ChangeLogEntry) });

export const StaffSearchQuery = z.object({ q: z.string().trim().min(1).max(100) });
export const StaffSearchResponse = z.object({
  data: z.array(StaffMember.omit({ roles: true })),
});
