/**
 * MediaRouter over Janus VideoRoom (production SFU), through janode.
 *
 * One Janus session for the server; one VideoRoom handle per publisher and
 * one per subscription; one numeric Janus room per meeting (created on first
 * use, destroyed when the meeting closes, never recorded). Janus gathers its
 * candidates before answering/offering (full_trickle off), so its SDPs are
 * complete; candidates a client trickles are passed on.
 */
import type { IceCandidate } from '@ingang/contracts';
import type { FastifyBaseLogger } from 'fastify';
import Janode, { type JanodeConnection, type JanodeHandle, type JanodeSession } from 'janode';
import VideoRoomPlugin from 'janode/plugins/videoroom';
import { uuid } from '../../platform/db/helpers.js';
import { type MediaRouter, MediaRouterError } from './media-router.js';

export interface JanusRouterOptions {
  /** Janus WebSocket API, e.g. ws://127.0.0.1:8188 */
  url: string;
  log?: Pick<FastifyBaseLogger, 'warn' | 'debug'>;
}

interface Room {
  janusRoom: number;
  feeds: Map<string, { participantId: string; handle: JanodeHandle; janusFeed: number }>;
  subscriptions: Map<string, { participantId: string; feedId: string; handle: JanodeHandle }>;
}

let nextRoom = 100_000 + Math.floor(Math.random() * 1_000_000);

