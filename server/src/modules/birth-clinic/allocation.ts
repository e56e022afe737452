/**
 * The allocation run: one transaction (serialised across instances by an
 * advisory lock) that reads every active pregnancy, places them with the
 * domain rule and writes back only what changed. Those past their cut-off
 * are told (in-app at once, e-mail by a job after commit, a reminder the next
 * day); those before it get a provisional place that only the region's
 * figures show. Running it again with nothing changed writes nothing: it is
 * idempotent, and an interrupted run rolls back whole and can simply run again.
 */
import { type AllocationPregnancy, allocate } from '@ingang/domain';
import type { Clock } from '../../platform/clock.js';
import { uuid } from '../../platform/db/helpers.js';
import type { Db } from '../../platform/db/index.js';
import * as runs from './allocation-store.js';
import { loadCapacity } from './capacity.js';
import type { BirthClinicNotifier } from './notify.js';
import * as store from './store.js';

export interface RunResult {
  runId: string;
  considered: number;
  changed: number;
  told: number;
  moved: number;
  firstWishShare: number;
  fallbackShare: number;
}

export interface AllocationRunnerDeps {
  db: Db;
  clock: Clock;
  notifier: BirthClinicNotifier;
  /** A postal code's approximate position, or null when unknown. */
  locate: (postalCode: string) => { lat: number; lng: number } | null;
  /** Test seam: called after the placements are written, before the run commits. */
  beforeCommit?: () => Promise<void>;
}

/** Builds the allocation runner. */
export function createAllocationRunner(deps: AllocationRunnerDeps) {
  return {
    /** Runs an allocation now; `trigger` is recorded ('schedule', 'admin', 'capacity'…). */
    async run(trigger: string): Promise<RunResult> {
      return deps.db.transaction().execute(async (trx) => {
        await runs.lockRuns(trx);
        const now = deps.clock.now();
        const clinics = await store.clinics(trx);
        const rows = await runs.allocationInputs(trx);
        const capacity = await loadCapacity(
          trx,
          rows.map((r) => r.delivery_week),
        );
        const pregnancies: AllocationPregnancy[] = rows.map((r) => ({
          id: r.id,
          week: r.delivery_week,
          registeredAt: r.registered_at.getTime(),
          wishes: r.wish_clinic_ids,
          home: r.protected_identity || !r.postal_code ? null : deps.locate(r.postal_code),
          antenatal: { lat: r.latitude, lng: r.longitude },
          toldClinicId: r.told_at ? r.allocated_clinic_id : null,
        }));
        const placements = allocate({
          clinics: clinics.map((c) => ({ id: c.id, point: { lat: c.latitude, lng: c.longitude } })),
          capacity,
          pregnancies,
        });
        const byId = new Map(rows.map((r) => [r.id, r]));
        const writes: runs.PlacementWrite[] = [];
        const tell: { id: string; moved: boolean }[] = [];
        for (const p of placements) {
          if (p.basis === 'kept') continue;
          const row = byId.get(p.pregnancyId);
          if (!row) continue;
          const due = row.cutoff_at.getTime() <= now.getTime();
          const tellNow = p.clinicId !== null && (p.moved || (row.told_at === null && due));
          const same =
            row.allocated_clinic_id === p.clinicId &&
            row.allocation_basis === p.basis &&
            row.allocation_rank === p.wishRank &&
            row.allocation_reason === p.reason;
          if (same && !tellNow) continue;
          writes.push({
            id: p.pregnancyId,
            clinicId: p.clinicId,
            basis: p.basis,
            rank: p.wishRank,
            reason: p.reason,
            tell: tellNow,
          });
          if (tellNow) tell.push({ id: p.pregnancyId, moved: p.moved });
        }
        const runId = uuid();
        await runs.writePlacements(trx, writes, runId, now);
        await deps.notifier.queueToldMany(trx, tell, now);
        // The shares over everyone told a place, after this run's writes (what the region publishes).
        const summary = await runs.toldSummary(trx);
        const result: RunResult = {
          runId,
          considered: rows.length,
          changed: writes.length,
          told: tell.length,
          moved: tell.filter((t) => t.moved).length,
          firstWishShare: summary.firstWishShare,
          fallbackShare: summary.fallbackShare,
        };
        await runs.insertRun(trx, {
          id: runId,
          started_at: now,
          finished_at: deps.clock.now(),
          considered: result.considered,
          changed: result.changed,
          told: result.told,
          moved: result.moved,
          first_wish_share: result.firstWishShare,
          fallback_share: result.fallbackShare,
          trigger,
        });
        if (deps.beforeCommit) await deps.beforeCommit();
        return result;
      });
    },
  };
}

export type AllocationRunner = ReturnType<typeof createAllocationRunner>;
