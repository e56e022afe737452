/**
 * Admission by free capacity: at most `capacity` people are inside at once, and
 * every place that frees up calls the next person in order at once.
 *
 * The ledger counts places, not people. `called` is the highest place called so
 * far (the serving number); each called place is either **pending** (called,
 * its holder has not come for it yet), **live** (its ticket was admitted), or
 * **freed**. Inside = pending + live = `called − freed`, and new places are only
 * called while that is under `capacity`. A place is freed when its ticket
 *   - is used up (booking made, logged out, "I'm done"): `release`;
 *   - is abandoned: no sign of it (status poll, gated request) for `abandonMs`;
 *   - reaches the end of its admitted validity;
 *   - or, called but never claimed, its holder does not come within `abandonMs`
 *     (they left the queue or closed the page while waiting).
 * A ticket that comes back after its place was freed for silence (a phone that
 * slept), or a holder who comes for a call that lapsed, is let in again at once
 * only while the room is under its capacity and no earlier returner is waiting;
 * otherwise it stands **back** (keeps its place, "ahead 0") and each settle
 * readmits the returners, oldest first, before calling any new place. So the
 * room never holds more than `capacity` (unless an administrator lowers it).
 * A returner that goes silent again, or whose turn ends, leaves `back`.
 *
 * These functions are the rule; the Redis script in the server's waiting-room
 * module (capacity-store.ts) is a line-by-line copy that runs atomically across
 * instances, and the in-memory store runs these functions directly.
 */

export interface CapacityLedger {
  /** Highest place called (the serving number in capacity mode). */
  called: number;
  /** Places freed so far (may step back by one when a freed ticket returns). */
  freed: number;
  /** Admitted tickets → the time (ms) their place frees unless they are seen again. */
  live: Map<string, number>;
  /** Called places not yet claimed → the time (ms) the call lapses. */
  pending: Map<number, number>;
  /** Tickets used up: they never count again (their browser joins anew). */
  done: Set<string>;
  /**
   * Returners waiting for a free place (freed for silence, or a lapsed call),
   * in the order they came back → the time (ms) they leave unless seen again.
   */
  back: Map<string, number>;
}

export const newCapacityLedger = (): CapacityLedger => ({
  called: 0,
  freed: 0,
  live: new Map(),
  pending: new Map(),
  done: new Set(),
  back: new Map(),
});

/** People inside now (admitted and still counted, plus called places not yet claimed). */
export const inside = (l: CapacityLedger) => l.live.size + l.pending.size;

/** At most this many places are called in one step (keeps one step of the shared script short). */
export const MAX_CALLS_PER_STEP = 10_000;

export interface CapacitySettings {
  capacity: number;
  /** How long a ticket may be silent (or a called place unclaimed) before its place frees, ms. */
  abandonMs: number;
  /** A paused room frees places but calls nobody new. */
  paused?: boolean;
}

/** When an admitted ticket seen at `now` frees its place unless seen again. */
export const liveDeadline = (now: number, abandonMs: number, admittedUntil: number) =>
  Math.min(now + abandonMs, admittedUntil);

/**
 * Frees lapsed places (silent or expired tickets, unclaimed calls), then calls
 * the next places in order while the room is under capacity and people are
 * waiting (`arrivals` is the number of places handed out so far).
 */
export function settle(l: CapacityLedger, now: number, arrivals: number, s: CapacitySettings): void {
  for (const [ticket, until] of l.live) {
    if (until <= now) {
      l.live.delete(ticket);
      l.freed += 1;
    }
  }
  for (const [place, until] of l.pending) {
    if (until <= now) {
      l.pending.delete(place);
      l.freed += 1;
    }
  }
  for (const [ticket, until] of l.back) if (until <= now) l.back.delete(ticket);
  if (s.paused) return;
  // Returners first, oldest first: they held a called place before anyone waiting now.
  for (const [ticket, until] of l.back) {
    if (inside(l) >= s.capacity) break;
    l.back.delete(ticket);
    l.live.set(ticket, until);
    l.freed -= 1;
  }
  const target = Math.min(s.capacity + l.freed, arrivals, l.called + MAX_CALLS_PER_STEP);
  while (l.called < target) {
    l.called += 1;
    l.pending.set(l.called, now + s.abandonMs);
  }
}