export async function createJanusRouter(options: JanusRouterOptions): Promise<MediaRouter> {
  // janode prints to the console by itself; failures reach us as rejected promises instead.
  Janode.Logger.setLevel('none');
  let connection: JanodeConnection | null = null;
  let session: JanodeSession | null = null;
  let admin: JanodeHandle | null = null;
  let connecting: Promise<void> | null = null;
  const rooms = new Map<string, Room>();

  async function ensureSession(): Promise<JanodeSession> {
    if (session && admin) return session;
    connecting ??= (async () => {
      try {
        connection = await Janode.connect({ address: { url: options.url }, retry_time_secs: 1, max_retries: 2 });
        connection.once(Janode.EVENT.CONNECTION_CLOSED ?? 'connection_closed', () => {
          connection = null;
          session = null;
          admin = null;
        });
        session = await connection.create();
        admin = await session.attach(VideoRoomPlugin);
      } catch (error) {
        throw new MediaRouterError('router_unavailable', `Janus is not reachable: ${(error as Error).message}`);
      } finally {
        connecting = null;
      }
    })();
    await connecting;
    return session as unknown as JanodeSession;
  }

  async function room(roomId: string): Promise<Room> {
    await ensureSession();
    let r = rooms.get(roomId);
    if (r) return r;
    const janusRoom = nextRoom++;
    await admin?.create({
      room: janusRoom,
      description: 'ingang',
      max_publishers: 30,
      permanent: false,
      record: false,
    });
    r = rooms.get(roomId);
    if (r) {
      await admin?.destroy({ room: janusRoom }).catch(() => {});
      return r;
    }
    r = { janusRoom, feeds: new Map(), subscriptions: new Map() };
    rooms.set(roomId, r);
    return r;
  }

  const detach = (h: JanodeHandle) => h.detach().catch(() => {});

  const router: MediaRouter = {
    name: 'janus',

    async createRoom(roomId) {
      await room(roomId);
    },

    async publish(roomId, participantId, offerSdp) {
      const r = await room(roomId);
      await router.unpublish(roomId, participantId);
      const s = await ensureSession();
      const handle = await s.attach(VideoRoomPlugin);
      try {
        const joined = await handle.joinConfigurePublisher({
          room: r.janusRoom,
          display: participantId,
          audio: true,
          video: true,
          jsep: { type: 'offer', sdp: offerSdp, trickle: false },
        });
        const feedId = uuid();
        r.feeds.set(feedId, { participantId, handle, janusFeed: joined.feed });
        return { feedId, answerSdp: joined.jsep?.sdp as string };
      } catch (error) {
        await detach(handle);
        throw new MediaRouterError('bad_sdp', `Janus refused the offer: ${(error as Error).message}`);
      }
    },

    async unpublish(roomId, participantId) {
      const r = rooms.get(roomId);
      if (!r) return [];
      const gone: string[] = [];
      for (const [feedId, feed] of r.feeds) {
        if (feed.participantId !== participantId) continue;
        r.feeds.delete(feedId);
        gone.push(feedId);
        for (const [subId, sub] of r.subscriptions) {
          if (sub.feedId !== feedId) continue;
          r.subscriptions.delete(subId);
          await detach(sub.handle);
        }
        await feed.handle.leave?.().catch(() => {});
        await detach(feed.handle);
      }
      return gone;
    },

    async subscribe(roomId, participantId, feedId) {
      const r = rooms.get(roomId);
      const feed = r?.feeds.get(feedId);
      if (!r || !feed) throw new MediaRouterError('unknown_feed', 'no such feed in this meeting');
      const s = await ensureSession();
      const handle = await s.attach(VideoRoomPlugin);
      try {
        // Janus lists a publisher only once its PeerConnection is up: retry for a while.
        const deadline = Date.now() + 15_000;
        let joined: { jsep?: { sdp: string } };
        for (;;) {
          try {
            joined = await handle.joinSubscriber({ room: r.janusRoom, feed: feed.janusFeed });
            break;
          } catch (error) {
            if (Date.now() > deadline || !r.feeds.has(feedId)) throw error;
            await new Promise((resolve) => setTimeout(resolve, 200));
          }
        }
        const subscriptionId = uuid();
        r.subscriptions.set(subscriptionId, { participantId, feedId, handle });
        return { subscriptionId, offerSdp: joined.jsep?.sdp as string };
      } catch (error) {
        await detach(handle);
        throw new MediaRouterError('unknown_feed', `Janus could not subscribe: ${(error as Error).message}`);
      }
    },

    async answer(roomId, participantId, subscriptionId, answerSdp) {
      const sub = rooms.get(roomId)?.subscriptions.get(subscriptionId);
      if (!sub || sub.participantId !== participantId) {
        throw new MediaRouterError('unknown_subscription', 'no such subscription');
      }
      try {
        await sub.handle.start({ jsep: { type: 'answer', sdp: answerSdp, trickle: false } });
      } catch (error) {
        throw new MediaRouterError('bad_sdp', `Janus refused the answer: ${(error as Error).message}`);
      }
    },

    async unsubscribe(roomId, participantId, subscriptionId) {
      const r = rooms.get(roomId);
      const sub = r?.subscriptions.get(subscriptionId);
      if (!r || !sub || sub.participantId !== participantId) return;
      r.subscriptions.delete(subscriptionId);
      await detach(sub.handle);
    },

    async trickle(roomId, participantId, target, candidate: IceCandidate | null) {
      const r = rooms.get(roomId);
      if (!r) return;
      const handle =
        target === 'publisher'
          ? [...r.feeds.values()].find((f) => f.participantId === participantId)?.handle
          : r.subscriptions.get(target)?.participantId === participantId
            ? r.subscriptions.get(target)?.handle
            : undefined;
      if (!handle) return;
      await (candidate ? handle.trickle(candidate) : handle.trickleComplete()).catch(() => {});
    },

    async leave(roomId, participantId) {
      const r = rooms.get(roomId);
      if (!r) return [];
      for (const [subId, sub] of r.subscriptions) {
        if (sub.participantId !== participantId) continue;
        r.subscriptions.delete(subId);
        await detach(sub.handle);
      }
      return router.unpublish(roomId, participantId);
    },

    async closeRoom(roomId) {
      const r = rooms.get(roomId);
      if (!r) return;
      rooms.delete(roomId);
      for (const sub of r.subscriptions.values()) await detach(sub.handle);
      for (const feed of r.feeds.values()) await detach(feed.handle);
      await admin?.destroy({ room: r.janusRoom }).catch(() => {});
    },

    async close() {
      for (const id of [...rooms.keys()]) await router.closeRoom(id);
      await admin?.detach().catch(() => {});
      await session?.destroy().catch(() => {});
      await connection?.close().catch(() => {});
      connection = null;
      session = null;
      admin = null;
    },

    stats() {
      let publishers = 0;
      let subscriptions = 0;
      for (const r of rooms.values()) {
        publishers += r.feeds.size;
        subscriptions += r.subscriptions.size;
      }
      // Janus forwards the packets itself; count them with Janus' admin API if needed.
      return { rooms: rooms.size, publishers, subscriptions, forwardedPackets: 0 };
    },
  };
  return router;
}
