/**
 * Journey: the unit administrator's switches for "En väg in". Ulla (unit admin
 * at Solberga VC) opens the unit in the administration → "Triage och ärenden";
 * an age range the wrong way round is named at the field and in the summary;
 * she sets the routes with the keyboard (the night unit is locked: the region's
 * choice). In the errand types an errand left without an inbox topic comes back
 * from the server as a field error; she fixes it, switches "Intyg" off and gives
 * "Förnya recept" a 2-day goal (stored as chosen). The page
 * in English too. Axe on every state; 320 px on the page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, expectNoHorizontalScroll, type Journey, staffPage, startJourney } from './harness.js';

describe("a unit administrator sets the unit's triage routes and errand types", () => {
  let journey: Journey;

  beforeAll(async () => {
    journey = await startJourney();
    // A shared, loaded machine can take minutes to start the server and browser.
  }, 300_000);

  afterAll(async () => {
    await journey?.close();
  });

  it('Ulla sets the routes (field errors first, keyboard, night unit locked)', async () => {
    const page = await staffPage(journey, 'Ulla Unger', '/admin');
    await page.getByRole('link', { name: 'Solberga vårdcentral' }).first().click();
    await page.getByRole('link', { name: 'Triage och ärenden' }).click();
    await page.getByRole('heading', { level: 2, name: 'Vägar i triaget' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Ärendetyper' }).waitFor();
    await expectNoAxeViolations(page, 'unit entrance settings');
    await expectNoHorizontalScroll(page, 'unit entrance settings');
    expect(await page.getByLabel('Regionens nattmottagning', { exact: false }).isDisabled()).toBe(true);

    await page.getByLabel('Lägsta ålder').fill('40');
    await page.getByLabel('Högsta ålder').fill('18');
    await page.getByRole('button', { name: 'Spara vägarna' }).press('Enter');
    const summary = page.locator('.error-summary');
    await summary.getByText('Högsta ålder: Högsta ålder kan inte vara lägre än lägsta ålder.').waitFor();
    expect(await page.getByLabel('Högsta ålder').getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations(page, 'routes with an error');

    await page.getByLabel('Lägsta ålder').fill('');
    await page.getByLabel('Högsta ålder').fill('');
    await page.getByLabel('Öppet på helgdagar').focus();
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Spara vägarna' }).press('Enter');
    await page.getByText('Vägarna är sparade.').waitFor();
    await expectNoAxeViolations(page, 'routes saved');
    await page.close();
  });

  it('Ulla saves the errand types (a missing topic named by the server), stored as chosen; the page in English', async () => {
    const page = await staffPage(journey, 'Ulla Unger', '/admin');
    await page.getByRole('link', { name: 'Solberga vårdcentral' }).first().click();
    await page.getByRole('link', { name: 'Triage och ärenden' }).click();
    await page.getByText('Hanteras av: sjuksköterska. Formulär: Läkemedel och styrka', { exact: false }).waitFor();

    await page.getByLabel('Ämne i inkorgen för Intyg').selectOption({ label: 'Inget ämne' });
    await page.getByRole('button', { name: 'Spara ärendetyperna' }).press('Enter');
    await page
      .locator('.error-summary')
      .getByText('Intyg: Välj ett ämne: mottagningen sorterar inkorgen efter ämne.')
      .waitFor();
    expect(await page.getByLabel('Ämne i inkorgen för Intyg').getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations(page, 'errand types with a server field error');

    await page.getByLabel('Ämne i inkorgen för Intyg').selectOption({ label: 'Sjukintyg' });
    await page.getByLabel('Erbjud Intyg').focus();
    await page.keyboard.press('Space');
    await page.getByLabel('Svarsmål för Förnya recept (arbetsdagar)').fill('2');
    await page.getByRole('button', { name: 'Spara ärendetyperna' }).press('Enter');
    await page.getByText('Ärendetyperna är sparade.').waitFor();
    await expectNoAxeViolations(page, 'errand types saved');

    const rows = await journey.ctx.db
      .selectFrom('unit_errand_types')
      .innerJoin('units', 'units.id', 'unit_errand_types.unit_id')
      .select(['unit_errand_types.kind', 'unit_errand_types.enabled', 'unit_errand_types.response_days'])
      .where('units.name', '=', 'Solberga vårdcentral')
      .execute();
    expect(rows.find((r) => r.kind === 'certificate')?.enabled).toBe(false);
    expect(rows.find((r) => r.kind === 'prescription_renewal')?.response_days).toBe(2);

    // English: the same page, the same words for the same things.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 2, name: 'Routes in triage' }).waitFor();
    await page.getByLabel('Response goal for Renew a prescription (working days)').waitFor();
    await expectNoAxeViolations(page, 'unit entrance settings in English');
    await page.close();
  });
});
