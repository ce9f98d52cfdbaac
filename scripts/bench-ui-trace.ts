// Investigation tool for bench:ui's slow frames (not part of `npm test`): reuses a workspace of N policies in
// PB_BENCH_HOME (imported once), then loads the grid R times (PB_RUNS) in fresh pages and scrolls it with the same
// probe as bench:ui, printing each frame's time in order and the Long Animation Frames (with script attribution)
// the page saw. PB_TRACE=1 also writes a Chromium performance trace per run (open in chrome://tracing or
// DevTools' Performance panel). Needs a built renderer (npm run build).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type CDPSession } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, startHostProcess } from '../e2e/host';
import { cpuLoad, loadText } from './bench-ui-load';
import { benchUpload, corpusFiles, hostCaller } from './bench-ui-data';
import { SCROLL_PROBE } from './bench-ui-probe';

const N = Number(process.env.PB_BENCH_N ?? 500);
const RUNS = Number(process.env.PB_RUNS ?? 5);
const HOME = process.env.PB_BENCH_HOME ?? path.join(os.tmpdir(), `pb-bench-ui-home-${N}`);
const TRACE = process.env.PB_TRACE === '1';
const OUT = process.env.PB_TRACE_DIR ?? path.join(os.tmpdir(), 'pb-ui-traces');
const AXES = (process.env.PB_AXES ?? 'x,y').split(',') as ('x' | 'y')[];

mkdirSync(OUT, { recursive: true });

/** A host with N policies: the reused workspace in HOME (imported once), or with PB_FRESH=1 a new one per run, imported just before, as bench:ui does. */
async function hostWithPolicies(fresh: boolean) {
  const home = fresh ? mkdtempSync(path.join(os.tmpdir(), 'pb-bench-ui-fresh-')) : HOME;
  mkdirSync(home, { recursive: true });
  const host = await startHostProcess({ samples: false, home });
  const call = hostCaller(host);
  const have = ((await call('policies-list', {})) as { policies: unknown[] }).policies.length;
  if (have < N) {
    const files = corpusFiles();
    for (let i = have; i < N; i += 25) {
      const batch = Array.from({ length: Math.min(25, N - i) }, (_, k) => benchUpload(i + k, files));
      await call('policies-import', { jobId: `bench-${i}`, files: batch });
    }
  }
  const count = ((await call('policies-list', {})) as { policies: unknown[] }).policies.length;
  return {
    host,
    count,
    close: async () => {
      await host.close();
      if (fresh) rmSync(home, { recursive: true, force: true });
    },
  };
}

