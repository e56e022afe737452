/** A room as everyone may see it: no tickets, the seed only after the release. */
import type { RoomPublic } from '@ingang/contracts';
import { admissionsPerMinute, SHUFFLE_ALGORITHM } from '@ingang/domain';
import { effectiveCapacity, effectiveRate, type RoomCache } from './rooms.js';
import type { RoomRow } from './store.js';

export function roomView(room: RoomRow, cache: RoomCache, now: Date): RoomPublic {
  const c = cache.counters(room.id);
  const t = now.getTime();
  const released = room.release_at.getTime() <= t && room.prequeue_count !== null;
  const serving = released ? cache.serving(room) : 0;
  const perMinute = admissionsPerMinute({
    admission: room.admission,
    ratePerMinute: effectiveRate(room),
    capacity: effectiveCapacity(room),
    admittedValidSeconds: room.admitted_valid_seconds,
    // Capacity mode: the observed pace places free at (never slower than capacity per validity).
    freedPerMinute: room.admission === 'capacity' ? cache.freedPerMinute(room.id) : null,
  });
  const queueLength = Math.max(0, c.arrivals - Math.min(serving, c.arrivals) - c.left);
  const phase =
    room.prequeue_opens_at.getTime() > t
      ? 'scheduled'
      : !released
        ? 'prequeue'
        : room.paused_at !== null
          ? 'paused'
          : 'open';
  return {
    id: room.id,
    scope: room.scope,
    timeTypeId: room.time_type_id,
    phase,
    prequeueOpensAt: room.prequeue_opens_at.toISOString(),
    releaseAt: room.release_at.toISOString(),
    admission: room.admission,
    admissionsPerMinute: Math.round(perMinute * 10) / 10,
    arrivals: c.arrivals,
    serving,
    queueLength,
    etaSeconds: phase === 'open' && perMinute > 0 ? Math.ceil(((queueLength + 1) * 60) / perMinute) : null,
    prequeueCount: room.prequeue_count,
    shuffle: {
      algorithm: SHUFFLE_ALGORITHM,
      seedSha256: room.seed_sha256,
      seed: room.release_at.getTime() <= t ? room.seed : null,
    },
  };
}
