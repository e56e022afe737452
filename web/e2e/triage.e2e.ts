/**
 * Journey: "Sök vård" (triage, DEMO questionnaire). Anna, acting for her
 * daughter Elsa (5), answers one question per page about a fever; the
 * answers route Elsa to the children's unit's video drop-in (the BVC is made
 * open around the clock here, so the journey does not depend on the hour).
 * Then Anna, for herself, answers "yes" to chest pain on the first question
 * and is stopped at once and told to call 112. Bodil (BVC nurse) opens the
 * unit's triaged patients and Elsa's answers, then opens the drop-in queue;
 * Anna joins it for Elsa and sees her place; Bodil takes the next patient
 * (Elsa, answers in view, a video meeting); Anna is told it is Elsa's turn. Axe on every page and state,
 * 320 px reflow on a question and a result, keyboard: answers chosen and
 * sent with the keyboard only.
 */
import { stockholmWallClock } from '@ingang/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_UNITS, demoPerson } from '../../server/src/seed/demo-data.js';
import {
  expectNoAxeViolations,
  expectNoHorizontalScroll,
  type Journey,
  loginCitizen,
  staffPage,
  startJourney,
} from './harness.js';

describe('triage: a child with fever to the drop-in, chest pain to 112', () => {
  let journey: Journey;
  /** Elsa's result page, where Anna joins the drop-in queue later. */
  let elsaResult = '';

  beforeAll(async () => {
    journey = await startJourney();
    const allWeek = JSON.stringify([1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, opens: '00:00', closes: '24:00' })));
    await sql`update units set opening_hours = ${allWeek}::jsonb where id = ${DEMO_UNITS.bvcSolberga}`.execute(
      journey.ctx.db,
    );
    await sql`update triage_unit_settings set open_on_holidays = true where unit_id = ${DEMO_UNITS.bvcSolberga}`.execute(
      journey.ctx.db,
    );
    await loginCitizen(journey, demoPerson('anna').personalNumber);
    // A shared, loaded machine can take minutes to start the server and browser.
  }, 300_000);

  afterAll(async () => {
    await journey?.close();
  });

  /** Chooses a radio answer with the keyboard and sends it with Enter. */
  async function choose(question: string, answer: string) {
    const { page } = journey;
    const group = page.getByRole('group', { name: question });
    await group.waitFor();
    await group.getByLabel(answer, { exact: true }).focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('Enter');
  }

  async function type(label: string, value: string) {
    const { page } = journey;
    const field = page.getByLabel(label);
    await field.waitFor();
    await field.fill(value);
    await field.press('Enter');
  }

  it('Anna triages Elsa: fever, drinking → video drop-in at the BVC', async () => {
    const { page } = journey;
    await page.getByLabel('Agera för').selectOption({ label: 'Elsa Lindqvist (barn)' });
    await page.getByRole('heading', { level: 1, name: 'Elsas sida' }).waitFor();
    await page.goto('/sok-vard');
    // A reload forgets the acting-for choice (React state): choose again on this page.
    await page.getByLabel('Agera för').selectOption({ label: 'Elsa Lindqvist (barn)' });
    await page.getByRole('heading', { level: 1, name: 'Elsas sida' }).waitFor();
    await page.getByRole('link', { name: 'Sök vård' }).first().click();
    await page.getByText('Du söker vård för Elsa Lindqvist.').waitFor();
    await expectNoAxeViolations(page, 'triage start');
    await page.getByRole('button', { name: 'Börja' }).click();

    await page.getByRole('group', { name: /ont i bröstet/ }).waitFor();
    await expectNoAxeViolations(page, 'first question');
    await expectNoHorizontalScroll(page, 'first question');
    expect(await page.getByRole('button', { name: 'Jag vill prata med någon' }).isVisible()).toBe(true);
    await choose('Har du (eller den du söker för) ont i bröstet just nu?', 'Nej');
    await choose('Är det svårt att andas just nu?', 'Nej');
    await choose('Vad söker du för?', 'Feber hos barn');
    await page.getByRole('heading', { level: 1, name: 'Feber hos barn' }).waitFor();
    await type('Hur gammalt är barnet, i månader?', '68');
    await type('Vilken är den högsta temperaturen du har mätt (°C)?', '38,6');
    await choose('Är barnet stelt i nacken (kan inte böja huvudet framåt)?', 'Nej');
    await choose('Dricker barnet ungefär som vanligt?', 'Ja');

    await page.getByRole('heading', { level: 1, name: 'Klart att skicka' }).waitFor();
    await expectNoAxeViolations(page, 'ready to send');
    await page.getByRole('button', { name: 'Skicka svaren' }).click();
    await page.getByRole('heading', { level: 1, name: 'Så här gör du' }).waitFor();
    await page.getByRole('heading', { name: 'Drop-in via video hos Solberga barnavårdscentral (BVC)' }).waitFor();
    expect(await page.getByText('Samma dag').isVisible()).toBe(true);
    // The unit's drop-in queue is not open yet: the next route is offered.
    await page.getByText('Drop-in-kön hos Solberga barnavårdscentral (BVC) är inte öppen just nu.').waitFor();
    expect(await page.getByRole('link', { name: 'Skriv till mottagningen' }).isVisible()).toBe(true);
    elsaResult = new URL(page.url()).pathname;
    await expectNoAxeViolations(page, 'drop-in result');
    await expectNoHorizontalScroll(page, 'drop-in result');

    const decision = await journey.ctx.db
      .selectFrom('triage_decisions')
      .select(['route', 'unit_id', 'subject_person_id'])
      .executeTakeFirstOrThrow();
    expect(decision.route).toBe('drop_in_video');
    expect(decision.unit_id).toBe(DEMO_UNITS.bvcSolberga);
  });

  it('Anna, for herself, answers yes to chest pain: stopped at once and told to call 112', async () => {
    const { page } = journey;
    await page.goto('/sok-vard');
    await page.getByText('Du söker vård för dig själv.').waitFor();
    await page.getByRole('button', { name: 'Börja' }).click();
    await choose('Har du (eller den du söker för) ont i bröstet just nu?', 'Ja');
    const alert = page.getByRole('alert');
    await alert.getByText('Ring 112 nu').waitFor();
    expect(await page.getByRole('link', { name: 'Ring 112' }).getAttribute('href')).toBe('tel:112');
    // No further question is asked.
    expect(await page.getByRole('group', { name: 'Är det svårt att andas just nu?' }).count()).toBe(0);
    await expectNoAxeViolations(page, 'red flag');
    await expectNoHorizontalScroll(page, 'red flag');
  });

  it('the BVC nurse sees Elsa, opens the drop-in queue, Anna joins, the nurse takes Elsa with the answers in view', async () => {
    const bodil = await staffPage(journey, 'Bodil Berg', '/staff/triage');
    await bodil.getByRole('heading', { level: 1, name: 'Triagerade patienter' }).waitFor();
    await expectNoAxeViolations(bodil, 'unit triage list');
    await bodil.getByRole('link', { name: 'Elsa Lindqvist' }).click();
    const answers = bodil.getByRole('table', { name: 'Triagesvar' });
    await answers.waitFor();
    expect(await answers.textContent()).toContain('Dricker barnet ungefär som vanligt?');
    expect(await answers.textContent()).toContain('38.6');
    await bodil.getByRole('heading', { name: 'Drop-in via video hos Solberga barnavårdscentral (BVC)' }).waitFor();
    await expectNoAxeViolations(bodil, 'triage answers (staff)');

    // Bodil opens the drop-in queue with the keyboard, until two hours from now on Stockholm's clock:
    // late in the evening that time is after midnight, and the form says "i morgon".
    await bodil.getByRole('link', { name: 'Triage', exact: true }).click();
    await bodil.getByRole('link', { name: 'Drop-in-kö (video eller chatt)' }).click();
    await bodil.getByRole('heading', { level: 1, name: 'Drop-in-kö (video eller chatt)' }).waitFor();
    await expectNoAxeViolations(bodil, 'drop-in queue closed (staff)');
    // Video is the default kind; chat is the other (server/test/triage/drop-in-chat.test.ts).
    expect(await bodil.getByRole('radio', { name: 'Video' }).isChecked()).toBe(true);
    const closes = stockholmWallClock(new Date(Date.now() + 2 * 3600_000)).time;
    const until = `till (i morgon )?kl\\. ${closes.replace(':', '\\.')}`;
    await bodil.getByLabel('Öppet till (klockslag)').fill(closes);
    await bodil.getByText(new RegExp(`^Öppen ${until}\\.`)).waitFor();
    await bodil.getByLabel('Minuter patienten har på sig att svara').fill('5');
    await bodil.getByRole('button', { name: 'Öppna kön' }).press('Enter');
    await bodil.getByText('0 patienter väntar.').waitFor();
    await bodil.getByText(new RegExp(`^Kön är öppen ${until}$`)).waitFor();
    await expectNoAxeViolations(bodil, 'drop-in queue open (staff)');

    // Anna, on Elsa's result, now joins the queue and sees her place.
    const { page } = journey;
    await page.goto(elsaResult);
    await page.getByText(/har en öppen drop-in-kö via video/).waitFor();
    await expectNoAxeViolations(page, 'drop-in open (patient)');
    await page.getByRole('button', { name: 'Ställ dig i kön' }).press('Enter');
    await page.getByText('Du är näst på tur').waitFor();
    // Waiting: the announcer is on the page, still silent; a notice for this device can be asked for.
    expect(await page.getByTestId('drop-in-announcer').textContent()).toBe('');
    await page.getByRole('button', { name: 'Få en notis på den här enheten när det är din tur' }).waitFor();
    await expectNoAxeViolations(page, 'in the queue');
    await expectNoHorizontalScroll(page, 'in the queue');

    // Bodil takes the next patient: Elsa, with the triage answers in view and the video meeting.
    await bodil.reload();
    await bodil.getByText('1 patient väntar.').waitFor();
    await bodil.getByRole('button', { name: 'Ta nästa patient' }).press('Enter');
    await bodil.getByRole('heading', { name: 'Du har tagit Elsa Lindqvist' }).waitFor();
    const inView = bodil.getByRole('table', { name: 'Triagesvar' });
    await inView.waitFor();
    expect(await inView.textContent()).toContain('Dricker barnet ungefär som vanligt?');
    const meetingLink = await bodil.getByRole('link', { name: 'Öppna videomötet' }).getAttribute('href');
    expect(meetingLink).toMatch(/^\/staff\/video\/[0-9a-f-]{36}$/);
    await expectNoAxeViolations(bodil, 'patient taken (staff)');

    // Anna is told it is Elsa's turn (the page polls) and goes to the meeting.
    await page.getByTestId('drop-in-turn').getByText('Det är din tur!').waitFor({ timeout: 30_000 });
    // The live region that was on the page while waiting now says it (read out by screen readers).
    const announcer = page.getByTestId('drop-in-announcer');
    expect(await announcer.getAttribute('aria-live')).toBe('assertive');
    expect(await announcer.textContent()).toMatch(/^Det är din tur! Anslut till videomötet före kl\. \d\d[.:]\d\d/);
    expect(await page.title()).toMatch(/^Det är din tur! – /);
    await expectNoAxeViolations(page, 'your turn');
    await page.getByRole('button', { name: 'Anslut till videomötet' }).press('Enter');
    await page.waitForURL(`**/video/${meetingLink?.split('/').pop()}`);
    const entry = await journey.ctx.db
      .selectFrom('drop_in_entries')
      .select(['status', 'called_by_staff_id'])
      .executeTakeFirstOrThrow();
    expect(entry.status).toBe('answered');
  });
});
