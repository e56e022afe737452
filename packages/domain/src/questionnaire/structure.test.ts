import { describe, expect, it, test } from 'vitest';
import { demoTriageDocument } from '../triage/demo.js';
import { parseQuestionnaire } from './structure.js';

const base = () => ({
  resourceType: 'Questionnaire',
  url: 'https://example.org/q',
  version: '1',
  title: 'Test',
  status: 'draft',
  item: [
    { linkId: 'a', type: 'boolean', text: 'A?', required: true },
    {
      linkId: 'g',
      type: 'group',
      text: 'Group',
      item: [
        { linkId: 'b', type: 'choice', text: 'B?', answerOption: [{ valueCoding: { code: 'x', display: 'X' } }] },
        { linkId: 'c', type: 'integer', text: 'C?' },
      ],
    },
  ] as Record<string, unknown>[],
});

describe('parseQuestionnaire', () => {
  it('accepts the demo questionnaire unchanged', () => {
    const q = demoTriageDocument().questionnaire;
    const parsed = parseQuestionnaire(structuredClone(q));
    expect(parsed).toEqual({ ok: true, value: q });
  });

  it('keeps only the fields the engine uses', () => {
    const input = {
      ...base(),
      publisher: 'someone',
      item: [{ linkId: 'a', type: 'boolean', text: 'A?', prefix: '1.' }],
    };
    const parsed = parseQuestionnaire(input);
    expect(parsed.ok && parsed.value).toEqual({
      resourceType: 'Questionnaire',
      url: 'https://example.org/q',
      version: '1',
      title: 'Test',
      status: 'draft',
      item: [{ linkId: 'a', type: 'boolean', text: 'A?' }],
    });
  });

  type Mutate = (q: ReturnType<typeof base>) => void;
  test.each<[string, Mutate, string, string]>([
    [
      'not a questionnaire',
      (q) => Object.assign(q, { resourceType: 'Patient' }),
      'questionnaire',
      'not_a_questionnaire',
    ],
    ['no version', (q) => Object.assign(q, { version: '' }), 'questionnaire', 'missing_version'],
    ['no url', (q) => Object.assign(q, { url: undefined }), 'questionnaire', 'missing_url'],
    ['bad status', (q) => Object.assign(q, { status: 'published' }), 'questionnaire', 'invalid_status'],
    ['no items', (q) => Object.assign(q, { item: [] }), 'questionnaire', 'no_items'],
    ['duplicate linkId', (q) => q.item.push({ linkId: 'a', type: 'string', text: 'again' }), 'a', 'duplicate_link_id'],
    [
      'bad linkId',
      (q) => q.item.push({ linkId: 'with space', type: 'string', text: 'x' }),
      'with space',
      'invalid_link_id',
    ],
    ['unknown type', (q) => q.item.push({ linkId: 'd', type: 'quantity', text: 'x' }), 'd', 'invalid_type'],
    ['question without text', (q) => q.item.push({ linkId: 'd', type: 'string' }), 'd', 'missing_text'],
    ['choice without options', (q) => q.item.push({ linkId: 'd', type: 'choice', text: 'x' }), 'd', 'no_options'],
    [
      'duplicate option',
      (q) =>
        q.item.push({
          linkId: 'd',
          type: 'choice',
          text: 'x',
          answerOption: [{ valueCoding: { code: 'p', display: 'P' } }, { valueCoding: { code: 'p', display: 'Q' } }],
        }),
      'd',
      'duplicate_option',
    ],
    [
      'options on a boolean',
      (q) => q.item.push({ linkId: 'd', type: 'boolean', text: 'x', answerOption: [] }),
      'd',
      'options_not_allowed',
    ],
    ['empty group', (q) => q.item.push({ linkId: 'd', type: 'group', text: 'x', item: [] }), 'd', 'empty_group'],
    [
      'items under a question',
      (q) => q.item.push({ linkId: 'd', type: 'string', text: 'x', item: [] }),
      'd',
      'nested_not_allowed',
    ],
    [
      'repeats',
      (q) => q.item.push({ linkId: 'd', type: 'string', text: 'x', repeats: true }),
      'd',
      'repeats_not_supported',
    ],
    [
      'required display',
      (q) => q.item.push({ linkId: 'd', type: 'display', text: 'x', required: true }),
      'd',
      'invalid_required',
    ],
    [
      'enableWhen on a later question',
      (q) =>
        q.item.unshift({
          linkId: 'd',
          type: 'string',
          text: 'x',
          enableWhen: [{ question: 'a', operator: '=', answerBoolean: true }],
        }),
      'd',
      'unknown_enable_question',
    ],
    [
      'enableWhen on an unknown question',
      (q) =>
        q.item.push({
          linkId: 'd',
          type: 'string',
          text: 'x',
          enableWhen: [{ question: 'zz', operator: 'exists', answerBoolean: true }],
        }),
      'd',
      'unknown_enable_question',
    ],
    [
      'enableWhen with the wrong answer type',
      (q) =>
        q.item.push({
          linkId: 'd',
          type: 'string',
          text: 'x',
          enableWhen: [{ question: 'a', operator: '=', answerString: 'yes' }],
        }),
      'd',
      'invalid_enable_answer',
    ],
    [
      'enableWhen ordering a boolean',
      (q) =>
        q.item.push({
          linkId: 'd',
          type: 'string',
          text: 'x',
          enableWhen: [{ question: 'a', operator: '>', answerBoolean: true }],
        }),
      'd',
      'invalid_operator',
    ],
    [
      'enableWhen with an option the question lacks',
      (q) =>
        q.item.push({
          linkId: 'd',
          type: 'string',
          text: 'x',
          enableWhen: [{ question: 'b', operator: '=', answerCoding: { code: 'nope' } }],
        }),
      'd',
      'invalid_enable_answer',
    ],
    [
      'two conditions without enableBehavior',
      (q) =>
        q.item.push({
          linkId: 'd',
          type: 'string',
          text: 'x',
          enableWhen: [
            { question: 'a', operator: '=', answerBoolean: true },
            { question: 'c', operator: '>', answerInteger: 3 },
          ],
        }),
      'd',
      'missing_enable_behavior',
    ],
    [
      'unknown operator',
      (q) =>
        q.item.push({
          linkId: 'd',
          type: 'string',
          text: 'x',
          enableWhen: [{ question: 'a', operator: '~', answerBoolean: true }],
        }),
      'd',
      'invalid_operator',
    ],
  ])('refuses %s, naming the item', (_name, mutate, linkId, code) => {
    const q = base();
    mutate(q);
    const parsed = parseQuestionnaire(q);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems).toContainEqual(expect.objectContaining({ linkId, code }));
  });
});
