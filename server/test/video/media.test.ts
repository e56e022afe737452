/**
 * Media through the SFU: three synthetic werift participants of a group
 * meeting publish audio + video over the signalling socket and subscribe to
 * each other; every subscriber receives RTP from every other publisher. Once
 * through the embedded werift SFU and once through a private Janus (started
 * here with a generated config; signalling on 127.0.0.1, media on one local
 * address because libnice ignores loopback). Then a participant leaves and
 * the others are told its feed is gone.
 */
import { afterAll, describe, expect, test } from 'vitest';
import { seedDemo } from '../../src/seed/demo.js';
import { DEMO_STAFF, DEMO_UNITS } from '../../src/seed/demo-data.js';
import { startTestApp, type TestApp } from '../harness.js';
import { staffSession } from '../helpers/sessions.js';
import { type JanusProcess, startJanus } from './janus-process.js';
import { SyntheticPeer } from './synthetic-peer.js';
import { SignalClient } from './ws-client.js';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
});

async function groupMeetingWithPeers(t: TestApp, base: string, guests: number, address = '127.0.0.1') {
  await seedDemo(t.ctx.db, t.ctx.clock);
  const host = await staffSession(t, DEMO_STAFF.nurseSolberga, { activeUnitId: DEMO_UNITS.vcSolberga });
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/video/meetings',
    headers: host.headers,
    payload: { kind: 'group', title: 'Patientutbildning' },
  });
  expect(created.statusCode, created.body).toBe(201);
  const meetingId = created.json().data.id as string;
  const hostTicket = await t.app.inject({
    method: 'POST',
    url: `/api/video/meetings/${meetingId}/join`,
    headers: host.headers,
  });
  const hostSignal = await SignalClient.join(base, hostTicket.json().data.ticket);
  const peers = [new SyntheticPeer(hostSignal.c, address)];
  for (let i = 0; i < guests; i++) {
    const invite = await t.app.inject({
      method: 'POST',
      url: `/api/video/meetings/${meetingId}/invitations`,
      headers: host.headers,
      payload: { kind: 'guest', relation: 'other' },
    });
    const token = invite.json().data.guestToken as string;
    const join = await t.app.inject({
      method: 'POST',
      url: `/api/video/guest/${token}/join`,
      payload: { displayName: `Deltagare ${i + 1}` },
    });
    const { c, joined } = await SignalClient.join(base, join.json().data.ticket);
    expect(joined.state).toBe('waiting');
    hostSignal.c.send({ type: 'admit', participantId: joined.self.id });
    await c.next('admitted');
    peers.push(new SyntheticPeer(c, address));
  }
  return peers;
}

async function exchangeMedia(peers: SyntheticPeer[]) {
  const feeds: string[] = [];
  for (const p of peers) feeds.push(await p.publish({ videoPps: 30, audioPps: 50 }));
  await Promise.all(
    peers.map(async (p) => {
      for (const feed of feeds) if (feed !== p.feedId) await p.subscribe(feed);
    }),
  );
  // Every subscriber receives video and audio RTP from every other publisher.
  await expect
    .poll(
      () =>
        peers.every((p) =>
          feeds
            .filter((f) => f !== p.feedId)
            .every((f) => (p.received.get(f)?.video ?? 0) > 20 && (p.received.get(f)?.audio ?? 0) > 20),
        ),
      { timeout: 30_000, interval: 250 },
    )
    .toBe(true);
  return feeds;
}

describe('group meeting media', () => {
  test('through the embedded werift SFU (127.0.0.1): three participants receive each other', async () => {
    const t = await startTestApp({
      env: { VIDEO_MEDIA_ADDRESS: '127.0.0.1', VIDEO_RTP_PORT_MIN: '41000', VIDEO_RTP_PORT_MAX: '41999' },
    });
    cleanups.push(() => t.close());
    const base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    const peers = await groupMeetingWithPeers(t, base, 2);
    cleanups.push(async () => {
      for (const p of peers) await p.close();
    });
    const feeds = await exchangeMedia(peers);
    // Only loopback candidates were handed out.
    const { videoRuntime } = await import('../../src/modules/video/routes.js');
    expect(videoRuntime.router?.name).toBe('werift');
    expect(videoRuntime.router?.stats().forwardedPackets).toBeGreaterThan(0);

    // A participant leaves: the others hear that its feed went away.
    const leaving = peers[2] as SyntheticPeer;
    leaving.signal.send({ type: 'leave' });
    const removed = await (peers[0] as SyntheticPeer).signal.next('feed-removed');
    expect(removed.feedId).toBe(feeds[2]);
  }, 90_000);

  test('through Janus VideoRoom (JANUS_URL): three participants receive each other', async () => {
    let janus: JanusProcess;
    try {
      janus = await startJanus();
    } catch (error) {
      throw new Error(`the Janus media test needs /usr/bin/janus: ${(error as Error).message}`);
    }
    cleanups.push(() => janus.stop());
    const t = await startTestApp({ env: { JANUS_URL: janus.url } });
    cleanups.push(() => t.close());
    const base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    // libnice (Janus) never uses loopback: media on one local address of this machine, see janus-process.ts.
    const peers = await groupMeetingWithPeers(t, base, 2, janus.iceAddress);
    cleanups.push(async () => {
      for (const p of peers) await p.close();
    });
    const { videoRuntime } = await import('../../src/modules/video/routes.js');
    expect(videoRuntime.router?.name).toBe('janus');
    try {
      await exchangeMedia(peers);
    } catch (error) {
      throw new Error(`${(error as Error).message}\n--- janus log ---\n${janus.log()}`);
    }
  }, 120_000);
});
