import { describe, expect, it, test } from 'vitest';
import { validateAnswers, visibleQuestions } from './answers.js';
import { COVID_FORM } from './test-fixtures.js';

const ids = (answers: Record<string, unknown>) => visibleQuestions(COVID_FORM, answers).map((q) => q.id);

describe('visibleQuestions', () => {
  test.each<[string, Record<string, unknown>, string[]]>([
    ['nothing answered', {}, ['fever', 'allergy', 'notes']],
    ['fever yes', { fever: true }, ['fever', 'fever_since', 'allergy', 'notes']],
    ['fever "true" as a string does not count', { fever: 'true' }, ['fever', 'allergy', 'notes']],
    ['allergy yes', { allergy: true }, ['fever', 'allergy', 'allergy_kind', 'notes']],
    [
      'allergy yes, other',
      { allergy: true, allergy_kind: 'other' },
      ['fever', 'allergy', 'allergy_kind', 'allergy_other', 'notes'],
    ],
    // The chain breaks when the middle question is hidden.
    ['allergy no but kind other', { allergy: false, allergy_kind: 'other' }, ['fever', 'allergy', 'notes']],
  ])('%s', (_name, answers, expected) => {
    expect(ids(answers)).toEqual(expected);
  });
});

describe('validateAnswers', () => {
  it('accepts a complete set, trimming text and leaving out unanswered optional questions', () => {
    expect(
      validateAnswers(COVID_FORM, {
        fever: false,
        allergy: true,
        allergy_kind: 'other',
        allergy_other: '  Bi  ',
        notes: ' ',
      }),
    ).toEqual({
      ok: true,
      answers: { fever: false, allergy: true, allergy_kind: 'other', allergy_other: 'Bi' },
    });
  });

  it('drops answers to hidden questions', () => {
    expect(
      validateAnswers(COVID_FORM, { fever: false, fever_since: '2026-01-01', allergy: false, allergy_kind: 'food' }),
    ).toEqual({
      ok: true,
      answers: { fever: false, allergy: false },
    });
  });

  test.each<[string, Record<string, unknown>, Record<string, string>]>([
    ['nothing answered', {}, { fever: 'Svara på frågan.', allergy: 'Svara på frågan.' }],
    ['follow-up missing', { fever: true, allergy: false }, { fever_since: 'Svara på frågan.' }],
    ['yes/no as a string', { fever: 'ja', allergy: false }, { fever: 'Svara ja eller nej.' }],
    [
      'unknown choice',
      { fever: false, allergy: true, allergy_kind: 'pollen' },
      { allergy_kind: 'Välj ett av alternativen.' },
    ],
    [
      'impossible date',
      { fever: true, fever_since: '2026-02-30', allergy: false },
      { fever_since: 'Ange ett giltigt datum (ÅÅÅÅ-MM-DD).' },
    ],
    [
      'date in another format',
      { fever: true, fever_since: '30/1/2026', allergy: false },
      { fever_since: 'Ange ett giltigt datum (ÅÅÅÅ-MM-DD).' },
    ],
    [
      'text too long',
      { fever: false, allergy: true, allergy_kind: 'other', allergy_other: 'x'.repeat(21) },
      { allergy_other: 'Svaret får vara högst 20 tecken.' },
    ],
    ['text not a string', { fever: false, allergy: false, notes: 5 }, { notes: 'Svara med text.' }],
    ['unknown key', { fever: false, allergy: false, shoeSize: 42 }, { shoeSize: 'Okänd fråga.' }],
    ['inherited name as key', { fever: false, allergy: false, constructor: 'x' }, { constructor: 'Okänd fråga.' }],
  ])('refuses %s', (_name, answers, fields) => {
    expect(validateAnswers(COVID_FORM, answers)).toEqual({ ok: false, fields });
  });

  it('counts characters, not UTF-16 units (åäö and emoji count once)', () => {
    const base = { fever: false, allergy: true, allergy_kind: 'other' };
    expect(validateAnswers(COVID_FORM, { ...base, allergy_other: 'å'.repeat(20) }).ok).toBe(true);
    expect(validateAnswers(COVID_FORM, { ...base, allergy_other: '😀'.repeat(20) }).ok).toBe(true);
    expect(validateAnswers(COVID_FORM, { ...base, allergy_other: '😀'.repeat(21) }).ok).toBe(false);
  });

  it('applies the default text limit of 2000', () => {
    expect(validateAnswers(COVID_FORM, { fever: false, allergy: false, notes: 'x'.repeat(2000) }).ok).toBe(true);
    expect(validateAnswers(COVID_FORM, { fever: false, allergy: false, notes: 'x'.repeat(2001) })).toEqual({
      ok: false,
      fields: { notes: 'Svaret får vara högst 2000 tecken.' },
    });
  });

  it('an invalid answer does not reveal its follow-up', () => {
    // fever is invalid, so fever_since stays hidden and is not reported as missing.
    expect(validateAnswers(COVID_FORM, { fever: 'yes', allergy: false })).toEqual({
      ok: false,
      fields: { fever: 'Svara ja eller nej.' },
    });
  });

  test.each([null, [], 'answers', 3])('refuses non-object answers (%j)', (answers) => {
    expect(validateAnswers(COVID_FORM, answers)).toEqual({ ok: false, fields: { _form: 'Svaren har fel format.' } });
  });
});
