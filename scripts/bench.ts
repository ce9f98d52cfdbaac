// `npm run bench`: the engine's speed at corpus scale (issue 10).
//
// Sets: the 127 policies of ../shared/corpus (seeds + ca4p-dev), and 1,000 policies made from them (varied
// deterministically: paragraphs swapped in from other policies, dropped and duplicated, numbers and app
// names changed; every content hash distinct). For each set: in-process single thread (warm), the worker
// pool at 1 worker, at the default size (cores − 1, at least 1) and at 2, and the workspace analysis cache
// cold (miss → analyze → put) and warm (every analysis served from cache). Each scenario runs in its own
// child process so its peak RSS is its own (worker_threads share the process, so maxRSS covers the workers).
// A baseline (read the same files, count /注销/g) runs in the same process; ratios to it compare machines.
//
// Usage: npm run bench [-- --quick] [-- --no-cache] [-- --no-reopen] [-- --policies N] [-- --make-set DIR (write the set, nothing else)]
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractDocument } from '../src/engine/adapters/index';
import { analyzeBytes, listPolicyFiles, sha256Hex } from '../src/engine/analyze';
import { setTokenMemo } from '../src/engine/classify/model';
import { detectAppName } from '../src/engine/app-name';
import { ENGINE_VERSION } from '../src/engine/version';
import { PoolAnalyzer } from '../src/service/analyzer';
import { defaultPoolSize } from '../src/service/pool';
import { engineWorkerFromSources } from '../src/service/worker-spec';
import { cacheGet, cachePut, createWorkspace, openWorkspace } from '../src/service/workspace/index';
import { TAXONOMY_VERSION } from '../src/shared/taxonomy';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const corpus = path.resolve(root, '../shared/corpus');
const args = process.argv.slice(2);

// ---------------------------------------------------------------------------------------------- figures

