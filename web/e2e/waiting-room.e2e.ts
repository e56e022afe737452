/**
 * Journey (issue 15): Rebecka (region admin) schedules a covid-19 release with
 * a prequeue. Margit, in another browser, tries to log in, is sent to the
 * queue and waits in the prequeue (the draw's commitment shown); Rebecka
 * releases; Margit is admitted, logs in with BankID and books. Axe on the
 * admin list, the dashboard, the queue page and the release weather; 320 px
 * on the queue page. Last, Rebecka opens an app-wide room by free places whose
 * places follow the servers' load, and switches that off from the dashboard.
 */
import { stockholmWallClock } from '@ingang/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPerson } from '../../server/src/seed/demo-data.js';
import {
  expectNoAxeViolations,
  expectNoHorizontalScroll,
  type Journey,
  searchTimesAhead,
  staffPage,
  startJourney,
} from './harness.js';

describe('waiting room: a scheduled release with a prequeue, then login and booking', () => {
  let journey: Journey;
  let admin: Awaited<ReturnType<typeof staffPage>>;
  beforeAll(async () => {
    // The load raise of the proof of work is tested in the integration tests; here a busy test machine
    // must not change the difficulty Rebecka sets.
    journey = await startJourney({ env: { WAITING_ROOM_POW_LOAD_BITS: '0' } });
  });
  afterAll(async () => {
    await journey?.close();
  });

  it('Rebecka schedules a covid-19 release with a 15-minute prequeue', async () => {
    admin = await staffPage(journey, 'Rebecka', '/admin/ko');
    await admin.getByRole('heading', { level: 1, name: 'Kö framför inloggning och bokning' }).waitFor();
    await admin.getByText('Ingen kö är öppen eller schemalagd.').waitFor();
    await expectNoAxeViolations(admin, 'queue admin');
    await admin.getByLabel('Tidstyp', { exact: true }).selectOption({ label: 'Covid-19 vaccination' });
    await admin.getByLabel('Personer per minut', { exact: true }).fill('600');
    const { date, time } = stockholmWallClock(new Date(Date.now() + 10 * 60_000));
    await admin.getByLabel('Släppdatum', { exact: true }).fill(date);
    await admin.getByLabel('Släpptid', { exact: true }).fill(time);
    await admin.getByLabel('Förkön öppnar så många minuter före', { exact: true }).fill('15');
    await admin.getByRole('button', { name: 'Schemalägg släppet' }).click();
    await admin.getByText('Kön är skapad.').waitFor();
    await admin.getByRole('link', { name: 'Visa översikt', exact: true }).click();
    await admin.getByRole('heading', { level: 1, name: 'Kööversikt' }).waitFor();
    await admin.getByText('Förkö', { exact: true }).waitFor();
    await expectNoAxeViolations(admin, 'queue dashboard');
  });

  it("Rebecka sets the room's proof of work from the dashboard: a wrong value is named at its field, a right one applies at once", async () => {
    await admin.getByText('I jämn takt', { exact: true }).waitFor();
    const pow = admin.getByLabel('Arbetsbevis per ny köplats (nollbitar, 0–24)', { exact: true });
    await pow.fill('30');
    // Keyboard only: Enter in the field sends the form.
    await pow.press('Enter');
    await admin.getByText('Ange ett heltal från 0 till 24').first().waitFor();
    expect(await pow.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await pow.getAttribute('aria-describedby')) ?? '';
    expect(describedBy).toContain('wr-pow-error');
    expect(await admin.locator('#wr-pow-error').textContent()).toContain('Ange ett heltal från 0 till 24');
    await expectNoAxeViolations(admin, 'queue dashboard with a field error');
    await pow.fill('10');
    await pow.press('Enter');
    await admin.getByText('Ändringen gäller nu på alla servrar.').waitFor();
    await admin.getByText('10 nollbitar', { exact: true }).waitFor();
    await admin.setViewportSize({ width: 320, height: 700 });
    await expectNoHorizontalScroll(admin, 'queue dashboard at 320 px');
    await admin.setViewportSize({ width: 1024, height: 800 });
  });

  it('Margit tries to log in, is sent to the queue, pays the proof of work and waits in the prequeue', async () => {
    const { page } = journey;
    // A new place costs a solved proof of work, with one request of its own: the room's (cacheable)
    // answer carries this minute's prefix; the page solves it in a Web Worker and joins with it.
    const requests: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/queue/')) requests.push(`${r.method()} ${new URL(r.url()).pathname}`);
    });
    const roomRead = page.waitForResponse((r) => /\/api\/queue\/rooms\/[^/]+$/.test(r.url()));
    const joined = page.waitForResponse((r) => /\/join$/.test(r.url()) && r.status() === 200);
    await page.goto('/logga-in');
    await page.waitForURL('**/ko/**');
    const room = await roomRead;
    expect(room.status()).toBe(200);
    // The difficulty Rebecka set for this room.
    const pow = ((await room.json()) as { data: { pow: { prefix: string; bits: number } } }).data.pow;
    expect(pow.bits).toBe(10);
    const proof = (await joined).request().postDataJSON() as {
      challenge: string;
      clientNonce: string;
      solution: string;
    };
    expect(proof.challenge).toBe(pow.prefix);
    expect(proof.clientNonce).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
    expect(proof.solution).toMatch(/^[0-9a-z]+$/);
    // No challenge request, and one join.
    expect(requests.filter((r) => r.endsWith('/challenge'))).toEqual([]);
    expect(requests.filter((r) => r.endsWith('/join'))).toHaveLength(1);
    await page.getByRole('heading', { level: 1, name: 'Du står i förkön' }).waitFor();
    await page.getByText(/Släppet sker .*Då lottas ordningen/).waitFor();
    const commitment = await page.locator('.queue-hash').first().textContent();
    expect(commitment).toMatch(/^[0-9a-f]{64}$/);
    await expectNoAxeViolations(page, 'queue page (prequeue)');
    await page.setViewportSize({ width: 320, height: 700 });
    await expectNoHorizontalScroll(page, 'queue page at 320 px');
    await page.setViewportSize({ width: 1024, height: 800 });
    // No BankID order was started while she waited.
    expect(await journey.ctx.db.selectFrom('bankid_orders').select('order_ref').execute()).toHaveLength(0);
  });

  it('Rebecka releases; Margit is admitted, logs in with BankID and books', async () => {
    const { page } = journey;
    await admin.getByRole('button', { name: 'Släpp nu' }).click();
    await admin.getByText('Ändringen gäller nu på alla servrar.').waitFor();

    // Ten minutes before the release the prequeue asks only once a minute; a phone that wakes up
    // (the page becomes visible again) asks at once.
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await page.getByRole('heading', { level: 1, name: 'Det är din tur' }).waitFor({ timeout: 20_000 });
    await page.waitForURL('**/logga-in');
    const open = page.getByRole('link', { name: 'Öppna BankID på den här enheten' });
    await open.waitFor();
    const simulator = await journey.context.newPage();
    await simulator.goto((await open.getAttribute('href')) ?? '/dev/bankid');
    await simulator.getByLabel('Personnummer').fill(demoPerson('margit').personalNumber);
    await simulator.getByRole('button', { name: 'Godkänn' }).first().click();
    await simulator.getByText('Godkänd.').waitFor();
    await simulator.close();
    await page.waitForURL('**/hem');

    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Boka tid' }).click();
    await searchTimesAhead(page, 'Covid-19 vaccination');
    await page.getByTestId('slot').first().getByRole('button').click();
    await page.getByRole('heading', { level: 1, name: 'Bekräfta bokningen' }).waitFor();
    await page
      .getByRole('group', { name: 'Har du någon gång fått en svår allergisk reaktion?' })
      .getByLabel('Nej')
      .check();
    // "Har du feber i dag?" is asked only for a time today (issue 19): none from three days ahead.
    expect(await page.getByRole('group', { name: 'Har du feber i dag?' }).count()).toBe(0);
    await page.getByRole('group', { name: 'Tar du blodförtunnande läkemedel?' }).getByLabel('Nej').check();
    await page.getByRole('group', { name: 'Är du gravid?' }).getByLabel('Inte aktuellt').check();
    await page.getByRole('button', { name: 'Boka tiden' }).click();
    await page.waitForURL('**/bokningar');
    await page.getByText('Tiden är bokad').waitFor();

    const room = await journey.ctx.db.selectFrom('waiting_rooms').selectAll().executeTakeFirstOrThrow();
    expect(room.prequeue_count).toBe(1);
  });

  it('the release weather shows the queue and free places without login', async () => {
    const { page } = journey;
    const type = await journey.ctx.db
      .selectFrom('time_types')
      .select('id')
      .where('name_sv', '=', 'Covid-19 vaccination')
      .executeTakeFirstOrThrow();
    await page.goto(`/slapp/${type.id}`);
    await page.getByRole('heading', { level: 1, name: 'Släppinformation: Covid-19 vaccination' }).waitFor();
    await page.getByRole('heading', { name: 'Lediga tider per område' }).waitFor();
    await page.getByText(/i kön\. Beräknad väntetid/).waitFor();
    await expectNoAxeViolations(page, 'release weather');
  });

  it('in a room with a fixed pace the queue page goes on by itself when the turn is due, without asking again', async () => {
    await admin.goto('/admin/ko');
    await admin.getByRole('heading', { level: 1, name: 'Kö framför inloggning och bokning' }).waitFor();
    await admin.getByLabel('Hela appen (inloggning och all bokning)', { exact: true }).check();
    await admin.getByLabel('I jämn takt (personer per minut)', { exact: true }).check();
    // Three a minute: the first place comes up twenty seconds after opening (time enough to join first
    // on a slow machine).
    await admin.getByLabel('Personer per minut', { exact: true }).fill('3');
    await admin.getByLabel('Öppna nu', { exact: true }).check();
    await admin.getByRole('button', { name: 'Öppna kön' }).click();
    await admin.getByText('Kön är skapad.').waitFor();

    // Someone new, in a browser of their own.
    const context = await journey.browser.newContext({ baseURL: journey.baseUrl, locale: 'sv-SE' });
    const page = await context.newPage();
    const statusPolls: string[] = [];
    page.on('request', (r) => {
      if (/\/api\/queue\/rooms\/[^/]+\/status$/.test(new URL(r.url()).pathname)) statusPolls.push(r.url());
    });
    const joined = page.waitForResponse((r) => /\/join$/.test(r.url()) && r.status() === 200);
    await page.goto('/logga-in');
    await page.waitForURL('**/ko/**');
    const standing = (await (await joined).json()) as { phase: string; dueAt: string | null; etaSeconds: number };
    expect(standing.phase).toBe('waiting');
    // The rate is fixed, so the estimate is exact and the answer says when the turn is due.
    expect(standing.dueAt).not.toBeNull();
    await page.getByRole('heading', { level: 1, name: 'Du står i kön' }).waitFor();
    await page.getByRole('heading', { level: 1, name: 'Det är din tur' }).waitFor({ timeout: 45_000 });
    await page.waitForURL('**/logga-in');
    // The gate lets the due ticket through on the BankID start itself.
    await page.getByRole('link', { name: 'Öppna BankID på den här enheten' }).waitFor();
    expect(statusPolls).toEqual([]);
    await context.close();

    const room = await journey.ctx.db
      .selectFrom('waiting_rooms')
      .select('id')
      .where('scope', '=', 'app')
      .where('ended_at', 'is', null)
      .executeTakeFirstOrThrow();
    await admin.goto(`/admin/ko/${room.id}`);
    await admin.getByRole('button', { name: 'Stäng kön' }).click();
    await admin.getByText('Kön är stängd.').waitFor();
  });

  it("Rebecka opens a room by free places that follow the servers' load; the dashboard shows the ceiling and switches it off", async () => {
    await admin.goto('/admin/ko');
    await admin.getByRole('heading', { level: 1, name: 'Kö framför inloggning och bokning' }).waitFor();
    await admin.getByLabel('Hela appen (inloggning och all bokning)', { exact: true }).check();
    await admin.getByLabel('Efter lediga platser (så många inne samtidigt)', { exact: true }).check();
    await admin.getByLabel('Platser inne samtidigt', { exact: true }).fill('20');
    // The load switch is offered in capacity mode too, with its own words.
    await admin.getByLabel('Anpassa antalet platser efter serverns belastning', { exact: true }).check();
    await admin.getByLabel('Öppna nu', { exact: true }).check();
    await admin.getByRole('button', { name: 'Öppna kön' }).click();
    await admin.getByText('Kön är skapad.').waitFor();
    const room = await journey.ctx.db
      .selectFrom('waiting_rooms')
      .select(['id', 'pace_auto'])
      .where('scope', '=', 'app')
      .where('ended_at', 'is', null)
      .executeTakeFirstOrThrow();
    expect(room.pace_auto).toBe(true);
    await admin.goto(`/admin/ko/${room.id}`);
    await admin.getByRole('heading', { level: 1, name: 'Kööversikt' }).waitFor();
    // Inside now / places: the places now (the machine's own load may already have cut them), at most 20.
    await admin.getByText(/^0 \/ \d+ \(efter belastning, högst 20\)$/).waitFor();
    const auto = admin.getByLabel('Anpassa antalet platser efter serverns belastning', { exact: true });
    expect(await auto.isChecked()).toBe(true);
    await admin.getByLabel('Högsta antal platser inne samtidigt', { exact: true }).waitFor();
    await expectNoAxeViolations(admin, 'queue dashboard, capacity following load');
    await auto.uncheck();
    await admin.getByRole('button', { name: 'Spara ändringar' }).click();
    await admin.getByText('Ändringen gäller nu på alla servrar.').waitFor();
    await admin.getByText('0 / 20', { exact: true }).waitFor();
    await admin.getByLabel('Platser inne samtidigt', { exact: true }).waitFor();
  });
});
