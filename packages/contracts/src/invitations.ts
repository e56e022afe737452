/**
 * E-kallelse (digital invitations). Staff of a unit (in their active unit)
 * invite a patient either to a fixed time (the patient confirms, declines or
 * asks for another time) or to book within a period among times the unit
 * reserved for the invitation. Citizens answer for themselves or for someone
 * they act for (guardians receive their children's invitations).
 *
 * Statuses follow FHIR Appointment.status; the patient's answer follows FHIR
 * AppointmentResponse / Appointment.participant.status:
 *
 * | status    | participantStatus | meaning                                                   |
 * | --------- | ----------------- | --------------------------------------------------------- |
 * | proposed  | needs-action      | sent, waiting for the patient                             |
 * | pending   | tentative         | the patient asked for another time; the unit proposes one |
 * | booked    | accepted          | confirmed (fixed time) or booked (period)                 |
 * | declined  | declined          | the patient said no (FHIR: cancelled + declined)          |
 * | cancelled | needs-action/…    | revoked by the unit; reserved times released              |
 *
 * Names carry an `Invitation` prefix so they never collide with other contracts.
 */

import { FormAnswers, FreeSlot } from './booking.js';
import { IsoDate, IsoDateTime, PersonalNumberInput } from './common.js';
import { AdminFormListResponse } from './timebook.js';
import * as z from './zod.js';

export const InvitationKind = z.enum(['fixed_time', 'book_within_period']);
export type InvitationKind = z.infer<typeof InvitationKind>;
export const InvitationStatus = z.enum(['proposed', 'pending', 'booked', 'declined', 'cancelled']);
export type InvitationStatus = z.infer<typeof InvitationStatus>;
export const InvitationParticipantStatus = z.enum(['needs-action', 'accepted', 'declined', 'tentative']);
export type InvitationParticipantStatus = z.infer<typeof InvitationParticipantStatus>;

/** The FHIR values a later export writes (Appointment.status, participant status). */
export const InvitationFhir = z.object({
  appointmentStatus: z.enum(['proposed', 'pending', 'booked', 'cancelled']),
  participantStatus: InvitationParticipantStatus,
});

const InvitationSlot = z.object({ id: z.uuid(), start: IsoDateTime, end: IsoDateTime });

/** Fields both staff and citizens see. */
const invitationBase = {
  id: z.uuid(),
  kind: InvitationKind,
  status: InvitationStatus,
  participantStatus: InvitationParticipantStatus,
  fhir: InvitationFhir,
  unit: z.object({ id: z.uuid(), name: z.string(), address: z.string() }),
  timeType: z.object({ id: z.uuid(), name: z.string(), nameEn: z.string(), durationMinutes: z.number().int() }),
  /** fixed_time: the time held for the patient (null for book_within_period). */
  slot: InvitationSlot.nullable(),
  /** book_within_period: the period (Stockholm dates, inclusive); null for fixed_time. */
  period: z.object({ from: IsoDate, to: IsoDate }).nullable(),
  /** The unit's instructions to the patient (plain text). */
  instructions: z.string(),
  /** The form the patient fills in when confirming/booking; null = none. */
  formVersionId: z.uuid().nullable(),
  /** The booking made by confirming or booking (status booked). */
  bookingId: z.uuid().nullable(),
  /** When booked through the period: the booked time. */
  bookedSlot: InvitationSlot.nullable(),
  sentAt: IsoDateTime,
  /** The patient's latest answer (confirm, decline, ask for another time, book). */
  answeredAt: IsoDateTime.nullable(),
  /** Answer by this moment; afterwards a reminder goes out and staff follow up. */
  respondBy: IsoDateTime,
};

// ---------------------------------------------------------------- citizen

/** What the citizen may do now (the web reads these, never re-derives the rules). */
export const InvitationAbilities = z.object({
  canConfirm: z.boolean(),
  canDecline: z.boolean(),
  canRequestOtherTime: z.boolean(),
  canBook: z.boolean(),
});

