/**
 * Screenshots of the main patient pages on a phone (320 × 640, Chromium), in Swedish and
 * English, into docs/screenshots/phone/ — issue 19: "look at them — they are the product".
 * The real server in-process with the demo region (web/e2e/harness.ts), logged in as Anna
 * Lindqvist, Debian's Chromium with the journeys' flags.
 *
 *   npm run build && npx tsx scripts/screenshots-phone.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { CSRF_COOKIE, SESSION_COOKIE } from '../server/src/platform/auth.js';
import { demoPerson } from '../server/src/seed/demo-data.js';
import { startJourney } from '../web/e2e/harness.js';

const OUT = path.resolve(import.meta.dirname, '../docs/screenshots/phone');
const PAGES = [
  { name: 'hem', path: '/hem' },
  { name: 'boka', path: '/boka' },
  { name: 'bokningar', path: '/bokningar' },
  { name: 'meddelanden', path: '/meddelanden' },
  { name: 'meddelande-nytt', path: '/meddelanden/ny' },
  { name: 'mer', path: '/mer' },
];

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  const journey = await startJourney();
  try {
    const anna = await journey.ctx.db
      .selectFrom('persons')
      .select('id')
      .where('personal_number', '=', demoPerson('anna').personalNumber)
      .executeTakeFirstOrThrow();
    for (const lang of ['sv', 'en'] as const) {
      const { token, csrfToken } = await journey.ctx.sessions.create(journey.ctx.db, {
        kind: 'citizen',
        personId: anna.id,
        idleSeconds: 900,
      });
      const context = await journey.browser.newContext({
        baseURL: journey.baseUrl,
        locale: lang === 'sv' ? 'sv-SE' : 'en-GB',
        viewport: { width: 320, height: 640 },
        deviceScaleFactor: 1,
        isMobile: true,
        hasTouch: true,
      });
      await context.addInitScript((l) => localStorage.setItem('ingang.lang', l), lang);
      await context.addCookies([
        { name: SESSION_COOKIE, value: token, url: journey.baseUrl, httpOnly: true, sameSite: 'Lax' },
        { name: CSRF_COOKIE, value: csrfToken, url: journey.baseUrl, sameSite: 'Lax' },
      ]);
      const page = await context.newPage();
      for (const p of PAGES) {
        await page.goto(p.path);
        await page.locator('h1').first().waitFor();
        await page.waitForLoadState('networkidle');
        // Spinners gone: what a person sees once the page has loaded.
        await page
          .locator('.spinner')
          .first()
          .waitFor({ state: 'detached', timeout: 10_000 })
          .catch(() => undefined);
        const file = path.join(OUT, `${lang}-${p.name}.png`);
        // The first screen, as the phone shows it: a full-page capture draws the fixed tab bar in the
        // middle of the page (it stays where the first viewport ends), which no one ever sees.
        await page.screenshot({ path: file, fullPage: false });
        console.log(`wrote ${path.relative(process.cwd(), file)}`);
      }
      await context.close();
    }
  } finally {
    await journey.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
