/**
 * Reads the capacity rules for a set of weeks once and answers
 * `capacity(clinicId, week)` with the domain rule (yearly plan spread over the
 * weeks, adjusted or closed weeks).
 */
import { weekCapacity } from '@ingang/domain';
import type { Queryable } from '../../platform/db/index.js';
import * as store from './store.js';

export type CapacityOf = (clinicId: string, week: string) => number;

/** The capacity function over `weeks` (plans of their years and the weeks' adjustments). */
export async function loadCapacity(q: Queryable, weeks: string[]): Promise<CapacityOf> {
  const unique = [...new Set(weeks)];
  const years = [...new Set(unique.map((w) => Number(w.slice(0, 4))))];
  const [plans, adjustments] = await Promise.all([store.plans(q, years), store.weekAdjustments(q, unique)]);
  const plan = new Map(plans.map((p) => [`${p.clinic_id}|${p.year}`, p.births]));
  const adjusted = new Map(adjustments.map((a) => [`${a.clinic_id}|${a.week}`, a]));
  return (clinicId, week) =>
    weekCapacity(week, plan.get(`${clinicId}|${week.slice(0, 4)}`) ?? null, adjusted.get(`${clinicId}|${week}`));
}
