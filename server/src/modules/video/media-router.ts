/**
 * The selective forwarding unit behind group meetings, as one interface with
 * two implementations: the embedded werift SFU (default, pure TypeScript, so
 * `npm start` has working group meetings) and Janus VideoRoom through janode
 * (production; chosen when JANUS_URL is set).
 *
 * The signalling layer speaks only this interface: a participant publishes
 * one offer (audio and/or video) and gets the answer; to receive a feed it
 * subscribes, gets an offer from the router, and returns its answer. Candidates
 * are part of the SDP (the routers gather before answering/offering), so
 * `trickle` is optional for clients. Nothing is recorded.
 */
import type { IceCandidate } from '@ingang/contracts';

export interface PublishResult {
  feedId: string;
  answerSdp: string;
}

export interface SubscribeResult {
  subscriptionId: string;
  offerSdp: string;
}

export interface MediaRouter {
  readonly name: 'werift' | 'janus';
  /** Idempotent. */
  createRoom(roomId: string): Promise<void>;
  /** A participant's offer → the router's answer and the feed id others subscribe to. Republishing replaces the feed. */
  publish(roomId: string, participantId: string, offerSdp: string): Promise<PublishResult>;
  unpublish(roomId: string, participantId: string): Promise<string[]>;
  /** The router's offer for receiving `feedId`; complete it with `answer`. */
  subscribe(roomId: string, participantId: string, feedId: string): Promise<SubscribeResult>;
  answer(roomId: string, participantId: string, subscriptionId: string, answerSdp: string): Promise<void>;
  unsubscribe(roomId: string, participantId: string, subscriptionId: string): Promise<void>;
  /** target: 'publisher' or a subscription id. */
  trickle(roomId: string, participantId: string, target: string, candidate: IceCandidate | null): Promise<void>;
  /** Drops everything of the participant; returns the feed ids that went away. */
  leave(roomId: string, participantId: string): Promise<string[]>;
  closeRoom(roomId: string): Promise<void>;
  close(): Promise<void>;
  /** Forwarded RTP packets so far (benchmarks, health). */
  stats(): { rooms: number; publishers: number; subscriptions: number; forwardedPackets: number };
}

export class MediaRouterError extends Error {
  constructor(
    readonly code: 'unknown_feed' | 'unknown_subscription' | 'bad_sdp' | 'router_unavailable',
    message: string,
  ) {
    super(message);
  }
}
