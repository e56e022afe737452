/**
 * Journey: secure messages in two browsers at once. Nadia Nyström (nurse at
 * Solberga vårdcentral) keeps the unit inbox open in one browser context;
 * Anna (listed at Solberga) in another writes a new message with a picture
 * (a PNG made here), sees its upload finish and sends it. Without reloading,
 * Nadia's inbox shows the new conversation; she opens it, sees the picture
 * (loaded through the authorised URL), writes an internal note and an answer.
 * Without reloading, Anna sees the answer arrive (announced politely), her
 * own message marked "Läst", and never the internal note. Axe on every page
 * and state in both contexts; 320 px reflow on the list, the form, both
 * conversation views and the inbox; keyboard: the answer is sent with Enter
 * on the focused button and focus stays in the text box.
 */
import { sql } from 'kysely';
import type { BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_UNITS, demoPerson } from '../../server/src/seed/demo-data.js';
import {
  expectNoAxeViolations,
  expectNoHorizontalScroll,
  type Journey,
  loginCitizen,
  startJourney,
} from './harness.js';

const SUBJECT = 'Utslag på armen';
const FIRST = 'Hej! Jag har fått röda prickar på armen sedan i går. Bild bifogad.';
const NOTE = 'Intern: be om en bild till om en vecka.';
const ANSWER = 'Hej Anna! Det ser ut som ett vanligt eksem. Smörj med mjukgörande kräm två gånger om dagen.';

