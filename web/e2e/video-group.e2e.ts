/**
 * Journey: a group meeting of four browsers through the SFU — once with the
 * embedded werift SFU (the default) and once with Janus VideoRoom (a private
 * Janus on 127.0.0.1, started for the test; /usr/bin/janus must exist).
 *
 * Nadia Nyström hosts a group meeting ("Föräldragrupp"); three guests come by
 * one-time links, wait, and are let in one by one. Every page decodes video
 * from all three others (framesDecoded rising). The host locks the room,
 * spotlights a participant and removes another, who is told so.
 * Axe on the group meeting (host and participant); pages are 320 × 240.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_STAFF, DEMO_UNITS } from '../../server/src/seed/demo-data.js';
import { type JanusProcess, startJanus } from '../../server/test/video/janus-process.js';
import { expectNoAxeViolations, type Journey, startJourney } from './harness.js';
import {
  apiHeaders,
  expectVideoFromOthers,
  MEDIA_ARGS,
  openPage,
  passDeviceCheck,
  poll,
  post,
} from './video-support.js';

const nadiaWho = { staffId: DEMO_STAFF.nurseSolberga, unitId: DEMO_UNITS.vcSolberga };
const GUESTS = ['Gun Gäst', 'Gustav Gäst', 'Greta Gäst'];
/** Four browsers and an SFU on a shared two-core machine: give each step room (not a speed assertion). */
const STEP_TIMEOUT = 180_000;

function groupJourney(label: string, env: () => Promise<{ env: Record<string, string>; stop?: () => Promise<void> }>) {
  describe(`a group meeting of four through the ${label}`, () => {
    let journey: Journey;
    let stop: (() => Promise<void>) | undefined;
    const contexts: BrowserContext[] = [];
    let host: Page;
    const guests: Page[] = [];

    beforeAll(async () => {
      const setup = await env();
      stop = setup.stop;
      journey = await startJourney({ browserArgs: MEDIA_ARGS, env: setup.env });
    });
    afterAll(async () => {
      for (const context of contexts) await context.close().catch(() => undefined);
      await journey?.close();
      await stop?.();
    });

    it(
      'the host opens the meeting; three guests come by their links and wait',
      async () => {
        const headers = await apiHeaders(journey, nadiaWho);
        const meeting = await post<{ data: { id: string; topology: string } }>(
          journey,
          '/api/video/meetings',
          headers,
          {
            kind: 'group',
            title: 'Föräldragrupp',
          },
        );
        expect(meeting.data.topology).toBe('sfu');
        host = await openPage(journey, nadiaWho, contexts);
        await host.goto(`/staff/video/${meeting.data.id}`);
        await passDeviceCheck(host);
        await host.getByText('Du är ensam i mötet.', { exact: false }).waitFor();

        for (const name of GUESTS) {
          const link = await post<{ data: { guestUrl?: string } }>(
            journey,
            `/api/video/meetings/${meeting.data.id}/invitations`,
            headers,
            { kind: 'guest', relation: 'relative', label: name },
          );
          const page = await openPage(journey, 'guest', contexts);
          guests.push(page);
          await page.goto(new URL(link.data.guestUrl ?? '').pathname);
          await page.getByLabel('Ditt namn').fill(name);
          await passDeviceCheck(page);
          await page.locator('.alert__title', { hasText: 'Vårdgivaren släpper in dig snart.' }).waitFor();
        }
        await expect.poll(() => host.getByRole('button', { name: /^Släpp in / }).count(), { timeout: 20_000 }).toBe(3);
      },
      STEP_TIMEOUT,
    );

    it(
      'the host lets them in; every page receives video from the three others',
      async () => {
        for (const name of GUESTS) await host.getByRole('button', { name: `Släpp in ${name}` }).click();
        await Promise.all([host, ...guests].map((page) => expectVideoFromOthers(page, 3, 90_000)));
        await poll(() => guests[0]?.getByTestId('video-tile').count()).toBe(4);
        await expectNoAxeViolations(host, 'group meeting (host)');
        await expectNoAxeViolations(guests[0] as Page, 'group meeting (guest)');
      },
      STEP_TIMEOUT,
    );

    it(
      'the host locks the room, spotlights one guest and removes another',
      async () => {
        await host.getByRole('button', { name: /^Deltagare/ }).click();
        const lock = host.getByRole('button', { name: 'Lås mötet' });
        await lock.click();
        await poll(() => lock.getAttribute('aria-pressed')).toBe('true');
        await poll(() => guests[0]?.getByTestId('video-live').textContent()).toMatch(/Mötet är låst/);

        await host.getByRole('button', { name: `Sätt ${GUESTS[0]} i fokus` }).click();
        await poll(() => guests[1]?.locator('.video-tile--spotlight').getAttribute('data-participant-id')).toBeTruthy();
        await expectNoAxeViolations(host, 'group meeting with the participant list');

        const removed = guests[2] as Page;
        await host.getByRole('button', { name: `Ta bort ${GUESTS[2]} från mötet` }).click();
        await removed.getByText('Du har tagits bort från mötet.').waitFor();
        await poll(() => host.getByTestId('video-live').textContent()).toMatch(/Greta Gäst lämnade mötet/);
        await poll(() => guests[0]?.getByTestId('video-tile').count()).toBe(3);
      },
      STEP_TIMEOUT,
    );
  });
}

groupJourney('embedded SFU', async () => ({ env: {} }));

let janus: JanusProcess | undefined;
groupJourney('Janus VideoRoom', async () => {
  janus = await startJanus();
  return { env: { JANUS_URL: janus.url }, stop: () => janus?.stop() ?? Promise.resolve() };
});
