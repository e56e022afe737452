/**
 * Journey: the timebook for staff and region admins. Viktor Vik (booking admin
 * and vaccinator at Vaccinationsbolaget City) publishes a pattern — first with
 * an error named at its field, then previewed and published — sees it in the
 * week calendar and withdraws one unbooked time. A demo citizen (Margit, born
 * 1936, released for covid-19) books a covid time with a health declaration
 * through the API; Viktor opens that day's day list, reads the declaration,
 * registers arrival and "Given". Rebecka (region admin) opens the covid
 * releases, pauses one and resumes it, and meets the time-type form's errors.
 * Axe on every page and state; 320 px reflow on the publish form and day list.
 */
import { randomUUID } from 'node:crypto';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../server/src/platform/auth.js';
import { DEMO_UNITS, demoPerson } from '../../server/src/seed/demo-data.js';
import { DEMO_TIME_TYPES } from '../../server/src/seed/demo-timebook.js';
import { stockholmInstant } from '../src/staff/timebook/dates.js';
import { expectNoAxeViolations, expectNoHorizontalScroll, type Journey, staffPage, startJourney } from './harness.js';

const stockholmDate = (at: Date) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(at);
const addDays = (date: string, days: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};
/** The first Monday at least `days` days after today (Stockholm). */
const mondayAfter = (days: number) => {
  let date = addDays(stockholmDate(new Date()), days);
  while (new Date(`${date}T12:00:00Z`).getUTCDay() !== 1) date = addDays(date, 1);
  return date;
};

