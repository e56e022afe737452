/**
 * The browser side of one meeting: signalling, the waiting room, media over
 * mesh or SFU (the topology comes from the join answer; the messages are the
 * same), host controls, chat, quality and reconnecting. React reads it
 * through `subscribe`/`snapshot` (useSyncExternalStore). Every incoming
 * message is handled in order, one at a time, so an ICE candidate never
 * overtakes the offer it belongs to.
 */
import type {
  ChatMessage,
  ClientMessage,
  JoinResponse,
  ServerMessage,
  SfuFeed,
  SignalParticipant,
} from '@ingang/contracts';
import { LocalMedia } from './local-media.js';
import { MeshPeer } from './mesh-peer.js';
import { judge, type Quality, type StatsSample, sample } from './quality.js';
import { SfuLinks } from './sfu-links.js';
import { Signalling } from './signalling.js';
import { installStatsHook, uninstallStatsHook } from './stats-hook.js';

export type JoinData = JoinResponse['data'];
export type Phase = 'connecting' | 'waiting' | 'in_meeting' | 'closed';
export type CloseReason = 'left' | 'removed' | 'denied' | 'ended' | 'replaced' | 'disconnected' | 'error';

/** Something the live region announces (translated by the page). */
export interface Notice {
  id: number;
  key: 'joined' | 'left' | 'waitingArrived' | 'locked' | 'unlocked' | 'mutedByHost' | 'chat' | 'reconnected';
  name?: string;
  /** A chat message's text (read out with who wrote it). */
  text?: string;
}

export interface MeetingSnapshot {
  phase: Phase;
  closeReason: CloseReason | null;
  self: SignalParticipant | null;
  /** Everyone else in the meeting (not the waiting room). */
  participants: SignalParticipant[];
  /** Hosts only: who waits to come in. */
  waiting: SignalParticipant[];
  /** Incoming media by participant id. */
  streams: Record<string, MediaStream>;
  localVersion: number;
  media: { audio: boolean; video: boolean; screen: boolean };
  locked: boolean;
  spotlight: string | null;
  chat: ChatMessage[];
  quality: Quality | null;
  reconnecting: boolean;
  notices: Notice[];
  error: string | null;
}

type Listener = () => void;

export class MeetingClient {
  readonly local: LocalMedia;
  private snap: MeetingSnapshot;
  private readonly listeners = new Set<Listener>();
  private readonly signalling: Signalling;
  private readonly peers = new Map<string, MeshPeer>();
  private sfu: SfuLinks | null = null;
  private queue: Promise<void> = Promise.resolve();
  private noticeId = 0;
  private statsTimer = 0;
  private lastSample: StatsSample | null = null;
  private readonly iceServers: RTCIceServer[];
  private readonly onNetworkChange = () => this.signalling.reconnectNow();
  /** Closing the tab or navigating away leaves at once (the others need not wait for a timeout). */
  private readonly onPageHide = () => this.leave();

  constructor(
    readonly join: JoinData,
    initial: MediaStream,
  ) {
    this.iceServers = join.iceServers.map((s) => ({ urls: s.urls, username: s.username, credential: s.credential }));
    this.local = new LocalMedia(initial, () => this.localChanged());
    this.snap = {
      phase: 'connecting',
      closeReason: null,
      self: null,
      participants: [],
      waiting: [],
      streams: {},
      localVersion: 0,
      media: this.local.state,
      locked: false,
      spotlight: null,
      chat: [],
      quality: null,
      reconnecting: false,
      notices: [],
      error: null,
    };
    this.signalling = new Signalling(join.wsPath, join.ticket, join.resumeGraceSeconds, {
      message: (m) => {
        this.queue = this.queue.then(() => this.handle(m)).catch(() => undefined);
      },
      reconnecting: (active) => this.update({ reconnecting: active }),
      closed: (code) => this.finish(closeReasonOf(code)),
    });
  }

  // ---------------------------------------------------------------- React store

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  snapshot = (): MeetingSnapshot => this.snap;

  private update(patch: Partial<MeetingSnapshot>): void {
    this.snap = { ...this.snap, ...patch };
    for (const listener of this.listeners) listener();
  }

  private notice(key: Notice['key'], name?: string, text?: string): void {
    this.noticeId += 1;
    this.update({ notices: [...this.snap.notices.slice(-4), { id: this.noticeId, key, name, text }] });
  }

  // ---------------------------------------------------------------- life cycle

