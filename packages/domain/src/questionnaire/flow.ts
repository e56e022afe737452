/**
 * Which items are enabled for a set of answers, and the one-question-per-page
 * flow over them. A disabled item disables everything under it, and an answer
 * to a disabled question counts as no answer for the items that depend on it.
 */
import type { Answers, EnableWhen, Questionnaire, QuestionnaireItem } from './types.js';
import { ANSWERABLE_TYPES } from './types.js';
import { answersSatisfy, type Primitive } from './values.js';

/** An item with the groups it sits in (outermost first), in document order. */
export interface PlacedItem {
  item: QuestionnaireItem;
  groups: QuestionnaireItem[];
}

/** Every item in document order, depth first. */
export function flattenItems(q: Questionnaire): PlacedItem[] {
  const out: PlacedItem[] = [];
  const walk = (items: QuestionnaireItem[], groups: QuestionnaireItem[]) => {
    for (const item of items) {
      out.push({ item, groups });
      if (item.item) walk(item.item, [...groups, item]);
    }
  };
  walk(q.item, []);
  return out;
}

/** The items that take an answer, by linkId. */
export function answerableItems(q: Questionnaire): Map<string, QuestionnaireItem> {
  const map = new Map<string, QuestionnaireItem>();
  for (const { item } of flattenItems(q)) if (ANSWERABLE_TYPES.has(item.type)) map.set(item.linkId, item);
  return map;
}

function whenValue(w: EnableWhen): Primitive | undefined {
  return (
    w.answerBoolean ?? w.answerCoding?.code ?? w.answerInteger ?? w.answerDecimal ?? w.answerString ?? w.answerDate
  );
}

/** The linkIds of every enabled item (groups and display items included). */
export function enabledLinkIds(q: Questionnaire, answers: Answers): Set<string> {
  const enabled = new Set<string>();
  const effective = (linkId: string) => (enabled.has(linkId) ? answers[linkId] : undefined);
  for (const { item, groups } of flattenItems(q)) {
    if (!groups.every((g) => enabled.has(g.linkId))) continue;
    const conditions = item.enableWhen ?? [];
    const results = conditions.map((w) => answersSatisfy(effective(w.question), w.operator, whenValue(w)));
    const on =
      conditions.length === 0 || (item.enableBehavior === 'any' ? results.some(Boolean) : results.every(Boolean));
    if (on) enabled.add(item.linkId);
  }
  return enabled;
}

/** The answers to enabled questions only (what rules and red flags look at). */
export function effectiveAnswers(q: Questionnaire, answers: Answers): Answers {
  const enabled = enabledLinkIds(q, answers);
  const out: Answers = {};
  for (const [linkId, given] of Object.entries(answers)) {
    if (enabled.has(linkId) && given.length > 0) out[linkId] = given;
  }
  return out;
}

/** The question pages for these answers: enabled answerable items in document order. */
export function questionPages(q: Questionnaire, answers: Answers): PlacedItem[] {
  const enabled = enabledLinkIds(q, answers);
  return flattenItems(q).filter(({ item }) => ANSWERABLE_TYPES.has(item.type) && enabled.has(item.linkId));
}

/**
 * The page after `linkId` (null: the first page), or null when the flow is
 * done. A later answer can enable or disable pages, so this is recomputed
 * from the answers each step rather than stored.
 */
export function nextPage(q: Questionnaire, answers: Answers, linkId: string | null): PlacedItem | null {
  const pages = questionPages(q, answers);
  if (linkId === null) return pages[0] ?? null;
  const order = flattenItems(q).map((p) => p.item.linkId);
  const after = order.indexOf(linkId);
  return pages.find((p) => order.indexOf(p.item.linkId) > after) ?? null;
}

/** The page before `linkId` among the enabled pages, or null at the start. */
export function previousPage(q: Questionnaire, answers: Answers, linkId: string): PlacedItem | null {
  const order = flattenItems(q).map((p) => p.item.linkId);
  const at = order.indexOf(linkId);
  const before = questionPages(q, answers).filter((p) => order.indexOf(p.item.linkId) < at);
  return before[before.length - 1] ?? null;
}
