/**
 * Waiting-room arithmetic: who is being served, a ticket's place, the estimated
 * wait, and when the load-driven queue switches on and off. Pure functions of a
 * room's settings, a few shared counters and the clock, so every server
 * instance answers a status poll the same way without a database read.
 */

/** How admission proceeds once a room is open. */
export type Admission = 'rate' | 'capacity';

/** The settings and bookkeeping of one room that the serving number depends on. */
export interface RoomClock {
  admission: Admission;
  /** People let in per minute (rate mode). */
  ratePerMinute: number;
  /** Admitted people at a time (capacity mode). */
  capacity: number;
  /** How long an admitted ticket stays valid, in seconds. */
  admittedValidSeconds: number;
  /** When admission starts (the release moment, or when the room was switched on). */
  releaseAt: Date;
  /** Serving number carried over at `baseAt` (changes of rate, pause and resume restart the count). */
  baseServing: number;
  /** Counting of this stretch starts here (never before `releaseAt`). */
  baseAt: Date;
  pausedAt: Date | null;
}

/**
 * The people per minute a room lets in. Capacity mode lets in `capacity` at the
 * release and then one more for each place that is freed. Every admitted place
 * frees at the latest when its validity ends, so a full room frees at least
 * capacity per validity period; when places are observed to free faster (people
 * book, log out or leave early — `freedPerMinute`, from the shared ledger, see
 * `freedPerMinute` in capacity.ts) the faster observed pace is the estimate.
 * (servingNumber's capacity arm is the fallback arithmetic: the server takes a
 * capacity room's serving number from the shared ledger of capacity.ts, which
 * also frees places of abandoned tickets.)
 */
export function admissionsPerMinute(
  room: Pick<RoomClock, 'admission' | 'ratePerMinute' | 'capacity' | 'admittedValidSeconds'> & {
    freedPerMinute?: number | null;
  },
) {
  if (room.admission === 'rate') return room.ratePerMinute;
  const floor = (room.capacity * 60) / Math.max(1, room.admittedValidSeconds);
  return Math.max(floor, room.freedPerMinute ?? 0);
}

/**
 * The highest place let in at `at`: every ticket whose place is at most this
 * number may go on. `completed` is the shared count of admitted people who
 * finished or gave up early (capacity mode frees their place at once).
 */
export function servingNumber(room: RoomClock, at: Date, completed = 0): number {
  if (at.getTime() < room.releaseAt.getTime()) return 0;
  const until = Math.min(at.getTime(), room.pausedAt?.getTime() ?? Number.POSITIVE_INFINITY);
  const elapsedMs = Math.max(0, until - room.baseAt.getTime());
  const paced = Math.floor((admissionsPerMinute(room) * elapsedMs) / 60_000);
  return room.baseServing + paced + (room.admission === 'capacity' ? completed : 0);
}

/** The base a room starts from at its release: capacity mode lets its first `capacity` in at once. */
export function initialServing(admission: Admission, capacity: number): number {
  return admission === 'capacity' ? capacity : 0;
}

/**
 * Restarts the count at `at` (a rate change, pause or resume): the serving
 * number reached so far is kept, so nobody admitted loses their turn.
 */
export function rebase(room: RoomClock, at: Date, completed = 0): Pick<RoomClock, 'baseServing' | 'baseAt'> {
  const reached = servingNumber(room, at, completed) - (room.admission === 'capacity' ? completed : 0);
  const start = at.getTime() < room.releaseAt.getTime() ? room.releaseAt : at;
  return { baseServing: reached, baseAt: start };
}

/**
 * A ticket's place: prequeue arrivals (numbers up to `prequeueCount`) take
 * the place the shuffle gave them; everyone after keeps arrival order.
 */
export function placeOf(arrival: number, prequeueCount: number, shuffled: ArrayLike<number> | null): number {
  if (arrival <= prequeueCount && shuffled) return shuffled[arrival] as number;
  return arrival;
}

/** What a waiting person is told. */
export interface QueueStanding {
  admitted: boolean;
  /** People in front (0 when admitted). */
  ahead: number;
  /** Estimated seconds until admission (0 when admitted; null when paused). */
  etaSeconds: number | null;
  /** 0…1, how much of the queue in front of this person has been served since they arrived. */
  progress: number;
}

/** Where a ticket stands at `serving` (see `servingNumber`). */
export function standing(args: {
  place: number;
  serving: number;
  /** The serving number when the ticket was first placed (for progress). */
  servingAtJoin: number;
  perMinute: number;
  paused: boolean;
}): QueueStanding {
  const { place, serving, servingAtJoin, perMinute, paused } = args;
  if (place <= serving) return { admitted: true, ahead: 0, etaSeconds: 0, progress: 1 };
  const ahead = place - serving - 1;
  const span = Math.max(1, place - Math.min(servingAtJoin, serving));
  const progress = Math.min(1, Math.max(0, (serving - Math.min(servingAtJoin, serving)) / span));
  const etaSeconds = paused || perMinute <= 0 ? null : Math.ceil(((ahead + 1) * 60) / perMinute);
  return { admitted: false, ahead, etaSeconds, progress };
}