describe('a patient sends a picture, the unit answers, both live', () => {
  let journey: Journey;
  let anna: Page;
  let nadia: Page;
  let nadiaContext: BrowserContext;
  let png: Buffer;

  beforeAll(async () => {
    journey = await startJourney();
    // The journey needs Solberga to let patients start conversations; make sure, whatever the demo seeds.
    await sql`
      insert into messaging_settings (unit_id, patient_mode, target_working_days, updated_at)
      values (${DEMO_UNITS.vcSolberga}, 'start', 2, now())
      on conflict (unit_id) do update set patient_mode = 'start'
    `.execute(journey.ctx.db);
    png = await sharp({ create: { width: 96, height: 64, channels: 3, background: '#c0392b' } })
      .png()
      .toBuffer();

    anna = journey.page;
    nadiaContext = await journey.browser.newContext({
      baseURL: journey.baseUrl,
      locale: 'sv-SE',
      viewport: { width: 1024, height: 800 },
      // The IdP's pages forbid scripts by CSP; bypass it so the login works as in the staff journeys.
      bypassCSP: true,
    });
    nadia = await nadiaContext.newPage();
  });
  afterAll(async () => {
    await nadiaContext?.close();
    await journey?.close();
  });

  it('Nadia logs in and opens the unit inbox (axe, 320 px)', async () => {
    await nadia.goto('/staff/inkorg');
    await nadia.getByRole('link', { name: 'Logga in', exact: true }).click();
    await nadia.getByRole('button', { name: /^Nadia Nyström/ }).click();
    await nadia.waitForURL('**/staff/inkorg');
    await nadia.getByRole('heading', { level: 1, name: 'Inkorg' }).waitFor();
    await nadia.getByTestId('inbox-summary').waitFor();
    await expectNoAxeViolations(nadia, 'staff inbox');
    await expectNoHorizontalScroll(nadia, 'staff inbox');
  });

  it('Anna opens Meddelanden and the new-message form (axe, 320 px)', async () => {
    await loginCitizen(journey, demoPerson('anna').personalNumber, anna);
    await anna.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Meddelanden' }).click();
    await anna.getByRole('heading', { level: 1, name: 'Meddelanden' }).waitFor();
    await anna.getByRole('heading', { level: 2, name: 'Aviseringar på den här enheten' }).waitFor();
    await expectNoAxeViolations(anna, 'patient messages list');
    await expectNoHorizontalScroll(anna, 'patient messages list');

    await anna.getByRole('link', { name: 'Skriv nytt meddelande' }).click();
    await anna.getByRole('heading', { level: 1, name: 'Skriv nytt meddelande' }).waitFor();
    // One unit is named; several are offered as choices.
    const choice = anna.getByRole('radio', { name: 'Solberga vårdcentral' });
    await anna
      .getByText(/Solberga vårdcentral/)
      .first()
      .waitFor();
    if (await choice.count()) await choice.check();
    await anna.getByLabel('Rubrik').waitFor();
    await expectNoAxeViolations(anna, 'new message form');
    await expectNoHorizontalScroll(anna, 'new message form');
  });

  it('sending without a heading or text names the fields in an error summary', async () => {
    await anna.getByRole('button', { name: 'Skicka', exact: true }).click();
    const summary = anna.locator('.error-summary');
    await summary.getByText('Skriv en rubrik.').waitFor();
    await summary.getByText('Skriv ett meddelande eller bifoga en bild eller fil.').waitFor();
    expect(await anna.getByLabel('Rubrik').getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations(anna, 'new message form with errors');
  });

  it('Anna attaches a picture, sees the upload finish and sends the message', async () => {
    const topics = anna.getByRole('group', { name: 'Vad gäller det?' }).getByRole('radio');
    if (await topics.count()) await topics.first().check();
    await anna.getByLabel('Rubrik').fill(SUBJECT);
    await anna.getByRole('textbox', { name: 'Ditt meddelande' }).fill(FIRST);
    await anna.getByTestId('composer-file').setInputFiles({ name: 'arm.png', mimeType: 'image/png', buffer: png });
    const attached = anna.getByTestId('composer-attachment');
    await attached.getByText('Uppladdad.').waitFor();
    // The preview is loaded through the authorised URL and really decodes.
    const thumb = attached.getByRole('img', { name: 'Bifogad bild: arm.png' });
    await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    await expectNoAxeViolations(anna, 'new message with an uploaded picture');

    await anna.getByRole('button', { name: 'Skicka', exact: true }).click();
    await anna.waitForURL(/\/meddelanden\/[0-9a-f-]{36}$/);
    await anna.getByRole('heading', { level: 1, name: SUBJECT }).waitFor();
    await anna.getByText('Ditt meddelande är skickat').waitFor();
    const mine = anna.getByTestId('message').filter({ hasText: FIRST });
    await mine.getByText('Skickat').waitFor();
    await expect
      .poll(() =>
        mine.getByRole('img', { name: 'Bifogad bild: arm.png' }).evaluate((i: HTMLImageElement) => i.naturalWidth),
      )
      .toBeGreaterThan(0);
    await expectNoAxeViolations(anna, 'patient conversation after sending');
    await expectNoHorizontalScroll(anna, 'patient conversation');
  });

  it('the conversation appears in Nadia’s open inbox without a reload', async () => {
    const card = nadia.getByTestId('inbox-conversation').filter({ hasText: SUBJECT });
    await expect.poll(() => card.count(), { timeout: 20_000 }).toBe(1);
    await card.getByText('Anna Lindqvist').waitFor();
    await card.getByTestId('inbox-unread').getByText('1 oläst').waitFor();
    await expectNoAxeViolations(nadia, 'staff inbox with a new conversation');
  });

  it('Nadia opens it, sees the picture, takes it and writes an internal note and an answer', async () => {
    await nadia.getByRole('link', { name: SUBJECT }).click();
    await nadia.getByRole('heading', { level: 1, name: SUBJECT }).waitFor();
    const patientMessage = nadia.getByTestId('message').filter({ hasText: FIRST });
    await expect
      .poll(() =>
        patientMessage
          .getByRole('img', { name: 'Bifogad bild: arm.png' })
          .evaluate((i: HTMLImageElement) => i.naturalWidth),
      )
      .toBeGreaterThan(0);
    await expectNoAxeViolations(nadia, 'staff conversation');
    await expectNoHorizontalScroll(nadia, 'staff conversation');

    // Taking it shows her as the handler at once (the select used to keep saying "Ingen").
    const handler = nadia.getByRole('combobox', { name: 'Handläggare' });
    const shown = () => handler.evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent ?? '');
    expect(await shown()).toBe('Ingen');
    await nadia.getByRole('button', { name: 'Ta konversationen' }).click();
    await nadia.getByText('Du har tagit konversationen.').waitFor();
    await expect.poll(shown).toMatch(/^Nadia Nyström.*\(du\)$/);

    await nadia.getByRole('radio', { name: 'Intern anteckning (syns inte för patienten)' }).check();
    await nadia.getByRole('textbox', { name: 'Intern anteckning', exact: true }).fill(NOTE);
    await nadia.getByRole('button', { name: 'Spara anteckning' }).click();
    const note = nadia.getByTestId('message').filter({ hasText: NOTE });
    await note.getByText('Intern anteckning – syns inte för patienten').waitFor();

    await nadia.getByRole('radio', { name: 'Svar till patienten' }).check();
    const answerBox = nadia.getByRole('textbox', { name: 'Svar till patienten', exact: true });
    await answerBox.fill(ANSWER);
    // Keyboard: focus the send button and press Enter; focus returns to the emptied text box.
    await nadia.getByRole('button', { name: 'Skicka svar' }).focus();
    await nadia.keyboard.press('Enter');
    await nadia.getByText('Svaret är skickat.').waitFor();
    await nadia.getByTestId('message').filter({ hasText: ANSWER }).waitFor();
    expect(await answerBox.inputValue()).toBe('');
    expect(await answerBox.evaluate((el) => el === document.activeElement)).toBe(true);
    await expectNoAxeViolations(nadia, 'staff conversation after answering');
  });

  it('Anna sees the answer and the read mark appear live, and never the internal note', async () => {
    const answer = anna.getByTestId('message').filter({ hasText: ANSWER });
    await answer.waitFor({ timeout: 20_000 });
    await expect.poll(() => anna.getByTestId('live-announcement').textContent()).toContain('Nytt meddelande från');
    const mine = anna.getByTestId('message').filter({ hasText: FIRST });
    await mine.getByTestId('message-read').waitFor({ timeout: 20_000 });
    // …and Nadia sees her answer marked read, also without a reload.
    await nadia
      .getByTestId('message')
      .filter({ hasText: ANSWER })
      .getByTestId('message-read')
      .waitFor({ timeout: 20_000 });
    expect(await anna.getByText(NOTE).count()).toBe(0);
    expect(await anna.locator('main').textContent()).not.toContain('Intern anteckning');
    await expectNoAxeViolations(anna, 'patient conversation with the answer');
    await expectNoHorizontalScroll(anna, 'patient conversation with the answer');
  });

  it('after the connection drops, a message sent meanwhile arrives exactly once (resume from the last seq)', async () => {
    const conversationId = anna.url().split('/').pop() ?? '';
    // Cut every open socket on the server side; both browsers reconnect with backoff.
    for (const socket of journey.app.websocketServer.clients) socket.terminate();
    const csrf = (await nadiaContext.cookies()).find((c) => c.name === 'ingang_csrf')?.value ?? '';
    const resumed = 'Ett till svar, skickat medan anslutningen var bruten.';
    const sent = await nadia.request.post(
      `/api/staff/units/${DEMO_UNITS.vcSolberga}/conversations/${conversationId}/messages`,
      { data: { body: resumed }, headers: { 'x-csrf-token': csrf } },
    );
    expect(sent.status()).toBe(201);
    const copies = anna.getByTestId('message').filter({ hasText: resumed });
    await expect.poll(() => copies.count(), { timeout: 20_000 }).toBe(1);
    // A later live message still arrives once, and the earlier one was not duplicated by the replay.
    const later = 'Och ett sista svar.';
    await nadia.request.post(`/api/staff/units/${DEMO_UNITS.vcSolberga}/conversations/${conversationId}/messages`, {
      data: { body: later },
      headers: { 'x-csrf-token': csrf },
    });
    await expect
      .poll(() => anna.getByTestId('message').filter({ hasText: later }).count(), { timeout: 20_000 })
      .toBe(1);
    expect(await copies.count()).toBe(1);
    expect(await anna.getByTestId('message').filter({ hasText: ANSWER }).count()).toBe(1);
  });

  it('the list shows the conversation as read', async () => {
    await anna.getByRole('link', { name: 'Tillbaka till Meddelanden' }).first().click();
    const row = anna.getByTestId('conversation').filter({ hasText: SUBJECT });
    await row.waitFor();
    expect(await row.getByTestId('conversation-unread').count()).toBe(0);
    await expectNoAxeViolations(anna, 'patient list after reading');
  });

  it('Nadia closes it letting the patient reply; Anna’s open list follows; the Avslutade filter finds it; reopen', async () => {
    await nadia.getByRole('button', { name: 'Avsluta', exact: true }).click();
    const dialog = nadia.getByRole('dialog', { name: 'Avsluta konversationen?' });
    await dialog.waitFor();
    await expectNoAxeViolations(nadia, 'close dialog');
    await dialog.getByLabel('Låt patienten svara').check();
    await dialog.getByRole('button', { name: 'Avsluta konversationen' }).click();
    await nadia.getByText('Konversationen är avslutad. Patienten kan fortfarande svara.').waitFor();
    await nadia.getByTestId('conversation-status').getByText('Avslutad (patienten får svara)').waitFor();

    const row = anna.getByTestId('conversation').filter({ hasText: SUBJECT });
    await row.getByText('Avslutad, men du kan svara').waitFor({ timeout: 20_000 });

    await nadia.getByRole('link', { name: 'Tillbaka till inkorgen' }).first().click();
    await nadia.getByTestId('inbox-filter-closed').click();
    await nadia.getByRole('heading', { level: 2, name: 'Avslutade' }).waitFor();
    const closed = nadia.getByTestId('inbox-conversation').filter({ hasText: SUBJECT });
    await expect.poll(() => closed.count()).toBe(1);
    expect(await nadia.getByTestId('inbox-filter-closed').getAttribute('aria-current')).toBe('page');
    await expectNoAxeViolations(nadia, 'inbox: closed');

    // Search by the patient's name in the open conversations: nothing (it is closed); reopen, and it is found.
    await closed.getByRole('link', { name: SUBJECT }).click();
    await nadia.getByRole('button', { name: 'Öppna igen' }).click();
    await nadia.getByText('Konversationen är öppen igen.').waitFor();
    await nadia.getByRole('link', { name: 'Tillbaka till inkorgen' }).first().click();
    await nadia.getByRole('searchbox', { name: 'Sök' }).fill('Lindqvist');
    await nadia.getByRole('button', { name: 'Sök', exact: true }).click();
    await nadia.waitForURL(/q=Lindqvist/);
    await expect.poll(() => nadia.getByTestId('inbox-conversation').filter({ hasText: SUBJECT }).count()).toBe(1);
    await expectNoAxeViolations(nadia, 'inbox: search');
  });

  it('Nadia reads the message settings; Ulla (unit admin) lets patients only reply and adds a standard answer', async () => {
    await nadia.getByRole('link', { name: 'Inställningar och standardsvar' }).click();
    await nadia.getByRole('heading', { level: 1, name: 'Inställningar för meddelanden' }).waitFor();
    await nadia.getByText('Bara enhetens administratörer kan ändra inställningarna.').waitFor();
    await expectNoAxeViolations(nadia, 'message settings, read only');

    const ullaContext = await journey.browser.newContext({
      baseURL: journey.baseUrl,
      locale: 'sv-SE',
      viewport: { width: 1024, height: 800 },
      bypassCSP: true,
    });
    try {
      const ulla = await ullaContext.newPage();
      await ulla.goto('/staff/inkorg/installningar');
      await ulla.getByRole('link', { name: 'Logga in', exact: true }).click();
      await ulla.getByRole('button', { name: /^Ulla Unger/ }).click();
      await ulla.waitForURL('**/staff/inkorg/installningar');
      await ulla.getByRole('heading', { level: 1, name: 'Inställningar för meddelanden' }).waitFor();
      await ulla.getByLabel('Mål för svarstid (arbetsdagar)').fill('0');
      await ulla.getByRole('button', { name: 'Spara', exact: true }).click();
      await ulla.locator('.error-summary').getByText('Skriv ett helt antal arbetsdagar från 1 till 30.').waitFor();
      await expectNoAxeViolations(ulla, 'message settings with an error');
      await ulla.getByLabel('Mål för svarstid (arbetsdagar)').fill('3');
      await ulla.getByRole('radio', { name: 'Bara svara på meddelanden från enheten' }).check();
      await ulla.getByRole('button', { name: 'Spara', exact: true }).click();
      await ulla.getByText('Inställningarna är sparade.').waitFor();

      await ulla.getByRole('button', { name: 'Lägg till standardsvar' }).click();
      await ulla.getByLabel('Namn').fill('Tack för bilden');
      await ulla.getByRole('textbox', { name: 'Text' }).fill('Tack för bilden. Vi återkommer inom två arbetsdagar.');
      await ulla.getByRole('button', { name: 'Spara', exact: true }).last().click();
      await ulla.getByText('Standardsvaret "Tack för bilden" är sparat.').waitFor();
      await expectNoAxeViolations(ulla, 'message settings after saving');
      await expectNoHorizontalScroll(ulla, 'message settings');
    } finally {
      await ullaContext.close();
    }
  });

  it('a unit that only lets patients reply is explained instead of offering the form', async () => {
    await anna.getByRole('link', { name: 'Skriv nytt meddelande' }).click();
    await anna.getByRole('heading', { level: 1, name: 'Skriv nytt meddelande' }).waitFor();
    const choice = anna.getByRole('radio', { name: 'Solberga vårdcentral' });
    await anna
      .getByText(/Solberga vårdcentral/)
      .first()
      .waitFor();
    if (await choice.count()) await choice.check();
    await anna
      .getByTestId('cannot-start')
      .getByText(/tar bara emot svar/)
      .waitFor();
    expect(await anna.getByLabel('Rubrik').count()).toBe(0);
    await expectNoAxeViolations(anna, 'new message: unit only accepts replies');
  });

  it('in reply-only mode the unit writes first (Nadia to Anna) and Anna can answer', async () => {
    await nadia.getByRole('link', { name: 'Tillbaka till inkorgen' }).first().click();
    await nadia.getByRole('link', { name: 'Skriv till en patient' }).click();
    await nadia.getByRole('heading', { level: 1, name: 'Skriv till en patient' }).waitFor();
    await nadia.getByLabel('Personnummer').fill(demoPerson('anna').personalNumber);
    await nadia.getByRole('button', { name: 'Hämta patient' }).click();
    await nadia.getByRole('heading', { level: 2, name: /^Till Anna Lindqvist/ }).waitFor();
    const topics = nadia.getByRole('group', { name: 'Vad gäller det?' }).getByRole('radio');
    if (await topics.count()) await topics.first().check();
    await nadia.getByLabel('Rubrik').fill('Dags för kontroll');
    await nadia
      .getByRole('textbox', { name: 'Svar till patienten' })
      .fill('Hej Anna, välkommen på en kontroll. Svara gärna här.');
    await expectNoAxeViolations(nadia, 'staff: write to a patient');
    await expectNoHorizontalScroll(nadia, 'staff: write to a patient');
    await nadia.getByRole('button', { name: 'Skicka', exact: true }).click();
    await nadia.getByRole('heading', { level: 1, name: 'Dags för kontroll' }).waitFor();

    await anna.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Meddelanden' }).click();
    const row = anna.getByTestId('conversation').filter({ hasText: 'Dags för kontroll' });
    await row.getByRole('link', { name: 'Dags för kontroll' }).click();
    await anna.getByRole('heading', { level: 1, name: 'Dags för kontroll' }).waitFor();
    await anna.getByRole('textbox', { name: 'Ditt svar' }).fill('Tack, jag kommer gärna.');
    await anna.getByRole('button', { name: 'Skicka', exact: true }).click();
    await anna.getByText('Meddelandet är skickat.').waitFor();
    await nadia.getByTestId('message').filter({ hasText: 'Tack, jag kommer gärna.' }).waitFor({ timeout: 20_000 });
  });

  it('Anna’s list also holds Elsa’s conversation with the BVC; opening it reads it and shows the picture', async () => {
    await anna.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Meddelanden' }).click();
    const elsa = anna.getByTestId('conversation').filter({ hasText: 'Prickar på armen' });
    await elsa.waitFor();
    await elsa.getByText('Elsa Lindqvist').waitFor();
    await elsa.getByTestId('conversation-unread').getByText('1 nytt meddelande').waitFor();
    await elsa.getByRole('link', { name: 'Prickar på armen' }).click();
    await anna.waitForURL(/\/meddelanden\/[0-9a-f-]{36}\?for=/);
    await anna.getByRole('heading', { level: 1, name: 'Prickar på armen' }).waitFor();
    await anna.getByTestId('message').filter({ hasText: 'Tack för bilden' }).waitFor();
    const picture = anna.getByTestId('message').first().getByRole('img');
    await expect.poll(() => picture.evaluate((i: HTMLImageElement) => i.naturalWidth)).toBeGreaterThan(0);
    await expectNoAxeViolations(anna, 'conversation about Elsa');

    await anna.getByRole('link', { name: 'Tillbaka till Meddelanden' }).first().click();
    const row = anna.getByTestId('conversation').filter({ hasText: 'Prickar på armen' });
    await row.waitFor();
    await expect.poll(() => row.getByTestId('conversation-unread').count()).toBe(0);

    // The same list in English (axe again: the texts change, the structure must hold).
    await anna.getByRole('button', { name: 'English' }).click();
    await anna.getByRole('heading', { level: 1, name: 'Messages' }).waitFor();
    await anna.getByRole('link', { name: 'Write a new message' }).waitFor();
    await expectNoAxeViolations(anna, 'messages list in English');
    await anna.getByRole('button', { name: 'Svenska' }).click();
    await anna.getByRole('heading', { level: 1, name: 'Meddelanden' }).waitFor();
  });
});
