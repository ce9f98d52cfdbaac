// The targets of issue 8, asserted on the evaluation set (resources/eval) with the real engine and the shipped model.
// Skipped, with the reason printed, where the corpus (../shared/corpus) is absent.
import { describe, expect, it } from 'vitest';
import { corpusAvailable, CORPUS, formatReport, runEval, TARGETS, type EvalResult } from './eval-lib';

const have = corpusAvailable();
if (!have) console.log(`eval.test skipped: the corpus is absent (${CORPUS})`);

describe.skipIf(!have)('evaluation set (issue 8 targets)', () => {
  let result: EvalResult;

  it('runs the engine on the evaluation set; training and evaluation share no policy', async () => {
    result = await runEval();
    expect(result.sharedPolicies).toEqual([]);
    expect(result.policies.length + result.excluded.length).toBeGreaterThanOrEqual(30);
    expect(result.clauses.labelled).toBeGreaterThanOrEqual(1000);
    if (result.gaps.length) {
      console.log(formatReport(result, { wrong: false }));
      console.log(`eval gaps: ${result.gaps.join('; ')}`);
    }
  }, 180_000);

  it(`grid cell accuracy >= ${TARGETS.cellAccuracy} overall and >= ${TARGETS.perAttribute} per attribute`, () => {
    expect(result.cellAccuracy).toBeGreaterThanOrEqual(TARGETS.cellAccuracy);
    for (const [id, a] of Object.entries(result.attributes)) expect(a.accuracy, id).toBeGreaterThanOrEqual(TARGETS.perAttribute);
  });

  it(`clause macro-F1 over the five grid categories >= ${TARGETS.clauseMacroF1}`, () => {
    expect(result.clauses.macroF1Grid).toBeGreaterThanOrEqual(TARGETS.clauseMacroF1);
  });

  it(`data-type set F1 >= ${TARGETS.dataTypeF1}`, () => {
    expect(result.dataTypeF1.f1).toBeGreaterThanOrEqual(TARGETS.dataTypeF1);
  });

  it('confidence means something: sure cells are right more often than unsure ones', () => {
    // "Sure cells should be right far more often": by at least 20 points.
    if (result.unsure.total >= 10) expect(result.sure.accuracy).toBeGreaterThanOrEqual(result.unsure.accuracy + 0.2);
  });
});
