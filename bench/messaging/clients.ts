/**
 * A client worker of the messaging benchmark (forked by run.ts with IPC): opens
 * one WebSocket per assigned citizen, subscribes to the citizen's conversation,
 * and records the delivery latency of every message it receives (the body is
 * `bench <sent-at ms>`; sender and receiver share the machine's clock).
 */
import WebSocket from 'ws';

interface Assignment {
  origin: string;
  clients: { cookie: string; conversationId: string }[];
  /** Sockets opening at once. */
  openConcurrency: number;
}

const sockets: WebSocket[] = [];
const latencies: number[] = [];
let received = 0;
let duplicates = 0;
const seen = new Map<string, number>();

function open(origin: string, client: Assignment['clients'][number]): Promise<void> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${origin.replace(/^http/, 'ws')}/api/messaging/ws`, {
      headers: { cookie: client.cookie },
      perMessageDeflate: false,
    });
    const timer = setTimeout(() => reject(new Error('subscribe timed out')), 120_000);
    ws.on('message', (raw) => {
      const frame = JSON.parse(raw.toString()) as {
        type: string;
        message?: { body: string; seq: number; conversationId: string };
      };
      if (frame.type === 'ready') ws.send(JSON.stringify({ type: 'subscribe', conversationId: client.conversationId }));
      else if (frame.type === 'subscribed') {
        clearTimeout(timer);
        resolve();
      } else if (frame.type === 'message' && frame.message) {
        const sentAt = Number(frame.message.body.split(' ')[1]);
        const last = seen.get(frame.message.conversationId) ?? 0;
        if (frame.message.seq <= last) duplicates += 1;
        seen.set(frame.message.conversationId, Math.max(last, frame.message.seq));
        received += 1;
        latencies.push(Date.now() - sentAt);
      }
    });
    ws.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    sockets.push(ws);
  });
}

process.on('message', async (raw: unknown) => {
  const message = raw as { kind: 'start'; assignment: Assignment } | { kind: 'report' } | { kind: 'stop' };
  if (message.kind === 'start') {
    const { origin, clients, openConcurrency } = message.assignment;
    const started = Date.now();
    let next = 0;
    let failed = 0;
    await Promise.all(
      Array.from({ length: openConcurrency }, async () => {
        while (next < clients.length) {
          const client = clients[next++]!;
          await open(origin, client).catch(() => {
            failed += 1;
          });
        }
      }),
    );
    process.send?.({ kind: 'ready', opened: clients.length - failed, failed, ms: Date.now() - started });
  } else if (message.kind === 'report') {
    process.send?.({
      kind: 'report',
      latencies,
      received,
      duplicates,
      open: sockets.filter((s) => s.readyState === s.OPEN).length,
    });
  } else {
    for (const s of sockets) s.terminate();
    process.exit(0);
  }
});
