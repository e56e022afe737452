/**
 * Signalling between instances. A meeting's room runs on one instance (its
 * carrier, claimed in video_rooms); a participant's socket may be on any
 * instance. The instance holding the socket forwards the socket's messages to
 * the carrier over the hub, and the carrier answers through the hub — every
 * instance listens on its own channel `video:i:<instance id>`. Redis keeps the
 * order of one publisher's messages, which is all the protocol needs.
 *
 * When either side stops being alive (cluster heartbeats), the other side
 * notices within a sweep: a socket whose carrier died is closed with the
 * reconnect hint (the browser resumes through any instance, which claims the
 * room and rebuilds it from video_live); a relayed participant whose socket's
 * instance died starts its resume grace on the carrier.
 */
import type { ClientMessage, ServerMessage } from '@ingang/contracts';
import type { AppContext } from '../../platform/context.js';
import { uuid } from '../../platform/db/helpers.js';
import { CLOSE } from '../../platform/realtime.js';
import type { Endpoint } from './room.js';
import type { Connection, RoomEngine } from './room-engine.js';

type Deps = Pick<AppContext, 'hub' | 'cluster' | 'log'>;

type Wire =
  | { t: 'in'; conn: string; from: string; msg: ClientMessage }
  | { t: 'gone'; conn: string }
  | { t: 'out'; conn: string; msg: ServerMessage }
  | { t: 'close'; conn: string; code: number; reason: string }
  | { t: 'end'; meetingId: string };

const channelOf = (instanceId: string) => `video:i:${instanceId}`;

export function createRelay(deps: Deps, engine: RoomEngine, sweepMs = 2000) {
  const { hub, cluster, log } = deps;
  const me = cluster.instanceId;
  /** Carrier side: relayed connections, by connection id. */
  const inbound = new Map<string, { from: string; connection: Connection }>();
  /** Socket side: sockets whose room runs elsewhere. */
  const outbound = new Map<string, { owner: string; endpoint: Endpoint }>();
  let unsubscribe: (() => Promise<void>) | null = null;
  let timer: NodeJS.Timeout | undefined;

  const post = (instanceId: string, wire: Wire) =>
    hub.publish(channelOf(instanceId), wire).catch((error) => log.warn({ err: error }, 'video relay publish failed'));

  function receive(raw: unknown) {
    const wire = raw as Wire;
    switch (wire.t) {
      case 'in': {
        let entry = inbound.get(wire.conn);
        if (!entry) {
          if (wire.msg.type !== 'join') return;
          const conn = wire.conn;
          const from = wire.from;
          const endpoint: Endpoint = {
            send: (msg) => void post(from, { t: 'out', conn, msg }),
            close: (code, reason) => {
              inbound.delete(conn);
              void post(from, { t: 'close', conn, code, reason });
            },
          };
          entry = { from, connection: engine.connect(endpoint) };
          inbound.set(conn, entry);
        }
        entry.connection.message(wire.msg);
        return;
      }
      case 'gone': {
        const entry = inbound.get(wire.conn);
        inbound.delete(wire.conn);
        entry?.connection.closed();
        return;
      }
      case 'out':
        outbound.get(wire.conn)?.endpoint.send(wire.msg);
        return;
      case 'close': {
        const entry = outbound.get(wire.conn);
        outbound.delete(wire.conn);
        entry?.endpoint.close(wire.code, wire.reason);
        return;
      }
      case 'end':
        engine.endRoom(wire.meetingId);
        return;
    }
  }

  async function sweep() {
    const peers = new Set([...inbound.values()].map((e) => e.from));
    for (const e of outbound.values()) peers.add(e.owner);
    if (peers.size === 0) return;
    const dead = new Set(await cluster.dead([...peers]));
    if (dead.size === 0) return;
    for (const [conn, e] of outbound) {
      if (!dead.has(e.owner)) continue;
      outbound.delete(conn);
      e.endpoint.close(CLOSE.restarting, 'restarting');
    }
    for (const [conn, e] of inbound) {
      if (!dead.has(e.from)) continue;
      inbound.delete(conn);
      e.connection.closed();
    }
  }

  return {
    async start() {
      unsubscribe = await hub.subscribe(channelOf(me), receive);
      timer = setInterval(() => {
        sweep().catch((error) => log.warn({ err: error }, 'video relay sweep failed'));
      }, sweepMs);
      timer.unref();
    },

    /** A socket here whose meeting runs on `owner`. */
    connectTo(owner: string, endpoint: Endpoint): Connection {
      const conn = uuid();
      outbound.set(conn, { owner, endpoint });
      return {
        message: (msg) => void post(owner, { t: 'in', conn, from: me, msg }),
        closed: () => {
          if (outbound.delete(conn)) void post(owner, { t: 'gone', conn });
        },
      };
    },

    /** Ends the room on the instance carrying it. */
    endRemote(owner: string, meetingId: string) {
      return post(owner, { t: 'end', meetingId });
    },

    stats() {
      return { relayedIn: inbound.size, relayedOut: outbound.size };
    },

    /** This instance stops: its sockets relayed elsewhere are told to reconnect. */
    async close() {
      clearInterval(timer);
      for (const [conn, e] of outbound) {
        outbound.delete(conn);
        void post(e.owner, { t: 'gone', conn });
        e.endpoint.close(CLOSE.restarting, 'restarting');
      }
      await unsubscribe?.().catch(() => {});
    },
  };
}

export type Relay = ReturnType<typeof createRelay>;
