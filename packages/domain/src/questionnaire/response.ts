/**
 * Answers as a FHIR QuestionnaireResponse, and the checks a response must
 * pass: every answer for a known, enabled question of the right type, no
 * required question skipped, and made for this very version.
 */
import { isValidIsoDate } from '../calendar-date.js';
import { answerableItems, enabledLinkIds, flattenItems } from './flow.js';
import {
  type Answers,
  canonicalOf,
  type ItemAnswer,
  type ItemProblem,
  type Questionnaire,
  type QuestionnaireItem,
  type QuestionnaireResponse,
  type ResponseItem,
} from './types.js';
import { valueKeyFor } from './values.js';

const MAX_STRING = 200;
const MAX_TEXT = 4000;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Checks one answer against its item; returns a cleaned copy or a problem message. */
export function checkAnswer(item: QuestionnaireItem, raw: unknown): { value: ItemAnswer } | { problem: ItemProblem } {
  const problem = (code: string, message: string) => ({ problem: { linkId: item.linkId, code, message } });
  const key = valueKeyFor(item.type);
  if (!key || !isRecord(raw) || Object.keys(raw).length !== 1 || !(key in raw)) {
    return problem('wrong_type', `The answer to '${item.linkId}' must be a ${key ?? 'no value'}.`);
  }
  const v = raw[key];
  switch (item.type) {
    case 'boolean':
      if (typeof v !== 'boolean') return problem('wrong_type', `'${item.linkId}' takes yes or no.`);
      return { value: { valueBoolean: v } };
    case 'integer':
      if (!Number.isSafeInteger(v)) return problem('wrong_type', `'${item.linkId}' takes a whole number.`);
      return { value: { valueInteger: v as number } };
    case 'decimal':
      if (typeof v !== 'number' || !Number.isFinite(v))
        return problem('wrong_type', `'${item.linkId}' takes a number.`);
      return { value: { valueDecimal: v } };
    case 'date':
      if (typeof v !== 'string' || !isValidIsoDate(v))
        return problem('wrong_type', `'${item.linkId}' takes a date (YYYY-MM-DD).`);
      return { value: { valueDate: v } };
    case 'string':
    case 'text': {
      const max = item.type === 'text' ? MAX_TEXT : MAX_STRING;
      if (typeof v !== 'string' || v.trim() === '') return problem('wrong_type', `'${item.linkId}' takes text.`);
      if (v.length > max)
        return problem('too_long', `The answer to '${item.linkId}' is longer than ${max} characters.`);
      return { value: { valueString: v.trim() } };
    }
    case 'choice': {
      const code = isRecord(v) ? v.code : undefined;
      const option = item.answerOption?.find((o) => o.valueCoding.code === code);
      if (!option) return problem('not_an_option', `'${String(code)}' is not one of the options of '${item.linkId}'.`);
      return { value: { valueCoding: { ...option.valueCoding } } };
    }
    case 'attachment': {
      if (!isRecord(v) || typeof v.contentType !== 'string' || typeof v.url !== 'string') {
        return problem('wrong_type', `'${item.linkId}' takes an uploaded file reference.`);
      }
      return { value: { valueAttachment: { contentType: v.contentType, url: v.url } } };
    }
    default:
      return problem('not_a_question', `'${item.linkId}' does not take an answer.`);
  }
}

export interface AnswerCheck {
  /** Complete responses must answer every enabled required question. */
  complete: boolean;
}

/**
 * Checks answers against the questionnaire. Returns the cleaned answers when
 * there is no problem; otherwise every problem, each naming its item.
 */
