/**
 * Journey: writing a message with a bad connection (issue 19, item 8). Anna
 * writes a new message; the connection drops: the form says at once that she
 * is offline, "Skicka" says the message is not sent (no spinner that goes on
 * and on) and offers "Försök skicka igen". The draft — heading and text —
 * survives a reload; back online the message is sent once. In the
 * conversation her answer's reply is lost on the way back (the server stored
 * it, the phone never heard): the retry sends the same clientId and the
 * conversation holds the answer once. The draft is gone after a successful
 * send and after logging out, and is stored under her own person id only.
 * Axe on every state.
 */
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_UNITS, demoPerson } from '../../server/src/seed/demo-data.js';
import { expectNoAxeViolations, type Journey, loginCitizen, startJourney } from './harness.js';

const HEADING = 'Fråga om provsvar';
const FIRST = 'Hej! Jag undrar över mitt provsvar från i tisdags.';
const ANSWER = 'Tack, jag väntar på ert svar.';

const draftKeys = (page: Page) =>
  page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('ingang.draft.')));

async function countMessages(journey: Journey, body: string): Promise<number> {
  const { rows } = await sql<{ n: string }>`
    select count(*) as n from conversation_messages where body = ${body}
  `.execute(journey.ctx.db);
  return Number(rows[0]?.n ?? 0);
}

describe('a message written offline is kept, retried and sent once', () => {
  let journey: Journey;
  let anna: Page;
  let annaId: string;

  beforeAll(async () => {
    journey = await startJourney();
    await sql`
      insert into messaging_settings (unit_id, patient_mode, target_working_days, updated_at)
      values (${DEMO_UNITS.vcSolberga}, 'start', 2, now())
      on conflict (unit_id) do update set patient_mode = 'start'
    `.execute(journey.ctx.db);
    const { rows } = await sql<{ id: string }>`
      select id from persons where personal_number = ${demoPerson('anna').personalNumber}
    `.execute(journey.ctx.db);
    annaId = rows[0]!.id;
    anna = journey.page;
    await loginCitizen(journey, demoPerson('anna').personalNumber, anna);
  });
  afterAll(async () => {
    await journey?.close();
  });

  it('offline: the form says so, and Skicka says the message is not sent', async () => {
    await anna.goto('/meddelanden/ny');
    await anna.getByRole('heading', { level: 1, name: 'Skriv nytt meddelande' }).waitFor();
    const choice = anna.getByRole('radio', { name: 'Solberga vårdcentral' });
    await anna
      .getByText(/Solberga vårdcentral/)
      .first()
      .waitFor();
    if (await choice.count()) await choice.check();
    const topics = anna.getByRole('group', { name: 'Vad gäller det?' }).getByRole('radio');
    if (await topics.count()) await topics.first().check();
    await anna.getByLabel('Rubrik').fill(HEADING);
    await anna.getByRole('textbox', { name: 'Ditt meddelande' }).fill(FIRST);

    await journey.context.setOffline(true);
    await anna.getByTestId('composer-offline').getByText('Du är inte ansluten till internet.').waitFor();
    await expectNoAxeViolations(anna, 'new message, offline');

    await anna.getByRole('button', { name: 'Skicka', exact: true }).click();
    const unsent = anna.getByTestId('composer-unsent');
    await unsent.getByText('Meddelandet är inte skickat.').waitFor();
    await unsent.getByText('Du verkar inte vara ansluten till internet.').waitFor();
    await unsent.getByRole('button', { name: 'Försök skicka igen' }).waitFor();
    // Nothing is stuck "sending", and the text is where she left it.
    expect(await anna.getByRole('button', { name: 'Skicka', exact: true }).isEnabled()).toBe(true);
    expect(await anna.getByRole('textbox', { name: 'Ditt meddelande' }).inputValue()).toBe(FIRST);
    expect(await countMessages(journey, FIRST)).toBe(0);
    await expectNoAxeViolations(anna, 'new message, not sent');
  });

  it('the draft survives a reload, under her own person id', async () => {
    await journey.context.setOffline(false);
    expect(await draftKeys(anna)).toEqual([`ingang.draft.${annaId}.self.new`]);
    await anna.reload();
    await anna.getByRole('heading', { level: 1, name: 'Skriv nytt meddelande' }).waitFor();
    await expect.poll(() => anna.getByLabel('Rubrik').inputValue()).toBe(HEADING);
    expect(await anna.getByRole('textbox', { name: 'Ditt meddelande' }).inputValue()).toBe(FIRST);
  });

  it('online again, the message is sent once and the draft is gone', async () => {
    await anna.getByRole('button', { name: 'Skicka', exact: true }).click();
    await anna.waitForURL(/\/meddelanden\/[0-9a-f-]{36}$/);
    await anna.getByRole('heading', { level: 1, name: HEADING }).waitFor();
    await anna.getByTestId('message').filter({ hasText: FIRST }).waitFor();
    expect(await countMessages(journey, FIRST)).toBe(1);
    expect(await draftKeys(anna)).toEqual([]);
    await expectNoAxeViolations(anna, 'conversation after an offline draft was sent');
  });

  it('an answer whose reply is lost is retried with the same id and stored once', async () => {
    const box = anna.getByRole('textbox', { name: 'Ditt svar' });
    await box.fill(ANSWER);
    // The server gets the answer and stores it; the phone never hears back.
    let lost = 0;
    await anna.route('**/api/messaging/conversations/*/messages*', async (route) => {
      if (route.request().method() !== 'POST' || lost > 0) return route.fallback();
      lost += 1;
      await route.fetch();
      await route.abort('internetdisconnected');
    });
    await anna.getByRole('button', { name: 'Skicka', exact: true }).click();
    const unsent = anna.getByTestId('composer-unsent');
    await unsent.getByText('Meddelandet är inte skickat.').waitFor();
    expect(await countMessages(journey, ANSWER)).toBe(1);
    // Her answer is kept on the device until she knows it is sent.
    expect(await draftKeys(anna)).toHaveLength(1);
    await expectNoAxeViolations(anna, 'answer not confirmed');

    await unsent.getByRole('button', { name: 'Försök skicka igen' }).click();
    await anna.getByText('Meddelandet är skickat.').waitFor();
    expect(await box.inputValue()).toBe('');
    expect(await countMessages(journey, ANSWER)).toBe(1);
    await expect.poll(() => anna.getByTestId('message').filter({ hasText: ANSWER }).count()).toBe(1);
    expect(await draftKeys(anna)).toEqual([]);
    await anna.unroute('**/api/messaging/conversations/*/messages*');
    await expectNoAxeViolations(anna, 'answer sent after retry');
  });

  it('a draft left behind is forgotten at log out', async () => {
    await anna.getByRole('textbox', { name: 'Ditt svar' }).fill('Ett utkast som inte ska ligga kvar.');
    await expect.poll(() => draftKeys(anna)).toHaveLength(1);
    await anna.getByRole('button', { name: 'Logga ut', exact: true }).first().click();
    await anna.waitForURL((url) => url.pathname === '/');
    expect(await draftKeys(anna)).toEqual([]);
  });
});
