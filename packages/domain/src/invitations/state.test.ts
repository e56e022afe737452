import { describe, expect, test } from 'vitest';
import {
  INVITATION_EVENTS,
  INVITATION_KINDS,
  INVITATION_STATUSES,
  type InvitationEvent,
  type InvitationKind,
  type InvitationParticipantStatus,
  type InvitationStatus,
  invitationAbilities,
  invitationFhir,
  invitationStatusesAllowing,
  isAwaitingAnswer,
  transitionInvitation,
} from './state.js';

/** kind/status/event → [next status, next participant status]. Everything else is refused. */
const ALLOWED: Record<string, [InvitationStatus, InvitationParticipantStatus]> = {
  'fixed_time/proposed/confirm': ['booked', 'accepted'],
  'fixed_time/proposed/request_other_time': ['pending', 'tentative'],
  'fixed_time/proposed/decline': ['declined', 'declined'],
  'fixed_time/proposed/cancel': ['cancelled', 'needs-action'],
  'fixed_time/pending/propose_time': ['proposed', 'needs-action'],
  'fixed_time/pending/decline': ['declined', 'declined'],
  'fixed_time/pending/cancel': ['cancelled', 'tentative'],
  'fixed_time/booked/cancel': ['cancelled', 'accepted'],
  'book_within_period/proposed/book': ['booked', 'accepted'],
  'book_within_period/proposed/decline': ['declined', 'declined'],
  'book_within_period/proposed/cancel': ['cancelled', 'needs-action'],
  'book_within_period/booked/cancel': ['cancelled', 'accepted'],
  // Unreachable (a period invitation is never pending), but the unit may still close it.
  'book_within_period/pending/decline': ['declined', 'declined'],
  'book_within_period/pending/cancel': ['cancelled', 'tentative'],
};

/** The participant status an invitation has in each status (as the transitions leave it). */
const PARTICIPANT: Record<InvitationStatus, InvitationParticipantStatus> = {
  proposed: 'needs-action',
  pending: 'tentative',
  booked: 'accepted',
  declined: 'declined',
  cancelled: 'needs-action',
};

const all = INVITATION_KINDS.flatMap((kind) =>
  INVITATION_STATUSES.flatMap((status) => INVITATION_EVENTS.map((event) => ({ kind, status, event }))),
);
const allowed = all.filter((c) => `${c.kind}/${c.status}/${c.event}` in ALLOWED);
const refused = all.filter((c) => !(`${c.kind}/${c.status}/${c.event}` in ALLOWED));

describe('transitionInvitation', () => {
  test.each(allowed)('$kind: $status --$event--> allowed', ({ kind, status, event }) => {
    const result = transitionInvitation({ kind, status, participant: PARTICIPANT[status] }, event);
    const [next, participant] = ALLOWED[`${kind}/${status}/${event}`] as [
      InvitationStatus,
      InvitationParticipantStatus,
    ];
    expect(result).toEqual({ ok: true, next, participant });
  });

  test.each(refused)('$kind: $status --$event--> refused', ({ kind, status, event }) => {
    const result = transitionInvitation({ kind, status, participant: PARTICIPANT[status] }, event);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.code).toBe('invalid_transition');
      expect(result.message).toMatch(/[Dd]et går inte att/);
    }
  });

  test('the table covers every combination', () => {
    expect(allowed.length + refused.length).toBe(2 * 5 * 6);
    expect(allowed).toHaveLength(Object.keys(ALLOWED).length);
  });

  test('a refusal names the current status in Swedish', () => {
    const r = transitionInvitation({ kind: 'fixed_time', status: 'declined', participant: 'declined' }, 'confirm');
    expect(r).toMatchObject({ ok: false, message: 'Det går inte att bekräfta tiden när kallelsen är avböjd.' });
  });
});

describe('invitationStatusesAllowing', () => {
  test.each([
    ['confirm', 'fixed_time', ['proposed']],
    ['confirm', 'book_within_period', []],
    ['book', 'book_within_period', ['proposed']],
    ['decline', 'fixed_time', ['proposed', 'pending']],
    ['cancel', 'book_within_period', ['proposed', 'pending', 'booked']],
    ['propose_time', 'fixed_time', ['pending']],
  ] as [InvitationEvent, InvitationKind, InvitationStatus[]][])('%s on %s leaves from %j', (event, kind, from) => {
    expect(invitationStatusesAllowing(event, kind)).toEqual(from);
  });
});

describe('FHIR and abilities', () => {
  test('declined is exported as a cancelled appointment with a declined participant', () => {
    expect(invitationFhir('declined', 'declined')).toEqual({
      appointmentStatus: 'cancelled',
      participantStatus: 'declined',
    });
    expect(invitationFhir('pending', 'tentative')).toEqual({
      appointmentStatus: 'pending',
      participantStatus: 'tentative',
    });
  });

  test('abilities follow the machine', () => {
    expect(invitationAbilities('fixed_time', 'proposed', 'needs-action')).toEqual({
      canConfirm: true,
      canDecline: true,
      canRequestOtherTime: true,
      canBook: false,
    });
    expect(invitationAbilities('book_within_period', 'proposed', 'needs-action')).toEqual({
      canConfirm: false,
      canDecline: true,
      canRequestOtherTime: false,
      canBook: true,
    });
    expect(invitationAbilities('fixed_time', 'booked', 'accepted')).toEqual({
      canConfirm: false,
      canDecline: false,
      canRequestOtherTime: false,
      canBook: false,
    });
  });

  test.each([
    ['proposed', true],
    ['pending', true],
    ['booked', false],
    ['declined', false],
    ['cancelled', false],
  ] as [InvitationStatus, boolean][])('%s awaits an answer: %s', (status, awaiting) => {
    expect(isAwaitingAnswer(status)).toBe(awaiting);
  });
});
