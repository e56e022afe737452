/**
 * Eligibility and acting for others when booking: age-group release (opensAt,
 * exactly at the moment), interval since the last dose, invitation-only types,
 * health declarations, guardians (Elsa yes, Oskar at 14 no) and ombud with and
 * without the booking scope.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fixedClock } from '../src/platform/clock.js';
import { seedDemo } from '../src/seed/demo.js';
import { DEMO_UNITS } from '../src/seed/demo-data.js';
import {
  book,
  bookedOf,
  createCitizens,
  createSlot,
  createTimeType,
  grantOmbud,
  personIdOf,
  verifyEmail,
} from './booking-fixtures.js';
import { startTestApp, type TestApp } from './harness.js';
import { citizenSession } from './helpers/sessions.js';

const NOW = '2026-09-01T08:00:00Z';
const clock = fixedClock(NOW);
const DAY = 24 * 60;
const unitId = DEMO_UNITS.vaccCity;
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ clock, env: { SMTP_PORT: '1' } });
  await seedDemo(t.ctx.db, clock);
});
afterAll(async () => {
  await t?.close();
});

describe('eligibility', () => {
  test('not_released carries opensAt and "Du kan boka från …"; exactly at opensAt booking works', async () => {
    const typeId = await createTimeType(t);
    const opensAt = new Date(Date.parse(NOW) + 3 * 3600_000);
    await t.ctx.db
      .insertInto('release_rules')
      .values({ id: randomUUID(), time_type_id: typeId, born_on_or_before: null, min_age: 18, opens_at: opensAt })
      .execute();
    const slotId = await createSlot(t, { timeTypeId: typeId, unitId, inMinutes: 2 * DAY });
    const [p] = await createCitizens(t, 1, 10);
    const s = await citizenSession(t, p!, 86_400);
    const early = await book(t, s, { slotId });
    expect(early.statusCode).toBe(403);
    expect(early.json().error).toMatchObject({ code: 'not_released', opensAt: opensAt.toISOString() });
    expect(early.json().error.message).toMatch(/^Du kan boka från /);
    expect(await bookedOf(t, slotId)).toBe(0);

    clock.set(new Date(opensAt.getTime() - 1));
    try {
      expect((await book(t, s, { slotId })).statusCode).toBe(403);
      clock.set(opensAt);
      expect((await book(t, s, { slotId })).statusCode).toBe(201);
    } finally {
      clock.set(NOW);
    }
  });

  test('too_soon_since_dose names the earliest date; too_young; an invitation-only type is refused', async () => {
    const typeId = await createTimeType(t, { doseGroup: 'covid', minDays: 90 });
    const slotId = await createSlot(t, { timeTypeId: typeId, unitId, inMinutes: 2 * DAY });
    const [p] = await createCitizens(t, 1, 11);
    await t.ctx.db
      .insertInto('dose_records')
      .values({
        id: randomUUID(),
        person_id: p!,
        dose_group: 'covid',
        given_at: new Date(Date.parse(NOW) - 30 * DAY * 60_000),
      })
      .execute();
    const res = await book(t, await citizenSession(t, p!), { slotId });
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toMatchObject({ code: 'too_soon_since_dose', earliestDate: '2026-10-31' });

    const elsaSession = await citizenSession(t, await personIdOf(t, 'anna'));
    const elsa = await personIdOf(t, 'elsa');
    const adultOnly = await createTimeType(t, { minAge: 18 });
    const adultSlot = await createSlot(t, { timeTypeId: adultOnly, unitId, inMinutes: 2 * DAY });
    const young = await book(t, elsaSession, { slotId: adultSlot, patientId: elsa });
    expect(young.statusCode).toBe(403);
    expect(young.json().error.code).toBe('too_young');

    const invitationOnly = await createTimeType(t, { selfBookable: false });
    const invSlot = await createSlot(t, { timeTypeId: invitationOnly, unitId, inMinutes: 2 * DAY });
    const inv = await book(t, await citizenSession(t, p!), { slotId: invSlot });
    expect(inv.statusCode).toBe(403);
    expect(inv.json().error.code).toBe('not_self_bookable');
  });

  test('a health declaration is required, validated (400 names the question) and stored with its version', async () => {
    const formId = randomUUID();
    const versionId = randomUUID();
    await t.ctx.db.insertInto('health_forms').values({ id: formId, name: 'Hälsodeklaration covid-19' }).execute();
    const label = (sv: string) => ({ sv, en: sv });
    await t.ctx.db
      .insertInto('health_form_versions')
      .values({
        id: versionId,
        form_id: formId,
        version: 1,
        definition: JSON.stringify({
          title: label('Hälsodeklaration'),
          questions: [
            { id: 'fever', type: 'yes_no', label: label('Har du feber?'), required: true },
            {
              id: 'details',
              type: 'text',
              label: label('Berätta'),
              required: true,
              showIf: { questionId: 'fever', equals: true },
            },
          ],
        }),
      })
      .execute();
    const typeId = await createTimeType(t, { formId });
    const catalogue = await t.app.inject({ method: 'GET', url: '/api/time-types' });
    expect(catalogue.json().data.find((x: { id: string }) => x.id === typeId)).toMatchObject({
      requiresForm: true,
      formVersionId: versionId,
    });
    const slotId = await createSlot(t, { timeTypeId: typeId, unitId, inMinutes: 2 * DAY });
    const [p] = await createCitizens(t, 1, 12);
    const s = await citizenSession(t, p!);
    const missing = await book(t, s, { slotId, formAnswers: { fever: true } });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.fields).toHaveProperty(['formAnswers.details']);
    const ok = await book(t, s, { slotId, formAnswers: { fever: false } });
    expect(ok.statusCode).toBe(201);
    const row = await t.ctx.db
      .selectFrom('bookings')
      .select(['form_version_id', 'form_answers'])
      .where('id', '=', ok.json().data.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ form_version_id: versionId, form_answers: { fever: false } });
  });
});

describe('acting for others', () => {
  test('a guardian books for Elsa (mail to the guardian, audit on behalf); Oskar at 14 is child_too_old', async () => {
    const typeId = await createTimeType(t, { minAge: null });
    const slotId = await createSlot(t, { timeTypeId: typeId, unitId, inMinutes: 3 * DAY });
    const anna = await personIdOf(t, 'anna');
    const elsa = await personIdOf(t, 'elsa');
    await verifyEmail(t, anna, 'anna@example.se');
    const s = await citizenSession(t, anna);
    const res = await book(t, s, { slotId, patientId: elsa });
    expect(res.statusCode).toBe(201);
    expect(res.json().data).toMatchObject({
      patient: { personId: elsa, name: 'Elsa Lindqvist' },
      bookedBy: 'guardian',
    });
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['subject_person_id', 'actor_person_id', 'on_behalf_of_relation'])
      .where('record_id', '=', res.json().data.id)
      .executeTakeFirstOrThrow();
    expect(audit).toEqual({ subject_person_id: elsa, actor_person_id: anna, on_behalf_of_relation: 'guardian' });
    const mails = await t.ctx.db.selectFrom('jobs').select('payload').where('kind', '=', 'mail.send').execute();
    const toAnna = mails
      .map((m) => m.payload as { to: string; text: string })
      .filter((m) => m.to === 'anna@example.se');
    expect(toAnna.some((m) => m.text.includes('Det gäller Elsa'))).toBe(true);

    const list = await t.app.inject({ method: 'GET', url: '/api/bookings', headers: s.headers });
    expect(list.json().data.map((b: { patient: { personId: string } }) => b.patient.personId)).toContain(elsa);
    const read = await t.app.inject({ method: 'GET', url: `/api/bookings/${res.json().data.id}`, headers: s.headers });
    expect(read.statusCode).toBe(200);

    const oskar = await personIdOf(t, 'oskar');
    const refused = await book(t, s, { slotId, patientId: oskar });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('child_too_old');
    const stranger = await book(t, s, { slotId, patientId: await personIdOf(t, 'erik') });
    expect(stranger.statusCode).toBe(403);
    expect(stranger.json().error.code).toBe('no_grant');
  });

  test('an ombud with the booking scope may book, list and cancel; without it 403 and 404', async () => {
    const typeId = await createTimeType(t);
    const slotId = await createSlot(t, { timeTypeId: typeId, unitId, inMinutes: 4 * DAY });
    const [grantor, withScope, withoutScope] = await createCitizens(t, 3, 13);
    await grantOmbud(t, grantor!, withScope!, ['booking']);
    await grantOmbud(t, grantor!, withoutScope!, ['messages']);
    const s = await citizenSession(t, withScope!);
    const res = await book(t, s, { slotId, patientId: grantor });
    expect(res.statusCode).toBe(201);
    expect(res.json().data.bookedBy).toBe('ombud');
    const id = res.json().data.id;
    const list = await t.app.inject({ method: 'GET', url: '/api/bookings', headers: s.headers });
    expect(list.json().data.map((b: { id: string }) => b.id)).toEqual([id]);

    const other = await citizenSession(t, withoutScope!);
    const refused = await book(t, other, { slotId, patientId: grantor });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('scope_not_granted');
    const otherList = await t.app.inject({ method: 'GET', url: '/api/bookings', headers: other.headers });
    expect(otherList.json().data).toEqual([]);
    const del = await t.app.inject({ method: 'DELETE', url: `/api/bookings/${id}`, headers: other.headers });
    expect(del.statusCode).toBe(404);

    const cancelled = await t.app.inject({ method: 'DELETE', url: `/api/bookings/${id}`, headers: s.headers });
    expect(cancelled.statusCode).toBe(200);
    expect(await bookedOf(t, slotId)).toBe(0);
  });
});
