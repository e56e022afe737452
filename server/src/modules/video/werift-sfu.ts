/**
 * The embedded SFU: one werift RTCPeerConnection per publisher (receives
 * audio + video) and one per subscription (sends the publisher's tracks).
 * RTP is forwarded packet by packet; werift's sender rewrites SSRC, payload
 * type and sequence numbers for each subscriber. A new subscriber asks the
 * publisher for a key frame (PLI), and a subscriber's PLI is passed on.
 *
 * Codecs are fixed to Opus and VP8 so every publisher's packets fit every
 * subscriber's negotiated codec. Media binds to the configured address only
 * (127.0.0.1 in tests) and the configured UDP port range; candidates for other
 * addresses never leave this module.
 */
import type { IceCandidate } from '@ingang/contracts';
import type { FastifyBaseLogger } from 'fastify';
import {
  MediaStreamTrack,
  type PeerConfig,
  type RTCIceCandidate,
  RTCPeerConnection,
  RTCRtpCodecParameters,
  type RtcpPacket,
  useNACK,
  usePLI,
  useREMB,
} from 'werift';
import { uuid } from '../../platform/db/helpers.js';
import { type MediaRouter, MediaRouterError, type PublishResult, type SubscribeResult } from './media-router.js';

export interface WeriftSfuOptions {
  /** The address to bind and announce ('0.0.0.0' = every interface). */
  address: string;
  portRange: [number, number];
  log?: Pick<FastifyBaseLogger, 'warn' | 'debug'>;
}

type Kind = 'audio' | 'video';

interface Feed {
  id: string;
  participantId: string;
  pc: RTCPeerConnection;
  tracks: Map<Kind, MediaStreamTrack>;
  /** Subscriber tracks per kind. */
  sinks: Map<Kind, Set<MediaStreamTrack>>;
  lastPli: number;
}

interface Subscription {
  id: string;
  participantId: string;
  feedId: string;
  pc: RTCPeerConnection;
  tracks: Map<Kind, MediaStreamTrack>;
}

interface Room {
  feeds: Map<string, Feed>;
  subscriptions: Map<string, Subscription>;
}

const codecs = () => ({
  audio: [new RTCRtpCodecParameters({ mimeType: 'audio/opus', clockRate: 48000, channels: 2, payloadType: 111 })],
  video: [
    new RTCRtpCodecParameters({
      mimeType: 'video/VP8',
      clockRate: 90000,
      payloadType: 96,
      rtcpFeedback: [useNACK(), usePLI(), useREMB()],
    }),
  ],
});

/** Keeps only the candidates of the bound address in an SDP (all when bound to every interface). */
export function keepCandidatesOf(sdp: string, address: string): string {
  if (address === '0.0.0.0') return sdp;
  return sdp
    .split('\r\n')
    .filter((line) => !line.startsWith('a=candidate:') || line.split(' ')[4] === address)
    .join('\r\n');
}

type Pair = Parameters<NonNullable<PeerConfig['iceFilterCandidatePair']>>[0];

/**
 * Only candidate pairs that can work from a socket bound to `address`: werift
 * binds every host candidate's socket to the configured address, so pairs of
 * other local addresses (and, on loopback, of non-loopback remote ones) would
 * only time out and delay connecting.
 */
export function pairFilter(address: string): ((pair: Pair) => boolean) | undefined {
  if (address === '0.0.0.0') return undefined;
  const loopback = address.startsWith('127.');
  return (pair) =>
    pair.protocol.localCandidate?.host === address && (!loopback || pair.remoteCandidate.host.startsWith('127.'));
}

