// npm run train [-- --extra FILE ...]: trains the clause classifier from resources/training/labels/*.jsonl (plus
// extra label files in the same format, e.g. reviewer corrections from `npm run corrections:export`), reports held-out
// precision/recall/F1 (model alone and rules+model), then retrains on everything and writes resources/model/.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CATEGORY_IDS, type CategoryId } from '../src/shared/taxonomy';
import { classifyTexts } from '../src/engine/classify/index';
import { predictMany, restoreModel } from '../src/engine/classify/model';
import { trainModel, type LabelledClause } from '../src/engine/classify/train-model';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const labelsDir = path.join(root, 'resources/training/labels');
/** `--model-dir DIR` writes the model elsewhere (tests); default resources/model. */
const modelDirArg = process.argv.indexOf('--model-dir');
const modelDir = modelDirArg >= 0 && process.argv[modelDirArg + 1] ? path.resolve(process.argv[modelDirArg + 1]!) : path.join(root, 'resources/model');
/**
 * The evaluation set's policies (resources/eval/keys) must never be trained on. (Until session 2 every ca4p-dev file
 * from 0700 on was held back; the unlabelled ones that are not near-copies of an evaluation policy are now training
 * material, see resources/training/labels/D-README.md.)
 */
const RESERVED = new Set(readdirSync(path.join(root, 'resources/eval/keys')).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, '')));
const HOLDOUT_SHARE = 0.2;

function corpusNumber(policy: string): string | null {
  const m = /ca4p-dev\/(\d{4})/.exec(policy) ?? /^(\d{4})(\.html)?$/.exec(policy);
  return m ? m[1]! : null;
}

/** Extra label files from `--extra FILE` (repeatable), e.g. reviewer corrections from `npm run corrections:export`. */
function extraFiles(): string[] {
  const args = process.argv.slice(2);
  const out: string[] = [];
  args.forEach((a, i) => {
    if (a === '--extra') {
      const f = args[i + 1];
      if (!f) throw new Error('--extra needs a file');
      out.push(path.resolve(f));
    }
  });
  return out;
}

function readLabels(extra: string[] = []): LabelledClause[] {
  const files = readdirSync(labelsDir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .map((f) => path.join(labelsDir, f))
    .concat(extra);
  const out: LabelledClause[] = [];
  const bad: string[] = [];
  for (const file of files) {
    const f = path.relative(root, file);
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (!line.trim()) return;
      let row: { policy?: unknown; text?: unknown; labels?: unknown };
      try {
        row = JSON.parse(line);
      } catch {
        bad.push(`${f}:${i + 1}: not JSON`);
        return;
      }
      const policy = String(row.policy ?? '');
      const n = corpusNumber(policy);
      if (n !== null && RESERVED.has(n)) {
        throw new Error(
          `${f}:${i + 1} labels ${policy}, which is in the evaluation set (resources/eval/keys/${n}.json). ` +
            `Remove it from the training labels; refusing to train.`,
        );
      }
      const labels = Array.isArray(row.labels) ? row.labels.filter((l): l is CategoryId => CATEGORY_IDS.includes(l as CategoryId)) : [];
      if (typeof row.text !== 'string' || !row.text.trim() || labels.length === 0) {
        bad.push(`${f}:${i + 1}: missing text or known labels`);
        return;
      }
      out.push({ policy, text: row.text, labels });
    });
  }
  if (bad.length) console.warn(`skipped ${bad.length} malformed lines, e.g. ${bad.slice(0, 3).join('; ')}`);
  return out;
}

interface Counts {
  tp: number;
  fp: number;
  fn: number;
}
type Report = Record<string, { precision: number; recall: number; f1: number; support: number }>;

