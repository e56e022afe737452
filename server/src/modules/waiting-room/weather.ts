/**
 * The release weather: for one time type, which age groups may book now and
 * which open next, free places by area, and the live queue — public, so nobody
 * logs in just to look. Built at most once per `ttlMs` per type and instance;
 * every other request is served from the cache.
 */
import type { ReleaseWeatherResponse } from '@ingang/contracts';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/index.js';
import { notFound } from '../../platform/errors.js';
import type { RoomCache } from './rooms.js';
import { freePlacesByArea, timeTypeFacts } from './store.js';
import { roomView } from './view.js';

type Weather = ReleaseWeatherResponse['data'];

export function createReleaseWeather(deps: { db: Db; clock: Clock; rooms: RoomCache; ttlMs: number }) {
  const cache = new Map<string, { at: number; data: Omit<Weather, 'queue'> | null }>();
  const building = new Map<string, Promise<Omit<Weather, 'queue'> | null>>();

  async function build(timeTypeId: string): Promise<Omit<Weather, 'queue'> | null> {
    const now = deps.clock.now();
    const facts = await timeTypeFacts(deps.db, timeTypeId);
    if (!facts?.type.self_bookable) return null;
    const active = facts.rules.filter((r) => r.paused_at === null);
    const open = active.filter((r) => r.opens_at.getTime() <= now.getTime());
    const next = active.filter((r) => r.opens_at.getTime() > now.getTime());
    const freePlaces = await freePlacesByArea(deps.db, timeTypeId, now);
    return {
      timeType: { id: facts.type.id, code: facts.type.code, nameSv: facts.type.name_sv, nameEn: facts.type.name_en },
      ages: { min: facts.type.min_age, max: facts.type.max_age },
      openNow: open.map((r) => ({
        bornOnOrBefore: r.born_on_or_before,
        minAge: r.min_age,
        since: r.opens_at.toISOString(),
      })),
      next: next.map((r) => ({
        bornOnOrBefore: r.born_on_or_before,
        minAge: r.min_age,
        opensAt: r.opens_at.toISOString(),
      })),
      openToAll: facts.rules.length === 0,
      freePlaces,
      totalFree: freePlaces.reduce((sum, a) => sum + a.free, 0),
      asOf: now.toISOString(),
    };
  }

  return {
    /** The weather for a type (404 for an unknown, retired or invitation-only type). */
    async get(timeTypeId: string): Promise<Weather> {
      const t = Date.now();
      let entry = cache.get(timeTypeId);
      if (!entry || t - entry.at >= deps.ttlMs) {
        // One build at a time per type, however many ask at once.
        let pending = building.get(timeTypeId);
        if (!pending) {
          pending = build(timeTypeId).finally(() => building.delete(timeTypeId));
          building.set(timeTypeId, pending);
        }
        entry = { at: t, data: await pending };
        if (cache.size > 500) cache.clear();
        cache.set(timeTypeId, entry);
      }
      if (!entry.data) throw notFound('time type');
      // The queue comes from the room cache: always current, never a statement.
      const live = deps.rooms.live();
      const room = live.find((r) => r.time_type_id === timeTypeId) ?? live.find((r) => r.scope === 'app');
      return { ...entry.data, queue: room ? roomView(room, deps.rooms, deps.clock.now()) : null };
    },
  };
}
