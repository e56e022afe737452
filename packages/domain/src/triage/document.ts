/**
 * A triage version as one FHIR Questionnaire: the questions, plus the rules and
 * the test bench carried as extensions (JSON in valueString), so export and
 * import round-trip through any FHIR tool without losing what makes it triage.
 */
import { parseQuestionnaire } from '../questionnaire/structure.js';
import type { ItemProblem, Questionnaire } from '../questionnaire/types.js';
import { evaluateAnswers } from './evaluate.js';
import { ROUTES, type Route, URGENCY_LEVELS, type Urgency } from './outcome.js';
import { parseRules, type TriageRules } from './rules.js';

export const RULES_EXTENSION = 'https://ingang.se/fhir/StructureDefinition/triage-rules';
export const BENCH_EXTENSION = 'https://ingang.se/fhir/StructureDefinition/triage-test-bench';

/** One test-bench case: answers, the patient's age, and the decision expected. */
export interface BenchCase {
  name: string;
  ageYears: number;
  answers: Record<string, unknown[]>;
  expect: { route: Route; urgency?: Urgency; redFlag?: string };
}

export interface TriageDocument {
  questionnaire: Questionnaire;
  rules: TriageRules;
  bench: BenchCase[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function extensionJson(q: Questionnaire, url: string): { found: boolean; value?: unknown; broken?: boolean } {
  const ext = q.extension?.find((e) => e.url === url);
  if (!ext) return { found: false };
  try {
    return { found: true, value: JSON.parse(ext.valueString ?? '') };
  } catch {
    return { found: true, broken: true };
  }
}

function parseBench(raw: unknown, problems: ItemProblem[]): BenchCase[] {
  if (!Array.isArray(raw)) {
    problems.push({ linkId: 'bench', code: 'invalid_bench', message: 'The test bench must be a list of cases.' });
    return [];
  }
  const out: BenchCase[] = [];
  for (const [i, c] of raw.entries()) {
    const where = `bench.${i}`;
    const bad = (message: string) => problems.push({ linkId: where, code: 'invalid_bench_case', message });
    if (!isRecord(c) || typeof c.name !== 'string' || c.name.trim() === '') {
      bad(`${where}: a case needs a name.`);
      continue;
    }
    if (typeof c.ageYears !== 'number' || c.ageYears < 0 || c.ageYears > 130) {
      bad(`Case '${c.name}': ageYears must be 0–130.`);
      continue;
    }
    const expect = isRecord(c.expect) ? c.expect : {};
    if (!ROUTES.includes(expect.route as Route)) {
      bad(`Case '${c.name}': expect.route must be one of ${ROUTES.join(', ')}.`);
      continue;
    }
    if (expect.urgency !== undefined && !URGENCY_LEVELS.includes(expect.urgency as Urgency)) {
      bad(`Case '${c.name}': unknown expected urgency.`);
      continue;
    }
    if (!isRecord(c.answers) || Object.values(c.answers).some((a) => !Array.isArray(a))) {
      bad(`Case '${c.name}': answers must map linkIds to lists of answers.`);
      continue;
    }
    out.push({
      name: c.name,
      ageYears: c.ageYears,
      answers: c.answers as Record<string, unknown[]>,
      expect: {
        route: expect.route as Route,
        ...(expect.urgency ? { urgency: expect.urgency as Urgency } : {}),
        ...(typeof expect.redFlag === 'string' ? { redFlag: expect.redFlag } : {}),
      },
    });
  }
  return out;
}

/** Parses a FHIR Questionnaire carrying triage rules and a test bench. */
export function parseTriageDocument(
  input: unknown,
): { ok: true; value: TriageDocument } | { ok: false; problems: ItemProblem[] } {
  const parsed = parseQuestionnaire(input);
  if (!parsed.ok) return parsed;
  const q = parsed.value;
  const problems: ItemProblem[] = [];
  const rulesJson = extensionJson(q, RULES_EXTENSION);
  if (!rulesJson.found || rulesJson.broken) {
    return {
      ok: false,
      problems: [
        {
          linkId: 'rules',
          code: 'missing_rules',
          message: `Add the rules as JSON in the extension ${RULES_EXTENSION}.`,
        },
      ],
    };
  }
  const rules = parseRules(rulesJson.value, q);
  if (!rules.ok) return rules;
  const benchJson = extensionJson(q, BENCH_EXTENSION);
  if (benchJson.broken)
    problems.push({ linkId: 'bench', code: 'invalid_bench', message: 'The test bench is not valid JSON.' });
  const bench = benchJson.found && !benchJson.broken ? parseBench(benchJson.value, problems) : [];
  if (problems.length) return { ok: false, problems };
  return { ok: true, value: { questionnaire: q, rules: rules.value, bench } };
}

/** The FHIR Questionnaire for a document (rules and bench as extensions). */
export function toFhirQuestionnaire(doc: TriageDocument): Questionnaire {
  const others = (doc.questionnaire.extension ?? []).filter(
    (e) => e.url !== RULES_EXTENSION && e.url !== BENCH_EXTENSION,
  );
  return {
    ...doc.questionnaire,
    extension: [
      ...others,
      { url: RULES_EXTENSION, valueString: JSON.stringify(doc.rules) },
      { url: BENCH_EXTENSION, valueString: JSON.stringify(doc.bench) },
    ],
  };
}

export interface BenchResult {
  name: string;
  passed: boolean;
  /** The decision made, or null when the case's answers are not valid for this version. */
  actual: { route: Route; urgency: Urgency; redFlag: string | null } | null;
  problems: ItemProblem[];
}

/** Runs every case: its answers must be a complete, valid set and decide as expected. */
export function runTestBench(doc: TriageDocument): BenchResult[] {
  return doc.bench.map((c) => {
    const evaluated = evaluateAnswers(doc.questionnaire, doc.rules, c.answers, { ageYears: c.ageYears });
    if (!evaluated.ok) return { name: c.name, passed: false, actual: null, problems: evaluated.problems };
    const { decision } = evaluated;
    const redFlag = decision.kind === 'red_flag' ? decision.flagId : null;
    const actual = { route: decision.outcome.route, urgency: decision.outcome.urgency, redFlag };
    const passed =
      actual.route === c.expect.route &&
      (c.expect.urgency === undefined || actual.urgency === c.expect.urgency) &&
      (c.expect.redFlag === undefined || actual.redFlag === c.expect.redFlag);
    return { name: c.name, passed, actual, problems: [] };
  });
}

/**
 * Why the version may not be published: an empty bench, a failing case, or a
 * red flag no case raises (every stop must be proven to stop).
 */
export function publicationBlockers(doc: TriageDocument): ItemProblem[] {
  const results = runTestBench(doc);
  const problems: ItemProblem[] = [];
  if (results.length === 0)
    problems.push({ linkId: 'bench', code: 'bench_empty', message: 'Add test cases before publishing.' });
  for (const r of results) {
    if (!r.passed)
      problems.push({ linkId: 'bench', code: 'bench_case_failed', message: `Test case '${r.name}' does not pass.` });
  }
  const raised = new Set(results.map((r) => r.actual?.redFlag).filter(Boolean));
  for (const f of doc.rules.redFlags) {
    if (!raised.has(f.id)) {
      problems.push({
        linkId: f.id,
        code: 'red_flag_untested',
        message: `No test case raises the red flag '${f.id}'.`,
      });
    }
  }
  return problems;
}
