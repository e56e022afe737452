/**
 * The timebook as region administrators and units run it: the time-type catalogue,
 * health-declaration forms, age-group releases, publishing and withdrawing times,
 * the unit's calendar and the vaccinator's day list. (Citizens' search and booking
 * live in booking.ts.) Names carry an `Admin`/`Timebook`/`DayList` prefix so they
 * never collide with the citizen contract.
 */

import { IsoDate, IsoDateTime, PersonalNumber12 } from './common.js';
import * as z from './zod.js';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:MM');

export const AdminTimeTypeMode = z.enum(['on_site', 'video', 'phone']);

// ---- time types (region administration) ----

const timeTypeFields = {
  code: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9-]{1,59}$/, 'must be 2–60 lower-case letters, digits or dashes'),
  nameSv: z.string().trim().min(2).max(120),
  nameEn: z.string().trim().min(2).max(120),
  durationMinutes: z.number().int().min(1).max(480),
  mode: AdminTimeTypeMode,
  placesPerSlot: z.number().int().min(1).max(500),
  selfBookable: z.boolean(),
  formId: z.uuid().nullable(),
  minAge: z.number().int().min(0).max(130).nullable(),
  maxAge: z.number().int().min(0).max(130).nullable(),
  oneActiveBooking: z.boolean(),
  doseGroup: z
    .string()
    .trim()
    .regex(/^[a-z0-9_-]{1,40}$/, 'must be 1–40 lower-case letters, digits, _ or -')
    .nullable(),
  minDaysSinceDose: z.number().int().min(0).max(3650).nullable(),
  cancelCutoffMinutes: z.number().int().min(0).max(10080),
};

export const AdminTimeTypeInput = z
  .object({
    ...timeTypeFields,
    selfBookable: timeTypeFields.selfBookable.default(true),
    formId: timeTypeFields.formId.default(null),
    minAge: timeTypeFields.minAge.default(null),
    maxAge: timeTypeFields.maxAge.default(null),
    oneActiveBooking: timeTypeFields.oneActiveBooking.default(true),
    doseGroup: timeTypeFields.doseGroup.default(null),
    minDaysSinceDose: timeTypeFields.minDaysSinceDose.default(null),
    cancelCutoffMinutes: timeTypeFields.cancelCutoffMinutes.default(0),
  })
  .strict();
/** Only the fields sent change; `retired: true` retires the type (history kept), `false` brings it back. */
export const AdminTimeTypePatch = z
  .object(timeTypeFields)
  .omit({ code: true })
  .partial()
  .extend({ retired: z.boolean().optional() })
  .strict();

export const AdminTimeType = z.object({
  id: z.uuid(),
  code: z.string(),
  nameSv: z.string(),
  nameEn: z.string(),
  durationMinutes: z.number().int(),
  mode: AdminTimeTypeMode,
  placesPerSlot: z.number().int(),
  selfBookable: z.boolean(),
  formId: z.uuid().nullable(),
  minAge: z.number().int().nullable(),
  maxAge: z.number().int().nullable(),
  oneActiveBooking: z.boolean(),
  doseGroup: z.string().nullable(),
  minDaysSinceDose: z.number().int().nullable(),
  cancelCutoffMinutes: z.number().int(),
  retiredAt: IsoDateTime.nullable(),
  /** The units that may publish this type. */
  unitIds: z.array(z.uuid()),
  updatedAt: IsoDateTime,
});
export const AdminTimeTypeResponse = z.object({ data: AdminTimeType });
export const AdminTimeTypeListResponse = z.object({ data: z.array(AdminTimeType) });
export const AdminTimeTypeParams = z.object({ id: z.uuid() });
export const AdminTimeTypeUnitsRequest = z.object({ unitIds: z.array(z.uuid()).max(2000) }).strict();

// ---- release rules ----

export const AdminReleaseInput = z
  .object({
    /** Born on or before this date (e.g. 1956-12-31). */
    bornOnOrBefore: IsoDate.nullable().default(null),
    /** At least this old on the day of booking. */
    minAge: z.number().int().min(0).max(130).nullable().default(null),
    opensAt: z.iso.datetime({ offset: true }),
  })
  .strict();
