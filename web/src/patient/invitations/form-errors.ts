/** Form-answer errors of the invitation and offer pages: the server's and our own, by question id. */
import type { FormDefinition } from '@ingang/domain';
import { ApiError, fieldText } from '../../api/errors.js';
import { questionFieldId } from '../booking/health-form.js';

/** Server field errors `formAnswers.<question>` by question id. */
export function serverAnswerErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const field of Object.keys(error.fields)) {
    const match = /^formAnswers\.(.+)$/.exec(field);
    if (match?.[1]) out[match[1]] = fieldText(error, field);
  }
  return out;
}

/** The error summary's entries for the questions with errors, in the form's order. */
export function answerSummary(form: FormDefinition | null, errors: Record<string, string>, language: string) {
  const lang = language.startsWith('en') ? 'en' : 'sv';
  return (
    form?.questions
      .filter((q) => errors[q.id])
      .map((q) => ({ fieldId: questionFieldId(q.id), message: `${q.label[lang]}: ${errors[q.id]}` })) ?? []
  );
}
