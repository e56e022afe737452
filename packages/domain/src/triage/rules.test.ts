import { describe, expect, it, test } from 'vitest';
import type { Answers } from '../questionnaire/types.js';
import { demoTriageDocument } from './demo.js';
import { evaluateAnswers } from './evaluate.js';
import type { Route, Urgency } from './outcome.js';
import { decide, parseRules, raisedRedFlag } from './rules.js';

const doc = demoTriageDocument();
const Q = doc.questionnaire;
const no = { valueBoolean: false };
const yes = { valueBoolean: true };
const int = (n: number) => ({ valueInteger: n });
const dec = (n: number) => ({ valueDecimal: n });
const code = (c: string) => ({ valueCoding: { code: c } });
const calm = { 'chest-pain': [no], breathing: [no] };
const throat = (days: number, swallow = false): Answers => ({
  ...calm,
  concern: [code('sore-throat')],
  'throat-days': [int(days)],
  'throat-swallow': [swallow ? yes : no],
  'throat-fever': [no],
});
const child = (months: number, temp: number, drinking: boolean, stiff?: boolean): Answers => ({
  ...calm,
  concern: [code('fever-child')],
  'child-age-months': [int(months)],
  'child-temp': [dec(temp)],
  ...(stiff === undefined ? {} : { 'child-stiff-neck': [stiff ? yes : no] }),
  'child-drinking': [drinking ? yes : no],
});
const uti = (fever: boolean, back: boolean): Answers => ({
  ...calm,
  concern: [code('urinary')],
  'uti-burning': [yes],
  'uti-fever': [fever ? yes : no],
  'uti-back-pain': [back ? yes : no],
});
const rash = (fever: boolean, spreading: boolean): Answers => ({
  ...calm,
  concern: [code('rash')],
  'rash-fever': [fever ? yes : no],
  'rash-spreading': [spreading ? yes : no],
});

describe('decide: every route of the demo', () => {
  test.each<[string, Answers, number, Route, Urgency, string | null]>([
    ['sore throat, 2 days', throat(2), 30, 'self_care', 'within_14_days', 'throat-mild'],
    ['sore throat, 6 days (edge below 7)', throat(6), 30, 'self_care', 'within_14_days', 'throat-mild'],
    ['sore throat, 7 days', throat(7), 30, 'book_time', 'within_3_days', 'throat-long'],
    [
      'cannot swallow: the more urgent rule wins over the long one',
      throat(8, true),
      30,
      'book_time',
      'same_day',
      'throat-swallow',
    ],
    ['infant of 2 months with fever', child(2, 38.5, true, false), 0, 'call_1177', 'acute', 'child-infant'],
    [
      'child of 3 months drinking (edge)',
      child(3, 38.5, true, false),
      0,
      'drop_in_video',
      'same_day',
      'child-fever-drinking',
    ],
    ['child not drinking', child(30, 39, false, false), 2, 'book_time', 'same_day', 'child-not-drinking'],
    ['urinary, simple', uti(false, false), 40, 'message_unit', 'within_3_days', 'uti-simple'],
    ['urinary with fever', uti(true, false), 40, 'book_time', 'same_day', 'uti-upper'],
    ['urinary with back pain', uti(false, true), 40, 'book_time', 'same_day', 'uti-upper'],
    ['rash, mild', rash(false, false), 20, 'message_unit', 'within_14_days', 'rash-mild'],
    ['rash spreading', rash(false, true), 20, 'drop_in_video', 'same_day', 'rash-fever'],
    [
      'mental health',
      { ...calm, concern: [code('mental-health')], 'mental-harm': [no], 'mental-weeks': [int(3)] },
      20,
      'book_time',
      'within_14_days',
      'mental',
    ],
    [
      'something else: no rule, the fallback',
      { ...calm, concern: [code('other')], 'other-text': [{ valueString: 'x' }] },
      50,
      'message_unit',
      'within_3_days',
      null,
    ],
  ])('%s', (_name, answers, ageYears, route, urgency, ruleId) => {
    const decision = decide(Q, doc.rules, answers, { ageYears });
    expect(decision).toMatchObject({ kind: 'outcome', ruleId, outcome: { route, urgency } });
  });
});

describe('red flags stop the flow at once', () => {
  test.each<[string, Answers, string | null]>([
    ['chest pain as the first answer', { 'chest-pain': [yes] }, 'chest-pain'],
    ['difficulty breathing', { 'chest-pain': [no], breathing: [yes] }, 'breathing'],
    ['stiff neck with 38.0', child(20, 38, true, true), 'stiff-neck-fever'],
    [
      'self-harm thoughts before the last question',
      { ...calm, concern: [code('mental-health')], 'mental-harm': [yes] },
      'self-harm',
    ],
    [
      'stiff neck answered, then temperature lowered: the question is no longer asked',
      child(20, 37.5, true, true),
      null,
    ],
    [
      'a stale answer in another branch does not raise',
      { ...calm, concern: [code('rash')], 'mental-harm': [yes] },
      null,
    ],
    ['no answers', {}, null],
  ])('%s', (_name, answers, flag) => {
    expect(raisedRedFlag(Q, doc.rules, answers, { ageYears: 30 })?.id ?? null).toBe(flag);
  });

  it('a red flag overrides every rule and sends to 112 with an acute urgency', () => {
    const answers = { ...throat(2), 'chest-pain': [yes] };
    expect(decide(Q, doc.rules, answers, { ageYears: 30 })).toEqual({
      kind: 'red_flag',
      flagId: 'chest-pain',
      outcome: { urgency: 'acute', visitForm: 'physical', profession: 'emergency_services', route: 'call_112' },
    });
  });
});

