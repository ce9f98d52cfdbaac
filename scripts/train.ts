// npm run train [-- --extra FILE ...] [-- --no-context] [-- --model-dir DIR]: fits the clause classifier
// (scripts/train-lib.ts) on resources/training/labels/*.jsonl plus extra label files in the same format (e.g.
// reviewer corrections from `npm run corrections:export`), prints the model's out-of-fold F1 per category and the
// thresholds chosen, and writes resources/model/classifier.json and metrics.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CategoryId } from '../src/shared/taxonomy';
import { fitClassifier, FOLDS, readLabels } from './train-lib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** `--model-dir DIR` writes the model elsewhere (tests); default resources/model. */
const modelDirArg = process.argv.indexOf('--model-dir');
const modelDir = modelDirArg >= 0 && process.argv[modelDirArg + 1] ? path.resolve(process.argv[modelDirArg + 1]!) : path.join(root, 'resources/model');
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
