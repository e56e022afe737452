/**
 * Journey (issue 19, item 4: no screen may promise what the system does not
 * do). Karin turns on SMS in her profile: the choice says what it sends, and
 * without a mobile number she is asked for one before anything is saved.
 * With the number saved, the unit answers her message and an SMS — saying
 * only that there is a message — reaches the development outbox, which the
 * dev page /dev/sms shows (as the dev mailbox shows mail). Anna's page for
 * Elsa no longer offers "Journal och uppgifter" (there is no journal); it
 * names what she may do and links the download of Elsa's data. Axe on every
 * page.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_STAFF, DEMO_UNITS, demoPerson } from '../../server/src/seed/demo-data.js';
import { expectNoAxeViolations, type Journey, loginCitizen, startJourney } from './harness.js';
import { apiHeaders, personId, post } from './video-support.js';

describe('the SMS choice sends SMS; Elsa’s page promises no journal', () => {
  let journey: Journey;

  beforeAll(async () => {
    journey = await startJourney({ env: { MESSAGING_NOTIFY_DELAY_SECONDS: '0' } });
    await sql`
      insert into messaging_settings (unit_id, patient_mode, target_working_days, updated_at)
      values (${DEMO_UNITS.vcSolberga}, 'start', 2, now())
      on conflict (unit_id) do update set patient_mode = 'start'
    `.execute(journey.ctx.db);
  });
  afterAll(async () => {
    await journey?.close();
  });

  it('SMS without a mobile number asks for the number; with it, it is saved', async () => {
    const { page } = journey;
    await loginCitizen(journey, demoPerson('karin').personalNumber);
    await page.goto('/profil');
    await page.getByRole('heading', { level: 1, name: 'Min profil' }).waitFor();
    const phone = page.getByLabel('Mobilnummer');
    await phone.fill('');
    const sms = page.getByRole('checkbox', { name: 'SMS' });
    // The choice says what it does.
    expect(await sms.getAttribute('aria-describedby')).toBeTruthy();
    await page
      .getByText('Ett SMS till ditt mobilnummer när vården har skrivit till dig i Ingång.', { exact: false })
      .waitFor();
    await page.getByText('Du får också SMS när en tid bokas, flyttas eller avbokas', { exact: false }).waitFor();
    await sms.check();
    await page.getByRole('button', { name: 'Spara', exact: true }).click();
    await page.getByText('Skriv ditt mobilnummer för att få SMS, eller ta bort valet SMS.').waitFor();
    await expect.poll(() => phone.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await page.getByText('Sparat.').count()).toBe(0);
    await expectNoAxeViolations(page, 'profile: SMS without a number');

    await phone.fill('070-123 45 67');
    await page.getByRole('button', { name: 'Spara', exact: true }).click();
    await page.getByText('Sparat.').waitFor();
    await expectNoAxeViolations(page, 'profile saved with SMS');
  });

  it('the unit’s answer sends an SMS without content, shown in the dev outbox', async () => {
    const karinHeaders = await apiHeaders(journey, { citizen: 'karin' });
    const { rows: topics } = await sql<{ id: string }>`
      select id from messaging_topics where unit_id = ${DEMO_UNITS.vcSolberga} and retired_at is null order by position
    `.execute(journey.ctx.db);
    const started = await post<{ data: { id: string } }>(journey, '/api/messaging/conversations', karinHeaders, {
      unitId: DEMO_UNITS.vcSolberga,
      ...(topics[0] ? { topicId: topics[0].id } : {}),
      subject: 'Recept',
      body: 'Kan ni förnya mitt recept?',
    });
    const nadia = await apiHeaders(journey, { staffId: DEMO_STAFF.nurseSolberga, unitId: DEMO_UNITS.vcSolberga });
    await post(journey, `/api/staff/units/${DEMO_UNITS.vcSolberga}/conversations/${started.data.id}/messages`, nadia, {
      body: 'Receptet på blodtrycksmedicinen är förnyat.',
    });
    const outbox = async () =>
      (await sql<{ sms_to: string; body: string }>`select sms_to, body from dev_sms_outbox`.execute(journey.ctx.db))
        .rows;
    // The journey's server runs no job worker (test mode): run what is due, as the worker would.
    const afterJobs = async () => {
      await journey.ctx.jobs.runDueJobs();
      return outbox();
    };
    await expect.poll(afterJobs, { timeout: 30_000, interval: 250 }).toHaveLength(1);
    const [sent] = await outbox();
    expect(sent!.sms_to).toBe('+46701234567');
    expect(sent!.body).not.toMatch(/recept|blodtryck|Solberga|Karin/i);

    const { page } = journey;
    await page.goto('/dev/sms');
    await page.getByRole('heading', { level: 1, name: 'SMS-utkorg' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Till +46701234567' }).waitFor();
    await page.getByText('Ingång: Du har fått ett nytt meddelande från vården.', { exact: false }).waitFor();
    await expectNoAxeViolations(page, 'dev SMS outbox');
  });

  it('Elsa’s page names what Anna may do — no journal — and links Elsa’s data', async () => {
    const { page } = journey;
    const elsaId = await personId(journey, 'elsa');
    await journey.context.clearCookies();
    await loginCitizen(journey, demoPerson('anna').personalNumber);
    await page.goto(`/for/${elsaId}`);
    const scopes = page.getByTestId('subject-scopes');
    await scopes.getByText('Se vem som har tittat och ladda ner uppgifterna').waitFor();
    expect(await page.getByText('Journal', { exact: false }).count()).toBe(0);
    await page.getByRole('link', { name: 'Ladda ner Elsas uppgifter' }).click();
    await page.waitForURL('**/profil/mina-uppgifter');
    await expectNoAxeViolations(page, 'my data, reached from Elsa’s page');
  });
});