export const AdminRelease = z.object({
  id: z.uuid(),
  timeTypeId: z.uuid(),
  bornOnOrBefore: IsoDate.nullable(),
  minAge: z.number().int().nullable(),
  opensAt: IsoDateTime,
  pausedAt: IsoDateTime.nullable(),
  createdAt: IsoDateTime,
});
export const AdminReleaseResponse = z.object({ data: AdminRelease });
export const AdminReleaseListResponse = z.object({ data: z.array(AdminRelease) });
export const AdminReleaseParams = z.object({ id: z.uuid() });

// ---- health-declaration forms ----

/** A form definition; its rules (questions, conditions) are checked by `validateFormDefinition` in @ingang/domain. */
export const AdminFormDefinition = z.record(z.string(), z.unknown()).describe('Form definition (see docs/api.md)');

export const AdminFormInput = z
  .object({ name: z.string().trim().min(2).max(200), definition: AdminFormDefinition.optional() })
  .strict();
export const AdminFormVersionInput = z.object({ definition: AdminFormDefinition }).strict();
export const AdminFormVersion = z.object({
  id: z.uuid(),
  version: z.number().int(),
  definition: AdminFormDefinition,
  createdAt: IsoDateTime,
});
export const AdminFormSummary = z.object({
  id: z.uuid(),
  name: z.string(),
  latestVersion: z.number().int().nullable(),
  createdAt: IsoDateTime,
  retiredAt: IsoDateTime.nullable(),
});
export const AdminForm = AdminFormSummary.extend({ versions: z.array(AdminFormVersion) });
export const AdminFormResponse = z.object({ data: AdminForm });
export const AdminFormListResponse = z.object({ data: z.array(AdminFormSummary) });
export const AdminFormVersionResponse = z.object({ data: AdminFormVersion });
export const AdminFormParams = z.object({ id: z.uuid() });

// ---- publishing ----

/**
 * A slot pattern (SlotPattern of @ingang/domain): wall-clock Europe/Stockholm times.
 * The shape is checked here; the rules (ranges, order, the slot cap) by `validatePattern`,
 * whose messages come back per field. `durationMinutes` and `places` default to the time type's.
 */
export const TimebookSlotPattern = z
  .object({
    startDate: IsoDate,
    endDate: IsoDate,
    /** ISO weekdays, 1 = Monday … 7 = Sunday. */
    weekdays: z.array(z.number().int()).max(7),
    dayStart: hhmm,
    /** The last time must end by this ('24:00' allowed). */
    dayEnd: z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'must be a time HH:MM'),
    intervalMinutes: z.number().int(),
    durationMinutes: z.number().int().optional(),
    places: z.number().int().optional(),
    breaks: z
      .array(z.object({ start: z.string(), end: z.string() }))
      .max(20)
      .optional(),
    skipPublicHolidays: z.boolean().default(true),
    excludeDates: z.array(IsoDate).max(400).optional(),
  })
  .strict();

