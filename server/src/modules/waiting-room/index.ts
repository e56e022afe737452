/**
 * The waiting room's public face. `createWaitingRoomModule(deps)` builds the
 * ticket signer (key from config or the database), the per-instance room
 * cache, the queue, the gate, the admin service, the release weather and the
 * load switch, and returns them with the module parts app.ts registers.
 */
import { overLoad } from '@ingang/domain';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config.js';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/index.js';
import type { Hub } from '../../platform/hub.js';
import type { LoadMonitor } from '../../platform/load.js';
import type { ModuleParts } from '../../platform/module.js';
import type { RateLimiter } from '../../platform/rate-limit.js';
import { registerRoomAdminRoutes } from './admin-routes.js';
import { createRoomAdminService } from './admin-service.js';
import { createAutoSwitch } from './auto.js';
import { createCapacityStore } from './capacity-store.js';
import { createGate } from './gate.js';
import { createPaceControl } from './pace.js';
import { createPow } from './pow.js';
import { createRoomCache } from './rooms.js';
import { registerJoinRoute, registerQueueRoutes, registerStatusRoute } from './routes.js';
import { createQueueService } from './service.js';
import { dailyPeaks, insertSample, ticketSecret } from './store.js';
import { createTicketSigner } from './ticket.js';
import { createReleaseWeather } from './weather.js';

export { LANE_HEADER } from './gate.js';
export { NONCE_HEADER, TICKET_COOKIE } from './ticket.js';

export interface WaitingRoomDeps {
  db: Db;
  clock: Clock;
  hub: Hub;
  rateLimiter: RateLimiter;
  load: LoadMonitor;
  log: { info(o: object, m: string): void; warn(o: object, m: string): void };
  config: Config['waitingRoom'];
  secureCookies: boolean;
}

export async function createWaitingRoomModule(deps: WaitingRoomDeps) {
  const { db, clock, hub, config } = deps;
  const secret = config.secret ?? (await ticketSecret(db));
  const signer = createTicketSigner(secret);
  // The room's own difficulty (set by an administrator) or the configured one; 0 asks no proof.
  // Harder under load: over the load switch's "on" thresholds each place costs more work.
  const powFloor = (room: { pow_bits: number | null }) => Math.max(0, room.pow_bits ?? config.powBits);
  const powBits = (room: { pow_bits: number | null }) => {
    const base = powFloor(room);
    if (base <= 0) return 0;
    return Math.min(30, base + (loaded() ? config.powLoadBits : 0));
  };
  /**
   * Over the load switch's "on" thresholds on this instance (the delay only while this process is
   * busy itself: harder proofs for newcomers do not give a starved machine its cores back).
   */
  const loaded = () => overLoad(deps.load.reading(), config.auto.on);
  const capacity = createCapacityStore(hub, config.abandonSeconds);
  const rooms = createRoomCache({ db, hub, clock, capacity, log: deps.log });
  const queue = createQueueService({
    clock,
    hub,
    rooms,
    rateLimiter: deps.rateLimiter,
    signer,
    pow: createPow(secret),
    powBits,
    powFloor,
    capacity,
    ticketTtlSeconds: config.ticketTtlSeconds,
    ticketsPerIpPerMinute: config.ticketsPerIpPerMinute,
  });
  const gate = createGate({
    db,
    rooms,
    queue,
    rateLimiter: deps.rateLimiter,
    secureCookies: deps.secureCookies,
    manageLanePerMinute: config.manageLanePerMinute,
    bookingsPerPersonPerMinute: config.bookingsPerPersonPerMinute,
  });
  const admin = createRoomAdminService({ db, clock, rooms, defaultPowBits: config.powBits });
  const weather = createReleaseWeather({ db, clock, rooms, ttlMs: 10_000 });
  const auto = createAutoSwitch({
    load: deps.load,
    rooms,
    admin,
    thresholds: {
      on: config.auto.on,
      off: config.auto.off,
      onAfterMs: config.auto.onAfterMs,
      offAfterMs: config.auto.offAfterMs,
    },
    ratePerMinute: config.auto.ratePerMinute,
    now: () => clock.now().getTime(),
    log: deps.log,
  });
  const pace = createPaceControl({
    db,
    clock,
    rooms,
    load: deps.load,
    thresholds: { on: config.pace.on, off: config.pace.off },
    log: deps.log,
  });
  await rooms.start();

  /** One chart point per live room and 10-second bucket (the first instance to write it wins). */
  async function sample() {
    const now = clock.now();
    const at = new Date(Math.floor(now.getTime() / 10_000) * 10_000);
    for (const room of rooms.live()) {
      const c = rooms.counters(room.id);
      await insertSample(db, room.id, {
        at,
        arrivals: c.arrivals,
        serving: rooms.serving(room),
        admitted: c.admitted,
        completed: c.completed,
      });
    }
  }

  const routeDeps = {
    clock,
    rooms,
    queue,
    weather,
    secureCookies: deps.secureCookies,
    ticketTtlSeconds: config.ticketTtlSeconds,
  };
  const parts: ModuleParts = {
    async routes(api) {
      // Checked on every /api route that says `waitingRoom` in its config (login start, booking).
      api.addHook('preHandler', (request: FastifyRequest, reply: FastifyReply) => gate.check(request, reply));
      api.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply) => gate.done(request, reply));
      registerQueueRoutes(api, routeDeps);
      registerRoomAdminRoutes(api, admin);
    },
    // The status poll and the join live outside the /api scope's hooks (see routes.ts).
    async rootRoutes(app) {
      registerStatusRoute(app, routeDeps);
      registerJoinRoute(app, routeDeps);
    },
    schedules: [
      { name: 'waiting-room-samples', everyMs: 10_000, run: sample },
      { name: 'waiting-room-pace', everyMs: config.pace.stepMs, run: async () => void (await pace.tick()) },
      ...(config.auto.enabled ? [{ name: 'waiting-room-load-switch', everyMs: 1000, run: () => auto.tick() }] : []),
    ],
    close: () => rooms.stop(),
  };

  /** The open dataset's queue figures per room and day (anonymous counts). */
  const peaks = (from: Date, to: Date) => dailyPeaks(db, from, to);

  /**
   * A rush is on: a room stands in front of the whole app (a rumour; the load switch opens one too),
   * or — with the load switch on — this instance is over its "on" thresholds (the room it is about
   * to open). Background work that can wait defers while it lasts, leaving the cores to the people
   * logging in. With the switch off (an operator's choice, and tests) the machine's load alone is
   * no rush: a busy neighbour must not hold back a reminder nobody asked to hold.
   */
  const rush = () => rooms.live().some((r) => r.scope === 'app') || (config.auto.enabled && loaded());
  return { queue, admin, rooms, weather, sample, peaks, autoSwitch: auto, pace, rush, parts };
}

export type WaitingRoomModule = Awaited<ReturnType<typeof createWaitingRoomModule>>;