  start(): void {
    this.signalling.start();
    window.addEventListener('online', this.onNetworkChange);
    window.addEventListener('pagehide', this.onPageHide);
    (navigator as Navigator & { connection?: EventTarget }).connection?.addEventListener?.(
      'change',
      this.onNetworkChange,
    );
    this.statsTimer = window.setInterval(() => void this.measure(), 4000);
    installStatsHook(this);
  }

  /** Leaves the meeting (or the waiting room) and releases camera and microphone. */
  leave(): void {
    this.signalling.send({ type: 'leave' });
    this.finish('left');
  }

  private finish(reason: CloseReason): void {
    if (this.snap.phase === 'closed') return;
    this.signalling.stop();
    window.removeEventListener('online', this.onNetworkChange);
    window.removeEventListener('pagehide', this.onPageHide);
    (navigator as Navigator & { connection?: EventTarget }).connection?.removeEventListener?.(
      'change',
      this.onNetworkChange,
    );
    window.clearInterval(this.statsTimer);
    for (const peer of this.peers.values()) peer.close();
    this.peers.clear();
    this.sfu?.close();
    this.local.stop();
    uninstallStatsHook(this);
    this.update({ phase: 'closed', closeReason: reason, streams: {}, reconnecting: false });
  }

  // ---------------------------------------------------------------- actions

  send(message: ClientMessage): void {
    this.signalling.send(message);
  }

  async setAudio(on: boolean): Promise<void> {
    await this.local.setAudio(on);
  }

  async setVideo(on: boolean): Promise<void> {
    if (!on && this.local.state.screen) this.local.stopScreen();
    await this.local.setVideo(on);
  }

  async switchCamera(): Promise<void> {
    await this.local.switchCamera();
  }

  async setScreen(on: boolean): Promise<void> {
    if (on) await this.local.startScreen();
    else this.local.stopScreen();
  }

  private localChanged(): void {
    if (!this.snap) return;
    const media = this.local.state;
    this.update({ media, localVersion: this.snap.localVersion + 1 });
    this.signalling?.send({ type: 'media-state', media });
  }

  // ---------------------------------------------------------------- incoming

  private async handle(m: ServerMessage): Promise<void> {
    switch (m.type) {
      case 'joined': {
        const inMeeting = m.state === 'in_meeting';
        const others = m.participants.filter((p) => p.state === 'in_meeting');
        const wasIn = this.snap.phase === 'in_meeting';
        this.update({
          self: m.self,
          phase: inMeeting ? 'in_meeting' : 'waiting',
          participants: others,
          waiting: m.participants.filter((p) => p.state === 'waiting'),
          locked: m.locked,
          spotlight: m.spotlight,
          chat: m.chat,
        });
        this.signalling.send({ type: 'media-state', media: this.local.state });
        if (m.resumed && wasIn) this.notice('reconnected');
        if (inMeeting) await this.startMedia(others, m.feeds, m.resumed && wasIn);
        return;
      }
      case 'admitted': {
        const others = m.participants.filter((p) => p.state === 'in_meeting');
        this.update({ phase: 'in_meeting', participants: others, chat: m.chat });
        this.signalling.send({ type: 'media-state', media: this.local.state });
        await this.startMedia(others, m.feeds, false);
        return;
      }
      case 'waiting-list': {
        const before = new Set(this.snap.waiting.map((p) => p.id));
        for (const p of m.waiting) if (!before.has(p.id)) this.notice('waitingArrived', p.displayName);
        this.update({ waiting: m.waiting });
        return;
      }
      case 'participant-joined':
      case 'participant-updated': {
        const p = m.participant;
        if (p.id === this.snap.self?.id) {
          this.update({ self: p });
          return;
        }
        if (p.state !== 'in_meeting') return;
        const known = this.snap.participants.some((x) => x.id === p.id);
        this.update({ participants: upsert(this.snap.participants, p) });
        if (!known && this.snap.phase === 'in_meeting') this.notice('joined', p.displayName);
        return;
      }
      case 'participant-left': {
        const gone = this.snap.participants.find((p) => p.id === m.participantId);
        this.peers.get(m.participantId)?.close();
        this.peers.delete(m.participantId);
        this.sfu?.forgetParticipant(m.participantId);
        const { [m.participantId]: _, ...streams } = this.snap.streams;
        this.update({
          participants: this.snap.participants.filter((p) => p.id !== m.participantId),
          waiting: this.snap.waiting.filter((p) => p.id !== m.participantId),
          streams,
        });
        if (gone) this.notice('left', gone.displayName);
        return;
      }
      case 'offer': {
        let peer = this.peers.get(m.from);
        if (!peer) peer = this.createPeer(m.from, false);
        await peer.handleOffer(m.sdp);
        return;
      }
      case 'answer':
        await this.peers.get(m.from)?.handleAnswer(m.sdp);
        return;
      case 'ice':
        await this.peers.get(m.from)?.handleIce(m.candidate);
        return;
      case 'sfu-published':
        await this.sfu?.handlePublished(m.feedId, m.sdp);
        return;
      case 'feed-added':
        this.sfu?.addFeed(m.feed);
        return;
      case 'feed-removed':
        this.sfu?.removeFeed(m.feedId);
        return;
      case 'sfu-offer':
        // Not awaited: answering waits for ICE gathering, and other feeds should not queue behind it.
        void this.sfu?.handleOffer(m.subscriptionId, m.feedId, m.sdp).catch(() => undefined);
        return;
      case 'sfu-ice':
        await this.sfu?.handleIce(m.target, m.candidate);
        return;
      case 'sfu-subscribed':
      case 'pong':
        return;
      case 'locked':
        this.update({ locked: m.locked });
        this.notice(m.locked ? 'locked' : 'unlocked');
        return;
      case 'spotlight':
        this.update({ spotlight: m.participantId });
        return;
      case 'muted':
        await this.local.setAudio(false);
        this.notice('mutedByHost');
        return;
      case 'chat':
        this.update({ chat: [...this.snap.chat, m.message].slice(-200) });
        if (m.message.from !== this.snap.self?.id) this.notice('chat', m.message.displayName, m.message.text);
        return;
      case 'closing':
        this.finish(m.reason === 'disconnected' ? 'error' : m.reason);
        return;
      case 'error':
        this.update({ error: m.message });
        return;
    }
  }

