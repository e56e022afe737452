/**
 * Journey: citizen support end to end. Anna (logged in) writes in the support chat and is shown
 * matching help-centre articles; Sam Stöd (first line) takes the case from the queue, answers with
 * a standard answer typed as `::hej` and escalates it with a note; Sigrid Sund (second line)
 * answers it from the escalated view and publishes an information post; Sam must read it before
 * taking the next case. Anna sees both answers in her chat. The dashboard counts the case (chart +
 * table) and drills down to it. A citizen not logged in writes from the start page's "Kontakta
 * support"; Sam answers and closes it, the answer arrives by e-mail in the dev mailbox, and the
 * mailed rating link rates it once without login. Sigrid edits a standard answer and writes an
 * English article (new versions, history, mark as reviewed); Sam can only read them. Waiting chats
 * are offered to Sam by push while he sits on the queue (announced in a live region), he declines
 * one and accepts the next when he comes back online. Axe on every page, 320 px reflow on the
 * citizen pages and the queue; the standard answer is chosen by keyboard.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPerson } from '../../server/src/seed/demo-data.js';
import { DEMO_SUPPORT } from '../../server/src/seed/demo-support.js';
import {
  expectNoAxeViolations,
  expectNoHorizontalScroll,
  type Journey,
  loginCitizen,
  staffPage,
  startJourney,
} from './harness.js';

const SUBJECT = 'Vilka får boka vaccin?';
const MESSAGE = 'Hej! Vilka åldersgrupper får boka vaccination nu?';
const ANSWER_2 = 'Alla som är 18 år eller äldre får boka nu. Välkommen!';

describe('citizen support: chat, standard answer, escalation, information post, dashboard, e-mail', () => {
  let journey: Journey;
  let anna: Page;
  let sam: Page;
  let sigrid: Page;
  let reference = '';

  beforeAll(async () => {
    journey = await startJourney({ env: { MAIL_EMBEDDED: 'true', SMTP_PORT: '0' } });
    anna = journey.page;
  });
  afterAll(async () => {
    await journey?.close();
  });

  it('Anna writes in the support chat and is shown matching articles (axe, 320 px)', async () => {
    await loginCitizen(journey, demoPerson('anna').personalNumber, anna);
    await anna.goto('/');
    await anna.getByRole('link', { name: 'Kontakta support' }).click();
    await anna.getByRole('heading', { level: 1, name: 'Kontakta support' }).waitFor();
    await anna.getByLabel('Rubrik').fill(SUBJECT);
    await anna.getByLabel('Ditt meddelande').fill(MESSAGE);
    await anna.getByLabel('Rubrik').focus();
    await anna.getByRole('link', { name: 'Vilka åldersgrupper får boka vaccination nu?' }).waitFor();
    await expectNoAxeViolations(anna, 'contact support (logged in)');
    await expectNoHorizontalScroll(anna, 'contact support (logged in)');
    await anna.getByRole('button', { name: 'Skicka' }).click();
    const heading = anna.getByRole('heading', { level: 1, name: /^Ärende S-/ });
    await heading.waitFor();
    reference = ((await heading.textContent()) ?? '').replace('Ärende ', '');
    await anna.getByText(MESSAGE).waitFor();
    await expectNoAxeViolations(anna, 'support chat');
    await expectNoHorizontalScroll(anna, 'support chat');
  });

  it('Sam (first line) takes the case, answers with ::hej by keyboard and escalates', async () => {
    sam = await staffPage(journey, 'Sam Stöd', '/support');
    await sam.getByRole('heading', { level: 1, name: 'Kö' }).waitFor();
    await sam.getByRole('link', { name: reference }).waitFor();
    await expectNoAxeViolations(sam, 'support queue');
    await expectNoHorizontalScroll(sam, 'support queue');
    await sam.getByRole('link', { name: reference }).click();
    await sam.getByRole('heading', { level: 1, name: `Ärende ${reference}` }).waitFor();
    const box = sam.getByLabel('Svar', { exact: true });
    await box.click();
    await box.pressSequentially('::he');
    const insert = sam.getByRole('button', { name: /Infoga ::hej/ });
    await insert.focus();
    await sam.keyboard.press('Enter');
    await expect.poll(() => box.inputValue()).toContain('Hej Anna!');
    await expectNoAxeViolations(sam, 'agent case with standard answer');
    await sam.getByRole('button', { name: 'Skicka', exact: true }).click();
    await sam.getByRole('status').filter({ hasText: 'Skickat.' }).waitFor();
    await sam.getByLabel('Anteckning till andra linjen').fill('Fråga om regionens prioriteringsordning.');
    await sam.getByRole('button', { name: 'Eskalera till andra linjen' }).click();
    await sam.getByText('Eskalerat: Fråga om regionens prioriteringsordning.').waitFor();
  });

  it('Sigrid (second line) answers from the escalated view and publishes an information post', async () => {
    sigrid = await staffPage(journey, 'Sigrid Sund', '/support');
    await sigrid.getByRole('heading', { level: 1, name: 'Kö' }).waitFor();
    await sigrid.getByRole('radio', { name: 'Eskalerade' }).check();
    await sigrid.getByRole('link', { name: reference }).click();
    await sigrid.getByLabel('Svar', { exact: true }).fill(ANSWER_2);
    await sigrid.getByLabel('Avsluta ärendet med svaret').check();
    await sigrid.getByRole('button', { name: 'Skicka', exact: true }).click();
    await sigrid.getByText('Avslutat', { exact: false }).first().waitFor();
    await expectNoAxeViolations(sigrid, 'second line case');

    await sigrid.getByRole('link', { name: 'Information' }).click();
    await sigrid.getByLabel('Rubrik').fill('Nya åldersgrupper från måndag');
    await sigrid
      .getByLabel('Text')
      .fill('Från måndag får även 16–17-åringar boka. Svara med artikeln "Vilka åldersgrupper".');
    await sigrid.getByRole('button', { name: 'Publicera' }).click();
    await sigrid.getByRole('heading', { level: 2, name: 'Nya åldersgrupper från måndag' }).waitFor();
    await sigrid.getByText('Sam Stöd: Oläst').waitFor();
    await expectNoAxeViolations(sigrid, 'information posts (second line)');
  });

  it('Sam must read the post before taking the next case; Sigrid sees it read', async () => {
    await sam.getByRole('link', { name: 'Kö' }).click();
    await sam.getByRole('heading', { level: 2, name: 'Ny information från andra linjen' }).waitFor();
    expect(await sam.getByRole('button', { name: 'Ta nästa ärende' }).isDisabled()).toBe(true);
    await expectNoAxeViolations(sam, 'queue with unread post');
    await sam.getByRole('button', { name: 'Jag har läst' }).click();
    await sam
      .getByRole('heading', { level: 2, name: 'Ny information från andra linjen' })
      .waitFor({ state: 'detached' });
    expect(await sam.getByRole('button', { name: 'Ta nästa ärende' }).isDisabled()).toBe(false);
    await sigrid.reload();
    await sigrid.getByText(/Sam Stöd: Läst/).waitFor();
  });

  it('Anna sees both answers and rates the closed case', async () => {
    await anna.reload();
    await anna.getByText(ANSWER_2).waitFor();
    await anna.getByText(/Hej Anna!/).waitFor();
    await anna.getByRole('heading', { level: 2, name: 'Hur nöjd är du med svaret?' }).waitFor();
    await expectNoAxeViolations(anna, 'closed chat with rating');
    await anna.getByRole('button', { name: 'Skicka betyg' }).click();
    await anna.getByText('Tack för ditt betyg (5 av 5).').waitFor();
  });

  it('the dashboard counts the case and drills down to it', async () => {
    await sigrid.getByRole('link', { name: 'Statistik' }).click();
    await sigrid.getByRole('heading', { level: 1, name: 'Statistik' }).waitFor();
    await sigrid.getByRole('img', { name: /Stapeldiagram: 1 ärenden/ }).waitFor();
    await sigrid.getByText('Snitt 5 av 5 (1 betyg)').waitFor();
    await expectNoAxeViolations(sigrid, 'dashboard');
    await sigrid.getByRole('button', { name: /Chatt: 1$/ }).click();
    await sigrid.getByRole('heading', { level: 2, name: 'Ärenden bakom siffran' }).waitFor();
    await sigrid.getByRole('link', { name: reference }).waitFor();
  });

  it('a citizen not logged in writes from the start page and gets the answer by e-mail', async () => {
    const guestContext = await journey.browser.newContext({
      baseURL: journey.baseUrl,
      locale: 'sv-SE',
      viewport: { width: 1024, height: 800 },
    });
    const guest = await guestContext.newPage();
    await guest.goto('/');
    await guest.getByRole('link', { name: 'Kontakta support' }).click();
    await guest.getByRole('heading', { level: 1, name: 'Kontakta support' }).waitFor();
    await expectNoAxeViolations(guest, 'public contact form');
    await expectNoHorizontalScroll(guest, 'public contact form');
    await guest.getByLabel('Ditt namn').fill('Greta Gäst');
    await guest.getByLabel('Din e-postadress').fill('greta@example.org');
    await guest.getByLabel('Rubrik').fill('Kan inte logga in');
    await guest.getByLabel('Ditt meddelande').fill('Jag har inget BankID. Hur gör jag?');
    await guest.getByRole('button', { name: 'Skicka' }).click();
    const done = guest.getByText(/Ditt ärendenummer är S-/);
    await done.waitFor();
    const guestRef = /S-[0-9A-F]{6}/.exec((await done.textContent()) ?? '')?.[0] ?? '';
    await expectNoAxeViolations(guest, 'public contact sent');

    await sam.goto('/support');
    await sam.getByRole('link', { name: guestRef }).click();
    await sam.getByLabel('Svar', { exact: true }).fill('Hej Greta! Du kan få hjälp i receptionen på din vårdcentral.');
    await sam.getByLabel('Avsluta ärendet med svaret').check();
    await sam.getByRole('button', { name: 'Skicka', exact: true }).click();
    await sam.getByText('Avslutat', { exact: false }).first().waitFor();
    // The rating link from the queued mail (read before the job runs: sent mail jobs are scrubbed).
    const mails = await journey.ctx.db.selectFrom('jobs').select('payload').where('kind', '=', 'mail.send').execute();
    const link = mails
      .map((m) => (typeof m.payload === 'string' ? JSON.parse(m.payload) : m.payload) as { to: string; text: string })
      .filter((m) => m.to === 'greta@example.org')
      .map((m) => /\/kontakt\/betyg\?t=\S+/.exec(m.text)?.[0])
      .find(Boolean);
    expect(link).toBeDefined();
    await journey.ctx.jobs.runDueJobs();

    await guest.goto('/dev/mail');
    await guest.getByText(`Re: Kan inte logga in [Ärende ${guestRef}]`).first().waitFor();
    await guest
      .getByText(/Hej Greta! Du kan få hjälp i receptionen/)
      .first()
      .waitFor();

    // The link works without login, once.
    await guest.goto(link as string);
    await guest.getByRole('heading', { level: 1, name: 'Betygsätt svaret' }).waitFor();
    await guest.getByText(`Ärende ${guestRef}: Kan inte logga in.`, { exact: false }).waitFor();
    await expectNoAxeViolations(guest, 'rating link');
    await expectNoHorizontalScroll(guest, 'rating link');
    await guest.getByLabel('Betyg').selectOption('4');
    await guest.getByRole('button', { name: 'Skicka betyg' }).click();
    await guest.getByText('Tack för ditt betyg!').waitFor();
    await guest.goto(link as string);
    await guest.getByText('Du har redan betygsatt det här svaret. Tack!').waitFor();
    await guestContext.close();
  });

  it('Sigrid edits a standard answer and writes an English article (versions, history, reviewed); Sam only reads', async () => {
    await sigrid.getByRole('link', { name: 'Kunskapsbank' }).click();
    await sigrid.getByRole('heading', { level: 1, name: 'Kunskapsbank och standardsvar' }).waitFor();
    const hej = sigrid.locator('li.knowledge-item').filter({ hasText: '::hej – Hälsning' });
    await hej.getByRole('button', { name: 'Redigera' }).click();
    const form = sigrid.getByRole('form', { name: 'Standardsvar' });
    await form.getByLabel('Text').fill('Hej {name}!\n\nTack för att du skriver till oss.');
    await form.getByRole('button', { name: 'Spara som ny version' }).click();
    await hej.getByText(/^Version 2 · senast granskad/).waitFor();
    await hej.getByRole('button', { name: 'Visa historik' }).click();
    await hej.getByText('Version 1', { exact: true }).waitFor();
    await hej.getByText('Version 2', { exact: true }).waitFor();
    await hej.getByRole('button', { name: 'Markera som granskad' }).click();
    await expectNoAxeViolations(sigrid, 'knowledge (second line)');

    await sigrid.getByRole('button', { name: 'Ny artikel' }).click();
    const article = sigrid.getByRole('form', { name: 'Artikel' });
    await article.getByLabel('Adress (slug)').fill('oppettider');
    await article.getByLabel('Språk').selectOption('en');
    await article.getByLabel('Rubrik').fill('Opening hours');
    await article.getByLabel('Text').fill('Citizen support is open weekdays 08–19 and weekends 08–15.');
    await article.getByRole('button', { name: 'Spara som ny version' }).click();
    await sigrid.getByRole('heading', { name: 'Opening hours (en, publicerad)' }).waitFor();

    await sam.goto('/support/kunskap');
    await sam.getByRole('heading', { level: 1, name: 'Kunskapsbank och standardsvar' }).waitFor();
    await sam.getByText('Andra linjen skriver och ändrar dem.', { exact: false }).waitFor();
    await sam.getByRole('heading', { name: 'Opening hours (en, publicerad)' }).waitFor();
    expect(await sam.getByRole('button', { name: 'Redigera' }).count()).toBe(0);
    expect(await sam.getByRole('button', { name: 'Ny artikel' }).count()).toBe(0);
    await expectNoAxeViolations(sam, 'knowledge (first line, read only)');
  });

  it('Sam is offered a chat by push, declines it, and accepts the next when he comes back (live region, axe, 320 px)', async () => {
    // Set-up: the demo starts every agent available; the other first-line agents are away.
    await journey.ctx.db
      .updateTable('support_agents')
      .set({ available: false })
      .where('staff_id', 'in', [DEMO_SUPPORT.firstB, DEMO_SUPPORT.firstC])
      .execute();
    await sam.goto('/support');
    await sam.getByRole('heading', { level: 1, name: 'Kö' }).waitFor();
    // The box shows the server's state (it changes when the saved state comes back): click, then wait.
    const available = sam.getByLabel('Tillgänglig för nya chattar');
    const setAvailable = async (on: boolean) => {
      if ((await available.isChecked()) !== on) await available.click();
      await expect.poll(() => available.isChecked()).toBe(on);
    };
    await setAvailable(true);
    const status = sam.getByRole('status').filter({ hasText: /erbjuds dig/ });

    const write = async (subject: string) => {
      await anna.goto('/kontakta-support');
      await anna.getByLabel('Rubrik').fill(subject);
      await anna.getByLabel('Ditt meddelande').fill('Hej! Jag har en fråga om min bokning.');
      await anna.getByRole('button', { name: 'Skicka' }).click();
      await anna.getByRole('heading', { level: 1, name: /^Ärende S-/ }).waitFor();
    };
    // Sam stays on the queue; the offer arrives without a reload (the fallback poll is 15 s).
    await write('Erbjuden fråga ett');
    await status.filter({ hasText: 'Ett ärende erbjuds dig: Erbjuden fråga ett.' }).waitFor({ timeout: 10_000 });
    await sam.getByRole('heading', { level: 2, name: 'Erbjudna ärenden' }).waitFor();
    // The real accept timeout (the default 120 s), not "a few minutes".
    await sam.getByText('Svara inom 2 minuter, annars går ärendet vidare').waitFor();
    await expectNoAxeViolations(sam, 'queue with an offer');
    await expectNoHorizontalScroll(sam, 'queue with an offer');
    await sam.getByRole('button', { name: /^Avböj/ }).click();
    await sam.getByRole('heading', { level: 2, name: 'Erbjudna ärenden' }).waitFor({ state: 'detached' });

    // Away while the next chat comes in; back online, he is offered it (never the declined one).
    await setAvailable(false);
    await write('Erbjuden fråga två');
    await setAvailable(true);
    await status.filter({ hasText: 'Ett ärende erbjuds dig: Erbjuden fråga två.' }).waitFor();
    expect(await sam.getByRole('button', { name: /^Acceptera/ }).count()).toBe(1);
    await sam.getByRole('button', { name: /^Acceptera/ }).click();
    await sam.getByRole('heading', { level: 1, name: /^Ärende S-/ }).waitFor();
    await sam.getByText('Hej! Jag har en fråga om min bokning.').waitFor();
  });
});
