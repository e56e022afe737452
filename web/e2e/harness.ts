/**
 * Browser journeys: the real server in-process (in-memory PGlite, demo region
 * seeded, serving the BUILT bundle in web/dist) and Debian's Chromium driven by
 * playwright-core. One journey per test file; `close()` tears both down.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { type BuiltApp, buildApp } from '../../server/src/app.js';
import { loadConfig } from '../../server/src/config.js';
import { seedDemo } from '../../server/src/seed/demo.js';

const require = createRequire(import.meta.url);
// WEB_DIST lets parallel work build into its own folder (`vite build --outDir …`).
const WEB_DIST = path.resolve(process.env.WEB_DIST ?? path.join(import.meta.dirname, '../dist'));

export interface Journey extends BuiltApp {
  baseUrl: string;
  browser: Browser;
  /** One browser context (shared cookies) for the journey; open more pages with `context.newPage()`. */
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** Chromium's flags for every journey (journeys that start their own servers launch with these too). */
export const BROWSER_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A Stockholm date `days` from now (YYYY-MM-DD). The demo timebook holds weekday times from today
 * on, so a journey that acts on a time minutes after choosing it (confirms, books, cancels) searches
 * from a few days ahead: the first free time today may start, or pass its cut-off, meanwhile.
 */
export function stockholmDatePlus(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm' });
}

/**
 * On "Boka tid": searches the free times of `what` from three days ahead (to 24 days). The
 * default window starts now, and its first free time may start within minutes (any weekday in
 * working hours), before the journey has booked it.
 */
export async function searchTimesAhead(page: Page, what: string): Promise<void> {
  await page.getByLabel('Vad vill du boka?').selectOption({ label: what });
  await page.getByLabel('Till och med').fill(stockholmDatePlus(24));
  await page.getByLabel('Från och med').fill(stockholmDatePlus(3));
  await page.getByRole('button', { name: 'Sök lediga tider' }).click();
}

/** Starts server + browser. Throws a clear message when the web bundle has not been built. */
export async function startJourney(
  options: {
    env?: Record<string, string> /** Extra Chromium flags, e.g. fake media devices. */;
    browserArgs?: string[];
  } = {},
): Promise<Journey> {
  if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) {
    throw new Error(
      `The web bundle is missing (${WEB_DIST}/index.html). Run \`npm run build --workspace web\` first (\`npm run test:e2e\` does it for you).`,
    );
  }
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const config = loadConfig({
    NODE_ENV: 'test',
    DB_IN_MEMORY: 'true',
    PUBLIC_URL: baseUrl,
    PORT: String(port),
    MAIL_EMBEDDED: 'false',
    SEED_DEMO: 'true',
    WEB_DIST,
    ...options.env,
  });
  const built = await buildApp(config);
  await seedDemo(built.ctx.db, built.ctx.clock);
  await built.app.listen({ host: '127.0.0.1', port });

  let browser: Browser;
  try {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [...BROWSER_FLAGS, ...(options.browserArgs ?? [])],
    });
  } catch (error) {
    await built.app.close();
    throw new Error(
      `Could not start Chromium (${process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'}). Install it with \`apt-get install -y chromium\` or set CHROMIUM_PATH.\n${String(error)}`,
    );
  }
  const context = await browser.newContext({
    baseURL: baseUrl,
    locale: 'sv-SE',
    viewport: { width: 1024, height: 800 },
  });
  const page = await context.newPage();
  return {
    ...built,
    baseUrl,
    browser,
    context,
    page,
    async close() {
      await browser.close();
      await built.app.close();
    },
  };
}

/**
 * A fresh browser context (own cookies) for a staff member, logged in through the IdP's demo
 * picker and back on `path`. The IdP's pages forbid all scripts by CSP; bypassing it lets axe run
 * there too. The context closes with the journey's browser.
 */
export async function staffPage(
  journey: Pick<Journey, 'browser' | 'baseUrl'>,
  name: string,
  path: string,
): Promise<Page> {
  const context = await journey.browser.newContext({
    baseURL: journey.baseUrl,
    locale: 'sv-SE',
    viewport: { width: 1024, height: 800 },
    bypassCSP: true,
  });
  const page = await context.newPage();
  await page.goto(path);
  await page.getByRole('link', { name: 'Logga in', exact: true }).click();
  await page.getByRole('button', { name: new RegExp(`^${name}`) }).click();
  await page.waitForURL(`**${path}`);
  return page;
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

let axeCode: string | undefined;
function axeSource(): string {
  axeCode ??= fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  return axeCode;
}

/** Runs axe-core (WCAG 2.0/2.1 A and AA rules) on the page and throws listing every violation. */
export async function expectNoAxeViolations(page: Page, label = page.url()): Promise<void> {
  const hasAxe = await page.evaluate(() => 'axe' in window);
  // Evaluated through the DevTools protocol rather than added as a <script>: the app's strict CSP
  // (no inline script) refuses an injected script tag, and the journeys test the app under it.
  if (!hasAxe) await page.evaluate(axeSource());
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: unknown[] }> } })
      .axe;
    const result = await axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] });
    return result.violations;
  });
  const list = violations as AxeViolation[];
  if (list.length > 0) {
    const text = list
      .map(
        (v) =>
          `- ${v.id} (${v.impact}): ${v.help}\n${v.nodes
            .slice(0, 5)
            .map((n) => `    at ${JSON.stringify(n.target)}: ${n.failureSummary ?? ''}`.replaceAll('\n', ' '))
            .join('\n')}`,
      )
      .join('\n');
    throw new Error(`axe found ${list.length} accessibility violation(s) on ${label}:\n${text}`);
  }
}

/** Resizes to 320 × 640 and fails if the page scrolls sideways (WCAG 1.4.10 reflow). Restores the size after. */
export async function expectNoHorizontalScroll(page: Page, label = page.url()): Promise<void> {
  const before = page.viewportSize();
  await page.setViewportSize({ width: 320, height: 640 });
  try {
    // Let layout settle after the resize.
    await page.waitForTimeout(100);
    const { scrollWidth, offenders } = await page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const wide = [...document.querySelectorAll<HTMLElement>('body *')]
        .filter((el) => el.getBoundingClientRect().right > width + 1)
        .slice(0, 5)
        .map(
          (el) => `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(' ').join('.')}` : ''}`,
        );
      return { scrollWidth: document.documentElement.scrollWidth, offenders: wide };
    });
    if (scrollWidth > 320) {
      throw new Error(
        `${label} scrolls sideways at 320 px (scrollWidth ${scrollWidth}); too wide: ${offenders.join(', ')}`,
      );
    }
  } finally {
    if (before) await page.setViewportSize(before);
  }
}

/**
 * Logs a citizen in through the real UI: BankID login page in `page`, the
 * simulator in a second tab of the same context. Resolves when the profile shows.
 */
export async function loginCitizen(journey: Journey, personalNumber: string, page = journey.page): Promise<void> {
  await page.goto('/logga-in');
  const open = page.getByRole('link', { name: 'Öppna BankID på den här enheten' });
  await open.waitFor();
  const href = await open.getAttribute('href');
  const simulator = await journey.context.newPage();
  await simulator.goto(href ?? '/dev/bankid');
  await simulator.getByLabel('Personnummer').fill(personalNumber);
  await simulator.getByRole('button', { name: 'Godkänn' }).first().click();
  await simulator.getByText('Godkänd.').waitFor();
  await simulator.close();
  await page.waitForURL('**/hem');
}
