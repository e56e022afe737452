/**
 * Journey: staff start a one-to-one video meeting for a patient (issue 19, item 9).
 *
 * 1. On "Videomöten" Nadia Nyström (Solberga vårdcentral) starts a one-to-one
 *    meeting without a patient and is told to choose one (focus on the field);
 *    Erik (listed at Norrtull) is refused — Solberga has no care relationship
 *    with him; Karin is picked by personnummer with the keyboard, and the meeting
 *    is created for her and opens at the device check.
 * 2. On Margit's patient page "Starta videomöte" creates a meeting for her and opens it.
 * 3. On Margit's conversation in the inbox the same button starts a meeting named after it.
 * Axe on each page (zero violations) and 320 px reflow of the picker.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_STAFF, DEMO_UNITS, demoPerson } from '../../server/src/seed/demo-data.js';
import { expectNoAxeViolations, expectNoHorizontalScroll, type Journey, startJourney } from './harness.js';
import { MEDIA_ARGS, openPage, personId, poll } from './video-support.js';

const nadiaWho = { staffId: DEMO_STAFF.nurseSolberga, unitId: DEMO_UNITS.vcSolberga };
const MEETING_URL = /\/staff\/video\/[0-9a-f-]{36}$/;

describe('staff start a video meeting for a patient', () => {
  let journey: Journey;
  const contexts: BrowserContext[] = [];
  let nadia: Page;

  beforeAll(async () => {
    journey = await startJourney({ browserArgs: MEDIA_ARGS });
    nadia = await openPage(journey, nadiaWho, contexts, { width: 1024, height: 800 });
  }, 240_000);
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await journey?.close();
  });

  it('on Videomöten: no patient is refused, a stranger patient is refused, Karin is picked and the meeting opens', async () => {
    await nadia.goto('/staff/video');
    await nadia.getByRole('heading', { level: 1, name: 'Videomöten' }).waitFor();
    await nadia.getByLabel('Rubrik').fill('Samtal om provsvar');
    await nadia.getByRole('button', { name: 'Starta mötet' }).click();
    await nadia.getByText('Välj patienten för ett möte på två.').waitFor();
    const field = nadia.getByLabel('Patientens personnummer');
    await poll(() => field.evaluate((el) => el === document.activeElement)).toBe(true);
    await expectNoAxeViolations(nadia, 'video meetings, patient missing');

    // Erik is listed at Norrtull: Solberga has no care relationship with him.
    await field.fill(demoPerson('erik').personalNumber);
    await nadia.getByRole('button', { name: 'Välj patient' }).click();
    await nadia.getByText('Solberga vårdcentral har ingen vårdrelation med patienten', { exact: false }).waitFor();
    expect(await nadia.getByTestId('video-picked-patient').count()).toBe(0);
    await expectNoAxeViolations(nadia, 'video meetings, patient refused');

    // Karin, by keyboard: Enter in the field picks her (it does not submit the meeting form).
    await field.fill(demoPerson('karin').personalNumber);
    await field.press('Enter');
    await poll(() => nadia.getByTestId('video-picked-patient').textContent()).toMatch(/^Karin/);
    await expectNoAxeViolations(nadia, 'video meetings, patient picked');
    await expectNoHorizontalScroll(nadia, 'video meetings, patient picked');
    await nadia.getByRole('button', { name: 'Starta mötet' }).click();
    await nadia.waitForURL(MEETING_URL);
    await nadia.getByRole('heading', { name: 'Kontrollera kamera och mikrofon' }).waitFor();
    await nadia.getByText(/^Mötet gäller Karin/).waitFor();
  });

  it('"Starta videomöte" on the patient page creates a meeting for Margit and opens it', async () => {
    const margitId = await personId(journey, 'margit');
    await nadia.goto(`/staff/patienter/${margitId}`);
    const start = nadia.getByRole('button', { name: /^Starta videomöte med Margit/ });
    await start.waitFor();
    await expectNoAxeViolations(nadia, 'staff patient page');
    await start.click();
    await nadia.waitForURL(MEETING_URL);
    await nadia.getByRole('heading', { level: 1, name: 'Videomöte – Samtal med vården' }).waitFor();
    await nadia.getByText(/^Mötet gäller Margit/).waitFor();
  });

  it('"Starta videomöte" on a conversation starts a meeting named after it', async () => {
    const conversation = await journey.ctx.db
      .selectFrom('conversations')
      .select('id')
      .where('subject', '=', 'Förnya blodtrycksmedicin')
      .executeTakeFirstOrThrow();
    await nadia.goto(`/staff/inkorg/${conversation.id}`);
    await nadia.getByRole('heading', { level: 1, name: 'Förnya blodtrycksmedicin' }).waitFor();
    const start = nadia.getByRole('button', { name: /^Starta videomöte med Margit/ });
    await expectNoAxeViolations(nadia, 'staff conversation page');
    await start.click();
    await nadia.waitForURL(MEETING_URL);
    await nadia.getByRole('heading', { level: 1, name: 'Videomöte – Förnya blodtrycksmedicin' }).waitFor();
    await nadia.getByText(/^Mötet gäller Margit/).waitFor();
  });
});
