/**
 * The booking state machine. A booking moves only through these guarded
 * transitions; every other (status, event) pair is refused with a message
 * that names both states, so staff understand why.
 *
 *   booked ──arrive──▶ arrived ──complete──▶ completed ("given")
 *     │  ▲               │
 *     │  └─undo_arrival──┘
 *     ├──no_show──▶ no_show
 *     └──cancel───▶ cancelled
 */

/** Status of a booking. `completed` is "given" for vaccinations. */
export type BookingStatus = 'booked' | 'arrived' | 'completed' | 'no_show' | 'cancelled';

/** Something that happens to a booking. */
export type BookingEvent = 'arrive' | 'complete' | 'no_show' | 'cancel' | 'undo_arrival';

/** All statuses, in lifecycle order. */
export const BOOKING_STATUSES: readonly BookingStatus[] = ['booked', 'arrived', 'completed', 'no_show', 'cancelled'];

/** All events. */
export const BOOKING_EVENTS: readonly BookingEvent[] = ['arrive', 'complete', 'no_show', 'cancel', 'undo_arrival'];

/** The allowed transitions: status → event → next status. Anything missing is refused. */
export const BOOKING_TRANSITIONS: Readonly<
  Record<BookingStatus, Readonly<Partial<Record<BookingEvent, BookingStatus>>>>
> = {
  booked: { arrive: 'arrived', no_show: 'no_show', cancel: 'cancelled' },
  arrived: { complete: 'completed', undo_arrival: 'booked' },
  completed: {},
  no_show: {},
  cancelled: {},
};

/** Swedish names of the statuses, as staff see them. */
export const BOOKING_STATUS_LABELS_SV: Readonly<Record<BookingStatus, string>> = {
  booked: 'bokad',
  arrived: 'ankommen',
  completed: 'genomförd',
  no_show: 'uteblev',
  cancelled: 'avbokad',
};

/** The status each event aims at, used to name it in refusals. */
const EVENT_TARGET: Readonly<Record<BookingEvent, BookingStatus>> = {
  arrive: 'arrived',
  complete: 'completed',
  no_show: 'no_show',
  cancel: 'cancelled',
  undo_arrival: 'booked',
};

/** Result of `transitionBooking`. */
export type BookingTransitionResult =
  | { ok: true; next: BookingStatus }
  | { ok: false; code: 'invalid_transition'; message: string };

/** The next status after `event`, or a refusal naming the current and the requested status. */
export function transitionBooking(status: BookingStatus, event: BookingEvent): BookingTransitionResult {
  const next = BOOKING_TRANSITIONS[status]?.[event];
  if (next) return { ok: true, next };
  const from = BOOKING_STATUS_LABELS_SV[status] ?? String(status);
  const to = BOOKING_STATUS_LABELS_SV[EVENT_TARGET[event]] ?? String(event);
  return {
    ok: false,
    code: 'invalid_transition',
    message: `Bokningen är ${from} och kan inte ändras till ${to}.`,
  };
}

/** True for statuses that hold a place and count as an active booking (booked, arrived). */
export function isActiveBookingStatus(status: BookingStatus): boolean {
  return status === 'booked' || status === 'arrived';
}
