/**
 * What every instance keeps in memory so that a status poll needs no database
 * statement: the open rooms (re-read once a second, and at once when an
 * administrator changes one — announced through the hub), the rooms' shared
 * counters (read from the hub once a second), and each released room's
 * shuffled places (computed once from the seed).
 */
import {
  type FreedSample,
  freedPerMinute,
  noteFreed,
  type RoomClock,
  servingNumber,
  shuffledPlaces,
} from '@ingang/domain';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/index.js';
import type { Hub } from '../../platform/hub.js';
import type { CapacityRoom, CapacityState, CapacityStore } from './capacity-store.js';
import { freezePrequeue, openRooms, type RoomRow } from './store.js';

export const ROOMS_CHANNEL = 'waiting-room:changed';
/** Counters live a week: long enough for any release, short enough to clean themselves up. */
export const COUNTER_TTL_SECONDS = 7 * 24 * 3600;
export const COUNTERS = ['arrivals', 'admitted', 'used', 'completed', 'left'] as const;
export type CounterName = (typeof COUNTERS)[number];
export type Counters = Record<CounterName, number>;
export const counterKey = (roomId: string, name: CounterName) => `wr:${roomId}:${name}`;

const zero = (): Counters => ({ arrivals: 0, admitted: 0, used: 0, completed: 0, left: 0 });

/** The pace a rate-mode room admits at now: the load-driven pace when "auto", else the administrator's rate. */
export const effectiveRate = (room: RoomRow) =>
  room.pace_auto && room.paced_rate_per_minute !== null
    ? Math.min(room.paced_rate_per_minute, room.rate_per_minute)
    : room.rate_per_minute;

/** The places a capacity-mode room has now: the load-driven capacity when "auto", else the administrator's. */
export const effectiveCapacity = (room: RoomRow) =>
  room.pace_auto && room.paced_capacity !== null ? Math.min(room.paced_capacity, room.capacity) : room.capacity;

export function roomClock(room: RoomRow): RoomClock {
  return {
    admission: room.admission,
    ratePerMinute: effectiveRate(room),
    capacity: effectiveCapacity(room),
    admittedValidSeconds: room.admitted_valid_seconds,
    releaseAt: room.release_at,
    baseServing: room.base_serving,
    baseAt: room.base_at,
    pausedAt: room.paused_at,
  };
}

/** What the capacity ledger needs of a room. */
export const capacityRoom = (room: RoomRow): CapacityRoom => ({
  id: room.id,
  capacity: effectiveCapacity(room),
  paused: room.paused_at !== null,
});

/** A capacity-mode room past its release (its ledger runs). */
export const ledgerRuns = (room: RoomRow) => room.admission === 'capacity' && room.prequeue_count !== null;