/** Load readings the automatic switch looks at. */
export interface LoadReading {
  inFlight: number;
  /** Event-loop delay (p99 over the last window), ms. */
  eventLoopDelayMs: number;
  /** Requests waiting for a database connection. */
  poolWaiting: number;
  /**
   * This process's own CPU over the same window, as a share of one core (0.5 = half a core). In the
   * `on` thresholds: the share at which the process counts as busy itself (`ownBusy`). Absent or 0
   * there, or absent in a reading: the delay counts alone (the rule before session 7).
   */
  ownCpu?: number;
  /** The event loop's utilization over the same window, 0–1 (a reading to show; no threshold). */
  eventLoopUtilization?: number;
}

/**
 * Whether this process is busy itself, so that its event-loop delay is its own doing. The delay also
 * rises when other processes hold the machine's cores (the database, the other instance, a neighbour
 * on a shared host): the loop then waits for a core, not for its own work, and letting fewer people
 * in cannot shorten it. Busy = its own CPU over the window reached `on.ownCpu` of a core; with no
 * such threshold, or no reading, it counts as busy (the delay alone decides).
 */
export function ownBusy(r: LoadReading, on: Pick<LoadReading, 'ownCpu'>): boolean {
  if (!on.ownCpu || r.ownCpu === undefined) return true;
  return r.ownCpu >= on.ownCpu;
}

/** The delay is over `on` and it is this process's own: it counts as load. */
export const delayOver = (r: LoadReading, on: LoadReading) =>
  r.eventLoopDelayMs >= on.eventLoopDelayMs && ownBusy(r, on);

/**
 * The delay is over `on` while this process is not busy itself: the machine is short of CPU (its
 * neighbours), not this instance. Admission control then holds (neither cuts nor raises): a cut
 * would not shorten the delay and would only make the queue longer; a raise would add work to a
 * machine that has no CPU to spare.
 */
export const loopStarved = (r: LoadReading, on: LoadReading) =>
  r.eventLoopDelayMs >= on.eventLoopDelayMs && !ownBusy(r, on);

/** Thresholds: on when any reading reaches its `on` value for `onAfterMs`; off when all are under `off` for `offAfterMs`. */
export interface LoadThresholds {
  on: LoadReading;
  off: LoadReading;
  onAfterMs: number;
  offAfterMs: number;
}

/** The switch's memory between readings. */
export interface AutoSwitchState {
  active: boolean;
  /** Since when the readings have pointed the other way (null: they agree with `active`). */
  since: number | null;
}

/** Over the `on` thresholds: any reading reaches its value (the delay only when it is this process's own). */
export const overLoad = (r: LoadReading, t: LoadReading) =>
  r.inFlight >= t.inFlight || delayOver(r, t) || r.poolWaiting >= t.poolWaiting;
const under = (r: LoadReading, t: LoadReading) =>
  r.inFlight < t.inFlight && r.eventLoopDelayMs < t.eventLoopDelayMs && r.poolWaiting < t.poolWaiting;

/**
 * One step of the load-driven switch, with hysteresis: the `off` thresholds sit
 * below the `on` ones and both must hold for a while, so the room does not
 * flap when the load hovers around one value. A delay over `on` while this
 * process is not busy itself (`loopStarved`) flips it neither way: it is not load
 * a room would take off this instance, and it is not calm either.
 */
export function stepAutoSwitch(
  state: AutoSwitchState,
  reading: LoadReading,
  t: LoadThresholds,
  now: number,
): AutoSwitchState {
  const wantsFlip = state.active ? under(reading, t.off) : overLoad(reading, t.on);
  if (!wantsFlip) return { active: state.active, since: null };
  const since = state.since ?? now;
  const hold = state.active ? t.offAfterMs : t.onAfterMs;
  if (now - since >= hold) return { active: !state.active, since: null };
  return { active: state.active, since };
}

/**
 * The poll interval's bounds: the short interval when news may come at any
 * moment, near the front every couple of seconds, far back once a minute.
 */
export const POLL_SECONDS_MIN = 5;
export const POLL_SECONDS_FRONT = 2;
export const POLL_SECONDS_MAX = 60;
/** The quickest a place inside a capacity room turns over (log in and look takes longer). */
export const FASTEST_TURN_SECONDS = 4;

const clampPoll = (seconds: number, min: number) => Math.min(POLL_SECONDS_MAX, Math.max(min, Math.round(seconds)));

