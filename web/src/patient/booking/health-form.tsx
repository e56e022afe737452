/**
 * The health declaration (hälsodeklaration) inside the confirmation step:
 * the form version's questions, each in the UI language; a follow-up question
 * appears only when the earlier answer says so (`showIf`). Yes/no and choice
 * questions are radio groups in a fieldset with the question as legend.
 */
import {
  type FormDefinition,
  formAskedFor,
  isVisitDay,
  type Question,
  visibleQuestions,
  visitDayQuestions,
} from '@ingang/domain';
import { useTranslation } from 'react-i18next';
import { TextField } from '../../ui/index.js';
import { RadioGroup } from '../../ui/radio-group.js';
import { TextArea } from '../../ui/text-area.js';

export type Answers = Record<string, string | boolean>;

/** The DOM id of a question's (first) control, for the error summary's links. */
export function questionFieldId(questionId: string): string {
  return `hd-${questionId}`;
}

/**
 * The form as asked for a visit starting at `visitStart`: questions about the visit's own day
 * ("Har du feber i dag?") only when the visit is today (Stockholm) — never days ahead, nor
 * before a time is chosen. The server asks by the same rule.
 */
export function formForVisit(definition: FormDefinition, visitStart: string | undefined, now = new Date()) {
  return formAskedFor(definition, { onVisitDay: Boolean(visitStart) && isVisitDay(now, new Date(visitStart ?? '')) });
}

/**
 * What a rebooking asks again: the questions about the visit's own day, when the new time is
 * today (the other answers travel with the booking); null when nothing is to be asked.
 */
export function rebookQuestions(
  definition: FormDefinition | undefined,
  visitStart: string | undefined,
  now = new Date(),
): FormDefinition | null {
  if (!definition || !visitStart || !isVisitDay(now, new Date(visitStart))) return null;
  const questions = visitDayQuestions(definition);
  return questions.length > 0 ? { ...definition, questions } : null;
}

/** Answers to the questions shown now (hidden follow-ups are not sent). */
export function shownAnswers(definition: FormDefinition, answers: Answers): Answers {
  const out: Answers = {};
  for (const q of visibleQuestions(definition, answers)) {
    const value = answers[q.id];
    if (value !== undefined && value !== '') out[q.id] = typeof value === 'string' ? value.trim() : value;
  }
  return out;
}

/**
 * Checks the shown questions before sending: required ones answered, dates
 * real, text not too long. Returns question id → i18n key (+ values).
 */
export function checkAnswers(
  definition: FormDefinition,
  answers: Answers,
): Record<string, { key: string; max?: number }> {
  const errors: Record<string, { key: string; max?: number }> = {};
  for (const q of visibleQuestions(definition, answers)) {
    const value = answers[q.id];
    const empty = value === undefined || (typeof value === 'string' && value.trim() === '');
    if (empty) {
      if (q.required)
        errors[q.id] = { key: q.type === 'yes_no' || q.type === 'choice' ? 'form.choose' : 'form.required' };
      continue;
    }
    if (q.type === 'date' && (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)))
      errors[q.id] = { key: 'form.date' };
    const max = q.maxLength ?? 2000;
    if (q.type === 'text' && typeof value === 'string' && [...value.trim()].length > max)
      errors[q.id] = { key: 'form.tooLong', max };
  }
  return errors;
}

export interface HealthFormProps {
  /** The unit of the visit: only it sees the answers (whatever kind of visit). */
  unitName: string;
  definition: FormDefinition;
  answers: Answers;
  onChange: (answers: Answers) => void;
  /** Question id → message. */
  errors: Record<string, string>;
}

export function HealthForm({ definition, answers, onChange, errors, unitName }: HealthFormProps) {
  const { t, i18n } = useTranslation('booking');
  const lang = i18n.language.startsWith('en') ? 'en' : 'sv';
  const set = (id: string, value: string | boolean) => onChange({ ...answers, [id]: value });

  function control(q: Question) {
    const label = q.label[lang] + (q.required ? '' : ` ${t('form.optional')}`);
    const hint = q.help?.[lang];
    const common = { id: questionFieldId(q.id), hint, error: errors[q.id] };
    const value = answers[q.id];
    switch (q.type) {
      case 'yes_no':
        return (
          <RadioGroup
            {...common}
            legend={label}
            value={value === true ? 'yes' : value === false ? 'no' : ''}
            onChange={(v) => set(q.id, v === 'yes')}
            options={[
              { value: 'yes', label: t('form.yes') },
              { value: 'no', label: t('form.no') },
            ]}
          />
        );
      case 'choice':
        return (
          <RadioGroup
            {...common}
            legend={label}
            value={typeof value === 'string' ? value : ''}
            onChange={(v) => set(q.id, v)}
            options={(q.options ?? []).map((o) => ({ value: o.value, label: o.label[lang] }))}
          />
        );
      case 'text':
        return (
          <TextArea
            {...common}
            label={label}
            rows={3}
            maxLength={q.maxLength}
            value={typeof value === 'string' ? value : ''}
            onChange={(e) => set(q.id, e.target.value)}
          />
        );
      case 'date':
        return (
          <TextField
            {...common}
            type="date"
            label={label}
            value={typeof value === 'string' ? value : ''}
            onChange={(e) => set(q.id, e.target.value)}
          />
        );
    }
  }

  return (
    <section aria-labelledby="health-form-title" data-testid="health-form">
      <h2 id="health-form-title">{definition.title[lang]}</h2>
      <p>{t('form.intro', { unit: unitName })}</p>
      {visibleQuestions(definition, answers).map((q) => (
        <div key={q.id} data-testid={`question-${q.id}`}>
          {control(q)}
        </div>
      ))}
    </section>
  );
}
