/**
 * Issue 19, item 3: "Har du feber i dag?" is a question about the visit's own
 * day (`askOn: 'visit_day'`). Booked days ahead it is not asked (not required,
 * an answer sent anyway is not stored); booked on the visit's day it is
 * required. A rebooking keeps the other answers but never the old day's
 * fever answer, and a rebooking to a time today asks it again. The demo's
 * vaccination form marks its fever question so.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fixedClock } from '../src/platform/clock.js';
import { seedDemo } from '../src/seed/demo.js';
import { DEMO_STAFF, DEMO_UNITS } from '../src/seed/demo-data.js';
import { demoVaccinationForm } from '../src/seed/demo-timebook.js';
import { book, createCitizens, createSlot, createTimeType } from './booking-fixtures.js';
import { startTestApp, type TestApp } from './harness.js';
import { citizenSession, staffSession } from './helpers/sessions.js';

// 08:00 in Stockholm (CEST): the rest of the day is "today".
const NOW = '2026-09-01T06:00:00Z';
const clock = fixedClock(NOW);
const DAY = 24 * 60;
const unitId = DEMO_UNITS.vaccCity;
let t: TestApp;
let typeId: string;

beforeAll(async () => {
  t = await startTestApp({ clock, env: { SMTP_PORT: '1' } });
  await seedDemo(t.ctx.db, clock);
  const formId = randomUUID();
  await t.ctx.db.insertInto('health_forms').values({ id: formId, name: 'Hälsodeklaration' }).execute();
  const label = (sv: string) => ({ sv, en: sv });
  await t.ctx.db
    .insertInto('health_form_versions')
    .values({
      id: randomUUID(),
      form_id: formId,
      version: 1,
      definition: JSON.stringify({
        title: label('Hälsodeklaration'),
        questions: [
          { id: 'fever', type: 'yes_no', label: label('Har du feber i dag?'), required: true, askOn: 'visit_day' },
          {
            id: 'fever_since',
            type: 'date',
            label: label('Sedan när?'),
            required: true,
            showIf: { questionId: 'fever', equals: true },
          },
          { id: 'allergy', type: 'yes_no', label: label('Allergi?'), required: true },
        ],
      }),
    })
    .execute();
  typeId = await createTimeType(t, { formId, cutoffMinutes: 30 });
}, 180_000);
afterAll(async () => {
  await t?.close();
});

const answersOf = async (bookingId: string) =>
  (await t.ctx.db.selectFrom('bookings').select('form_answers').where('id', '=', bookingId).executeTakeFirstOrThrow())
    .form_answers;

function rebook(s: { headers: Record<string, string> }, bookingId: string, payload: Record<string, unknown>) {
  return t.app.inject({
    method: 'POST',
    url: `/api/bookings/${bookingId}/rebook`,
    headers: { ...s.headers, 'idempotency-key': randomUUID() },
    payload,
  });
}

describe('a question about the visit’s own day', () => {
  test('days ahead it is not asked: not required, and an answer sent anyway is not stored', async () => {
    const slotId = await createSlot(t, { timeTypeId: typeId, unitId, inMinutes: 3 * DAY });
    const [p, q] = await createCitizens(t, 2, 40);
    const res = await book(t, await citizenSession(t, p!), { slotId, formAnswers: { allergy: false } });
    expect(res.statusCode).toBe(201);
    expect(await answersOf(res.json().data.id)).toEqual({ allergy: false });

    const sent = await book(t, await citizenSession(t, q!), { slotId, formAnswers: { fever: true, allergy: false } });
    expect(sent.statusCode).toBe(201);
    expect(await answersOf(sent.json().data.id)).toEqual({ allergy: false });
  });

  test('on the visit’s day it is asked: required (400 names it), with its follow-up, and stored', async () => {
    // 18:00 Stockholm the same day.
    const slotId = await createSlot(t, { timeTypeId: typeId, unitId, inMinutes: 10 * 60 });
    const [p] = await createCitizens(t, 1, 42);
    const s = await citizenSession(t, p!);
    const missing = await book(t, s, { slotId, formAnswers: { allergy: false } });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.code).toBe('invalid_form_answers');
    expect(Object.keys(missing.json().error.fields)).toEqual(['formAnswers.fever']);

    const followUp = await book(t, s, { slotId, formAnswers: { fever: true, allergy: false } });
    expect(followUp.statusCode).toBe(400);
    expect(Object.keys(followUp.json().error.fields)).toEqual(['formAnswers.fever_since']);

    const ok = await book(t, s, { slotId, formAnswers: { fever: false, allergy: false } });
    expect(ok.statusCode).toBe(201);
    expect(await answersOf(ok.json().data.id)).toEqual({ fever: false, allergy: false });
  });

  test('a rebooking drops the old day’s answer, and a rebooking to today asks it again', async () => {
    const today = await createSlot(t, { timeTypeId: typeId, unitId, inMinutes: 9 * 60 });
    const later = await createSlot(t, { timeTypeId: typeId, unitId, inMinutes: 4 * DAY });
    const todayAgain = await createSlot(t, { timeTypeId: typeId, unitId, inMinutes: 11 * 60 });
    const [p] = await createCitizens(t, 1, 43);
    const s = await citizenSession(t, p!);
    const first = await book(t, s, { slotId: today, formAnswers: { fever: false, allergy: true } });
    expect(first.statusCode).toBe(201);

    // Today → in four days: "no fever today" says nothing about that day; the allergy answer travels.
    const moved = await rebook(s, first.json().data.id, { slotId: later });
    expect(moved.statusCode).toBe(201);
    expect(await answersOf(moved.json().data.id)).toEqual({ allergy: true });

    // Back to a time today: the fever question is asked again.
    const unasked = await rebook(s, moved.json().data.id, { slotId: todayAgain });
    expect(unasked.statusCode).toBe(400);
    expect(Object.keys(unasked.json().error.fields)).toEqual(['formAnswers.fever']);
    // Only the day's questions are taken from a rebooking: the allergy answer is not rewritten there.
    const asked = await rebook(s, moved.json().data.id, {
      slotId: todayAgain,
      formAnswers: { fever: false, allergy: false },
    });
    expect(asked.statusCode).toBe(201);
    expect(await answersOf(asked.json().data.id)).toEqual({ fever: false, allergy: true });
  });

  test('booked ahead, the staff day list marks the question as asked on the day (not "no answer")', async () => {
    const slotId = await createSlot(t, { timeTypeId: typeId, unitId, inMinutes: 3 * DAY + 30 }); // 4 Sep 08.30
    const [p] = await createCitizens(t, 1, 44);
    const res = await book(t, await citizenSession(t, p!), { slotId, formAnswers: { allergy: true } });
    expect(res.statusCode).toBe(201);
    const staff = await staffSession(t, DEMO_STAFF.vaccinatorCity, { activeUnitId: unitId });
    const list = await t.app.inject({
      method: 'GET',
      url: `/api/staff/units/${unitId}/day-list?date=2026-09-04`,
      headers: staff.headers,
    });
    expect(list.statusCode).toBe(200);
    const entry = (list.json().data.entries as { bookingId: string; declaration: { answers: unknown[] } }[]).find(
      (e) => e.bookingId === res.json().data.id,
    );
    expect(entry?.declaration.answers).toEqual([
      expect.objectContaining({
        questionId: 'fever',
        answer: null,
        question: expect.objectContaining({ askOn: 'visit_day' }),
      }),
      expect.objectContaining({ questionId: 'allergy', answer: true }),
    ]);
    // The other question carries no such mark.
    expect((entry!.declaration.answers[1] as { question: object }).question).not.toHaveProperty('askOn');
  });

  test('the demo vaccination form asks about fever only on the visit’s day', () => {
    const fever = demoVaccinationForm.questions.find((q) => q.id === 'fever');
    expect(fever).toMatchObject({ askOn: 'visit_day' });
  });
});