/** What a claim or touch came to: 'live' admitted (or kept), 'back' waits as a returner, 'no' not called yet, 'gone' used up or past its turn. */
export type CapacityResult = 'live' | 'back' | 'no' | 'gone';

/**
 * A ticket whose place is not counted (freed for silence, or a call that
 * lapsed) asks again: counted at once when the room has room and no earlier
 * returner waits (never while paused), else it stands back (see `settle`).
 */
function comeBack(l: CapacityLedger, ticket: string, deadline: number, s: CapacitySettings): 'live' | 'back' {
  const first = l.back.keys().next().value;
  if (s.paused || inside(l) >= s.capacity || (first !== undefined && first !== ticket)) {
    l.back.set(ticket, deadline);
    return 'back';
  }
  l.back.delete(ticket);
  l.live.set(ticket, deadline);
  l.freed -= 1;
  return 'live';
}

/**
 * The holder of `place` asks to come in. Admitted when the place has been
 * called: the pending call becomes the ticket's live place; a ticket already
 * live stays; a call that lapsed comes back as a returner (`comeBack`).
 * 'no' while the place has not been called.
 */
export function claim(
  l: CapacityLedger,
  ticket: string,
  place: number,
  now: number,
  arrivals: number,
  s: CapacitySettings,
  admittedUntil: number,
): CapacityResult {
  settle(l, now, arrivals, s);
  if (l.done.has(ticket)) return 'gone';
  if (place > l.called) return 'no';
  const deadline = liveDeadline(now, s.abandonMs, admittedUntil);
  if (l.pending.delete(place) || l.live.has(ticket)) {
    l.back.delete(ticket);
    l.live.set(ticket, deadline);
    return 'live';
  }
  return comeBack(l, ticket, deadline, s);
}

/**
 * An admitted ticket was seen (a status poll, a gated request): its place is
 * kept for another `abandonMs`. A ticket whose place was freed for silence
 * comes back as a returner (`comeBack`: counted again if there is room, else
 * 'back'); one used up or past its validity is 'gone'.
 */
export function touch(
  l: CapacityLedger,
  ticket: string,
  now: number,
  admittedUntil: number,
  s: CapacitySettings,
): CapacityResult {
  const deadline = liveDeadline(now, s.abandonMs, admittedUntil);
  if (l.done.has(ticket) || deadline <= now) return 'gone';
  if (l.live.has(ticket)) {
    l.live.set(ticket, deadline);
    return 'live';
  }
  return comeBack(l, ticket, deadline, s);
}

/** The ticket is used up (booking made, logged out, done): its place frees and the next is called at once. */
export function release(
  l: CapacityLedger,
  ticket: string,
  now: number,
  arrivals: number,
  s: CapacitySettings,
): boolean {
  const was = l.live.delete(ticket);
  if (was) l.freed += 1;
  l.back.delete(ticket);
  l.done.add(ticket);
  settle(l, now, arrivals, s);
  return was;
}

/** One reading of a capacity room's shared count of freed places. */
export interface FreedSample {
  at: number;
  freed: number;
}

/** How far back the observed freeing pace looks. */
export const FREED_WINDOW_MS = 5 * 60_000;
/** The pace is only trusted once the readings span this long. */
export const FREED_MIN_SPAN_MS = 30_000;

/**
 * Adds a reading (oldest first), keeping one reading at or before the window's
 * start so the span covers the whole window. A count that steps back (a freed
 * ticket returned) is kept as read; the pace never goes below zero.
 */
export function noteFreed(samples: FreedSample[], sample: FreedSample, windowMs = FREED_WINDOW_MS): FreedSample[] {
  const last = samples[samples.length - 1];
  if (last && sample.at < last.at) return samples;
  samples.push(sample);
  while (samples.length > 2 && (samples[1] as FreedSample).at <= sample.at - windowMs) samples.shift();
  return samples;
}

/** Places freed per minute over the readings; null until they span `minSpanMs`. */
export function freedPerMinute(samples: readonly FreedSample[], minSpanMs = FREED_MIN_SPAN_MS): number | null {
  const first = samples[0];
  const last = samples[samples.length - 1];
  if (!first || !last || last.at - first.at < minSpanMs) return null;
  return (Math.max(0, last.freed - first.freed) * 60_000) / (last.at - first.at);
}
