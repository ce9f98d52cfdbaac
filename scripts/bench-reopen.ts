// `npm run bench:reopen` (also run by `npm run bench`): reopening an analyzed 1,000-policy workspace with a warm
// cache (issue 10: "with the grid shown in under 1.5 s").
//
// 1. Builds the workspace once: the made-up set (`bench.ts --make-set`, or --set DIR) imported with the CLI
//    (`policybench analyze --workspace DIR --jobs 2`), so cache/ holds every analysis and its grid entry.
// 2. Service: in a fresh process each time, WorkspaceSession.start(dir) → matrix() (what matrix-get answers) →
//    the regulation checks on it; median of 3 runs. Also the same with the grid entries deleted (the old cache
//    layout: full analyses only) for comparison.
// 3. Browser: the host on that workspace, Chromium from navigation to the grid rendered with every app (status bar
//    count = N, header and value cells in the DOM), and frame times while scrolling both ways.
//
// Usage: npm run bench:reopen [-- --set DIR] [-- --policies N] [-- --keep DIR (reuse/keep the workspace there)]
// Needs a built renderer (npm run build) for the browser part; skipped with a note otherwise.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

// ------------------------------------------------------------------------------------------------ service child

async function serviceChild(dir: string, home: string): Promise<void> {
  const t0 = performance.now();
  const { WorkspaceSession } = await import('../src/service/workspace-session');
  const { checksFor, loadServiceRules } = await import('../src/service/rules');
  const tImport = performance.now();
  const analyzer = {
    analyze: () => Promise.reject(new Error('reopen bench: the engine must not run (warm cache)')),
    close: async () => undefined,
  };
  const session = new WorkspaceSession({ analyzer, home, watchIntervalMs: 0 });
  const t1 = performance.now();
  await session.start(dir, { createIfMissing: false });
  const t2 = performance.now();
  const matrix = await session.matrix();
  const t3 = performance.now();
  const rules = loadServiceRules();
  const checks = checksFor(matrix, rules);
  const t4 = performance.now();
  const out = {
    policies: matrix.policies.length,
    importMs: tImport - t0,
    openMs: t2 - t1,
    matrixMs: t3 - t2,
    checksMs: t4 - t3,
    totalMs: t4 - t1,
    checksOk: 'results' in checks,
    rssMb: process.memoryUsage().rss / 1048576,
  };
  await session.close();
  console.log('REOPEN ' + JSON.stringify(out));
}

type ServiceFigures = { policies: number; openMs: number; matrixMs: number; checksMs: number; totalMs: number; rssMb: number };

function runService(dir: string, home: string): ServiceFigures {
  const res = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--service-child', dir, home], { cwd: root, encoding: 'utf8' });
  const line = res.stdout.split('\n').find((l) => l.startsWith('REOPEN '));
  if (res.status !== 0 || !line) throw new Error(`reopen child failed: ${res.stderr.slice(-2000)}`);
  return JSON.parse(line.slice(7)) as ServiceFigures;
}

function median<T>(xs: T[], by: (x: T) => number): T {
  return [...xs].sort((a, b) => by(a) - by(b))[Math.floor(xs.length / 2)]!;
}

// ------------------------------------------------------------------------------------------------ browser

function frameStats(xs: number[]): { n: number; p50: number; p95: number; max: number; over50: number } {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0;
  return { n: s.length, p50: q(0.5), p95: q(0.95), max: s[s.length - 1] ?? 0, over50: s.filter((x) => x > 50).length };
}

async function browserReopen(dir: string, home: string, n: number) {
  const { chromium } = await import('playwright-core');
  const { CHROMIUM_ARGS, CHROMIUM_PATH, startHostProcess, RENDERER_DIR } = await import('../e2e/host');
  if (!existsSync(path.join(RENDERER_DIR, 'index.html'))) return undefined;
  const runs: { loadToGridMs: number; matrixCallMs: number }[] = [];
  let scroll: { x: ReturnType<typeof frameStats>; y: ReturnType<typeof frameStats> } | undefined;
  for (let r = 0; r < 3; r++) {
    // A fresh host each time: nothing of the workspace is in its memory, as after restarting the app.
    const host = await startHostProcess({ samples: false, workspace: dir, home });
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: 1440, height: 700 } });
      page.on('pageerror', (e) => console.log(`  page error: ${e.message}`));
      let matrixCallMs = 0;
      page.on('requestfinished', (req) => {
        if (req.url().includes('/api/call/matrix-get')) matrixCallMs = req.timing().responseEnd;
      });
      await page.goto(host.url);
      await page.waitForFunction(
        (count) =>
          document.querySelector('.app[data-ready="true"]') !== null &&
          document.querySelectorAll('.pb-header').length > 0 &&
          document.querySelectorAll('.ag-row .pb-cell[data-policy]').length > 0 &&
          (document.querySelector('[data-testid="status-policies"]')?.textContent ?? '').replace(/\D/g, '') === String(count),
        n,
        { timeout: 120_000, polling: 'raf' },
      );
      // performance.now() counts from the navigation's start: page load to the grid shown with every app.
      const loadToGridMs = await page.evaluate(() => performance.now());
      runs.push({ loadToGridMs, matrixCallMs });
      if (r === 2) {
        const { SCROLL_PROBE } = await import('./bench-ui-probe');
        const probe = (axis: 'x' | 'y') => page.evaluate(`(${SCROLL_PROBE})(${JSON.stringify(axis)})`) as Promise<{ deltas: number[] }>;
        scroll = { x: frameStats((await probe('x')).deltas), y: frameStats((await probe('y')).deltas) };
      }
    } finally {
      await browser.close();
      await host.close();
    }
  }
  return { runs, best: median(runs, (x) => x.loadToGridMs), scroll };
}

