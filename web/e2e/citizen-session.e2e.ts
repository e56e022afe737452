/**
 * Journey: the idle timeout. With a 10-second idle limit the warning dialog
 * ("Du loggas snart ut") shows at once after login; "Fortsätt vara inloggad"
 * calls keepalive; left alone, the session ends and the start page says why.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPerson } from '../../server/src/seed/demo-data.js';
import { expectNoAxeViolations, type Journey, loginCitizen, startJourney } from './harness.js';

describe('citizen session idle timeout', () => {
  let journey: Journey;
  beforeAll(async () => {
    journey = await startJourney({ env: { SESSION_CITIZEN_IDLE_SECONDS: '10' } });
  });
  afterAll(async () => {
    await journey?.close();
  });

  it('warns before the end, keeps the session alive on request, then logs out with a notice', async () => {
    const { page } = journey;
    await loginCitizen(journey, demoPerson('anna').personalNumber);
    const dialog = page.getByRole('alertdialog', { name: 'Du loggas snart ut' });
    await dialog.waitFor();
    await expectNoAxeViolations(page, 'idle warning dialog');

    const keepalive = page.waitForResponse((r) => r.url().endsWith('/api/auth/keepalive'));
    await dialog.getByRole('button', { name: 'Fortsätt vara inloggad' }).click();
    expect((await keepalive).status()).toBe(200);

    await page.getByText('Du har loggats ut eftersom du inte har gjort något').waitFor({ timeout: 20_000 });
    expect(new URL(page.url()).pathname).toBe('/');
    await page.goto('/profil');
    await page.waitForURL('**/logga-in?returnTo=%2Fprofil');
  });
});
