// `policybench`: the engine from a terminal. Exit 0 all analyzed, 1 some files failed, 2 usage error.
import { parseArgs } from 'node:util';
import { ATTRIBUTES, CATEGORIES, TAXONOMY_VERSION } from '../shared/taxonomy';
import type { AnalysisError, Matrix, PolicyAnalysis } from '../shared/types';
import { analyzeBytes, analyzeFile, listPolicyFiles } from '../engine/analyze';
import { compare } from '../engine/compare';
import { EngineError, toAnalysisError } from '../engine/errors';
import { ENGINE_VERSION } from '../engine/version';
import { PoolAnalyzer, type Analyzer } from '../service/analyzer';
import { createHandlers } from '../service/handlers';
import { defaultHome, WorkspaceSession } from '../service/workspace-session';
import { engineWorkerFromSources } from '../service/worker-spec';
import { EXPORT_USAGE, ExportUsageError, runExport } from './export';
import { formatValue, renderTable, type Lang } from './format';

const USAGE = `PolicyBench ${ENGINE_VERSION}: compare the privacy policies of many apps.

Usage:
  policybench analyze [--json] [--lang zh|en] [--jobs N] PATH...   analyze files or folders, print a summary (or JSON)
  policybench compare [--lang zh|en] [--jobs N] PATH...            print the comparison matrix, apps as columns
  policybench analyze|compare --workspace DIR [PATH...]           import PATHs into the workspace (analyses from
                                                                   its cache); compare without PATH prints the
                                                                   workspace's matrix with reviewers' overrides
${EXPORT_USAGE}
  policybench --help | --version

--workspace DIR is a PolicyBench workspace folder (created when missing). Overridden values are marked *.
--jobs N analyzes on N worker threads (the app's worker pool); default 1, in this process.
PATH is a policy file (.txt .md .html .htm .mhtml .pdf .docx; UTF-8, UTF-16, GB18030 or Big5) or a folder of them.
Exit status: 0 every file analyzed, 1 some files failed (the others are still reported), 2 usage error.
export: 0 written; 1 the workspace is missing or empty, PDF found no Chromium, or the file could not be written.`;

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
  if (command === 'export') {
    try {
      return await runExport(rest, io, { analyzer: inProcessAnalyzer, defaultLang: defaultLang() === 'zh' ? 'zh' : 'en' });
    } catch (err) {
      if (err instanceof ExportUsageError) throw new UsageError(err.message);
      throw err;
    }
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        lang: { type: 'string', default: defaultLang() },
        jobs: { type: 'string', default: '1' },
        workspace: { type: 'string' },
      },
    });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const { values, positionals } = parsed;
  const lang = values.lang === 'en' ? 'en' : values.lang === 'zh' ? 'zh' : null;
  if (!lang) throw new UsageError(`--lang must be zh or en, not "${values.lang}"`);
  const showWorkspace = command === 'compare' && values.workspace !== undefined;
  if (positionals.length === 0 && !showWorkspace) throw new UsageError(`${command} needs at least one PATH`);
  const jobs = Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64) throw new UsageError(`--jobs must be a whole number from 1 to 64, not "${values.jobs}"`);
  if (values.workspace !== undefined) {
    if (command === 'compare' && values.json) throw new UsageError('compare prints a table; use `analyze --json` for JSON');
    if (command !== 'analyze' && command !== 'compare') throw new UsageError(`unknown command "${command}"`);
    return runInWorkspace(command, values.workspace, positionals, { json: values.json, lang, jobs }, io);
  }

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