export function createRoomCache(deps: {
  db: Db;
  hub: Hub;
  clock: Clock;
  capacity: CapacityStore;
  log: { warn(o: object, m: string): void };
}) {
  let rooms: RoomRow[] = [];
  const counters = new Map<string, Counters>();
  const ledgers = new Map<string, CapacityState>();
  // Capacity rooms: the shared freed count as read each second (the observed freeing pace for the wait shown).
  const flows = new Map<string, FreedSample[]>();
  const places = new Map<string, Uint32Array>();
  let timer: NodeJS.Timeout | undefined;
  let unsubscribe: (() => Promise<void>) | undefined;

  async function refreshCounters() {
    const keys = rooms.flatMap((room) => COUNTERS.map((name) => counterKey(room.id, name)));
    const values = await deps.hub.getCounters(keys);
    rooms.forEach((room, r) => {
      const c = zero();
      COUNTERS.forEach((name, i) => {
        c[name] = values[r * COUNTERS.length + i] ?? 0;
      });
      counters.set(room.id, c);
    });
  }

  /** Freezes the prequeue of rooms whose release moment has passed (one instance's update wins). */
  async function freezeDue(): Promise<boolean> {
    const now = deps.clock.now().getTime();
    let changed = false;
    for (const room of rooms) {
      if (room.prequeue_count !== null || room.release_at.getTime() > now) continue;
      const [arrivals] = await deps.hub.getCounters([counterKey(room.id, 'arrivals')]);
      await freezePrequeue(deps.db, room.id, arrivals ?? 0);
      changed = true;
    }
    return changed;
  }

  async function refresh() {
    rooms = await openRooms(deps.db);
    if (await freezeDue()) rooms = await openRooms(deps.db);
    await refreshCounters();
    // Capacity rooms: free lapsed places and call the next (the shared script makes this safe on every instance).
    const now = deps.clock.now().getTime();
    for (const room of rooms) {
      if (!ledgerRuns(room)) continue;
      const state = await deps.capacity.settle(capacityRoom(room), now);
      ledgers.set(room.id, state);
      flows.set(room.id, noteFreed(flows.get(room.id) ?? [], { at: now, freed: state.freed }));
    }
    const live = new Set(rooms.map((r) => r.id));
    for (const id of ledgers.keys()) {
      if (live.has(id)) continue;
      ledgers.delete(id);
      flows.delete(id);
      deps.capacity.forget(id);
    }
    for (const id of places.keys()) if (!live.has(id)) places.delete(id);
    for (const id of counters.keys()) if (!live.has(id)) counters.delete(id);
  }

  // One refresh at a time per instance, however many requests ask for one.
  let pending: Promise<void> | null = null;
  const refreshOnce = () => {
    pending ??= refresh().finally(() => {
      pending = null;
    });
    return pending;
  };
  const tick = () => refreshOnce().catch((error) => deps.log.warn({ err: error }, 'waiting room refresh failed'));

  return {
    refresh: refreshOnce,
    /**
     * The room as it is now, once its prequeue is frozen if the release moment
     * has passed (the moment itself triggers one refresh instead of waiting for the tick).
     */
    async current(id: string): Promise<RoomRow | undefined> {
      const room = rooms.find((r) => r.id === id);
      if (room && room.prequeue_count === null && room.release_at.getTime() <= deps.clock.now().getTime()) {
        await refreshOnce();
        return rooms.find((r) => r.id === id);
      }
      return room;
    },
    async start(intervalMs = 1000) {
      await refresh();
      unsubscribe = await deps.hub.subscribe(ROOMS_CHANNEL, () => void tick());
      timer = setInterval(tick, intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      await unsubscribe?.();
    },
    /** Announces a change to every instance (including this one). */
    async changed() {
      await refreshOnce();
      await deps.hub.publish(ROOMS_CHANNEL, { at: Date.now() });
    },
    /** Open rooms whose prequeue has opened (they gate login and booking). */
    live(): RoomRow[] {
      const now = deps.clock.now().getTime();
      return rooms.filter((r) => r.prequeue_opens_at.getTime() <= now);
    },
    /** Every open room, scheduled ones included. */
    all: (): RoomRow[] => rooms,
    get: (id: string) => rooms.find((r) => r.id === id),
    counters: (id: string): Counters => counters.get(id) ?? zero(),
    /** Bumps this instance's copy at once (the hub has the true value; the next refresh overwrites it). */
    bump(id: string, name: CounterName, value?: number) {
      const c = counters.get(id) ?? zero();
      c[name] = value ?? c[name] + 1;
      counters.set(id, c);
    },
    /** Keeps the latest ledger figures a capacity step returned. */
    noteLedger(id: string, state: CapacityState) {
      const known = ledgers.get(id);
      if (!known || state.called >= known.called) ledgers.set(id, state);
    },
    /** Capacity mode: places freed per minute over the last minutes, from the shared ledger (null until known). */
    freedPerMinute: (id: string): number | null => freedPerMinute(flows.get(id) ?? []),
    /** Capacity mode: people inside now (admitted and counted, plus called places not yet claimed). */
    inside(id: string): number {
      const l = ledgers.get(id);
      return l ? l.live + l.pending : 0;
    },
    serving(room: RoomRow): number {
      if (room.prequeue_count === null) return 0;
      if (room.admission === 'capacity') return ledgers.get(room.id)?.called ?? 0;
      return servingNumber(roomClock(room), deps.clock.now(), counters.get(room.id)?.completed ?? 0);
    },
    /** The shuffled places of a released room's prequeue (null before the prequeue is frozen). */
    shuffled(room: RoomRow): Uint32Array | null {
      if (room.prequeue_count === null) return null;
      let p = places.get(room.id);
      if (!p) {
        p = shuffledPlaces(room.prequeue_count, room.seed);
        places.set(room.id, p);
      }
      return p;
    },
  };
}

export type RoomCache = ReturnType<typeof createRoomCache>;
