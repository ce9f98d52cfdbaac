// `npm run bench:ui`: loads 500 policies (corpus copies, each made distinct) into the browser host, opens the
// grid in Chromium and prints time to first full render and frame times while scrolling both ways.
// Needs a built renderer (npm run build). Env: PB_CHROMIUM (default /usr/bin/chromium), PB_BENCH_N (default 500; issue 10: 500 app columns scroll without frames over 50 ms).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, startHostProcess } from '../e2e/host';
import { cpuLoad, loadText } from './bench-ui-load';
import { benchUpload, corpusFiles, hostCaller } from './bench-ui-data';
import { PAYLOAD_PROBE, SCROLL_PROBE } from './bench-ui-probe';

const N = Number(process.env.PB_BENCH_N ?? 500);
/** N distinct uploads made from the corpus (see bench-ui-data.ts). */
function uploads(): { name: string; relativePath: string; dataBase64: string }[] {
  const files = corpusFiles();
  return Array.from({ length: N }, (_, i) => benchUpload(i, files));
}

function stats(xs: number[]): string {
  if (xs.length === 0) return 'no frames';
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return `frames ${s.length}, p50 ${q(0.5).toFixed(1)} ms, p95 ${q(0.95).toFixed(1)} ms, max ${s[s.length - 1]!.toFixed(1)} ms, ${s.filter((x) => x > 50).length} over 50 ms`;
}

const host = await startHostProcess({ samples: false });
const tmp = mkdtempSync(path.join(os.tmpdir(), 'pb-bench-ui-'));
try {
  const call = hostCaller(host);

  const all = uploads();
  const t0 = performance.now();
  let added = 0;
  for (let i = 0; i < all.length; i += 25) {
    const r = (await call('policies-import', { jobId: `bench-${i}`, files: all.slice(i, i + 25) })) as { added: unknown[]; errors: { file: string; message: string }[] };
    added += r.added.length;
    for (const e of r.errors) console.log(`  failed: ${e.file}: ${e.message}`);
  }
  const importMs = performance.now() - t0;
  console.log(`Loaded ${added} of ${all.length} policies into the host in ${(importMs / 1000).toFixed(1)} s`);

  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: { width: 1440, height: 700 } });
  page.on('pageerror', (e) => console.log(`  page error: ${e.message}`));
  await page.goto(host.url);
  await page.waitForFunction(
    (n) => document.querySelector('.app[data-ready="true"]') !== null && document.querySelectorAll('.pb-header').length > 0 &&
      document.querySelectorAll('.ag-row .pb-cell[data-policy]').length > 0 &&
      (document.querySelector('[data-testid="status-policies"]')?.textContent ?? '').replace(/\D/g, '') === String(n),
    added,
    { timeout: 120_000, polling: 250 },
  ).catch(async (e: unknown) => {
    await page.screenshot({ path: path.join(os.tmpdir(), 'bench-ui-timeout.png') });
    console.log(`  status: ${await page.locator('.statusbar').textContent()}`);
    throw e;
  });
  const firstRender = await page.evaluate(() => performance.now());
  console.log(`Time to first full render: ${firstRender.toFixed(0)} ms (from navigation; ${added} columns × 22 rows)`);

  // Also reported: the CPU other processes used meanwhile (the machine is shared; a slow frame while another
  // process took a core says less about the grid).
  const scroll = async (axis: 'x' | 'y') => {
    const load = cpuLoad();
    // page.evaluate has no timeout: a page whose frames stop (seen once, headless Chromium idle after the
    // import) would hang the bench. 60 s is ten times a probe's run.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stalled = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the ${axis} scroll probe got no frames for 60 s (headless Chromium stalled); run bench:ui again`)), 60_000);
    });
    const r = (await Promise.race([page.evaluate(`(${SCROLL_PROBE})(${JSON.stringify(axis)})`), stalled]).finally(() => clearTimeout(timer))) as { deltas: number[]; max: number };
    const used = load();
    return { ...r, others: used ? `; ${loadText(used)}` : '' };
  };

  const h = await scroll('x');
  console.log(`Horizontal scroll (${h.max} px range, 120 px/frame): ${stats(h.deltas)}${h.others}`);
  const v = await scroll('y');
  console.log(`Vertical scroll (${v.max} px range, 40 px/frame): ${stats(v.deltas)}${v.others}`);
  // The grid's payloads as the page receives them: size, and JSON.parse on the page's main thread (median of 5).
  const payloads = (await page.evaluate(`(${PAYLOAD_PROBE})()`)) as { method: string; bytes: number; parseMs: number }[];
  console.log(`Payloads: ${payloads.map((p) => `${p.method} ${(p.bytes / 1e6).toFixed(2)} MB, parse ${p.parseMs.toFixed(1)} ms`).join('; ')}`);
  // What a click on a check cell waits for: check-get's answer (one result in full), median of 5 policies.
  const checks = (await call('checks-get', {})) as { policyIds: string[]; rules: { id: string }[] };
  const waits: number[] = [];
  for (let i = 0; i < 5 && checks.rules.length; i++) {
    const t = performance.now();
    await call('check-get', { policyId: checks.policyIds[(i * 97) % checks.policyIds.length], ruleId: checks.rules[i % checks.rules.length]!.id });
    waits.push(performance.now() - t);
  }
  if (waits.length) console.log(`check-get (the check panel's evidence): median ${[...waits].sort((a, b) => a - b)[2]!.toFixed(0)} ms over 5 calls`);
  await browser.close();
} finally {
  rmSync(tmp, { recursive: true, force: true });
  await host.close();
}
