// `policybench`: the engine from a terminal. Exit 0 all analyzed, 1 some files failed, 2 usage error.
import { parseArgs } from 'node:util';
import { ATTRIBUTES, CATEGORIES, TAXONOMY_VERSION } from '../shared/taxonomy';
import type { AnalysisError, PolicyAnalysis } from '../shared/types';
import { analyzeFile, listPolicyFiles } from '../engine/analyze';
import { compare } from '../engine/compare';
import { EngineError, toAnalysisError } from '../engine/errors';
import { ENGINE_VERSION } from '../engine/version';
import { PoolAnalyzer } from '../service/analyzer';
import { engineWorkerFromSources } from '../service/worker-spec';
import { formatValue, renderTable, type Lang } from './format';

const USAGE = `PolicyBench ${ENGINE_VERSION}: compare the privacy policies of many apps.

Usage:
  policybench analyze [--json] [--lang zh|en] [--jobs N] PATH...   analyze files or folders, print a summary (or JSON)
  policybench compare [--lang zh|en] [--jobs N] PATH...            print the comparison matrix, apps as columns
  policybench --help | --version

--jobs N analyzes on N worker threads (the app's worker pool); default 1, in this process.
PATH is a policy file (.txt .md .html .htm; UTF-8, UTF-16 or GB18030) or a folder of them.
Exit status: 0 every file analyzed, 1 some files failed (the others are still reported), 2 usage error.`;

class UsageError extends Error {}

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

const defaultIo: Io = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
};

export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  try {
    return await run(argv, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`policybench: ${err.message}\n\n${USAGE}\n`);
      return 2;
    }
    io.err(`policybench: unexpected error: ${err instanceof Error ? err.message : String(err)}\nPlease report this to the PolicyBench developers.\n`);
    return 1;
  }
}

