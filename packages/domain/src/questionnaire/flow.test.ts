import { describe, expect, test } from 'vitest';
import { demoTriageDocument } from '../triage/demo.js';
import { enabledLinkIds, nextPage, previousPage, questionPages } from './flow.js';
import type { Answers, Questionnaire } from './types.js';

const Q = demoTriageDocument().questionnaire;
const no = { valueBoolean: false };
const yes = { valueBoolean: true };
const code = (c: string) => ({ valueCoding: { code: c } });
const pages = (answers: Answers) => questionPages(Q, answers).map((p) => p.item.linkId);

describe('questionPages (enableWhen, nested groups)', () => {
  test.each<[string, Answers, string[]]>([
    ['nothing answered', {}, ['chest-pain', 'breathing', 'concern']],
    [
      'sore throat',
      { concern: [code('sore-throat')] },
      ['chest-pain', 'breathing', 'concern', 'throat-days', 'throat-swallow', 'throat-fever'],
    ],
    [
      'child, no temperature yet',
      { concern: [code('fever-child')] },
      ['chest-pain', 'breathing', 'concern', 'child-age-months', 'child-temp', 'child-drinking'],
    ],
    [
      'child, 38.0 asks about the neck (>= edge)',
      { concern: [code('fever-child')], 'child-temp': [{ valueDecimal: 38 }] },
      ['chest-pain', 'breathing', 'concern', 'child-age-months', 'child-temp', 'child-stiff-neck', 'child-drinking'],
    ],
    [
      'child, 37.9 does not',
      { concern: [code('fever-child')], 'child-temp': [{ valueDecimal: 37.9 }] },
      ['chest-pain', 'breathing', 'concern', 'child-age-months', 'child-temp', 'child-drinking'],
    ],
    [
      'a hidden group hides the question inside whatever it was answered',
      { concern: [code('urinary')], 'child-temp': [{ valueDecimal: 40 }] },
      ['chest-pain', 'breathing', 'concern', 'uti-burning', 'uti-fever', 'uti-back-pain'],
    ],
    ['other', { concern: [code('other')] }, ['chest-pain', 'breathing', 'concern', 'other-text']],
  ])('%s', (_name, answers, expected) => {
    expect(pages(answers)).toEqual(expected);
  });
});

const q2: Questionnaire = {
  resourceType: 'Questionnaire',
  url: 'u',
  version: '1',
  title: 't',
  status: 'draft',
  item: [
    { linkId: 'a', type: 'boolean', text: 'a' },
    { linkId: 'n', type: 'integer', text: 'n' },
    {
      linkId: 'all',
      type: 'string',
      text: 'all',
      enableBehavior: 'all',
      enableWhen: [
        { question: 'a', operator: '=', answerBoolean: true },
        { question: 'n', operator: '>', answerInteger: 5 },
      ],
    },
    {
      linkId: 'any',
      type: 'string',
      text: 'any',
      enableBehavior: 'any',
      enableWhen: [
        { question: 'a', operator: '=', answerBoolean: true },
        { question: 'n', operator: '>', answerInteger: 5 },
      ],
    },
    {
      linkId: 'not',
      type: 'string',
      text: 'not',
      enableWhen: [{ question: 'a', operator: '!=', answerBoolean: true }],
    },
    {
      linkId: 'exists',
      type: 'string',
      text: 'e',
      enableWhen: [{ question: 'n', operator: 'exists', answerBoolean: true }],
    },
    {
      linkId: 'missing',
      type: 'string',
      text: 'm',
      enableWhen: [{ question: 'n', operator: 'exists', answerBoolean: false }],
    },
  ],
};

describe('enableBehavior and operators', () => {
  test.each<[string, Answers, string[]]>([
    ['nothing: only "n missing"', {}, ['a', 'n', 'missing']],
    ['a yes, n 5', { a: [yes], n: [{ valueInteger: 5 }] }, ['a', 'n', 'any', 'exists']],
    ['a yes, n 6', { a: [yes], n: [{ valueInteger: 6 }] }, ['a', 'n', 'all', 'any', 'exists']],
    ['a no, n 6', { a: [no], n: [{ valueInteger: 6 }] }, ['a', 'n', 'any', 'not', 'exists']],
    ['a no', { a: [no] }, ['a', 'n', 'not', 'missing']],
  ])('%s', (_name, answers, expected) => {
    expect([...enabledLinkIds(q2, answers)]).toEqual(expected);
  });
});

describe('nextPage / previousPage', () => {
  test.each<[string, Answers, string | null, string | null]>([
    ['start', {}, null, 'chest-pain'],
    ['after chest pain', { 'chest-pain': [no] }, 'chest-pain', 'breathing'],
    ['after concern: into the group', { concern: [code('rash')] }, 'concern', 'rash-photo'],
    ['last question of a branch ends the flow', { concern: [code('rash')] }, 'rash-spreading', null],
    ['changing the concern skips the old branch', { concern: [code('other')] }, 'concern', 'other-text'],
  ])('%s', (_name, answers, after, expected) => {
    expect(nextPage(Q, answers, after)?.item.linkId ?? null).toBe(expected);
  });

  test('previous page follows the enabled pages', () => {
    const answers = { concern: [code('urinary')] };
    expect(previousPage(Q, answers, 'uti-burning')?.item.linkId).toBe('concern');
    expect(previousPage(Q, answers, 'chest-pain')).toBeNull();
  });

  test('a page knows its groups (for the page heading)', () => {
    const page = nextPage(Q, { concern: [code('fever-child')] }, 'concern');
    expect(page?.groups.map((g) => g.linkId)).toEqual(['child']);
  });
});