const FRESH = process.env.PB_FRESH === '1';
let shared = FRESH ? undefined : await hostWithPolicies(false);
if (shared) console.log(`${shared.count} policies in ${HOME}`);
try {
  for (let run = 1; run <= RUNS; run++) {
    const { host, count, close } = shared ?? (await hostWithPolicies(true));
    // A fresh browser per run, as bench:ui does (no warm code cache from the previous run).
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: { width: 1440, height: 700 } });
    page.on('pageerror', (e) => console.log(`  page error: ${e.message}`));
    await page.addInitScript(() => {
      const w = window as unknown as { __loaf: unknown[]; __calls: string[] };
      w.__loaf = [];
      // When each API answer arrived (ms since navigation), to see what lands after the grid first shows.
      w.__calls = [];
      const fetch0 = window.fetch.bind(window);
      window.fetch = async (...args: Parameters<typeof fetch>) => {
        const res = await fetch0(...args);
        const url = String(args[0] instanceof Request ? args[0].url : args[0]);
        w.__calls.push(`${url.replace(/^.*\/api\/call\//, '')}@${performance.now().toFixed(0)}`);
        return res;
      };
      try {
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) w.__loaf.push(e.toJSON());
        }).observe({ type: 'long-animation-frame', buffered: true });
      } catch {
        /* not supported */
      }
    });
    await page.goto(host.url);
    await page.waitForFunction(
      (n) =>
        document.querySelector('.app[data-ready="true"]') !== null &&
        document.querySelectorAll('.pb-header').length > 0 &&
        document.querySelectorAll('.ag-row .pb-cell[data-policy]').length > 0 &&
        (document.querySelector('[data-testid="status-policies"]')?.textContent ?? '').replace(/\D/g, '') === String(n),
      count,
      { timeout: 120_000, polling: 250 },
    );
    const ready = await page.evaluate(() => performance.now());
    const callsAtReady = await page.evaluate(() => (window as unknown as { __calls: string[] }).__calls.join(' '));
    let cdp: CDPSession | undefined;
    const events: unknown[] = [];
    if (TRACE) {
      cdp = await page.context().newCDPSession(page);
      cdp.on('Tracing.dataCollected', (e: { value: unknown[] }) => events.push(...e.value));
      await cdp.send('Tracing.start', {
        transferMode: 'ReportEvents',
        traceConfig: {
          includedCategories: [
            'devtools.timeline',
            'disabled-by-default-devtools.timeline',
            'disabled-by-default-devtools.timeline.frame',
            'v8.execute',
            'disabled-by-default-v8.cpu_profiler',
            'blink.user_timing',
            'loading',
            'latencyInfo',
            'v8',
            'disabled-by-default-v8.gc',
          ],
        },
      });
    }
    const line: string[] = [];
    for (const ax of AXES) {
      const t0 = await page.evaluate(() => performance.now());
      const load = cpuLoad();
      const r = (await page.evaluate(`(${SCROLL_PROBE})(${JSON.stringify(ax)})`)) as { deltas: number[] };
      const used = load();
      const slow = r.deltas.map((d, i) => [i, d] as const).filter(([, d]) => d > 40);
      const s = [...r.deltas].sort((a, b) => a - b);
      line.push(
        `${ax}: ${loadText(used)}; max ${s[s.length - 1]!.toFixed(1)} p95 ${s[Math.floor(0.95 * s.length)]!.toFixed(1)} first ${r.deltas
          .slice(0, 12)
          .map((d) => d.toFixed(0))
          .join(' ')} slow ${slow.map(([i, d]) => `#${i}:${d.toFixed(0)}`).join(' ') || '-'}`,
      );
      const loaf = (await page.evaluate(
        (since) => (window as unknown as { __loaf: { startTime: number }[] }).__loaf.filter((e) => e.startTime >= since),
        t0,
      )) as { startTime: number; duration: number; blockingDuration: number; renderStart: number; styleAndLayoutStart: number; scripts: { invoker: string; sourceFunctionName: string; sourceURL: string; sourceCharPosition: number; duration: number; forcedStyleAndLayoutDuration: number }[] }[];
      for (const e of loaf) {
        if (e.duration < 40) continue;
        const scripts = e.scripts
          .map((s) => `${s.invoker}/${s.sourceFunctionName}@${s.sourceCharPosition} ${s.duration.toFixed(0)}ms fsl ${s.forcedStyleAndLayoutDuration.toFixed(0)}`)
          .join('; ');
        line.push(
          `   LoAF +${(e.startTime - t0).toFixed(0)}ms dur ${e.duration.toFixed(0)} render@${(e.renderStart - e.startTime).toFixed(0)} style@${(e.styleAndLayoutStart - e.startTime).toFixed(0)} scripts: ${scripts}`,
        );
      }
    }
    if (cdp) {
      const done = new Promise<void>((resolve) => cdp!.once('Tracing.tracingComplete', () => resolve()));
      await cdp.send('Tracing.end');
      await done;
      const file = path.join(OUT, `run${run}.json`);
      writeFileSync(file, JSON.stringify({ traceEvents: events }));
      line.push(`   trace: ${file}`);
    }
    const calls = await page.evaluate(() => (window as unknown as { __calls: string[] }).__calls.join(' '));
    console.log(`run ${run} (ready at ${ready.toFixed(0)} ms)\n  calls at ready: ${callsAtReady}\n  calls at end: ${calls}\n  ${line.join('\n  ')}`);
    await browser.close();
    if (!shared) await close();
  }
} finally {
  await shared?.close();
  shared = undefined;
}
