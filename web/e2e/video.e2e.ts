/**
 * Journey: video meetings peer to peer (mesh), in Chromium with a fake camera
 * and microphone, each person in their own small (320 × 240) browser.
 *
 * 1. One-to-one: Nadia Nyström (nurse, Solberga) starts a meeting for Karin Ek
 *    from "Videomöten" and checks her devices; Karin finds it under Mina
 *    bokningar, clicks "Anslut", checks her devices and waits ("Vårdgivaren
 *    släpper in dig snart"); Nadia sees her waiting and lets her in; both
 *    pages decode the other's video (framesDecoded rising); after a network
 *    change Karin's page reconnects (socket resumed, ICE restarted) and video
 *    keeps flowing; chat by keyboard;
 *    Nadia mutes Karin; Karin leaves and Nadia hears of it.
 * 2. Three people: Nadia starts a multi-party meeting with Karin and creates
 *    a one-time guest link for an interpreter, who joins by the link with a
 *    name; everyone receives video from both others.
 * 3. A refused camera: the device check explains what to do.
 * 4. A booked video visit: Karin's card says when she can join; Nadia starts
 *    it from the day list.
 * Axe on the device check, the waiting room and the meeting; 320 px reflow.
 */
import { randomUUID } from 'node:crypto';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_STAFF, DEMO_UNITS } from '../../server/src/seed/demo-data.js';
import { DEMO_TIME_TYPES } from '../../server/src/seed/demo-timebook.js';
import { expectNoAxeViolations, expectNoHorizontalScroll, type Journey, startJourney } from './harness.js';
import {
  apiHeaders,
  expectVideoFromOthers,
  MEDIA_ARGS,
  openPage,
  passDeviceCheck,
  personId,
  poll,
  post,
} from './video-support.js';

const nadiaWho = { staffId: DEMO_STAFF.nurseSolberga, unitId: DEMO_UNITS.vcSolberga };

