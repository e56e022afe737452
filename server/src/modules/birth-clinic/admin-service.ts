/**
 * Region admin: capacity (a yearly plan per clinic, week adjustments and
 * closures), the capacity-vs-demand overview and its CSV, allocation runs and
 * overrides. Lowering a week below the number already told is refused (409
 * `capacity_below_told`); closing such a week is the explicit way, needs a
 * reason, and queues a run that moves those patients and tells them why.
 */
import { addDays, isoWeek, isoWeekStart, isValidIsoWeek, plannedWeekCapacity } from '@ingang/domain';
import { recordAudit } from '../../platform/audit.js';
import type { StaffActor } from '../../platform/auth.js';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/index.js';
import { AppError, badRequest, forbidden, notFound } from '../../platform/errors.js';
import type { JobQueue } from '../../platform/jobs.js';
import type { AllocationRunner } from './allocation.js';
import * as runs from './allocation-store.js';
import { loadCapacity } from './capacity.js';
import type { BirthClinicNotifier } from './notify.js';
import * as store from './store.js';

export const ALLOCATE_JOB = 'birth-clinic.allocate';

export interface AdminServiceDeps {
  db: Db;
  clock: Clock;
  jobs: JobQueue;
  runner: AllocationRunner;
  notifier: BirthClinicNotifier;
}

function requireRegionAdmin(actor: StaffActor) {
  if (!actor.regionAdmin) throw forbidden('region_admin_only', 'Only region administrators can do this.');
}

const weeksOf = (year: number) => {
  const out: string[] = [];
  for (let d = isoWeekStart(`${year}-W01`); isoWeek(d).startsWith(String(year)); d = addDays(d, 7))
    out.push(isoWeek(d));
  return out;
};

