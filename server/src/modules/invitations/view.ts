/** Invitation rows → the contract's citizen and staff views (abilities from the domain machine). */
import type { CitizenInvitation, StaffInvitation } from '@ingang/contracts';
import { invitationAbilities, invitationFhir, isAwaitingAnswer, transitionInvitation } from '@ingang/domain';
import type { ReservedSlotRow } from '../timebook/index.js';
import type { InvitationRow } from './store.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const slotOf = (id: string | null, start: Date | null, end: Date | null) =>
  id && start && end ? { id, start: start.toISOString(), end: end.toISOString() } : null;

function base(r: InvitationRow) {
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    participantStatus: r.participant_status,
    fhir: invitationFhir(r.status, r.participant_status),
    unit: { id: r.unit_id, name: r.unit_name, address: r.unit_address },
    timeType: {
      id: r.time_type_id,
      name: r.type_name_sv,
      nameEn: r.type_name_en,
      durationMinutes: r.duration_minutes,
    },
    slot: slotOf(r.slot_id, r.slot_start, r.slot_end),
    period: r.period_from && r.period_to ? { from: r.period_from, to: r.period_to } : null,
    instructions: r.instructions,
    formVersionId: r.form_version_id,
    bookingId: r.booking_id,
    bookedSlot: slotOf(r.booked_slot_id, r.booked_start, r.booked_end),
    sentAt: r.created_at.toISOString(),
    answeredAt: iso(r.answered_at),
    respondBy: r.respond_by.toISOString(),
  };
}

/** What the patient (or whoever acts for them) sees. */
export function citizenView(r: InvitationRow): CitizenInvitation {
  return {
    ...base(r),
    patient: { personId: r.person_id, name: `${r.given_name} ${r.family_name}` },
    requiresForm: r.form_version_id !== null || r.type_form_id !== null,
    abilities: invitationAbilities(r.kind, r.status, r.participant_status),
  };
}

/** What the unit sees. */
export function staffView(r: InvitationRow, reserved: ReservedSlotRow[], now: Date): StaffInvitation {
  const current = { kind: r.kind, status: r.status, participant: r.participant_status };
  return {
    ...base(r),
    patient: {
      personId: r.person_id,
      name: `${r.given_name} ${r.family_name}`,
      personalNumber: r.personal_number,
      protectedIdentity: r.protected_identity,
    },
    createdBy: { staffId: r.created_by_staff_id, name: r.staff_name },
    needsFollowUp: isAwaitingAnswer(r.status) && r.respond_by.getTime() <= now.getTime(),
    remindedAt: iso(r.reminded_at),
    patientNote: r.patient_note,
    cancelledAt: iso(r.cancelled_at),
    reservedSlots: reserved.map((s) => ({
      id: s.id,
      start: s.starts_at.toISOString(),
      end: s.ends_at.toISOString(),
      booked: s.booked,
      capacity: s.capacity,
    })),
    abilities: {
      canCancel: transitionInvitation(current, 'cancel').ok,
      canProposeNewTime: transitionInvitation(current, 'propose_time').ok,
    },
  };
}
