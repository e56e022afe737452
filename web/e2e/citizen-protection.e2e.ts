/**
 * Journey (issue 3, patient side): Anna may act for Elsa (5) but not Oskar
 * (14, whose page explains why); she switches to Elsa from the keyboard and
 * sees Elsa's page; after a nurse at Solberga opens her record, "Vem har
 * tittat på mina uppgifter" lists the unit and the nurse; Margit makes Anna her
 * ombud and Anna approves it. Axe on every new page; 320 px on the subject
 * page and the access list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../server/src/platform/auth.js';
import { DEMO_STAFF, DEMO_UNITS, demoPerson } from '../../server/src/seed/demo-data.js';
import {
  expectNoAxeViolations,
  expectNoHorizontalScroll,
  type Journey,
  loginCitizen,
  startJourney,
} from './harness.js';

async function personId(journey: Journey, key: string): Promise<string> {
  const row = await journey.ctx.db
    .selectFrom('persons')
    .select('id')
    .where('personal_number', '=', demoPerson(key).personalNumber)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Cookie + CSRF headers of a session created directly (no BankID/OIDC), for `app.inject`. */
async function sessionHeaders(
  journey: Journey,
  input: { kind: 'staff'; staffId: string; unitId: string } | { kind: 'citizen'; personId: string },
) {
  const { db, sessions } = journey.ctx;
  const { token, csrfToken, session } = await sessions.create(
    db,
    input.kind === 'staff'
      ? { kind: 'staff', staffId: input.staffId, idleSeconds: 3600 }
      : { kind: 'citizen', personId: input.personId, idleSeconds: 900 },
  );
  if (input.kind === 'staff') await sessions.setActiveUnit(session.idHash, input.unitId);
  return { cookie: `${SESSION_COOKIE}=${token}`, 'x-csrf-token': csrfToken };
}

