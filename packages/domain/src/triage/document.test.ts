import { describe, expect, it } from 'vitest';
import { demoTriageDocument } from './demo.js';
import {
  BENCH_EXTENSION,
  parseTriageDocument,
  publicationBlockers,
  RULES_EXTENSION,
  runTestBench,
  toFhirQuestionnaire,
} from './document.js';

describe('FHIR import and export', () => {
  it('round-trips the demo through a FHIR Questionnaire', () => {
    const doc = demoTriageDocument();
    const fhir = JSON.parse(JSON.stringify(toFhirQuestionnaire(doc)));
    expect(fhir.extension.map((e: { url: string }) => e.url)).toEqual([RULES_EXTENSION, BENCH_EXTENSION]);
    const back = parseTriageDocument(fhir);
    expect(back.ok).toBe(true);
    if (back.ok) {
      expect(back.value.rules).toEqual(doc.rules);
      expect(back.value.bench).toEqual(doc.bench);
      expect(toFhirQuestionnaire(back.value).item).toEqual(fhir.item);
    }
  });

  it('refuses a questionnaire without rules', () => {
    const { extension: _e, ...plain } = toFhirQuestionnaire(demoTriageDocument());
    expect(parseTriageDocument(plain)).toEqual({
      ok: false,
      problems: [expect.objectContaining({ code: 'missing_rules' })],
    });
  });

  it('refuses a broken bench', () => {
    const fhir = toFhirQuestionnaire(demoTriageDocument());
    const ext = fhir.extension?.find((e) => e.url === BENCH_EXTENSION);
    if (ext) ext.valueString = '[{"name":"x","ageYears":30,"answers":{},"expect":{"route":"teleport"}}]';
    expect(parseTriageDocument(fhir)).toEqual({
      ok: false,
      problems: [expect.objectContaining({ code: 'invalid_bench_case' })],
    });
  });
});

describe('test bench', () => {
  it('the demo bench passes and nothing blocks publication', () => {
    const doc = demoTriageDocument();
    expect(runTestBench(doc).every((r) => r.passed)).toBe(true);
    expect(publicationBlockers(doc)).toEqual([]);
  });

  it('a case with the wrong expectation blocks publication', () => {
    const doc = demoTriageDocument();
    const first = doc.bench[4];
    if (!first) throw new Error('fixture');
    first.expect = { route: 'call_1177' };
    const results = runTestBench(doc);
    expect(results[4]).toMatchObject({ passed: false, actual: { route: 'self_care' } });
    expect(publicationBlockers(doc)).toEqual([expect.objectContaining({ code: 'bench_case_failed' })]);
  });

  it('a case whose answers are incomplete fails and says why', () => {
    const doc = demoTriageDocument();
    doc.bench = [
      {
        name: 'half',
        ageYears: 30,
        answers: { 'chest-pain': [{ valueBoolean: false }] },
        expect: { route: 'message_unit' },
      },
    ];
    const [result] = runTestBench(doc);
    expect(result?.passed).toBe(false);
    expect(result?.problems).toContainEqual(expect.objectContaining({ linkId: 'breathing', code: 'required' }));
  });

  it('an empty bench and untested red flags block publication', () => {
    const doc = demoTriageDocument();
    doc.bench = [];
    const codes = publicationBlockers(doc).map((p) => p.code);
    expect(codes).toContain('bench_empty');
    expect(codes.filter((c) => c === 'red_flag_untested')).toHaveLength(4);
  });
});