/**
 * How long a waiting browser should wait before asking again. Polls are the
 * room's main cost on a rumour day (45 000 waiting at one poll per 5 s is
 * 9 000 requests a second), so the interval halves the estimated wait: about
 * log2(wait) polls per person, and someone called is seen within a couple of
 * seconds (in capacity mode a called place is idle until its holder asks).
 * Before the release, half the time left (a prequeue opened 15 minutes early
 * must not poll every 5 s), the short interval as the moment nears; while
 * paused, without an estimate or once admitted, the short interval (a resume
 * is news at once; an admitted page keeps the turn alive).
 */
/** The prequeue's first asks after the release are spread so that about this many come a second … */
export const RELEASE_ASKS_PER_SECOND = 2000;
/** … over at most this many seconds. */
export const RELEASE_SPREAD_MAX_SECONDS = 20;

/**
 * Seconds over which a prequeue of `waiting` people spreads its first asks after the release. Everyone
 * waiting learns their place then; 150 000 asking in the same few seconds would be a storm of their
 * own making. The order was drawn, so asking early gains nothing.
 */
export function releaseSpreadSeconds(waiting: number): number {
  return Math.min(RELEASE_SPREAD_MAX_SECONDS, Math.floor(waiting / RELEASE_ASKS_PER_SECOND));
}

export function pollSeconds(
  status: {
    phase: string;
    etaSeconds: number | null;
    paused: boolean;
    releaseAt?: string;
    ahead?: number | null;
    arrival?: number;
  },
  now?: Date,
  /**
   * A capacity room. Those within one capacity of the front are called as soon as places free, and a
   * called place stays idle until its holder asks: the front interval, whatever the estimate says
   * (the freeing pace the estimate comes from is itself slowed by late askers). Until the room has
   * seen its pace (`paced` false) its estimate is only an upper bound (every place frees by the end
   * of its validity) and does not set the interval: the short one further back.
   */
  capacityRoom?: { capacity: number; paced: boolean },
  /** The prequeue's spread after the release (`releaseSpreadSeconds`); 0 = none. */
  releaseSpread = 0,
  /**
   * A rate room whose rate is the administrator's (not following the load): its estimate is exact
   * arithmetic (`servingNumber` reaches the place at the estimate, never later), so the browser asks
   * when it is due instead of at half the wait. A pause or a lowered rate makes that ask early (one
   * more poll); a raised rate makes it late by at most the interval (60 s), and in rate mode a late
   * asker holds up nobody else. At full size this cuts a 150 000-person release's polls from about
   * log2(wait) to wait/60 + 1 per person (docs/performance.md, 7 Dec 22:30).
   */
  exactEta = false,
): number {
  if (status.paused) return POLL_SECONDS_MIN;
  if (status.phase === 'prequeue' && status.releaseAt && now) {
    const left = (Date.parse(status.releaseAt) - now.getTime()) / 1000;
    if (left / 2 >= POLL_SECONDS_MIN) return clampPoll(left / 2, POLL_SECONDS_MIN);
    // The moment is near: ask just after it, each at their own second of the spread (by arrival).
    // Past it (the draw is a second away on the server) ask again shortly.
    if (left <= 0) return POLL_SECONDS_FRONT;
    return Math.max(POLL_SECONDS_FRONT, Math.ceil(left)) + ((status.arrival ?? 0) % (releaseSpread + 1));
  }
  if (status.phase !== 'waiting') return POLL_SECONDS_MIN;
  if (capacityRoom) {
    if (status.ahead != null && status.ahead < capacityRoom.capacity) return POLL_SECONDS_FRONT;
    if (!capacityRoom.paced || status.etaSeconds === null) {
      // No pace yet: the earliest this ticket can be called is when everyone between it and the
      // front has had a turn, at FASTEST_TURN_SECONDS a turn; ask at half of that (5–60 s). A flat
      // 5 s made 45 000 waiting people ask 9 000 times a second until the pace was seen.
      const turns = Math.max(0, (status.ahead ?? 0) - capacityRoom.capacity) / Math.max(1, capacityRoom.capacity);
      return clampPoll((turns * FASTEST_TURN_SECONDS) / 2, POLL_SECONDS_MIN);
    }
    // The observed pace lags a speed-up, so further back a quarter of the estimate (5–60 s): a minute
    // only when the estimate is four or more, and the next in line ask every 2 s above whatever it says.
    return clampPoll(status.etaSeconds / 4, POLL_SECONDS_MIN);
  }
  if (status.etaSeconds === null) return POLL_SECONDS_MIN;
  return clampPoll(exactEta ? status.etaSeconds : status.etaSeconds / 2, POLL_SECONDS_FRONT);
}
