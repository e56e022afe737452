/**
 * Birth-clinic wish (önskemål om förlossningsklinik). Citizens (for themselves
 * or someone they act for with the 'booking' scope, `subjectId`): `/api/birth-clinic`.
 * Antenatal clinic staff (active unit): `/api/staff/birth-clinic/pregnancies`.
 * Delivery clinic staff: `/api/staff/birth-clinic/deliveries`. Region admins:
 * `/api/admin/birth-clinic/*` (capacity, overview, CSV, runs, overrides).
 */
import { z } from 'zod';
import { IsoDateTime, PersonalNumberInput } from './common.js';

export const BirthIsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .describe('Calendar date YYYY-MM-DD (Europe/Stockholm)');
export const IsoWeek = z
  .string()
  .regex(/^\d{4}-W\d{2}$/, 'must be an ISO week YYYY-Www')
  .describe('ISO 8601 week, e.g. 2027-W23');

export const AllocationBasis = z.enum(['kept', 'wish', 'nearest', 'over_plan', 'none', 'override']);
export type AllocationBasis = z.infer<typeof AllocationBasis>;

/** A delivery clinic as the patient chooses among them. */
export const BirthClinic = z.object({
  id: z.uuid(),
  name: z.string(),
  shortName: z.string(),
  description: z.string(),
  city: z.string(),
  /** From the patient's registered address; null when unknown or protected. */
  distanceKm: z.number().nullable(),
  /** Takes births in the pregnancy's delivery week. */
  openInWeek: z.boolean(),
});
export type BirthClinic = z.infer<typeof BirthClinic>;

export const BirthAllocationView = z.object({
  clinicId: z.uuid(),
  clinicName: z.string(),
  week: IsoWeek,
  basis: AllocationBasis,
  /** 1–3 when it was one of her wishes. */
  wishRank: z.number().int().nullable(),
  /** no_wish | wishes_full | clinic_closed | all_full | wish | override … */
  reason: z.string(),
  toldAt: IsoDateTime,
});

export const MyPregnancy = z.object({
  id: z.uuid(),
  dueDate: BirthIsoDate,
  deliveryWeek: IsoWeek,
  /** The last day wishes can be changed (21+6 by default). */
  lastChangeDay: BirthIsoDate,
  cutoffAt: IsoDateTime,
  antenatalUnitName: z.string(),
  wishes: z.array(z.uuid()),
  wishesVersion: z.number().int(),
  wishesUpdatedBy: z.enum(['citizen', 'staff']).nullable(),
  canChange: z.boolean(),
  allocation: BirthAllocationView.nullable(),
});
export type MyPregnancy = z.infer<typeof MyPregnancy>;

export const BirthClinicSubjectQuery = z.object({ subjectId: z.uuid().optional() });
export const MyBirthClinicResponse = z.object({
  data: z.object({ pregnancy: MyPregnancy.nullable(), clinics: z.array(BirthClinic) }),
});
export type MyBirthClinicResponse = z.infer<typeof MyBirthClinicResponse>;

/** PUT /api/birth-clinic/wishes — an empty list withdraws the wishes. */
export const SetWishesRequest = z.object({
  subjectId: z.uuid().optional(),
  clinicIds: z.array(z.uuid()).max(3, 'at most three clinics'),
  /** The wishesVersion the change was made from: a concurrent change gives 409 wishes_changed. */
  version: z.number().int().min(0),
});
export type SetWishesRequest = z.infer<typeof SetWishesRequest>;

// ---- antenatal clinic staff

export const StaffPregnancy = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  name: z.string(),
  /** Skyddad identitet: staff see the warning marker (docs/security.md). */
  protectedIdentity: z.boolean(),
  personalNumber: z.string(),
  dueDate: BirthIsoDate,
  deliveryWeek: IsoWeek,
  lastChangeDay: BirthIsoDate,
  cutoffAt: IsoDateTime,
  /** Days left to change wishes (negative after the cut-off). */
  daysToCutoff: z.number().int(),
  wishes: z.array(z.object({ clinicId: z.uuid(), name: z.string() })),
  wishesVersion: z.number().int(),
  wishesUpdatedBy: z.enum(['citizen', 'staff']).nullable(),
  allocation: z
    .object({
      clinicName: z.string(),
      basis: AllocationBasis,
      wishRank: z.number().int().nullable(),
      told: z.boolean(),
    })
    .nullable(),
});
export type StaffPregnancy = z.infer<typeof StaffPregnancy>;