interface Figures {
  set: string;
  scenario: string;
  policies: number;
  failed: number;
  chars: number;
  totalMs: number;
  /** Worker start-up (tsx + engine import) before the timed run; 0 in-process. */
  startupMs: number;
  perPolicy: { p50: number; p95: number; max: number };
  policiesPerS: number;
  charsPerS: number;
  /** Peak resident set of the scenario's process, workers included (they are threads of it), in MB. */
  peakRssMb: number;
  cpuMs: number;
  note?: string;
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function figures(set: string, scenario: string, times: number[], chars: number, failed: number, totalMs: number, startupMs: number, cpuMs: number, note?: string): Figures {
  const sorted = [...times].sort((a, b) => a - b);
  return {
    set,
    scenario,
    policies: times.length,
    failed,
    chars,
    totalMs: round(totalMs),
    startupMs: round(startupMs),
    perPolicy: { p50: round(quantile(sorted, 0.5)), p95: round(quantile(sorted, 0.95)), max: round(sorted[sorted.length - 1] ?? 0) },
    policiesPerS: round((times.length / totalMs) * 1000),
    charsPerS: Math.round((chars / totalMs) * 1000),
    peakRssMb: round(process.resourceUsage().maxRSS / 1024),
    cpuMs: round(cpuMs),
    note,
  };
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}

function cpuNow(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

// ---------------------------------------------------------------------------------------------- child

interface ChildJob {
  set: string;
  dir: string;
  scenario: 'inprocess' | 'pool' | 'cache-cold' | 'cache-warm';
  size?: number;
  cacheDir?: string;
  /** The classifier's clause memo (on by default in the product). */
  memo: boolean;
  /** A small policy outside the set that starts the workers. */
  standIn: string;
}

/** Runs FN over ITEMS with at most LIMIT in flight (so per-item times do not include a long queue). */
async function limited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

async function runChild(job: ChildJob): Promise<Figures> {
  const { files } = await listPolicyFiles([job.dir]);
  if (job.scenario === 'inprocess') {
    const inputs = files.map((f) => ({ f, bytes: readFileSync(f) }));
    // Warm: one untimed pass (memo off) loads the model, compiles the regexes and lets the JIT settle; then
    // the memo starts empty, so the timed pass sees every clause for the first time.
    setTokenMemo(false);
    for (const { f, bytes } of inputs) await analyzeBytes(new Uint8Array(bytes), f).catch(() => undefined);
    setTokenMemo(job.memo);
    const times: number[] = [];
    let chars = 0;
    let failed = 0;
    const c0 = cpuNow();
    const t0 = performance.now();
    for (const { f, bytes } of inputs) {
      const t = performance.now();
      try {
        chars += (await analyzeBytes(new Uint8Array(bytes), f)).chars;
      } catch {
        failed++;
      }
      times.push(performance.now() - t);
    }
    return figures(job.set, `single thread, in-process, warm, memo ${job.memo ? 'on' : 'off'}`, times, chars, failed, performance.now() - t0, 0, cpuNow() - c0);
  }

  const size = job.size ?? defaultPoolSize();
  const analyzer = new PoolAnalyzer({ worker: engineWorkerFromSources(), size });
  const ts = performance.now();
  // Start every worker (tsx + engine + model) before timing; a stand-in file, analyzed by each worker once.
  await Promise.all(Array.from({ length: size }, () => analyzer.analyze({ kind: 'path', path: job.standIn })));
  const startupMs = performance.now() - ts;
  const times: number[] = [];
  let chars = 0;
  let failed = 0;
  const c0 = cpuNow();
  const t0 = performance.now();

  if (job.scenario === 'pool') {
    await Promise.all(
      files.map(async (p) => {
        const r = await analyzer.analyze({ kind: 'path', path: p });
        if (r.ok) {
          times.push(r.analysis.elapsedMs);
          chars += r.analysis.chars;
        } else failed++;
      }),
    );
    const total = performance.now() - t0;
    await analyzer.close();
    const label = `pool, ${size} worker${size > 1 ? 's' : ''}${size === defaultPoolSize() ? ' (default size)' : ''}${job.memo ? '' : ', memo off'}`;
    return figures(job.set, label, times, chars, failed, total, startupMs, cpuNow() - c0, 'per-policy times: engine time inside the worker');
  }

  // Cache scenarios: the workspace analysis cache keyed by (sha256, engine version, taxonomy version).
  const wsDir = job.cacheDir!;
  const ws = existsSync(path.join(wsDir, 'workspace.json')) ? await openWorkspace(wsDir) : await createWorkspace(wsDir, { name: 'bench' });
  let hits = 0;
  // Reopening reads many small files: more in flight. A cold import is bounded by the pool.
  const inFlight = job.scenario === 'cache-warm' ? 8 : size + 1;
  await limited(files, inFlight, async (p) => {
    const t = performance.now();
    const bytes = readFileSync(p);
    const key = { sha256: sha256Hex(bytes), engineVersion: ENGINE_VERSION, taxonomyVersion: TAXONOMY_VERSION };
    const cached = (await cacheGet(ws, key)) as { chars: number } | undefined;
    if (cached) {
      hits++;
      chars += cached.chars;
      times.push(performance.now() - t);
      return;
    }
    const r = await analyzer.analyze({ kind: 'bytes', bytes: new Uint8Array(bytes), fileName: path.basename(p) });
    if (!r.ok) {
      failed++;
      return;
    }
    await cachePut(ws, key, r.analysis);
    chars += r.analysis.chars;
    times.push(performance.now() - t);
  });
  const total = performance.now() - t0;
  await analyzer.close();
  const label = job.scenario === 'cache-cold' ? `cache cold (miss, analyze, put), pool ${size}` : `cache warm (every analysis from cache)`;
  return figures(job.set, label, times, chars, failed, total, startupMs, cpuNow() - c0, `${hits}/${files.length} cache hits; per-policy: read, hash, get (and analyze, put), ${inFlight} in flight`);
}

// ---------------------------------------------------------------------------------------------- the 1,000-policy set

/** mulberry32: a small deterministic PRNG. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAME_PARTS = ['星', '云', '速', '达', '乐', '享', '智', '家', '悦', '听', '鲸', '鱼', '橙', '果', '易', '行', '青', '禾', '微', '光', '快', '拍', '小', '蜜'];

async function makeSet(sources: string[], n: number, outDir: string): Promise<void> {
  const rand = rng(20261123);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const docs: { text: string; app: string; paras: string[] }[] = [];
  for (const f of sources) {
    const doc = await extractDocument(readFileSync(f), path.basename(f));
    const { app } = detectAppName(doc.text, path.basename(f));
    docs.push({ text: doc.text, app, paras: doc.text.split(/\n/).filter((l) => l.trim()) });
  }
  const seen = new Set<string>();
  mkdirSync(outDir, { recursive: true });
  for (let k = 0; k < n; k++) {
    const base = docs[k % docs.length]!;
    const donor = docs[Math.floor(rand() * docs.length)]!;
    const out: string[] = [];
    for (const para of base.paras) {
      const r = rand();
      if (r < 0.05) continue; // drop
      if (r < 0.12 && donor.paras.length) out.push(pick(donor.paras)); // swap in a paragraph from another policy
      else out.push(para);
      if (r > 0.95) out.push(para); // duplicate
    }
    // Shuffle a few neighbouring paragraphs (sections in another order).
    for (let s = 0; s < out.length / 20; s++) {
      const i = Math.floor(rand() * out.length);
      const j = Math.min(out.length - 1, i + 1 + Math.floor(rand() * 3));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    const name = Array.from({ length: 2 + Math.floor(rand() * 2) }, () => pick(NAME_PARTS)).join('') + (k % 7);
    let text = out.join('\n');
    if (base.app.length >= 2) text = text.split(base.app).join(name);
    text = text.replace(/\d+/g, (d) => (rand() < 0.3 ? String(Math.max(1, Number(d.slice(0, 6)) + 1 + Math.floor(rand() * 9))) : d));
    text = `${name}隐私政策\n\n${text}\n`;
    const hash = sha256Hex(Buffer.from(text));
    if (seen.has(hash)) text += `\n更新日期：${2020 + (k % 6)}年${1 + (k % 12)}月${1 + (k % 28)}日\n`;
    seen.add(sha256Hex(Buffer.from(text)));
    writeFileSync(path.join(outDir, `${String(k).padStart(4, '0')}.txt`), text);
  }
}

// ---------------------------------------------------------------------------------------------- baseline

/** Reads every file of the set and counts /注销/g in one process: the machine's speed for trivial text work. */
function baseline(files: string[]): { ms: number; matches: number; chars: number } {
  const runs: number[] = [];
  let matches = 0;
  let chars = 0;
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    matches = 0;
    chars = 0;
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      chars += text.length;
      matches += text.match(/注销/g)?.length ?? 0;
    }
    runs.push(performance.now() - t0);
  }
  runs.sort((a, b) => a - b);
  return { ms: runs[2]!, matches, chars };
}