// ------------------------------------------------------------------------------------------------ main

async function main(): Promise<void> {
  const childAt = args.indexOf('--service-child');
  if (childAt >= 0) return serviceChild(args[childAt + 1]!, args[childAt + 2]!);

  const n = Number(opt('--policies') ?? 1000);
  const keep = opt('--keep');
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'policybench-reopen-'));
  const home = path.join(tmp, 'home');
  const ws = keep ? path.resolve(keep) : path.join(tmp, 'ws');
  try {
    if (!existsSync(path.join(ws, 'workspace.json'))) {
      let set = opt('--set');
      if (!set) {
        set = path.join(tmp, 'set');
        const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(here, 'bench.ts'), '--make-set', set, '--policies', String(n)], { cwd: root, encoding: 'utf8' });
        if (r.status !== 0 || !existsSync(set)) throw new Error(`making the set failed: ${r.stdout.slice(-500)}${r.stderr.slice(-2000)}`);
      }
      const files = readdirSync(set).length;
      const t = performance.now();
      const r = spawnSync(process.execPath, [path.join(root, 'bin/policybench.js'), 'analyze', '--workspace', ws, '--jobs', String(Math.max(2, os.availableParallelism())), set], {
        cwd: root,
        encoding: 'utf8',
        maxBuffer: 256 * 1024 * 1024,
        env: { ...process.env, POLICYBENCH_HOME: home },
      });
      if (r.status !== 0 && r.status !== 1) throw new Error(`importing the set failed: ${r.stderr.slice(-2000)}`);
      console.log(`workspace: imported and analyzed ${files} policies in ${((performance.now() - t) / 1000).toFixed(1)} s (${ws})`);
    }
    const cacheDir = path.join(ws, 'cache');
    const grid = readdirSync(cacheDir).filter((f) => f.endsWith('.grid.json'));
    console.log(`cache: ${readdirSync(cacheDir).length} files, ${grid.length} grid entries`);

    const svc = median([0, 1, 2].map(() => runService(ws, home)), (x) => x.totalMs);
    const fmt = (x: number) => x.toFixed(0).padStart(6);
    console.log(`service reopen (fresh process, median of 3): open ${fmt(svc.openMs)} ms, matrix ${fmt(svc.matrixMs)} ms, checks ${fmt(svc.checksMs)} ms, total ${fmt(svc.totalMs)} ms, ${svc.policies} policies, RSS ${svc.rssMb.toFixed(0)} MB`);

    const ui = await browserReopen(ws, home, svc.policies);
    if (!ui) console.log('browser reopen skipped: out/renderer is not built (npm run build)');
    else {
      console.log(`browser reopen (fresh host each run): navigation → grid shown with ${svc.policies} apps: ${ui.runs.map((r) => r.loadToGridMs.toFixed(0)).join(', ')} ms (median ${ui.best.loadToGridMs.toFixed(0)}); matrix-get response at ${ui.runs.map((r) => r.matrixCallMs.toFixed(0)).join(', ')} ms`);
      if (ui.scroll) {
        const s = (f: ReturnType<typeof frameStats>) => `frames ${f.n}, p50 ${f.p50.toFixed(1)} ms, p95 ${f.p95.toFixed(1)} ms, max ${f.max.toFixed(1)} ms, ${f.over50} over 50 ms`;
        console.log(`  scroll with ${svc.policies} columns: horizontal ${s(ui.scroll.x)}; vertical ${s(ui.scroll.y)}`);
      }
      const met = ui.best.loadToGridMs < 1500;
      console.log(`Target: reopen a warm ${svc.policies}-policy workspace with the grid shown < 1.5 s: ${(ui.best.loadToGridMs / 1000).toFixed(2)} s in the browser (service ${(svc.totalMs / 1000).toFixed(2)} s) ${met ? 'MET' : 'NOT MET'}`);
    }

    // The old layout for comparison: only full analyses in cache/ (the session writes the grid entries back).
    if (args.includes('--compare-full')) {
      for (const f of grid) rmSync(path.join(cacheDir, f));
      const old = runService(ws, home);
      console.log(`service reopen without grid entries (full analyses read, grid entries written back): total ${fmt(old.totalMs)} ms`);
    }
  } finally {
    if (!keep) rmSync(tmp, { recursive: true, force: true });
    else rmSync(home, { recursive: true, force: true });
  }
}

await main();
