/**
 * One peer-to-peer connection of a mesh meeting (one_to_one, multi_party).
 * The participant who entered later creates it as the initiator and offers;
 * the other creates it on that offer. Renegotiation (ICE restart after a
 * network change) follows "perfect negotiation": the peer whose id sorts
 * higher is polite and yields when both offer at once.
 */
import type { ClientMessage, IceCandidate } from '@ingang/contracts';
import type { LocalMedia } from './local-media.js';

export class MeshPeer {
  readonly pc: RTCPeerConnection;
  /** What this peer sends us (one stream for the tile). */
  readonly stream = new MediaStream();
  private makingOffer = false;
  private ignoreOffer = false;
  private readonly polite: boolean;
  private readonly senders: RTCRtpSender[] = [];

  constructor(
    readonly remoteId: string,
    selfId: string,
    iceServers: RTCIceServer[],
    initiator: boolean,
    private readonly local: LocalMedia,
    private readonly send: (message: ClientMessage) => void,
    private readonly onStream: (stream: MediaStream) => void,
  ) {
    this.polite = selfId > remoteId;
    this.pc = new RTCPeerConnection({ iceServers });
    this.pc.onicecandidate = ({ candidate }) => {
      this.send({ type: 'ice', to: remoteId, candidate: candidate ? toCandidate(candidate) : null });
    };
    this.pc.ontrack = ({ track }) => {
      for (const old of this.stream.getTracks()) if (old.kind === track.kind) this.stream.removeTrack(old);
      this.stream.addTrack(track);
      this.onStream(this.stream);
    };
    this.pc.onnegotiationneeded = () => void this.offer();
    this.pc.oniceconnectionstatechange = () => {
      if (this.pc.iceConnectionState === 'failed') this.pc.restartIce();
    };
    if (initiator) {
      // Both kinds always, so a participant who joined with sound only can turn the camera on later
      // (a replaceTrack, no renegotiation) and still receives the other's video.
      for (const kind of ['audio', 'video'] as const) {
        const transceiver = this.pc.addTransceiver(kind, { direction: 'sendrecv' });
        this.attach(transceiver.sender, kind);
      }
    }
  }

  async handleOffer(sdp: string): Promise<void> {
    const collision = this.makingOffer || this.pc.signalingState !== 'stable';
    this.ignoreOffer = !this.polite && collision;
    if (this.ignoreOffer) return;
    await this.pc.setRemoteDescription({ type: 'offer', sdp });
    for (const transceiver of this.pc.getTransceivers()) {
      const kind = transceiver.receiver.track.kind as 'audio' | 'video';
      if (!this.senders.includes(transceiver.sender)) {
        transceiver.direction = 'sendrecv';
        this.attach(transceiver.sender, kind);
      }
    }
    await this.pc.setLocalDescription();
    const answer = this.pc.localDescription;
    if (answer) this.send({ type: 'answer', to: this.remoteId, sdp: answer.sdp });
  }

  async handleAnswer(sdp: string): Promise<void> {
    if (this.pc.signalingState !== 'have-local-offer') return;
    await this.pc.setRemoteDescription({ type: 'answer', sdp });
  }

  async handleIce(candidate: IceCandidate | null): Promise<void> {
    try {
      await this.pc.addIceCandidate(candidate ?? undefined);
    } catch (error) {
      if (!this.ignoreOffer) throw error;
    }
  }

  /** New ICE after a network change (sends a new offer through negotiationneeded). */
  restartIce(): void {
    this.pc.restartIce();
  }

  close(): void {
    for (const sender of this.senders) this.local.release(sender);
    this.pc.onicecandidate = null;
    this.pc.ontrack = null;
    this.pc.onnegotiationneeded = null;
    this.pc.close();
  }

  private attach(sender: RTCRtpSender, kind: 'audio' | 'video'): void {
    this.senders.push(sender);
    this.local.attach(sender, kind);
  }

  private async offer(): Promise<void> {
    try {
      this.makingOffer = true;
      await this.pc.setLocalDescription();
      const offer = this.pc.localDescription;
      if (offer) this.send({ type: 'offer', to: this.remoteId, sdp: offer.sdp });
    } catch {
      // The connection was closed meanwhile; nothing to send.
    } finally {
      this.makingOffer = false;
    }
  }
}

export function toCandidate(candidate: RTCIceCandidate): IceCandidate {
  return {
    candidate: candidate.candidate,
    sdpMid: candidate.sdpMid,
    sdpMLineIndex: candidate.sdpMLineIndex,
    usernameFragment: candidate.usernameFragment,
  };
}
