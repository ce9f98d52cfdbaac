// Export timing on the development corpus: the 127 policies of ../shared/corpus (seeds + ca4p-dev), analyzed with
// the real engine, exported in every format; prints the seconds each format took and the output size.
// Run: npx tsx src/service/export/bench-export.ts [corpusDir] [--lang en] [--out DIR]
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeFile } from '../../engine/analyze';
import type { PolicyAnalysis } from '../../shared/types';
import { buildReport, chromiumPath, EXPORT_FORMATS, EXPORT_FILE_TYPES, exportReport, isExportError, type ReportAnnotation } from './index';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const flag = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args.splice(i, 2)[1] : undefined;
  };
  const lang = flag('--lang') === 'en' ? 'en' : 'zh';
  const outArg = flag('--out');
  const here = path.dirname(fileURLToPath(import.meta.url));
  const corpus = path.resolve(args[0] ?? path.join(here, '../../../../shared/corpus'));
  const dirs = ['seeds', 'ca4p-dev'].map((d) => path.join(corpus, d));
  if (!dirs.every((d) => existsSync(d))) {
    console.log(`Skipped: no corpus at ${corpus} (expected ${dirs.map((d) => path.relative(corpus, d)).join(' and ')} inside it).`);
    return;
  }
  const files: string[] = [];
  for (const d of dirs) for (const f of (await readdir(d)).sort()) if (/\.(txt|html?)$/i.test(f)) files.push(path.join(d, f));

  let t = performance.now();
  const analyses: PolicyAnalysis[] = [];
  for (const f of files) {
    try {
      analyses.push(await analyzeFile(f));
    } catch (err) {
      console.log(`  not analyzed: ${path.basename(f)}: ${(err as Error).message}`);
    }
  }
  console.log(`Analyzed ${analyses.length} of ${files.length} policies in ${secs(t)} s (not part of the export timings).`);

  // A review's worth of annotations: one on every tenth cell of the first attribute, one clause each on ten apps.
  const at = new Date().toISOString();
  const annotations: ReportAnnotation[] = analyses.flatMap((a, i): ReportAnnotation[] => [
    ...(i % 10 === 0 ? [{ id: `c${i}`, target: { policyId: a.id, attributeId: 'collection.data_types' }, status: 'concern' as const, note: '数据类型清单需核对', author: 'bench', createdAt: at, updatedAt: at }] : []),
    ...(i % 12 === 0 && a.clauses[5] ? [{ id: `k${i}`, target: { policyId: a.id, clauseId: a.clauses[5].id }, status: 'follow_up' as const, note: '待确认', author: 'bench', createdAt: at, updatedAt: at }] : []),
  ]);

  t = performance.now();
  const model = buildReport({
    author: 'bench',
    workspaceName: 'corpus',
    generatedAt: at,
    analyses,
    annotations,
    overrides: analyses.slice(0, 3).map((a) => ({ policyId: a.id, attributeId: 'sharing.affiliates', value: 'yes', reason: 'bench', author: 'bench', at })),
    checks: { run: true },
    lang,
  });
  console.log(`Report model: ${secs(t)} s (${model.stats.policies} policies × ${model.stats.attributes} attributes, ${model.stats.evidenceQuotes} evidence quotes)`);

  const out = outArg ? path.resolve(outArg) : await mkdtemp(path.join(os.tmpdir(), 'pb-bench-export-'));
  await mkdir(out, { recursive: true });
  const rows: string[] = [];
  for (const format of EXPORT_FORMATS) {
    t = performance.now();
    try {
      const bytes = await exportReport(model, format);
      const s = secs(t);
      const file = path.join(out, `corpus-report.${EXPORT_FILE_TYPES[format].ext}`);
      await writeFile(file, bytes);
      let extra = '';
      if (format === 'pdf') {
        const info = spawnSync('pdfinfo', [file], { encoding: 'utf8' });
        const pages = /Pages:\s+(\d+)/.exec(info.stdout ?? '')?.[1];
        if (pages) extra = `, ${pages} pages`;
      }
      rows.push(`${format.padEnd(5)} ${s.padStart(7)} s  ${(bytes.length / 1048576).toFixed(2).padStart(7)} MB${extra}`);
    } catch (err) {
      if (format === 'pdf' && isExportError(err)) rows.push(`pdf   skipped: ${err.message} (Chromium looked for at ${chromiumPath()})`);
      else throw err;
    }
    console.log(rows[rows.length - 1]);
  }
  console.log(`Files in ${out}`);
}

function secs(since: number): string {
  return ((performance.now() - since) / 1000).toFixed(2);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
