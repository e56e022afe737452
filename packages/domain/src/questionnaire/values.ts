/** Reading and comparing answer values: shared by enableWhen and the triage rules. */
import { isValidIsoDate } from '../calendar-date.js';
import type { EnableOperator, ItemAnswer, ItemType } from './types.js';

/** A comparable value: boolean, number, a coding's code, text or an ISO date. */
export type Primitive = boolean | number | string;

/** The comparable part of an answer (a coding compares by its code; an attachment by its content type). */
export function primitiveOf(answer: ItemAnswer): Primitive {
  if ('valueBoolean' in answer) return answer.valueBoolean;
  if ('valueCoding' in answer) return answer.valueCoding.code;
  if ('valueInteger' in answer) return answer.valueInteger;
  if ('valueDecimal' in answer) return answer.valueDecimal;
  if ('valueString' in answer) return answer.valueString;
  if ('valueDate' in answer) return answer.valueDate;
  return answer.valueAttachment.contentType;
}

/** The `value[x]` key an item type answers with. */
export function valueKeyFor(type: ItemType): string | null {
  switch (type) {
    case 'boolean':
      return 'valueBoolean';
    case 'choice':
      return 'valueCoding';
    case 'integer':
      return 'valueInteger';
    case 'decimal':
      return 'valueDecimal';
    case 'string':
    case 'text':
      return 'valueString';
    case 'date':
      return 'valueDate';
    case 'attachment':
      return 'valueAttachment';
    default:
      return null;
  }
}

/** Whether a bare value fits an item type (for enableWhen answers and rule values). */
export function primitiveFits(type: ItemType, value: unknown): value is Primitive {
  switch (type) {
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return Number.isInteger(value);
    case 'decimal':
      return typeof value === 'number' && Number.isFinite(value);
    case 'date':
      return typeof value === 'string' && isValidIsoDate(value);
    case 'choice':
    case 'string':
    case 'text':
    case 'attachment':
      return typeof value === 'string' && value.length > 0;
    default:
      return false;
  }
}

/** Types that can be ordered with <, >, <=, >=. */
export const ORDERED_TYPES: ReadonlySet<ItemType> = new Set(['integer', 'decimal', 'date']);

/**
 * `answer operator value`. Dates compare as ISO strings (same length, so
 * lexical order is date order); booleans and codes only by (in)equality.
 */
export function compare(answer: Primitive, operator: Exclude<EnableOperator, 'exists'>, value: Primitive): boolean {
  switch (operator) {
    case '=':
      return answer === value;
    case '!=':
      return answer !== value;
    case '>':
      return typeof answer === typeof value && answer > value;
    case '<':
      return typeof answer === typeof value && answer < value;
    case '>=':
      return typeof answer === typeof value && answer >= value;
    case '<=':
      return typeof answer === typeof value && answer <= value;
  }
}

/**
 * Whether the answers given to a question satisfy `operator value`. An
 * unanswered (or disabled) question satisfies only `exists false`.
 */
export function answersSatisfy(
  given: ItemAnswer[] | undefined,
  operator: EnableOperator,
  value: Primitive | undefined,
): boolean {
  const answered = given !== undefined && given.length > 0;
  if (operator === 'exists') return answered === (value ?? true);
  if (!answered || value === undefined) return false;
  return given.some((a) => compare(primitiveOf(a), operator, value));
}
