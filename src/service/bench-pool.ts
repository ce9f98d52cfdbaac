// Measures the engine pool: the same files on 1 worker and on N, and the caller's event-loop stalls meanwhile.
// Usage: npx tsx src/service/bench-pool.ts [folder ...]   (default: resources/samples and the dev corpus)
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { listPolicyFiles } from '../engine/analyze';
import { PoolAnalyzer } from './analyzer';
import { defaultPoolSize } from './pool';
import { engineWorkerFromSources } from './worker-spec';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dirs = process.argv.slice(2).length ? process.argv.slice(2) : [path.join(root, 'resources/samples'), path.resolve(root, '../shared/corpus/ca4p-dev')];

async function run(dir: string, size: number) {
  const { files } = await listPolicyFiles([dir]);
  const analyzer = new PoolAnalyzer({ worker: engineWorkerFromSources(), size });
  // Start every worker (tsx + engine import) before timing: that cost is paid once per app start.
  await Promise.all(Array.from({ length: size }, () => analyzer.analyze({ kind: 'path', path: files[0]! })));
  let last = performance.now();
  let gap = 0;
  const tick = setInterval(() => {
    const now = performance.now();
    gap = Math.max(gap, now - last);
    last = now;
  }, 10);
  const t0 = performance.now();
  const results = await Promise.all(files.map((p) => analyzer.analyze({ kind: 'path', path: p })));
  const ms = performance.now() - t0;
  clearInterval(tick);
  await analyzer.close();
  return { files: files.length, failed: results.filter((r) => !r.ok).length, ms, gap };
}

const n = Math.max(2, defaultPoolSize());
console.log(`cores ${availableParallelism()}, default pool size ${defaultPoolSize()}, comparing 1 vs ${n} workers`);
// Alternating runs, best of each: the machine's other load varies from run to run.
for (const dir of dirs) {
  const best = { one: Infinity, many: Infinity, gap: 0, files: 0, failed: 0 };
  for (let round = 0; round < 2; round++) {
    const one = await run(dir, 1);
    const many = await run(dir, n);
    best.one = Math.min(best.one, one.ms);
    best.many = Math.min(best.many, many.ms);
    best.gap = Math.max(best.gap, one.gap, many.gap);
    best.files = one.files;
    best.failed = one.failed;
  }
  console.log(
    `${path.basename(dir)}: ${best.files} files (${best.failed} failed): 1 worker ${best.one.toFixed(0)} ms, ${n} workers ${best.many.toFixed(0)} ms, ` +
      `speed-up ×${(best.one / best.many).toFixed(2)}; longest event-loop stall ${best.gap.toFixed(0)} ms (10 ms timer)`,
  );
}
