/**
 * Media routing of a group meeting: the sfu-* messages, run against the
 * MediaRouter (the embedded werift SFU or Janus) of the instance that carries
 * the room. The SFU's RTP goes straight between the browsers and that
 * instance's UDP ports, which is why a group meeting lives on one instance
 * (docs/operations.md); only the signalling reaches it through any instance.
 */
import type { ClientMessage } from '@ingang/contracts';
import { type MediaRouter, MediaRouterError } from './media-router.js';
import { type Endpoint, type Live, type Room, send, toMeeting } from './room.js';

type SfuMessage = Extract<
  ClientMessage,
  { type: 'sfu-publish' | 'sfu-unpublish' | 'sfu-subscribe' | 'sfu-answer' | 'sfu-unsubscribe' | 'sfu-ice' }
>;

/** Handles one sfu-* message of `self` (admitted, in a group meeting). */
export async function handleSfu(router: MediaRouter, room: Room, self: Live, msg: SfuMessage, socket: Endpoint) {
  const error = (code: string, message: string) => send(socket, { type: 'error', code, message, ref: msg.type });
  const id = room.meeting.id;
  try {
    await router.createRoom(id);
    if (msg.type === 'sfu-publish') {
      const before = [...room.feeds].filter(([, p]) => p === self.row.id).map(([f]) => f);
      const result = await router.publish(id, self.row.id, msg.sdp);
      for (const old of before) {
        room.feeds.delete(old);
        toMeeting(room, { type: 'feed-removed', feedId: old });
      }
      if (room.live.get(self.row.id) !== self) {
        // Left while the router worked: drop what was just set up.
        await router.unpublish(id, self.row.id);
        return;
      }
      room.feeds.set(result.feedId, self.row.id);
      send(socket, { type: 'sfu-published', feedId: result.feedId, sdp: result.answerSdp });
      toMeeting(room, { type: 'feed-added', feed: { feedId: result.feedId, participantId: self.row.id } }, self.row.id);
    } else if (msg.type === 'sfu-unpublish') {
      for (const feedId of await router.unpublish(id, self.row.id)) {
        room.feeds.delete(feedId);
        toMeeting(room, { type: 'feed-removed', feedId });
      }
    } else if (msg.type === 'sfu-subscribe') {
      if (!room.feeds.has(msg.feedId)) return error('unknown_feed', 'No such feed in this meeting.');
      const result = await router.subscribe(id, self.row.id, msg.feedId);
      room.subs.set(result.subscriptionId, msg.feedId);
      send(socket, {
        type: 'sfu-offer',
        subscriptionId: result.subscriptionId,
        feedId: msg.feedId,
        sdp: result.offerSdp,
      });
    } else if (msg.type === 'sfu-answer') {
      await router.answer(id, self.row.id, msg.subscriptionId, msg.sdp);
      const feedId = room.subs.get(msg.subscriptionId) ?? '';
      send(socket, { type: 'sfu-subscribed', subscriptionId: msg.subscriptionId, feedId });
    } else if (msg.type === 'sfu-unsubscribe') {
      await router.unsubscribe(id, self.row.id, msg.subscriptionId);
      room.subs.delete(msg.subscriptionId);
    } else {
      await router.trickle(id, self.row.id, msg.target, msg.candidate);
    }
  } catch (e) {
    if (e instanceof MediaRouterError) return error(e.code, e.message);
    throw e;
  }
}
