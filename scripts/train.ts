// npm run train [-- --extra FILE ...]: trains the clause classifier from resources/training/labels/*.jsonl (plus
// extra label files in the same format, e.g. reviewer corrections from `npm run corrections:export`), reports held-out
// precision/recall/F1 (model alone and rules+model), then retrains on everything and writes resources/model/.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CATEGORY_IDS, type CategoryId } from '../src/shared/taxonomy';
import { type LabelledClause } from '../src/engine/classify/train-model';
import { fitClassifier, FOLDS } from './train-lib';

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

async function main(): Promise<void> {
  const extra = extraFiles();
  const all = readLabels(extra);
  if (extra.length) console.log(`extra label files: ${extra.map((f) => path.relative(process.cwd(), f)).join(', ')}`);
  const policies = [...new Set(all.map((e) => e.policy))];
  if (policies.length < FOLDS) throw new Error(`need labelled clauses from at least ${FOLDS} policies, found ${policies.length}`);
  console.log(`${all.length} labelled clauses from ${policies.length} policies`);
  const started = performance.now();
  const { model, report } = await fitClassifier(all, { context: !process.argv.includes('--no-context'), log: (l) => console.log(l) });
  console.log('\nout-of-fold F1 of the model alone on label texts (pipeline scores with rules, section context and the context layer: npm run cv)');
  for (const [cat, f1] of Object.entries(report.oofModelF1)) console.log(`  ${cat.padEnd(18)} ${f1!.toFixed(3)} (threshold ${report.thresholds[cat as CategoryId]})`);
  mkdirSync(modelDir, { recursive: true });
  writeFileSync(path.join(modelDir, 'classifier.json'), JSON.stringify(model));
  const metrics = {
    date: new Date().toISOString(),
    labelledClauses: all.length,
    policies: policies.length,
    folds: FOLDS,
    vocabulary: model.vocabulary.length,
    thresholds: report.thresholds,
    outOfFoldModelF1: report.oofModelF1,
    contextLayer: report.contextNote,
    seconds: Math.round(performance.now() - started) / 1000,
  };
  writeFileSync(path.join(modelDir, 'metrics.json'), JSON.stringify(metrics, null, 2) + '\n');
  console.log(`\nwrote ${path.relative(process.cwd(), modelDir) || '.'}/classifier.json (${model.vocabulary.length} tokens) and metrics.json in ${metrics.seconds} s`);
}

await main();
