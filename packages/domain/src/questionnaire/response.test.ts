import { describe, expect, it, test } from 'vitest';
import { demoTriageDocument } from '../triage/demo.js';
import { answersFromResponse, checkAnswers, checkResponse, toResponse } from './response.js';
import type { Answers } from './types.js';
import { canonicalOf } from './types.js';

const Q = demoTriageDocument().questionnaire;
const no = { valueBoolean: false };
const yes = { valueBoolean: true };
const code = (c: string) => ({ valueCoding: { code: c } });
const throat: Answers = {
  'chest-pain': [no],
  breathing: [no],
  concern: [code('sore-throat')],
  'throat-days': [{ valueInteger: 2 }],
  'throat-swallow': [no],
  'throat-fever': [yes],
};

describe('checkAnswers', () => {
  it('accepts a complete set and fills the option display from the questionnaire', () => {
    const result = checkAnswers(Q, throat, { complete: true });
    expect(result.ok).toBe(true);
    if (result.ok)
      expect(result.answers.concern).toEqual([{ valueCoding: { code: 'sore-throat', display: 'Ont i halsen' } }]);
  });

  it('lets a draft leave required questions open', () => {
    expect(checkAnswers(Q, { 'chest-pain': [no] }, { complete: false }).ok).toBe(true);
  });

  test.each<[string, Record<string, unknown>, string, string]>([
    ['a skipped required question', { ...throat, 'throat-days': [] }, 'throat-days', 'required'],
    ['a question not enabled', { ...throat, 'uti-fever': [no] }, 'uti-fever', 'not_enabled'],
    ['a question that does not exist', { ...throat, 'shoe-size': [{ valueInteger: 44 }] }, 'shoe-size', 'unknown_item'],
    ['a display item', { ...throat, 'demo-notice': [{ valueString: 'x' }] }, 'demo-notice', 'unknown_item'],
    ['a wrong type', { ...throat, 'throat-days': [{ valueString: 'two' }] }, 'throat-days', 'wrong_type'],
    ['a decimal for an integer', { ...throat, 'throat-days': [{ valueInteger: 2.5 }] }, 'throat-days', 'wrong_type'],
    ['an option not offered', { ...throat, concern: [code('toothache')] }, 'concern', 'not_an_option'],
    ['two answers to one question', { ...throat, breathing: [no, yes] }, 'breathing', 'too_many_answers'],
    [
      'blank text',
      { ...throat, concern: [code('other')], 'other-text': [{ valueString: '  ' }] },
      'other-text',
      'wrong_type',
    ],
    [
      'text too long',
      { ...throat, concern: [code('other')], 'other-text': [{ valueString: 'x'.repeat(4001) }] },
      'other-text',
      'too_long',
    ],
    [
      'two keys in one answer',
      { ...throat, breathing: [{ valueBoolean: false, valueString: 'no' }] },
      'breathing',
      'wrong_type',
    ],
  ])('names the item for %s', (_name, answers, linkId, code) => {
    const result = checkAnswers(Q, answers, { complete: true });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems).toContainEqual(expect.objectContaining({ linkId, code }));
  });
});

describe('QuestionnaireResponse', () => {
  it('round-trips: answers → nested response → answers', () => {
    const checked = checkAnswers(Q, throat, { complete: true });
    if (!checked.ok) throw new Error('fixture');
    const response = toResponse(Q, checked.answers, 'completed', '2026-12-07T08:00:00Z');
    expect(response.questionnaire).toBe(canonicalOf(Q));
    expect(response.item.map((i) => i.linkId)).toEqual(['urgent', 'concern', 'throat']);
    expect(response.item[2]?.item?.map((i) => i.linkId)).toEqual(['throat-days', 'throat-swallow', 'throat-fever']);
    const back = checkResponse(Q, response, { complete: true });
    expect(back).toEqual({ ok: true, answers: checked.answers });
  });

  it('refuses an answer set made for another version (version pinning)', () => {
    const v2 = demoTriageDocument('2').questionnaire;
    const response = toResponse(Q, throat, 'completed');
    const result = checkResponse(v2, response, { complete: true });
    expect(result).toEqual({
      ok: false,
      problems: [expect.objectContaining({ linkId: 'questionnaire', code: 'version_mismatch' })],
    });
    if (!result.ok) expect(result.problems[0]?.message).toContain(`${Q.url}|1`);
  });

  it('refuses something that is not a response', () => {
    const result = checkResponse(Q, { resourceType: 'Patient' }, { complete: true });
    expect(result.ok).toBe(false);
  });

  it('refuses a question answered twice in different groups', () => {
    const result = answersFromResponse({
      resourceType: 'QuestionnaireResponse',
      questionnaire: canonicalOf(Q),
      status: 'completed',
      item: [
        { linkId: 'breathing', answer: [no] },
        { linkId: 'urgent', item: [{ linkId: 'breathing', answer: [no] }] },
      ],
    });
    expect(result).toEqual({
      ok: false,
      problems: [expect.objectContaining({ linkId: 'breathing', code: 'duplicate_item' })],
    });
  });
});
