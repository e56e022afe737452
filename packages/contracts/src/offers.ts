/**
 * Targeted offers (riktade erbjudanden): a unit offers times of a time type to a
 * target group — patients listed at the unit and/or in an age range and/or
 * flagged in a risk group, or an uploaded list of personnummer — optionally
 * from times reserved for the offer. Publishing materialises the targets and
 * notifies them; targets (or those who act for them) see the offer and book.
 * Reserved times are invisible and unbookable to everyone else.
 *
 * Also here: risk-group flags per person, set by staff of a unit (audited).
 * Names carry an `Offer`/`RiskFlag` prefix so they never collide with other contracts.
 */

import { FormAnswers, FreeSlot } from './booking.js';
import { IsoDate, IsoDateTime, PersonalNumberInput, StaffPersonRef } from './common.js';
import * as z from './zod.js';

/** A risk group code, e.g. 'heart_lung', 'diabetes', 'immunosuppressed'. */
export const RiskGroupCode = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{1,39}$/, 'must be 2–40 lower-case letters, digits or _');
/** Codes the web offers in its picker (others are accepted too). */
export const RISK_GROUPS = ['heart_lung', 'diabetes', 'immunosuppressed', 'pregnancy', 'other'] as const;

// ---------------------------------------------------------------- target groups

/** Criteria (all that are set must hold; at least one must be set). */
export const OfferCriteriaTarget = z
  .object({
    kind: z.literal('criteria'),
    listedAtUnit: z.boolean().default(false),
    minAge: z.number().int().min(0).max(130).nullable().default(null),
    maxAge: z.number().int().min(0).max(130).nullable().default(null),
    riskGroup: RiskGroupCode.nullable().default(null),
  })
  .strict();
/** An uploaded list: the token of a validated upload without errors (see the validate endpoint). */
export const OfferListTarget = z.object({ kind: z.literal('list'), uploadToken: z.string().min(10).max(200) }).strict();
export const OfferTarget = z.discriminatedUnion('kind', [OfferCriteriaTarget, OfferListTarget]);
export type OfferTarget = z.infer<typeof OfferTarget>;

/** The target group as stored and shown. */
export const OfferTargetView = z.object({
  kind: z.enum(['criteria', 'list']),
  listedAtUnit: z.boolean(),
  minAge: z.number().int().nullable(),
  maxAge: z.number().int().nullable(),
  riskGroup: z.string().nullable(),
  /** kind list: how many persons the list held. */
  listSize: z.number().int().nullable(),
});

// ---------------------------------------------------------------- target list upload

/**
 * POST /api/staff/units/:unitId/offer-target-lists/validate — step 1 of a list upload: every
 * row (one personnummer per line; blank lines and lines starting with # are skipped; a CSV's
 * first column is read) is checked. Nothing is stored for a file with errors; a clean file
 * gets an `uploadToken` (valid 24 h) to create the offer with (step 2).
 */
export const OfferTargetListValidateRequest = z.object({ text: z.string().max(2_000_000) }).strict();
export const OfferTargetRowStatus = z.enum(['ok', 'invalid', 'duplicate', 'unknown']);
export const OfferTargetRow = z.object({
  /** 1-based line number in the file. */
  line: z.number().int(),
  /** The value as written (trimmed). */
  input: z.string(),
  status: OfferTargetRowStatus,
  /** A known person with protected identity (the list check shows the marker like every person answer). */
  protectedIdentity: z.boolean(),
  /** Plain Swedish, for error rows. */
  message: z.string().nullable(),
});
export const OfferTargetListPreview = z.object({
  /** null when any row has an error: fix the file and validate again. */
  uploadToken: z.string().nullable(),
  okCount: z.number().int(),
  errorCount: z.number().int(),
  /** Every row with an error, plus the first ok rows (at most 500 rows in all). */
  rows: z.array(OfferTargetRow),
});
export const OfferTargetListPreviewResponse = z.object({ data: OfferTargetListPreview });

// ---------------------------------------------------------------- staff: offers

export const OfferStatus = z.enum(['draft', 'published', 'closed']);
export type OfferStatus = z.infer<typeof OfferStatus>;

/**
 * POST /api/staff/units/:unitId/offers — a draft offer (active unit, booking/unit admins).
 * `slotIds` (optional): free, unreserved future times of the unit and type, reserved for the
 * offer at once (invisible to everyone else). Without them targets book the unit's open times
 * of the type (the offer lifts `selfBookable` and release rules for them). 400 names the field
 * (e.g. `target.uploadToken` expired/used, `slotIds.2` not free). Answers 201 StaffOfferResponse.
 */
export const CreateOfferRequest = z
  .object({
    title: z.string().trim().min(2).max(200),
    description: z.string().trim().max(4000).default(''),
    timeTypeId: z.uuid(),
    target: OfferTarget,
    slotIds: z.array(z.uuid()).max(500).default([]),
    /** Last Stockholm date the offer can be booked from (optional). */
    validUntil: IsoDate.nullable().default(null),
  })
  .strict();
export type CreateOfferRequest = z.infer<typeof CreateOfferRequest>;

export const OfferStats = z.object({
  /** Persons in the target group (materialised at publish). */
  reached: z.number().int(),
  /** Targets (or their guardians) sent a notification. */
  notified: z.number().int(),
  /** Targets with an active booking made through the offer. */
  booked: z.number().int(),
  reservedSlots: z.number().int(),
  reservedPlacesLeft: z.number().int(),
});

