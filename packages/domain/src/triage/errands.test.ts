import { describe, expect, it } from 'vitest';
import { checkErrandAnswers, ERRAND_KINDS, errandMessage, REGION_ERRAND_TEMPLATES } from './errands.js';

const renewal = REGION_ERRAND_TEMPLATES.prescription_renewal;
const good = { medicine: 'Levaxin 50 mikrogram', dose: '1 tablett på morgonen', pharmacy: 'any' };

describe('errand templates', () => {
  it('has a template for every kind, with its kind', () => {
    for (const kind of ERRAND_KINDS) expect(REGION_ERRAND_TEMPLATES[kind].kind).toBe(kind);
    expect(REGION_ERRAND_TEMPLATES.book_time.bookingType).toBeTruthy();
  });

  it('accepts a complete form and trims it', () => {
    expect(checkErrandAnswers(renewal, { ...good, medicine: '  Levaxin 50 mikrogram ' })).toEqual({
      ok: true,
      answers: good,
    });
  });

  it.each([
    ['a missing required field', { dose: 'x', pharmacy: 'any' }, 'medicine', 'required'],
    ['a blank required field', { ...good, dose: '   ' }, 'dose', 'required'],
    ['an unknown field', { ...good, extra: 'x' }, 'extra', 'unknown_field'],
    ['a choice outside the options', { ...good, pharmacy: 'mars' }, 'pharmacy', 'not_an_option'],
    ['a number instead of text', { ...good, medicine: 5 }, 'medicine', 'wrong_type'],
    ['too long', { ...good, medicine: 'x'.repeat(201) }, 'medicine', 'too_long'],
  ])('refuses %s, naming the field', (_name, answers, field, code) => {
    const r = checkErrandAnswers(renewal, answers);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems).toContainEqual(expect.objectContaining({ field, code }));
  });

  it('puts the answers on top of the inbox message, choices by their label', () => {
    const m = errandMessage(renewal, { ...good, note: 'Tar slut på fredag' });
    expect(m.subject).toBe('Förnya recept');
    expect(m.body.split('\n')).toEqual([
      'Ärende: Förnya recept (svarsmål 3 arbetsdagar)',
      '',
      'Läkemedel och styrka: Levaxin 50 mikrogram',
      'Hur du tar det (dos): 1 tablett på morgonen',
      'Hur vill du få receptet?: E-recept till valfritt apotek',
      'Något mer vi behöver veta?: Tar slut på fredag',
    ]);
  });
});
