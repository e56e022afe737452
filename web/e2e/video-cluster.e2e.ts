/**
 * Journey: a video meeting across two instances behind nginx (issue 14), in
 * Chromium with a fake camera and microphone. Needs this machine's PostgreSQL
 * (a scratch database), Redis and /usr/sbin/nginx, as server/test/cluster.test.ts.
 *
 * 1. Nadia Nyström's browser goes through nginx: she starts a one-to-one meeting
 *    for Karin Ek and joins; the instance her signalling socket reached becomes
 *    the meeting's carrier (video_rooms, its /metrics say 1 room, the other's 0).
 * 2. Karin's browser is pinned to the OTHER instance's own address (page,
 *    API and socket all go there): she waits, Nadia lets her in through the
 *    relay, and both pages decode the other's video (getStats framesDecoded
 *    rising). Axe on both meeting pages.
 * 3. The carrier is killed (SIGKILL): Karin's socket gets 4503, Nadia's drops
 *    and comes back through nginx; the surviving instance takes the meeting
 *    over, both pages say they are connected again, video keeps flowing and the
 *    chat reaches the other side.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningCluster, startCluster } from '../../scripts/cluster/launch.js';
import { CSRF_COOKIE, SESSION_COOKIE } from '../../server/src/platform/auth.js';
import { systemClock } from '../../server/src/platform/clock.js';
import { type DatabaseHandle, openDatabase } from '../../server/src/platform/db/index.js';
import { createScratchDatabase, type ScratchDatabase } from '../../server/src/platform/db/scratch.js';
import { createSessionService } from '../../server/src/platform/sessions.js';
import { DEMO_STAFF, DEMO_UNITS, demoPerson } from '../../server/src/seed/demo-data.js';
import { BROWSER_FLAGS, expectNoAxeViolations } from './harness.js';
import { expectVideoFromOthers, MEDIA_ARGS, passDeviceCheck, poll } from './video-support.js';

const POSTGRES = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const port = 25000 + Math.floor(Math.random() * 400) * 10;

let database: ScratchDatabase;
let cluster: RunningCluster;
let handle: DatabaseHandle;
let browser: Browser;
const contexts: BrowserContext[] = [];
let sessions: ReturnType<typeof createSessionService>;
/** Instance ids (from /api/health/ready), by index. */
const instanceIds: string[] = [];
let karinId: string;

async function instanceId(url: string): Promise<string> {
  return ((await (await fetch(`${url}/api/health/ready`)).json()) as { instance: string }).instance;
}

/** One gauge from an instance's own /metrics (nginx does not pass /metrics on). */
async function gauge(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return Number(line?.split(' ')[1] ?? Number.NaN);
}

async function carrierOf(meetingId: string): Promise<string | undefined> {
  const row = await handle.db
    .selectFrom('video_rooms')
    .select('owner_instance')
    .where('meeting_id', '=', meetingId)
    .executeTakeFirst();
  return row?.owner_instance;
}

/** A small browser context whose every request (page, API, sockets) goes to `baseURL`, logged in as `who`. */
async function pageAt(baseURL: string, who: { staffId: string; unitId: string } | { personId: string }): Promise<Page> {
  const context = await browser.newContext({ baseURL, locale: 'sv-SE', viewport: { width: 320, height: 240 } });
  contexts.push(context);
  await context.grantPermissions(['camera', 'microphone'], { origin: baseURL });
  const created =
    'staffId' in who
      ? await sessions.create(handle.db, { kind: 'staff', staffId: who.staffId, idleSeconds: 3600 })
      : await sessions.create(handle.db, { kind: 'citizen', personId: who.personId, idleSeconds: 3600 });
  if ('unitId' in who) await sessions.setActiveUnit(created.session.idHash, who.unitId);
  await context.addCookies([
    { name: SESSION_COOKIE, value: created.token, url: baseURL, httpOnly: true, sameSite: 'Lax' },
    { name: CSRF_COOKIE, value: created.csrfToken, url: baseURL, sameSite: 'Lax' },
  ]);
  return context.newPage();
}

beforeAll(async () => {
  database = await createScratchDatabase(POSTGRES, 'ingang_t');
  cluster = await startCluster({
    instances: 2,
    databaseUrl: database.url,
    redisUrl: REDIS,
    port,
    basePort: port + 1,
    output: 'ignore',
    env: { REDIS_PREFIX: `${database.name}:` },
  });
  for (const i of cluster.instances) instanceIds[i.index] = await instanceId(i.url);
  handle = await openDatabase({ databaseUrl: database.url, dataDir: '/nonexistent', inMemory: false, poolSize: 2 });
  sessions = createSessionService({ db: handle.db, clock: systemClock, maxAgeSeconds: 3600, cacheMs: 0 });
  karinId = (
    await handle.db
      .selectFrom('persons')
      .select('id')
      .where('personal_number', '=', demoPerson('karin').personalNumber)
      .executeTakeFirstOrThrow()
  ).id;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [...BROWSER_FLAGS, ...MEDIA_ARGS],
  });
}, 600_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await handle?.close();
  await cluster?.stop();
  await database?.drop();
}, 120_000);