// ---------------------------------------------------------------------------------------------- parent

function child(job: ChildJob): Figures {
  const res = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', JSON.stringify(job)], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, POLICYBENCH_TOKEN_MEMO: job.memo ? '1' : '0' },
  });
  const line = res.stdout.split('\n').find((l) => l.startsWith('BENCH '));
  if (res.status !== 0 || !line) throw new Error(`bench child failed (${job.set} ${job.scenario}): ${res.stderr.slice(-2000)}`);
  return JSON.parse(line.slice(6)) as Figures;
}

function pad(s: string | number, n: number, left = false): string {
  const t = String(s);
  return left ? t.padEnd(n) : t.padStart(n);
}

function printTable(rows: Figures[], base: Map<string, { ms: number; chars: number }>): void {
  const head = ['set', 'scenario', 'n', 'fail', 'total ms', '×base', 'cpu ms', 'pol/s', 'Mchar/s', 'p50 ms', 'p95 ms', 'max ms', 'RSS MB', 'start ms'];
  const w = [10, 48, 5, 4, 9, 6, 8, 7, 8, 7, 7, 8, 7, 8];
  console.log(head.map((h, i) => pad(h, w[i]!, i < 2)).join(' '));
  for (const r of rows) {
    const b = base.get(r.set)!;
    const cells = [r.set, r.scenario, r.policies, r.failed, r.totalMs.toFixed(0), (r.totalMs / b.ms).toFixed(0), r.cpuMs.toFixed(0), r.policiesPerS.toFixed(1), (r.charsPerS / 1e6).toFixed(2), r.perPolicy.p50.toFixed(1), r.perPolicy.p95.toFixed(1), r.perPolicy.max.toFixed(1), r.peakRssMb.toFixed(0), r.startupMs.toFixed(0)];
    console.log(cells.map((c, i) => pad(c, w[i]!, i < 2)).join(' '));
  }
}

