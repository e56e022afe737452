import { describe, expect, it, test } from 'vitest';
import { isFlaggedAnswer, validateFormDefinition } from './definition.js';
import { COVID_FORM } from './test-fixtures.js';

const t = (sv: string, en = sv) => ({ sv, en });

function clone(): Record<string, unknown> & { questions: Record<string, unknown>[] } {
  return structuredClone(COVID_FORM) as never;
}

describe('validateFormDefinition', () => {
  it('accepts a valid form and returns an equal copy', () => {
    const result = validateFormDefinition(clone());
    expect(result).toEqual({ ok: true, value: COVID_FORM });
  });

  it('trims texts and drops unknown keys', () => {
    const raw = clone();
    raw.title = { sv: '  Hälsodeklaration ', en: 'Declaration' };
    raw.extra = 1;
    raw.questions[0]!.colour = 'red';
    const result = validateFormDefinition(raw);
    expect(result.ok && result.value.title.sv).toBe('Hälsodeklaration');
    expect(result.ok && 'colour' in result.value.questions[0]!).toBe(false);
    expect(result.ok && 'extra' in result.value).toBe(false);
  });

  test.each<[string, (d: ReturnType<typeof clone>) => unknown, RegExp]>([
    ['not an object', () => 'form', /objekt/],
    ['no questions', (d) => ({ ...d, questions: [] }), /minst en fråga/],
    [
      '101 questions',
      (d) => ({
        ...d,
        questions: Array.from({ length: 101 }, (_, i) => ({
          id: `q${i}`,
          type: 'text',
          label: t('x'),
          required: false,
        })),
      }),
      /högst 100/,
    ],
    ['empty title', (d) => ({ ...d, title: t('  ') }), /Rubrik.*tom/],
    ['title without English', (d) => ({ ...d, title: { sv: 'Titel' } }), /Rubrik/],
    [
      'duplicate id',
      (d) => {
        d.questions[2]!.id = 'fever';
        return d;
      },
      /id "fever" används redan/,
    ],
    [
      'bad id',
      (d) => {
        d.questions[0]!.id = 'has space';
        return d;
      },
      /Fråga 1: id/,
    ],
    [
      'unknown type',
      (d) => {
        d.questions[0]!.type = 'slider';
        return d;
      },
      /Fråga 1: typen/,
    ],
    [
      'empty label',
      (d) => {
        d.questions[0]!.label = t('');
        return d;
      },
      /Fråga 1, label/,
    ],
    [
      'required missing',
      (d) => {
        delete d.questions[0]!.required;
        return d;
      },
      /required/,
    ],
    [
      'choice with one option',
      (d) => {
        d.questions[3]!.options = [{ value: 'a', label: t('A') }];
        return d;
      },
      /minst två alternativ/,
    ],
    [
      'choice with duplicate values',
      (d) => {
        d.questions[3]!.options = [
          { value: 'a', label: t('A') },
          { value: 'a', label: t('B') },
        ];
        return d;
      },
      /"a" används redan/,
    ],
    [
      'option without label',
      (d) => {
        d.questions[3]!.options = [{ value: 'a', label: t('A') }, { value: 'b' }];
        return d;
      },
      /alternativ 2/,
    ],
    [
      'options on a text question',
      (d) => {
        d.questions[5]!.options = [
          { value: 'a', label: t('A') },
          { value: 'b', label: t('B') },
        ];
        return d;
      },
      /bara flerval/,
    ],
    [
      'showIf pointing forward',
      (d) => {
        d.questions[0]!.showIf = { questionId: 'allergy', equals: true };
        return d;
      },
      /Fråga 1: showIf måste peka på en tidigare/,
    ],
    [
      'showIf pointing at itself',
      (d) => {
        d.questions[2]!.showIf = { questionId: 'allergy', equals: true };
        return d;
      },
      /Fråga 3: showIf måste peka på en tidigare/,
    ],
    [
      'showIf to unknown question',
      (d) => {
        d.questions[1]!.showIf = { questionId: 'nope', equals: true };
        return d;
      },
      /tidigare fråga/,
    ],
    [
      'showIf yes/no compared with a string',
      (d) => {
        d.questions[1]!.showIf = { questionId: 'fever', equals: 'yes' };
        return d;
      },
      /true eller false/,
    ],
    [
      'showIf choice compared with a non-option',
      (d) => {
        d.questions[4]!.showIf = { questionId: 'allergy_kind', equals: 'pollen' };
        return d;
      },
      /ett av alternativen/,
    ],
    [
      'showIf on a text question',
      (d) => {
        d.questions[5]!.showIf = { questionId: 'fever_since', equals: '2026-01-01' };
        return d;
      },
      /ja\/nej-fråga eller ett flerval/,
    ],
    [
      'maxLength on a date question',
      (d) => {
        d.questions[1]!.maxLength = 10;
        return d;
      },
      /bara textfrågor/,
    ],
    [
      'maxLength 0',
      (d) => {
        d.questions[5]!.maxLength = 0;
        return d;
      },
      /maxLength ska vara/,
    ],
    [
      'help without English',
      (d) => {
        d.questions[5]!.help = { sv: 'Hjälp' };
        return d;
      },
      /help/,
    ],
  ])('refuses %s', (_name, mutate, message) => {
    const result = validateFormDefinition(mutate(clone()));
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.errors.join('\n')).toMatch(message);
  });

  it('accepts exactly 100 questions', () => {
    const questions = Array.from({ length: 100 }, (_, i) => ({
      id: `q${i}`,
      type: 'text',
      label: t('x'),
      required: false,
    }));
    expect(validateFormDefinition({ title: t('T'), questions }).ok).toBe(true);
  });

  it('reports several problems at once', () => {
    const d = clone();
    d.questions[0]!.type = 'slider';
    d.questions[3]!.options = [];
    const result = validateFormDefinition(d);
    expect(result.ok ? 0 : result.errors.length).toBeGreaterThanOrEqual(2);
  });
});

describe('risk answers (flagIf)', () => {
  const t = (sv: string) => ({ sv, en: sv });
  const form = (flagIf: unknown, type = 'yes_no') => ({
    title: t('T'),
    questions: [
      {
        id: 'q',
        type,
        label: t('Fråga'),
        required: true,
        ...(type === 'choice'
          ? {
              options: [
                { value: 'a', label: t('A') },
                { value: 'b', label: t('B') },
              ],
            }
          : {}),
        flagIf,
      },
    ],
  });

  it('keeps a yes/no or choice risk answer and flags exactly that answer', () => {
    const yes = validateFormDefinition(form(true));
    expect(yes.ok && yes.value.questions[0]?.flagIf).toBe(true);
    const q = yes.ok ? yes.value.questions[0]! : { flagIf: undefined };
    expect(isFlaggedAnswer(q, true)).toBe(true);
    expect(isFlaggedAnswer(q, false)).toBe(false);
    expect(isFlaggedAnswer(q, undefined)).toBe(false);
    const choice = validateFormDefinition(form('b', 'choice'));
    expect(choice.ok && choice.value.questions[0]?.flagIf).toBe('b');
    expect(isFlaggedAnswer({}, true)).toBe(false);
  });

  it.each([
    ['a string on a yes/no question', form('yes')],
    ['a value that is not an option', form('c', 'choice')],
    ['a text question', form('x', 'text')],
  ])('refuses %s', (_name, def) => {
    const result = validateFormDefinition(def);
    expect(result.ok ? '' : result.errors.join('\n')).toMatch(/flagIf/);
  });
});