export const StaffPregnancyListQuery = z.object({
  filter: z.enum(['all', 'no_wish', 'near_cutoff']).default('all'),
});
export const StaffPregnancyListResponse = z.object({
  data: z.array(StaffPregnancy),
  clinics: z.array(z.object({ id: z.uuid(), name: z.string() })),
});
export const StaffPregnancyResponse = z.object({ data: StaffPregnancy });
export const PregnancyParams = z.object({ id: z.uuid() });

export const RegisterPregnancyRequest = z.object({
  personalNumber: PersonalNumberInput,
  dueDate: BirthIsoDate,
});
export type RegisterPregnancyRequest = z.infer<typeof RegisterPregnancyRequest>;

export const CorrectDueDateRequest = z.object({ dueDate: BirthIsoDate, reason: z.string().trim().min(3).max(500) });
export const StaffSetWishesRequest = z.object({
  clinicIds: z.array(z.uuid()).max(3, 'at most three clinics'),
  version: z.number().int().min(0),
  /** Why staff enter the wishes (no BankID, reservnummer…); audit-logged. */
  reason: z.string().trim().min(3, 'say why you enter the wishes').max(500),
});

// ---- delivery clinic staff

export const DeliveryListQuery = z.object({ week: IsoWeek.optional() });
export const DeliveryListResponse = z.object({
  data: z.object({
    clinicName: z.string(),
    week: IsoWeek,
    weekStart: BirthIsoDate,
    capacity: z.number().int(),
    allocated: z.number().int(),
    patients: z.array(
      z.object({
        pregnancyId: z.uuid(),
        name: z.string(),
        personalNumber: z.string(),
        dueDate: BirthIsoDate,
        basis: AllocationBasis,
        overrideReason: z.string().nullable(),
      }),
    ),
    /** Weeks ahead where allocations exceed the capacity. */
    alerts: z.array(z.object({ week: IsoWeek, capacity: z.number().int(), allocated: z.number().int() })),
  }),
});

// ---- region admin

export const CapacityYearQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100) });
export const AdminClinicsResponse = z.object({
  data: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      shortName: z.string(),
      yearlyBirths: z.number().int().nullable(),
      weeks: z.array(
        z.object({ week: IsoWeek, capacity: z.number().int().nullable(), closed: z.boolean(), reason: z.string() }),
      ),
    }),
  ),
});
export const ClinicParams = z.object({ clinicId: z.uuid() });
export const ClinicYearParams = z.object({ clinicId: z.uuid(), year: z.coerce.number().int().min(2000).max(2100) });
export const ClinicWeekParams = z.object({ clinicId: z.uuid(), week: IsoWeek });
export const SetYearPlanRequest = z.object({ births: z.number().int().min(0).max(100000) });
export const SetWeekRequest = z.object({
  capacity: z.number().int().min(0).max(10000).nullable(),
  closed: z.boolean(),
  reason: z.string().trim().max(500).default(''),
});

export const OverviewQuery = z.object({
  from: IsoWeek,
  weeks: z.coerce.number().int().min(1).max(60).default(12),
});
export const OverviewResponse = z.object({
  data: z.object({
    weeks: z.array(IsoWeek),
    clinics: z.array(
      z.object({
        id: z.uuid(),
        name: z.string(),
        cells: z.array(
          z.object({
            week: IsoWeek,
            capacity: z.number().int(),
            /** Told their place. */
            told: z.number().int(),
            /** Provisionally placed (cut-off not yet passed). */
            provisional: z.number().int(),
            /** First wishes for this clinic and week (demand). */
            firstWishes: z.number().int(),
          }),
        ),
      }),
    ),
    summary: z.object({
      placed: z.number().int(),
      withWish: z.number().int(),
      firstWish: z.number().int(),
      firstWishShare: z.number(),
      fallback: z.number().int(),
      fallbackShare: z.number(),
      overPlan: z.number().int(),
      unplaced: z.number().int(),
    }),
  }),
});
export type OverviewResponse = z.infer<typeof OverviewResponse>;

export const AllocationRunResponse = z.object({
  data: z.object({
    runId: z.uuid(),
    considered: z.number().int(),
    changed: z.number().int(),
    told: z.number().int(),
    moved: z.number().int(),
    firstWishShare: z.number(),
    fallbackShare: z.number(),
  }),
});

export const OverrideRequest = z.object({
  clinicId: z.uuid(),
  reason: z.string().trim().min(3, 'say why').max(500),
});
