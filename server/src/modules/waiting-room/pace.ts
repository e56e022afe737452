/**
 * Admission pace following the load (rate mode with "auto"): every few seconds
 * each instance reads its own load (in-flight requests, event-loop delay, pool
 * wait — the load switch's readings and thresholds) and steps the pace of its
 * live auto rooms with packages/domain's stepPace, keeping the serving number
 * reached (as an administrator's rate change does). The write is conditional
 * on the room not having changed since this instance read it, so two instances
 * never both apply a step to the same value; all instances pick the new pace up
 * through the usual hub announcement.
 */
import { type LoadThresholds, loadVerdict, rebase, stepPace } from '@ingang/domain';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/index.js';
import type { LoadMonitor } from '../../platform/load.js';
import { effectiveRate, type RoomCache, roomClock } from './rooms.js';
import { setPace } from './store.js';

/** How often an instance steps the pace. */
export const PACE_STEP_MS = 5000;

export function createPaceControl(deps: {
  db: Db;
  clock: Clock;
  rooms: RoomCache;
  load: LoadMonitor;
  thresholds: Pick<LoadThresholds, 'on' | 'off'>;
  log: { info(o: object, m: string): void };
}) {
  return {
    async tick() {
      const rooms = deps.rooms
        .live()
        .filter((r) => r.pace_auto && r.admission === 'rate' && r.paused_at === null && r.prequeue_count !== null);
      if (rooms.length === 0) return;
      const reading = deps.load.reading();
      const verdict = loadVerdict(reading, deps.thresholds);
      let changed = false;
      for (const room of rooms) {
        const current = effectiveRate(room);
        const next = stepPace(current, room.rate_per_minute, verdict);
        if (next === current) continue;
        const now = deps.clock.now();
        const base = rebase(roomClock(room), now);
        const won = await setPace(deps.db, room.id, room.updated_at, {
          paced_rate_per_minute: next,
          base_serving: base.baseServing,
          base_at: base.baseAt,
          updated_at: now,
        });
        if (won) {
          changed = true;
          deps.log.info({ roomId: room.id, from: current, to: next, verdict, reading }, 'waiting room pace changed');
        }
      }
      if (changed) await deps.rooms.changed();
    },
  };
}