export const CitizenInvitation = z.object({
  ...invitationBase,
  /** Whom the invitation is for (oneself or a child / person one acts for). */
  patient: z.object({ personId: z.uuid(), name: z.string() }),
  /** Answering needs this form filled in. */
  requiresForm: z.boolean(),
  abilities: InvitationAbilities,
});
export type CitizenInvitation = z.infer<typeof CitizenInvitation>;

/** GET /api/invitations — the citizen's invitations (for themselves and those they act for), newest first. */
export const CitizenInvitationListResponse = z.object({ data: z.array(CitizenInvitation) });

/**
 * GET /api/invitations/:id — one invitation with its form definition (when it has one)
 * and, for book_within_period, the reserved times still free.
 */
export const CitizenInvitationDetail = CitizenInvitation.extend({
  form: z
    .object({
      formVersionId: z.uuid(),
      definition: z.record(z.string(), z.unknown()).describe('Form definition (see @ingang/domain forms)'),
    })
    .nullable(),
  /** book_within_period: the free times reserved for this invitation (empty otherwise). */
  reservedSlots: z.array(FreeSlot),
});
export type CitizenInvitationDetail = z.infer<typeof CitizenInvitationDetail>;
export const CitizenInvitationResponse = z.object({ data: CitizenInvitationDetail });
export type CitizenInvitationResponse = z.infer<typeof CitizenInvitationResponse>;
export const InvitationParams = z.object({ id: z.uuid() });

/**
 * POST /api/invitations/:id/confirm — accept a fixed-time invitation (proposed → booked);
 * makes the booking on the held time. 400 names wrong form answers (formAnswers.<id>);
 * 409 invalid_transition when already answered (e.g. from another device).
 * Answers CitizenInvitationResponse.
 */
export const ConfirmInvitationRequest = z.object({ formAnswers: FormAnswers.optional() }).strict();
export type ConfirmInvitationRequest = z.infer<typeof ConfirmInvitationRequest>;

/**
 * POST /api/invitations/:id/decline — say no (proposed|pending → declined); a held or reserved
 * time is released. Answers CitizenInvitationResponse.
 */
export const DeclineInvitationRequest = z.object({ reason: z.string().trim().max(500).optional() }).strict();
export type DeclineInvitationRequest = z.infer<typeof DeclineInvitationRequest>;

/**
 * POST /api/invitations/:id/request-other-time — fixed time only (proposed → pending); the
 * held time is released and the unit proposes another. Answers CitizenInvitationResponse.
 */
export const RequestOtherTimeRequest = z.object({ message: z.string().trim().max(500).optional() }).strict();
export type RequestOtherTimeRequest = z.infer<typeof RequestOtherTimeRequest>;

/**
 * POST /api/invitations/:id/book — book_within_period (proposed → booked): books one of the
 * reserved times through the booking service (capacity, audit, confirmation mail). An
 * `Idempotency-Key` header is accepted (optional). 409 slot_full / invalid_transition.
 * Answers 201 CitizenInvitationResponse (bookingId set).
 */
export const BookInvitationRequest = z.object({ slotId: z.uuid(), formAnswers: FormAnswers.optional() }).strict();
export type BookInvitationRequest = z.infer<typeof BookInvitationRequest>;

// ---------------------------------------------------------------- staff

/**
 * POST /api/staff/units/:unitId/invitations — send an invitation (the unit must be the
 * caller's active unit). fixed_time: `slotId` (a free, unreserved time of the unit, of
 * `timeTypeId`) is held for the patient. book_within_period: `period` plus `slotIds` (free,
 * unreserved times of the type in the period) are reserved for the invitation.
 * `formId`: the patient answers its current version. 400 names the field; 404 unknown
 * patient. Answers 201 StaffInvitationResponse.
 */
