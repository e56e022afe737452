/**
 * Group meetings through the server's SFU (embedded werift or Janus): one
 * sending connection (`sfu-publish` → `sfu-published`) and one receiving
 * connection per other participant's feed (`sfu-subscribe` → `sfu-offer` →
 * `sfu-answer`). SDPs carry their ICE candidates (non-trickle), so each
 * local description is sent once gathering is complete.
 */
import type { ClientMessage, IceCandidate, SfuFeed } from '@ingang/contracts';
import type { LocalMedia } from './local-media.js';

interface Subscription {
  pc: RTCPeerConnection;
  feedId: string;
  participantId: string;
  stream: MediaStream;
}

const GROUP_VIDEO_ENCODING: RTCRtpEncodingParameters = {
  maxBitrate: 350_000,
  maxFramerate: 15,
  scaleResolutionDownBy: 1.5,
};

/** Resolves when the connection has gathered its candidates (or after 3 s: send what we have). */
function gathered(pc: RTCPeerConnection): Promise<void> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const timer = window.setTimeout(done, 3000);
    function done() {
      window.clearTimeout(timer);
      pc.removeEventListener('icegatheringstatechange', check);
      resolve();
    }
    function check() {
      if (pc.iceGatheringState === 'complete') done();
    }
    pc.addEventListener('icegatheringstatechange', check);
  });
}

export class SfuLinks {
  private publisher: RTCPeerConnection | null = null;
  private publisherSenders: RTCRtpSender[] = [];
  private ownFeedId: string | null = null;
  private readonly feeds = new Map<string, string>();
  private readonly requested = new Set<string>();
  private readonly subscriptions = new Map<string, Subscription>();

  constructor(
    private readonly selfId: string,
    private readonly iceServers: RTCIceServer[],
    private readonly local: LocalMedia,
    private readonly send: (message: ClientMessage) => void,
    private readonly onStream: (participantId: string, stream: MediaStream | null) => void,
  ) {}

  /** Every connection, for statistics. */
  connections(): { participantId: string | null; pc: RTCPeerConnection }[] {
    const list: { participantId: string | null; pc: RTCPeerConnection }[] = [];
    if (this.publisher) list.push({ participantId: null, pc: this.publisher });
    for (const s of this.subscriptions.values()) list.push({ participantId: s.participantId, pc: s.pc });
    return list;
  }

  /** Sends our camera/microphone to the SFU (again, after a reconnect). */
  async publish(): Promise<void> {
    this.closePublisher();
    const pc = new RTCPeerConnection({ iceServers: this.iceServers });
    this.publisher = pc;
    for (const kind of ['audio', 'video'] as const) {
      // Group tiles are small and up to 30 people share the server: a modest picture is enough.
      const transceiver = pc.addTransceiver(kind, {
        direction: 'sendonly',
        ...(kind === 'video' ? { sendEncodings: [GROUP_VIDEO_ENCODING] } : {}),
      });
      this.publisherSenders.push(transceiver.sender);
      this.local.attach(transceiver.sender, kind);
    }
    await pc.setLocalDescription(await pc.createOffer());
    await gathered(pc);
    if (this.publisher !== pc || !pc.localDescription) return;
    this.send({ type: 'sfu-publish', sdp: pc.localDescription.sdp });
  }

  async handlePublished(feedId: string, sdp: string): Promise<void> {
    this.ownFeedId = feedId;
    if (this.publisher?.signalingState === 'have-local-offer') {
      await this.publisher.setRemoteDescription({ type: 'answer', sdp });
    }
  }

  /** A feed exists: subscribe unless it is our own. */
  addFeed(feed: SfuFeed): void {
    this.feeds.set(feed.feedId, feed.participantId);
    if (feed.participantId === this.selfId || feed.feedId === this.ownFeedId) return;
    if (this.requested.has(feed.feedId)) return;
    this.requested.add(feed.feedId);
    this.send({ type: 'sfu-subscribe', feedId: feed.feedId });
  }

  removeFeed(feedId: string): void {
    const participantId = this.feeds.get(feedId);
    this.feeds.delete(feedId);
    this.requested.delete(feedId);
    for (const [id, subscription] of this.subscriptions) {
      if (subscription.feedId === feedId) {
        subscription.pc.close();
        this.subscriptions.delete(id);
      }
    }
    if (participantId) this.onStream(participantId, null);
  }

  /** The SFU offers a feed: answer with a receive-only connection. */
  async handleOffer(subscriptionId: string, feedId: string, sdp: string): Promise<void> {
    const participantId = this.feeds.get(feedId);
    if (!participantId) return;
    this.subscriptions.get(subscriptionId)?.pc.close();
    const pc = new RTCPeerConnection({ iceServers: this.iceServers });
    const subscription: Subscription = { pc, feedId, participantId, stream: new MediaStream() };
    this.subscriptions.set(subscriptionId, subscription);
    pc.ontrack = ({ track }) => {
      for (const old of subscription.stream.getTracks()) {
        if (old.kind === track.kind) subscription.stream.removeTrack(old);
      }
      subscription.stream.addTrack(track);
      this.onStream(participantId, subscription.stream);
    };
    await pc.setRemoteDescription({ type: 'offer', sdp });
    await pc.setLocalDescription(await pc.createAnswer());
    await gathered(pc);
    if (this.subscriptions.get(subscriptionId) !== subscription || !pc.localDescription) return;
    this.send({ type: 'sfu-answer', subscriptionId, sdp: pc.localDescription.sdp });
  }

  async handleIce(target: string, candidate: IceCandidate | null): Promise<void> {
    const pc = target === 'publisher' ? this.publisher : this.subscriptions.get(target)?.pc;
    await pc?.addIceCandidate(candidate ?? undefined).catch(() => undefined);
  }

  /** After a resumed socket: publish again and subscribe to every feed again. */
  async restart(feeds: SfuFeed[]): Promise<void> {
    this.closeSubscriptions();
    this.ownFeedId = null;
    this.feeds.clear();
    this.requested.clear();
    await this.publish();
    for (const feed of feeds) this.addFeed(feed);
  }

  /** A participant left: forget their feeds. */
  forgetParticipant(participantId: string): void {
    for (const [feedId, owner] of this.feeds) if (owner === participantId) this.removeFeed(feedId);
  }

  close(): void {
    this.closePublisher();
    this.closeSubscriptions();
  }

  private closePublisher(): void {
    for (const sender of this.publisherSenders) this.local.release(sender);
    this.publisherSenders = [];
    this.publisher?.close();
    this.publisher = null;
  }

  private closeSubscriptions(): void {
    for (const s of this.subscriptions.values()) s.pc.close();
    this.subscriptions.clear();
  }
}
