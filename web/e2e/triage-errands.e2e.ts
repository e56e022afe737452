/**
 * Journey: an errand without triage (ärendetyper). Anna opens "Sök vård",
 * chooses "Förnya recept" at Solberga VC, sends the form empty (the error
 * summary names the fields), fills it in with the keyboard and sends it; it
 * opens as a conversation. Nadia (Solberga VC) finds it in the unit's inbox
 * with the form answers on top. Then continuity: with an ongoing episode Anna
 * sees "Din vårdkontakt" first on the entrance and writes to Nadia directly.
 * Axe on every page and state; 320 px on the forms.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPerson } from '../../server/src/seed/demo-data.js';
import {
  expectNoAxeViolations,
  expectNoHorizontalScroll,
  type Journey,
  loginCitizen,
  staffPage,
  startJourney,
} from './harness.js';

describe('errand types: a prescription renewal lands in the unit inbox', () => {
  let journey: Journey;

  beforeAll(async () => {
    journey = await startJourney();
    await loginCitizen(journey, demoPerson('anna').personalNumber);
    // A shared, loaded machine can take minutes to start the server and browser.
  }, 300_000);

  afterAll(async () => {
    await journey?.close();
  });

  it('Anna sends a prescription renewal (errors named first)', async () => {
    const { page } = journey;
    await page.goto('/sok-vard');
    await page.getByRole('heading', { level: 2, name: 'Ärenden utan triage' }).waitFor();
    await page.getByRole('link', { name: 'Välj ett ärende' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ärenden utan triage' }).waitFor();
    await page.getByText('Ärenden du kan skicka direkt till Solberga vårdcentral.', { exact: false }).waitFor();
    await expectNoAxeViolations(page, 'errand list');
    await page.getByRole('link', { name: 'Förnya recept' }).click();
    await page.getByRole('heading', { level: 1, name: 'Förnya recept' }).waitFor();
    await page.getByText('Mottagningen svarar inom 3 arbetsdagar.').waitFor();
    await expectNoAxeViolations(page, 'errand form');
    await expectNoHorizontalScroll(page, 'errand form');

    await page.getByRole('button', { name: 'Skicka ärendet' }).press('Enter');
    const summary = page.locator('.error-summary');
    await summary.getByText('Läkemedel och styrka: Fyll i det här.').waitFor();
    expect(await page.getByLabel('Läkemedel och styrka').getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations(page, 'errand form with errors');

    await page.getByLabel('Läkemedel och styrka').fill('Levaxin 50 mikrogram');
    await page.getByLabel('Hur du tar det (dos)').fill('1 tablett på morgonen');
    const pharmacy = page.getByRole('group', { name: 'Hur vill du få receptet?' });
    await pharmacy.getByLabel('E-recept till valfritt apotek').focus();
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Skicka ärendet' }).press('Enter');
    await page.waitForURL(/\/meddelanden\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { level: 1, name: 'Förnya recept' }).waitFor();
    await page.getByText('Läkemedel och styrka: Levaxin 50 mikrogram', { exact: false }).first().waitFor();
    await expectNoAxeViolations(page, 'errand sent (conversation)');
  });

  it("Nadia finds it in Solberga VC's inbox with the answers on top", async () => {
    const nadia = await staffPage(journey, 'Nadia Nyström', '/staff/inkorg');
    await nadia.getByRole('heading', { level: 1, name: 'Inkorg' }).waitFor();
    const card = nadia.getByTestId('inbox-conversation').filter({ hasText: 'Förnya recept' });
    await card.first().waitFor();
    await expectNoAxeViolations(nadia, 'inbox with the errand');
    await nadia.getByRole('link', { name: 'Förnya recept' }).first().click();
    await nadia.getByRole('heading', { level: 1, name: 'Förnya recept' }).waitFor();
    const first = nadia.getByTestId('message').first();
    expect(await first.textContent()).toContain('Ärende: Förnya recept (svarsmål 3 arbetsdagar)');
    expect(await first.textContent()).toContain('Hur vill du få receptet?: E-recept till valfritt apotek');
    await expectNoAxeViolations(nadia, 'errand in the inbox');
  });

  it('continuity: Anna sees "Din vårdkontakt" first and writes to Nadia without triage', async () => {
    const { db } = journey.ctx;
    const anna = await db
      .selectFrom('persons')
      .select('id')
      .where('personal_number', '=', demoPerson('anna').personalNumber)
      .executeTakeFirstOrThrow();
    // Nadia registers the episode from the patient's phone-triage page (keyboard, axe).
    const nadia = await staffPage(journey, 'Nadia Nyström', `/staff/patienter/${anna.id}/triage`);
    await nadia.getByRole('link', { name: 'Vårdkontakt och pågående vård' }).click();
    await nadia.getByRole('heading', { level: 1, name: 'Vårdkontakt och pågående vård' }).waitFor();
    await nadia.getByText('Patienten har ingen pågående vårdkontakt på enheten.').waitFor();
    await expectNoAxeViolations(nadia, 'care episodes (staff)');
    await nadia.getByLabel('Vad gäller vården?').fill('Diabetes');
    await nadia.getByLabel('Vårdkontakt', { exact: true }).selectOption({ label: 'Nadia Nyström, Distriktssköterska' });
    await nadia.getByLabel('Ämne i inkorgen').selectOption({ label: 'Övrigt' });
    await nadia.getByRole('button', { name: 'Registrera', exact: true }).press('Enter');
    await nadia.getByRole('button', { name: 'Avsluta Diabetes' }).waitFor();
    await expectNoAxeViolations(nadia, 'care episode registered (staff)');

    const { page } = journey;
    await page.goto('/sok-vard');
    const section = page.getByRole('region', { name: 'Din vårdkontakt' });
    await section.getByText('Nadia Nyström, Distriktssköterska, Solberga vårdcentral (Diabetes)').waitFor();
    await expectNoAxeViolations(page, 'entrance with a care contact');
    await section.getByRole('link', { name: 'Skriv till Nadia Nyström' }).click();
    await page.getByRole('heading', { level: 1, name: 'Skriv till Nadia Nyström' }).waitFor();
    await expectNoAxeViolations(page, 'write to the care contact');
    await expectNoHorizontalScroll(page, 'write to the care contact');
    await page.getByLabel('Rubrik').fill('Blodsocker');
    await page.getByLabel('Ditt meddelande').fill('Mina värden har varit höga i morse.');
    await page.getByRole('button', { name: 'Skicka', exact: true }).press('Enter');
    await page.waitForURL(/\/meddelanden\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { level: 1, name: 'Nadia Nyström (Diabetes): Blodsocker' }).waitFor();
  });
});