export const StaffOffer = z.object({
  id: z.uuid(),
  unitId: z.uuid(),
  title: z.string(),
  description: z.string(),
  status: OfferStatus,
  timeType: z.object({ id: z.uuid(), name: z.string(), nameEn: z.string() }),
  target: OfferTargetView,
  validUntil: IsoDate.nullable(),
  createdAt: IsoDateTime,
  publishedAt: IsoDateTime.nullable(),
  closedAt: IsoDateTime.nullable(),
  stats: OfferStats,
  abilities: z.object({ canPublish: z.boolean(), canClose: z.boolean() }),
});
export type StaffOffer = z.infer<typeof StaffOffer>;
export const StaffOfferResponse = z.object({ data: StaffOffer });
export type StaffOfferResponse = z.infer<typeof StaffOfferResponse>;
/** GET /api/staff/units/:unitId/offers — the unit's offers with stats, newest first. */
export const StaffOfferListResponse = z.object({ data: z.array(StaffOffer) });
/** GET /api/staff/units/:unitId/offers/:id — one offer with stats. */
export const StaffOfferParams = z.object({ unitId: z.uuid(), id: z.uuid() });
/**
 * POST /api/staff/units/:unitId/offers/:id/publish — draft → published: targets materialised
 * and notified (mail job; protected identity: no contact details). 409 when not a draft.
 * Answers StaffOfferResponse.
 *
 * POST /api/staff/units/:unitId/offers/:id/close — draft|published → closed: no more booking
 * through it; reserved times not booked are released. Answers StaffOfferResponse.
 */
export const OfferActionResponse = StaffOfferResponse;

// ---------------------------------------------------------------- citizen

export const CitizenOffer = z.object({
  id: z.uuid(),
  title: z.string(),
  description: z.string(),
  unit: z.object({ id: z.uuid(), name: z.string(), address: z.string() }),
  timeType: z.object({ id: z.uuid(), name: z.string(), nameEn: z.string(), durationMinutes: z.number().int() }),
  /** Whom the offer is for (oneself or someone one acts for); one entry per target. */
  patient: z.object({ personId: z.uuid(), name: z.string() }),
  validUntil: IsoDate.nullable(),
  /** The booking made through the offer for this patient, if any (active). */
  bookingId: z.uuid().nullable(),
  requiresForm: z.boolean(),
  formVersionId: z.uuid().nullable(),
  abilities: z.object({ canBook: z.boolean() }),
});
export type CitizenOffer = z.infer<typeof CitizenOffer>;

/**
 * GET /api/offers — published, open offers targeting me or those I act for (one entry per
 * offer and patient).
 */
export const CitizenOfferListResponse = z.object({ data: z.array(CitizenOffer) });
export type CitizenOfferListResponse = z.infer<typeof CitizenOfferListResponse>;

/** GET /api/offers/:id?patientId= — one offer for a patient (default oneself), with bookable times. */
export const CitizenOfferParams = z.object({ id: z.uuid() });
export const CitizenOfferQuery = z.object({ patientId: z.uuid().optional() });
export const CitizenOfferDetail = CitizenOffer.extend({
  /** Free times to book: the reserved ones, or the unit's open times of the type (next 60 days). */
  slots: z.array(FreeSlot),
  form: z
    .object({
      formVersionId: z.uuid(),
      definition: z.record(z.string(), z.unknown()).describe('Form definition (see @ingang/domain forms)'),
    })
    .nullable(),
});
export type CitizenOfferDetail = z.infer<typeof CitizenOfferDetail>;
export const CitizenOfferResponse = z.object({ data: CitizenOfferDetail });

/**
 * POST /api/offers/:id/book — book a time of the offer for oneself or `patientId` (a target one
 * acts for). Idempotency-Key header accepted (optional). 404 when not a target; 409 slot_full,
 * already_booked; 400 form answers. Answers 201 with the booking (BookingResponse of booking.ts).
 */
export const BookOfferRequest = z
  .object({ slotId: z.uuid(), patientId: z.uuid().optional(), formAnswers: FormAnswers.optional() })
  .strict();
export type BookOfferRequest = z.infer<typeof BookOfferRequest>;

// ---------------------------------------------------------------- risk-group flags

/**
 * GET /api/staff/units/:unitId/risk-flags?riskGroup= — the unit's active flags (patients the unit
 * has a care relationship with; audited list read).
 * POST /api/staff/units/:unitId/risk-flags — flag a patient (care relationship required; 409 when
 * already flagged in that group). Answers 201 RiskFlagResponse.
 * DELETE /api/staff/units/:unitId/risk-flags/:id — remove a flag (kept as history). 200 RiskFlagResponse.
 */
export const RiskFlagListQuery = z.object({ riskGroup: RiskGroupCode.optional() });
export const CreateRiskFlagRequest = z
  .object({ personalNumber: PersonalNumberInput, riskGroup: RiskGroupCode })
  .strict();
export const RiskFlag = z.object({
  id: z.uuid(),
  riskGroup: z.string(),
  patient: StaffPersonRef.extend({ personalNumber: z.string() }),
  createdAt: IsoDateTime,
  removedAt: IsoDateTime.nullable(),
});
export const RiskFlagResponse = z.object({ data: RiskFlag });
export const RiskFlagListResponse = z.object({ data: z.array(RiskFlag) });
export const RiskFlagParams = z.object({ unitId: z.uuid(), id: z.uuid() });
