/**
 * The one way answers become a decision, used by the citizen flow, the staff
 * flow and the test bench alike: check the answers given, stop at a red flag
 * (the flow ends there, so later questions may be unanswered), otherwise
 * require every enabled required question and decide.
 */
import { checkAnswers } from '../questionnaire/response.js';
import type { Answers, ItemProblem, Questionnaire } from '../questionnaire/types.js';
import {
  decide,
  raisedRedFlag,
  redFlagOutcome,
  type TriageDecision,
  type TriageFacts,
  type TriageRules,
} from './rules.js';

export type Evaluation =
  | { ok: true; answers: Answers; decision: TriageDecision }
  | { ok: false; problems: ItemProblem[] };

/** Validates `raw` answers (linkId → answers) and decides; problems name the items. */
export function evaluateAnswers(
  q: Questionnaire,
  rules: TriageRules,
  raw: Record<string, unknown>,
  facts: TriageFacts,
): Evaluation {
  const partial = checkAnswers(q, raw, { complete: false });
  if (!partial.ok) return partial;
  const flag = raisedRedFlag(q, rules, partial.answers, facts);
  if (flag) {
    return {
      ok: true,
      answers: partial.answers,
      decision: { kind: 'red_flag', flagId: flag.id, outcome: redFlagOutcome(flag.route) },
    };
  }
  const complete = checkAnswers(q, raw, { complete: true });
  if (!complete.ok) return complete;
  return { ok: true, answers: complete.answers, decision: decide(q, rules, complete.answers, facts) };
}
