/**
 * Health declaration form definitions (hälsodeklarationer): questions of four
 * kinds, some shown only when an earlier question has a given answer.
 * Definitions arrive as JSON from region admins, so `validateFormDefinition`
 * takes `unknown` and returns a clean copy.
 */

/** Text in both UI languages. */
export interface LocalizedText {
  sv: string;
  en: string;
}

/** Kinds of question. */
export type QuestionType = 'yes_no' | 'choice' | 'text' | 'date';

/** One question of a form. */
export type Question = {
  /** Stable key of the answer, unique within the form. */
  id: string;
  type: QuestionType;
  label: LocalizedText;
  help?: LocalizedText;
  required: boolean;
  /** choice: the alternatives (at least two, unique values). */
  options?: { value: string; label: LocalizedText }[];
  /** Shown only when the EARLIER question `questionId` has answer `equals`. */
  showIf?: { questionId: string; equals: string | boolean };
  /** text: the longest answer in characters (default `DEFAULT_TEXT_MAX_LENGTH`). */
  maxLength?: number;
  /**
   * yes/no or choice: the answer that is a risk staff must see before the visit (a severe
   * allergy, blood thinners); the day list flags a declaration with that answer.
   */
  flagIf?: string | boolean;
  /**
   * 'visit_day': a question about the day of the visit ("Har du feber i dag?"). It is asked
   * only when the declaration is given on the visit's own day (Stockholm), never days ahead,
   * and its answer does not travel with a rebooking (see `askedOnVisitDayOnly` in answers.ts).
   */
  askOn?: 'visit_day';
};

/** A whole form. */
export type FormDefinition = {
  title: LocalizedText;
  questions: Question[];
};

/** Most questions per form. */
export const MAX_FORM_QUESTIONS = 100;
/** Default and largest `maxLength` of a text answer. */
export const DEFAULT_TEXT_MAX_LENGTH = 2000;
/** Largest `maxLength` an admin may set. */
export const MAX_TEXT_MAX_LENGTH = 10_000;

const QUESTION_TYPES: readonly QuestionType[] = ['yes_no', 'choice', 'text', 'date'];
const ID = /^[A-Za-z0-9_-]{1,64}$/;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function text(v: unknown, where: string, errors: string[]): LocalizedText | null {
  if (!isRecord(v) || typeof v.sv !== 'string' || typeof v.en !== 'string') {
    errors.push(`${where}: ange text på svenska (sv) och engelska (en).`);
    return null;
  }
  if (v.sv.trim() === '' || v.en.trim() === '') {
    errors.push(`${where}: texten får inte vara tom.`);
    return null;
  }
  return { sv: v.sv.trim(), en: v.en.trim() };
}

