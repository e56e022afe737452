/** A small WebSocket test client: collects frames and waits for the one a test expects. */
import type { MessagingServerMessage } from '@ingang/contracts';
import WebSocket from 'ws';

export interface TestSocket {
  ws: WebSocket;
  frames: MessagingServerMessage[];
  send(message: object): void;
  /** The first frame (already received or coming) that matches, waiting up to `timeoutMs`. */
  next<T extends MessagingServerMessage['type']>(
    type: T,
    match?: (f: Extract<MessagingServerMessage, { type: T }>) => boolean,
    timeoutMs?: number,
  ): Promise<Extract<MessagingServerMessage, { type: T }>>;
  closed: Promise<{ code: number; reason: string }>;
  close(): Promise<void>;
}

export async function openSocket(
  baseUrl: string,
  cookie: string,
  headers: Record<string, string> = {},
): Promise<TestSocket> {
  const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/api/messaging/ws`, { headers: { cookie, ...headers } });
  const frames: MessagingServerMessage[] = [];
  const waiters = new Set<() => void>();
  ws.on('message', (raw) => {
    frames.push(JSON.parse(raw.toString()) as MessagingServerMessage);
    for (const w of waiters) w();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
  });
  const consumed = new Set<number>();
  return {
    ws,
    frames,
    send: (message) => ws.send(JSON.stringify(message)),
    next(type, match = () => true, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const i = frames.findIndex((f, index) => !consumed.has(index) && f.type === type && match(f as never));
          if (i < 0) return false;
          consumed.add(i);
          waiters.delete(check);
          clearTimeout(timer);
          resolve(frames[i] as never);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(`no '${type}' frame within ${timeoutMs} ms; got ${JSON.stringify(frames.map((f) => f.type))}`),
          );
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
    closed,
    async close() {
      if (ws.readyState === ws.CLOSED) return;
      ws.close();
      await closed;
    },
  };
}
