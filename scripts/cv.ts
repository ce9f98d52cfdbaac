// npm run cv: cross-validated clause scores on the TRAINING policies with the whole pipeline (rules, model, section
// context, context layer), so changes to the classifier can be chosen without looking at the evaluation set. Each
// fold runs the whole fit (scripts/train-lib.ts, with its own inner folds) on the other folds' labels and analyzes
// the held-out policies' files. Prints the same table as the eval. CV_CONTEXT=0: without the context layer.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { analyzeBytes } from '../src/engine/analyze';
import { useModel, restoreModel } from '../src/engine/classify/model';
import { CATEGORY_IDS, type CategoryId } from '../src/shared/taxonomy';
import { clauseCounts, CORPUS, GRID_CATEGORIES, predictClauses, prf } from './eval-lib';
import { fitClassifier, foldsOf, readLabels } from './train-lib';

const rows = readLabels();
const policies = [...new Set(rows.map((r) => r.policy))].sort();
const folds = foldsOf(rows);
/** CV_CONTEXT=0 leaves the context layer out of every fold's fit. */
const withContext = process.env.CV_CONTEXT !== '0';
const gold: CategoryId[][] = [];
const pred: CategoryId[][] = [];
for (const [k, fold] of folds.entries()) {
  const held = new Set(fold);
  // The whole fit (thresholds and context layer by inner folds) on the other folds' policies only.
  const { model } = await fitClassifier(rows.filter((r) => !held.has(r.policy)), { context: withContext });
  useModel(restoreModel(model));
  process.stderr.write(`fold ${k + 1}/${folds.length} fitted\n`);
  for (const p of held) {
    const file = path.join(CORPUS, p);
    const a = await analyzeBytes(new Uint8Array(readFileSync(file)), path.basename(file));
    const rs = rows.filter((r) => r.policy === p);
    const { pred: ps } = predictClauses(rs, a);
    rs.forEach((r, i) => {
      gold.push(r.labels);
      pred.push(ps[i]!);
    });
  }
}
const f1s: number[] = [];
console.log(`cross-validated on ${policies.length} training policies, ${gold.length} clauses, ${folds.length} folds (context layer ${withContext ? 'on' : 'off'})`);
console.log('category           precision  recall     F1  support');
for (const c of CATEGORY_IDS) {
  const { tp, fp, fn } = clauseCounts(gold, pred, c);
  const s = prf(tp, fp, fn);
  if (GRID_CATEGORIES.includes(c)) f1s.push(s.f1);
  console.log(`${c.padEnd(18)} ${s.precision.toFixed(3).padStart(9)} ${s.recall.toFixed(3).padStart(7)} ${s.f1.toFixed(3).padStart(6)} ${String(tp + fn).padStart(8)}`);
}
console.log(`macro-F1 over the five grid categories: ${(f1s.reduce((a, b) => a + b, 0) / f1s.length).toFixed(3)}`);
