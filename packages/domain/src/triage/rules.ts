/**
 * Deterministic triage rules: red flags that stop the flow at once, and
 * outcome rules of which the most urgent match wins (ties: the first written).
 * Conditions look only at answers to enabled questions, plus facts about the
 * patient (age), so a stale answer behind a changed branch never decides.
 */
import { answerableItems, effectiveAnswers } from '../questionnaire/flow.js';
import type { Answers, ItemProblem, Questionnaire } from '../questionnaire/types.js';
import { answersSatisfy, compare, type Primitive, primitiveFits } from '../questionnaire/values.js';
import { moreUrgent, type Outcome, PROFESSIONS, ROUTES, type Route, URGENCY_LEVELS, VISIT_FORMS } from './outcome.js';

export type Operator = 'exists' | '=' | '!=' | '>' | '<' | '>=' | '<=';
const OPERATORS: Operator[] = ['exists', '=', '!=', '>', '<', '>=', '<='];

/** Facts about the patient the rules may use. */
export interface TriageFacts {
  ageYears: number;
}

export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { question: string; operator: Operator; value?: Primitive }
  | { fact: keyof TriageFacts; operator: Exclude<Operator, 'exists'>; value: number };

export interface RedFlag {
  id: string;
  when: Condition;
  route: Extract<Route, 'call_112' | 'call_1177'>;
}

export interface OutcomeRule {
  id: string;
  when: Condition;
  outcome: Outcome;
}

export interface TriageRules {
  redFlags: RedFlag[];
  rules: OutcomeRule[];
  /** When no rule matches. */
  fallback: Outcome;
  /** "I want to talk to someone": always offered, on every page. */
  talkToSomeone: Outcome;
}

/** The decision for a set of answers. */
export type TriageDecision =
  | { kind: 'red_flag'; flagId: string; outcome: Outcome }
  | { kind: 'outcome'; ruleId: string | null; outcome: Outcome };

/** The outcome a red flag stands for: acute, by emergency services or 1177. */
export function redFlagOutcome(route: RedFlag['route']): Outcome {
  return { urgency: 'acute', visitForm: 'physical', profession: 'emergency_services', route };
}

export function holds(c: Condition, answers: Answers, facts: TriageFacts): boolean {
  if ('all' in c) return c.all.every((x) => holds(x, answers, facts));
  if ('any' in c) return c.any.some((x) => holds(x, answers, facts));
  if ('not' in c) return !holds(c.not, answers, facts);
  if ('fact' in c) return compare(facts[c.fact], c.operator, c.value);
  return answersSatisfy(answers[c.question], c.operator, c.value);
}

/** The first red flag raised by the answers given so far, if any (call after every answer). */
export function raisedRedFlag(
  q: Questionnaire,
  rules: TriageRules,
  answers: Answers,
  facts: TriageFacts,
): RedFlag | null {
  const effective = effectiveAnswers(q, answers);
  return rules.redFlags.find((f) => holds(f.when, effective, facts)) ?? null;
}