describe('citizen: acting for others, who has looked, ombud', () => {
  let journey: Journey;
  let ids: Record<'anna' | 'elsa' | 'oskar' | 'margit', string>;
  beforeAll(async () => {
    journey = await startJourney();
    ids = {
      anna: await personId(journey, 'anna'),
      elsa: await personId(journey, 'elsa'),
      oskar: await personId(journey, 'oskar'),
      margit: await personId(journey, 'margit'),
    };
  });
  afterAll(async () => {
    await journey?.close();
  });

  it('offers Elsa (5) but not Oskar (14); Oskar’s page explains that he has turned 13', async () => {
    const { page } = journey;
    await loginCitizen(journey, demoPerson('anna').personalNumber);
    const switcher = page.getByLabel('Agera för');
    const options = await switcher.locator('option').allTextContents();
    expect(options.some((o) => o.includes('Elsa Lindqvist'))).toBe(true);
    expect(options.some((o) => o.includes('Oskar'))).toBe(false);

    await page.goto(`/for/${ids.oskar}`);
    await page.getByRole('heading', { level: 1, name: 'Du kan inte öppna sidan' }).waitFor();
    const refusal = page.getByTestId('refusal');
    expect(await refusal.getAttribute('data-reason')).toBe('child_too_old');
    expect(await refusal.textContent()).toContain('eftersom hen har fyllt 13 år');
    await expectNoAxeViolations(page, 'refused subject page');
  });

  it('the switcher works with the keyboard and opens Elsa’s page with what Anna may do', async () => {
    const { page } = journey;
    await page.goto('/profil');
    await page.getByRole('heading', { level: 1, name: 'Min profil' }).waitFor();
    let reached = false;
    for (let i = 0; i < 20 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => {
        const el = document.activeElement;
        return el instanceof HTMLSelectElement && el.labels?.[0]?.textContent === 'Agera för';
      });
    }
    expect(reached).toBe(true);
    // A closed native select: the arrow key picks the next person and the change opens their page.
    await page.keyboard.press('ArrowDown');
    await page.waitForURL(`**/for/${ids.elsa}`);

    await page.getByRole('heading', { level: 1, name: 'Elsas sida' }).waitFor();
    expect(await page.getByTestId('subject-name').textContent()).toBe('Elsa Lindqvist');
    const scopes = await page.getByTestId('subject-scopes').locator('li').allTextContents();
    expect(scopes).toEqual(expect.arrayContaining(['Boka tider', 'Meddelanden', 'Videomöten', 'Kallelser']));
    // Elsa was born 2021-03-14: the right ends at 00:00 on her 13th birthday, so the last day is the 13th.
    expect(await page.getByTestId('subject-valid-until').textContent()).toBe('till och med 13 mars 2034');
    await page.getByText('Solberga vårdcentral').first().waitFor();
    await page.getByText('Du agerar för: Elsa Lindqvist').waitFor();
    await expectNoAxeViolations(page, 'Elsa’s page');
    await expectNoHorizontalScroll(page, 'Elsa’s page');
  });

  it('shows the access log for Elsa while acting for her, empty so far', async () => {
    const { page } = journey;
    await page.getByRole('button', { name: 'Vem har tittat på Elsas uppgifter' }).click();
    await page.waitForURL('**/profil/vem-har-tittat');
    await page.getByRole('heading', { level: 1, name: 'Vem har tittat på Elsas uppgifter' }).waitFor();
    await page.getByTestId('access-empty').waitFor();
    expect(await page.getByTestId('access-empty').textContent()).toBe(
      'Ingen vårdpersonal har tittat på Elsas uppgifter ännu.',
    );
    await expectNoAxeViolations(page, 'Elsa’s access log (empty)');
    await page.getByRole('button', { name: 'Byt tillbaka till dig själv' }).click();
    await page.getByRole('heading', { level: 1, name: 'Vem har tittat på mina uppgifter' }).waitFor();
  });

  it('after a Solberga nurse opens Anna’s record, Anna sees the unit and the nurse', async () => {
    const { app, page } = journey;
    const headers = await sessionHeaders(journey, {
      kind: 'staff',
      staffId: DEMO_STAFF.nurseSolberga,
      unitId: DEMO_UNITS.vcSolberga,
    });
    // Three reads in a row by the same nurse: one occasion on the page, three rows in the log.
    for (let i = 0; i < 3; i++) {
      const viewed = await app.inject({ method: 'GET', url: `/api/staff/patients/${ids.anna}`, headers });
      expect(viewed.statusCode).toBe(200);
    }

    await page.goto('/profil');
    await page.getByRole('link', { name: 'Se vem som har tittat på dina uppgifter' }).click();
    await page.getByRole('heading', { level: 1, name: 'Vem har tittat på mina uppgifter' }).waitFor();
    const entry = page.getByTestId('access-entry').first();
    await entry.waitFor();
    const text = await entry.textContent();
    expect(text).toContain('Solberga vårdcentral');
    expect(text).toContain('Nadia Nyström');
    expect(text).toContain('Distriktssköterska');
    expect(text).not.toContain('Nödåtkomst');
    expect(await page.getByTestId('access-entry').count()).toBe(1);
    expect(await entry.getByTestId('access-count').textContent()).toMatch(/^3 gånger under samma tillfälle/);
    // One way of writing times (issue 19): "14 mars 2026 kl. 10.32".
    expect(text).toMatch(/\d{1,2} [a-zåäö]+ \d{4} kl\. \d{2}\.\d{2}/);
    expect(text).toContain('Vård och behandling');
    await expectNoAxeViolations(page, 'access log');
    await expectNoHorizontalScroll(page, 'access log');

    // In English the role, what was done and the purpose are English too (issue 19, item 2), and so is the time.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Who has looked at my data' }).waitFor();
    const english = (await page.getByTestId('access-entry').first().textContent()) ?? '';
    expect(english).toContain('Distriktssköterska (Care staff)');
    expect(english).toContain('Care and treatment');
    expect(english).toContain('Read your overview');
    expect(english).toMatch(/\d{1,2} [A-Z][a-z]+ \d{4} at \d{2}:\d{2}/);
    expect(english).not.toMatch(/Vårdpersonal|Vård och behandling|Läste|Sökte fram| kl\. /);
    await expectNoAxeViolations(page, 'access log in English');
    await page.getByRole('button', { name: 'Svenska' }).click();
    await page.getByRole('heading', { level: 1, name: 'Vem har tittat på mina uppgifter' }).waitFor();
  });

  it('Margit makes Anna her ombud for booking; Anna approves it and may then act for Margit', async () => {
    const { app, ctx, page } = journey;
    const validUntil = new Date(ctx.clock.now().getTime() + 180 * 86_400_000).toISOString().slice(0, 10);
    const margit = await sessionHeaders(journey, { kind: 'citizen', personId: ids.margit });
    const created = await app.inject({
      method: 'POST',
      url: '/api/proxies',
      headers: margit,
      payload: { ombudPersonalNumber: demoPerson('anna').personalNumber, scopes: ['booking'], validUntil },
    });
    expect(created.statusCode).toBe(201);

    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Ombud' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ombud och fullmakter' }).waitFor();
    const received = page.getByTestId('proxies-received');
    await received.getByText('Margit Holm').waitFor();
    expect(await received.getByTestId('proxy-status').textContent()).toBe('Väntar på godkännande');
    await expectNoAxeViolations(page, 'ombud page');

    await received.getByRole('button', { name: 'Godkänn fullmakten från Margit Holm' }).click();
    await expect.poll(() => received.getByTestId('proxy-status').textContent()).toBe('Gäller');
    // `me.actingFor` is re-read after the approval: the switcher now offers Margit.
    await expect
      .poll(async () => (await page.getByLabel('Agera för').locator('option').allTextContents()).join('|'))
      .toContain('Margit Holm (ombud)');
  });

  it('a new grant names every missing field inline and in the error summary; "Avsluta" asks first', async () => {
    const { page } = journey;
    await page.getByRole('button', { name: 'Ge fullmakt' }).click();
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    await expect.poll(() => summary.locator('li').count()).toBe(3);
    expect(await page.getByLabel('Ombudets personnummer').getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations(page, 'ombud form with errors');

    await page.getByRole('button', { name: 'Avsluta fullmakten för Margit Holm' }).click();
    const dialog = page.getByRole('dialog', { name: 'Avsluta fullmakten?' });
    await dialog.waitFor();
    await expectNoAxeViolations(page, 'end grant dialog');
    await dialog.getByRole('button', { name: 'Ja, avsluta fullmakten' }).click();
    const received = page.getByTestId('proxies-received');
    await expect.poll(() => received.getByTestId('proxy-status').textContent()).toBe('Avslutad');
  });
});
