/**
 * Shared steps of the video journeys: Chromium's fake camera and microphone,
 * small pages (320 × 240: CI has two cores), sessions put straight into a
 * browser context (the login journeys test logging in), the device check, and
 * proof that video arrives (`window.__ingangVideoStats()`: decoded frames per
 * sending participant, from getStats inbound-rtp).
 */
import type { BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { CSRF_COOKIE, SESSION_COOKIE } from '../../server/src/platform/auth.js';
import { demoPerson } from '../../server/src/seed/demo-data.js';
import type { Journey } from './harness.js';

export const MEDIA_ARGS = [
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  '--allow-loopback-in-peer-connection',
  '--disable-features=WebRtcHideLocalIpsWithMdns',
  '--autoplay-policy=no-user-gesture-required',
];

export type Who = { citizen: string } | { staffId: string; unitId: string } | 'guest';

/** The person id of a demo citizen (by key: 'karin', 'margit', …). */
export async function personId(journey: Journey, key: string): Promise<string> {
  const row = await journey.ctx.db
    .selectFrom('persons')
    .select('id')
    .where('personal_number', '=', demoPerson(key).personalNumber)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A fresh logged-in session for `who`: its cookie values. */
async function session(journey: Journey, who: Exclude<Who, 'guest'>) {
  const { ctx } = journey;
  if ('citizen' in who) {
    return ctx.sessions.create(ctx.db, {
      kind: 'citizen',
      personId: await personId(journey, who.citizen),
      idleSeconds: 900,
    });
  }
  const created = await ctx.sessions.create(ctx.db, { kind: 'staff', staffId: who.staffId, idleSeconds: 3600 });
  await ctx.sessions.setActiveUnit(created.session.idHash, who.unitId);
  return created;
}

/** Headers for calling the API from the test as `who` (cookie + CSRF). */
export async function apiHeaders(journey: Journey, who: Exclude<Who, 'guest'>) {
  const { token, csrfToken } = await session(journey, who);
  return {
    cookie: `${SESSION_COOKIE}=${token}`,
    'x-csrf-token': csrfToken,
    'content-type': 'application/json',
  };
}

/** A small browser page (own context, own cookies) logged in as `who`. */
export async function openPage(
  journey: Journey,
  who: Who,
  contexts: BrowserContext[],
  viewport = { width: 320, height: 240 },
): Promise<Page> {
  const context = await journey.browser.newContext({ baseURL: journey.baseUrl, locale: 'sv-SE', viewport });
  contexts.push(context);
  await context.grantPermissions(['camera', 'microphone'], { origin: journey.baseUrl });
  if (who !== 'guest') {
    const { token, csrfToken } = await session(journey, who);
    const url = journey.baseUrl;
    await context.addCookies([
      { name: SESSION_COOKIE, value: token, url, httpOnly: true, sameSite: 'Lax' },
      { name: CSRF_COOKIE, value: csrfToken, url, sameSite: 'Lax' },
    ]);
  }
  return context.newPage();
}

/** POSTs JSON to the API and returns the parsed body (throws with the body on an error status). */
export async function post<T>(journey: Journey, path: string, headers: Record<string, string>, body: unknown) {
  const response = await fetch(`${journey.baseUrl}${path}`, {
    method: 'POST',
    headers: { ...headers, origin: journey.baseUrl },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${path} → ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

/** On the device check: waits for the camera preview and clicks "Gå till mötet". */
export async function passDeviceCheck(page: Page): Promise<void> {
  await page.getByRole('heading', { name: 'Kontrollera kamera och mikrofon' }).waitFor();
  await page.getByRole('button', { name: 'Kamera på' }).waitFor();
  await expect.poll(() => page.locator('.video-check__preview video').count(), { timeout: 20_000 }).toBe(1);
  await page.getByRole('button', { name: 'Gå till mötet' }).click();
}

interface VideoStats {
  framesDecoded: number;
  byParticipant: Record<string, number>;
  connections: number;
}

export function videoStats(page: Page): Promise<VideoStats> {
  return page.evaluate(async () => {
    const hook = (window as unknown as { __ingangVideoStats?: () => Promise<VideoStats> }).__ingangVideoStats;
    return hook ? hook() : { framesDecoded: 0, byParticipant: {}, connections: 0 };
  });
}

/**
 * Proves that `page` decodes video from `senders` other participants and
 * that the count keeps rising (media flows, not a single frame).
 */
export async function expectVideoFromOthers(page: Page, senders: number, timeout = 45_000): Promise<void> {
  const receiving = async () =>
    Object.entries((await videoStats(page)).byParticipant).filter(([id, frames]) => id !== 'self' && frames > 0).length;
  await expect.poll(receiving, { timeout, interval: 500 }).toBeGreaterThanOrEqual(senders);
  const first = await videoStats(page);
  await expect
    .poll(
      async () => {
        const now = await videoStats(page);
        return Object.entries(first.byParticipant).filter(
          ([id, frames]) => id !== 'self' && (now.byParticipant[id] ?? 0) > frames,
        ).length;
      },
      { timeout: 20_000, interval: 500 },
    )
    .toBeGreaterThanOrEqual(senders);
}

/** expect.poll with room for a loaded two-core machine (the default gives up after one second). */
export function poll<T>(fn: () => T | Promise<T>) {
  return expect.poll(fn, { timeout: 30_000, interval: 200 });
}