async function gathered(pc: RTCPeerConnection, timeoutMs = 5000): Promise<void> {
  if (pc.iceGatheringState === 'complete') return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    pc.iceGatheringStateChange.subscribe((state) => {
      if (state === 'complete') {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}

export function createWeriftSfu(options: WeriftSfuOptions): MediaRouter {
  const rooms = new Map<string, Room>();
  let forwardedPackets = 0;
  const { address } = options;

  const newPc = () =>
    new RTCPeerConnection({
      codecs: codecs(),
      iceUseIpv4: true,
      iceUseIpv6: false,
      icePortRange: options.portRange,
      ...(address === '0.0.0.0'
        ? {}
        : {
            iceInterfaceAddresses: { udp4: address },
            iceAdditionalHostAddresses: [address],
            iceFilterCandidatePair: pairFilter(address),
          }),
    });

  function room(roomId: string): Room {
    let r = rooms.get(roomId);
    if (!r) {
      r = { feeds: new Map(), subscriptions: new Map() };
      rooms.set(roomId, r);
    }
    return r;
  }

  function requestKeyFrame(feed: Feed) {
    const now = Date.now();
    if (now - feed.lastPli < 500) return;
    feed.lastPli = now;
    const video = feed.tracks.get('video');
    const receiver = feed.pc.getTransceivers().find((t) => t.receiver.track === video)?.receiver;
    if (video?.ssrc && receiver) receiver.sendRtcpPLI(video.ssrc).catch(() => {});
  }

  function attach(feed: Feed, kind: Kind, track: MediaStreamTrack) {
    feed.tracks.set(kind, track);
    const sinks = feed.sinks.get(kind) ?? new Set();
    feed.sinks.set(kind, sinks);
    track.onReceiveRtp.subscribe((rtp) => {
      if (sinks.size === 0) return;
      // Serialised once: each subscriber's sender parses its own copy (it rewrites the header).
      const raw = rtp.serialize();
      for (const sink of sinks) {
        sink.writeRtp(raw);
        forwardedPackets += 1;
      }
    });
  }

  function dropSubscription(r: Room, sub: Subscription) {
    r.subscriptions.delete(sub.id);
    const feed = r.feeds.get(sub.feedId);
    if (feed) for (const [kind, track] of sub.tracks) feed.sinks.get(kind)?.delete(track);
    sub.pc.close().catch(() => {});
  }

  function dropFeed(r: Room, feed: Feed) {
    r.feeds.delete(feed.id);
    for (const sub of [...r.subscriptions.values()]) if (sub.feedId === feed.id) dropSubscription(r, sub);
    feed.pc.close().catch(() => {});
  }

  const router: MediaRouter = {
    name: 'werift',

    async createRoom(roomId) {
      room(roomId);
    },

    async publish(roomId, participantId, offerSdp): Promise<PublishResult> {
      const r = room(roomId);
      for (const feed of [...r.feeds.values()]) if (feed.participantId === participantId) dropFeed(r, feed);
      const pc = newPc();
      const feed: Feed = { id: uuid(), participantId, pc, tracks: new Map(), sinks: new Map(), lastPli: 0 };
      pc.onTrack.subscribe((track) => attach(feed, track.kind as Kind, track));
      try {
        await pc.setRemoteDescription({ type: 'offer', sdp: offerSdp });
        await pc.setLocalDescription(await pc.createAnswer());
      } catch (error) {
        pc.close().catch(() => {});
        throw new MediaRouterError('bad_sdp', `the offer could not be used: ${(error as Error).message}`);
      }
      await gathered(pc);
      r.feeds.set(feed.id, feed);
      return { feedId: feed.id, answerSdp: keepCandidatesOf(pc.localDescription?.sdp ?? '', address) };
    },

    async unpublish(roomId, participantId) {
      const r = rooms.get(roomId);
      if (!r) return [];
      const gone: string[] = [];
      for (const feed of [...r.feeds.values()]) {
        if (feed.participantId !== participantId) continue;
        dropFeed(r, feed);
        gone.push(feed.id);
      }
      return gone;
    },

    async subscribe(roomId, participantId, feedId): Promise<SubscribeResult> {
      const r = rooms.get(roomId);
      const feed = r?.feeds.get(feedId);
      if (!r || !feed) throw new MediaRouterError('unknown_feed', 'no such feed in this meeting');
      const pc = newPc();
      const sub: Subscription = { id: uuid(), participantId, feedId, pc, tracks: new Map() };
      for (const kind of ['audio', 'video'] as const) {
        const track = new MediaStreamTrack({ kind });
        const transceiver = pc.addTransceiver(track, { direction: 'sendonly' });
        sub.tracks.set(kind, track);
        transceiver.sender.onRtcp.subscribe((packet: RtcpPacket) => {
          // A subscriber lost the picture (PLI, FIR — not REMB): ask the publisher for a key frame.
          if (kind !== 'video' || packet.type !== 206 || !('feedback' in packet)) return;
          const fmt = (packet.feedback as { count?: number }).count;
          if (fmt === 1 || fmt === 4) requestKeyFrame(feed);
        });
      }
      await pc.setLocalDescription(await pc.createOffer());
      await gathered(pc);
      r.subscriptions.set(sub.id, sub);
      return { subscriptionId: sub.id, offerSdp: keepCandidatesOf(pc.localDescription?.sdp ?? '', address) };
    },

    async answer(roomId, participantId, subscriptionId, answerSdp) {
      const r = rooms.get(roomId);
      const sub = r?.subscriptions.get(subscriptionId);
      if (!r || !sub || sub.participantId !== participantId) {
        throw new MediaRouterError('unknown_subscription', 'no such subscription');
      }
      try {
        await sub.pc.setRemoteDescription({ type: 'answer', sdp: answerSdp });
      } catch (error) {
        throw new MediaRouterError('bad_sdp', `the answer could not be used: ${(error as Error).message}`);
      }
      const feed = r.feeds.get(sub.feedId);
      if (!feed) throw new MediaRouterError('unknown_feed', 'the feed went away');
      for (const [kind, track] of sub.tracks) {
        const sinks = feed.sinks.get(kind) ?? new Set();
        feed.sinks.set(kind, sinks);
        sinks.add(track);
      }
      sub.pc.connectionStateChange.subscribe((state) => {
        if (state === 'connected') requestKeyFrame(feed);
      });
      requestKeyFrame(feed);
    },

    async unsubscribe(roomId, participantId, subscriptionId) {
      const r = rooms.get(roomId);
      const sub = r?.subscriptions.get(subscriptionId);
      if (r && sub && sub.participantId === participantId) dropSubscription(r, sub);
    },

    async trickle(roomId, participantId, target, candidate: IceCandidate | null) {
      const r = rooms.get(roomId);
      if (!r || !candidate) return;
      const pc =
        target === 'publisher'
          ? [...r.feeds.values()].find((f) => f.participantId === participantId)?.pc
          : r.subscriptions.get(target)?.participantId === participantId
            ? r.subscriptions.get(target)?.pc
            : undefined;
      if (!pc) return;
      await pc.addIceCandidate(candidate as unknown as RTCIceCandidate).catch(() => {});
    },

    async leave(roomId, participantId) {
      const r = rooms.get(roomId);
      if (!r) return [];
      for (const sub of [...r.subscriptions.values()])
        if (sub.participantId === participantId) dropSubscription(r, sub);
      return router.unpublish(roomId, participantId);
    },

    async closeRoom(roomId) {
      const r = rooms.get(roomId);
      if (!r) return;
      for (const feed of [...r.feeds.values()]) dropFeed(r, feed);
      rooms.delete(roomId);
    },

    async close() {
      for (const id of [...rooms.keys()]) await router.closeRoom(id);
    },

    stats() {
      let publishers = 0;
      let subscriptions = 0;
      for (const r of rooms.values()) {
        publishers += r.feeds.size;
        subscriptions += r.subscriptions.size;
      }
      return { rooms: rooms.size, publishers, subscriptions, forwardedPackets };
    },
  };
  return router;
}
