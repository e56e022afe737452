/**
 * Holding back work that can wait while a rush lasts (the waiting room's `rush()`): the slot
 * feed's regeneration, the purges and sweeps nobody waits for. The hold is bounded, so
 * nothing starves: `maxDeferMs` after it first held the work back, one run goes ahead and the
 * wait starts again.
 */
import type { Clock } from './clock.js';

export interface RushHold {
  /** False while the rush holds the work back; true outside a rush and once per `maxDeferMs` in one. */
  mayRun(): boolean;
}

/** A hold for one piece of work on this instance. */
export function rushHold(clock: Clock, rush: () => boolean, maxDeferMs: number): RushHold {
  // Since when this instance has held the work back (null = not holding it back).
  let heldSince: number | null = null;
  return {
    mayRun() {
      if (!rush()) {
        heldSince = null;
        return true;
      }
      const now = clock.now().getTime();
      heldSince ??= now;
      if (now - heldSince < maxDeferMs) return false;
      heldSince = now;
      return true;
    },
  };
}
