/**
 * Journey (issue 17, birth-clinic wish): Maja Moberg (midwife at
 * Barnmorskemottagningen Älvsjö) registers Anna's pregnancy — first meeting a
 * due date in the past. Anna logs in with BankID, opens "Förlossning", ranks
 * Södra then Norra and saves. Her last day passes (the test moves her cut-off
 * into the past, as the calendar would); Rebecka (region admin) runs the
 * allocation from "Förlossningsplatser" and sees the heat map and its table.
 * Anna is told in plain Swedish that she has a place at Södra, her first
 * choice; Mira Malm at the delivery clinic finds her on the week's list.
 * Axe on every page; 320 px on the main pages.
 */
import { addDays, isoWeek, stockholmDate } from '@ingang/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_BIRTH } from '../../server/src/seed/demo-birth-clinic.js';
import { demoPerson } from '../../server/src/seed/demo-data.js';
import {
  expectNoAxeViolations,
  expectNoHorizontalScroll,
  type Journey,
  loginCitizen,
  staffPage,
  startJourney,
} from './harness.js';

const anna = demoPerson('anna').personalNumber;
const DUE = addDays(stockholmDate(new Date()), 24 * 7);
const WEEK = isoWeek(DUE);

describe('birth-clinic wish: registration, wish, allocation, delivery list', () => {
  let journey: Journey;
  beforeAll(async () => {
    journey = await startJourney();
  });
  afterAll(async () => {
    await journey?.close();
  });

  it('the midwife registers the pregnancy; a past due date is named', async () => {
    const maja = await staffPage(journey, 'Maja Moberg', '/staff');
    await maja.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Förlossning' }).click();
    await maja.getByRole('heading', { level: 1, name: 'Graviditeter och önskemål' }).waitFor();
    await maja.getByLabel('Personnummer').fill(`${anna.slice(0, 8)}-${anna.slice(8)}`);
    await maja.getByLabel('Beräknat förlossningsdatum').fill('2020-01-01');
    await maja.getByRole('button', { name: 'Registrera', exact: true }).click();
    // The web's words for the server's reason (issue 19: never the server's text).
    await maja.getByText('Det beräknade förlossningsdatumet har redan passerat.').waitFor();
    await expectNoAxeViolations(maja, 'register with an error');
    await maja.getByLabel('Beräknat förlossningsdatum').fill(DUE);
    await maja.getByRole('button', { name: 'Registrera', exact: true }).click();
    await maja.getByText('Graviditeten är registrerad.').waitFor();
    await maja.getByRole('rowheader', { name: 'Anna Lindqvist' }).waitFor();
    await expectNoAxeViolations(maja, 'antenatal list');
    await expectNoHorizontalScroll(maja, 'antenatal list');
  });

  it('Anna ranks two clinics and saves', async () => {
    await loginCitizen(journey, anna);
    const page = journey.page;
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Förlossning' }).click();
    await page.getByRole('heading', { level: 1, name: 'Önskemål om förlossningsklinik' }).waitFor();
    await expectNoAxeViolations(page, 'wish page');
    await page.getByLabel('Förstahandsval').selectOption(DEMO_BIRTH.southClinic);
    await page.getByLabel('Andrahandsval').selectOption(DEMO_BIRTH.northClinic);
    await page.getByRole('button', { name: 'Spara önskemål' }).click();
    await page.getByText('Dina önskemål är sparade.').waitFor();
    await expectNoAxeViolations(page, 'wishes saved');
    await expectNoHorizontalScroll(page, 'wish page');
  });

  it('after her last day the region runs the allocation and sees the heat map', async () => {
    // The calendar passes 21+6: move her cut-off into the past.
    await journey.ctx.db
      .updateTable('pregnancies')
      .set({ cutoff_at: new Date(Date.now() - 60_000) })
      .where('due_date', '=', DUE)
      .execute();
    const rebecka = await staffPage(journey, 'Rebecka Regnell', '/admin/forlossning');
    await rebecka.getByRole('heading', { level: 1, name: 'Förlossningsplatser' }).waitFor();
    await rebecka.getByRole('button', { name: 'Kör fördelningen nu' }).click();
    await rebecka.getByText(/Fördelningen är klar: 1 fick besked/).waitFor();
    await rebecka.getByLabel('Från vecka').fill(WEEK);
    await rebecka.getByRole('button', { name: 'Visa', exact: true }).click();
    await rebecka.getByRole('img', { name: 'Värmekarta: beläggning per klinik och vecka' }).waitFor();
    await rebecka.getByRole('table', { name: 'Kapacitet och efterfrågan per klinik och vecka' }).waitFor();
    await expectNoAxeViolations(rebecka, 'admin overview');
    await expectNoHorizontalScroll(rebecka, 'admin overview');
  });

  it('Anna is told her clinic in plain Swedish, and the delivery clinic lists her', async () => {
    const page = journey.page;
    await page.reload();
    await page.getByText(/Du har fått plats på Förlossningen, Södra sjukhuset för vecka/).waitFor();
    await page.getByText('Det var ditt förstahandsval.').waitFor();
    await expectNoAxeViolations(page, 'result');

    const mira = await staffPage(journey, 'Mira Malm', '/staff/forlossning');
    await mira.getByRole('heading', { level: 1, name: 'Förlossningslista' }).waitFor();
    await mira.getByLabel('Vecka').fill(WEEK);
    await mira.getByRole('button', { name: 'Visa', exact: true }).click();
    const row = mira.getByRole('rowheader', { name: 'Anna Lindqvist' });
    await row.waitFor();
    expect(await mira.getByRole('cell', { name: DUE }).count()).toBe(1);
    await expectNoAxeViolations(mira, 'delivery list');
    await expectNoHorizontalScroll(mira, 'delivery list');
  });
});
