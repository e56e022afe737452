/**
 * The signalling socket: one WebSocket to `/api/video/ws`, the `join`
 * message first (the ticket never goes into a URL), JSON messages checked
 * against the contract, a keep-alive ping, and reconnecting with
 * `resume: true` after a dropped connection (network change, sleep) for as
 * long as the server keeps our place (`resumeGraceSeconds`).
 */
import { type ClientMessage, type ServerMessage, ServerMessage as ServerMessageSchema } from '@ingang/contracts';

export interface SignallingHandlers {
  message(message: ServerMessage): void;
  /** The socket dropped and we are trying again (true) or got back (false). */
  reconnecting(active: boolean): void;
  /** Gave up or the server closed us for good (code = WebSocket close code). */
  closed(code: number): void;
}

/** Close codes after which reconnecting is pointless (bad ticket, ended, removed, replaced, forbidden). */
const FINAL_CODES = new Set([4400, 4401, 4403, 4404, 4409, 4410, 4411]);

export class Signalling {
  private socket: WebSocket | null = null;
  private stopped = false;
  private everConnected = false;
  private droppedAt = 0;
  private attempt = 0;
  private pingTimer = 0;
  private retryTimer = 0;
  private readonly onOnline = () => {
    if (this.socket === null && !this.stopped) this.retry(0);
  };

  constructor(
    private readonly wsPath: string,
    private readonly ticket: string,
    private readonly graceSeconds: number,
    private readonly handlers: SignallingHandlers,
  ) {}

  /** Opens the socket and sends `join`. */
  start(): void {
    window.addEventListener('online', this.onOnline);
    this.open(false);
  }

  send(message: ClientMessage): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  /** Closes for good (after `leave`, or when the page goes away). */
  stop(): void {
    this.stopped = true;
    window.removeEventListener('online', this.onOnline);
    window.clearInterval(this.pingTimer);
    window.clearTimeout(this.retryTimer);
    const socket = this.socket;
    this.socket = null;
    if (socket && socket.readyState <= WebSocket.OPEN) socket.close(1000, 'bye');
  }

  /** Drops the current socket and reconnects at once with resume (used on a network change). */
  reconnectNow(): void {
    if (this.stopped || !this.everConnected) return;
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onclose = null;
      socket.onmessage = null;
      socket.close(1000, 'network changed');
    }
    this.droppedAt ||= Date.now();
    this.handlers.reconnecting(true);
    this.retry(0);
  }

  private open(resume: boolean): void {
    const url = new URL(this.wsPath, window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(url);
    this.socket = socket;
    socket.onopen = () => {
      socket.send(JSON.stringify({ type: 'join', ticket: this.ticket, ...(resume ? { resume: true } : {}) }));
      window.clearInterval(this.pingTimer);
      this.pingTimer = window.setInterval(() => this.send({ type: 'ping' }), 20_000);
    };
    socket.onmessage = (event) => {
      if (this.socket !== socket) return;
      let parsed: ServerMessage;
      try {
        parsed = ServerMessageSchema.parse(JSON.parse(String(event.data)));
      } catch {
        return; // A message we do not understand (newer server): ignore it rather than fail the meeting.
      }
      if (parsed.type === 'joined') {
        if (this.droppedAt) this.handlers.reconnecting(false);
        this.everConnected = true;
        this.droppedAt = 0;
        this.attempt = 0;
      }
      this.handlers.message(parsed);
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      window.clearInterval(this.pingTimer);
      if (this.stopped) return;
      const final = FINAL_CODES.has(event.code) || !this.everConnected;
      if (final) {
        this.stopped = true;
        this.handlers.closed(event.code);
        return;
      }
      this.droppedAt ||= Date.now();
      this.handlers.reconnecting(true);
      // 4503: the instance is restarting — come back at once (jittered), through the load balancer.
      this.retry(event.code === 4503 ? 50 + Math.random() * 250 : Math.min(4000, 500 * 2 ** this.attempt));
    };
  }

  private retry(delayMs: number): void {
    window.clearTimeout(this.retryTimer);
    if (this.stopped) return;
    if (this.droppedAt && Date.now() - this.droppedAt > this.graceSeconds * 1000) {
      this.stopped = true;
      this.handlers.closed(1006);
      return;
    }
    this.retryTimer = window.setTimeout(() => {
      this.attempt += 1;
      if (!this.stopped && this.socket === null) this.open(true);
    }, delayMs);
  }
}
