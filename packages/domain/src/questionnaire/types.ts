/**
 * The subset of FHIR R4 `Questionnaire` and `QuestionnaireResponse` that Ingång
 * authors, renders and validates. Field names follow FHIR, so a version can be
 * exported and imported as a FHIR resource. Import keeps only these fields
 * (see `parseQuestionnaire`), so what is stored is exactly what is rendered.
 */

/** The item types the engine renders (FHIR `Questionnaire.item.type`). */
export const ITEM_TYPES = [
  'group',
  'display',
  'boolean',
  'choice',
  'integer',
  'decimal',
  'string',
  'text',
  'date',
  'attachment',
] as const;
export type ItemType = (typeof ITEM_TYPES)[number];

/** Types that take an answer (not `group`, not `display`). */
export const ANSWERABLE_TYPES: ReadonlySet<ItemType> = new Set([
  'boolean',
  'choice',
  'integer',
  'decimal',
  'string',
  'text',
  'date',
  'attachment',
]);

export const ENABLE_OPERATORS = ['exists', '=', '!=', '>', '<', '>=', '<='] as const;
export type EnableOperator = (typeof ENABLE_OPERATORS)[number];

export interface Coding {
  system?: string;
  code: string;
  display?: string;
}

export interface Attachment {
  contentType: string;
  /** A reference to stored content (never the bytes inline). */
  url?: string;
  title?: string;
}

/** One answer value (FHIR `value[x]`): exactly one of these keys. */
export type ItemAnswer =
  | { valueBoolean: boolean }
  | { valueCoding: Coding }
  | { valueInteger: number }
  | { valueDecimal: number }
  | { valueString: string }
  | { valueDate: string }
  | { valueAttachment: Attachment };

/** FHIR `Questionnaire.item.enableWhen` (the `answer[x]` value as in answers). */
export interface EnableWhen {
  question: string;
  operator: EnableOperator;
  answerBoolean?: boolean;
  answerCoding?: Coding;
  answerInteger?: number;
  answerDecimal?: number;
  answerString?: string;
  answerDate?: string;
}

export interface Extension {
  url: string;
  valueString?: string;
  valueBoolean?: boolean;
}

export interface QuestionnaireItem {
  linkId: string;
  text?: string;
  type: ItemType;
  required?: boolean;
  repeats?: boolean;
  enableWhen?: EnableWhen[];
  enableBehavior?: 'all' | 'any';
  answerOption?: { valueCoding: Coding }[];
  item?: QuestionnaireItem[];
  extension?: Extension[];
}

export interface Questionnaire {
  resourceType: 'Questionnaire';
  id?: string;
  /** Canonical URL; with `version` it names what a response answers (`url|version`). */
  url: string;
  version: string;
  name?: string;
  title: string;
  status: 'draft' | 'active' | 'retired';
  description?: string;
  item: QuestionnaireItem[];
  extension?: Extension[];
}

export interface ResponseItem {
  linkId: string;
  text?: string;
  answer?: ItemAnswer[];
  item?: ResponseItem[];
}

export interface QuestionnaireResponse {
  resourceType: 'QuestionnaireResponse';
  /** `url|version` of the questionnaire answered. */
  questionnaire: string;
  status: 'in-progress' | 'completed';
  authored?: string;
  item: ResponseItem[];
}

/** Answers by linkId: the engine's working form of a response (one entry per answered question). */
export type Answers = Record<string, ItemAnswer[]>;

/** A problem found in a questionnaire or a response, naming the item it concerns. */
export interface ItemProblem {
  /** The linkId concerned, or `questionnaire` for the whole resource. */
  linkId: string;
  code: string;
  message: string;
}

/** The canonical reference a response carries: `url|version`. */
export function canonicalOf(q: Pick<Questionnaire, 'url' | 'version'>): string {
  return `${q.url}|${q.version}`;
}
