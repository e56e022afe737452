/**
 * The tracks this browser sends: microphone, camera (or the shared screen in
 * its place). Every peer connection registers its senders here, so turning
 * the camera off, switching camera or sharing the screen is a `replaceTrack`
 * on each sender — no renegotiation, in mesh and SFU alike. Turning the
 * camera off stops the track (the camera light goes out); muting only
 * disables the microphone track.
 */
import type { MediaState } from '@ingang/contracts';
import { listDevices, openMedia, stopStream } from './media.js';

type Kind = 'audio' | 'video';

export class LocalMedia {
  /** What the local preview shows (microphone + camera or screen). */
  readonly stream = new MediaStream();
  private audioTrack: MediaStreamTrack | null = null;
  private cameraTrack: MediaStreamTrack | null = null;
  private screenTrack: MediaStreamTrack | null = null;
  private readonly senders = new Set<RTCRtpSender>();
  private videoDeviceId: string | undefined;
  private audioDeviceId: string | undefined;

  constructor(
    initial: MediaStream,
    private readonly onChange: () => void,
  ) {
    this.audioTrack = initial.getAudioTracks()[0] ?? null;
    this.cameraTrack = initial.getVideoTracks()[0] ?? null;
    this.audioDeviceId = this.audioTrack?.getSettings().deviceId;
    this.videoDeviceId = this.cameraTrack?.getSettings().deviceId;
    this.rebuildStream();
  }

  get state(): MediaState {
    return {
      audio: Boolean(this.audioTrack?.enabled && this.audioTrack.readyState === 'live'),
      video: Boolean(this.cameraTrack || this.screenTrack),
      screen: Boolean(this.screenTrack),
    };
  }

  /** The track a sender of `kind` should carry now. */
  track(kind: Kind): MediaStreamTrack | null {
    return kind === 'audio' ? this.audioTrack : (this.screenTrack ?? this.cameraTrack);
  }

  hasTrack(kind: Kind): boolean {
    return this.track(kind) !== null;
  }

  /** Keeps `sender` carrying the current track of its kind until it is released. */
  attach(sender: RTCRtpSender, kind: Kind): void {
    this.senders.add(sender);
    (sender as RTCRtpSender & { ingangKind?: Kind }).ingangKind = kind;
    void sender.replaceTrack(this.track(kind)).catch(() => undefined);
  }

  release(sender: RTCRtpSender): void {
    this.senders.delete(sender);
  }

  async setAudio(on: boolean): Promise<void> {
    if (this.audioTrack && this.audioTrack.readyState === 'live') {
      this.audioTrack.enabled = on;
    } else if (on) {
      const stream = await openMedia({ audio: true, video: false, audioDeviceId: this.audioDeviceId });
      this.audioTrack = stream.getAudioTracks()[0] ?? null;
      this.push('audio');
    }
    this.rebuildStream();
  }

  async setVideo(on: boolean): Promise<void> {
    if (!on) {
      this.cameraTrack?.stop();
      this.cameraTrack = null;
    } else if (!this.cameraTrack) {
      const stream = await openMedia({ audio: false, video: true, videoDeviceId: this.videoDeviceId });
      this.cameraTrack = stream.getVideoTracks()[0] ?? null;
    }
    this.push('video');
    this.rebuildStream();
  }

  /** Number of cameras (the switch button shows only when there is more than one). */
  async cameraCount(): Promise<number> {
    return (await listDevices()).cameras.length;
  }

  /** Moves to the next camera (front/back on a phone). */
  async switchCamera(): Promise<void> {
    const { cameras } = await listDevices();
    if (cameras.length < 2) return;
    const index = cameras.findIndex((c) => c.deviceId === this.videoDeviceId);
    const next = cameras[(index + 1) % cameras.length];
    if (!next) return;
    const stream = await openMedia({ audio: false, video: true, videoDeviceId: next.deviceId });
    this.cameraTrack?.stop();
    this.cameraTrack = stream.getVideoTracks()[0] ?? null;
    this.videoDeviceId = next.deviceId;
    this.push('video');
    this.rebuildStream();
  }

  /** Shares a screen or window in place of the camera; resolves false when the user cancelled. */
  async startScreen(): Promise<boolean> {
    if (!navigator.mediaDevices?.getDisplayMedia) return false;
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: { max: 15 } }, audio: false });
    } catch {
      return false;
    }
    const track = stream.getVideoTracks()[0];
    if (!track) return false;
    track.contentHint = 'detail';
    // The browser's own "Stop sharing" bar ends the track.
    track.addEventListener('ended', () => {
      if (this.screenTrack === track) this.stopScreen();
    });
    this.screenTrack = track;
    this.push('video');
    this.rebuildStream();
    return true;
  }

  stopScreen(): void {
    this.screenTrack?.stop();
    this.screenTrack = null;
    this.push('video');
    this.rebuildStream();
  }

  /** Stops everything (leaving the meeting). */
  stop(): void {
    stopStream(this.stream);
    for (const track of [this.audioTrack, this.cameraTrack, this.screenTrack]) track?.stop();
    this.audioTrack = null;
    this.cameraTrack = null;
    this.screenTrack = null;
    this.senders.clear();
  }

  private push(kind: Kind): void {
    const track = this.track(kind);
    for (const sender of this.senders) {
      if ((sender as RTCRtpSender & { ingangKind?: Kind }).ingangKind === kind) {
        void sender.replaceTrack(track).catch(() => undefined);
      }
    }
  }

  private rebuildStream(): void {
    for (const track of this.stream.getTracks()) this.stream.removeTrack(track);
    const video = this.track('video');
    if (this.audioTrack) this.stream.addTrack(this.audioTrack);
    if (video) this.stream.addTrack(video);
    this.onChange();
  }
}
