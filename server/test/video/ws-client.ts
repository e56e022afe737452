/** A signalling client for tests: collects server messages and waits for the next of a type. */
import type { ClientMessage, ServerMessage } from '@ingang/contracts';
import WebSocket from 'ws';

type Of<T extends ServerMessage['type']> = Extract<ServerMessage, { type: T }>;

export class SignalClient {
  readonly messages: ServerMessage[] = [];
  closed: { code: number; reason: string } | null = null;
  private waiters: (() => void)[] = [];
  private seen = 0;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      this.messages.push(JSON.parse(data.toString()) as ServerMessage);
      this.wake();
    });
    socket.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.wake();
    });
  }

  private wake() {
    for (const w of this.waiters.splice(0)) w();
  }

  static async open(baseUrl: string, headers: Record<string, string> = {}): Promise<SignalClient> {
    const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/api/video/ws`, { headers });
    const client = new SignalClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
      socket.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    });
    return client;
  }

  /** Opens a socket and joins with the ticket; resolves with the `joined` message. */
  static async join(
    baseUrl: string,
    ticket: string,
    resume = false,
  ): Promise<{ c: SignalClient; joined: Of<'joined'> }> {
    const c = await SignalClient.open(baseUrl);
    c.send({ type: 'join', ticket, ...(resume ? { resume: true } : {}) });
    const joined = await c.next('joined');
    return { c, joined };
  }

  send(message: ClientMessage | Record<string, unknown>) {
    this.socket.send(JSON.stringify(message));
  }

  /** The next message of `type` not returned before (waits up to `timeoutMs`). */
  async next<T extends ServerMessage['type']>(type: T, timeoutMs = 10_000): Promise<Of<T>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (let i = this.seen; i < this.messages.length; i++) {
        const m = this.messages[i];
        if (m?.type === type) {
          this.messages.splice(i, 1);
          return m as Of<T>;
        }
      }
      if (this.closed && this.closed.code !== 0) {
        throw new Error(`socket closed (${this.closed.code} ${this.closed.reason}) before a '${type}' message`);
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no '${type}' message; got ${JSON.stringify(this.messages.map((m) => m.type))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Resolves with the close code once the server closed the socket. */
  async closedWith(timeoutMs = 10_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('socket still open');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.closed.code;
  }

  close() {
    this.socket.close();
  }
}
