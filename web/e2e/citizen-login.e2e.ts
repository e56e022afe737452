/**
 * Journey: a citizen logs in with BankID (animated QR; the simulator approves
 * in a second tab), lands on "Min profil" with her name and vårdcentral, and
 * may act for her 5-year-old but not her 14-year-old. Axe on every page;
 * 320 px reflow on the profile; the login button works from the keyboard.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPerson } from '../../server/src/seed/demo-data.js';
import { expectNoAxeViolations, expectNoHorizontalScroll, type Journey, startJourney } from './harness.js';

describe('citizen logs in with BankID', () => {
  let journey: Journey;
  beforeAll(async () => {
    journey = await startJourney();
  });
  afterAll(async () => {
    await journey?.close();
  });

  it('start page explains Ingång and has no axe violations', async () => {
    const { page } = journey;
    await page.goto('/');
    await page.getByRole('heading', { level: 1, name: 'Välkommen till Ingång' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('sv');
    await page.getByRole('link', { name: 'Logga in med BankID' }).waitFor();
    await expectNoAxeViolations(page, 'start page');
  });

  it('the login button is reachable with Tab and opens the BankID page with Enter', async () => {
    const { page } = journey;
    await page.goto('/');
    await page.getByRole('link', { name: 'Logga in med BankID' }).waitFor();
    let reached = false;
    for (let i = 0; i < 25 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.textContent?.trim() === 'Logga in med BankID');
    }
    expect(reached).toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForURL('**/logga-in');
    await page.getByRole('heading', { level: 1, name: 'Logga in med BankID' }).waitFor();
  });

  it('a refused login says so and offers "Försök igen", which starts a new order', async () => {
    const { page, context } = journey;
    const open = page.getByRole('link', { name: 'Öppna BankID på den här enheten' });
    await open.waitFor();
    const firstHref = await open.getAttribute('href');
    const simulator = await context.newPage();
    await simulator.goto(firstHref ?? '/dev/bankid');
    await simulator.getByRole('button', { name: 'Neka' }).click();
    await simulator.getByText('Nekad.').waitFor();
    await simulator.close();

    const alert = page.getByRole('alert');
    await alert.getByText('Inloggningen misslyckades').waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: 'Försök igen' }).click();
    await open.waitFor();
    expect(await open.getAttribute('href')).not.toBe(firstHref);
  });

  it('shows an animated QR code, and the simulator in a second tab approves Anna', async () => {
    const { page, context } = journey;
    const qr = page.getByRole('img', { name: 'QR-kod för BankID' });
    await qr.waitFor();
    const first = await qr.locator('path').getAttribute('d');
    expect(first?.length ?? 0).toBeGreaterThan(100);
    // A new payload every second: the drawing must change.
    await expect.poll(() => qr.locator('path').getAttribute('d'), { timeout: 5000, interval: 250 }).not.toBe(first);
    await expectNoAxeViolations(page, 'BankID login page');

    const open = page.getByRole('link', { name: 'Öppna BankID på den här enheten' });
    const href = await open.getAttribute('href');
    expect(href).toMatch(/^\/dev\/bankid\?autostarttoken=/);

    const simulator = await context.newPage();
    await simulator.goto(href ?? '/dev/bankid');
    await simulator.getByRole('heading', { level: 1, name: 'BankID-simulator' }).waitFor();
    const approve = simulator.getByRole('button', { name: 'Godkänn' });
    await approve.waitFor();
    await expect.poll(() => approve.count()).toBe(1);
    await expectNoAxeViolations(simulator, 'BankID simulator');
    await simulator.getByLabel('Personnummer').fill(demoPerson('anna').personalNumber);
    await approve.click();
    await simulator.getByText('Godkänd.', { exact: false }).waitFor();
    await simulator.close();

    await page.waitForURL('**/hem', { timeout: 15_000 });
  });

  it('lands on Hem, whose heading takes focus when she moves on', async () => {
    const { page } = journey;
    await page.getByRole('heading', { level: 1, name: 'Hej Anna!' }).waitFor();
    await expectNoAxeViolations(page, 'Hem');
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Min profil' }).click();
    await page.waitForURL('**/profil');
    // Focus follows the person to the new page's heading (not left on <body>).
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Min profil');
  });

  it('the profile shows her name, her vårdcentral and whom she may act for', async () => {
    const { page } = journey;
    await page.getByRole('heading', { level: 1, name: 'Min profil' }).waitFor();
    await expect.poll(() => page.getByTestId('profile-name').textContent()).toBe('Anna Lindqvist');
    await expect
      .poll(() => page.getByText(demoPerson('anna').personalNumber.replace(/^(\d{8})/, '$1-')).count())
      .toBe(1);
    expect(await page.getByTestId('listed-unit').textContent()).toContain('Solberga vårdcentral');

    const switcher = page.getByLabel('Agera för');
    const options = await switcher.locator('option').allTextContents();
    expect(options.some((o) => o.includes('Elsa Lindqvist'))).toBe(true);
    expect(options.some((o) => o.includes('Oskar'))).toBe(false);

    await switcher.selectOption({ label: options.find((o) => o.includes('Elsa')) ?? '' });
    await page.getByText('Du agerar för: Elsa Lindqvist').waitFor();
    await page.getByRole('button', { name: 'Byt tillbaka till dig själv' }).click();
    expect(await page.getByText('Du agerar för: Elsa Lindqvist').count()).toBe(0);

    await expectNoAxeViolations(page, 'profile page');
    await expectNoHorizontalScroll(page, 'profile page');
  });
});
