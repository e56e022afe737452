/**
 * Journey: staff log in through the embedded OpenID Connect IdP. Nadia works
 * only at Solberga vårdcentral, so her unit is chosen for her and its page
 * opens with address, opening hours and colleagues; Dan works at two units
 * and gets "Välj enhet att arbeta i" first. Axe on the IdP page, the picker and
 * the unit page; 320 px reflow on the picker and the unit page; log out.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, expectNoHorizontalScroll, type Journey, startJourney } from './harness.js';

/** From the staff start page through the IdP's demo picker as `name`. */
async function loginAs(page: Page, name: string) {
  await page.goto('/staff');
  await page.getByRole('heading', { level: 1, name: 'Logga in i personalportalen' }).waitFor();
  await page.getByRole('link', { name: 'Logga in', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: /Demo-inloggning för personal/ }).waitFor();
  await page.getByRole('button', { name: new RegExp(`^${name}`) }).click();
}

describe('staff log in and open their unit', () => {
  let journey: Journey;
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    journey = await startJourney();
    // The IdP's pages forbid all scripts by CSP; bypass it so axe can be injected there too.
    context = await journey.browser.newContext({
      baseURL: journey.baseUrl,
      locale: 'sv-SE',
      viewport: { width: 1024, height: 800 },
      bypassCSP: true,
    });
    page = await context.newPage();
  });
  afterAll(async () => {
    await context?.close();
    await journey?.close();
  });

  it('the staff start page offers "Logga in" and has no axe violations', async () => {
    await page.goto('/staff');
    await page.getByRole('heading', { level: 1, name: 'Logga in i personalportalen' }).waitFor();
    const login = page.getByRole('link', { name: 'Logga in', exact: true });
    expect(await login.getAttribute('href')).toBe('/api/auth/staff/login?returnTo=%2Fstaff');
    await expectNoAxeViolations(page, 'staff login start');
  });

  it('Nadia logs in at the IdP and lands on Solberga vårdcentral without a picker', async () => {
    await page.goto('/staff');
    await page.getByRole('link', { name: 'Logga in', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: /Demo-inloggning för personal/ }).waitFor();
    await expectNoAxeViolations(page, 'IdP demo login page');
    await page.getByRole('button', { name: /^Nadia Nyström/ }).click();

    await page.waitForURL('**/staff');
    await page.getByRole('heading', { level: 1, name: 'Solberga vårdcentral' }).waitFor();
    const main = page.locator('main');
    await main.getByText('Solbergavägen 12, 125 43 Älvsjö').waitFor();
    await main.getByText('08-123 450 00').waitFor();
    // Opening hours in Swedish weekday names, weekends closed.
    const hours = main.getByRole('region', { name: 'Öppettider' });
    await hours.getByText('Måndag').waitFor();
    await expect.poll(() => hours.getByText('08.00–17.00').count()).toBe(5);
    await expect.poll(() => hours.getByText('Stängt').count()).toBe(2);
    await main.getByRole('region', { name: 'Tjänster' }).getByText('Distriktssköterska').waitFor();

    const colleagues = main.getByRole('table', { name: 'Personal på Solberga vårdcentral' });
    await colleagues.getByRole('rowheader', { name: 'Dan Dahl' }).waitFor();
    await colleagues.getByRole('rowheader', { name: 'Ulla Unger' }).waitFor();
    const ulla = colleagues.getByRole('row', { name: /Ulla Unger/ });
    await ulla.getByText('Enhetsadministratör').waitFor();
    const nadia = colleagues.getByRole('row', { name: /Nadia Nyström/ });
    await nadia.getByText('Vårdpersonal/behandlare, Bokningsadministratör').waitFor();

    // Header: who and where; no "Byt enhet" for a one-unit member, no admin link for her.
    await page.getByText('Inloggad: Nadia Nyström').waitFor();
    await page.getByText('Enhet: Solberga vårdcentral').waitFor();
    expect(await page.getByRole('link', { name: 'Byt enhet' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Administration' }).count()).toBe(0);

    await expectNoAxeViolations(page, 'unit page');
    await expectNoHorizontalScroll(page, 'unit page');
  });

  it('"Logga ut" ends the session and shows the login page with a notice', async () => {
    await page.getByRole('button', { name: 'Logga ut', exact: true }).click();
    await page.getByRole('status').getByText('Du är utloggad.').waitFor();
    await page.getByRole('heading', { level: 1, name: 'Logga in i personalportalen' }).waitFor();
    const me = await page.evaluate(() => fetch('/api/me').then((r) => r.status));
    expect(me).toBe(401);
  });

  it('Dan, who works at two units, chooses his unit first and can switch from the header', async () => {
    await loginAs(page, 'Dan Dahl');
    await page.waitForURL('**/staff');
    await page.getByRole('heading', { level: 1, name: 'Välj enhet att arbeta i' }).waitFor();
    await expectNoAxeViolations(page, 'unit picker');
    await expectNoHorizontalScroll(page, 'unit picker');

    await page.getByRole('button', { name: /^Hudkliniken, Södra sjukhuset/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Hudkliniken, Södra sjukhuset' }).waitFor();
    await page.getByText('Enhet: Hudkliniken, Södra sjukhuset').waitFor();
    await page
      .getByRole('table', { name: /Personal på Hudkliniken/ })
      .getByText('Hanna Hed')
      .waitFor();

    await page.getByRole('link', { name: 'Byt enhet' }).click();
    await page.getByRole('heading', { level: 1, name: 'Välj enhet att arbeta i' }).waitFor();
    await page.getByText('Du arbetar nu i Hudkliniken, Södra sjukhuset.').waitFor();
    await page.getByRole('button', { name: /^Solberga vårdcentral/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Solberga vårdcentral' }).waitFor();
    await page.getByRole('table', { name: 'Personal på Solberga vårdcentral' }).getByText('Nadia Nyström').waitFor();
  });

  it('"Logga ut på alla enheter" ends every session of the staff member', async () => {
    const { browser } = journey;
    // A second device with its own session for Dan.
    const other = await browser.newContext({ baseURL: journey.baseUrl, locale: 'sv-SE' });
    const otherPage = await other.newPage();
    await loginAs(otherPage, 'Dan Dahl');
    await otherPage.getByRole('heading', { level: 1, name: 'Välj enhet att arbeta i' }).waitFor();

    await page.getByRole('button', { name: 'Logga ut på alla enheter' }).click();
    await page.getByRole('status').getByText('Du är utloggad på alla enheter.').waitFor();
    expect(await otherPage.evaluate(() => fetch('/api/me').then((r) => r.status))).toBe(401);
    await other.close();
  });
});