/** The region admin service. */
export function createAdminService(deps: AdminServiceDeps) {
  const { db, clock } = deps;

  async function clinic(id: string) {
    const found = (await store.clinics(db)).find((c) => c.id === id);
    if (!found) throw notFound('clinic');
    return found;
  }

  async function overview(actor: StaffActor, from: string, count: number) {
    requireRegionAdmin(actor);
    if (!isValidIsoWeek(from)) throw badRequest('invalid_input', 'Ogiltig vecka.', { from: 'not an ISO week' });
    const weeks = Array.from({ length: count }, (_, i) => isoWeek(addDays(isoWeekStart(from), i * 7)));
    const [clinics, capacity, counts, summary] = await Promise.all([
      store.clinics(db),
      loadCapacity(db, weeks),
      runs.demandCounts(db, weeks),
      runs.toldSummary(db),
    ]);
    const byKey = new Map(counts.map((c) => [`${c.clinicId}|${c.week}`, c]));
    return {
      weeks,
      clinics: clinics.map((c) => ({
        id: c.id,
        name: c.name,
        cells: weeks.map((week) => {
          const n = byKey.get(`${c.id}|${week}`);
          return {
            week,
            capacity: capacity(c.id, week),
            told: n?.told ?? 0,
            provisional: n?.provisional ?? 0,
            firstWishes: n?.firstWishes ?? 0,
          };
        }),
      })),
      summary,
    };
  }

  return {
    overview,

    /** The overview as CSV (one row per clinic and week). */
    async overviewCsv(actor: StaffActor, from: string, count: number): Promise<string> {
      const data = await overview(actor, from, count);
      const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;
      const lines = ['clinic,week,capacity,told,provisional,first_wishes'];
      for (const c of data.clinics) {
        for (const cell of c.cells)
          lines.push(
            [quote(c.name), cell.week, cell.capacity, cell.told, cell.provisional, cell.firstWishes].join(','),
          );
      }
      return `${lines.join('\n')}\n`;
    },

    /** Clinics with the year's plan and week adjustments. */
    async clinics(actor: StaffActor, year: number) {
      requireRegionAdmin(actor);
      const [clinics, plans, weeks] = await Promise.all([
        store.clinics(db),
        store.plans(db, [year]),
        store.weekAdjustmentsOfYear(db, year),
      ]);
      return clinics.map((c) => ({
        id: c.id,
        name: c.name,
        shortName: c.short_name,
        yearlyBirths: plans.find((p) => p.clinic_id === c.id)?.births ?? null,
        weeks: weeks
          .filter((w) => w.clinic_id === c.id)
          .map((w) => ({ week: w.week, capacity: w.capacity, closed: w.closed, reason: w.reason })),
      }));
    },

    /** Sets a clinic's yearly plan; refused when an unadjusted week would drop below those told. */
    async setPlan(actor: StaffActor, clinicId: string, year: number, births: number) {
      requireRegionAdmin(actor);
      await clinic(clinicId);
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        const weeks = weeksOf(year);
        const adjusted = new Set(
          (await store.weekAdjustmentsOfYear(trx, year)).filter((w) => w.clinic_id === clinicId).map((w) => w.week),
        );
        const told = await store.toldCounts(trx, clinicId, weeks);
        for (const week of weeks) {
          const n = told.get(week) ?? 0;
          if (!adjusted.has(week) && n > plannedWeekCapacity(births, year, Number(week.slice(6)))) {
            throw capacityBelowTold('births', week, n);
          }
        }
        await store.upsertPlan(trx, { clinic_id: clinicId, year, births, at: now, staffId: actor.staffId });
      });
    },

    /** Adjusts or closes a week. Closing a week with patients told there queues a run that moves them. */
    async setWeek(
      actor: StaffActor,
      clinicId: string,
      week: string,
      input: { capacity: number | null; closed: boolean; reason: string },
    ) {
      requireRegionAdmin(actor);
      if (!isValidIsoWeek(week)) throw badRequest('invalid_input', 'Ogiltig vecka.', { week: 'not an ISO week' });
      await clinic(clinicId);
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        const n = (await store.toldCounts(trx, clinicId, [week])).get(week) ?? 0;
        if (input.closed && n > 0 && input.reason.length < 3) {
          throw badRequest(
            'reason_required',
            `${n} patienter har redan fått plats den veckan; ange varför veckan stängs.`,
            { reason: 'required when closing a week with patients told a place' },
          );
        }
        if (!input.closed && input.capacity !== null && input.capacity < n)
          throw capacityBelowTold('capacity', week, n);
        await store.upsertWeek(trx, { clinic_id: clinicId, week, ...input, at: now, staffId: actor.staffId });
        if (input.closed && n > 0) await deps.jobs.enqueue(trx, ALLOCATE_JOB, { trigger: 'week_closed' });
      });
    },

    /** Runs an allocation now (the same run the schedule makes). */
    async run(actor: StaffActor) {
      requireRegionAdmin(actor);
      return deps.runner.run('admin');
    },

    /** Overrides one allocation with a reason (logged, shown to the delivery clinic); the patient is told. */
    async override(actor: StaffActor, pregnancyId: string, input: { clinicId: string; reason: string }) {
      requireRegionAdmin(actor);
      await clinic(input.clinicId);
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        const row = await store.byId(trx, pregnancyId);
        if (!row) throw notFound('pregnancy');
        await store.overrideAllocation(trx, pregnancyId, {
          clinicId: input.clinicId,
          reason: input.reason,
          staffId: actor.staffId,
          at: now,
        });
        await recordAudit(trx, {
          actor,
          subjectPersonId: row.person_id,
          action: 'override',
          recordType: 'birth_allocation',
          recordId: pregnancyId,
          purpose: 'region_planning',
          reason: input.reason,
          at: now,
        });
        await deps.notifier.queueToldMany(trx, [{ id: pregnancyId, moved: row.told_at !== null }], now);
      });
    },
  };
}

/** 409 naming the field: the capacity would be below the number already told a place that week. */
function capacityBelowTold(field: string, week: string, told: number) {
  return new AppError(
    409,
    'capacity_below_told',
    `${told} patienter har redan fått plats vecka ${week}. Kapaciteten kan inte bli lägre; stäng veckan om de ska flyttas.`,
    { [field]: `${told} already told a place in ${week}` },
  );
}
