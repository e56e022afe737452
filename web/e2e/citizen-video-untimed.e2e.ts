/**
 * Journey (issue 19, item 6): a video meeting without a time, and the chat
 * while its panel is closed. Nadia Nyström (nurse, Solberga) opens a meeting
 * for Karin Ek without a time, and books one for the day after tomorrow.
 * Under Mina bokningar Karin sees the timed one under "Dina videomöten" and
 * the other in its own section "Videomöten utan bestämd tid" (saying what it
 * is) — never as if it were a booking, and the bookings list does not claim
 * she has nothing coming. Karin joins; Nadia lets her in. With Nadia's chat
 * panel closed, Karin writes twice: Nadia's "Chatt" button counts the unread
 * messages (in words for screen readers), and the live region reads each one
 * out (who and what — the same words twice are read twice). Opening the
 * chat clears the count. Axe on every page and state; 320 px reflow.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_STAFF, DEMO_UNITS } from '../../server/src/seed/demo-data.js';
import { expectNoAxeViolations, expectNoHorizontalScroll, type Journey, startJourney } from './harness.js';
import { apiHeaders, MEDIA_ARGS, openPage, passDeviceCheck, personId, poll, post } from './video-support.js';

const nadiaWho = { staffId: DEMO_STAFF.nurseSolberga, unitId: DEMO_UNITS.vcSolberga };
const UNTIMED = 'Samtal om provsvar';
const TIMED = 'Uppföljning av blodtryck';
const HELLO = 'Hör du mig?';
const HELLO_RE = HELLO.replace('?', '\\?');

describe('a video meeting without a time, and the host hears of chat messages', () => {
  let journey: Journey;
  const contexts: BrowserContext[] = [];
  let nadia: Page;
  let karin: Page;
  let untimedId: string;

  beforeAll(async () => {
    journey = await startJourney({ browserArgs: MEDIA_ARGS });
    const karinId = await personId(journey, 'karin');
    const headers = await apiHeaders(journey, nadiaWho);
    const untimed = await post<{ data: { id: string; startsAt: string | null } }>(
      journey,
      '/api/video/meetings',
      headers,
      { kind: 'one_to_one', title: UNTIMED, patientId: karinId },
    );
    expect(untimed.data.startsAt).toBeNull();
    untimedId = untimed.data.id;
    const later = new Date(Date.now() + 2 * 86_400_000);
    later.setUTCHours(9, 0, 0, 0);
    await post(journey, '/api/video/meetings', headers, {
      kind: 'one_to_one',
      title: TIMED,
      patientId: karinId,
      startsAt: later.toISOString(),
    });
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await journey?.close();
  });

  it('Mina bokningar lists the meeting without a time in its own section', async () => {
    karin = await openPage(journey, { citizen: 'karin' }, contexts, { width: 320, height: 640 });
    await karin.goto('/bokningar');
    await karin.getByRole('heading', { level: 1, name: 'Mina bokningar' }).waitFor();
    const timed = karin.getByTestId('video-meetings-timed');
    const untimed = karin.getByTestId('video-meetings-untimed');
    await untimed.getByRole('heading', { level: 2, name: 'Videomöten utan bestämd tid' }).waitFor();
    await untimed
      .getByText('Mottagningen har öppnat ett videomöte åt dig utan en bokad tid.', { exact: false })
      .waitFor();
    await untimed.getByRole('heading', { level: 3, name: UNTIMED }).waitFor();
    await timed.getByRole('heading', { level: 2, name: 'Dina videomöten' }).waitFor();
    await timed.getByRole('heading', { level: 3, name: TIMED }).waitFor();
    expect(await timed.getByRole('heading', { name: UNTIMED }).count()).toBe(0);
    expect(await untimed.getByRole('heading', { name: TIMED }).count()).toBe(0);
    // The meeting without a time has no "När"; the timed one has.
    expect(await untimed.getByText('När', { exact: true }).count()).toBe(0);
    expect(await timed.getByText('När', { exact: true }).count()).toBe(1);
    // The bookings list does not say "nothing coming" as if the meetings were not there.
    await karin.getByTestId('bookings-upcoming').waitFor();
    if (await karin.getByTestId('bookings-empty').count()) {
      expect(await karin.getByTestId('bookings-empty').textContent()).toBe(
        'Du har inga andra kommande bokningar än videomötena ovan.',
      );
    }
    await expectNoAxeViolations(karin, 'my bookings with meetings with and without a time');
    await expectNoHorizontalScroll(karin, 'my bookings with meetings');
  });

  it('Karin joins the meeting without a time; Nadia lets her in', async () => {
    nadia = await openPage(journey, nadiaWho, contexts, { width: 800, height: 600 });
    await nadia.goto(`/staff/video/${untimedId}`);
    await passDeviceCheck(nadia);
    await nadia.getByText('Du är ensam i mötet.', { exact: false }).waitFor();

    await karin
      .getByTestId('video-meetings-untimed')
      .getByRole('link', { name: new RegExp(`^Anslut till videomötet ${UNTIMED}`) })
      .click();
    await passDeviceCheck(karin);
    await karin.getByText('Vårdgivaren släpper in dig snart.').waitFor();
    const admit = nadia.getByRole('button', { name: /^Släpp in Karin/ });
    await admit.waitFor({ timeout: 20_000 });
    await admit.click();
    await karin.getByRole('button', { name: 'Lämna mötet' }).waitFor({ timeout: 20_000 });
    await nadia.getByRole('button', { name: 'Avsluta mötet för alla' }).waitFor();
    // Nothing unread yet.
    expect(await nadia.getByTestId('video-chat-unread').count()).toBe(0);
  });

  it('Karin writes while Nadia’s chat is closed: a count on "Chatt" and each message read out', async () => {
    await karin.getByRole('button', { name: 'Chatt' }).click();
    const box = karin.getByTestId('video-chat').getByRole('textbox', { name: 'Meddelande' });
    await box.fill(HELLO);
    await box.press('Enter');

    const chat = nadia.getByRole('button', { name: /^Chatt/ });
    await poll(() => nadia.getByTestId('video-chat-unread').textContent()).toBe('1, 1 oläst meddelande');
    expect(await chat.getAttribute('aria-pressed')).toBe('false');
    await poll(() => nadia.getByTestId('video-live').textContent()).toMatch(
      new RegExp(`^Nytt meddelande från Karin.* i chatten: ${HELLO_RE}$`),
    );
    await expectNoAxeViolations(nadia, 'meeting with an unread chat message');

    // The same words again are a new announcement (a new node in the live region).
    await nadia
      .getByTestId('video-live')
      .locator('span')
      .evaluate((el) => el.setAttribute('data-read', 'yes'));
    await box.fill(HELLO);
    await box.press('Enter');
    await poll(() => nadia.getByTestId('video-chat-unread').textContent()).toBe('2, 2 olästa meddelanden');
    await poll(() => nadia.getByTestId('video-live').locator('span[data-read]').count()).toBe(0);
    expect(await nadia.getByTestId('video-live').textContent()).toMatch(new RegExp(`: ${HELLO_RE}$`));
    // Karin's own messages are not unread for her.
    expect(await karin.getByTestId('video-chat-unread').count()).toBe(0);
  });

  it('opening the chat clears the count', async () => {
    await nadia.getByRole('button', { name: /^Chatt/ }).click();
    await poll(() => nadia.getByTestId('video-chat').getByText(HELLO).count()).toBe(2);
    expect(await nadia.getByTestId('video-chat-unread').count()).toBe(0);
    await expectNoAxeViolations(nadia, 'meeting with the chat open');
    // Closed again, nothing old counts as new.
    await nadia.getByRole('button', { name: /^Chatt/ }).click();
    expect(await nadia.getByTestId('video-chat-unread').count()).toBe(0);
    await karin.getByRole('button', { name: 'Lämna mötet' }).click();
  });
});
