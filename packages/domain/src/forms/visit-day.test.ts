/** Questions about the visit's own day (`askOn: 'visit_day'`): asked only that day, not carried by a rebooking. */
import { describe, expect, test } from 'vitest';
import {
  formAskedFor,
  isVisitDay,
  validateAnswers,
  visibleQuestions,
  visitDayQuestions,
  withoutVisitDayAnswers,
} from './answers.js';
import { type FormDefinition, validateFormDefinition } from './definition.js';

const label = (sv: string) => ({ sv, en: sv });
const raw = {
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
};

function form(): FormDefinition {
  const checked = validateFormDefinition(raw);
  if (!checked.ok) throw new Error(checked.errors.join(' '));
  return checked.value;
}

describe('visit-day questions', () => {
  test('the definition keeps askOn and refuses any other value', () => {
    expect(visitDayQuestions(form()).map((q) => q.id)).toEqual(['fever']);
    const bad = validateFormDefinition({ ...raw, questions: [{ ...raw.questions[0], askOn: 'always' }] });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors.join(' ')).toMatch(/askOn/);
  });

  test('the visit day is Stockholm’s calendar day', () => {
    // 23:30 UTC on 31 August is 01:30 on 1 September in Stockholm.
    expect(isVisitDay(new Date('2026-08-31T23:30:00Z'), new Date('2026-09-01T15:00:00Z'))).toBe(true);
    expect(isVisitDay(new Date('2026-08-31T21:30:00Z'), new Date('2026-09-01T08:00:00Z'))).toBe(false);
  });

  test('days ahead: not asked (with what depends on it), an answer sent is dropped', () => {
    const ahead = { onVisitDay: false };
    expect(validateAnswers(form(), { allergy: false }, ahead)).toEqual({ ok: true, answers: { allergy: false } });
    expect(validateAnswers(form(), { fever: true, allergy: false }, ahead)).toEqual({
      ok: true,
      answers: { allergy: false },
    });
    expect(visibleQuestions(form(), { fever: true }, ahead).map((q) => q.id)).toEqual(['allergy']);
    expect(formAskedFor(form(), ahead).questions.map((q) => q.id)).toEqual(['fever_since', 'allergy']);
  });

  test('on the day (and without a context): asked and required', () => {
    for (const context of [{ onVisitDay: true }, undefined]) {
      const res = validateAnswers(form(), { allergy: false }, context);
      expect(res.ok).toBe(false);
      if (!res.ok) expect(Object.keys(res.fields)).toEqual(['fever']);
    }
    expect(formAskedFor(form(), { onVisitDay: true })).toEqual(form());
  });

  test('a rebooking keeps every answer but the day’s', () => {
    expect(withoutVisitDayAnswers(form(), { fever: false, allergy: true })).toEqual({ allergy: true });
    expect(withoutVisitDayAnswers(form(), null)).toBeNull();
  });
});
