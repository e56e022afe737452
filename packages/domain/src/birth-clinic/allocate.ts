/**
 * The birth-clinic allocation: places pregnancies at delivery clinics against
 * each clinic's capacity in the pregnancy's delivery week. Pure and
 * deterministic: the same input (in any order) gives the same placements.
 *
 * Order of placement (the documented tie rule):
 * 1. Those already told their clinic keep it, and count against its capacity,
 *    unless the clinic has since closed that week (capacity 0).
 * 2. Those told but moved because their clinic closed the week come first
 *    among the rest, in registration order — they were promised a place earliest.
 * 3. Everyone else in registration order (`registeredAt`, then `id`).
 *
 * Each gets the highest-ranked wish with room; with no wish, or every wish
 * full, the nearest clinic with room (by distance from the registered home;
 * with protected identity or no known address, from her antenatal clinic;
 * equal distances by clinic id). When every open clinic is full she is placed
 * over plan at the nearest open clinic (delivery clinics see an over-plan
 * alert); when no clinic takes births that week she is left unplaced.
 */

import { distanceKm, type Point } from '../geo.js';

export interface AllocationClinic {
  id: string;
  point: Point;
}

export interface AllocationPregnancy {
  id: string;
  /** ISO delivery week, 'YYYY-Www'. */
  week: string;
  /** Registration instant (ms since epoch): who comes first. */
  registeredAt: number;
  /** Ranked clinic ids (first = most wanted). */
  wishes: readonly string[];
  /** The registered home; null with protected identity or no known address. */
  home: Point | null;
  /** The antenatal clinic's location (used when `home` is null). */
  antenatal: Point;
  /** The clinic she has been told, if any. */
  toldClinicId: string | null;
}

export type PlacementBasis = 'kept' | 'wish' | 'nearest' | 'over_plan' | 'none';
export type PlacementReason =
  | 'kept'
  | 'wish'
  | 'no_wish'
  | 'wishes_full'
  | 'clinic_closed'
  | 'all_full'
  | 'no_clinic_open';

export interface Placement {
  pregnancyId: string;
  clinicId: string | null;
  basis: PlacementBasis;
  /** 1–3 when placed by a wish. */
  wishRank: number | null;
  /** Why she got this clinic (first match wins: closed, no wish, wishes full…). */
  reason: PlacementReason;
  /** True when she had been told another clinic and is moved (a closed week). */
  moved: boolean;
}

export interface AllocationInput {
  clinics: readonly AllocationClinic[];
  /** Capacity of a clinic in a week (0 = takes no births). */
  capacity: (clinicId: string, week: string) => number;
  pregnancies: readonly AllocationPregnancy[];
}

const byRegistration = (a: AllocationPregnancy, b: AllocationPregnancy) =>
  a.registeredAt - b.registeredAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Places every pregnancy in `input`; returns one placement per pregnancy, in registration order. */
