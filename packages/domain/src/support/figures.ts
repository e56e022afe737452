/** Figures for the support dashboard: percentiles, SLA standing and ISO weeks. */

import { isoWeek } from '../birth-clinic/pregnancy.js';

export { isoWeek };

/** The p-th percentile (0–100, nearest-rank) of `values`, or null for none. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? null;
}

export type SlaStanding = 'ok' | 'near' | 'breached';

/** Where a clock stands against its goal: near from 75 % of the goal, breached at the goal. */
export function slaStanding(elapsedMinutes: number, goalMinutes: number): SlaStanding {
  if (elapsedMinutes >= goalMinutes) return 'breached';
  if (elapsedMinutes >= goalMinutes * 0.75) return 'near';
  return 'ok';
}

/** A typical wait in minutes from recent first-answer times (the median), or the goal with no data. */
export function typicalWaitMinutes(recent: readonly number[], goalMinutes: number): number {
  return percentile(recent, 50) ?? goalMinutes;
}
