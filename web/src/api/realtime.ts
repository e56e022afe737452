/**
 * A small reconnecting WebSocket client for the server's realtime endpoints
 * (chat now, video signalling later). The session cookie authorises the
 * socket, so nothing secret is put in the URL.
 *
 * - Reconnects after a drop with exponential backoff (0.5 s doubling to 30 s,
 *   with jitter so a restarted server is not hit by every tab at once); the
 *   delay resets once a connection has stayed open. `online` and the tab
 *   becoming visible retry at once.
 * - On every (re)connection `onOpen(send)` runs, so the caller re-subscribes
 *   and asks for what it missed ("since" the last seen sequence number).
 * - `SeqTracker` drops what was already seen, so a resume that overlaps with
 *   a message delivered just before the drop never shows a message twice.
 * - Close code 4401 (the session ended) stops reconnecting and marks the user
 *   logged out; the guards then send them to the login page.
 */
import { useEffect, useRef, useState } from 'react';
import { meKey, queryClient } from './query-client.js';

export type RealtimeStatus = 'connecting' | 'open' | 'closed';

export interface RealtimeOptions<In> {
  /** Path of the endpoint, e.g. `/api/messaging/ws`. */
  path: string;
  /** Validates one incoming message (a contract schema's `parse`); return null to ignore it. */
  parse: (data: unknown) => In | null;
  onMessage: (message: In) => void;
  /** Runs after every (re)connection, before any message of it is handled. */
  onOpen?: (send: (message: unknown) => void) => void;
  onStatus?: (status: RealtimeStatus) => void;
}

const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 30_000;
/** A connection that stayed open this long resets the backoff. */
const STABLE_MS = 10_000;
/** Close codes after which reconnecting cannot help. */
const FINAL_CLOSE_CODES = new Set([4401]);
/** The server instance is restarting: reconnect at once (the load balancer picks another instance). */
export const RESTARTING_CLOSE_CODE = 4503;

/** The delay before reconnect attempt `attempt` (0-based): exponential, capped, ±25 % jitter. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** attempt);
  return Math.round(base * (0.75 + random() * 0.5));
}

/** Remembers the highest sequence number seen per stream (e.g. per conversation). */
export class SeqTracker {
  private readonly seen = new Map<string, number>();

  /** True the first time `seq` (or anything above the last seen) arrives for `key`. */
  accept(key: string, seq: number): boolean {
    const last = this.seen.get(key) ?? 0;
    if (seq <= last) return false;
    this.seen.set(key, seq);
    return true;
  }

  /** Raise the mark without a message (e.g. after loading the history over REST). */
  mark(key: string, seq: number): void {
    if (seq > (this.seen.get(key) ?? 0)) this.seen.set(key, seq);
  }

  last(key: string): number {
    return this.seen.get(key) ?? 0;
  }

  entries(): [string, number][] {
    return [...this.seen.entries()];
  }
}

function socketUrl(path: string): string {
  const url = new URL(path, window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

/** One logical connection that survives drops; `stop()` ends it for good. */
export class RealtimeConnection<In> {
  private socket: WebSocket | null = null;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private openedAt = 0;
  private stopped = false;
  private readonly retryNow = () => {
    if (!this.stopped && this.socket === null) {
      this.clearTimer();
      this.connect();
    }
  };
  private readonly onVisible = () => {
    if (document.visibilityState === 'visible') this.retryNow();
  };

  constructor(private readonly options: RealtimeOptions<In>) {}

  start(): void {
    this.stopped = false;
    window.addEventListener('online', this.retryNow);
    document.addEventListener('visibilitychange', this.onVisible);
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.clearTimer();
    window.removeEventListener('online', this.retryNow);
    document.removeEventListener('visibilitychange', this.onVisible);
    const socket = this.socket;
    this.socket = null;
    socket?.close(1000, 'done');
  }

  /** Sends now when connected; otherwise drops it (`onOpen` re-sends what matters after a reconnect). */
  send(message: unknown): boolean {
    if (this.socket?.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(message));
    return true;
  }

  private clearTimer() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private connect() {
    this.options.onStatus?.('connecting');
    let socket: WebSocket;
    try {
      socket = new WebSocket(socketUrl(this.options.path));
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      this.openedAt = Date.now();
      this.options.onStatus?.('open');
      this.options.onOpen?.((message) => this.send(message));
    };
    socket.onmessage = (event) => {
      if (typeof event.data !== 'string') return;
      let data: unknown;
      try {
        data = JSON.parse(event.data);
      } catch {
        return;
      }
      let message: In | null = null;
      try {
        message = this.options.parse(data);
      } catch {
        // A message this client does not know (a newer server): ignore it.
      }
      if (message !== null) this.options.onMessage(message);
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.options.onStatus?.('closed');
      if (this.stopped) return;
      if (FINAL_CLOSE_CODES.has(event.code)) {
        queryClient.setQueryData(meKey, null);
        return;
      }
      if (event.code === RESTARTING_CLOSE_CODE || (this.openedAt && Date.now() - this.openedAt > STABLE_MS)) {
        this.attempt = 0;
      }
      this.openedAt = 0;
      this.scheduleReconnect();
    };
  }

  private scheduleReconnect() {
    if (this.stopped) return;
    const delay = backoffDelay(this.attempt);
    this.attempt += 1;
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.stopped && this.socket === null) this.connect();
    }, delay);
  }
}

/**
 * Keeps one connection open while `enabled` and the component is mounted.
 * Callbacks are read through a ref, so passing new closures does not reconnect.
 * Returns the connection status and a `send` function.
 */
export function useRealtime<In>(options: RealtimeOptions<In>, enabled = true) {
  const latest = useRef(options);
  latest.current = options;
  const [status, setStatus] = useState<RealtimeStatus>('closed');
  const connection = useRef<RealtimeConnection<In> | null>(null);
  const { path } = options;

  useEffect(() => {
    if (!enabled) return;
    const conn = new RealtimeConnection<In>({
      path,
      parse: (data) => latest.current.parse(data),
      onMessage: (message) => latest.current.onMessage(message),
      onOpen: (send) => latest.current.onOpen?.(send),
      onStatus: (next) => {
        setStatus(next);
        latest.current.onStatus?.(next);
      },
    });
    connection.current = conn;
    conn.start();
    return () => {
      conn.stop();
      if (connection.current === conn) connection.current = null;
    };
  }, [path, enabled]);

  return { status, send: (message: unknown) => connection.current?.send(message) ?? false };
}
