/**
 * Child process of `bench:video`: the synthetic werift participants of ONE
 * group meeting, kept out of the SFU's process so the SFU's CPU time can be
 * measured alone. argv[2] is JSON { base, tickets: [host, ...guests], address }.
 * The host admits everyone; each participant publishes (30 fps VP8-sized
 * packets + 50 pps Opus-sized packets) and subscribes to every other feed.
 * Prints `READY <json>` when all subscriptions are set up; on stdin `SNAPSHOT`
 * prints `RECEIVED <json>` (packets received so far per subscriber), `STOP` exits.
 */
import { SyntheticPeer } from '../../server/test/video/synthetic-peer.js';
import { SignalClient } from '../../server/test/video/ws-client.js';

const { base, tickets, address } = JSON.parse(process.argv[2] ?? '{}') as {
  base: string;
  tickets: string[];
  address: string;
};

async function main() {
  const [hostTicket, ...guestTickets] = tickets;
  if (!hostTicket) throw new Error('no tickets');
  const host = await SignalClient.join(base, hostTicket);
  const peers = [new SyntheticPeer(host.c, address)];
  for (const ticket of guestTickets) {
    const { c, joined } = await SignalClient.join(base, ticket);
    host.c.send({ type: 'admit', participantId: joined.self.id });
    await c.next('admitted');
    peers.push(new SyntheticPeer(c, address));
  }
  const started = Date.now();
  const feeds: string[] = [];
  for (const p of peers) feeds.push(await p.publish());
  // Every participant subscribes to the others at the same time (as browsers do).
  await Promise.all(
    peers.map(async (p) => {
      for (const f of feeds) if (f !== p.feedId) await p.subscribe(f);
    }),
  );
  const setupMs = Date.now() - started;
  // Media flows once ICE and DTLS are done: wait (up to 60 s) until every subscription received video.
  const flowing = () => peers.reduce((n, p) => n + [...p.received.values()].filter((r) => r.video > 0).length, 0);
  const total = peers.length * (peers.length - 1);
  const deadline = Date.now() + 60_000;
  while (flowing() < total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  const ready = { setupMs, flowingMs: Date.now() - started, flowing: flowing(), subscriptions: total };
  process.stdout.write(`READY ${JSON.stringify(ready)}\n`);

  process.stdin.setEncoding('utf8');
  process.stdin.on('data', async (chunk) => {
    const text = String(chunk);
    if (text.includes('SNAPSHOT')) {
      const received = peers.map((p) => {
        let video = 0;
        let audio = 0;
        for (const r of p.received.values()) {
          video += r.video;
          audio += r.audio;
        }
        return { video, audio };
      });
      process.stdout.write(`RECEIVED ${JSON.stringify(received)}\n`);
    }
    if (text.includes('STOP')) {
      for (const p of peers) await p.close();
      process.exit(0);
    }
  });
}

main().catch((error) => {
  process.stderr.write(`peers failed: ${(error as Error).stack}\n`);
  process.exit(1);
});