describe('publish times, the calendar, the day list and releases', () => {
  let journey: Journey;

  /** A fresh browser context (own cookies) logged in through the IdP's demo picker, on `path`. */
  const loginAs = (name: string, path: string) => staffPage(journey, name, path);

  /** Cookie + CSRF headers of a fresh citizen session for demo person `key` (no BankID round trip). */
  async function citizenHeaders(key: string) {
    const { ctx } = journey;
    const person = await ctx.db
      .selectFrom('persons')
      .select('id')
      .where('personal_number', '=', demoPerson(key).personalNumber)
      .executeTakeFirstOrThrow();
    const { token, csrfToken } = await ctx.sessions.create(ctx.db, {
      kind: 'citizen',
      personId: person.id,
      idleSeconds: 900,
    });
    return { cookie: `${SESSION_COOKIE}=${token}`, 'x-csrf-token': csrfToken };
  }

  let viktor: Page;
  let rebecka: Page;
  /** A day's influenza times in the week grid (grouped under their time type's heading). */
  const fluTimes = (day: Locator) =>
    day
      .locator('.tb-type')
      .filter({ has: day.page().getByRole('heading', { level: 4, name: 'Influensavaccination' }) });
  const monday = mondayAfter(21);
  beforeAll(async () => {
    journey = await startJourney();
  });
  afterAll(async () => {
    await journey?.close();
  });

  it('Viktor opens "Publicera tider"; a reversed date range is named at its field', async () => {
    viktor = await loginAs('Viktor Vik', '/staff');
    await viktor.getByRole('heading', { level: 1, name: 'Vaccinationsbolaget City' }).waitFor();
    await viktor.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Tidbok' }).click();
    await viktor.getByRole('heading', { level: 1, name: 'Tidbok' }).waitFor();
    await viktor.getByRole('navigation', { name: 'Tidbok' }).getByRole('link', { name: 'Publicera tider' }).click();
    await viktor.getByRole('heading', { level: 1, name: 'Publicera tider' }).waitFor();
    await viktor.getByLabel('Tidstyp').first().selectOption({ label: 'Influensavaccination' });
    await expectNoAxeViolations(viktor, 'publish form');
    await expectNoHorizontalScroll(viktor, 'publish form');
    // Publishing needs a preview first.
    expect(await viktor.getByRole('button', { name: 'Publicera', exact: true }).isDisabled()).toBe(true);

    await viktor.getByLabel('Från och med datum').fill(addDays(monday, 4));
    await viktor.getByLabel('Till och med datum').fill(monday);
    await viktor.getByRole('button', { name: 'Förhandsgranska' }).click();
    const summary = viktor.locator('.error-summary');
    await summary.getByText('Slutdatumet kan inte vara före startdatumet.').waitFor();
    expect(await viktor.getByLabel('Till och med datum').getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations(viktor, 'publish form with errors');
  });

  let published = 0;
  it('previews the pattern, publishes it, and sees the times in the week calendar', async () => {
    await viktor.getByLabel('Från och med datum').fill(monday);
    await viktor.getByLabel('Till och med datum').fill(addDays(monday, 4));
    await viktor.getByLabel('Dagens första tid').fill('08:00');
    await viktor.getByLabel('Dagens sluttid').fill('10:00');
    await viktor.getByLabel('Intervall i minuter').fill('20');
    await viktor.getByLabel('Platser per tid', { exact: true }).first().fill('2');
    await viktor.getByRole('button', { name: 'Förhandsgranska' }).click();
    const preview = viktor.getByRole('region', { name: 'Förhandsgranskning' });
    const count = preview.getByText(/^\d+ tider skapas på \d+ dagar\.$/);
    await count.waitFor();
    published = Number((await count.textContent())?.match(/^(\d+)/)?.[1]);
    // 08:00–10:00 every 20 minutes: six times a day, on up to five weekdays.
    expect(published % 6).toBe(0);
    expect(published).toBeGreaterThan(0);
    await preview.getByRole('table', { name: 'Antal tider per dag' }).waitFor();
    expect(await viktor.locator('.error-summary').count()).toBe(0);
    await expectNoAxeViolations(viktor, 'publish preview');

    await viktor.getByRole('button', { name: 'Publicera', exact: true }).click();
    await viktor.getByText('Tiderna är publicerade').waitFor();
    await viktor.getByText(`${published} tider skapades. 0 fanns redan och hoppades över.`).waitFor();
    await viktor.getByRole('link', { name: 'Visa tiderna i tidboken' }).click();

    await viktor.getByRole('heading', { level: 1, name: 'Tidbok' }).waitFor();
    const day = viktor.getByRole('region', { name: /^Måndag/ });
    await day.getByText('6 tider · 12 platser · 0 bokade · 12 lediga').waitFor();
    const flu = fluTimes(day);
    await flu.getByLabel('08.00 · 2 av 2 lediga').waitFor();
    await expectNoAxeViolations(viktor, 'timebook calendar');
    // A compact week grid: the days stand side by side, and a day's six times take a few short lines.
    const monBox = await day.boundingBox();
    const tueBox = await viktor.getByRole('region', { name: /^Tisdag/ }).boundingBox();
    expect(monBox && tueBox && Math.abs(monBox.y - tueBox.y) < 2 && tueBox.x > monBox.x).toBe(true);
    const weekBox = await viktor.locator('.tb-week').boundingBox();
    // Stacked, the week was at least five days tall; as a grid it is about one day tall.
    expect((weekBox?.height ?? 1e6) / (monBox?.height ?? 1)).toBeLessThan(1.5);
    await expectNoHorizontalScroll(viktor, 'timebook calendar');

    // Withdraw one unbooked time: it just goes.
    await flu.getByLabel('09.40 · 2 av 2 lediga').check();
    await viktor.getByText('1 tid vald.').waitFor();
    await viktor.getByRole('button', { name: 'Återkalla valda tider' }).click();
    const dialog = viktor.getByRole('dialog', { name: 'Återkalla 1 tid' });
    await dialog.getByText('Tiden är inte bokad.', { exact: false }).waitFor();
    await expectNoAxeViolations(viktor, 'withdraw dialog');
    await dialog.getByRole('button', { name: 'Återkalla tiderna' }).click();
    await viktor.getByText('1 tid återkallades.').waitFor();
    await flu.getByText('09.40 · Återkallad').waitFor();
    await day.getByText('5 tider · 10 platser · 0 bokade · 10 lediga').waitFor();
  });

  it('a time booked while it was selected: the 409 is said plainly and the booking is cancelled with a reason', async () => {
    const day = viktor.getByRole('region', { name: /^Måndag/ });
    await fluTimes(day).getByLabel('08.20 · 2 av 2 lediga').check();
    // Anna books that very time while Viktor is choosing.
    const headers = await citizenHeaders('anna');
    const at = stockholmInstant(monday, '08:20');
    const from = encodeURIComponent(at);
    const slots = await journey.app.inject({
      method: 'GET',
      url: `/api/slots?timeTypeId=${DEMO_TIME_TYPES.influenza}&unitId=${DEMO_UNITS.vaccCity}&from=${from}&limit=1`,
      headers,
    });
    const slot = slots.json().data[0] as { id: string; start: string };
    expect(new Date(slot.start).toISOString()).toBe(new Date(at).toISOString());
    const booked = await journey.app.inject({
      method: 'POST',
      url: '/api/bookings',
      headers: { ...headers, 'idempotency-key': randomUUID() },
      payload: { slotId: slot.id },
    });
    expect(booked.statusCode, booked.body).toBe(201);

    await viktor.getByRole('button', { name: 'Återkalla valda tider' }).click();
    const dialog = viktor.getByRole('dialog', { name: 'Återkalla 1 tid' });
    await dialog.getByRole('button', { name: 'Återkalla tiderna' }).click();
    await dialog.getByRole('alert').getByText('Några av tiderna är bokade').waitFor();
    await dialog.getByText('Patienterna får veta att tiden är avbokad', { exact: false }).waitFor();
    await dialog.getByRole('button', { name: 'Avboka och återkalla' }).click();
    await dialog.getByText('Skriv ett skäl med minst 3 tecken.', { exact: false }).waitFor();
    expect(await dialog.getByLabel('Skäl till avbokningen').getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations(viktor, 'withdraw dialog for booked times');
    await dialog.getByLabel('Skäl till avbokningen').fill('Vaccinatören är sjuk. Välkommen att boka en ny tid.');
    await dialog.getByRole('button', { name: 'Avboka och återkalla' }).click();
    await viktor.getByText(/^1 tid återkallades\. 1 bokning avbokades; [01] fick e-post/).waitFor();
    await fluTimes(day).getByText('08.20 · Återkallad').waitFor();
  });

  let visitDate = '';
  let visitTime = '';
  it('a citizen books a covid-19 time with a health declaration (through the API)', async () => {
    const { app } = journey;
    const headers = await citizenHeaders('margit');
    // From two hours ahead: the first free time from now can start between the search and the booking.
    const from = encodeURIComponent(new Date(Date.now() + 2 * 3600_000).toISOString());
    const slots = await app.inject({
      method: 'GET',
      url: `/api/slots?timeTypeId=${DEMO_TIME_TYPES.covid}&unitId=${DEMO_UNITS.vaccCity}&from=${from}&limit=1`,
      headers,
    });
    expect(slots.statusCode).toBe(200);
    const slot = slots.json().data[0] as { id: string; start: string };
    const booking = await app.inject({
      method: 'POST',
      url: '/api/bookings',
      headers: { ...headers, 'idempotency-key': randomUUID() },
      payload: {
        slotId: slot.id,
        formAnswers: {
          fever: false,
          allergy: false,
          blood_thinners: true,
          blood_thinners_name: 'Waran',
          pregnant: 'not_applicable',
        },
      },
    });
    expect(booking.statusCode, booking.body).toBe(201);
    const start = new Date(slot.start);
    visitDate = stockholmDate(start);
    // Times are written the Swedish way, "09.40" (issue 19: one formatter).
    visitTime = new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'Europe/Stockholm',
      hour: '2-digit',
      minute: '2-digit',
    })
      .format(start)
      .replace(':', '.');
  });

  it('Viktor opens the day list, reads the declaration, registers arrival and "Given"', async () => {
    await viktor.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Dagslista' }).click();
    await viktor.getByRole('heading', { level: 1, name: 'Dagslista' }).waitFor();
    await viktor.getByLabel('Datum', { exact: true }).fill(visitDate);
    const entry = viktor.getByRole('article', { name: `${visitTime} Margit Holm` });
    await entry.waitFor();
    await entry.getByText('Bokad', { exact: true }).waitFor();
    await entry
      .getByText(`${demoPerson('margit').personalNumber.slice(0, 8)}-${demoPerson('margit').personalNumber.slice(8)}`)
      .waitFor();
    // The risk answer (blood thinners) is flagged on the card itself, with a sign and words; the allergy "no" is not.
    const risks = entry.locator('.tb-risks');
    await risks.getByText('Observera i hälsodeklarationen', { exact: false }).waitFor();
    expect(await risks.getByRole('listitem').allTextContents()).toEqual(['Tar du blodförtunnande läkemedel?']);
    await expectNoAxeViolations(viktor, 'day list');
    await expectNoHorizontalScroll(viktor, 'day list');

    const toggle = entry.getByRole('button', { name: 'Visa hälsodeklaration' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.click();
    const hide = entry.getByRole('button', { name: 'Dölj hälsodeklaration' });
    expect(await hide.getAttribute('aria-expanded')).toBe('true');
    const answers = entry.locator('.tb-answers');
    await answers.getByText('Tar du blodförtunnande läkemedel?').waitFor();
    // In the answers, too, the risk answer carries its mark.
    expect(await answers.locator('.tb-answer--risk dd').allTextContents()).toEqual(['⚠ Observera: Ja']);
    await entry.getByText('Waran').waitFor();
    await entry.getByText('Inte aktuellt').waitFor();
    await expectNoAxeViolations(viktor, 'day list with a declaration open');

    await entry.getByRole('button', { name: 'Ankommen' }).click();
    await entry.getByText('Ankommen', { exact: true }).waitFor();
    await entry.getByRole('button', { name: 'Ångra ankomst' }).waitFor();
    await entry.getByRole('button', { name: 'Given' }).click();
    await entry.locator('dd').getByText('Given', { exact: true }).waitFor();
    expect(await entry.getByRole('button', { name: 'Given' }).count()).toBe(0);

    // The print view of the declaration.
    await entry.getByRole('link', { name: 'Utskrift av hälsodeklaration för Margit Holm' }).click();
    await viktor.getByRole('heading', { level: 1, name: 'Hälsodeklaration – Margit Holm' }).waitFor();
    await viktor.getByText('Har du feber i dag?').waitFor();
    await viktor.getByRole('button', { name: 'Skriv ut' }).waitFor();
    await expectNoAxeViolations(viktor, 'printable declaration');
  });

  it('Rebecka pauses and resumes a covid-19 release; the state is said in words', async () => {
    rebecka = await loginAs('Rebecka Regnell', '/admin/tidstyper');
    await rebecka.getByRole('heading', { level: 1, name: 'Tidstyper' }).waitFor();
    const table = rebecka.getByRole('table', { name: 'Tidstyper' });
    await table.getByRole('link', { name: 'Influensavaccination', exact: true }).waitFor();
    await expectNoAxeViolations(rebecka, 'admin time types');
    await table.getByRole('link', { name: 'Släpp för Covid-19 vaccination' }).click();
    await rebecka.getByRole('heading', { level: 1, name: 'Släpp för Covid-19 vaccination' }).waitFor();
    const releases = rebecka.getByRole('table', { name: 'Släpp' });
    const row = releases.getByRole('row', { name: /Födda 1956-12-31 eller tidigare/ });
    await row.getByText('Öppet', { exact: true }).waitFor();
    await expectNoAxeViolations(rebecka, 'releases');

    await row.getByRole('button', { name: 'Pausa (Födda 1956-12-31 eller tidigare)' }).click();
    await row.getByText(/^Pausat sedan /).waitFor();
    await rebecka.getByText('Släppet för Födda 1956-12-31 eller tidigare är pausat.', { exact: false }).waitFor();
    await expectNoAxeViolations(rebecka, 'releases with one paused');
    await row.getByRole('button', { name: 'Återuppta (Födda 1956-12-31 eller tidigare)' }).click();
    await row.getByText('Öppet', { exact: true }).waitFor();
    await rebecka.getByText('Släppet för Födda 1956-12-31 eller tidigare är återupptaget.').waitFor();
  });

  it('the time-type form names the fields the server refuses', async () => {
    await rebecka
      .getByRole('navigation', { name: 'Tidbok i regionen' })
      .getByRole('link', { name: 'Tidstyper' })
      .click();
    await rebecka.getByRole('link', { name: 'Ny tidstyp' }).click();
    await rebecka.getByRole('heading', { level: 1, name: 'Ny tidstyp' }).waitFor();
    await expectNoAxeViolations(rebecka, 'time-type form');
    await rebecka.getByLabel('Kod').fill('X');
    await rebecka.getByRole('button', { name: 'Skapa tidstypen' }).click();
    await rebecka.locator('.error-summary').waitFor();
    expect(await rebecka.getByLabel('Kod').getAttribute('aria-invalid')).toBe('true');
    expect(await rebecka.getByLabel('Namn på svenska').getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations(rebecka, 'time-type form with errors');

    await rebecka.getByLabel('Kod').fill('hpv-vaccination');
    await rebecka.getByLabel('Namn på svenska').fill('HPV-vaccination');
    await rebecka.getByLabel('Namn på engelska').fill('HPV vaccination');
    await rebecka.getByRole('button', { name: 'Skapa tidstypen' }).click();
    await rebecka.getByRole('heading', { level: 1, name: 'HPV-vaccination' }).waitFor();
    await rebecka
      .getByRole('group', { name: 'Välj enheterna som får publicera tidstypen' })
      .getByLabel('Vaccinationsbolaget City')
      .check();
    await rebecka.getByRole('button', { name: 'Spara enheterna' }).click();
    await rebecka.getByText('Sparat. 1 enhet får publicera tidstypen.').waitFor();
    await expectNoAxeViolations(rebecka, 'time-type edit page');
  });
});
