/**
 * Citizen booking — the stable scripting contract: the public catalogue
 * (`GET /api/time-types`), free times (`GET /api/slots`), and booking,
 * cancelling and rebooking for oneself or someone one acts for
 * (`/api/bookings`). Booking and rebooking need an `Idempotency-Key` header.
 */

import { IsoDateTime } from './common.js';
import * as z from './zod.js';

export const PublicTimeType = z.object({
  id: z.uuid(),
  code: z.string(),
  /** Swedish name. */
  name: z.string(),
  nameEn: z.string(),
  durationMinutes: z.number().int(),
  mode: z.enum(['on_site', 'video', 'phone']),
  /** false: bookable only through an invitation or an offer. */
  selfBookable: z.boolean(),
  /** A health declaration is filled in as part of booking. */
  requiresForm: z.boolean(),
  /** The form version answers are given on now (when requiresForm). */
  formVersionId: z.uuid().optional(),
  minAge: z.number().int().nullable(),
  maxAge: z.number().int().nullable(),
});
export type PublicTimeType = z.infer<typeof PublicTimeType>;
export const PublicTimeTypeListResponse = z.object({ data: z.array(PublicTimeType) });

/** The health declaration a time type asks for: its current version (answers are stored with that id). */
export const TimeTypeFormResponse = z.object({
  data: z.object({
    formVersionId: z.uuid(),
    version: z.number().int(),
    definition: z
      .record(z.string(), z.unknown())
      .describe('Form definition: title and questions (see @ingang/domain forms)'),
  }),
});
export const TimeTypeParams = z.object({ id: z.uuid() });

const MAX_LIMIT = 100;

export const SlotSearchQuery = z.object({
  timeTypeId: z.uuid(),
  /** Earliest start (default now). */
  from: z.iso.datetime({ offset: true }).optional(),
  /** Latest start, exclusive (default from + 30 days; at most 92 days after from). */
  to: z.iso.datetime({ offset: true }).optional(),
  unitId: z.uuid().optional(),
  /** A Swedish postal code ("125 43") or "lat,lng": units within 25 km. */
  near: z.string().trim().min(3).max(60).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(20),
  /** `nextCursor` of the previous page (opaque). */
  cursor: z.string().max(200).optional(),
});
export type SlotSearchQuery = z.infer<typeof SlotSearchQuery>;

export const FreeSlot = z.object({
  id: z.uuid(),
  unitId: z.uuid(),
  unitName: z.string(),
  start: IsoDateTime,
  end: IsoDateTime,
  placesLeft: z.number().int(),
});
export type FreeSlot = z.infer<typeof FreeSlot>;
export const FreeSlotListResponse = z.object({ data: z.array(FreeSlot), nextCursor: z.string().nullable() });
export type FreeSlotListResponse = z.infer<typeof FreeSlotListResponse>;

/** Health-declaration answers by question id. */
export const FormAnswers = z.record(z.string().max(100), z.unknown());

export const CreateBookingRequest = z.object({
  slotId: z.uuid(),
  /** Whom the booking is for (a child or someone one is ombud for); absent = oneself. */
  patientId: z.uuid().optional(),
  formAnswers: FormAnswers.optional(),
  /**
   * What to do when the picked time is fully booked before this booking lands.
   * `next_free_same_day`: book the first free time of the same unit and time type on the
   * same Stockholm calendar day instead (the closest at or after the picked time first,
   * then earlier times that are still ahead, closest first). Absent: 409 slot_full.
   */
  ifTaken: z.enum(['next_free_same_day']).optional(),
});
export type CreateBookingRequest = z.infer<typeof CreateBookingRequest>;

export const RebookRequest = z.object({
  slotId: z.uuid(),
  /**
   * Answers to the health declaration's questions about the visit's own day ("Har du feber
   * i dag?"), needed when the new time is today; other answers travel with the booking.
   */
  formAnswers: FormAnswers.optional(),
});
export type RebookRequest = z.infer<typeof RebookRequest>;

export const BookingParams = z.object({ id: z.uuid() });

