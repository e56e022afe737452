/**
 * Journey: the region admin Rebecka creates a care unit (first with a bad
 * postal code: the field error and the error summary), finds it in the list,
 * adds a unit administrator to it, and sees both changes with her name in the
 * change history. Then the unit admin Ulla meets the locked region-only fields
 * and the "last unit admin" rule. Axe on the list, the form (also in its error
 * state), the staff page and the history; 320 px reflow on the list, form and staff page.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, expectNoHorizontalScroll, type Journey, startJourney } from './harness.js';

const UNIT = 'Testby vårdcentral';
const HSA = 'SE2321000016-TB01';

/** Logs in through the IdP's demo picker starting from `path` (the login page shows there). */
async function loginAs(page: Page, name: string, path: string) {
  await page.goto(path);
  await page.getByRole('link', { name: 'Logga in', exact: true }).click();
  await page.getByRole('button', { name: new RegExp(`^${name}`) }).click();
  await page.waitForURL(`**${path}`);
}

describe('region admin creates a unit and a unit admin', () => {
  let journey: Journey;
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    journey = await startJourney();
    context = await journey.browser.newContext({
      baseURL: journey.baseUrl,
      locale: 'sv-SE',
      viewport: { width: 1024, height: 800 },
    });
    page = await context.newPage();
  });
  afterAll(async () => {
    await context?.close();
    await journey?.close();
  });

  it('Rebecka logs in and sees every unit, with search and filter', async () => {
    await loginAs(page, 'Rebecka Regnell', '/admin');
    await page.getByRole('heading', { level: 1, name: 'Vårdenheter' }).waitFor();
    const table = page.getByRole('table', { name: 'Vårdenheter' });
    await table.getByRole('link', { name: 'Solberga vårdcentral' }).waitFor();
    await expect.poll(() => table.locator('tbody tr').count()).toBe(14);

    await page.getByLabel('Typ').selectOption({ label: 'Vaccinatör' });
    await page.getByRole('status').getByText('2 vårdenheter visas av 14.').waitFor();
    await page.getByLabel('Typ').selectOption({ label: 'Alla' });
    await page.getByRole('searchbox', { name: 'Sök' }).fill('täby');
    await page.getByRole('status').getByText('1 vårdenhet visas av 14.').waitFor();
    await table.getByRole('link', { name: 'Vaccinera Norr, Täby' }).waitFor();
    await page.getByRole('searchbox', { name: 'Sök' }).fill('');

    await expectNoAxeViolations(page, 'admin unit list');
    await expectNoHorizontalScroll(page, 'admin unit list');
  });

  it('"Ny vårdenhet": a bad postal code is named next to the field and in the summary', async () => {
    await page.getByRole('link', { name: 'Ny vårdenhet' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ny vårdenhet' }).waitFor();
    await expectNoAxeViolations(page, 'new unit form');

    await page.getByLabel('Namn på enheten').fill(UNIT);
    await page.getByLabel('HSA-id').fill(HSA);
    await page.getByLabel('Typ av enhet').selectOption({ label: 'Vårdcentral' });
    await page.getByLabel('Vårdgivare').selectOption({ label: 'Privat vårdgivare' });
    await page.getByLabel('Beskrivning').fill('Vårdcentral i Testby med drop-in på förmiddagar.');
    await page.getByLabel('Gatuadress').fill('Storgatan 1');
    await page.getByLabel('Postnummer').fill('12');
    await page.getByLabel('Ort *', { exact: true }).fill('Testby');
    await page.getByLabel('Kommun').fill('Huddinge');
    await page.getByLabel('Latitud').fill('59,2371');
    await page.getByLabel('Longitud').fill('17,9819');
    await page.getByLabel('Telefon').fill('08-555 123 00');
    await page.getByLabel('E-post').fill('testby@demo.ingang.se');
    await page.getByLabel('Öppet på lördag').check();
    await page.getByLabel('Öppnar på lördag').fill('10:00');
    await page.getByLabel('Stänger på lördag').fill('14:00');
    await page.getByRole('button', { name: 'Lägg till tjänst' }).click();
    await page.getByLabel('Tjänst 1').fill('Läkarbesök');
    await page.getByRole('button', { name: 'Lägg till tjänst' }).click();
    await page.getByLabel('Tjänst 2').fill('Vaccination');
    await page.getByRole('button', { name: 'Skapa vårdenheten' }).click();

    const summary = page.getByRole('heading', { name: 'Det finns fel i formuläret. Rätta dem och försök igen.' });
    await summary.waitFor();
    const message = 'Skriv postnumret med fem siffror, till exempel 113 51.';
    const postal = page.getByLabel('Postnummer');
    expect(await postal.getAttribute('aria-invalid')).toBe('true');
    expect(await postal.evaluate((el) => el.getAttribute('aria-describedby'))).toContain('error');
    await page.locator('.field--invalid').getByText(message).waitFor();
    // The summary link moves focus to the field.
    await page.getByRole('link', { name: message }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('unit-postalCode');
    await expectNoAxeViolations(page, 'new unit form with errors');
    await expectNoHorizontalScroll(page, 'new unit form with errors');

    await postal.fill('141 40');
    await page.getByRole('button', { name: 'Skapa vårdenheten' }).click();
    await page.waitForURL('**/admin');
    await page.getByRole('status').getByText(`Vårdenheten ${UNIT} är skapad.`).waitFor();
    await page.getByRole('table', { name: 'Vårdenheter' }).getByRole('link', { name: UNIT }).waitFor();
  });

  it('the same HSA-id again is refused on the HSA-id field', async () => {
    await page.goto('/admin/enheter/ny');
    await page.getByLabel('Namn på enheten').fill('Dubblett');
    await page.getByLabel('HSA-id').fill(HSA);
    await page.getByLabel('Gatuadress').fill('Storgatan 2');
    await page.getByLabel('Postnummer').fill('14140');
    await page.getByLabel('Ort *', { exact: true }).fill('Testby');
    await page.getByLabel('Kommun').fill('Huddinge');
    await page.getByLabel('Latitud').fill('59.2');
    await page.getByLabel('Longitud').fill('17.9');
    await page.getByRole('button', { name: 'Skapa vårdenheten' }).click();
    await page.getByRole('link', { name: 'Det finns redan en vårdenhet med det här HSA-id:t.' }).waitFor();
    expect(await page.getByLabel('HSA-id').getAttribute('aria-invalid')).toBe('true');
  });

  it("opens the new unit's staff and adds a unit administrator", async () => {
    await page.goto('/admin');
    await page.getByRole('table', { name: 'Vårdenheter' }).getByRole('link', { name: UNIT }).click();
    await page.getByRole('heading', { level: 1, name: UNIT }).waitFor();
    expect(await page.getByLabel('Postnummer').inputValue()).toBe('141 40');
    await page.getByRole('navigation', { name: 'Vårdenhetens sidor' }).getByRole('link', { name: 'Personal' }).click();
    await page.getByText('Det finns ingen personal på enheten ännu.').waitFor();

    await page.getByLabel('HSA-id').fill('SE2321000016-TB99');
    await page.getByLabel('Förnamn').fill('Tora');
    await page.getByLabel('Efternamn').fill('Testsson');
    await page.getByLabel('E-post').fill('tora.testsson@demo.ingang.se');
    await page.getByLabel('Titel', { exact: true }).fill('Verksamhetschef');
    await page.getByLabel('Enhetsadministratör').check();
    await page.getByRole('button', { name: 'Lägg till personal' }).click();
    await page.getByRole('status').getByText('Tora Testsson är tillagd på enheten.').waitFor();
    const row = page.getByRole('table', { name: `Personal på ${UNIT}` }).getByRole('row', { name: /Tora Testsson/ });
    await row.getByText('Enhetsadministratör').waitFor();
    await row.getByText('SE2321000016-TB99').waitFor();
    await expectNoAxeViolations(page, 'unit staff page');
    await expectNoHorizontalScroll(page, 'unit staff page');
  });

  it('the change history shows both changes with her name and a Swedish date', async () => {
    await page.getByRole('link', { name: 'Ändringshistorik' }).click();
    await page.getByRole('heading', { level: 2, name: 'Ändringshistorik' }).waitFor();
    const created = page
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: `Vårdenheten skapades: ${UNIT}` }) });
    await created.getByText('av Rebecka Regnell').waitFor();
    await created.getByText('Postnummer:').waitFor();
    const roles = page
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: 'Roller ändrades: Tora Testsson' }) });
    await roles.getByText('av Rebecka Regnell').waitFor();
    await roles.getByText('Enhetsadministratör').waitFor();
    await page.getByRole('heading', { name: 'Personal lades upp: Tora Testsson' }).waitFor();
    const when = await created.locator('time').textContent();
    expect(when).toMatch(
      /^\d{1,2} (januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december) \d{4}/,
    );
    await expectNoAxeViolations(page, 'change history');
  });

  it('a unit admin sees region-only fields locked and cannot remove the last unit admin', async () => {
    await page.getByRole('button', { name: 'Logga ut', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Logga in i personalportalen' }).waitFor();
    await loginAs(page, 'Ulla Unger', '/admin');
    const table = page.getByRole('table', { name: 'Vårdenheter' });
    await table.getByRole('link', { name: 'Solberga vårdcentral' }).waitFor();
    await expect.poll(() => table.locator('tbody tr').count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Ny vårdenhet' }).count()).toBe(0);
    await table.getByRole('link', { name: 'Solberga vårdcentral' }).click();
    await page.getByRole('heading', { level: 1, name: 'Solberga vårdcentral' }).waitFor();
    expect(await page.getByLabel('HSA-id').isDisabled()).toBe(true);
    expect(await page.getByLabel('Namn på enheten').isDisabled()).toBe(false);

    await page.getByRole('link', { name: 'Personal', exact: true }).click();
    await page.getByRole('button', { name: 'Ändra roller för Ulla Unger' }).click();
    const dialog = page.getByRole('dialog', { name: 'Ändra roller för Ulla Unger' });
    await dialog.getByLabel('Enhetsadministratör').uncheck();
    await dialog.getByRole('button', { name: 'Spara roller' }).click();
    await dialog
      .getByRole('alert')
      .getByText(/Enheten måste ha minst en enhetsadministratör/)
      .waitFor();
    await expectNoAxeViolations(page, 'roles dialog with the last-unit-admin error');
    await dialog.getByRole('button', { name: 'Avbryt' }).click();

    // Removing every role asks first.
    await page.getByRole('button', { name: 'Ändra roller för Dan Dahl' }).click();
    const dan = page.getByRole('dialog', { name: 'Ändra roller för Dan Dahl' });
    await dan.getByLabel('Vårdpersonal/behandlare').uncheck();
    await dan.getByRole('button', { name: 'Spara roller' }).click();
    const confirm = page.getByRole('dialog', { name: 'Ta bort Dan Dahl från enheten?' });
    await confirm.getByRole('button', { name: 'Ja, ta bort från enheten' }).click();
    await page.getByRole('status').getByText('Dan Dahl är borttagen från enheten.').waitFor();
    expect(await page.getByRole('row', { name: /Dan Dahl/ }).count()).toBe(0);
  });
});