export function allocate(input: AllocationInput): Placement[] {
  const clinics = [...input.clinics].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const known = new Set(clinics.map((c) => c.id));
  const used = new Map<string, number>();
  const key = (clinicId: string, week: string) => `${clinicId}|${week}`;
  const capacityCache = new Map<string, number>();
  const capacity = (clinicId: string, week: string) => {
    const k = key(clinicId, week);
    let c = capacityCache.get(k);
    if (c === undefined) {
      c = Math.max(0, input.capacity(clinicId, week));
      capacityCache.set(k, c);
    }
    return c;
  };
  const hasRoom = (clinicId: string, week: string) => (used.get(key(clinicId, week)) ?? 0) < capacity(clinicId, week);
  const take = (clinicId: string, week: string) =>
    used.set(key(clinicId, week), (used.get(key(clinicId, week)) ?? 0) + 1);

  const sorted = [...input.pregnancies].sort(byRegistration);
  const placements = new Map<string, Placement>();
  const moved: AllocationPregnancy[] = [];
  const rest: AllocationPregnancy[] = [];
  for (const p of sorted) {
    if (p.toldClinicId === null) rest.push(p);
    else if (known.has(p.toldClinicId) && capacity(p.toldClinicId, p.week) > 0) {
      take(p.toldClinicId, p.week);
      placements.set(p.id, {
        pregnancyId: p.id,
        clinicId: p.toldClinicId,
        basis: 'kept',
        wishRank: rankOf(p, p.toldClinicId),
        reason: 'kept',
        moved: false,
      });
    } else moved.push(p);
  }

  for (const p of [...moved, ...rest]) {
    const wasMoved = p.toldClinicId !== null;
    const wishes = p.wishes.filter((id) => known.has(id));
    const wishIndex = wishes.findIndex((id) => hasRoom(id, p.week));
    if (wishIndex >= 0) {
      const clinicId = wishes[wishIndex] as string;
      take(clinicId, p.week);
      placements.set(p.id, {
        pregnancyId: p.id,
        clinicId,
        basis: 'wish',
        wishRank: rankOf(p, clinicId),
        reason: wasMoved ? 'clinic_closed' : 'wish',
        moved: wasMoved,
      });
      continue;
    }
    const from = p.home ?? p.antenatal;
    const open = clinics
      .filter((c) => capacity(c.id, p.week) > 0)
      .map((c) => ({ id: c.id, d: distanceKm(from, c.point) }))
      .sort((a, b) => a.d - b.d || (a.id < b.id ? -1 : 1));
    const withRoom = open.find((c) => hasRoom(c.id, p.week));
    const reason: PlacementReason = wasMoved ? 'clinic_closed' : wishes.length === 0 ? 'no_wish' : 'wishes_full';
    if (withRoom) {
      take(withRoom.id, p.week);
      placements.set(p.id, {
        pregnancyId: p.id,
        clinicId: withRoom.id,
        basis: 'nearest',
        wishRank: null,
        reason,
        moved: wasMoved,
      });
    } else if (open[0]) {
      take(open[0].id, p.week);
      placements.set(p.id, {
        pregnancyId: p.id,
        clinicId: open[0].id,
        basis: 'over_plan',
        wishRank: null,
        reason: wasMoved ? 'clinic_closed' : 'all_full',
        moved: wasMoved,
      });
    } else {
      placements.set(p.id, {
        pregnancyId: p.id,
        clinicId: null,
        basis: 'none',
        wishRank: null,
        reason: 'no_clinic_open',
        moved: wasMoved,
      });
    }
  }
  return sorted.map((p) => placements.get(p.id) as Placement);
}

function rankOf(p: AllocationPregnancy, clinicId: string): number | null {
  const i = p.wishes.indexOf(clinicId);
  return i >= 0 ? i + 1 : null;
}

export interface AllocationSummary {
  total: number;
  withWish: number;
  firstWish: number;
  /** Share of those who stated a wish who got their first wish (0–1; 0 when none stated one). */
  firstWishShare: number;
  /** Placed at the nearest clinic because of no wish or full wishes (incl. over plan). */
  fallback: number;
  fallbackShare: number;
  overPlan: number;
  unplaced: number;
}

/** Figures for the region: first-wish and fallback shares. */
export function summarize(
  pregnancies: readonly AllocationPregnancy[],
  placements: readonly Placement[],
): AllocationSummary {
  const wishesOf = new Map(pregnancies.map((p) => [p.id, p.wishes.length]));
  let withWish = 0;
  let firstWish = 0;
  let fallback = 0;
  let overPlan = 0;
  let unplaced = 0;
  for (const pl of placements) {
    if ((wishesOf.get(pl.pregnancyId) ?? 0) > 0) withWish++;
    if (pl.wishRank === 1) firstWish++;
    if (pl.basis === 'nearest' || pl.basis === 'over_plan') fallback++;
    if (pl.basis === 'over_plan') overPlan++;
    if (pl.basis === 'none') unplaced++;
  }
  const total = placements.length;
  return {
    total,
    withWish,
    firstWish,
    firstWishShare: withWish === 0 ? 0 : firstWish / withWish,
    fallback,
    fallbackShare: total === 0 ? 0 : fallback / total,
    overPlan,
    unplaced,
  };
}