/** The same handlers the app uses, over a workspace: imports are copied in, analyses come from its cache. */
async function runInWorkspace(
  command: 'analyze' | 'compare',
  dir: string,
  paths: string[],
  opts: { json: boolean; lang: Lang; jobs: number },
  io: Io,
): Promise<number> {
  const analyzer: Analyzer = opts.jobs > 1 ? new PoolAnalyzer({ worker: engineWorkerFromSources(), size: opts.jobs }) : inProcessAnalyzer;
  const session = new WorkspaceSession({ analyzer, home: defaultHome(), watchIntervalMs: 0 });
  try {
    try {
      await session.start(dir);
    } catch (err) {
      io.err(`policybench: ${err instanceof Error ? err.message : String(err)}
`);
      return 1;
    }
    const handlers = createHandlers({ session, analyzer, emit: () => undefined, samplesDir: '', app: { version: ENGINE_VERSION, locale: opts.lang, host: 'browser' } });
    const errors: AnalysisError[] = [];
    let ids: string[] | undefined;
    if (paths.length) {
      const result = await handlers['policies-import-paths']({ jobId: 'cli', paths });
      for (const e of result.errors) io.err(`error: ${e.message}\n`);
      errors.push(...result.errors);
      ids = result.added.map((p) => p.id);
      if (ids.length === 0 && errors.length === 0) {
        errors.push({ file: paths.join(' '), code: 'unsupported_format', message: `No policy files (.txt .md .html .htm) found in ${paths.join(', ')}.` });
        io.err(`error: ${errors[0]!.message}\n`);
      }
    }
    if (command === 'analyze') {
      const analyses = (await Promise.all(ids!.map((id) => session.get(id)))).filter((a): a is PolicyAnalysis => a !== undefined);
      if (opts.json) io.out(JSON.stringify(toJson(analyses, errors), null, 2) + '\n');
      else io.out(analyses.map((a) => summaryText(a, opts.lang)).join('\n') + (analyses.length ? '' : 'No policy was analyzed.\n'));
    } else {
      const matrix = await session.matrix();
      const shown = ids ? { ...matrix, policies: ids.map((id) => matrix.policies.find((p) => p.id === id)!).filter(Boolean) } : matrix;
      if (shown.policies.length) io.out(matrixTable(shown, opts.lang) + '\n');
      else io.out(opts.lang === 'zh' ? `工作区 ${session.workspace.dir} 中还没有隐私政策。\n` : `The workspace ${session.workspace.dir} has no policies yet.\n`);
    }
    return errors.length ? 1 : 0;
  } finally {
    await session.close().catch(() => undefined);
    await analyzer.close();
  }
}

const inProcessAnalyzer: Analyzer = {
  async analyze(task) {
    const name = task.kind === 'bytes' ? task.fileName : task.path;
    try {
      return { ok: true, analysis: task.kind === 'bytes' ? await analyzeBytes(task.bytes, task.fileName) : await analyzeFile(task.path) };
    } catch (err) {
      const e = toAnalysisError(name, err);
      if (!(err instanceof EngineError)) e.message = `${name}: ${e.message}`;
      return { ok: false, error: e };
    }
  },
  close: async () => undefined,
};

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
  return matrixTable(compare(analyses), lang);
}

/** The matrix as a table; a value a reviewer overrode is marked * and explained under the table. */
function matrixTable(matrix: Matrix, lang: Lang): string {
  let overridden = false;
  const header = [lang === 'zh' ? '属性' : 'Attribute', ...matrix.policies.map((p) => p.app)];
  const rows: string[][] = [];
  for (const cat of CATEGORIES) {
    const attrs = ATTRIBUTES.filter((d) => d.category === cat.id);
    if (attrs.length === 0) continue;
    rows.push([`[${cat.label[lang]}]`, ...matrix.policies.map(() => '')]);
    for (const def of attrs) {
      rows.push([
        def.label[lang],
        ...matrix.policies.map((p) => {
          const cell = matrix.cells[p.id]![def.id]!;
          if (cell.override) overridden = true;
          return formatValue(def.id, cell.value, lang) + (cell.override ? ' *' : '');
        }),
      ]);
    }
  }
  const note = lang === 'zh' ? '\n* 审阅人已修改该值（原因见 PolicyBench 的历史记录）' : '\n* value overridden by a reviewer (the reason is in the history in PolicyBench)';
  return renderTable(header, rows) + (overridden ? note : '');
}
