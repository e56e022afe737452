/**
 * The signalling socket's edge (`GET /api/video/ws`, messages in
 * @ingang/contracts video.ts): parsing, the flood limit, the join deadline,
 * and where the socket's messages go once its first message, `join`, names a
 * valid ticket — to this instance's room engine when this instance carries the
 * meeting, else through the relay to the instance that does. So any instance
 * serves any socket; no sticky routing is needed for signalling.
 *
 * Authorisation: a socket is worth nothing until `join` names a valid ticket;
 * the ticket binds the socket to ONE participant of ONE meeting.
 */
import { ClientMessage, type ServerMessage, VIDEO_CLOSE } from '@ingang/contracts';
import type { WebSocket } from 'ws';
import type { AppContext } from '../../platform/context.js';
import { CLOSE } from '../../platform/realtime.js';
import * as live from './live-store.js';
import type { Relay } from './relay.js';
import type { Endpoint } from './room.js';
import type { Connection, RoomEngine } from './room-engine.js';
import type { VideoService } from './service.js';

type Deps = Pick<AppContext, 'db' | 'log' | 'cluster'>;

const JOIN_TIMEOUT_MS = 10_000;
const MAX_MESSAGES_PER_SECOND = 200;

function socketEndpoint(socket: WebSocket): Endpoint {
  return {
    send: (message: ServerMessage) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
    },
    close: (code, reason) => socket.close(code, reason),
  };
}

export function createProtocol(deps: Deps, service: VideoService, engine: RoomEngine, relay: Relay) {
  const { db, log, cluster } = deps;
  const sockets = new Set<WebSocket>();

  /** This instance, or the live instance that already carries the meeting. */
  const carrierOf = (meetingId: string) => live.claimRoom(db, meetingId, cluster.instanceId, cluster.deadAfterMs);

  return {
    sockets,

    /** Serves one signalling socket. */
    accept(socket: WebSocket) {
      sockets.add(socket);
      const endpoint = socketEndpoint(socket);
      let conn: Connection | null = null;
      let joining = false;
      const timer = setTimeout(() => {
        if (!conn) socket.close(CLOSE.unauthorised, 'no join');
      }, JOIN_TIMEOUT_MS);
      timer.unref();
      let chain = Promise.resolve();
      let windowStart = Date.now();
      let inWindow = 0;

      socket.on('message', (data) => {
        // A flood (far beyond SDP, ICE and chat needs) closes the socket.
        const now = Date.now();
        if (now - windowStart >= 1000) {
          windowStart = now;
          inWindow = 0;
        }
        inWindow += 1;
        if (inWindow > MAX_MESSAGES_PER_SECOND) {
          if (inWindow === MAX_MESSAGES_PER_SECOND + 1) {
            endpoint.send({ type: 'error', code: 'rate_limited', message: 'Too many messages.' });
            socket.close(CLOSE.badMessage, 'too many messages');
          }
          return;
        }
        chain = chain
          .then(async () => {
            let parsed: ClientMessage;
            try {
              const result = ClientMessage.safeParse(JSON.parse(data.toString()));
              if (!result.success)
                throw new Error(result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
              parsed = result.data;
            } catch (e) {
              endpoint.send({ type: 'error', code: 'bad_message', message: (e as Error).message.slice(0, 300) });
              if (!conn) socket.close(CLOSE.badMessage, 'bad message');
              return;
            }
            if (conn) return conn.message(parsed);
            if (parsed.type !== 'join' || joining) {
              endpoint.send({ type: 'error', code: 'join_first', message: 'Send join with your ticket first.' });
              socket.close(CLOSE.unauthorised, 'join first');
              return;
            }
            joining = true;
            const found = await service.resolveTicket(parsed.ticket);
            if (!found) {
              endpoint.send({
                type: 'error',
                code: 'bad_ticket',
                message: 'The ticket is unknown or no longer valid.',
              });
              socket.close(VIDEO_CLOSE.badTicket, 'bad ticket');
              return;
            }
            if (socket.readyState !== socket.OPEN) return;
            const carrier = await carrierOf(found.m.id);
            conn = carrier === cluster.instanceId ? engine.connect(endpoint) : relay.connectTo(carrier, endpoint);
            clearTimeout(timer);
            conn.message(parsed);
          })
          .catch((error) => log.warn({ err: error }, 'video signalling message failed'));
      });

      socket.on('close', () => {
        sockets.delete(socket);
        clearTimeout(timer);
        chain = chain.then(() => conn?.closed());
      });
    },
  };
}
