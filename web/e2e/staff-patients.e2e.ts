/**
 * Journey: patient access for staff. Nadia (Solberga vårdcentral) searches
 * Anna (listed at Solberga) and sees her page; searches Erik (listed at
 * Norrtull), is refused, takes "Nödåtkomst" with a reason and sees his page
 * with the emergency banner; searches Sanna (protected identity) and sees the
 * warning and no address. Ulla (unit admin at Solberga) finds Nadia's
 * emergency access in the follow-up list and marks it reviewed. Rebecka
 * (region admin) searches the audit log for Erik and sees the flagged access.
 * Axe on every new page and dialog; 320 px reflow on the search and patient pages.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_UNITS, demoPerson } from '../../server/src/seed/demo-data.js';
import { expectNoAxeViolations, expectNoHorizontalScroll, type Journey, staffPage, startJourney } from './harness.js';

const pnr = (key: string) => {
  const digits = demoPerson(key).personalNumber;
  return `${digits.slice(0, 8)}-${digits.slice(8)}`;
};
const REASON = 'Patienten söker akut på mottagningen och kan inte själv lämna uppgifter.';

describe('staff find patients, take emergency access, and it is followed up', () => {
  let journey: Journey;

  /** A fresh browser context (own cookies) logged in through the IdP's demo picker, on `path`. */
  const loginAs = (name: string, path: string) => staffPage(journey, name, path);

  async function search(page: Page, personalNumber: string) {
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Sök patient' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sök patient' }).waitFor();
    await page.getByLabel('Personnummer').fill(personalNumber);
    await page.getByRole('button', { name: 'Sök', exact: true }).click();
  }

  let nadia: Page;
  beforeAll(async () => {
    journey = await startJourney();
  });
  afterAll(async () => {
    await journey?.close();
  });

  it('Nadia opens "Sök patient"; a bad number is named at the field', async () => {
    nadia = await loginAs('Nadia Nyström', '/staff');
    await nadia.getByRole('heading', { level: 1, name: 'Solberga vårdcentral' }).waitFor();
    await nadia.getByRole('link', { name: 'Sök patient' }).click();
    await nadia.getByRole('heading', { level: 1, name: 'Sök patient' }).waitFor();
    await expectNoAxeViolations(nadia, 'patient search');
    await expectNoHorizontalScroll(nadia, 'patient search');

    await nadia.getByLabel('Personnummer').fill('12345');
    await nadia.getByRole('button', { name: 'Sök', exact: true }).click();
    await nadia.getByText('Skriv ett giltigt personnummer med 12 siffror').waitFor();
    expect(await nadia.getByLabel('Personnummer').getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations(nadia, 'patient search with an error');
  });

  it('Anna, listed at Solberga, opens at once with contact details and children', async () => {
    await search(nadia, pnr('anna'));
    await nadia.getByRole('heading', { level: 1, name: 'Anna Lindqvist' }).waitFor();
    expect(nadia.url()).toMatch(/\/staff\/patienter\/[0-9a-f-]{36}$/);
    // The personnummer is never in the URL: the lookup is a POST.
    expect(nadia.url()).not.toContain(demoPerson('anna').personalNumber.slice(0, 8));
    const main = nadia.locator('main');
    await main.getByText(pnr('anna')).waitFor();
    await main.getByText('Listad på enheten').waitFor();
    await main.getByText('Björkvägen 7, 125 44 Älvsjö').waitFor();
    const family = main.getByRole('region', { name: 'Vårdnadshavare och barn' });
    await family.getByText('Elsa Lindqvist').waitFor();
    await family.getByText('Oskar Lindqvist').waitFor();
    expect(await main.getByText('Nödåtkomst', { exact: true }).count()).toBe(0);
    await expectNoAxeViolations(nadia, 'patient page');
    await expectNoHorizontalScroll(nadia, 'patient page');

    // "Registrera ombud": the dialog, its errors, and a registration for Anna's husband.
    await nadia.getByRole('button', { name: 'Registrera ombud' }).click();
    const dialog = nadia.getByRole('dialog', { name: 'Registrera ombud för Anna Lindqvist' });
    await dialog.waitFor();
    await expectNoAxeViolations(nadia, 'register ombud dialog');
    await dialog.getByRole('button', { name: 'Registrera ombudet' }).click();
    await dialog.getByText('Välj minst en sak som ombudet får göra.').first().waitFor();
    await expectNoAxeViolations(nadia, 'register ombud dialog with errors');
    await dialog.getByLabel('Ombudets personnummer').fill(pnr('johan'));
    await dialog.getByLabel('Boka, boka om och avboka tider').check();
    await dialog.getByLabel('Anledning').fill('Kan inte använda BankID, samtycke givet vid besöket.');
    await dialog.getByRole('button', { name: 'Registrera ombudet' }).click();
    await nadia
      .getByRole('status')
      .getByText(/Johan Lindqvist är registrerad som ombud för Anna Lindqvist/)
      .waitFor();
    expect(await dialog.isVisible()).toBe(false);
  });

  it('Erik, listed at Norrtull, is refused; "Nödåtkomst" with a reason opens his page with the banner', async () => {
    await search(nadia, pnr('erik'));
    await nadia.getByRole('heading', { level: 2, name: 'Ingen vårdrelation' }).waitFor();
    await nadia.getByText(/Solberga vårdcentral har ingen vårdrelation med patienten/).waitFor();
    expect(await nadia.getByText('Erik Sandberg').count()).toBe(0);
    await nadia.getByRole('heading', { name: 'Registrera vårdrelation' }).waitFor();
    await expectNoAxeViolations(nadia, 'refused lookup');
    await expectNoHorizontalScroll(nadia, 'refused lookup');

    await nadia.getByRole('button', { name: 'Nödåtkomst', exact: true }).click();
    const dialog = nadia.getByRole('dialog', { name: 'Nödåtkomst till patientens uppgifter' });
    await dialog.getByText('Nödåtkomst loggas och följs upp').waitFor();
    await expectNoAxeViolations(nadia, 'emergency access dialog');
    // The reason is mandatory.
    await dialog.getByRole('button', { name: 'Öppna med nödåtkomst' }).click();
    await dialog.getByText('Skriv en anledning med 10–500 tecken.').waitFor();
    await expectNoAxeViolations(nadia, 'emergency access dialog with an error');
    await dialog.getByLabel('Anledning').fill(REASON);
    await dialog.getByRole('button', { name: 'Öppna med nödåtkomst' }).click();

    await nadia.getByRole('heading', { level: 1, name: 'Erik Sandberg' }).waitFor();
    const main = nadia.locator('main');
    await main.getByText('Du har öppnat patientens uppgifter med nödåtkomst.', { exact: false }).waitFor();
    await main.getByText(/Nödåtkomsten gäller till \d{1,2} \w+ \d{4}/).waitFor();
    await main.getByText('Norrtull vårdcentral').waitFor();
    await main.getByText('Sveavägen 101, 113 50 Stockholm').waitFor();
    await expectNoAxeViolations(nadia, 'patient page with emergency access');
    await expectNoHorizontalScroll(nadia, 'patient page with emergency access');
  });

  it('Sanna, with protected identity, shows the warning and no address or contact details', async () => {
    await search(nadia, pnr('skyddad'));
    await nadia.getByRole('heading', { level: 1, name: 'Sanna Skog' }).waitFor();
    const main = nadia.locator('main');
    await main.getByText('Skyddad identitet — adress och kontaktuppgifter visas inte').waitFor();
    expect(await main.getByRole('heading', { name: 'Kontaktuppgifter' }).count()).toBe(0);
    const text = (await main.textContent()) ?? '';
    // ("Telefontriage", the phone-triage link, is no contact detail.)
    expect(text).not.toMatch(/Adress|Telefon(?!triage)|E-post/);
    await expectNoAxeViolations(nadia, 'protected patient page');
    await expectNoHorizontalScroll(nadia, 'protected patient page');
  });

  it('Sara, listed at Norrtull, opens after "Registrera vårdrelation" with a reason', async () => {
    await search(nadia, pnr('sara'));
    const form = nadia.getByRole('form', { name: 'Registrera vårdrelation' });
    await form.getByRole('button', { name: 'Registrera vårdrelation' }).click();
    await form.getByText('Skriv en anledning med 10–500 tecken.').waitFor();
    await form.getByLabel('Anledning').fill('Patienten har bokat besök hos distriktssköterskan för såromläggning.');
    await form.getByRole('button', { name: 'Registrera vårdrelation' }).click();
    await nadia.getByRole('heading', { level: 1, name: 'Sara Forsberg' }).waitFor();
    const main = nadia.locator('main');
    await main.getByText('Registrerad vårdrelation').waitFor();
    await main.getByText(/Nadia Nyström, .*: Patienten har bokat besök/).waitFor();
    expect(await main.getByText('Du har öppnat patientens uppgifter med nödåtkomst.').count()).toBe(0);
    await expectNoAxeViolations(nadia, 'patient page after a registered relationship');
  });

  it("Ulla, unit admin at Solberga, sees Nadia's emergency access and marks it reviewed", async () => {
    const ulla = await loginAs('Ulla Unger', '/staff');
    await ulla.getByRole('heading', { level: 1, name: 'Solberga vårdcentral' }).waitFor();
    await ulla.getByRole('link', { name: 'Uppföljning nödåtkomst' }).click();
    await ulla.getByRole('heading', { level: 1, name: 'Uppföljning av nödåtkomst' }).waitFor();
    const table = ulla.getByRole('table', { name: 'Nödåtkomst på Solberga vårdcentral' });
    const row = table.getByRole('row', { name: /Erik Sandberg/ });
    await row.getByText('Nadia Nyström, Distriktssköterska').waitFor();
    await row.getByText(REASON).waitFor();
    await expectNoAxeViolations(ulla, 'emergency access follow-up');
    await expectNoHorizontalScroll(ulla, 'emergency access follow-up');

    await row.getByRole('button', { name: 'Markera som granskad: nödåtkomst för Erik Sandberg' }).click();
    const dialog = ulla.getByRole('dialog', { name: 'Granska nödåtkomst' });
    await dialog.getByText(/Nadia Nyström öppnade uppgifterna om Erik Sandberg/).waitFor();
    await expectNoAxeViolations(ulla, 'review dialog');
    await dialog.getByLabel('Kommentar').fill('Kontrollerat med Nadia: patienten sökte akut. Befogat.');
    await dialog.getByRole('button', { name: 'Markera som granskad' }).click();
    await ulla.getByRole('status').getByText('Nödåtkomsten för Erik Sandberg är markerad som granskad.').waitFor();
    await ulla.getByText('Det finns inga nödåtkomster att visa.').waitFor();

    await ulla.getByLabel('Visa').selectOption({ label: 'Granskade' });
    await ulla
      .getByRole('table', { name: 'Nödåtkomst på Solberga vårdcentral' })
      .getByText(/Granskad av Ulla Unger/)
      .waitFor();
    await expectNoAxeViolations(ulla, 'reviewed emergency accesses');
  });

  it('Rebecka, region admin, searches the audit log for Erik and sees the flagged access', async () => {
    const rebecka = await loginAs('Rebecka Regnell', '/admin/logg');
    await rebecka.getByRole('heading', { level: 1, name: 'Sök i granskningsloggen' }).waitFor();
    await rebecka.getByText('Dina sökningar loggas också').waitFor();
    await expectNoAxeViolations(rebecka, 'audit search');
    await expectNoHorizontalScroll(rebecka, 'audit search');

    await rebecka.getByLabel('Patientens personnummer').fill(pnr('erik'));
    await rebecka.getByLabel('Vårdenhet').selectOption({ label: 'Solberga vårdcentral' });
    await rebecka.getByRole('button', { name: 'Sök i loggen' }).click();
    const table = rebecka.getByRole('table', { name: 'Träffar i granskningsloggen' });
    await table.waitFor();
    const flagged = table.getByRole('row').filter({ hasText: 'Ja – följs upp' });
    await expect.poll(() => flagged.count()).toBeGreaterThan(0);
    await flagged
      .first()
      .getByText(/Nadia Nyström/)
      .waitFor();
    await flagged
      .first()
      .getByText(/Erik Sandberg/)
      .waitFor();
    // The reason reads as Nadia wrote it, not as the stored "Nödåtkomst <uuid>: …".
    await flagged.first().getByText(`Anledning: ${REASON}`, { exact: true }).waitFor();
    const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
    expect((await table.textContent()) ?? '').not.toMatch(uuid);
    await expectNoAxeViolations(rebecka, 'audit search results');
    await expectNoHorizontalScroll(rebecka, 'audit search results');

    // Region admins follow up emergency access per unit in the administration too.
    await rebecka.goto(`/admin/enheter/${DEMO_UNITS.vcSolberga}/nodatkomst`);
    await rebecka.getByRole('heading', { level: 2, name: 'Uppföljning av nödåtkomst' }).waitFor();
    await rebecka.getByLabel('Visa').selectOption({ label: 'Alla' });
    await rebecka
      .getByRole('table', { name: 'Nödåtkomst på Solberga vårdcentral' })
      .getByText(/Granskad av Ulla Unger/)
      .waitFor();
    await expectNoAxeViolations(rebecka, 'admin emergency access follow-up');
  });
});