describe('age facts', () => {
  it('a rule can compare the patient age', () => {
    const parsed = parseRules(
      {
        ...doc.rules,
        rules: [
          {
            id: 'old',
            when: { fact: 'ageYears', operator: '>=', value: 75 },
            outcome: {
              urgency: 'same_day',
              visitForm: 'physical',
              profession: 'doctor',
              route: 'book_time',
              bookingType: 'home-visit',
            },
          },
        ],
      },
      Q,
    );
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const answers = uti(false, false);
    expect(decide(Q, parsed.value, answers, { ageYears: 75 }).outcome.route).toBe('book_time');
    expect(decide(Q, parsed.value, answers, { ageYears: 74 }).outcome.route).toBe('message_unit');
  });
});

describe('parseRules', () => {
  it('accepts the demo rules unchanged', () => {
    expect(parseRules(structuredClone(doc.rules), Q)).toEqual({ ok: true, value: doc.rules });
  });

  const rule = (when: unknown, outcome: unknown = doc.rules.fallback) => ({
    ...doc.rules,
    rules: [{ id: 'r', when, outcome }],
  });
  test.each<[string, unknown, string, string]>([
    ['an unknown question', rule({ question: 'nope', operator: '=', value: true }), 'r', 'invalid_condition'],
    [
      'a value of the wrong type',
      rule({ question: 'breathing', operator: '=', value: 'yes' }),
      'r',
      'invalid_condition',
    ],
    [
      'an option that does not exist',
      rule({ question: 'concern', operator: '=', value: 'toothache' }),
      'r',
      'invalid_condition',
    ],
    ['an empty all', rule({ all: [] }), 'r', 'invalid_condition'],
    [
      'an unknown urgency',
      rule({ question: 'breathing', operator: '=', value: true }, { ...doc.rules.fallback, urgency: 'soon' }),
      'r',
      'invalid_outcome',
    ],
    [
      'self care without article',
      rule({ question: 'breathing', operator: '=', value: true }, { ...doc.rules.fallback, route: 'self_care' }),
      'r',
      'invalid_outcome',
    ],
    [
      'a booking without type',
      rule({ question: 'breathing', operator: '=', value: true }, { ...doc.rules.fallback, route: 'book_time' }),
      'r',
      'invalid_outcome',
    ],
    [
      'a red flag to a unit',
      {
        ...doc.rules,
        redFlags: [{ id: 'f', when: { question: 'breathing', operator: '=', value: true }, route: 'message_unit' }],
      },
      'f',
      'invalid_outcome',
    ],
    [
      'duplicate ids',
      { ...doc.rules, redFlags: [...doc.rules.redFlags, doc.rules.redFlags[0]] },
      'chest-pain',
      'duplicate_rule_id',
    ],
    ['no fallback', { ...doc.rules, fallback: undefined }, 'fallback', 'invalid_outcome'],
    ['no talk-to-someone outcome', { ...doc.rules, talkToSomeone: null }, 'talkToSomeone', 'invalid_outcome'],
  ])('refuses %s, naming the rule', (_name, raw, linkId, code) => {
    const parsed = parseRules(raw, Q);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems).toContainEqual(expect.objectContaining({ linkId, code }));
  });
});

describe('evaluateAnswers', () => {
  it('stops at a red flag even when later required questions are unanswered', () => {
    const result = evaluateAnswers(Q, doc.rules, { 'chest-pain': [yes] }, { ageYears: 50 });
    expect(result).toMatchObject({ ok: true, decision: { kind: 'red_flag', flagId: 'chest-pain' } });
  });

  it('without a red flag every enabled required question must be answered', () => {
    const result = evaluateAnswers(Q, doc.rules, { ...calm, concern: [code('urinary')] }, { ageYears: 50 });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => p.linkId)).toEqual(['uti-burning', 'uti-fever', 'uti-back-pain']);
  });

  it('a malformed answer is refused even beside a red flag', () => {
    const result = evaluateAnswers(
      Q,
      doc.rules,
      { 'chest-pain': [yes], breathing: [{ valueString: 'x' }] },
      { ageYears: 50 },
    );
    expect(result).toMatchObject({ ok: false, problems: [{ linkId: 'breathing', code: 'wrong_type' }] });
  });
});
