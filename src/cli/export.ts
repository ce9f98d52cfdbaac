// `policybench export --workspace DIR --format html|pdf|xlsx|csv|md -o FILE`: the workspace's whole matrix, with
// its notes and overrides, as a comparison report (the same report-export code the app's Export menu runs).
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ApiError } from '../shared/contract';
import { buildReport, EXPORT_FORMATS, exportReport, isExportFormat } from '../service/export';
import { reportInputFromSession, toExportApiError, writeFileAtomic } from '../service/handlers-export';
import { loadServiceRules } from '../service/rules';
import type { Analyzer } from '../service/analyzer';
import { defaultHome, WorkspaceSession } from '../service/workspace-session';

export const EXPORT_USAGE = `  policybench export --workspace DIR --format html|pdf|xlsx|csv|md -o FILE [--lang zh|en] [--title T] [--author A]
                                                                   write a comparison report of the workspace: every
                                                                   app and row, with reviewers' notes and overrides`;

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

/** Thrown for bad arguments; main prints it with the usage text and exits 2. */
export class ExportUsageError extends Error {}

/**
 * Runs the export. 0: written; 1: the workspace is missing or empty, PDF has no Chromium, or the file could not
 * be written; usage problems throw ExportUsageError (exit 2).
 */
export async function runExport(args: string[], io: Io, opts: { analyzer: Analyzer; defaultLang: 'zh' | 'en' }): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      allowPositionals: false,
      options: {
        workspace: { type: 'string' },
        format: { type: 'string' },
        output: { type: 'string', short: 'o' },
        lang: { type: 'string', default: opts.defaultLang },
        title: { type: 'string' },
        author: { type: 'string' },
      },
    }));
  } catch (err) {
    throw new ExportUsageError(err instanceof Error ? err.message : String(err));
  }
  if (!values.workspace) throw new ExportUsageError('export needs --workspace DIR (the workspace folder to report on)');
  if (!values.format) throw new ExportUsageError(`export needs --format, one of ${EXPORT_FORMATS.join(', ')}`);
  const format = values.format.toLowerCase() === 'markdown' ? 'md' : values.format.toLowerCase();
  if (!isExportFormat(format)) throw new ExportUsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}, not "${values.format}"`);
  if (!values.output) throw new ExportUsageError('export needs -o FILE (where to write the report)');
  const lang = values.lang === 'zh' || values.lang === 'en' ? values.lang : null;
  if (!lang) throw new ExportUsageError(`--lang must be zh or en, not "${values.lang}"`);
  const author = values.author?.trim();
  if (values.author !== undefined && !author) throw new ExportUsageError('--author must not be empty');

  const dir = path.resolve(values.workspace);
  const out = path.resolve(values.output);
  const zh = lang === 'zh';
  // Never create a workspace here: exporting a mistyped folder must fail, not write an empty report.
  if (!existsSync(path.join(dir, 'workspace.json')) && !existsSync(path.join(dir, 'journal.jsonl'))) {
    io.err(
      zh
        ? `policybench: ${dir} 不是 PolicyBench 工作区（没有 workspace.json）。请检查路径，或先用 \`policybench analyze --workspace ${values.workspace} 文件…\` 导入政策。\n`
        : `policybench: ${dir} is not a PolicyBench workspace (it has no workspace.json). Check the path, or import policies first with \`policybench analyze --workspace ${values.workspace} FILE...\`.\n`,
    );
    return 1;
  }
  if (existsSync(out) && statSync(out).isDirectory()) {
    io.err(zh ? `policybench: ${out} 是文件夹；请用 -o 给出报告的文件名。\n` : `policybench: ${out} is a folder; give -o the report's file name.\n`);
    return 1;
  }

  const session = new WorkspaceSession({ analyzer: opts.analyzer, home: defaultHome(), watchIntervalMs: 0 });
  try {
    await session.start(dir, { createIfMissing: false });
    if (session.workspace.policies().length === 0) {
      io.err(
        zh
          ? `policybench: 工作区 ${dir} 中还没有政策，无可导出。请先导入：policybench analyze --workspace ${values.workspace} 文件…\n`
          : `policybench: the workspace ${dir} has no policies, so there is nothing to export. Import some first: policybench analyze --workspace ${values.workspace} FILE...\n`,
      );
      return 1;
    }
    const input = await reportInputFromSession(session, {
      scope: 'all',
      lang,
      ...(values.title?.trim() ? { title: values.title.trim() } : {}),
      ...(author ? { author } : {}),
      rules: loadServiceRules(),
    });
    const model = buildReport(input);
    const bytes = await exportReport(model, format);
    await writeFileAtomic(out, bytes);
    io.out(
      zh
        ? `已写入 ${out}（${format.toUpperCase()}，${model.stats.policies} 个应用，${model.stats.attributes} 个比对项，${model.stats.overrides} 处改值，${bytes.length} 字节）\n`
        : `Wrote ${out} (${format.toUpperCase()}, ${model.stats.policies} apps, ${model.stats.attributes} rows, ${model.stats.overrides} overrides, ${bytes.length} bytes)\n`,
    );
    return 0;
  } catch (err) {
    const e = toExportApiError(err);
    if (e instanceof ApiError || (e instanceof Error && e.name === 'WorkspaceError')) {
      io.err(`policybench: ${e.message}\n`);
      return 1;
    }
    throw e;
  } finally {
    await session.close().catch(() => undefined);
  }
}
