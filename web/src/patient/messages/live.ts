/**
 * Live updates over the messaging WebSocket (GET /api/messaging/ws), shared by
 * the patient pages and the staff inbox.
 *
 * `useLiveConversation` subscribes to one conversation once its history has
 * loaded over REST, with `since` = the highest seq in the cache; after every
 * reconnect it subscribes again from the cache's current mark, so the server
 * replays exactly what was missed. Entries already in the cache (same seq) are
 * dropped, so nothing shows twice. `useLiveWatch` follows a unit's inbox or a
 * subject's conversation list and calls back on every change.
 */
import {
  type ConversationMessage,
  MESSAGING_WS_PATH,
  type MessagingClientMessage,
  MessagingServerMessage,
} from '@ingang/contracts';
import { useEffect, useRef, useState } from 'react';
import { useRealtime } from '../../api/realtime.js';

type ServerMessage = MessagingServerMessage;
type Changed = Extract<ServerMessage, { type: 'conversation_changed' }>;
type Read = Extract<ServerMessage, { type: 'read' }>;

const parse = (data: unknown): ServerMessage => MessagingServerMessage.parse(data);

export interface LiveConversationOptions {
  conversationId: string;
  /** `{ subjectId }` for a citizen acting for someone, `{ unitId }` for staff. */
  scope: { subjectId?: string; unitId?: string };
  /** The highest seq the page holds, or undefined until the history has loaded. */
  lastSeq: () => number | undefined;
  onMessage: (message: ConversationMessage) => void;
  onRead?: (event: Read) => void;
  onChanged?: (event: Changed) => void;
  /** Access is gone (a revoked proxy, another unit) or the conversation does not exist. */
  onGone?: () => void;
  /** After a reconnect (not the first connection): catch up on what is not replayed (read marks, status). */
  onReconnect?: () => void;
}

/** Live entries of one conversation; returns the connection status for a quiet indicator. */
export function useLiveConversation(options: LiveConversationOptions) {
  const latest = useRef(options);
  latest.current = options;
  const [connection, setConnection] = useState(0);
  const subscribedOn = useRef(-1);
  const loaded = options.lastSeq() !== undefined;
  const { conversationId } = options;

  const live = useRealtime<ServerMessage>({
    path: MESSAGING_WS_PATH,
    parse,
    onOpen: () => setConnection((n) => n + 1),
    onMessage: (event) => {
      const o = latest.current;
      if ('conversationId' in event && event.conversationId !== o.conversationId) return;
      if (event.type === 'message') {
        const last = o.lastSeq();
        // Not loaded yet: the REST answer will hold it. Already held: a replay overlap.
        if (last === undefined) return;
        o.onMessage(event.message);
      } else if (event.type === 'read') o.onRead?.(event);
      else if (event.type === 'conversation_changed') o.onChanged?.(event);
      else if (event.type === 'unsubscribed') o.onGone?.();
    },
  });

  const { status, send } = live;
  // biome-ignore lint/correctness/useExhaustiveDependencies: subscribe once per connection, after the history loaded.
  useEffect(() => {
    if (status !== 'open' || !loaded || subscribedOn.current === connection) return;
    const since = latest.current.lastSeq();
    const message: MessagingClientMessage = {
      type: 'subscribe',
      conversationId,
      ...(since !== undefined ? { since } : {}),
      ...latest.current.scope,
    };
    if (!send(message)) return;
    if (subscribedOn.current >= 1) latest.current.onReconnect?.();
    subscribedOn.current = connection;
  }, [status, loaded, connection, conversationId]);

  return status;
}

export interface LiveWatchOptions {
  /** One frame per target: `{ type: 'watch_unit', unitId }` or `{ type: 'watch_subject', subjectId? }`. */
  watches: MessagingClientMessage[];
  onChanged: (event: Changed) => void;
  /** After a reconnect: changes made while the socket was down were not pushed; refetch. */
  onReconnect?: () => void;
  enabled?: boolean;
}

/** Follows inbox / list changes; re-sends the watches after each reconnect (and refreshes, to catch up). */
export function useLiveWatch({ watches, onChanged, onReconnect, enabled = true }: LiveWatchOptions) {
  const latest = useRef({ watches, onChanged, onReconnect });
  latest.current = { watches, onChanged, onReconnect };
  const [connection, setConnection] = useState(0);
  const watchKey = JSON.stringify(watches);
  const live = useRealtime<ServerMessage>(
    {
      path: MESSAGING_WS_PATH,
      parse,
      onOpen: () => setConnection((n) => n + 1),
      onMessage: (event) => {
        if (event.type === 'conversation_changed') latest.current.onChanged(event);
      },
    },
    enabled,
  );
  const { status, send } = live;
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-send on each connection and when the targets change.
  useEffect(() => {
    if (status !== 'open') return;
    for (const watch of latest.current.watches) send(watch);
    if (connection > 1) latest.current.onReconnect?.();
  }, [status, connection, watchKey]);
  return status;
}
