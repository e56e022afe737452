/**
 * Admission pace that follows the servers' load (rate mode, "auto"): the
 * administrator's rate is the ceiling; each instance looks at its own load
 * every few seconds and, when it is over the load switch's "on" thresholds,
 * cuts the shared pace by a quarter, and when it is under the "off" ones,
 * raises it by a tenth of the ceiling (additive increase, multiplicative
 * decrease — the rule TCP uses to share a link). Between the two it keeps the
 * pace. With several instances the busiest one wins in the end, because a cut
 * is larger than a raise. Never below a tenth of the ceiling (at least 1 a
 * minute), so a queue always moves.
 *
 * Capacity mode uses the same rule for the number of places (`stepCapacity`):
 * the administrator's capacity is the ceiling, the effective capacity is cut
 * by a quarter when over, raised by a tenth of the ceiling when under, and
 * never below a tenth of it (at least 1 place).
 */
import { type LoadReading, type LoadThresholds, overLoad } from './queue.js';

export type LoadVerdict = 'over' | 'under' | 'steady';

/** Share of the ceiling the pace never goes under. */
export const PACE_FLOOR_SHARE = 0.1;
/** A cut keeps this share of the pace. */
export const PACE_CUT = 0.75;
/** A raise adds this share of the ceiling. */
export const PACE_RAISE_SHARE = 0.1;

/**
 * Over when any reading reaches its `on` value (the event-loop delay only when this process is busy
 * itself, `ownBusy`); under when all are below their `off` value.
 */
export function loadVerdict(r: LoadReading, t: Pick<LoadThresholds, 'on' | 'off'>): LoadVerdict {
  if (overLoad(r, t.on)) return 'over';
  if (r.inFlight < t.off.inFlight && r.eventLoopDelayMs < t.off.eventLoopDelayMs && r.poolWaiting < t.off.poolWaiting)
    return 'under';
  return 'steady';
}

/**
 * The pace control's own reading of the load. A person in the queue must be told a place within a
 * second, and that answer waits behind whatever the event loop is doing — so the pace has its own,
 * lower event-loop delay thresholds than the load switch (WAITING_ROOM_PACE_*). Requests in flight
 * only count towards "over": the people let in make requests, and requests waiting on the database
 * cost the event loop nothing; a raise is held back only by a busy event loop or a full pool.
 *
 * The delay cuts only when it is this process's own (session 7): over `on.eventLoopDelayMs` *and* its
 * own CPU at `on.ownCpu` of a core or more. A delay over while the process is nearly idle means the
 * machine is short of CPU — the database, the other instance or a neighbour holds the cores — and
 * fewer people inside cannot shorten it, so the pace holds (`loopStarved`): no cut, and no raise either
 * (the delay is not under `off`), which keeps the hysteresis as it was.
 */
export function paceVerdict(r: LoadReading, t: Pick<LoadThresholds, 'on' | 'off'>): LoadVerdict {
  if (overLoad(r, t.on)) return 'over';
  if (r.eventLoopDelayMs < t.off.eventLoopDelayMs && r.poolWaiting < t.off.poolWaiting) return 'under';
  return 'steady';
}

/** The pace floor for a ceiling. */
export const paceFloor = (ceiling: number) => Math.max(1, Math.ceil(ceiling * PACE_FLOOR_SHARE));

/** The next pace (people per minute) from the current one, the administrator's ceiling and the load. */
export function stepPace(current: number, ceiling: number, verdict: LoadVerdict): number {
  const floor = paceFloor(ceiling);
  const now = Math.min(ceiling, Math.max(floor, current));
  if (verdict === 'over') return Math.max(floor, Math.floor(now * PACE_CUT));
  if (verdict === 'under') return Math.min(ceiling, now + Math.max(1, Math.ceil(ceiling * PACE_RAISE_SHARE)));
  return now;
}

/**
 * The next effective capacity (places inside at once) from the current one, the
 * administrator's capacity (the ceiling) and the load: the same AIMD as the pace.
 * A cut below the people inside now frees nobody; new places wait until enough leave.
 */
export const stepCapacity = (current: number, ceiling: number, verdict: LoadVerdict): number =>
  stepPace(current, ceiling, verdict);
