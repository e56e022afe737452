/**
 * Journey: a triage with a photo ("rash with a photo", DEMO questionnaire).
 * Anna answers that she has a rash; on the photo question she first picks a
 * file that is not a picture (the error is tied to the field), then a real
 * picture: it uploads, shows as attached with a button to remove it; she
 * sends her answers (→ message Solberga VC). Nadia (Solberga VC) opens the
 * unit's triaged patients and sees the photo in Anna's answers, with alt
 * text. Axe on every page and state; 320 px on the photo question.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPerson } from '../../server/src/seed/demo-data.js';
import {
  expectNoAxeViolations,
  expectNoHorizontalScroll,
  type Journey,
  loginCitizen,
  staffPage,
  startJourney,
} from './harness.js';

const QUESTION = 'Vill du bifoga en bild på utslagen? (frivilligt)';

describe('triage: a rash with a photo, seen by the unit', () => {
  let journey: Journey;

  beforeAll(async () => {
    journey = await startJourney();
    await loginCitizen(journey, demoPerson('anna').personalNumber);
    // A shared, loaded machine can take minutes to start the server and browser.
  }, 300_000);

  afterAll(async () => {
    await journey?.close();
  });

  async function choose(question: string, answer: string) {
    const { page } = journey;
    const group = page.getByRole('group', { name: question });
    await group.waitFor();
    await group.getByLabel(answer, { exact: true }).focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('Enter');
  }

  it('Anna attaches a photo to her rash triage (a wrong file first)', async () => {
    const { page } = journey;
    await page.goto('/sok-vard');
    await page.getByRole('button', { name: 'Börja' }).click();
    await choose('Har du (eller den du söker för) ont i bröstet just nu?', 'Nej');
    await choose('Är det svårt att andas just nu?', 'Nej');
    await choose('Vad söker du för?', 'Utslag på huden');

    const field = page.getByLabel(QUESTION);
    await field.waitFor();
    await expectNoAxeViolations(page, 'photo question');
    await expectNoHorizontalScroll(page, 'photo question');

    await field.setInputFiles({ name: 'utslag.png', mimeType: 'image/png', buffer: Buffer.from('not a picture') });
    await page.locator('.field__error').waitFor();
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await field.getAttribute('aria-describedby')) ?? '';
    const errorId = await page.locator('.photo-field .field__error').getAttribute('id');
    expect(describedBy.split(' ')).toContain(errorId);
    await expectNoAxeViolations(page, 'photo question with an error');

    const picture = await sharp({ create: { width: 60, height: 40, channels: 3, background: '#c0392b' } })
      .png()
      .toBuffer();
    await field.setInputFiles({ name: 'utslag.png', mimeType: 'image/png', buffer: picture });
    await page.getByText('Bilden är bifogad.').waitFor();
    expect(await field.getAttribute('aria-invalid')).toBeNull();
    await page.getByRole('img', { name: `Patientens bild till frågan: ${QUESTION}` }).waitFor();
    expect(await page.getByRole('button', { name: 'Ta bort bilden' }).isVisible()).toBe(true);
    await expectNoAxeViolations(page, 'photo attached');
    await expectNoHorizontalScroll(page, 'photo attached');

    await page.getByRole('button', { name: 'Nästa (frivillig fråga)' }).click();
    await choose('Har du feber samtidigt?', 'Nej');
    await choose('Sprider sig utslagen snabbt?', 'Nej');
    await page.getByRole('heading', { level: 1, name: 'Klart att skicka' }).waitFor();
    await page.getByRole('button', { name: 'Skicka svaren' }).click();
    await page.getByRole('heading', { level: 1, name: 'Så här gör du' }).waitFor();

    const held = await journey.ctx.db
      .selectFrom('message_attachments')
      .select(['held_by', 'content_type'])
      .where('held_by', '=', 'triage')
      .execute();
    expect(held).toEqual([{ held_by: 'triage', content_type: 'image/png' }]);
  });

  it('Nadia sees the photo in the answers, with alt text', async () => {
    const nadia = await staffPage(journey, 'Nadia Nyström', '/staff/triage');
    await nadia.getByRole('heading', { level: 1, name: 'Triagerade patienter' }).waitFor();
    await nadia.getByRole('link', { name: /Anna/ }).first().click();
    const answers = nadia.getByRole('table', { name: 'Triagesvar' });
    await answers.waitFor();
    const img = answers.getByRole('img', { name: `Patientens bild till frågan: ${QUESTION}` });
    await img.waitFor();
    await nadia.waitForFunction(
      () => (document.querySelector('.triage-photo img') as HTMLImageElement | null)?.naturalWidth === 60,
    );
    await expectNoAxeViolations(nadia, 'staff answers with a photo');
  });
});