function question(raw: unknown, index: number, earlier: Map<string, Question>, errors: string[]): Question | null {
  const where = `Fråga ${index + 1}`;
  if (!isRecord(raw)) {
    errors.push(`${where}: måste vara ett objekt.`);
    return null;
  }
  const before = errors.length;
  const id = raw.id;
  if (typeof id !== 'string' || !ID.test(id)) errors.push(`${where}: id ska vara 1–64 tecken (a–z, 0–9, _ eller -).`);
  else if (earlier.has(id)) errors.push(`${where}: id "${id}" används redan.`);
  const type = raw.type;
  if (typeof type !== 'string' || !QUESTION_TYPES.includes(type as QuestionType))
    errors.push(`${where}: typen ska vara yes_no, choice, text eller date.`);
  const label = text(raw.label, `${where}, label`, errors);
  const help = raw.help === undefined ? undefined : text(raw.help, `${where}, help`, errors);
  if (typeof raw.required !== 'boolean') errors.push(`${where}: required ska vara true eller false.`);

  let options: Question['options'];
  if (type === 'choice') {
    if (!Array.isArray(raw.options) || raw.options.length < 2) {
      errors.push(`${where}: ett flerval behöver minst två alternativ.`);
    } else {
      const seen = new Set<string>();
      options = [];
      raw.options.forEach((o: unknown, i: number) => {
        const v = isRecord(o) ? o.value : undefined;
        if (typeof v !== 'string' || v.trim() === '') errors.push(`${where}, alternativ ${i + 1}: value saknas.`);
        else if (seen.has(v)) errors.push(`${where}, alternativ ${i + 1}: value "${v}" används redan.`);
        else seen.add(v);
        const l = text(isRecord(o) ? o.label : undefined, `${where}, alternativ ${i + 1}`, errors);
        if (typeof v === 'string' && l) options?.push({ value: v, label: l });
      });
    }
  } else if (raw.options !== undefined) {
    errors.push(`${where}: bara flerval (choice) kan ha alternativ.`);
  }

  let maxLength: number | undefined;
  if (raw.maxLength !== undefined) {
    const m = raw.maxLength;
    if (type !== 'text') errors.push(`${where}: maxLength gäller bara textfrågor.`);
    else if (typeof m !== 'number' || !Number.isInteger(m) || m < 1 || m > MAX_TEXT_MAX_LENGTH)
      errors.push(`${where}: maxLength ska vara 1–${MAX_TEXT_MAX_LENGTH}.`);
    else maxLength = m;
  }

  let showIf: Question['showIf'];
  if (raw.showIf !== undefined) {
    const s = raw.showIf;
    const target = isRecord(s) && typeof s.questionId === 'string' ? earlier.get(s.questionId) : undefined;
    if (!isRecord(s) || !target) {
      errors.push(`${where}: showIf måste peka på en tidigare fråga.`);
    } else if (target.type === 'yes_no' && typeof s.equals !== 'boolean') {
      errors.push(`${where}: showIf för en ja/nej-fråga ska jämföra med true eller false.`);
    } else if (target.type === 'choice' && !target.options?.some((o) => o.value === s.equals)) {
      errors.push(`${where}: showIf ska jämföra med ett av alternativen i fråga "${target.id}".`);
    } else if (target.type !== 'yes_no' && target.type !== 'choice') {
      errors.push(`${where}: showIf kan bara bero på en ja/nej-fråga eller ett flerval.`);
    } else {
      showIf = { questionId: target.id, equals: s.equals as string | boolean };
    }
  }

  let flagIf: Question['flagIf'];
  if (raw.flagIf !== undefined) {
    const f = raw.flagIf;
    if (type === 'yes_no' && typeof f === 'boolean') flagIf = f;
    else if (type === 'choice' && typeof f === 'string' && options?.some((o) => o.value === f)) flagIf = f;
    else errors.push(`${where}: flagIf ska vara true/false för en ja/nej-fråga eller ett av flervalets alternativ.`);
  }

  let askOn: Question['askOn'];
  if (raw.askOn !== undefined) {
    if (raw.askOn === 'visit_day') askOn = 'visit_day';
    else errors.push(`${where}: askOn kan bara vara "visit_day".`);
  }

  if (errors.length > before || !label || typeof id !== 'string') return null;
  const q: Question = { id, type: type as QuestionType, label, required: raw.required as boolean };
  if (help) q.help = help;
  if (options) q.options = options;
  if (showIf) q.showIf = showIf;
  if (maxLength !== undefined) q.maxLength = maxLength;
  if (flagIf !== undefined) q.flagIf = flagIf;
  if (askOn) q.askOn = askOn;
  return q;
}

/** True when `answer` is the question's risk answer (`flagIf`). */
export function isFlaggedAnswer(q: Pick<Question, 'flagIf'>, answer: unknown): boolean {
  return q.flagIf !== undefined && answer === q.flagIf;
}

/**
 * Checks a form definition from untrusted JSON: title and labels non-empty
 * in sv and en, 1–100 questions, unique ids, choice questions with at least
 * two unique options, showIf referring to an EARLIER yes/no or choice
 * question with a possible answer. Returns a trimmed copy without unknown
 * keys, or every problem as a Swedish sentence.
 */
export function validateFormDefinition(
  def: unknown,
): { ok: true; value: FormDefinition } | { ok: false; errors: string[] } {
  const errors: string[] = [];
  if (!isRecord(def)) return { ok: false, errors: ['Formuläret måste vara ett objekt.'] };
  const title = text(def.title, 'Rubrik', errors);
  const rawQuestions = def.questions;
  if (!Array.isArray(rawQuestions) || rawQuestions.length === 0) {
    errors.push('Formuläret behöver minst en fråga.');
  } else if (rawQuestions.length > MAX_FORM_QUESTIONS) {
    errors.push(`Formuläret får ha högst ${MAX_FORM_QUESTIONS} frågor.`);
  }
  const earlier = new Map<string, Question>();
  if (Array.isArray(rawQuestions) && rawQuestions.length <= MAX_FORM_QUESTIONS) {
    rawQuestions.forEach((raw, i) => {
      const q = question(raw, i, earlier, errors);
      if (q) earlier.set(q.id, q);
      // Remember a faulty question's id too, so later duplicates are still reported.
      else if (isRecord(raw) && typeof raw.id === 'string' && !earlier.has(raw.id))
        earlier.set(raw.id, { id: raw.id, type: 'text', label: { sv: '', en: '' }, required: false });
    });
  }
  if (errors.length > 0 || !title) return { ok: false, errors };
  return { ok: true, value: { title, questions: [...earlier.values()] } };
}