/** Required on POST /api/bookings and /rebook: a repeat with the same key returns the first answer. */
export const IdempotencyHeaders = z.looseObject({
  'idempotency-key': z
    .string({ error: 'the Idempotency-Key header is required' })
    .min(1)
    .max(200)
    .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces'),
});

/** Optional on booking through an invitation or an offer; without one, a retry is a new attempt. */
export const OptionalIdempotencyHeaders = z.looseObject({
  'idempotency-key': z
    .string()
    .min(1)
    .max(200)
    .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces')
    .optional(),
});

export const BookingStatus = z.enum(['booked', 'arrived', 'completed', 'no_show', 'cancelled']);

export const Booking = z.object({
  id: z.uuid(),
  status: BookingStatus,
  slotId: z.uuid(),
  start: IsoDateTime,
  end: IsoDateTime,
  unit: z.object({ id: z.uuid(), name: z.string(), address: z.string() }),
  /** `name` in Swedish, `nameEn` in English. */
  timeType: z.object({ id: z.uuid(), name: z.string(), nameEn: z.string() }),
  patient: z.object({ personId: z.uuid(), name: z.string() }),
  /** Booked by the patient, or by a guardian or ombud for them. */
  bookedBy: z.enum(['self', 'guardian', 'ombud', 'staff']),
  canCancel: z.boolean(),
  /** Cancelling and rebooking are possible until this moment. */
  cancelCutoffAt: IsoDateTime,
  rebookedFromId: z.uuid().nullable(),
  createdAt: IsoDateTime,
});
export type Booking = z.infer<typeof Booking>;
export const BookingResponse = z.object({ data: Booking });
export type BookingResponse = z.infer<typeof BookingResponse>;

/**
 * The answer to POST /api/bookings. With `ifTaken` in the request it also says which time
 * was picked (`requestedSlotId`) and whether another was booked instead (`substituted`:
 * then `data.slotId` is the time booked).
 */
export const CreateBookingResponse = BookingResponse.extend({
  requestedSlotId: z.uuid().optional(),
  substituted: z.boolean().optional(),
});
export type CreateBookingResponse = z.infer<typeof CreateBookingResponse>;
export const BookingListResponse = z.object({ data: z.array(Booking) });

/** A refused booking: the error body, with when the person may book (not_released, too_soon_since_dose). */
export const BookingErrorResponse = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      fields: z.record(z.string(), z.string()).optional(),
      opensAt: IsoDateTime.optional(),
      earliestDate: z.string().optional(),
    }),
  })
  .meta({ id: 'BookingError' });

/** Whom the booking page's rules are for (absent = oneself). */
export const BookingOutlookQuery = z.object({ patientId: z.uuid().optional() });

/**
 * What the person may book of one self-bookable type right now, told before
 * searching. Decided by the same domain rule the server enforces on booking
 * (which still decides); the web words it from `reason`.
 */
export const BookingOutlookItem = z.object({
  timeTypeId: z.uuid(),
  bookable: z.boolean(),
  /** Why not (absent when bookable): an eligibility refusal code. */
  reason: z
    .enum([
      'not_self_bookable',
      'too_young',
      'too_old',
      'not_released',
      'release_paused',
      'already_booked',
      'too_soon_since_dose',
    ])
    .optional(),
  /** not_released: when the person's group may book. */
  opensAt: IsoDateTime.optional(),
  /** too_young: the day the minimum age is reached; too_soon_since_dose: the first allowed day (YYYY-MM-DD). */
  earliestDate: z.string().optional(),
  minAge: z.number().int().nullable(),
  maxAge: z.number().int().nullable(),
  /** The person's coming (or ongoing) booking of this type, if any. */
  activeBooking: z.object({ id: z.uuid(), start: IsoDateTime }).nullable(),
});
export type BookingOutlookItem = z.infer<typeof BookingOutlookItem>;
export const BookingOutlookResponse = z.object({
  data: z.object({ patientId: z.uuid(), items: z.array(BookingOutlookItem) }),
});
export type BookingOutlookResponse = z.infer<typeof BookingOutlookResponse>;
