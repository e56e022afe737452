/**
 * Checks a FHIR Questionnaire an author wrote (or imported) and returns the
 * engine's copy of it: only the fields the engine uses, each checked, with a
 * problem per fault naming the item. enableWhen may only point at an earlier
 * question, so the enabled state is decided in one pass in document order.
 */
import {
  ANSWERABLE_TYPES,
  type Coding,
  ENABLE_OPERATORS,
  type EnableOperator,
  type EnableWhen,
  type Extension,
  ITEM_TYPES,
  type ItemProblem,
  type ItemType,
  type Questionnaire,
  type QuestionnaireItem,
} from './types.js';
import { ORDERED_TYPES, primitiveFits } from './values.js';

export type ParseResult<T> = { ok: true; value: T } | { ok: false; problems: ItemProblem[] };

const LINK_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const MAX_ITEMS = 500;
const MAX_TEXT = 1000;
const ANSWER_KEYS = [
  'answerBoolean',
  'answerCoding',
  'answerInteger',
  'answerDecimal',
  'answerString',
  'answerDate',
] as const;
const ANSWER_KEY_FOR: Partial<Record<ItemType, (typeof ANSWER_KEYS)[number]>> = {
  boolean: 'answerBoolean',
  choice: 'answerCoding',
  integer: 'answerInteger',
  decimal: 'answerDecimal',
  string: 'answerString',
  text: 'answerString',
  date: 'answerDate',
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function text(v: unknown, max = MAX_TEXT): string | null {
  return typeof v === 'string' && v.trim() !== '' && v.length <= max ? v : null;
}

function extensions(v: unknown): Extension[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out: Extension[] = [];
  for (const e of v) {
    if (!isRecord(e) || typeof e.url !== 'string') continue;
    const ext: Extension = { url: e.url };
    if (typeof e.valueString === 'string') ext.valueString = e.valueString;
    if (typeof e.valueBoolean === 'boolean') ext.valueBoolean = e.valueBoolean;
    out.push(ext);
  }
  return out.length ? out : undefined;
}

function coding(v: unknown): Coding | null {
  if (!isRecord(v) || !text(v.code, 64)) return null;
  const c: Coding = { code: v.code as string };
  if (typeof v.system === 'string') c.system = v.system;
  if (typeof v.display === 'string') c.display = v.display;
  return c;
}

/** Parses and checks a Questionnaire; problems name the linkId (or `questionnaire`). */
export function parseQuestionnaire(input: unknown): ParseResult<Questionnaire> {
  const problems: ItemProblem[] = [];
  const top = (code: string, message: string) => problems.push({ linkId: 'questionnaire', code, message });
  if (!isRecord(input) || input.resourceType !== 'Questionnaire') {
    return {
      ok: false,
      problems: [
        { linkId: 'questionnaire', code: 'not_a_questionnaire', message: 'resourceType must be Questionnaire.' },
      ],
    };
  }
  const url = text(input.url, 300);
  const version = text(input.version, 40);
  const title = text(input.title, 200);
  if (!url) top('missing_url', 'The questionnaire needs a canonical url.');
  if (!version) top('missing_version', 'The questionnaire needs a version.');
  if (!title) top('missing_title', 'The questionnaire needs a title.');
  const status = input.status;
  if (status !== 'draft' && status !== 'active' && status !== 'retired') {
    top('invalid_status', 'status must be draft, active or retired.');
  }
  if (!Array.isArray(input.item) || input.item.length === 0) top('no_items', 'The questionnaire has no items.');

  // linkId → type of every answerable item seen so far (document order).
  const seen = new Map<string, QuestionnaireItem>();
  const all = new Set<string>();
  let count = 0;

  const parseItem = (raw: unknown, path: string): QuestionnaireItem | null => {
    count += 1;
    if (!isRecord(raw)) {
      problems.push({ linkId: path, code: 'invalid_item', message: `Item ${path} is not an object.` });
      return null;
    }
    const linkId = typeof raw.linkId === 'string' ? raw.linkId : '';
    const at = (code: string, message: string) => problems.push({ linkId: linkId || path, code, message });
    if (!LINK_ID.test(linkId)) {
      at('invalid_link_id', `Item ${path} needs a linkId of letters, digits, '.', '_' or '-' (at most 64).`);
      return null;
    }
    if (all.has(linkId)) at('duplicate_link_id', `linkId '${linkId}' is used more than once.`);
    all.add(linkId);
    const type = raw.type as ItemType;
    if (!ITEM_TYPES.includes(type)) {
      at('invalid_type', `Item '${linkId}' has an unsupported type '${String(raw.type)}'.`);
      return null;
    }
    const item: QuestionnaireItem = { linkId, type };
    if (raw.text !== undefined || type !== 'group') {
      const t = text(raw.text);
      if (!t) at('missing_text', `Item '${linkId}' needs a text (at most ${MAX_TEXT} characters).`);
      else item.text = t;
    }
    if (raw.required !== undefined) {
      if (typeof raw.required !== 'boolean') at('invalid_required', `required of '${linkId}' must be true or false.`);
      else if (raw.required && !ANSWERABLE_TYPES.has(type))
        at('invalid_required', `A ${type} item cannot be required.`);
      else item.required = raw.required;
    }
    if (raw.repeats !== undefined && raw.repeats !== false) {
      at('repeats_not_supported', `Item '${linkId}': repeating answers are not supported.`);
    }
    const ext = extensions(raw.extension);
    if (ext) item.extension = ext;
    if (type === 'choice') {
      const options = Array.isArray(raw.answerOption) ? raw.answerOption : [];
      const codes = new Set<string>();
      item.answerOption = [];
      for (const o of options) {
        const c = isRecord(o) ? coding(o.valueCoding) : null;
        if (!c?.display) {
          at('invalid_option', `An answerOption of '${linkId}' needs valueCoding with code and display.`);
        } else if (codes.has(c.code)) {
          at('duplicate_option', `Option code '${c.code}' appears twice in '${linkId}'.`);
        } else {
          codes.add(c.code);
          item.answerOption.push({ valueCoding: c });
        }
      }
      if (item.answerOption.length === 0) at('no_options', `Choice item '${linkId}' has no answer options.`);
    } else if (raw.answerOption !== undefined) {
      at('options_not_allowed', `Only choice items take answerOption ('${linkId}' is ${type}).`);
    }
    if (raw.enableWhen !== undefined) {
      const conditions = Array.isArray(raw.enableWhen) ? raw.enableWhen : [];
      item.enableWhen = [];
      for (const c of conditions) {
        const parsed = parseEnableWhen(c, linkId, seen, at);
        if (parsed) item.enableWhen.push(parsed);
      }
      if (conditions.length === 0) at('invalid_enable_when', `enableWhen of '${linkId}' must be a non-empty list.`);
      if (conditions.length > 1) {
        if (raw.enableBehavior !== 'all' && raw.enableBehavior !== 'any') {
          at(
            'missing_enable_behavior',
            `'${linkId}' has several enableWhen conditions: set enableBehavior to all or any.`,
          );
        } else item.enableBehavior = raw.enableBehavior;
      } else if (raw.enableBehavior === 'all' || raw.enableBehavior === 'any') item.enableBehavior = raw.enableBehavior;
    }
    if (type === 'group') {
      const children = Array.isArray(raw.item) ? raw.item : [];
      if (children.length === 0) at('empty_group', `Group '${linkId}' has no items.`);
      item.item = children.map((c, i) => parseItem(c, `${linkId}.${i}`)).filter((c) => c !== null);
    } else {
      if (raw.item !== undefined) at('nested_not_allowed', `Only groups contain items ('${linkId}' is ${type}).`);
      if (ANSWERABLE_TYPES.has(type)) seen.set(linkId, item);
    }
    return item;
  };

  const items = Array.isArray(input.item) ? input.item.map((raw, i) => parseItem(raw, `item.${i}`)) : [];
  if (count > MAX_ITEMS) top('too_many_items', `A questionnaire has at most ${MAX_ITEMS} items.`);
  if (problems.length > 0) return { ok: false, problems };
  const value: Questionnaire = {
    resourceType: 'Questionnaire',
    url: url as string,
    version: version as string,
    title: title as string,
    status: status as Questionnaire['status'],
    item: items.filter((i) => i !== null),
  };
  if (typeof input.id === 'string') value.id = input.id;
  if (typeof input.name === 'string') value.name = input.name;
  if (typeof input.description === 'string') value.description = input.description;
  const ext = extensions(input.extension);
  if (ext) value.extension = ext;
  return { ok: true, value };
}

function parseEnableWhen(
  raw: unknown,
  linkId: string,
  seen: Map<string, QuestionnaireItem>,
  at: (code: string, message: string) => void,
): EnableWhen | null {
  if (!isRecord(raw) || typeof raw.question !== 'string') {
    at('invalid_enable_when', `An enableWhen of '${linkId}' needs a question.`);
    return null;
  }
  const target = seen.get(raw.question);
  if (!target) {
    at(
      'unknown_enable_question',
      `enableWhen of '${linkId}' refers to '${raw.question}', which is not an earlier question.`,
    );
    return null;
  }
  const operator = raw.operator as EnableOperator;
  if (!ENABLE_OPERATORS.includes(operator)) {
    at('invalid_operator', `enableWhen of '${linkId}' has an unknown operator '${String(raw.operator)}'.`);
    return null;
  }
  const present = ANSWER_KEYS.filter((k) => raw[k] !== undefined);
  if (present.length !== 1) {
    at('invalid_enable_answer', `enableWhen of '${linkId}' needs exactly one answer[x] value.`);
    return null;
  }
  const key = present[0] as (typeof ANSWER_KEYS)[number];
  const when: EnableWhen = { question: raw.question, operator };
  if (operator === 'exists') {
    if (key !== 'answerBoolean' || typeof raw.answerBoolean !== 'boolean') {
      at('invalid_enable_answer', `enableWhen 'exists' on '${linkId}' takes answerBoolean.`);
      return null;
    }
    when.answerBoolean = raw.answerBoolean;
    return when;
  }
  if (key !== ANSWER_KEY_FOR[target.type]) {
    at('invalid_enable_answer', `enableWhen of '${linkId}' compares '${raw.question}' (${target.type}) with ${key}.`);
    return null;
  }
  if (
    (operator === '>' || operator === '<' || operator === '>=' || operator === '<=') &&
    !ORDERED_TYPES.has(target.type)
  ) {
    at('invalid_operator', `'${operator}' cannot compare ${target.type} question '${raw.question}'.`);
    return null;
  }
  if (key === 'answerCoding') {
    const c = coding(raw.answerCoding);
    if (!c || !target.answerOption?.some((o) => o.valueCoding.code === c.code)) {
      at(
        'invalid_enable_answer',
        `enableWhen of '${linkId}' names an option '${c?.code ?? '?'}' that '${raw.question}' does not offer.`,
      );
      return null;
    }
    when.answerCoding = { code: c.code };
    return when;
  }
  if (!primitiveFits(target.type, raw[key])) {
    at('invalid_enable_answer', `enableWhen of '${linkId}' has a ${key} that does not fit '${raw.question}'.`);
    return null;
  }
  Object.assign(when, { [key]: raw[key] });
  return when;
}