async function run(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.out(USAGE + '\n');
    return command === undefined ? 2 : 0;
  }
  if (command === '--version' || command === '-v') {
    io.out(`policybench engine ${ENGINE_VERSION}, taxonomy ${TAXONOMY_VERSION}\n`);
    return 0;
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { json: { type: 'boolean', default: false }, lang: { type: 'string', default: defaultLang() }, jobs: { type: 'string', default: '1' } },
    });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const { values, positionals } = parsed;
  const lang = values.lang === 'en' ? 'en' : values.lang === 'zh' ? 'zh' : null;
  if (!lang) throw new UsageError(`--lang must be zh or en, not "${values.lang}"`);
  if (positionals.length === 0) throw new UsageError(`${command} needs at least one PATH`);
  const jobs = Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64) throw new UsageError(`--jobs must be a whole number from 1 to 64, not "${values.jobs}"`);

  switch (command) {
    case 'analyze': {
      const { analyses, errors } = await analyzeAll(positionals, io, jobs);
      if (values.json) io.out(JSON.stringify(toJson(analyses, errors), null, 2) + '\n');
      else io.out(analyses.map((a) => summaryText(a, lang)).join('\n') + (analyses.length ? '' : 'No policy was analyzed.\n'));
      return errors.length ? 1 : 0;
    }
    case 'compare': {
      if (values.json) throw new UsageError('compare prints a table; use `analyze --json` for JSON');
      const { analyses, errors } = await analyzeAll(positionals, io, jobs);
      if (analyses.length) io.out(matrixText(analyses, lang) + '\n');
      return errors.length ? 1 : 0;
    }
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

function defaultLang(): string {
  const loc = process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG || Intl.DateTimeFormat().resolvedOptions().locale;
  return /^zh/i.test(loc ?? '') ? 'zh' : 'en';
}

async function analyzeAll(paths: string[], io: Io, jobs: number): Promise<{ analyses: PolicyAnalysis[]; errors: AnalysisError[] }> {
  const { files, errors } = await listPolicyFiles(paths);
  for (const e of errors) io.err(`error: ${e.message}\n`);
  const results = jobs > 1 ? await analyzeOnPool(files, jobs) : await analyzeInProcess(files);
  const analyses: PolicyAnalysis[] = [];
  for (const r of results) {
    if (r.ok) analyses.push(r.analysis);
    else {
      errors.push(r.error);
      io.err(`error: ${r.error.message}\n`);
    }
  }
  if (files.length === 0 && errors.length === 0) {
    errors.push({ file: paths.join(' '), code: 'unsupported_format', message: `No policy files (.txt .md .html .htm) found in ${paths.join(', ')}.` });
    io.err(`error: ${errors[0]!.message}\n`);
  }
  return { analyses, errors };
}

type Result = { ok: true; analysis: PolicyAnalysis } | { ok: false; error: AnalysisError };

async function analyzeInProcess(files: string[]): Promise<Result[]> {
  const out: Result[] = [];
  for (const file of files) {
    try {
      out.push({ ok: true, analysis: await analyzeFile(file) });
    } catch (err) {
      const e = toAnalysisError(file, err);
      if (!(err instanceof EngineError)) e.message = `${file}: ${e.message}`;
      out.push({ ok: false, error: e });
    }
  }
  return out;
}

/** The same worker pool the app uses; results come back in the order of `files`. */
async function analyzeOnPool(files: string[], jobs: number): Promise<Result[]> {
  const analyzer = new PoolAnalyzer({ worker: engineWorkerFromSources(), size: jobs });
  try {
    const results = await Promise.all(files.map((path) => analyzer.analyze({ kind: 'path', path })));
    return results.map((r, i) => ('cancelled' in r ? { ok: false, error: { file: files[i]!, code: 'cancelled', message: `${files[i]}: cancelled.` } } : r));
  } finally {
    await analyzer.close();
  }
}

/** The documented JSON shape of `analyze --json` (README). */
export function toJson(analyses: PolicyAnalysis[], errors: AnalysisError[]) {
  return {
    engineVersion: ENGINE_VERSION,
    taxonomyVersion: TAXONOMY_VERSION,
    policies: analyses.map((a) => ({
      id: a.id,
      app: a.app,
      file: a.file,
      sha256: a.sha256,
      chars: a.chars,
      clauses: a.clauses.map((c) => ({
        id: c.id,
        section: c.section,
        start: c.start,
        end: c.end,
        text: c.text,
        categories: c.categories.map((k) => ({ id: k.id, confidence: k.confidence })),
      })),
      attributes: Object.fromEntries(
        ATTRIBUTES.map((def) => {
          const cell = a.attributes[def.id];
          return [def.id, { value: cell?.value ?? 'not_stated', confidence: cell?.confidence ?? 1, evidence: cell?.evidence ?? [] }];
        }),
      ),
    })),
    errors,
  };
}

function summaryText(a: PolicyAnalysis, lang: Lang): string {
  const lines = [`${a.app}  (${a.file}, ${a.chars} ${lang === 'zh' ? '字' : 'chars'}, ${a.clauses.length} ${lang === 'zh' ? '条款' : 'clauses'}, ${a.elapsedMs} ms)`];
  for (const cat of CATEGORIES) {
    const attrs = ATTRIBUTES.filter((d) => d.category === cat.id);
    if (attrs.length === 0) continue;
    lines.push(`  ${cat.label[lang]}`);
    for (const def of attrs) {
      const cell = a.attributes[def.id];
      const value = cell ? formatValue(def.id, cell.value, lang) : formatValue(def.id, 'not_stated', lang);
      const unsure = cell && cell.confidence < 0.6 && cell.evidence.length ? (lang === 'zh' ? ' (?)' : ' (unsure)') : '';
      lines.push(`    ${def.label[lang]}: ${value}${unsure}`);
    }
  }
  return lines.join('\n') + '\n';
}

function matrixText(analyses: PolicyAnalysis[], lang: Lang): string {
  const matrix = compare(analyses);
  const header = [lang === 'zh' ? '属性' : 'Attribute', ...matrix.policies.map((p) => p.app)];
  const rows: string[][] = [];
  for (const cat of CATEGORIES) {
    const attrs = ATTRIBUTES.filter((d) => d.category === cat.id);
    if (attrs.length === 0) continue;
    rows.push([`[${cat.label[lang]}]`, ...matrix.policies.map(() => '')]);
    for (const def of attrs) {
      rows.push([def.label[lang], ...matrix.policies.map((p) => formatValue(def.id, matrix.cells[p.id]![def.id]!.value, lang))]);
    }
  }
  return renderTable(header, rows);
}
