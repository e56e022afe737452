import { describe, expect, test } from 'vitest';
import { distanceKm } from '../geo.js';
import { type AllocationPregnancy, allocate, summarize } from './allocate.js';

// Three clinics on a line north of a home at (59.0, 18.0): A nearest, then B, then C.
const clinics = [
  { id: 'A', point: { lat: 59.1, lng: 18.0 } },
  { id: 'B', point: { lat: 59.2, lng: 18.0 } },
  { id: 'C', point: { lat: 59.3, lng: 18.0 } },
];
const home = { lat: 59.0, lng: 18.0 };
const W = '2027-W20';

let n = 0;
function preg(over: Partial<AllocationPregnancy> = {}): AllocationPregnancy {
  n++;
  return {
    id: `p${String(n).padStart(3, '0')}`,
    week: W,
    registeredAt: n * 1000,
    wishes: [],
    home,
    antenatal: { lat: 59.35, lng: 18.0 },
    toldClinicId: null,
    ...over,
  };
}
const caps = (table: Record<string, number>) => (clinicId: string, week: string) => table[`${clinicId}|${week}`] ?? 0;
const all = (c: number) => caps({ [`A|${W}`]: c, [`B|${W}`]: c, [`C|${W}`]: c });

describe('allocate', () => {
  test('first wish with room', () => {
    const p = preg({ wishes: ['B', 'C'] });
    expect(allocate({ clinics, capacity: all(5), pregnancies: [p] })).toEqual([
      { pregnancyId: p.id, clinicId: 'B', basis: 'wish', wishRank: 1, reason: 'wish', moved: false },
    ]);
  });

  test('a full first wish falls to the second; earlier registration wins the place', () => {
    const first = preg({ wishes: ['B'] });
    const second = preg({ wishes: ['B', 'C'] });
    const out = allocate({ clinics, capacity: caps({ [`B|${W}`]: 1, [`C|${W}`]: 1 }), pregnancies: [second, first] });
    expect(out.map((p) => [p.pregnancyId, p.clinicId, p.wishRank])).toEqual([
      [first.id, 'B', 1],
      [second.id, 'C', 2],
    ]);
  });

  test('ties in registration time are broken by pregnancy id', () => {
    const a = preg({ id: 'zz', registeredAt: 5, wishes: ['A'] });
    const b = preg({ id: 'aa', registeredAt: 5, wishes: ['A'] });
    const out = allocate({ clinics, capacity: caps({ [`A|${W}`]: 1, [`B|${W}`]: 1 }), pregnancies: [a, b] });
    expect(out.find((p) => p.pregnancyId === 'aa')?.clinicId).toBe('A');
    expect(out.find((p) => p.pregnancyId === 'zz')?.clinicId).toBe('B');
  });

  test('equal distances go to the lower clinic id', () => {
    const twins = [
      { id: 'Y', point: { lat: 59.1, lng: 18.0 } },
      { id: 'X', point: { lat: 59.1, lng: 18.0 } },
    ];
    const p = preg();
    const [out] = allocate({ clinics: twins, capacity: caps({ [`X|${W}`]: 1, [`Y|${W}`]: 1 }), pregnancies: [p] });
    expect(out?.clinicId).toBe('X');
  });

  test('no wish → the nearest clinic with room, from home', () => {
    const [out] = allocate({ clinics, capacity: all(5), pregnancies: [preg()] });
    expect(out).toMatchObject({ clinicId: 'A', basis: 'nearest', reason: 'no_wish', wishRank: null });
  });

  test('all wishes full → the nearest with room, reason wishes_full', () => {
    const [, out] = allocate({
      clinics,
      capacity: caps({ [`A|${W}`]: 1, [`B|${W}`]: 1, [`C|${W}`]: 1 }),
      pregnancies: [preg({ wishes: ['C'] }), preg({ wishes: ['C'] })],
    });
    expect(out).toMatchObject({ clinicId: 'A', basis: 'nearest', reason: 'wishes_full' });
  });

  test('protected identity (no home) → nearest to the antenatal clinic', () => {
    const [out] = allocate({ clinics, capacity: all(5), pregnancies: [preg({ home: null })] });
    expect(out).toMatchObject({ clinicId: 'C', basis: 'nearest' });
  });

  test('every clinic full → over plan at the nearest open clinic; none open → unplaced', () => {
    const full = allocate({
      clinics,
      capacity: caps({ [`B|${W}`]: 1 }),
      pregnancies: [preg(), preg({ wishes: ['B'] })],
    });
    expect(full[1]).toMatchObject({ clinicId: 'B', basis: 'over_plan', reason: 'all_full' });
    const [none] = allocate({ clinics, capacity: caps({}), pregnancies: [preg({ wishes: ['A'] })] });
    expect(none).toMatchObject({ clinicId: null, basis: 'none', reason: 'no_clinic_open' });
  });

  test('closed weeks are skipped even when wished for', () => {
    const [out] = allocate({
      clinics,
      capacity: caps({ [`A|${W}`]: 0, [`B|${W}`]: 3 }),
      pregnancies: [preg({ wishes: ['A'] })],
    });
    expect(out).toMatchObject({ clinicId: 'B', basis: 'nearest', reason: 'wishes_full' });
  });

  test('a changed due date puts her in the new week’s capacity', () => {
    const p = preg({ wishes: ['A'], week: '2027-W21' });
    const [out] = allocate({ clinics, capacity: caps({ [`A|${W}`]: 5, 'B|2027-W21': 5 }), pregnancies: [p] });
    expect(out).toMatchObject({ clinicId: 'B', basis: 'nearest' });
  });

  test('those already told keep their place and use capacity first, even if registered later', () => {
    const early = preg({ wishes: ['A'] });
    const toldLater = preg({ wishes: ['A'], toldClinicId: 'A' });
    const out = allocate({ clinics, capacity: all(1), pregnancies: [early, toldLater] });
    expect(out.find((p) => p.pregnancyId === toldLater.id)).toMatchObject({
      clinicId: 'A',
      basis: 'kept',
      moved: false,
    });
    expect(out.find((p) => p.pregnancyId === early.id)).toMatchObject({ clinicId: 'B', basis: 'nearest' });
  });

  test('a withdrawal frees the place for the next one not yet told', () => {
    const a = preg({ wishes: ['A'] });
    const b = preg({ wishes: ['A'] });
    const before = allocate({ clinics, capacity: all(1), pregnancies: [a, b] });
    expect(before[1]?.clinicId).toBe('B');
    const after = allocate({ clinics, capacity: all(1), pregnancies: [b] });
    expect(after[0]).toMatchObject({ clinicId: 'A', wishRank: 1 });
  });

  test('a clinic closing a week moves those told there, before the others, and says why', () => {
    const other = preg({ wishes: ['B'] });
    const told = preg({ wishes: ['A', 'B'], toldClinicId: 'A' });
    const out = allocate({
      clinics,
      capacity: caps({ [`A|${W}`]: 0, [`B|${W}`]: 1, [`C|${W}`]: 1 }),
      pregnancies: [other, told],
    });
    expect(out.find((p) => p.pregnancyId === told.id)).toMatchObject({
      clinicId: 'B',
      basis: 'wish',
      wishRank: 2,
      reason: 'clinic_closed',
      moved: true,
    });
    expect(out.find((p) => p.pregnancyId === other.id)).toMatchObject({ clinicId: 'C', reason: 'wishes_full' });
  });

  test('wishes for unknown clinics are ignored', () => {
    const [out] = allocate({ clinics, capacity: all(1), pregnancies: [preg({ wishes: ['gone', 'C'] })] });
    expect(out).toMatchObject({ clinicId: 'C', wishRank: 2 });
  });

  test('deterministic: the same input in any order gives the same placements', () => {
    const ps = Array.from({ length: 60 }, (_, i) =>
      preg({ wishes: [['A'], ['B', 'A'], [], ['C', 'B', 'A']][i % 4] as string[], registeredAt: i % 7 }),
    );
    const one = allocate({ clinics, capacity: all(12), pregnancies: ps });
    const reversed = allocate({ clinics, capacity: all(12), pregnancies: [...ps].reverse() });
    expect(reversed).toEqual(one);
    expect(allocate({ clinics, capacity: all(12), pregnancies: ps })).toEqual(one);
  });

  test('summary: first-wish and fallback shares', () => {
    const ps = [preg({ wishes: ['A'] }), preg({ wishes: ['A'] }), preg()];
    const placements = allocate({ clinics, capacity: all(1), pregnancies: ps });
    expect(summarize(ps, placements)).toEqual({
      total: 3,
      withWish: 2,
      firstWish: 1,
      firstWishShare: 0.5,
      fallback: 2,
      fallbackShare: 2 / 3,
      overPlan: 0,
      unplaced: 0,
    });
  });

  test('distance is the great-circle distance', () => {
    expect(distanceKm({ lat: 59, lng: 18 }, { lat: 60, lng: 18 })).toBeCloseTo(111.2, 1);
  });
});
