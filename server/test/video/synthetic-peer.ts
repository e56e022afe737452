/**
 * A synthetic meeting participant on werift (no browser): publishes fake
 * Opus + VP8 RTP through the SFU over the signalling socket and subscribes to
 * other feeds, counting the RTP it receives per feed. Used by the media tests
 * (embedded SFU and Janus) and by bench/video.
 */
import {
  MediaStreamTrack,
  RTCPeerConnection,
  RTCRtpCodecParameters,
  RtpHeader,
  RtpPacket,
  useNACK,
  usePLI,
  useREMB,
} from 'werift';
import { pairFilter } from '../../src/modules/video/werift-sfu.js';
import type { SignalClient } from './ws-client.js';

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

/** A werift peer that gathers on one IPv4 address only (loopback by default). */
export function loopbackPc(address = '127.0.0.1'): RTCPeerConnection {
  return new RTCPeerConnection({
    codecs: codecs(),
    iceUseIpv4: true,
    iceUseIpv6: false,
    iceInterfaceAddresses: { udp4: address },
    iceAdditionalHostAddresses: [address],
    iceFilterCandidatePair: pairFilter(address),
  });
}

async function gathered(pc: RTCPeerConnection): Promise<void> {
  if (pc.iceGatheringState === 'complete') return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 5000);
    pc.iceGatheringStateChange.subscribe((s) => {
      if (s === 'complete') {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}

/** A VP8 payload: descriptor (start of partition) + a key-frame tag; the bytes after are filler. */
function vp8Payload(size: number, key: boolean): Buffer {
  const b = Buffer.alloc(size, 0x55);
  b[0] = 0x10;
  b[1] = key ? 0x00 : 0x01;
  b[2] = 0x00;
  b[3] = 0x00;
  b[4] = 0x9d;
  b[5] = 0x01;
  b[6] = 0x2a;
  return b;
}

export interface PublishOptions {
  /** Video packets per second (default 30, one per frame). */
  videoPps?: number;
  videoBytes?: number;
  /** Audio packets per second (default 50: 20 ms Opus). */
  audioPps?: number;
}

export class SyntheticPeer {
  readonly received = new Map<string, { video: number; audio: number }>();
  private pcs: RTCPeerConnection[] = [];
  private timers: NodeJS.Timeout[] = [];
  feedId: string | null = null;

  /** `address`: where this peer's media binds (127.0.0.1; Janus needs a non-loopback address, see janus-process.ts). */
  constructor(
    readonly signal: SignalClient,
    readonly address = '127.0.0.1',
  ) {}

  /** Publishes audio + video and starts sending synthetic RTP. */
  async publish(options: PublishOptions = {}): Promise<string> {
    const pc = loopbackPc(this.address);
    this.pcs.push(pc);
    const audio = new MediaStreamTrack({ kind: 'audio' });
    const video = new MediaStreamTrack({ kind: 'video' });
    pc.addTransceiver(audio, { direction: 'sendonly' });
    pc.addTransceiver(video, { direction: 'sendonly' });
    await pc.setLocalDescription(await pc.createOffer());
    await gathered(pc);
    this.signal.send({ type: 'sfu-publish', sdp: pc.localDescription?.sdp ?? '' });
    const published = await this.signal.next('sfu-published', 20_000);
    await pc.setRemoteDescription({ type: 'answer', sdp: published.sdp });
    this.feedId = published.feedId;

    let vSeq = 0;
    let aSeq = 0;
    const vSsrc = 1000 + Math.floor(Math.random() * 1e6);
    const aSsrc = vSsrc + 1;
    const start = Date.now();
    const videoPps = options.videoPps ?? 30;
    const audioPps = options.audioPps ?? 50;
    const videoBytes = options.videoBytes ?? 1000;
    this.timers.push(
      setInterval(() => {
        vSeq = (vSeq + 1) & 0xffff;
        const ts = Math.floor(((Date.now() - start) * 90) >>> 0);
        video.writeRtp(
          new RtpPacket(
            new RtpHeader({ payloadType: 96, sequenceNumber: vSeq, timestamp: ts, ssrc: vSsrc, marker: true }),
            vp8Payload(videoBytes, vSeq % 60 === 1),
          ),
        );
      }, 1000 / videoPps),
      setInterval(() => {
        aSeq = (aSeq + 1) & 0xffff;
        const ts = Math.floor(((Date.now() - start) * 48) >>> 0);
        audio.writeRtp(
          new RtpPacket(
            new RtpHeader({ payloadType: 111, sequenceNumber: aSeq, timestamp: ts, ssrc: aSsrc }),
            Buffer.alloc(80, 0xf8),
          ),
        );
      }, 1000 / audioPps),
    );
    for (const t of this.timers) t.unref();
    return published.feedId;
  }

  /** Subscribes to a feed and counts the RTP that arrives from it. */
  async subscribe(feedId: string): Promise<void> {
    this.signal.send({ type: 'sfu-subscribe', feedId });
    const offer = await this.signal.next('sfu-offer', 20_000);
    const pc = loopbackPc(this.address);
    this.pcs.push(pc);
    const counts = { video: 0, audio: 0 };
    this.received.set(feedId, counts);
    pc.onTrack.subscribe((track) => {
      track.onReceiveRtp.subscribe(() => {
        if (track.kind === 'video') counts.video += 1;
        else counts.audio += 1;
      });
    });
    await pc.setRemoteDescription({ type: 'offer', sdp: offer.sdp });
    await pc.setLocalDescription(await pc.createAnswer());
    await gathered(pc);
    this.signal.send({ type: 'sfu-answer', subscriptionId: offer.subscriptionId, sdp: pc.localDescription?.sdp ?? '' });
    await this.signal.next('sfu-subscribed', 20_000);
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    await Promise.all(this.pcs.map((pc) => pc.close().catch(() => {})));
    this.signal.close();
  }
}
