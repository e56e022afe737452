/**
 * Sends a decided outcome to a unit. Urgent outcomes (acute, same day) and
 * the drop-in queue need a unit that is open now; later needs may go to a
 * unit that opens tomorrow. Preference: a children's unit for a child, then
 * the patient's listed unit, then the region-wide night unit. Each candidate
 * must take the patient's age and offer the route. When nobody can, the route
 * falls back: drop-in → message the unit → call 1177; a booking → message →
 * 1177.
 */
import { isoWeekday, isSwedishPublicHoliday } from '../timebook/holidays.js';
import { parseClockTime, stockholmWallClock } from '../timebook/local-time.js';
import { type Outcome, type Route, UNIT_ROUTES } from './outcome.js';

export interface WeeklyHours {
  /** ISO weekday 1 (Monday) … 7 (Sunday). */
  day: number;
  /** 'HH:MM', inclusive. */
  opens: string;
  /** 'HH:MM', exclusive ('24:00' = end of day). */
  closes: string;
}

export interface RoutingUnit {
  id: string;
  openingHours: WeeklyHours[];
  /** The unit routes the unit takes (message_unit, drop_in_video, book_time). */
  offers: Route[];
  /** Inclusive age range in years; null = no limit. */
  ageMin: number | null;
  ageMax: number | null;
  /** Open on Swedish public holidays too (a night or emergency unit). */
  openOnHolidays: boolean;
}

export interface RoutingContext {
  now: Date;
  ageYears: number;
  listedUnitId: string | null;
  nightUnitId: string | null;
  units: RoutingUnit[];
}

export type RoutingReason =
  | 'no_unit_needed'
  | 'children_unit'
  | 'listed_unit'
  | 'night_unit'
  | 'fallback_message'
  | 'fallback_1177';

export interface RoutedOutcome extends Outcome {
  unitId: string | null;
  reason: RoutingReason;
  /** The route the rules chose, when routing had to fall back from it. */
  requestedRoute?: Route;
}

const CHILD_UNTIL = 18;

/** Whether the unit is open at `at` (Stockholm wall clock; closed on public holidays unless it says otherwise). */
export function isUnitOpenAt(unit: Pick<RoutingUnit, 'openingHours' | 'openOnHolidays'>, at: Date): boolean {
  const wall = stockholmWallClock(at);
  if (!unit.openOnHolidays && isSwedishPublicHoliday(wall.date)) return false;
  const minute = wall.hour * 60 + wall.minute;
  const day = isoWeekday(wall.date);
  return unit.openingHours.some((h) => {
    const opens = parseClockTime(h.opens);
    const closes = parseClockTime(h.closes, true);
    if (opens === null || closes === null) return false;
    // Hours past midnight (e.g. 20:00–02:00) are written as two entries; one entry never wraps.
    return h.day === day && minute >= opens && minute < closes;
  });
}

function takesAge(u: RoutingUnit, age: number): boolean {
  return (u.ageMin === null || age >= u.ageMin) && (u.ageMax === null || age <= u.ageMax);
}

function isChildrensUnit(u: RoutingUnit): boolean {
  return u.ageMax !== null && u.ageMax < CHILD_UNTIL;
}

function needsOpenNow(outcome: Outcome, route: Route): boolean {
  return route === 'drop_in_video' || outcome.urgency === 'acute' || outcome.urgency === 'same_day';
}

const FALLBACK: Partial<Record<Route, Route>> = {
  drop_in_video: 'message_unit',
  book_time: 'message_unit',
  message_unit: 'call_1177',
};

/** Picks the unit for the outcome, falling back along the route chain when none fits. */
export function routeOutcome(outcome: Outcome, ctx: RoutingContext): RoutedOutcome {
  if (!UNIT_ROUTES.has(outcome.route)) return { ...outcome, unitId: null, reason: 'no_unit_needed' };
  const byId = new Map(ctx.units.map((u) => [u.id, u]));
  const candidates: { unit: RoutingUnit; reason: RoutingReason }[] = [];
  if (ctx.ageYears < CHILD_UNTIL) {
    for (const u of ctx.units) if (isChildrensUnit(u)) candidates.push({ unit: u, reason: 'children_unit' });
  }
  const listed = ctx.listedUnitId ? byId.get(ctx.listedUnitId) : undefined;
  if (listed) candidates.push({ unit: listed, reason: 'listed_unit' });
  const night = ctx.nightUnitId ? byId.get(ctx.nightUnitId) : undefined;
  if (night) candidates.push({ unit: night, reason: 'night_unit' });

  let route: Route | undefined = outcome.route;
  while (route && UNIT_ROUTES.has(route)) {
    const r: Route = route;
    const open = needsOpenNow(outcome, r);
    const hit = candidates.find(
      (c) => takesAge(c.unit, ctx.ageYears) && c.unit.offers.includes(r) && (!open || isUnitOpenAt(c.unit, ctx.now)),
    );
    if (hit) {
      const fellBack = r !== outcome.route;
      return {
        ...outcome,
        route: r,
        unitId: hit.unit.id,
        reason: fellBack ? 'fallback_message' : hit.reason,
        ...(fellBack ? { requestedRoute: outcome.route } : {}),
      };
    }
    route = FALLBACK[r];
  }
  const { articleId: _a, bookingType: _b, ...rest } = outcome;
  return { ...rest, route: 'call_1177', unitId: null, reason: 'fallback_1177', requestedRoute: outcome.route };
}