/** Decides the outcome for complete answers: red flags first, then the most urgent matching rule. */
export function decide(q: Questionnaire, rules: TriageRules, answers: Answers, facts: TriageFacts): TriageDecision {
  const effective = effectiveAnswers(q, answers);
  const flag = rules.redFlags.find((f) => holds(f.when, effective, facts));
  if (flag) return { kind: 'red_flag', flagId: flag.id, outcome: redFlagOutcome(flag.route) };
  let best: OutcomeRule | null = null;
  for (const rule of rules.rules) {
    if (!holds(rule.when, effective, facts)) continue;
    if (!best || moreUrgent(rule.outcome.urgency, best.outcome.urgency)) best = rule;
  }
  return best
    ? { kind: 'outcome', ruleId: best.id, outcome: best.outcome }
    : { kind: 'outcome', ruleId: null, outcome: rules.fallback };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;

function parseOutcome(raw: unknown, where: string, problems: ItemProblem[]): Outcome | null {
  const bad = (message: string): null => {
    problems.push({ linkId: where, code: 'invalid_outcome', message });
    return null;
  };
  if (!isRecord(raw)) return bad(`${where}: the outcome must be an object.`);
  const { urgency, visitForm, profession, route, competence, articleId, bookingType } = raw;
  if (!URGENCY_LEVELS.includes(urgency as never)) return bad(`${where}: unknown urgency '${String(urgency)}'.`);
  if (!VISIT_FORMS.includes(visitForm as never)) return bad(`${where}: visitForm must be physical or digital.`);
  if (!PROFESSIONS.includes(profession as never)) return bad(`${where}: unknown profession '${String(profession)}'.`);
  if (!ROUTES.includes(route as never)) return bad(`${where}: unknown route '${String(route)}'.`);
  const out: Outcome = { urgency, visitForm, profession, route } as Outcome;
  if (competence !== undefined) {
    if (typeof competence !== 'string' || !ID.test(competence))
      return bad(`${where}: competence must be a short code.`);
    out.competence = competence;
  }
  if (route === 'self_care') {
    if (typeof articleId !== 'string' || !ID.test(articleId)) return bad(`${where}: self_care needs an articleId.`);
    out.articleId = articleId;
  }
  if (route === 'book_time') {
    if (typeof bookingType !== 'string' || !ID.test(bookingType))
      return bad(`${where}: book_time needs a bookingType.`);
    out.bookingType = bookingType;
  }
  return out;
}

function parseCondition(
  raw: unknown,
  where: string,
  q: Questionnaire,
  problems: ItemProblem[],
  depth = 0,
): Condition | null {
  const items = answerableItems(q);
  const bad = (message: string): null => {
    problems.push({ linkId: where, code: 'invalid_condition', message });
    return null;
  };
  if (!isRecord(raw) || depth > 8) return bad(`${where}: a condition must be an object (at most 8 levels deep).`);
  for (const key of ['all', 'any'] as const) {
    if (key in raw) {
      const list = raw[key];
      if (!Array.isArray(list) || list.length === 0) return bad(`${where}: '${key}' needs a non-empty list.`);
      const parts = list.map((x) => parseCondition(x, where, q, problems, depth + 1));
      return parts.every((p) => p !== null) ? ({ [key]: parts } as Condition) : null;
    }
  }
  if ('not' in raw) {
    const inner = parseCondition(raw.not, where, q, problems, depth + 1);
    return inner ? { not: inner } : null;
  }
  const operator = raw.operator as Operator;
  if (!OPERATORS.includes(operator)) return bad(`${where}: unknown operator '${String(raw.operator)}'.`);
  if ('fact' in raw) {
    if (raw.fact !== 'ageYears' || operator === 'exists' || typeof raw.value !== 'number') {
      return bad(`${where}: a fact condition compares ageYears with a number.`);
    }
    return { fact: 'ageYears', operator, value: raw.value };
  }
  const item = typeof raw.question === 'string' ? items.get(raw.question) : undefined;
  if (!item) return bad(`${where}: '${String(raw.question)}' is not a question of this version.`);
  if (operator === 'exists') {
    if (raw.value !== undefined && typeof raw.value !== 'boolean') return bad(`${where}: exists takes true or false.`);
    return { question: item.linkId, operator, ...(raw.value !== undefined ? { value: raw.value } : {}) };
  }
  if (!primitiveFits(item.type, raw.value))
    return bad(`${where}: the value does not fit question '${item.linkId}' (${item.type}).`);
  if (item.type === 'choice' && !item.answerOption?.some((o) => o.valueCoding.code === raw.value)) {
    return bad(`${where}: '${String(raw.value)}' is not an option of '${item.linkId}'.`);
  }
  return { question: item.linkId, operator, value: raw.value as Primitive };
}

/** Parses the rules of a version against its questionnaire; problems name the rule. */
export function parseRules(
  raw: unknown,
  q: Questionnaire,
): { ok: true; value: TriageRules } | { ok: false; problems: ItemProblem[] } {
  const problems: ItemProblem[] = [];
  if (!isRecord(raw))
    return {
      ok: false,
      problems: [{ linkId: 'rules', code: 'invalid_rules', message: 'The rules must be an object.' }],
    };
  const ids = new Set<string>();
  const id = (v: unknown, where: string): string | null => {
    if (typeof v !== 'string' || !ID.test(v)) {
      problems.push({
        linkId: where,
        code: 'invalid_rule_id',
        message: `${where}: a rule needs an id (a-z, 0-9, - or _).`,
      });
      return null;
    }
    if (ids.has(v)) problems.push({ linkId: v, code: 'duplicate_rule_id', message: `Rule id '${v}' is used twice.` });
    ids.add(v);
    return v;
  };
  const redFlags: RedFlag[] = [];
  for (const [i, f] of (Array.isArray(raw.redFlags) ? raw.redFlags : []).entries()) {
    const fid = id(isRecord(f) ? f.id : undefined, `redFlags.${i}`);
    if (!fid || !isRecord(f)) continue;
    const when = parseCondition(f.when, fid, q, problems);
    if (f.route !== 'call_112' && f.route !== 'call_1177') {
      problems.push({
        linkId: fid,
        code: 'invalid_outcome',
        message: `${fid}: a red flag sends to call_112 or call_1177.`,
      });
    } else if (when) redFlags.push({ id: fid, when, route: f.route });
  }
  const rules: OutcomeRule[] = [];
  for (const [i, r] of (Array.isArray(raw.rules) ? raw.rules : []).entries()) {
    const rid = id(isRecord(r) ? r.id : undefined, `rules.${i}`);
    if (!rid || !isRecord(r)) continue;
    const when = parseCondition(r.when, rid, q, problems);
    const outcome = parseOutcome(r.outcome, rid, problems);
    if (when && outcome) rules.push({ id: rid, when, outcome });
  }
  const fallback = parseOutcome(raw.fallback, 'fallback', problems);
  const talkToSomeone = parseOutcome(raw.talkToSomeone, 'talkToSomeone', problems);
  if (problems.length || !fallback || !talkToSomeone) return { ok: false, problems };
  return { ok: true, value: { redFlags, rules, fallback, talkToSomeone } };
}
