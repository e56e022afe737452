/**
 * Journeys of issue 20: the public open-data page (chart + tables, no login),
 * a finder's deep link from the public slot feed opening the confirmation step
 * with that time, and "Ladda ner mina uppgifter" from the profile — ordered,
 * built in the background, downloadable. axe on every page, 320 px reflow,
 * the order button from the keyboard.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPerson } from '../../server/src/seed/demo-data.js';
import {
  expectNoAxeViolations,
  expectNoHorizontalScroll,
  type Journey,
  loginCitizen,
  startJourney,
} from './harness.js';

describe('open data, the feed deep link and download my data', { timeout: 120_000 }, () => {
  let journey: Journey;
  beforeAll(async () => {
    journey = await startJourney();
    // A shared, busy machine can take minutes to start the server and Chromium.
  }, 300_000);
  afterAll(async () => {
    await journey?.close();
  });

  it('shows the open dataset without a login: an SVG chart with a text alternative and tables', async () => {
    const { page } = journey;
    await page.goto('/');
    await page.getByRole('link', { name: 'Öppna data' }).click();
    await page.getByRole('heading', { level: 1, name: 'Öppna data: lediga och bokade tider' }).waitFor();
    const chart = page.getByRole('img', { name: /Tider per dag i hela regionen/ });
    await chart.waitFor();
    expect(await page.getByRole('table', { name: 'Tider per mottagning och dag' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Som CSV (kalkylark)' }).getAttribute('href')).toBe(
      '/api/open-data/slots.csv',
    );
    await expectNoAxeViolations(page, 'open data');
    await expectNoHorizontalScroll(page, 'open data');
  });

  it("opens the confirmation step with the feed's time chosen", async () => {
    const { page } = journey;
    await loginCitizen(journey, demoPerson('anna').personalNumber);
    const manifest = (await journey.app.inject({ method: 'GET', url: '/api/fhir/$bulk-publish' })).json();
    let link: string | undefined;
    for (const o of manifest.output.filter((x: { type: string }) => x.type === 'Slot')) {
      const file = await journey.app.inject({ method: 'GET', url: new URL(o.url).pathname });
      for (const line of file.body.split('\n').filter(Boolean)) {
        const slot = JSON.parse(line);
        link = slot.extension?.find((e: { url: string }) => e.url.endsWith('/booking-deep-link'))?.valueUrl;
        if (link) break;
      }
      if (link) break;
    }
    expect(link).toBeDefined();
    const url = new URL(link as string);
    await page.goto(`${url.pathname}${url.search}`);
    await page.getByRole('heading', { level: 1, name: 'Bekräfta bokningen' }).waitFor();
    await expectNoAxeViolations(page, 'confirmation from a deep link');
  });

  it('orders her data from the profile, keyboard only, and gets the two files when ready', async () => {
    const { page } = journey;
    await page.goto('/profil');
    await page.getByRole('link', { name: 'Ladda ner mina uppgifter' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ladda ner mina uppgifter' }).waitFor();
    await expectNoAxeViolations(page, 'download my data');
    const order = page.getByRole('button', { name: 'Beställ mina uppgifter' });
    await order.focus();
    await page.keyboard.press('Enter');
    await page.getByText('Beställningen är gjord.').waitFor();
    await page.getByRole('cell', { name: 'Förbereds …' }).first().waitFor();
    // The worker does not run in test mode; run the queued export job as the worker would.
    await expect.poll(() => journey.ctx.jobs.runDueJobs()).toBeGreaterThan(0);
    const summary = page.getByRole('link', { name: 'Sammanfattning (HTML)' });
    await summary.waitFor();
    const href = (await summary.getAttribute('href')) as string;
    const res = await page.request.get(href);
    expect(res.status()).toBe(200);
    expect(await res.text()).toContain('Anna Lindqvist');
    const bundle = await page.request.get(
      (await page.getByRole('link', { name: 'FHIR-fil (JSON)' }).getAttribute('href')) as string,
    );
    expect((await bundle.json()).resourceType).toBe('Bundle');
    await expectNoAxeViolations(page, 'download ready');
    await expectNoHorizontalScroll(page, 'download ready');
  });
});
