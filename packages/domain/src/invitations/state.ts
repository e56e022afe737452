/**
 * The invitation (e-kallelse) state machine, in FHIR terms: the invitation's
 * status is Appointment.status and the patient's answer is the participant
 * status of Appointment / AppointmentResponse, so a later FHIR export is direct.
 *
 *   proposed ──confirm (fixed_time)──────────▶ booked   (accepted)
 *   proposed ──book (book_within_period)─────▶ booked   (accepted)
 *   proposed ──request_other_time (fixed)────▶ pending  (tentative)
 *   pending  ──propose_time (staff)──────────▶ proposed (needs-action)
 *   proposed|pending ──decline───────────────▶ declined (declined)
 *   proposed|pending|booked ──cancel (staff)─▶ cancelled
 *
 * Every other (status, event) pair is refused with a message naming both.
 */

/** Appointment.status of an invitation ('declined' is exported to FHIR as cancelled + participant declined). */
export type InvitationStatus = 'proposed' | 'pending' | 'booked' | 'declined' | 'cancelled';
/** Appointment.participant.status / AppointmentResponse.participantStatus of the patient. */
export type InvitationParticipantStatus = 'needs-action' | 'accepted' | 'declined' | 'tentative';
export type InvitationKind = 'fixed_time' | 'book_within_period';
/** What happens to an invitation: the patient's answers and the unit's actions. */
export type InvitationEvent = 'confirm' | 'book' | 'request_other_time' | 'decline' | 'propose_time' | 'cancel';

export const INVITATION_STATUSES: readonly InvitationStatus[] = [
  'proposed',
  'pending',
  'booked',
  'declined',
  'cancelled',
];
export const INVITATION_EVENTS: readonly InvitationEvent[] = [
  'confirm',
  'book',
  'request_other_time',
  'decline',
  'propose_time',
  'cancel',
];
export const INVITATION_KINDS: readonly InvitationKind[] = ['fixed_time', 'book_within_period'];

/** Events the patient (or whoever acts for them) may send; the rest are the unit's. */
export const PATIENT_INVITATION_EVENTS: readonly InvitationEvent[] = [
  'confirm',
  'book',
  'request_other_time',
  'decline',
];

interface Step {
  next: InvitationStatus;
  /** The participant status after the event; undefined keeps it. */
  participant?: InvitationParticipantStatus;
  /** Only for this kind of invitation. */
  kind?: InvitationKind;
}

/** The allowed transitions: status → event → step. Anything missing is refused. */
export const INVITATION_TRANSITIONS: Readonly<
  Record<InvitationStatus, Readonly<Partial<Record<InvitationEvent, Step>>>>
> = {
  proposed: {
    confirm: { next: 'booked', participant: 'accepted', kind: 'fixed_time' },
    book: { next: 'booked', participant: 'accepted', kind: 'book_within_period' },
    request_other_time: { next: 'pending', participant: 'tentative', kind: 'fixed_time' },
    decline: { next: 'declined', participant: 'declined' },
    cancel: { next: 'cancelled' },
  },
  pending: {
    propose_time: { next: 'proposed', participant: 'needs-action', kind: 'fixed_time' },
    decline: { next: 'declined', participant: 'declined' },
    cancel: { next: 'cancelled' },
  },
  booked: { cancel: { next: 'cancelled' } },
  declined: {},
  cancelled: {},
};

/** Swedish names of the statuses, as people see them. */
export const INVITATION_STATUS_LABELS_SV: Readonly<Record<InvitationStatus, string>> = {
  proposed: 'väntar på svar',
  pending: 'önskar annan tid',
  booked: 'bokad',
  declined: 'avböjd',
  cancelled: 'återkallad',
};

const EVENT_LABELS_SV: Readonly<Record<InvitationEvent, string>> = {
  confirm: 'bekräfta tiden',
  book: 'boka en tid',
  request_other_time: 'be om en annan tid',
  decline: 'tacka nej',
  propose_time: 'föreslå en ny tid',
  cancel: 'återkalla kallelsen',
};

/** Result of `transitionInvitation`. */
export type InvitationTransitionResult =
  | { ok: true; next: InvitationStatus; participant: InvitationParticipantStatus }
  | { ok: false; code: 'invalid_transition'; message: string };

/**
 * The next status and participant status after `event`, or a refusal in plain
 * Swedish naming the current status and what was asked.
 */
export function transitionInvitation(
  current: { status: InvitationStatus; participant: InvitationParticipantStatus; kind: InvitationKind },
  event: InvitationEvent,
): InvitationTransitionResult {
  const step = INVITATION_TRANSITIONS[current.status]?.[event];
  if (!step) {
    return {
      ok: false,
      code: 'invalid_transition',
      message: `Det går inte att ${EVENT_LABELS_SV[event]} när kallelsen är ${INVITATION_STATUS_LABELS_SV[current.status]}.`,
    };
  }
  if (step.kind && step.kind !== current.kind) {
    return {
      ok: false,
      code: 'invalid_transition',
      message:
        current.kind === 'fixed_time'
          ? `Kallelsen gäller en bestämd tid: det går inte att ${EVENT_LABELS_SV[event]}.`
          : `Kallelsen gäller att boka inom en period: det går inte att ${EVENT_LABELS_SV[event]}.`,
    };
  }
  return { ok: true, next: step.next, participant: step.participant ?? current.participant };
}

/** The statuses `event` may leave from for an invitation of `kind` (for guarded updates). */
export function invitationStatusesAllowing(event: InvitationEvent, kind: InvitationKind): InvitationStatus[] {
  return INVITATION_STATUSES.filter((s) => {
    const step = INVITATION_TRANSITIONS[s][event];
    return step !== undefined && (!step.kind || step.kind === kind);
  });
}

/** Whether the patient still has to answer (the reminder and follow-up list). */
export function isAwaitingAnswer(status: InvitationStatus): boolean {
  return status === 'proposed' || status === 'pending';
}

/** The FHIR Appointment.status and participant status an export writes. */
export function invitationFhir(
  status: InvitationStatus,
  participant: InvitationParticipantStatus,
): {
  appointmentStatus: 'proposed' | 'pending' | 'booked' | 'cancelled';
  participantStatus: InvitationParticipantStatus;
} {
  return { appointmentStatus: status === 'declined' ? 'cancelled' : status, participantStatus: participant };
}

/** What the patient may do now, for the abilities the web reads. */
export function invitationAbilities(
  kind: InvitationKind,
  status: InvitationStatus,
  participant: InvitationParticipantStatus,
) {
  const may = (event: InvitationEvent) => transitionInvitation({ status, participant, kind }, event).ok;
  return {
    canConfirm: may('confirm'),
    canDecline: may('decline'),
    canRequestOtherTime: may('request_other_time'),
    canBook: may('book'),
  };
}
