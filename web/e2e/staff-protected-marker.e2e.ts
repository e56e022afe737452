/**
 * Journey (issue 19, item 10): the protected-identity marker wherever staff
 * see a person. Nadia (Solberga vårdcentral) opens Sanna's page (protected
 * identity) — the marker stands in the heading beside the name, as text; she
 * writes to Sanna — the marker beside "Till Sanna Skog", on the conversation
 * and on Sanna's row in the inbox, but not on Anna's. In English it reads
 * "Protected identity". Axe on every page.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPerson } from '../../server/src/seed/demo-data.js';
import { expectNoAxeViolations, expectNoHorizontalScroll, type Journey, staffPage, startJourney } from './harness.js';

const pnr = (key: string) => {
  const digits = demoPerson(key).personalNumber;
  return `${digits.slice(0, 8)}-${digits.slice(8)}`;
};

describe('staff see the protected-identity marker beside the person', () => {
  let journey: Journey;
  let nadia: Page;
  beforeAll(async () => {
    journey = await startJourney();
    nadia = await staffPage(journey, 'Nadia Nyström', '/staff');
    await nadia.getByRole('heading', { level: 1, name: 'Solberga vårdcentral' }).waitFor();
  });
  afterAll(async () => {
    await journey?.close();
  });

  async function openPatient(personalNumber: string) {
    await nadia.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Sök patient' }).click();
    await nadia.getByRole('heading', { level: 1, name: 'Sök patient' }).waitFor();
    await nadia.getByLabel('Personnummer').fill(personalNumber);
    await nadia.getByRole('button', { name: 'Sök', exact: true }).click();
  }

  it('the patient page names Sanna with the marker in her heading, as text; Anna has none', async () => {
    await openPatient(pnr('skyddad'));
    const heading = nadia.getByRole('heading', { level: 1 });
    await heading.getByTestId('protected-marker').waitFor();
    // The accessible name carries the words, not only a colour or the shield.
    expect(await heading.textContent()).toContain('Sanna Skog');
    await nadia.getByRole('heading', { level: 1, name: 'Sanna Skog Skyddad identitet' }).waitFor();
    expect(await heading.getByTestId('protected-marker').innerText()).toContain('Skyddad identitet');
    await expectNoAxeViolations(nadia, 'protected patient page with the marker');
    await expectNoHorizontalScroll(nadia, 'protected patient page with the marker');

    await openPatient(pnr('anna'));
    await nadia.getByRole('heading', { level: 1, name: 'Anna Lindqvist' }).waitFor();
    expect(await nadia.locator('main').getByTestId('protected-marker').count()).toBe(0);
  });

  it('writing to Sanna: the marker beside her name, on the conversation, and on her row in the inbox', async () => {
    await nadia.goto('/staff/inkorg/ny');
    await nadia.getByRole('heading', { level: 1, name: 'Skriv till en patient' }).waitFor();
    await nadia.getByLabel('Personnummer').fill(pnr('skyddad'));
    await nadia.getByRole('button', { name: 'Hämta patient' }).click();
    const to = nadia.getByRole('heading', { level: 2, name: /Till Sanna Skog/ });
    await to.getByText('Skyddad identitet').waitFor();
    await expectNoAxeViolations(nadia, 'new conversation to a protected patient');

    await nadia.getByLabel('Rubrik').fill('Provsvar');
    await nadia.getByLabel('Svar till patienten').fill('Dina provsvar är klara och ser bra ut.');
    await nadia.getByRole('button', { name: 'Skicka', exact: true }).click();
    await nadia.waitForURL(/\/staff\/inkorg\/[0-9a-f-]{36}$/);
    await nadia.getByRole('heading', { level: 1, name: 'Provsvar' }).waitFor();
    const main = nadia.locator('main');
    await expect.poll(() => main.getByTestId('protected-marker').count()).toBeGreaterThan(0);
    await expectNoAxeViolations(nadia, 'conversation with a protected patient');

    await nadia.goto('/staff/inkorg');
    const row = nadia.getByTestId('inbox-conversation').filter({ hasText: 'Provsvar' });
    await row.getByTestId('protected-marker').waitFor();
    expect(await row.getByTestId('protected-marker').innerText()).toContain('Skyddad identitet');
    await expectNoAxeViolations(nadia, 'inbox with a protected patient');
    await expectNoHorizontalScroll(nadia, 'inbox with a protected patient');
  });

  it('in English the marker reads "Protected identity"', async () => {
    await openPatient(pnr('skyddad'));
    await nadia.getByRole('heading', { level: 1, name: /Sanna Skog/ }).waitFor();
    await nadia.getByRole('button', { name: 'English' }).click();
    const heading = nadia.getByRole('heading', { level: 1 });
    await heading.getByText('Protected identity').waitFor();
    expect(await heading.getByTestId('protected-marker').innerText()).toContain('Protected identity');
    await expectNoAxeViolations(nadia, 'protected patient page in English');
  });
});
