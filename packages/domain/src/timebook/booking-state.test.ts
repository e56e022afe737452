import { describe, expect, it, test } from 'vitest';
import {
  BOOKING_EVENTS,
  BOOKING_STATUS_LABELS_SV,
  BOOKING_STATUSES,
  BOOKING_TRANSITIONS,
  type BookingEvent,
  type BookingStatus,
  isActiveBookingStatus,
  transitionBooking,
} from './booking-state.js';

const ALLOWED: Record<string, BookingStatus> = {
  'booked/arrive': 'arrived',
  'booked/no_show': 'no_show',
  'booked/cancel': 'cancelled',
  'arrived/complete': 'completed',
  'arrived/undo_arrival': 'booked',
};

const PAIRS: [BookingStatus, BookingEvent][] = BOOKING_STATUSES.flatMap((s) =>
  BOOKING_EVENTS.map((e): [BookingStatus, BookingEvent] => [s, e]),
);

describe('transitionBooking', () => {
  it('covers all 25 pairs', () => {
    expect(PAIRS).toHaveLength(25);
  });

  test.each(PAIRS)('%s + %s', (status, event) => {
    const result = transitionBooking(status, event);
    const expected = ALLOWED[`${status}/${event}`];
    if (expected) {
      expect(result).toEqual({ ok: true, next: expected });
    } else {
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.code).toBe('invalid_transition');
      // The message names the current state and the one asked for.
      expect(result.message).toContain(BOOKING_STATUS_LABELS_SV[status]);
      expect(result.message).toMatch(/kan inte ändras till \S+/);
    }
  });

  it('explains a refused arrival on a cancelled booking', () => {
    expect(transitionBooking('cancelled', 'arrive')).toEqual({
      ok: false,
      code: 'invalid_transition',
      message: 'Bokningen är avbokad och kan inte ändras till ankommen.',
    });
  });

  it('the exported table is exactly the allowed transitions', () => {
    const fromTable = Object.entries(BOOKING_TRANSITIONS).flatMap(([s, events]) =>
      Object.entries(events).map(([e, next]) => [`${s}/${e}`, next]),
    );
    expect(Object.fromEntries(fromTable)).toEqual(ALLOWED);
  });

  it('terminal statuses allow nothing', () => {
    for (const s of ['completed', 'no_show', 'cancelled'] as const) {
      expect(Object.keys(BOOKING_TRANSITIONS[s])).toEqual([]);
    }
  });
});

test.each([
  ['booked', true],
  ['arrived', true],
  ['completed', false],
  ['no_show', false],
  ['cancelled', false],
] as const)('isActiveBookingStatus(%s) → %s', (status, active) => {
  expect(isActiveBookingStatus(status)).toBe(active);
});
