/**
 * Admission pace following the load (rate mode with "auto"; in capacity mode the
 * number of places, with the same rule): every couple of seconds
 * (WAITING_ROOM_PACE_STEP_MS) each instance reads its own load (in-flight
 * requests, event-loop delay, pool wait — the load switch's readings, the pace's
 * own thresholds: packages/domain's paceVerdict) and steps the pace of its
 * live auto rooms with packages/domain's stepPace, keeping the serving number
 * reached (as an administrator's rate change does). The write is conditional
 * on the room not having changed since this instance read it, so two instances
 * never both apply a step to the same value; all instances pick the new pace up
 * through the usual hub announcement.
 *
 * The event-loop delay cuts only while this process is busy itself (its own CPU, session 7). Over the
 * delay threshold with the process nearly idle the machine is short of CPU — neighbours hold the
 * cores — and the pace holds; entering and leaving that state is logged once each.
 */
import {
  type LoadThresholds,
  type LoadVerdict,
  loopStarved,
  paceVerdict,
  rebase,
  stepCapacity,
  stepPace,
} from '@ingang/domain';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/index.js';
import type { LoadMonitor } from '../../platform/load.js';
import { effectiveCapacity, effectiveRate, type RoomCache, roomClock } from './rooms.js';
import { type RoomRow, setPace } from './store.js';

export function createPaceControl(deps: {
  db: Db;
  clock: Clock;
  rooms: RoomCache;
  load: LoadMonitor;
  thresholds: Pick<LoadThresholds, 'on' | 'off'>;
  log: { info(o: object, m: string): void };
}) {
  /** One room's step: the new figure, or null when it stays. Rate mode keeps the serving number reached. */
  async function step(room: RoomRow, verdict: LoadVerdict) {
    const now = deps.clock.now();
    if (room.admission === 'capacity') {
      const current = effectiveCapacity(room);
      const next = stepCapacity(current, room.capacity, verdict);
      if (next === current) return null;
      const won = await setPace(deps.db, room.id, room.updated_at, { paced_capacity: next, updated_at: now });
      return won ? { kind: 'capacity', from: current, to: next } : null;
    }
    const current = effectiveRate(room);
    const next = stepPace(current, room.rate_per_minute, verdict);
    if (next === current) return null;
    const base = rebase(roomClock(room), now);
    const won = await setPace(deps.db, room.id, room.updated_at, {
      paced_rate_per_minute: next,
      base_serving: base.baseServing,
      base_at: base.baseAt,
      updated_at: now,
    });
    return won ? { kind: 'pace', from: current, to: next } : null;
  }

  let held = false;
  return {
    /** Steps every live auto room once; returns how many steps this instance landed. */
    async tick(): Promise<number> {
      const rooms = deps.rooms.live().filter((r) => r.pace_auto && r.paused_at === null && r.prequeue_count !== null);
      if (rooms.length === 0) return 0;
      const reading = deps.load.reading();
      const verdict = paceVerdict(reading, deps.thresholds);
      const starving = verdict !== 'over' && loopStarved(reading, deps.thresholds.on);
      if (starving !== held) {
        held = starving;
        deps.log.info(
          { reading },
          starving
            ? 'waiting room pace held: event-loop delay over, but this process is not busy itself (the machine is short of CPU)'
            : 'waiting room pace follows the load again',
        );
      }
      let landed = 0;
      for (const room of rooms) {
        const stepped = await step(room, verdict);
        if (!stepped) continue;
        landed += 1;
        deps.log.info({ roomId: room.id, ...stepped, verdict, reading }, 'waiting room pace changed');
      }
      if (landed > 0) await deps.rooms.changed();
      return landed;
    },
  };
}
