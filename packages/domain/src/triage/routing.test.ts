import { describe, expect, test } from 'vitest';
import type { Outcome, Route, Urgency } from './outcome.js';
import { isUnitOpenAt, type RoutingContext, type RoutingUnit, routeOutcome } from './routing.js';

const weekdays = (opens: string, closes: string) => [1, 2, 3, 4, 5].map((day) => ({ day, opens, closes }));
const unit = (id: string, over: Partial<RoutingUnit> = {}): RoutingUnit => ({
  id,
  openingHours: weekdays('08:00', '17:00'),
  offers: ['message_unit', 'drop_in_video', 'book_time'],
  ageMin: null,
  ageMax: null,
  openOnHolidays: false,
  ...over,
});
const vc = unit('vc');
const bvc = unit('bvc', { ageMax: 5 });
const night = unit('night', {
  openingHours: [1, 2, 3, 4, 5, 6, 7].flatMap((day) => [
    { day, opens: '00:00', closes: '08:00' },
    { day, opens: '17:00', closes: '24:00' },
  ]),
  offers: ['drop_in_video', 'message_unit'],
  openOnHolidays: true,
});
// Monday 7 December 2026; Stockholm is UTC+1 in winter.
const at = (local: string) => new Date(`${local}+01:00`);
const ctx = (now: Date, ageYears = 30, units = [vc, bvc, night]): RoutingContext => ({
  now,
  ageYears,
  listedUnitId: 'vc',
  nightUnitId: 'night',
  units,
});
const outcome = (route: Route, urgency: Urgency = 'same_day'): Outcome => ({
  route,
  urgency,
  visitForm: 'digital',
  profession: 'nurse',
  ...(route === 'book_time' ? { bookingType: 'doctor-visit' } : {}),
  ...(route === 'self_care' ? { articleId: 'a' } : {}),
});

describe('isUnitOpenAt: opening-hour edges', () => {
  test.each<[string, Date, boolean]>([
    ['07:59 Monday', at('2026-12-07T07:59'), false],
    ['08:00 Monday (opens inclusive)', at('2026-12-07T08:00'), true],
    ['16:59 Monday', at('2026-12-07T16:59'), true],
    ['17:00 Monday (closes exclusive)', at('2026-12-07T17:00'), false],
    ['Saturday noon', at('2026-12-12T12:00'), false],
    ['Christmas Eve, a Thursday', at('2026-12-24T10:00'), false],
    ['summer time: 08:00 Stockholm is 06:00 UTC', new Date('2026-06-15T06:00:00Z'), true],
    ['summer time: 07:59 Stockholm', new Date('2026-06-15T05:59:00Z'), false],
  ])('%s', (_name, when, open) => {
    expect(isUnitOpenAt(vc, when)).toBe(open);
  });

  test('a unit open on holidays, through midnight written as two entries', () => {
    expect(isUnitOpenAt(night, at('2026-12-24T23:59'))).toBe(true);
    expect(isUnitOpenAt(night, at('2026-12-25T00:00'))).toBe(true);
    expect(isUnitOpenAt(night, at('2026-12-25T08:00'))).toBe(false);
  });
});

describe('routeOutcome', () => {
  test.each<[string, Outcome, RoutingContext, Route, string | null, string]>([
    [
      '112 needs no unit',
      outcome('call_112', 'acute'),
      ctx(at('2026-12-07T10:00')),
      'call_112',
      null,
      'no_unit_needed',
    ],
    [
      'self care needs no unit',
      outcome('self_care', 'within_14_days'),
      ctx(at('2026-12-07T03:00')),
      'self_care',
      null,
      'no_unit_needed',
    ],
    [
      'drop-in in hours: listed unit',
      outcome('drop_in_video'),
      ctx(at('2026-12-07T10:00')),
      'drop_in_video',
      'vc',
      'listed_unit',
    ],
    [
      'drop-in at 17:00: the night unit',
      outcome('drop_in_video'),
      ctx(at('2026-12-07T17:00')),
      'drop_in_video',
      'night',
      'night_unit',
    ],
    [
      'drop-in for a child of 3: the children’s unit',
      outcome('drop_in_video'),
      ctx(at('2026-12-07T10:00'), 3),
      'drop_in_video',
      'bvc',
      'children_unit',
    ],
    [
      'drop-in for a child of 6: too old for the BVC',
      outcome('drop_in_video'),
      ctx(at('2026-12-07T10:00'), 6),
      'drop_in_video',
      'vc',
      'listed_unit',
    ],
    [
      'child at night: the night unit',
      outcome('drop_in_video'),
      ctx(at('2026-12-07T22:00'), 3),
      'drop_in_video',
      'night',
      'night_unit',
    ],
    [
      'a same-day booking at night: the night unit takes messages',
      outcome('book_time'),
      ctx(at('2026-12-07T22:00')),
      'message_unit',
      'night',
      'fallback_message',
    ],
    [
      'a later booking outside hours still goes to the listed unit',
      outcome('book_time', 'within_14_days'),
      ctx(at('2026-12-12T12:00')),
      'book_time',
      'vc',
      'listed_unit',
    ],
    [
      'a later message on Saturday goes to the listed unit',
      outcome('message_unit', 'within_3_days'),
      ctx(at('2026-12-12T12:00')),
      'message_unit',
      'vc',
      'listed_unit',
    ],
    [
      'same-day message with nobody open: 1177',
      outcome('message_unit'),
      ctx(at('2026-12-07T22:00'), 30, [vc]),
      'call_1177',
      null,
      'fallback_1177',
    ],
    [
      'the unit does not offer drop-in: message it',
      outcome('drop_in_video'),
      ctx(at('2026-12-07T10:00'), 30, [unit('vc', { offers: ['message_unit'] })]),
      'message_unit',
      'vc',
      'fallback_message',
    ],
    [
      'no listed unit and no night unit: 1177',
      outcome('book_time', 'within_3_days'),
      { now: at('2026-12-07T10:00'), ageYears: 30, listedUnitId: null, nightUnitId: null, units: [vc] },
      'call_1177',
      null,
      'fallback_1177',
    ],
  ])('%s', (_name, o, c, route, unitId, reason) => {
    const routed = routeOutcome(o, c);
    expect(routed).toMatchObject({ route, unitId, reason });
  });

  test('a fallback keeps the urgency and says what was asked for', () => {
    const routed = routeOutcome(outcome('book_time'), ctx(at('2026-12-07T22:00'), 30, [vc]));
    expect(routed).toEqual({
      route: 'call_1177',
      urgency: 'same_day',
      visitForm: 'digital',
      profession: 'nurse',
      unitId: null,
      reason: 'fallback_1177',
      requestedRoute: 'book_time',
    });
  });
});
