/**
 * Journey (issue 19, phone-first): at 320 × 640 Anna logs in and lands on "Hem" — what waits for
 * her (the unread BVC message) — with a one-row header (≤ 80 px) and a bottom tab bar with an
 * unread badge. She moves with the keyboard through the tabs (focus follows her to each page's
 * heading), finds the rest under "Mer", and the bar steps aside while she types. A browser whose
 * language is English starts in English; the accessibility statement is public. Axe on each page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPerson } from '../../server/src/seed/demo-data.js';
import {
  expectNoAxeViolations,
  expectNoHorizontalScroll,
  type Journey,
  loginCitizen,
  searchTimesAhead,
  startJourney,
} from './harness.js';

describe('citizen on a phone: Hem, the tab bar and "Mer"', () => {
  let journey: Journey;
  beforeAll(async () => {
    journey = await startJourney();
    await journey.page.setViewportSize({ width: 320, height: 640 });
  });
  afterAll(async () => {
    await journey?.close();
  });

  it('lands on Hem with what waits for her, a short header and the tab bar', async () => {
    const { page } = journey;
    await loginCitizen(journey, demoPerson('anna').personalNumber);
    await page.getByRole('heading', { level: 1, name: 'Hej Anna!' }).waitFor();
    const tabs = page.getByRole('navigation', { name: 'Snabbmeny' });
    await tabs.waitFor();
    // The header's navigation and actions move off a phone's screen: one short row is left.
    expect(await page.getByRole('navigation', { name: 'Huvudmeny' }).isVisible()).toBe(false);
    const header = await page.locator('header').boundingBox();
    expect(header?.height ?? 999).toBeLessThanOrEqual(80);
    // The BVC conversation about Elsa has a message Anna has not read.
    await page.getByTestId('home-unread').waitFor();
    await expect.poll(() => tabs.getByTestId('tab-unread').count()).toBe(1);
    await expectNoAxeViolations(page, 'Hem at 320 px');
    await expectNoHorizontalScroll(page, 'Hem at 320 px');
  });

  it('moves through the tabs with the keyboard; focus follows to each page heading', async () => {
    const { page } = journey;
    const tabs = page.getByRole('navigation', { name: 'Snabbmeny' });
    await tabs.getByRole('link', { name: 'Boka' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL('**/boka');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Boka tid');
    await expectNoAxeViolations(page, 'Boka at 320 px');

    await tabs.getByRole('link', { name: 'Mer' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL('**/mer');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Mer');
    await page.getByRole('link', { name: 'Min profil' }).waitFor();
    await page.getByRole('button', { name: 'Logga ut' }).waitFor();
    await expectNoAxeViolations(page, 'Mer at 320 px');
    await expectNoHorizontalScroll(page, 'Mer at 320 px');
  });

  it('books on the phone; the booking has a reference, a calendar file and directions', async () => {
    const { page } = journey;
    const tabs = page.getByRole('navigation', { name: 'Snabbmeny' });
    await tabs.getByRole('link', { name: 'Boka' }).click();
    await searchTimesAhead(page, 'Videomöte distriktssköterska');
    await page.getByTestId('slot').first().getByRole('button').click();
    await page.getByRole('button', { name: 'Boka tiden' }).click();
    await page.waitForURL('**/bokningar');
    const booking = page.getByTestId('bookings-upcoming').getByTestId('booking').first();
    await booking.waitFor();
    expect(await booking.getByTestId('booking-reference').textContent()).toMatch(/^[0-9A-F]{8}$/);
    const calendar = booking.getByRole('link', { name: /^Lägg till i kalender: Videomöte distriktssköterska / });
    expect(await calendar.getAttribute('href')).toMatch(/^data:text\/calendar/);
    await booking.getByRole('link', { name: /^Vägbeskrivning/ }).waitFor();
    await expectNoAxeViolations(page, 'my bookings at 320 px');
    await expectNoHorizontalScroll(page, 'my bookings at 320 px');
  });

  it('offline, the app still opens and shows her coming bookings, marked with when they were saved', async () => {
    const { page, context } = journey;
    const reference = await page.getByTestId('booking-reference').first().textContent();
    // The service worker has cached the app shell once it controls the page.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await page.reload();
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    await context.setOffline(true);
    try {
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Du är offline' }).waitFor();
      expect(await page.getByTestId('offline-saved-at').textContent()).toMatch(/\d\d\.\d\d/);
      const saved = page.getByTestId('offline-booking');
      expect(await saved.count()).toBe(1);
      expect(await saved.textContent()).toContain(reference ?? '-');
      await expectNoAxeViolations(page, 'offline bookings');
    } finally {
      await context.setOffline(false);
    }
    await page.getByRole('button', { name: 'Försök igen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mina bokningar' }).waitFor();
  });

  it('the tab bar steps aside while she types, so it covers no field', async () => {
    const { page } = journey;
    const tabs = page.getByRole('navigation', { name: 'Snabbmeny' });
    await page.goto('/meddelanden/ny');
    await page.getByRole('heading', { level: 1, name: 'Skriv nytt meddelande' }).waitFor();
    await tabs.waitFor();
    // With more than one unit to write to (her booking at Norrtull makes two), the page asks which
    // first; the fields follow the choice. A unit that only lets patients reply shows no fields, so
    // take the first unit that opens them.
    const units = page.getByRole('group', { name: 'Mottagning' }).getByRole('radio');
    const field = page.getByRole('textbox').first();
    await Promise.race([units.first().waitFor(), field.waitFor()]);
    for (let i = 0; (await units.count()) > i && !(await field.isVisible()); i++) {
      await units.nth(i).check();
      await field.waitFor({ timeout: 2000 }).catch(() => undefined);
    }
    await field.waitFor();
    await field.focus();
    await expect.poll(() => tabs.isVisible()).toBe(false);
    await field.blur();
    await expect.poll(() => tabs.isVisible()).toBe(true);
  });

  it('a browser in English starts in English; the accessibility statement is public', async () => {
    const context = await journey.browser.newContext({
      baseURL: journey.baseUrl,
      locale: 'en-GB',
      viewport: { width: 320, height: 640 },
    });
    const page = await context.newPage();
    await page.goto('/');
    await page.getByRole('heading', { level: 1, name: 'Welcome to Ingång' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.getByRole('link', { name: 'Accessibility statement' }).click();
    await page.getByRole('heading', { level: 1, name: 'Accessibility statement' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Known shortcomings' }).waitFor();
    await expectNoAxeViolations(page, 'accessibility statement');
    await context.close();
  });
});