  private createPeer(remoteId: string, initiator: boolean): MeshPeer {
    const selfId = this.snap.self?.id ?? this.join.participantId;
    const peer = new MeshPeer(
      remoteId,
      selfId,
      this.iceServers,
      initiator,
      this.local,
      (message) => this.signalling.send(message),
      (stream) => this.update({ streams: { ...this.snap.streams, [remoteId]: stream } }),
    );
    this.peers.set(remoteId, peer);
    return peer;
  }

  /** Entering the meeting (or back after a reconnect): connect to everyone already there. */
  private async startMedia(others: SignalParticipant[], feeds: SfuFeed[], resumed: boolean): Promise<void> {
    if (this.join.topology === 'sfu') {
      if (!this.sfu) {
        this.sfu = new SfuLinks(
          this.join.participantId,
          this.iceServers,
          this.local,
          (message) => this.signalling.send(message),
          (participantId, stream) => {
            const { [participantId]: _, ...rest } = this.snap.streams;
            this.update({ streams: stream ? { ...rest, [participantId]: stream } : rest });
          },
        );
      }
      await this.sfu.restart(feeds);
      return;
    }
    const ids = new Set(others.map((p) => p.id));
    for (const [id, peer] of this.peers) {
      if (!ids.has(id)) {
        peer.close();
        this.peers.delete(id);
      } else if (resumed) {
        peer.restartIce();
      }
    }
    // The later arrival offers to everyone already in the meeting.
    for (const p of others) if (!this.peers.has(p.id)) this.createPeer(p.id, true);
  }

  /** Every peer connection with the participant it receives from (null: our own SFU publisher). */
  connections(): { participantId: string | null; pc: RTCPeerConnection }[] {
    const mesh = [...this.peers.values()].map((p) => ({ participantId: p.remoteId, pc: p.pc }));
    return [...mesh, ...(this.sfu?.connections() ?? [])];
  }

  private async measure(): Promise<void> {
    if (this.snap.phase !== 'in_meeting') return;
    const current = await sample(this.connections());
    const { level, loss } = judge(this.lastSample, current);
    this.lastSample = current;
    if (level && level !== this.snap.quality) {
      this.update({ quality: level });
      this.signalling.send({
        type: 'quality',
        level,
        rttMs: current.rttMs ?? undefined,
        lossPercent: Math.round(loss * 10) / 10,
      });
    }
  }
}

function upsert(list: SignalParticipant[], p: SignalParticipant): SignalParticipant[] {
  return list.some((x) => x.id === p.id) ? list.map((x) => (x.id === p.id ? p : x)) : [...list, p];
}

function closeReasonOf(code: number): CloseReason {
  if (code === 4409) return 'ended';
  if (code === 4410) return 'removed';
  if (code === 4411) return 'replaced';
  if (code === 1006) return 'disconnected';
  return 'error';
}
