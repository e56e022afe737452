/**
 * Journey: a logged-in citizen edits "Min profil" — phone and notifications,
 * a new e-mail address (verification link sent), another vårdcentral (confirmed first) — sees
 * the protected-identity note for Sanna, switches to English (stored on the profile, so push
 * notices come in English too), and logs out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPerson } from '../../server/src/seed/demo-data.js';
import { expectNoAxeViolations, type Journey, loginCitizen, startJourney } from './harness.js';

describe('citizen manages the profile', () => {
  let journey: Journey;
  beforeAll(async () => {
    journey = await startJourney();
  });
  afterAll(async () => {
    await journey?.close();
  });

  /** Karin's language as stored on her profile (what the server's push notices use). */
  const storedLocale = async () =>
    (
      await journey.ctx.db
        .selectFrom('persons')
        .select('locale')
        .where('personal_number', '=', demoPerson('karin').personalNumber)
        .executeTakeFirstOrThrow()
    ).locale;

  it('saves phone and notification choices, and names a bad phone number inline', async () => {
    const { page } = journey;
    await loginCitizen(journey, demoPerson('karin').personalNumber);
    await page.goto('/profil');
    await page.getByRole('heading', { level: 1, name: 'Min profil' }).waitFor();

    const phone = page.getByLabel('Mobilnummer');
    await phone.fill('inte ett nummer');
    await page.getByRole('button', { name: 'Spara', exact: true }).click();
    await expect.poll(() => phone.getAttribute('aria-invalid')).toBe('true');
    // The server sends the field and a code; the words are the web's, in Swedish.
    await page.getByText('Skriv ett telefonnummer med siffror, till exempel 070-123 45 67.').waitFor();
    expect(await page.getByText('must be a phone number').count()).toBe(0);
    await expectNoAxeViolations(page, 'profile with a field error');

    await phone.fill('070-123 45 67');
    await page.getByLabel('SMS').check();
    await page.getByRole('button', { name: 'Spara', exact: true }).click();
    await page.getByText('Sparat.').waitFor();
    await page.reload();
    await expect.poll(() => page.getByLabel('Mobilnummer').inputValue()).toBe('070-123 45 67');
    expect(await page.getByLabel('SMS').isChecked()).toBe(true);
  });

  it('asks for a new e-mail address and tells her to check her mail', async () => {
    const { page } = journey;
    await page.getByRole('button', { name: 'Ändra e-post' }).click();
    await page.getByLabel('Ny e-postadress').fill('karin.ek@example.org');
    await page.getByRole('button', { name: 'Skicka bekräftelselänk' }).click();
    await page.getByText('Vi har skickat ett mejl till karin.ek@example.org').waitFor();
  });

  it('moves her listing to another vårdcentral', async () => {
    const { page } = journey;
    const before = (await page.getByTestId('listed-unit').textContent()) ?? '';
    await page.getByLabel('Välj vårdcentral').selectOption({ label: 'Norrtull vårdcentral, Stockholm' });
    await page.getByRole('button', { name: 'Byt vårdcentral' }).click();
    // Nothing changes before she confirms; cancelling (Escape) keeps the listing.
    const dialog = page.getByRole('dialog', { name: 'Byta till Norrtull vårdcentral?' });
    await dialog.waitFor();
    await expectNoAxeViolations(page, 'confirm the change of vårdcentral');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.getByTestId('listed-unit').textContent()).toBe(before);
    await page.getByRole('button', { name: 'Byt vårdcentral' }).click();
    await dialog.getByRole('button', { name: 'Ja, byt vårdcentral' }).click();
    await page.getByText('Du är nu listad på Norrtull vårdcentral.').waitFor();
    expect(await page.getByTestId('listed-unit').textContent()).toContain('Norrtull vårdcentral');
  });

  it('switches the interface to English and back', async () => {
    const { page } = journey;
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'My profile' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    // The switch stores the choice on the profile (push notices come in it); the form follows.
    await expect.poll(storedLocale).toBe('en');
    expect(await page.getByLabel('Language in Ingång and in messages').inputValue()).toBe('en');
    // A bad phone number is named in English too (issue 19: it was the server's text in both languages).
    const phone = page.getByLabel('Mobile number');
    const before = await phone.inputValue();
    await phone.fill('not a number');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Write a phone number with digits, for example 070-123 45 67.').waitFor();
    await phone.fill(before);
    await page.getByRole('button', { name: 'Svenska' }).click();
    await page.getByRole('heading', { level: 1, name: 'Min profil' }).waitFor();
    await expect.poll(storedLocale).toBe('sv');
  });

  it('logs out, and the profile then asks for a login', async () => {
    const { page } = journey;
    await page.getByRole('button', { name: 'Logga ut', exact: true }).click();
    await page.getByText('Du är utloggad.').waitFor();
    await page.goto('/profil');
    await page.waitForURL('**/logga-in?returnTo=%2Fprofil');
  });

  it('shows the protected-identity note instead of an address', async () => {
    const { page } = journey;
    await loginCitizen(journey, demoPerson('skyddad').personalNumber);
    await page.goto('/profil');
    await page.getByText('Dina adressuppgifter är skyddade').waitFor();
    await expectNoAxeViolations(page, 'profile with protected identity');
    await page.getByRole('button', { name: 'Logga ut på alla enheter' }).click();
    await page.getByText('Du är utloggad på alla enheter.').waitFor();
  });
});
