// npm run eval: runs the engine on the evaluation set (resources/eval) and prints the scores; writes the same
// as JSON to .eval/eval-result.json. Exits 1 when the training and evaluation sets share a policy; evaluation
// policies >= 90% identical to a labelled training policy (template copies) are excluded from scoring and listed.
// Options: --json FILE (another output path), --quiet (no wrong-cell list), --include-near-duplicates,
// --extra FILE (an extra training label file to check for overlap; repeatable).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { corpusAvailable, CORPUS, formatReport, ROOT, runEval } from './eval-lib';

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const opt = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const extra: string[] = [];
  args.forEach((a, i) => {
    if (a === '--extra' && args[i + 1]) extra.push(path.resolve(args[i + 1]!));
  });
  if (!corpusAvailable()) {
    console.log(`eval skipped: the corpus is absent (${CORPUS}); the evaluation policies' texts live there.`);
    return 0;
  }
  const result = await runEval({ extraTraining: extra, includeNearDuplicates: args.includes('--include-near-duplicates') });
  console.log(formatReport(result, { wrong: !args.includes('--quiet') }));
  const out = path.resolve(opt('--json') ?? path.join(ROOT, '.eval/eval-result.json'));
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
  console.log(`\nwrote ${path.relative(process.cwd(), out) || out}`);
  if (result.sharedPolicies.length) {
    console.error(`\nFAIL: the training and evaluation sets share ${result.sharedPolicies.length} policies: ${result.sharedPolicies.join(', ')}`);
    return 1;
  }
  // Near-duplicates of labelled training policies are excluded from scoring (listed above), not a failure.
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(2);
  },
);