describe('a video meeting with its two participants on different instances', () => {
  let nadia: Page;
  let karin: Page;
  let meetingId: string;
  /** Index of the carrying instance (Nadia's socket) and of the other one (Karin's). */
  let x: number;
  let y: number;

  it('Nadia starts a meeting through nginx; the instance her socket reached carries it', async () => {
    nadia = await pageAt(cluster.url, { staffId: DEMO_STAFF.nurseSolberga, unitId: DEMO_UNITS.vcSolberga });
    await nadia.goto(`/staff/video?patient=${karinId}`);
    await poll(() => nadia.getByTestId('video-picked-patient').textContent()).toMatch(/^Karin/);
    await nadia.getByLabel('Rubrik').fill('Över två instanser');
    await nadia.getByRole('button', { name: 'Starta mötet' }).click();
    await nadia.waitForURL(/\/staff\/video\/[0-9a-f-]{36}$/, { timeout: 30_000 });
    meetingId = new URL(nadia.url()).pathname.split('/').pop() as string;
    await passDeviceCheck(nadia);
    await nadia.getByText('Du är ensam i mötet.', { exact: false }).waitFor({ timeout: 30_000 });

    // Only Nadia's socket has joined: the carrier is the instance it reached.
    const carrier = await carrierOf(meetingId);
    x = instanceIds.indexOf(carrier ?? '');
    expect(x).toBeGreaterThanOrEqual(0);
    y = 1 - x;
    const [onX, onY] = [cluster.instances[x]?.url ?? '', cluster.instances[y]?.url ?? ''];
    expect(await gauge(onX, 'ingang_video_rooms')).toBe(1);
    expect(await gauge(onY, 'ingang_video_rooms')).toBe(0);
  });

  it('Karin, pinned to the other instance, is let in through the relay; both decode the other’s video', async () => {
    const other = cluster.instances[y]?.url ?? '';
    karin = await pageAt(other, { personId: karinId });
    await karin.goto('/bokningar');
    await karin
      .getByTestId('video-meetings')
      .getByRole('link', { name: /^Anslut till videomötet Över två instanser/ })
      .click();
    expect(new URL(karin.url()).origin).toBe(other);
    await passDeviceCheck(karin);
    await karin.getByText('Vårdgivaren släpper in dig snart.').waitFor({ timeout: 30_000 });
    // Her socket is on the other instance (her page's own address), which carries no room.
    expect(await gauge(other, 'ingang_websocket_connections')).toBeGreaterThanOrEqual(1);
    expect(await gauge(other, 'ingang_video_rooms')).toBe(0);

    const admit = nadia.getByRole('button', { name: /^Släpp in Karin/ });
    await admit.waitFor({ timeout: 30_000 });
    await admit.click();
    await karin.getByRole('button', { name: 'Lämna mötet' }).waitFor({ timeout: 30_000 });
    await Promise.all([expectVideoFromOthers(nadia, 1, 60_000), expectVideoFromOthers(karin, 1, 60_000)]);
    await expectNoAxeViolations(karin, 'meeting across instances (patient)');
    await expectNoAxeViolations(nadia, 'meeting across instances (staff)');
    // Still carried where it started: the signalling crossed instances over Redis.
    expect(await carrierOf(meetingId)).toBe(instanceIds[x]);
  });

  it('killing the carrier: both resume on the other instance, which takes the meeting over; video and chat go on', async () => {
    const carrier = cluster.instances[x];
    carrier?.process.kill('SIGKILL');
    await carrier?.exited;
    const survivor = cluster.instances[y]?.url ?? '';

    await expect.poll(() => carrierOf(meetingId), { timeout: 60_000, interval: 500 }).toBe(instanceIds[y]);
    for (const page of [karin, nadia]) {
      await expect
        .poll(() => page.getByTestId('video-live').textContent(), { timeout: 60_000, interval: 500 })
        .toMatch(/Du är ansluten igen/);
      await page.getByRole('button', { name: 'Lämna mötet' }).waitFor();
    }
    expect(await gauge(survivor, 'ingang_video_rooms')).toBe(1);
    await Promise.all([expectVideoFromOthers(nadia, 1, 60_000), expectVideoFromOthers(karin, 1, 60_000)]);

    await karin.getByRole('button', { name: 'Chatt' }).click();
    await karin.getByLabel('Meddelande').fill('Hör du mig fortfarande?');
    await karin.getByLabel('Meddelande').press('Enter');
    await expect
      .poll(() => nadia.getByTestId('video-live').textContent(), { timeout: 30_000 })
      .toMatch(/Nytt meddelande från Karin/);
  });
});
