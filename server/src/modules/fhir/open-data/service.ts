/**
 * The daily open dataset: once per Stockholm day a snapshot of the week behind
 * and the two weeks ahead (places per unit, time type and day; median lead
 * time), suppressed so no cell identifies a person, stored so every instance
 * serves the same file.
 */
import type { OpenDataResponse } from '@ingang/contracts';
import { addDays, stockholmDate, stockholmMidnight } from '@ingang/domain';
import type { Clock } from '../../../platform/clock.js';
import type { Db } from '../../../platform/db/index.js';
import { AppError } from '../../../platform/errors.js';
import * as store from './store.js';
import { MIN_CELL, suppress } from './suppress.js';

const DAYS_BACK = 7;
const DAYS_AHEAD = 14;

/** The waiting room's figures per room and day (from its public face); none when it is not wired. */
export type QueuePeaks = (from: Date, to: Date) => Promise<QueuePeakRow[]>;
export interface QueuePeakRow {
  date: string;
  scope: 'app' | 'time_type';
  time_type_code: string | null;
  time_type_name: string | null;
  peak_waiting: number;
  peak_at: Date;
  arrivals: number;
  admitted: number;
}

export function createOpenDataService(deps: { db: Db; clock: Clock; queuePeaks?: QueuePeaks }) {
  const { db, clock } = deps;

  function answer(day: string, generatedAt: Date, rows: unknown, peaks: unknown): OpenDataResponse {
    return {
      day,
      generatedAt: generatedAt.toISOString(),
      license: 'CC0-1.0',
      suppression: `Booked counts of 1–${MIN_CELL - 1} are withheld (and then free places too); a median lead time needs at least ${MIN_CELL} bookings.`,
      rows: rows as OpenDataResponse['rows'],
      waitingRoomPeaks: peaks as OpenDataResponse['waitingRoomPeaks'],
    };
  }

  /** Builds today's snapshot if it is missing (the hourly schedule; idempotent across instances). */
  async function ensureToday(): Promise<void> {
    const now = clock.now();
    const day = stockholmDate(now);
    if (await store.snapshot(db, day)) return;
    const from = stockholmMidnight(addDays(day, -DAYS_BACK));
    const to = stockholmMidnight(addDays(day, DAYS_AHEAD));
    const rows = (await store.aggregates(db, from, to)).map(suppress);
    // The queue's days so far (the week behind and today until now): anonymous counts, never per person.
    const peaks = ((await deps.queuePeaks?.(from, now)) ?? []).map((p) => ({
      date: p.date,
      scope: p.scope,
      timeTypeCode: p.time_type_code,
      timeTypeName: p.time_type_name,
      peakWaiting: p.peak_waiting,
      peakAt: p.peak_at.toISOString(),
      arrivals: p.arrivals,
      admitted: p.admitted,
    }));
    await store.save(db, day, now, rows, peaks);
  }

  return {
    ensureToday,

    /** A day's snapshot (default: the newest, building today's when none exists yet). */
    async dataset(day?: string): Promise<OpenDataResponse> {
      if (day) {
        const row = await store.snapshot(db, day);
        if (!row) throw new AppError(404, 'not_found', `No open dataset for ${day}.`);
        return answer(day, row.generated_at, row.rows, row.waiting_room_peaks);
      }
      await ensureToday();
      const row = await store.latest(db);
      if (!row) throw new AppError(404, 'not_found', 'No open dataset yet.');
      return answer(String(row.day), row.generated_at, row.rows, row.waiting_room_peaks);
    },
  };
}

export type OpenDataService = ReturnType<typeof createOpenDataService>;
