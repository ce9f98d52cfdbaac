// The report-export call (issue 5): builds the report from the session (and its workspace: notes, overrides,
// policy records, reviewer, name) and renders it with src/service/export. The browser host gets the file back to
// download; Electron passes an ExportTarget that shows a save dialog, prints PDFs itself, and writes the file.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ApiError, type Handlers } from '../shared/contract';
import type { ReportExportRequest, ReportExportResult } from '../shared/contract-export';
import { ATTRIBUTE_IDS } from '../shared/taxonomy';
import type { PolicyAnalysis } from '../shared/types';
import {
  buildReport,
  EXPORT_FILE_TYPES,
  ExportError,
  exportReport,
  reportHtml,
  ReportInputError,
  type ExportFormat,
  type ReportInput,
  type ReportLang,
  type ReportModel,
} from './export';
import type { LoadedRules } from './rules';
import type { Session } from './session';
import { WorkspaceSession } from './workspace-session';
import { diffOf, versionChains } from './versions-handlers';

/** How a host other than the browser delivers an export (Electron: save dialog, printToPDF, write). */
export interface ExportTarget {
  /** The path to write, or undefined when the reviewer cancels the dialog. */
  chooseFile(defaultName: string, format: ExportFormat): Promise<string | undefined>;
  /** Prints report HTML to PDF with the host's own renderer (Electron's printToPDF); absent: headless Chromium. */
  printPdf?(html: string, model: ReportModel): Promise<Buffer>;
}

export interface ExportDeps {
  session: Session;
  /** The rules the checks section runs (the service's loaded rules); absent or failed: the bundled rules. */
  rules?: LoadedRules;
  target?: ExportTarget;
  /** For tests: the clock and time zone. */
  now?: () => Date;
  timeZone?: string;
}

export interface ReportSelection {
  scope: 'view' | 'all';
  policyIds?: string[];
  attributeIds?: string[];
  lang: ReportLang;
  title?: string;
  /** Overrides the workspace's reviewer name (the CLI's --author). */
  author?: string;
  generatedAt?: Date;
  timeZone?: string;
  rules?: LoadedRules;
}

/**
 * The report input for SESSION: its analyses in view order (scope view: only policyIds; scope all: policyIds
 * first, then the rest in session order), and when the session is a workspace its notes, overrides, policy
 * records, reviewer and name. Throws ApiError when there is nothing to export.
 */
export async function reportInputFromSession(session: Session, sel: ReportSelection): Promise<ReportInput> {
  const all = await session.list();
  const byId = new Map(all.map((a) => [a.id, a]));
  const ordered = (sel.policyIds ?? []).flatMap((id) => byId.get(id) ?? []).filter((a, i, list) => list.indexOf(a) === i);
  let analyses: PolicyAnalysis[];
  if (sel.scope === 'view' && sel.policyIds) analyses = ordered;
  else analyses = [...ordered, ...all.filter((a) => !ordered.includes(a))];
  const zh = sel.lang === 'zh';
  if (all.length === 0) {
    throw new ApiError('not_found', zh ? '没有可导出的政策：请先打开或导入隐私政策文件。' : 'There is nothing to export: open or import some policy files first.');
  }
  if (analyses.length === 0) {
    throw new ApiError('invalid_request', zh ? '当前视图中没有显示任何应用：请在“应用”菜单中显示至少一个应用，或选择导出“全部”。' : 'No app is shown in the current view: show at least one app in the Apps menu, or export everything.');
  }
  let attributeIds: string[] | undefined;
  if (sel.scope === 'view' && sel.attributeIds) {
    attributeIds = sel.attributeIds.filter((id) => (ATTRIBUTE_IDS as readonly string[]).includes(id));
    if (attributeIds.length === 0) {
      throw new ApiError('invalid_request', zh ? '当前视图中没有显示任何比对项：请清除筛选条件，或选择导出“全部”。' : 'No row is shown in the current view: clear the filters, or export everything.');
    }
  }

  const rules = sel.rules?.ok ? sel.rules.rules : undefined;
  const input: ReportInput = {
    ...(sel.title ? { title: sel.title } : {}),
    author: sel.author ?? '',
    workspaceName: '',
    generatedAt: sel.generatedAt ?? new Date(),
    analyses,
    ...(attributeIds ? { attributeIds } : {}),
    checks: rules ? { run: true, rules } : { run: true },
    lang: sel.lang,
    ...(sel.timeZone ? { timeZone: sel.timeZone } : {}),
  };
  if (session instanceof WorkspaceSession && session.isOpen) {
    const ws = session.workspace;
    input.author = sel.author ?? ws.author;
    input.workspaceName = ws.name;
    input.annotations = ws.annotations();
    input.overrides = ws.overrides();
    input.relabels = ws.relabels();
    input.policyMeta = Object.fromEntries(
      analyses.flatMap((a) => {
        const r = ws.policy(a.id);
        return r ? [[a.id, { app: r.app, versionLabel: r.versionLabel, importedAt: r.importedAt, fileName: r.fileName }]] : [];
      }),
    );
    // Issue 7: "changes since the previous version" for every exported version that has one.
    const chains = versionChains(ws.policies());
    const versionChanges: NonNullable<ReportInput['versionChanges']> = [];
    for (const a of analyses) {
      const prevId = chains.get(a.id)?.previousVersionId;
      const older = prevId ? await session.get(prevId) : undefined;
      if (!prevId || !older) continue;
      const d = diffOf(older, a);
      versionChanges.push({
        app: ws.policy(a.id)?.app ?? a.app,
        olderLabel: chains.get(prevId)!.versionLabel,
        newerLabel: chains.get(a.id)!.versionLabel,
        attributeChanges: d.attributeChanges.map((c) => c.text),
        counts: d.counts,
      });
    }
    if (versionChanges.length) input.versionChanges = versionChanges;
  }
  return input;
}