function report(gold: CategoryId[][], pred: CategoryId[][]): Report {
  const out: Report = {};
  for (const cat of CATEGORY_IDS) {
    const c: Counts = { tp: 0, fp: 0, fn: 0 };
    gold.forEach((g, i) => {
      const p = pred[i]!;
      const inG = g.includes(cat);
      const inP = p.includes(cat);
      if (inG && inP) c.tp++;
      else if (inP) c.fp++;
      else if (inG) c.fn++;
    });
    const precision = c.tp + c.fp ? c.tp / (c.tp + c.fp) : 0;
    const recall = c.tp + c.fn ? c.tp / (c.tp + c.fn) : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    out[cat] = { precision: r3(precision), recall: r3(recall), f1: r3(f1), support: c.tp + c.fn };
  }
  return out;
}
const r3 = (x: number) => Math.round(x * 1000) / 1000;

function printReport(title: string, rep: Report): void {
  console.log(`\n${title}`);
  console.log('category           precision  recall   F1     support');
  for (const [cat, r] of Object.entries(rep)) {
    console.log(`${cat.padEnd(18)} ${r.precision.toFixed(3).padStart(9)} ${r.recall.toFixed(3).padStart(7)} ${r.f1.toFixed(3).padStart(6)} ${String(r.support).padStart(8)}`);
  }
}

function hashOf(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

function main(): void {
  const extra = extraFiles();
  const all = readLabels(extra);
  if (extra.length) console.log(`extra label files: ${extra.map((f) => path.relative(process.cwd(), f)).join(', ')}`);
  const policies = [...new Set(all.map((e) => e.policy))].sort((a, b) => (hashOf(a) < hashOf(b) ? -1 : 1));
  if (policies.length < 2) throw new Error(`need labelled clauses from at least 2 policies, found ${policies.length}`);
  const nHeld = Math.max(1, Math.round(policies.length * HOLDOUT_SHARE));
  const held = new Set(policies.slice(0, nHeld));
  const train = all.filter((e) => !held.has(e.policy));
  const test = all.filter((e) => held.has(e.policy));
  console.log(`${all.length} labelled clauses from ${policies.length} policies; holding out ${held.size} policies (${test.length} clauses)`);

  // Pick each category's model-only threshold on the held-out split, then evaluate with it.
  const evalModel = restoreModel(trainModel(train));
  const probs = predictMany(evalModel, test.map((e) => e.text));
  const gold = test.map((e) => e.labels);
  const thresholds: Partial<Record<CategoryId, number>> = {};
  for (const cat of CATEGORY_IDS) {
    let best = { t: 0.7, f1: -1 };
    for (const t of [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95]) {
      const pred = probs.map((p) => ((p.get(cat) ?? 0) >= t ? [cat] : []));
      const f1 = report(gold.map((g) => g.filter((x) => x === cat)), pred)[cat]!.f1;
      if (f1 > best.f1 + 1e-9) best = { t, f1 };
    }
    thresholds[cat] = best.t;
  }
  evalModel.thresholds = thresholds;
  const modelOnly = report(gold, probs.map((p) => CATEGORY_IDS.filter((c) => (p.get(c) ?? 0) >= (thresholds[c] ?? 0.7))));
  const combined = report(gold, classifyTexts(test.map((e) => e.text), evalModel).map((cs) => cs.map((c) => c.id)));
  const rulesOnly = report(gold, classifyTexts(test.map((e) => e.text), null).map((cs) => cs.map((c) => c.id)));
  printReport('held-out, model alone', modelOnly);
  printReport('held-out, rules alone', rulesOnly);
  printReport('held-out, rules + model (as shipped)', combined);

  const final = trainModel(all, { thresholds });
  mkdirSync(modelDir, { recursive: true });
  writeFileSync(path.join(modelDir, 'classifier.json'), JSON.stringify(final));
  const metrics = {
    date: new Date().toISOString(),
    labelledClauses: all.length,
    policies: policies.length,
    heldOutPolicies: [...held],
    heldOutClauses: test.length,
    trainClauses: train.length,
    vocabulary: final.vocabulary.length,
    thresholds,
    heldOut: { modelOnly, rulesOnly, combined },
  };
  writeFileSync(path.join(modelDir, 'metrics.json'), JSON.stringify(metrics, null, 2) + '\n');
  console.log(`\nwrote ${path.relative(process.cwd(), modelDir) || '.'}/classifier.json (${final.vocabulary.length} tokens) and metrics.json`);
}

main();
