/**
 * The live part of video meetings, assembled: the protocol edge (protocol.ts)
 * takes sockets, the room engine (room-engine.ts, room-controls.ts,
 * room-media.ts) runs the rooms this instance carries, and the relay
 * (relay.ts) connects sockets and rooms on different instances over the hub.
 * Durable state (who waits, who is admitted) is in PostgreSQL (live-store.ts);
 * media never passes through here, and nothing of it (nor the chat) is stored.
 */
import type { AppContext } from '../../platform/context.js';
import { CLOSE } from '../../platform/realtime.js';
import * as live from './live-store.js';
import type { MediaRouter } from './media-router.js';
import { createProtocol } from './protocol.js';
import { createRelay } from './relay.js';
import { createRoomEngine } from './room-engine.js';
import type { VideoService } from './service.js';

type Deps = Pick<AppContext, 'db' | 'clock' | 'log' | 'hub' | 'cluster'>;

export interface SignallingOptions {
  /** Overrides RESUME_GRACE_SECONDS (tests). */
  graceMs?: number;
}

export async function createSignalling(
  deps: Deps,
  service: VideoService,
  router: MediaRouter,
  opts: SignallingOptions = {},
) {
  const engine = createRoomEngine(deps, service, router, {
    instanceId: deps.cluster.instanceId,
    graceMs: opts.graceMs,
  });
  const relay = createRelay(deps, engine);
  const protocol = createProtocol(deps, service, engine, relay);
  await relay.start();
  let closed = false;

  return {
    rooms: engine.rooms,
    accept: protocol.accept,

    /** Ends a meeting's room wherever it runs (the REST end; the socket `end` runs on the carrier). */
    async endRoom(meetingId: string) {
      if (engine.rooms.has(meetingId)) return engine.endRoom(meetingId);
      const owner = await live.roomOwner(deps.db, meetingId);
      if (owner && owner.owner_instance !== deps.cluster.instanceId) {
        await relay.endRemote(owner.owner_instance, meetingId);
      }
    },

    /** Rooms carried here and the sockets held here (metrics, benchmarks). */
    stats() {
      return { ...engine.stats(), sockets: protocol.sockets.size, ...relay.stats() };
    },

    /**
     * Stops serving: every socket here is closed with the reconnect hint and the
     * rooms are released (their places stay in video_live for the next carrier).
     */
    async close() {
      if (closed) return;
      closed = true;
      await engine.handOver(CLOSE.restarting);
      await relay.close();
      for (const socket of protocol.sockets) socket.close(CLOSE.restarting, 'restarting');
      await router.close();
    },
  };
}

export type Signalling = Awaited<ReturnType<typeof createSignalling>>;