export const TimebookPreviewRequest = z.object({ timeTypeId: z.uuid(), pattern: TimebookSlotPattern }).strict();
export const TimebookPreviewSlot = z.object({
  start: IsoDateTime,
  end: IsoDateTime,
  places: z.number().int(),
  localDate: IsoDate,
  localTime: hhmm,
});
export const TimebookPreviewResponse = z.object({
  data: z.object({
    count: z.number().int(),
    /** How many of them already exist at the unit (they would be skipped). */
    existing: z.number().int(),
    first: z.array(TimebookPreviewSlot),
    byDate: z.record(z.string(), z.number().int()),
    /** Set when the pattern is invalid: field → message (nothing else is computed then). */
    errors: z.record(z.string(), z.string()).optional(),
  }),
});
export const TimebookPublishRequest = TimebookPreviewRequest.extend({
  /** When the times become visible to citizens; default now. */
  visibleFrom: z.iso.datetime({ offset: true }).optional(),
}).strict();
export const TimebookPublishResponse = z.object({
  data: z.object({ batchId: z.uuid(), created: z.number().int(), skipped: z.number().int() }),
});
export const TimebookSingleSlotRequest = z
  .object({
    timeTypeId: z.uuid(),
    start: z.iso.datetime({ offset: true }),
    places: z.number().int().min(1).max(500).optional(),
    visibleFrom: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();
export const TimebookSlot = z.object({
  id: z.uuid(),
  unitId: z.uuid(),
  timeTypeId: z.uuid(),
  start: IsoDateTime,
  end: IsoDateTime,
  localDate: IsoDate,
  localTime: hhmm,
  capacity: z.number().int(),
  booked: z.number().int(),
  free: z.number().int(),
  visibleFrom: IsoDateTime,
  withdrawn: z.boolean(),
});
export const TimebookSlotResponse = z.object({ data: TimebookSlot });

export const TimebookWithdrawRequest = z
  .object({
    slotIds: z.array(z.uuid()).min(1).max(5000),
    cancelBooked: z.boolean().default(false),
    /** Required with cancelBooked: told to the patients. */
    reason: z.string().trim().min(3).max(500).optional(),
  })
  .strict();
export const TimebookWithdrawResponse = z.object({
  data: z.object({
    withdrawn: z.number().int(),
    cancelledBookings: z.number().int(),
    /** Patients told by e-mail (the others see the cancellation in the app). */
    notified: z.number().int(),
  }),
});

// ---- the unit's calendar ----

/** The time types a unit may publish (not retired). */
export const UnitTimeTypesResponse = z.object({
  data: z.array(
    z.object({
      id: z.uuid(),
      code: z.string(),
      name: z.string(),
      nameEn: z.string(),
      durationMinutes: z.number().int(),
      placesPerSlot: z.number().int(),
      mode: z.enum(['on_site', 'video', 'phone']),
    }),
  ),
});

export const TimebookQuery = z.object({
  from: IsoDate,
  to: IsoDate,
  timeTypeId: z.uuid().optional(),
});
export const TimebookDay = z.object({
  date: IsoDate,
  capacity: z.number().int(),
  booked: z.number().int(),
  free: z.number().int(),
  slots: z.array(TimebookSlot),
});
export const TimebookResponse = z.object({ data: z.object({ days: z.array(TimebookDay) }) });

// ---- the day list ----

export const DayListQuery = z.object({ date: IsoDate });
export const DayListBookingStatus = z.enum(['booked', 'arrived', 'completed', 'no_show', 'cancelled']);
const Localized = z.object({ sv: z.string(), en: z.string() });
export const DayListDeclarationAnswer = z.object({
  questionId: z.string(),
  /** The question as the answered form version words it. */
  question: z.object({
    type: z.enum(['yes_no', 'choice', 'text', 'date']),
    label: Localized,
    options: z.array(z.object({ value: z.string(), label: Localized })).optional(),
    /** Asked only on the visit's own day: booked ahead it has no answer until then. */
    askOn: z.literal('visit_day').optional(),
  }),
  /** yes/no as boolean; choice value, text or date as string; null when not answered. */
  answer: z.union([z.string(), z.boolean()]).nullable(),
  /** The answer is the form's risk answer for this question (flagIf): staff must see it. */
  flagged: z.boolean(),
});
export const DayListDeclaration = z.object({
  formId: z.uuid(),
  formName: z.string(),
  title: Localized,
  version: z.number().int(),
  /** The questions shown for these answers, in form order. */
  answers: z.array(DayListDeclarationAnswer),
  lockedAt: IsoDateTime.nullable(),
});
export const DayListEntry = z.object({
  bookingId: z.uuid(),
  slotId: z.uuid(),
  start: IsoDateTime,
  localTime: hhmm,
  timeType: z.object({ id: z.uuid(), nameSv: z.string(), nameEn: z.string() }),
  patient: z.object({
    personId: z.uuid(),
    name: z.string(),
    personalNumber: PersonalNumber12,
    /** Show a warning: contact details are withheld. */
    protectedIdentity: z.boolean(),
  }),
  status: DayListBookingStatus,
  declaration: DayListDeclaration.nullable(),
  arrivedAt: IsoDateTime.nullable(),
  completedAt: IsoDateTime.nullable(),
});
export const DayListResponse = z.object({ data: z.object({ date: IsoDate, entries: z.array(DayListEntry) }) });

export const DayListBookingParams = z.object({ bookingId: z.uuid() });
export const DayListBookingResponse = z.object({ data: DayListEntry });
export const DayListDeclarationResponse = z.object({
  data: z.object({ bookingId: z.uuid(), patientName: z.string(), start: IsoDateTime, declaration: DayListDeclaration }),
});
