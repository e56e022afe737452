/**
 * Answers to a health declaration: which questions are shown, and whether
 * the submitted answers are complete and well-formed.
 */
import { stockholmDate } from '../age.js';
import { isValidIsoDate } from '../calendar-date.js';
import { DEFAULT_TEXT_MAX_LENGTH, type FormDefinition, type Question } from './definition.js';

/** A stored answer: yes/no as boolean; choice value, text and 'YYYY-MM-DD' as string. */
export type AnswerValue = string | boolean;

/** Result of `validateAnswers`. */
export type AnswersResult =
  | { ok: true; answers: Record<string, AnswerValue> }
  | { ok: false; fields: Record<string, string> };

/** Key in `fields` for a problem with the answers as a whole (not an object). */
export const FORM_ERROR_KEY = '_form';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** When the declaration is given: on the visit's own day, or before it. */
export interface AnswerContext {
  /** True when the answers are given on the visit's own day (Stockholm); questions asked only then are skipped otherwise. */
  onVisitDay: boolean;
}

/**
 * True when a declaration given at `answeredAt` is given on the day of a visit starting at
 * `visitStart`, both on Stockholm's calendar: the only day a "today" question is asked.
 */
export function isVisitDay(answeredAt: Date, visitStart: Date): boolean {
  return stockholmDate(answeredAt) === stockholmDate(visitStart);
}

/** True for a question asked only on the visit's own day (`askOn: 'visit_day'`). */
export function askedOnVisitDayOnly(q: Pick<Question, 'askOn'>): boolean {
  return q.askOn === 'visit_day';
}

/** The form's questions about the visit's own day. */
export function visitDayQuestions(def: FormDefinition): Question[] {
  return def.questions.filter(askedOnVisitDayOnly);
}

/**
 * The form as asked in `context`: days ahead of the visit, without the questions about the
 * visit's own day (and so without what depends on them). What the citizen's form shows.
 */
export function formAskedFor(def: FormDefinition, context: AnswerContext): FormDefinition {
  if (context.onVisitDay) return def;
  return { ...def, questions: def.questions.filter((q) => !askedOnVisitDayOnly(q)) };
}

/**
 * The answers a rebooking keeps: all but those about the day of the old visit — a "Har du
 * feber i dag?" answered for another day says nothing about the new one.
 */
export function withoutVisitDayAnswers(
  def: FormDefinition,
  answers: Record<string, AnswerValue> | null,
): Record<string, AnswerValue> | null {
  if (!answers) return answers;
  const dayOnly = new Set(visitDayQuestions(def).map((q) => q.id));
  return Object.fromEntries(Object.entries(answers).filter(([id]) => !dayOnly.has(id)));
}

function isShown(
  q: Question,
  visible: Set<string>,
  answers: Record<string, unknown>,
  context: AnswerContext = { onVisitDay: true },
): boolean {
  if (!context.onVisitDay && askedOnVisitDayOnly(q)) return false;
  if (!q.showIf) return true;
  // A question under a hidden question is hidden too, whatever was answered.
  return visible.has(q.showIf.questionId) && answers[q.showIf.questionId] === q.showIf.equals;
}

/**
 * The questions shown for `answers`, in form order: those without showIf,
 * and those whose earlier, shown question has exactly the showIf answer.
 */
export function visibleQuestions(
  def: FormDefinition,
  answers: Record<string, unknown>,
  context?: AnswerContext,
): Question[] {
  const visible = new Set<string>();
  const out: Question[] = [];
  for (const q of def.questions) {
    if (!isShown(q, visible, answers, context)) continue;
    visible.add(q.id);
    out.push(q);
  }
  return out;
}

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

/** The cleaned answer or a Swedish message; undefined when an optional question is unanswered. */
function checkAnswer(q: Question, raw: unknown): { value?: AnswerValue; error?: string } {
  if (isEmpty(raw)) return q.required ? { error: 'Svara på frågan.' } : {};
  switch (q.type) {
    case 'yes_no':
      return typeof raw === 'boolean' ? { value: raw } : { error: 'Svara ja eller nej.' };
    case 'choice':
      return typeof raw === 'string' && q.options?.some((o) => o.value === raw)
        ? { value: raw }
        : { error: 'Välj ett av alternativen.' };
    case 'text': {
      if (typeof raw !== 'string') return { error: 'Svara med text.' };
      const value = raw.trim();
      const max = q.maxLength ?? DEFAULT_TEXT_MAX_LENGTH;
      // Count code points, not UTF-16 units, so emoji and å count as one character.
      if ([...value].length > max) return { error: `Svaret får vara högst ${max} tecken.` };
      return { value };
    }
    case 'date':
      return typeof raw === 'string' && isValidIsoDate(raw.trim())
        ? { value: raw.trim() }
        : { error: 'Ange ett giltigt datum (ÅÅÅÅ-MM-DD).' };
  }
}

/**
 * Checks answers from untrusted input against `def`. Keys that are not
 * questions of the form are refused ('Okänd fråga.'); answers to questions
 * that are hidden (by the validated answers to earlier questions) are
 * dropped; shown required questions must be answered. Yes/no answers are
 * booleans, choices one of the option values, text trimmed and at most
 * maxLength characters, dates real 'YYYY-MM-DD' dates. Unanswered optional
 * questions are left out of the result. Given days ahead of the visit
 * (`context.onVisitDay` false), questions about the visit's own day are not
 * asked: skipped like hidden ones (with whatever depends on them), an answer
 * sent for them dropped. Without a context every question is asked.
 */
export function validateAnswers(def: FormDefinition, answers: unknown, context?: AnswerContext): AnswersResult {
  if (!isRecord(answers)) return { ok: false, fields: { [FORM_ERROR_KEY]: 'Svaren har fel format.' } };
  const fields: Record<string, string> = {};
  const known = new Set(def.questions.map((q) => q.id));
  for (const key of Object.keys(answers)) {
    if (!known.has(key)) fields[key] = 'Okänd fråga.';
  }
  const clean: Record<string, AnswerValue> = {};
  const visible = new Set<string>();
  for (const q of def.questions) {
    // Visibility follows the cleaned answers, so an invalid answer never reveals follow-ups.
    if (!isShown(q, visible, clean, context)) continue;
    visible.add(q.id);
    // hasOwn: an id like 'constructor' must not read Object.prototype.
    const { value, error } = checkAnswer(q, Object.hasOwn(answers, q.id) ? answers[q.id] : undefined);
    if (error) fields[q.id] = error;
    else if (value !== undefined) clean[q.id] = value;
  }
  if (Object.keys(fields).length > 0) return { ok: false, fields };
  return { ok: true, answers: clean };
}
