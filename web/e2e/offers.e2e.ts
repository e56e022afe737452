/**
 * Journey (issue 5, riktade erbjudanden): Ulla Unger (unit admin at Solberga
 * vårdcentral) creates an offer of flu vaccination for patients aged 65 or
 * over listed at Solberga, with two times reserved for it — first meeting the
 * form's errors and an uploaded list's row errors — saves it as a draft and
 * sends it. Karin (70, listed at Solberga) sees it under "Kallelser och
 * erbjudanden" and books one of the reserved times. Johan (40, listed at
 * Solberga) does not see it, and its address tells him it is not for him.
 * The offer page shows reached and booked. Axe on every page and state;
 * 320 px on the main pages.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPerson } from '../../server/src/seed/demo-data.js';
import {
  expectNoAxeViolations,
  expectNoHorizontalScroll,
  type Journey,
  loginCitizen,
  staffPage,
  startJourney,
  stockholmDatePlus,
} from './harness.js';

const TITLE = 'Influensavaccination för dig som är 65 år eller äldre';

describe('targeted offer: 65+ listed at the unit book reserved times', () => {
  let journey: Journey;

  /** A fresh browser context (own cookies) logged in through the IdP's demo picker, on `path`. */
  const loginAs = (name: string, path: string) => staffPage(journey, name, path);

  async function activeBookings(key: string) {
    const person = await journey.ctx.db
      .selectFrom('persons')
      .select('id')
      .where('personal_number', '=', demoPerson(key).personalNumber)
      .executeTakeFirstOrThrow();
    return journey.ctx.db
      .selectFrom('bookings')
      .selectAll()
      .where('person_id', '=', person.id)
      .where('status', '=', 'booked')
      .execute();
  }

  async function countRows(table: string): Promise<number> {
    return (
      await journey.ctx.db
        .selectFrom(table as never)
        .selectAll()
        .execute()
    ).length;
  }

  let ulla: Page;
  let offerId = '';
  beforeAll(async () => {
    journey = await startJourney();
  });
  afterAll(async () => {
    await journey?.close();
  });

  it('Ulla opens "Nytt erbjudande"; missing fields are named', async () => {
    ulla = await loginAs('Ulla Unger', '/staff');
    await ulla.getByRole('heading', { level: 1, name: 'Solberga vårdcentral' }).waitFor();
    await ulla
      .getByRole('navigation', { name: 'Huvudmeny' })
      .getByRole('link', { name: 'Kallelser och erbjudanden' })
      .click();
    await ulla
      .getByRole('navigation', { name: 'Kallelser och erbjudanden' })
      .getByRole('link', { name: 'Erbjudanden' })
      .click();
    await ulla.getByRole('heading', { level: 1, name: 'Erbjudanden' }).waitFor();
    await expectNoAxeViolations(ulla, 'offers list');
    await expectNoHorizontalScroll(ulla, 'offers list');

    await ulla.getByRole('link', { name: 'Skapa ett nytt erbjudande' }).click();
    await ulla.getByRole('heading', { level: 1, name: 'Nytt erbjudande' }).waitFor();
    await expectNoAxeViolations(ulla, 'new offer form');
    await expectNoHorizontalScroll(ulla, 'new offer form');
    await ulla.getByRole('button', { name: 'Spara utkast' }).click();
    const summary = ulla.locator('.error-summary');
    await summary.getByText('Skriv en rubrik med minst två tecken.').waitFor();
    await summary.getByText('Välj en tidstyp.').waitFor();
    expect(await ulla.getByLabel('Rubrik').getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations(ulla, 'new offer form with errors');
  });

  it('an uploaded list is checked row by row before anything is saved', async () => {
    const uploadsBefore = await countRows('offer_target_uploads');
    const offersBefore = await countRows('offers');
    await ulla.getByLabel('En lista med personnummer').check();
    const karin = demoPerson('karin').personalNumber;
    await ulla.getByLabel('Personnummer, ett per rad').fill(`${karin}\n12345\n${karin}`);
    await ulla.getByRole('button', { name: 'Granska listan' }).click();
    const preview = ulla.getByTestId('target-preview');
    await preview.waitFor();
    expect(await preview.getByTestId('target-preview-summary').textContent()).toMatch(/^2 rader har fel\./);
    const statuses = await preview
      .getByTestId('target-row-status')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-status')));
    expect(statuses).toEqual(expect.arrayContaining(['ok', 'invalid', 'duplicate']));
    await expectNoAxeViolations(ulla, 'target list with row errors');
    await expectNoHorizontalScroll(ulla, 'target list with row errors');
    // A file with errors stores nothing: no upload, no offer.
    expect(await countRows('offer_target_uploads')).toBe(uploadsBefore);
    expect(await countRows('offers')).toBe(offersBefore);
    await ulla.getByLabel('Efter villkor (listning, ålder, riskgrupp)').check();
  });

  it('Ulla saves a draft for 65+ listed at Solberga with two reserved flu times and sends it', async () => {
    const before = await countRows('offers');
    await ulla.getByLabel('Rubrik').fill(TITLE);
    await ulla.getByLabel('Beskrivning (frivillig)').fill('Vi har reserverat tider för dig som är 65 år eller äldre.');
    // Karin books minutes later: not a time today that may start meanwhile (whatever the hour). The
    // window first, so the times listed are never those of the default window (from today).
    await ulla.getByLabel('Tider från och med').fill(stockholmDatePlus(3));
    await ulla.getByLabel('Tidstyp').selectOption({ label: 'Influensavaccination' });
    expect(await ulla.getByLabel('Listade på enheten').isChecked()).toBe(true);
    await ulla.getByLabel('Lägsta ålder').fill('65');
    const times = ulla.getByRole('group', { name: 'Tider att reservera' });
    await times.waitFor();
    await times.getByRole('checkbox').nth(0).check();
    await times.getByRole('checkbox').nth(1).check();
    await expectNoAxeViolations(ulla, 'new offer form, filled in');
    await ulla.getByRole('button', { name: 'Spara utkast' }).click();

    await ulla.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    offerId = ulla.url().split('/').pop() ?? '';
    expect(offerId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await countRows('offers')).toBe(before + 1);
    expect(await ulla.getByTestId('offer-status').textContent()).toBe('Utkast');
    expect(await ulla.getByTestId('offer-target').textContent()).toBe('Listade på enheten, 65 år eller äldre');
    await expectNoAxeViolations(ulla, 'offer page (draft)');

    await ulla.getByRole('button', { name: 'Skicka erbjudandet' }).click();
    await ulla.getByTestId('offer-done').waitFor();
    expect(await ulla.getByTestId('offer-status').textContent()).toBe('Skickat');
    // Margit (90) and Karin (70) are listed at Solberga and 65 or over.
    expect(await ulla.getByTestId('stat-reached').textContent()).toBe('2');
    expect(await ulla.getByTestId('stat-booked').textContent()).toBe('0');
    await expectNoAxeViolations(ulla, 'offer page (sent)');
    await expectNoHorizontalScroll(ulla, 'offer page (sent)');
  });

  it('Karin (70) sees the offer and books one of its reserved times', async () => {
    const { page } = journey;
    await loginCitizen(journey, demoPerson('karin').personalNumber);
    await page
      .getByRole('navigation', { name: 'Huvudmeny' })
      .getByRole('link', { name: 'Kallelser och erbjudanden' })
      .click();
    const card = page.locator(`[data-offer-id="${offerId}"]`);
    await card.waitFor();
    expect(await card.textContent()).toContain('Solberga vårdcentral');
    await expectNoAxeViolations(page, 'invitations and offers (Karin)');
    await card.getByRole('link', { name: `Boka tid: ${TITLE} för Karin Ek` }).click();
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    const group = page.getByRole('group', { name: 'Lediga tider' });
    await group.waitFor();
    await expect.poll(() => group.getByRole('radio').count()).toBe(2);
    await expectNoAxeViolations(page, 'offer page (citizen)');
    await expectNoHorizontalScroll(page, 'offer page (citizen)');

    await page.getByRole('button', { name: 'Boka tiden' }).click();
    await page.locator('.error-summary').getByText('Välj en av tiderna.').waitFor();
    await expectNoAxeViolations(page, 'offer page with an error');
    // By keyboard: Space chooses the focused time, Tab reaches "Boka tiden", Enter books.
    await group.getByRole('radio').first().focus();
    await page.keyboard.press('Space');
    expect(await group.getByRole('radio').first().isChecked()).toBe(true);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Boka tiden');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/bokningar');
    await page.getByText('Tiden är bokad').waitFor();
    const booking = page.getByTestId('bookings-upcoming').getByTestId('booking');
    await booking.first().waitFor();
    expect(await booking.first().textContent()).toContain('Influensavaccination');
    expect(await activeBookings('karin')).toHaveLength(1);
    await page.getByRole('button', { name: 'Logga ut', exact: true }).click();
    await page.getByText('Du är utloggad.').waitFor();
  });

  it('Johan (40) does not see the offer, and its address tells him it is not for him', async () => {
    const { page } = journey;
    await loginCitizen(journey, demoPerson('johan').personalNumber);
    await page
      .getByRole('navigation', { name: 'Huvudmeny' })
      .getByRole('link', { name: 'Kallelser och erbjudanden' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Kallelser och erbjudanden' }).waitFor();
    const offers = page.getByTestId('inbox-offers');
    await offers.locator('[data-testid="offers-empty"], [data-testid="offer"]').first().waitFor();
    expect(await page.locator(`[data-offer-id="${offerId}"]`).count()).toBe(0);
    expect(await offers.textContent()).not.toContain(TITLE);
    await expectNoAxeViolations(page, 'invitations and offers (Johan)');

    await page.goto(`/erbjudanden/${offerId}`);
    await page.getByTestId('offer-not-found').waitFor();
    expect(await page.getByRole('button', { name: 'Boka tiden' }).count()).toBe(0);
    await expectNoAxeViolations(page, 'offer not for Johan');
    expect(await activeBookings('johan')).toHaveLength(0);
  });

  it('the offer page shows two reached and one booked', async () => {
    await ulla.reload();
    await ulla.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    await expect.poll(() => ulla.getByTestId('stat-booked').textContent()).toBe('1');
    expect(await ulla.getByTestId('stat-reached').textContent()).toBe('2');
    await ulla.getByRole('link', { name: 'Tillbaka till erbjudandena' }).click();
    const row = ulla.getByRole('row', { name: new RegExp(TITLE) });
    await row.waitFor();
    expect(await row.textContent()).toContain('Skickat');
    await expectNoAxeViolations(ulla, 'offers list with numbers');
  });
});