/** A file name for the report: title or workspace, date and time, extension; safe on every desktop system. */
export function reportFileName(model: Pick<ReportModel, 'title' | 'workspace' | 'generatedAt'>, format: ExportFormat): string {
  const base = `${model.workspace ? `${model.workspace}-` : ''}${model.title}`;
  const safe = base
    .normalize('NFKC')
    .replace(/[\\/:*?"<>|\u0000-\u001f\u007f]+/g, '-')
    .replace(/\s+/g, ' ')
    .replace(/^[.\s-]+|[.\s-]+$/g, '')
    .slice(0, 80);
  const d = new Date(model.generatedAt);
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = Number.isNaN(d.getTime()) ? '' : `-${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}`;
  return `${safe || 'PolicyBench report'}${stamp}.${EXPORT_FILE_TYPES[format].ext}`;
}

/** Export failures as the reviewer should read them: what went wrong and what to do. */
export function toExportApiError(err: unknown): unknown {
  if (err instanceof ExportError) return new ApiError('unsupported', err.message);
  if (err instanceof ReportInputError) return new ApiError('invalid_request', err.message);
  return err;
}

export function createExportHandlers(deps: ExportDeps): Pick<Handlers, 'report-export'> {
  return {
    'report-export': async (req: ReportExportRequest): Promise<ReportExportResult> => {
      try {
        const input = await reportInputFromSession(deps.session, {
          ...req,
          ...(deps.rules ? { rules: deps.rules } : {}),
          generatedAt: deps.now?.() ?? new Date(),
          ...(deps.timeZone ? { timeZone: deps.timeZone } : {}),
        });
        const model = buildReport(input);
        const fileName = reportFileName(model, req.format);
        const target = deps.target;
        if (target) {
          const file = await target.chooseFile(fileName, req.format);
          if (!file) return { cancelled: true };
          const bytes = req.format === 'pdf' && target.printPdf ? await target.printPdf(reportHtml(model), model) : await exportReport(model, req.format);
          await writeFileAtomic(file, bytes);
          return { fileName: path.basename(file), savedTo: file };
        }
        const bytes = await exportReport(model, req.format);
        return { fileName, mime: EXPORT_FILE_TYPES[req.format].mime, dataBase64: bytes.toString('base64') };
      } catch (err) {
        throw toExportApiError(err);
      }
    },
  };
}

/** Writes beside the target and renames, so a failed export never leaves half a report under the chosen name. */
export async function writeFileAtomic(file: string, bytes: Buffer): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await fs.writeFile(tmp, bytes);
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EACCES' || e.code === 'EPERM' || e.code === 'EROFS') {
      throw new ApiError('unsupported', `The report could not be written to ${file}: no permission. Choose another folder.`);
    }
    if (e.code === 'ENOENT') throw new ApiError('not_found', `The folder ${path.dirname(file)} does not exist. Choose another place for the report.`);
    throw err;
  }
}