describe('video meetings peer to peer', () => {
  let journey: Journey;
  const contexts: BrowserContext[] = [];
  let nadia: Page;
  let karin: Page;
  let karinId: string;

  beforeAll(async () => {
    journey = await startJourney({ browserArgs: MEDIA_ARGS });
    karinId = await personId(journey, 'karin');
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await journey?.close();
  });

  it('Nadia starts a one-to-one meeting for Karin and passes the device check', async () => {
    nadia = await openPage(journey, nadiaWho, contexts);
    await nadia.goto(`/staff/video?patient=${karinId}`);
    await nadia.getByRole('heading', { level: 1, name: 'Videomöten' }).waitFor();
    // The patient from the address is shown by name in the picker.
    await poll(() => nadia.getByTestId('video-picked-patient').textContent()).toMatch(/^Karin/);
    await expectNoAxeViolations(nadia, 'staff video meetings page');
    await nadia.getByLabel('Rubrik').fill('Uppföljning av blodtryck');
    await nadia.getByRole('button', { name: 'Starta mötet' }).click();
    await nadia.waitForURL(/\/staff\/video\/[0-9a-f-]{36}$/);
    await nadia.getByRole('heading', { name: 'Kontrollera kamera och mikrofon' }).waitFor();
    await expect.poll(() => nadia.locator('.video-check__preview video').count(), { timeout: 20_000 }).toBe(1);
    await expectNoAxeViolations(nadia, 'device check (staff)');
    await passDeviceCheck(nadia);
    // The host is in the meeting at once, alone.
    await nadia.getByText('Du är ensam i mötet.', { exact: false }).waitFor();
  });

  it('Karin clicks "Anslut" under Mina bokningar, checks her devices and waits', async () => {
    karin = await openPage(journey, { citizen: 'karin' }, contexts);
    await karin.goto('/bokningar');
    const section = karin.getByTestId('video-meetings');
    await section.getByRole('heading', { name: 'Uppföljning av blodtryck' }).waitFor();
    await section.getByRole('link', { name: /^Anslut till videomötet Uppföljning av blodtryck/ }).click();
    await karin.getByRole('heading', { name: 'Kontrollera kamera och mikrofon' }).waitFor();
    await expect.poll(() => karin.locator('.video-check__preview video').count(), { timeout: 20_000 }).toBe(1);
    // Microphone and camera are on, and say so as pressed buttons.
    expect(await karin.getByRole('button', { name: 'Kamera på' }).getAttribute('aria-pressed')).toBe('true');
    expect(await karin.getByRole('button', { name: 'Mikrofon på' }).getAttribute('aria-pressed')).toBe('true');
    await expectNoAxeViolations(karin, 'device check (patient)');
    await expectNoHorizontalScroll(karin, 'device check (patient)');
    await passDeviceCheck(karin);
    await karin.getByText('Vårdgivaren släpper in dig snart.').waitFor();
    await expectNoAxeViolations(karin, 'waiting room');
    await expectNoHorizontalScroll(karin, 'waiting room');
  });

  it('Nadia sees Karin waiting and lets her in; both receive the other’s video', async () => {
    const admit = nadia.getByRole('button', { name: /^Släpp in Karin/ });
    await admit.waitFor({ timeout: 20_000 });
    await poll(() => nadia.getByTestId('video-live').textContent()).toMatch(/Karin.* väntar i väntrummet/);
    await expectNoAxeViolations(nadia, 'meeting with someone waiting');
    await admit.click();
    await expect
      .poll(() => nadia.getByTestId('video-live').textContent(), { timeout: 20_000 })
      .toMatch(/Karin.* anslöt till mötet/);
    await karin.getByRole('button', { name: 'Lämna mötet' }).waitFor();
    await Promise.all([expectVideoFromOthers(nadia, 1), expectVideoFromOthers(karin, 1)]);
    await poll(() => karin.getByTestId('video-tile').count()).toBe(2);
    await expectNoAxeViolations(karin, 'meeting (patient)');
    await expectNoAxeViolations(nadia, 'meeting (staff)');
    await expectNoHorizontalScroll(karin, 'meeting (patient)');
    await expectNoHorizontalScroll(nadia, 'meeting (staff)');
  });

  it('after a network change Karin reconnects without leaving, and video keeps flowing', async () => {
    // What the browser does when the network changes (Wi-Fi → mobile): the page gets "online".
    await karin.evaluate(() => window.dispatchEvent(new Event('online')));
    await expect
      .poll(() => karin.getByTestId('video-live').textContent(), { timeout: 20_000 })
      .toMatch(/Du är ansluten igen/);
    await karin.getByRole('button', { name: 'Lämna mötet' }).waitFor();
    await Promise.all([expectVideoFromOthers(nadia, 1), expectVideoFromOthers(karin, 1)]);
  });

  it('the quality indicator reads getStats; Nadia shares her screen and Karin is told', async () => {
    await nadia.getByText(/^Anslutning: (bra|ganska bra|dålig)$/).waitFor({ timeout: 30_000 });
    const share = nadia.getByRole('button', { name: 'Dela skärm' });
    await share.click();
    await poll(() => share.getAttribute('aria-pressed')).toBe('true');
    await karin.getByText(/^Nadia.* delar skärmen$/).waitFor({ timeout: 30_000 });
    await expectVideoFromOthers(karin, 1);
    await share.click();
    await poll(() => share.getAttribute('aria-pressed')).toBe('false');
  });

  it('they chat (by keyboard); Nadia mutes Karin; Karin turns her camera off and leaves', async () => {
    await karin.getByRole('button', { name: 'Chatt' }).click();
    await karin.getByLabel('Meddelande').focus();
    await karin.keyboard.type('Hör du mig?');
    await karin.keyboard.press('Enter');
    await poll(() => nadia.getByTestId('video-live').textContent()).toMatch(/Nytt meddelande från Karin/);
    await nadia.getByRole('button', { name: 'Chatt' }).click();
    await nadia.getByTestId('video-chat').getByText('Hör du mig?').waitFor();
    await expectNoAxeViolations(nadia, 'meeting with the chat open');

    const karinMic = karin.getByRole('button', { name: 'Mikrofon', exact: true });
    expect(await karinMic.getAttribute('aria-pressed')).toBe('true');
    await nadia.getByRole('button', { name: /^Deltagare/ }).click();
    await nadia.getByRole('button', { name: /^Stäng av mikrofonen för Karin/ }).click();
    await poll(() => karinMic.getAttribute('aria-pressed')).toBe('false');
    await poll(() => karin.getByTestId('video-live').textContent()).toMatch(/Värden stängde av din mikrofon/);

    const karinCamera = karin.getByRole('button', { name: 'Kamera', exact: true });
    await karinCamera.click();
    await poll(() => karinCamera.getAttribute('aria-pressed')).toBe('false');
    await poll(() => nadia.getByTestId('video-participants').textContent()).toMatch(
      /Karin[^(]*\(mikrofon av, kamera av\)/,
    );

    await karin.getByRole('button', { name: 'Lämna mötet' }).click();
    await karin.getByRole('heading', { name: 'Du har lämnat mötet' }).waitFor();
    await poll(() => nadia.getByTestId('video-live').textContent()).toMatch(/Karin.* lämnade mötet/);
    await nadia.getByRole('button', { name: 'Avsluta mötet för alla' }).click();
    await nadia.getByRole('heading', { name: 'Du har lämnat mötet' }).waitFor();
  });

  it('three people: Nadia, Karin and an interpreter with a guest link all see each other', async () => {
    await nadia.goto(`/staff/video?patient=${karinId}`);
    await poll(() => nadia.getByTestId('video-picked-patient').textContent()).toMatch(/^Karin/);
    await nadia.getByLabel('Typ av möte').selectOption('multi_party');
    await nadia.getByLabel('Rubrik').fill('Samtal med tolk');
    await nadia.getByRole('button', { name: 'Starta mötet' }).click();
    await nadia.waitForURL(/\/staff\/video\/[0-9a-f-]{36}$/);
    await passDeviceCheck(nadia);
    await nadia.getByText('Du är ensam i mötet.', { exact: false }).waitFor();

    // A one-time link for the interpreter.
    const invite = nadia.getByTestId('video-invite');
    await invite.getByLabel('Vem bjuder du in?').selectOption('interpreter');
    await invite.getByLabel('Gästens namn (valfritt)').fill('Tolk Tove');
    await invite.getByRole('button', { name: 'Skapa gästlänk' }).click();
    const url = (await invite.getByTestId('video-guest-url').textContent()) ?? '';
    expect(url).toMatch(/\/video\/guest\/.{20,}$/);
    // A colleague at the unit (consultation): invited, they find the meeting under their own meetings.
    const colleague = invite.getByLabel('Kollega');
    const colleagueName = (await colleague.locator('option:checked').textContent()) ?? '';
    expect(colleagueName.length).toBeGreaterThan(0);
    await invite.getByRole('button', { name: 'Bjud in', exact: true }).click();
    await invite.getByText(`${colleagueName} är inbjuden`, { exact: false }).waitFor();
    // Invited colleagues leave the list of people to invite.
    await poll(() => colleague.locator('option', { hasText: colleagueName }).count()).toBe(0);
    await expectNoAxeViolations(nadia, 'meeting with a guest link');

    const guest = await openPage(journey, 'guest', contexts);
    await guest.goto(new URL(url).pathname);
    await guest.getByRole('heading', { level: 1, name: 'Samtal med tolk' }).waitFor();
    await guest.getByRole('button', { name: 'Gå till mötet' }).waitFor();
    await expect.poll(() => guest.locator('.video-check__preview video').count(), { timeout: 20_000 }).toBe(1);
    await guest.getByRole('button', { name: 'Gå till mötet' }).click();
    // The name is required and named at its field.
    await guest.getByText('Skriv ditt namn.').waitFor();
    await expectNoAxeViolations(guest, 'guest device check with an error');
    await guest.getByLabel('Ditt namn').fill('Tove Tolk');
    await guest.getByRole('button', { name: 'Gå till mötet' }).click();
    await guest.getByText('Vårdgivaren släpper in dig snart.').waitFor();

    await karin.goto('/bokningar');
    await karin
      .getByTestId('video-meetings')
      .getByRole('link', { name: /^Anslut till videomötet Samtal med tolk/ })
      .click();
    await passDeviceCheck(karin);
    await karin.getByText('Vårdgivaren släpper in dig snart.').waitFor();

    await nadia.getByRole('button', { name: /^Släpp in Tove Tolk/ }).click();
    await nadia.getByRole('button', { name: /^Släpp in Karin/ }).click();
    await Promise.all([
      expectVideoFromOthers(nadia, 2, 60_000),
      expectVideoFromOthers(karin, 2, 60_000),
      expectVideoFromOthers(guest, 2, 60_000),
    ]);
    await poll(() => guest.getByTestId('video-tile').count()).toBe(3);
    await expectNoAxeViolations(guest, 'meeting (guest)');
    await expectNoHorizontalScroll(guest, 'meeting (guest)');
  });

  it('when the browser refuses the camera, the device check explains what to do and still lets her join', async () => {
    const refused = await openPage(journey, { citizen: 'karin' }, contexts);
    await refused.addInitScript(() => {
      navigator.mediaDevices.getUserMedia = () =>
        Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
    });
    await refused.goto('/bokningar');
    await refused
      .getByTestId('video-meetings')
      .getByRole('link', { name: /^Anslut till videomötet Samtal med tolk/ })
      .click();
    await refused.getByText('Webbläsaren får inte använda kameran eller mikrofonen').waitFor();
    await refused.getByText('välj Tillåt för kamera och mikrofon', { exact: false }).waitFor();
    expect(await refused.getByRole('button', { name: 'Gå till mötet' }).isEnabled()).toBe(true);
    await expectNoAxeViolations(refused, 'device check, permission denied');
    await expectNoHorizontalScroll(refused, 'device check, permission denied');
  });

  it('a booked video visit: Karin sees when she can join; Nadia starts it from the day list', async () => {
    const karinHeaders = await apiHeaders(journey, { citizen: 'karin' });
    // From three days ahead: the first free time from now may start within minutes (any weekday in
    // working hours), and "Anslut" opens ten minutes before the start.
    const from = encodeURIComponent(new Date(Date.now() + 3 * 86_400_000).toISOString());
    const slots = (await (
      await fetch(
        `${journey.baseUrl}/api/slots?timeTypeId=${DEMO_TIME_TYPES.videoNurse}&unitId=${DEMO_UNITS.vcSolberga}&from=${from}&limit=1`,
        { headers: karinHeaders },
      )
    ).json()) as { data: { id: string; start: string }[] };
    const slot = slots.data[0];
    if (!slot) throw new Error('no free video time at Solberga');
    await post(journey, '/api/bookings', { ...karinHeaders, 'idempotency-key': randomUUID() }, { slotId: slot.id });

    await karin.goto('/bokningar');
    const card = karin.getByTestId('video-meetings').getByTestId('video-meeting').filter({
      hasText: 'Videomöte distriktssköterska',
    });
    await card.waitFor();
    // "Anslut" from ten minutes before the start; until then the card says when.
    await card.getByText(/^Du kan ansluta från /).waitFor();
    await expectNoAxeViolations(karin, 'Mina bokningar with a video visit');

    const date = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(new Date(slot.start));
    await nadia.goto(`/staff/dagslista?datum=${date}`);
    await nadia.getByRole('link', { name: /^Starta videomötet med Karin/ }).click();
    await nadia.waitForURL(/\/staff\/video\/[0-9a-f-]{36}$/);
    await nadia.getByRole('heading', { level: 1, name: 'Videomöte – Videomöte distriktssköterska' }).waitFor();
    await nadia.getByText(/^Mötet gäller Karin/).waitFor();
  });
});
