/** The weekly triage report: decisions per ISO week (Stockholm), by route and urgency, and overrides. */
import { stockholmDate } from '../age.js';
import { addDays, epochDay } from '../calendar-date.js';
import { isoWeekday } from '../timebook/holidays.js';
import { ROUTES, type Route, URGENCY_LEVELS, type Urgency } from './outcome.js';

/** ISO 8601 week of a calendar date, e.g. '2026-W50'. */
export function isoWeekOf(date: string): string {
  // The week belongs to the year of its Thursday.
  const thursday = addDays(date, 4 - isoWeekday(date));
  const year = Number(thursday.slice(0, 4));
  const week = Math.floor((epochDay(thursday) - epochDay(`${year}-01-01`)) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

export interface ReportWeek {
  week: string;
  total: number;
  byRoute: Record<Route, number>;
  byUrgency: Record<Urgency, number>;
  redFlags: number;
  talkToSomeone: number;
  overrides: number;
}

const zeros = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/** Counts per week for `[from, to]` (dates, inclusive); every week in the range appears, empty or not. */
export function weeklyReport(
  from: string,
  to: string,
  decisions: { decidedAt: Date; route: string; urgency: string; kind: string }[],
  overrides: { createdAt: Date }[],
): ReportWeek[] {
  const weeks = new Map<string, ReportWeek>();
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const week = isoWeekOf(d);
    if (!weeks.has(week)) {
      weeks.set(week, {
        week,
        total: 0,
        byRoute: zeros(ROUTES),
        byUrgency: zeros(URGENCY_LEVELS),
        redFlags: 0,
        talkToSomeone: 0,
        overrides: 0,
      });
    }
  }
  for (const d of decisions) {
    const w = weeks.get(isoWeekOf(stockholmDate(d.decidedAt)));
    if (!w) continue;
    w.total += 1;
    if (d.route in w.byRoute) w.byRoute[d.route as Route] += 1;
    if (d.urgency in w.byUrgency) w.byUrgency[d.urgency as Urgency] += 1;
    if (d.kind === 'red_flag') w.redFlags += 1;
    if (d.kind === 'talk_to_someone') w.talkToSomeone += 1;
  }
  for (const o of overrides) {
    const w = weeks.get(isoWeekOf(stockholmDate(o.createdAt)));
    if (w) w.overrides += 1;
  }
  return [...weeks.values()];
}