export const CreateInvitationRequest = z
  .object({
    personalNumber: PersonalNumberInput,
    kind: InvitationKind,
    timeTypeId: z.uuid(),
    slotId: z.uuid().optional(),
    period: z.object({ from: IsoDate, to: IsoDate }).optional(),
    slotIds: z.array(z.uuid()).min(1).max(50).optional(),
    instructions: z.string().trim().max(4000).default(''),
    formId: z.uuid().nullable().default(null),
    /** Days to answer before a reminder and staff follow-up (default 7). */
    respondWithinDays: z.number().int().min(1).max(90).default(7),
    /**
     * Why the unit invites a patient it has no care relationship with (required then, 403
     * `reason_required` without): flagged in the audit log and followed up like emergency access.
     */
    reason: z.string().trim().min(5).max(500).optional(),
  })
  .strict();
export type CreateInvitationRequest = z.infer<typeof CreateInvitationRequest>;

/** Staff abilities on one invitation. */
export const StaffInvitationAbilities = z.object({ canCancel: z.boolean(), canProposeNewTime: z.boolean() });

export const StaffInvitation = z.object({
  ...invitationBase,
  patient: z.object({
    personId: z.uuid(),
    name: z.string(),
    personalNumber: z.string(),
    protectedIdentity: z.boolean(),
  }),
  createdBy: z.object({ staffId: z.uuid(), name: z.string() }),
  /** Unanswered (proposed/pending) past respondBy: staff should follow up. */
  needsFollowUp: z.boolean(),
  remindedAt: IsoDateTime.nullable(),
  /** The patient's note with "another time" / decline (plain text; never logged). */
  patientNote: z.string().nullable(),
  cancelledAt: IsoDateTime.nullable(),
  /** book_within_period: the reserved times (free or not). */
  reservedSlots: z.array(InvitationSlot.extend({ booked: z.number().int(), capacity: z.number().int() })),
  abilities: StaffInvitationAbilities,
});
export type StaffInvitation = z.infer<typeof StaffInvitation>;
export const StaffInvitationResponse = z.object({ data: StaffInvitation });
export type StaffInvitationResponse = z.infer<typeof StaffInvitationResponse>;

/** GET /api/staff/units/:unitId/invitations — the unit's invitations, newest first, filtered. */
export const StaffInvitationListQuery = z.object({
  status: InvitationStatus.optional(),
  kind: InvitationKind.optional(),
  /** true: only unanswered past respondBy (the follow-up list). */
  followUp: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});
export type StaffInvitationListQuery = z.infer<typeof StaffInvitationListQuery>;
export const StaffInvitationListResponse = z.object({ data: z.array(StaffInvitation) });
export type StaffInvitationListResponse = z.infer<typeof StaffInvitationListResponse>;

/** GET /api/staff/units/:unitId/invitations/:id — one invitation (audited patient read). */
export const StaffInvitationParams = z.object({ unitId: z.uuid(), id: z.uuid() });

/**
 * POST /api/staff/units/:unitId/invitations/:id/cancel — revoke (proposed|pending|booked →
 * cancelled); held/reserved times released, a booking made through it cancelled; the patient is
 * notified. Answers StaffInvitationResponse.
 */
export const CancelInvitationRequest = z.object({ reason: z.string().trim().max(500).optional() }).strict();

/**
 * POST /api/staff/units/:unitId/invitations/:id/propose-time — after "another time" (pending →
 * proposed): hold a new free time `slotId` for the patient. Answers StaffInvitationResponse.
 */
export const ProposeInvitationTimeRequest = z.object({ slotId: z.uuid() }).strict();

/**
 * GET /api/staff/units/:unitId/invitation-slots?timeTypeId&from&to — the unit's free,
 * unreserved, published future times of a type (to hold or reserve for an invitation or an
 * offer). `from`/`to` are Stockholm dates (inclusive), default today … +30 days.
 */
export const StaffFreeSlotsQuery = z.object({
  timeTypeId: z.uuid(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
});
export const StaffFreeSlot = InvitationSlot.extend({ placesLeft: z.number().int() });
export const StaffFreeSlotListResponse = z.object({ data: z.array(StaffFreeSlot) });

/**
 * GET /api/staff/units/:unitId/invitation-forms — the forms (not retired) staff may attach to an
 * invitation (`formId`), with their latest version. Same shape as the admin form list.
 */
export const StaffInvitationFormListResponse = AdminFormListResponse;