async function main(): Promise<void> {
  const at = args.indexOf('--child');
  if (at >= 0) {
    const fig = await runChild(JSON.parse(args[at + 1]!) as ChildJob);
    console.log('BENCH ' + JSON.stringify(fig));
    return;
  }
  if (!existsSync(path.join(corpus, 'seeds')) || !existsSync(path.join(corpus, 'ca4p-dev'))) {
    console.log(`bench skipped: the development corpus is not at ${corpus} (expected seeds/ and ca4p-dev/ there).`);
    return;
  }
  const makeAt = args.indexOf('--make-set');
  if (makeAt >= 0) {
    // Only write the made-up set (e.g. to diff the engine's output before and after a change).
    const { files } = await listPolicyFiles([path.join(corpus, 'seeds'), path.join(corpus, 'ca4p-dev')]);
    const nAt = args.indexOf('--policies');
    await makeSet(files, nAt >= 0 ? Number(args[nAt + 1]) : 1000, path.resolve(args[makeAt + 1]!));
    console.log(`wrote the made-up set to ${path.resolve(args[makeAt + 1]!)}`);
    return;
  }
  const quick = args.includes('--quick');
  const withCache = !args.includes('--no-cache');
  const nAt = args.indexOf('--policies');
  const nPolicies = nAt >= 0 ? Number(args[nAt + 1]) : 1000;

  const tmp = mkdtempSync(path.join(tmpdir(), 'policybench-bench-'));
  try {
    // The corpus set: the 127 files themselves, in one folder (links would do, copies keep it simple).
    const corpusDir = path.join(tmp, 'corpus');
    mkdirSync(corpusDir);
    const { files: sources } = await listPolicyFiles([path.join(corpus, 'seeds'), path.join(corpus, 'ca4p-dev')]);
    for (const f of sources) writeFileSync(path.join(corpusDir, `${path.basename(path.dirname(f))}-${path.basename(f)}`), readFileSync(f));

    // Starts the workers; generic sentences, not from the corpus.
    const standIn = path.join(tmp, 'stand-in.txt');
    writeFileSync(standIn, '示例应用隐私政策\n\n一、适用范围\n本政策适用于示例应用。\n二、联系我们\n如有问题，请发送邮件至 privacy@example.com。\n');
    const sets: { name: string; dir: string }[] = [{ name: `corpus${sources.length}`, dir: corpusDir }];
    if (!quick) {
      const t = performance.now();
      const genDir = path.join(tmp, 'set1000');
      await makeSet(sources, nPolicies, genDir);
      const hashes = new Set(readdirSync(genDir).map((f) => sha256Hex(readFileSync(path.join(genDir, f)))));
      console.log(`made ${nPolicies} varied policies from the corpus in ${(performance.now() - t).toFixed(0)} ms (${hashes.size} distinct content hashes)`);
      sets.push({ name: `set${nPolicies}`, dir: genDir });
    }

    const cores = availableParallelism();
    const sizes = [...new Set([1, defaultPoolSize(), 2])].sort((a, b) => a - b);
    console.log(`node ${process.version}, ${cores} cores (${cpus()[0]?.model ?? '?'}), default pool size ${defaultPoolSize()}, engine ${ENGINE_VERSION}`);

    const rows: Figures[] = [];
    const base = new Map<string, { ms: number; chars: number; matches: number }>();
    for (const set of sets) {
      const files = readdirSync(set.dir).map((f) => path.join(set.dir, f));
      const b = baseline(files);
      base.set(set.name, b);
      console.log(`baseline ${set.name}: read ${files.length} files (${(b.chars / 1e6).toFixed(2)} M chars) and count /注销/g (${b.matches}) in ${b.ms.toFixed(1)} ms`);
      const common = { set: set.name, dir: set.dir, standIn };
      const jobs: ChildJob[] = [
        { ...common, scenario: 'inprocess', memo: false },
        { ...common, scenario: 'inprocess', memo: true },
      ];
      for (const size of sizes) jobs.push({ ...common, scenario: 'pool', size, memo: true });
      jobs.push({ ...common, scenario: 'pool', size: Math.max(...sizes), memo: false });
      if (withCache) {
        const cacheDir = path.join(tmp, `ws-${set.name}`);
        jobs.push({ ...common, scenario: 'cache-cold', size: defaultPoolSize(), cacheDir, memo: true });
        jobs.push({ ...common, scenario: 'cache-warm', size: 1, cacheDir, memo: true });
      }
      for (const job of jobs) {
        const fig = child(job);
        rows.push(fig);
        console.log(`  ${set.name} · ${fig.scenario}: ${fig.totalMs.toFixed(0)} ms, p95 ${fig.perPolicy.p95} ms, RSS ${fig.peakRssMb} MB${fig.note ? ` (${fig.note})` : ''}`);
      }
    }

    console.log('');
    printTable(rows, base);
    console.log('×base: total time as a multiple of the baseline for the same set (read the files + one regex), for comparing machines.');
    console.log('cpu ms: CPU time of the scenario\'s process (workers included) during the timed run: steadier than wall time on a busy machine.');
    console.log('memo: the classifier remembers the words of clauses it has segmented; the made-up set shares most clauses with the corpus, so its memo-on rows flatter it.');

    const single = rows.find((r) => r.set === 'corpus' + sources.length && r.scenario.startsWith('single') && r.scenario.endsWith('memo off'));
    const big = rows.filter((r) => r.set === `set${nPolicies}` && r.scenario.startsWith('pool'));
    const warm = rows.find((r) => r.set === `set${nPolicies}` && r.scenario.startsWith('cache warm'));
    const maxRss = Math.max(...rows.map((r) => r.peakRssMb));
    console.log('\nTargets (issue 10):');
    if (single) console.log(`  p95 per policy < 30 ms (single thread, warm, corpus): ${single.perPolicy.p95} ms ${single.perPolicy.p95 < 30 ? 'MET' : 'NOT MET'}`);
    for (const r of big) console.log(`  ${nPolicies} policies < 10 s with the ${r.scenario}: ${(r.totalMs / 1000).toFixed(1)} s ${r.totalMs < 10000 ? 'MET' : 'NOT MET'}`);
    if (warm) console.log(`  warm cache, ${nPolicies} analyses served: ${(warm.totalMs / 1000).toFixed(2)} s (the grid's 1.5 s budget also covers rendering)`);
    console.log(`  peak RSS < 1 GB: ${maxRss} MB ${maxRss < 1024 ? 'MET' : 'NOT MET'}`);

    // Reopening the analyzed 1,000-policy workspace with the grid shown (scripts/bench-reopen.ts), on this set.
    if (!quick && !args.includes('--no-reopen')) {
      console.log('\nReopen (scripts/bench-reopen.ts):');
      const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(here, 'bench-reopen.ts'), '--set', path.join(tmp, 'set1000')], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
      process.stdout.write(r.stdout ?? '');
    }

    const outDir = path.join(root, '.bench');
    mkdirSync(outDir, { recursive: true });
    const stamp = new Date().toISOString().replace(/[:]/g, '-').replace(/\..*/, '');
    const outFile = path.join(outDir, `bench-${stamp}.json`);
    writeFileSync(
      outFile,
      JSON.stringify({ at: new Date().toISOString(), node: process.version, cores, cpu: cpus()[0]?.model, engineVersion: ENGINE_VERSION, defaultPoolSize: defaultPoolSize(), baseline: Object.fromEntries(base), rows }, null, 1),
    );
    console.log(`\nfigures written to ${path.relative(root, outFile)}`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