export function checkAnswers(
  q: Questionnaire,
  answers: Record<string, unknown>,
  options: AnswerCheck,
): { ok: true; answers: Answers } | { ok: false; problems: ItemProblem[] } {
  const items = answerableItems(q);
  const problems: ItemProblem[] = [];
  const clean: Answers = {};
  for (const [linkId, given] of Object.entries(answers)) {
    const item = items.get(linkId);
    if (!item) {
      problems.push({
        linkId,
        code: 'unknown_item',
        message: `'${linkId}' is not a question in version ${q.version}.`,
      });
      continue;
    }
    const list = Array.isArray(given) ? given : [given];
    if (list.length === 0) continue;
    if (list.length > 1) {
      problems.push({ linkId, code: 'too_many_answers', message: `'${linkId}' takes one answer.` });
      continue;
    }
    const checked = checkAnswer(item, list[0]);
    if ('problem' in checked) problems.push(checked.problem);
    else clean[linkId] = [checked.value];
  }
  const enabled = enabledLinkIds(q, clean);
  for (const linkId of Object.keys(clean)) {
    if (!enabled.has(linkId)) {
      problems.push({
        linkId,
        code: 'not_enabled',
        message: `'${linkId}' was answered but is not asked with the other answers given.`,
      });
    }
  }
  if (options.complete) {
    for (const { item } of flattenItems(q)) {
      if (item.required && enabled.has(item.linkId) && !clean[item.linkId]) {
        problems.push({
          linkId: item.linkId,
          code: 'required',
          message: `'${item.linkId}' is required but has no answer.`,
        });
      }
    }
  }
  return problems.length ? { ok: false, problems } : { ok: true, answers: clean };
}

/** The answers in a response by linkId (nested groups flattened); duplicates are a problem. */
export function answersFromResponse(
  response: QuestionnaireResponse,
): { ok: true; answers: Record<string, unknown[]> } | { ok: false; problems: ItemProblem[] } {
  const out: Record<string, unknown[]> = {};
  const problems: ItemProblem[] = [];
  const walk = (items: unknown) => {
    if (!Array.isArray(items)) return;
    for (const raw of items) {
      if (!isRecord(raw) || typeof raw.linkId !== 'string') {
        problems.push({ linkId: 'response', code: 'invalid_item', message: 'Every response item needs a linkId.' });
        continue;
      }
      if (Array.isArray(raw.answer)) {
        if (out[raw.linkId]) {
          problems.push({ linkId: raw.linkId, code: 'duplicate_item', message: `'${raw.linkId}' is answered twice.` });
        } else out[raw.linkId] = raw.answer;
      }
      walk(raw.item);
    }
  };
  walk(response.item);
  return problems.length ? { ok: false, problems } : { ok: true, answers: out };
}

/**
 * Validates a QuestionnaireResponse for `q`: the version it names first (an
 * answer set for another version is refused as a whole), then every answer.
 */
export function checkResponse(
  q: Questionnaire,
  response: unknown,
  options: AnswerCheck,
): { ok: true; answers: Answers } | { ok: false; problems: ItemProblem[] } {
  if (!isRecord(response) || response.resourceType !== 'QuestionnaireResponse') {
    return {
      ok: false,
      problems: [
        { linkId: 'response', code: 'not_a_response', message: 'resourceType must be QuestionnaireResponse.' },
      ],
    };
  }
  const expected = canonicalOf(q);
  if (response.questionnaire !== expected) {
    return {
      ok: false,
      problems: [
        {
          linkId: 'questionnaire',
          code: 'version_mismatch',
          message: `These answers were made for '${String(response.questionnaire)}', not '${expected}'.`,
        },
      ],
    };
  }
  const flat = answersFromResponse(response as unknown as QuestionnaireResponse);
  if (!flat.ok) return flat;
  return checkAnswers(q, flat.answers, options);
}

/** Builds a FHIR QuestionnaireResponse with the answers nested under their groups. */
export function toResponse(
  q: Questionnaire,
  answers: Answers,
  status: QuestionnaireResponse['status'],
  authored?: string,
): QuestionnaireResponse {
  const build = (items: QuestionnaireItem[]): ResponseItem[] => {
    const out: ResponseItem[] = [];
    for (const item of items) {
      if (item.type === 'group') {
        const children = build(item.item ?? []);
        if (children.length)
          out.push({ linkId: item.linkId, ...(item.text ? { text: item.text } : {}), item: children });
      } else if (answers[item.linkId]?.length) {
        out.push({ linkId: item.linkId, ...(item.text ? { text: item.text } : {}), answer: answers[item.linkId] });
      }
    }
    return out;
  };
  return {
    resourceType: 'QuestionnaireResponse',
    questionnaire: canonicalOf(q),
    status,
    ...(authored ? { authored } : {}),
    item: build(q.item),
  };
}
