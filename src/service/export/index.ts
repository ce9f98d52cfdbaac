// Comparison-report exports (issue 5): buildReport turns analyses, annotations and overrides into a ReportModel;
// one renderer per format lays it out. exportReport is the single entry the CLI and the UI handlers call.
import { renderCsv, type CsvOptions } from './csv';
import { renderHtml, type HtmlOptions } from './html';
import { renderMarkdown, type MarkdownOptions } from './markdown';
import type { ReportModel } from './model';
import { ExportError, renderPdf, type PdfOptions } from './pdf';
import { renderXlsx, type XlsxOptions } from './xlsx';

export { buildReport, reviewedMatrix, ReportInputError } from './model';
export type {
  PolicyMeta,
  ReportAnnotation,
  ReportAppendix,
  ReportAppendixClause,
  ReportCell,
  ReportCheckCell,
  ReportCheckRow,
  ReportChecks,
  ReportEvidence,
  ReportInput,
  ReportModel,
  ReportNote,
  ReportOverride,
  ReportPolicy,
  ReportRow,
} from './model';
/** reportHtml is also what Electron's printToPDF loads: the same HTML the Chromium path prints. */
export { renderHtml, reportHtml, type HtmlOptions } from './html';
export { renderPdf, chromiumPath, CHROMIUM_ARGS, PDF_PRINT_OPTIONS, ExportError, isExportError, type ExportErrorCode, type PdfOptions } from './pdf';
export { renderXlsx, type XlsxOptions } from './xlsx';
export { renderCsv, type CsvOptions } from './csv';
export { renderMarkdown, type MarkdownOptions } from './markdown';
export { escapeHtml, escapeMarkdown, neutralizeFormula, csvField, type ReportLang } from './text';

export const EXPORT_FORMATS = ['html', 'pdf', 'xlsx', 'csv', 'md'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_FILE_TYPES: Record<ExportFormat, { ext: string; mime: string }> = {
  html: { ext: 'html', mime: 'text/html; charset=utf-8' },
  pdf: { ext: 'pdf', mime: 'application/pdf' },
  xlsx: { ext: 'xlsx', mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  csv: { ext: 'csv', mime: 'text/csv; charset=utf-8' },
  md: { ext: 'md', mime: 'text/markdown; charset=utf-8' },
};

export type ExportOptions = HtmlOptions & PdfOptions & MarkdownOptions & XlsxOptions & CsvOptions;

export function isExportFormat(s: string): s is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(s);
}

/** Renders the report in one format, as the bytes to write (text formats as UTF-8; the CSV keeps its BOM). */
export async function exportReport(model: ReportModel, format: ExportFormat, opts: ExportOptions = {}): Promise<Buffer> {
  switch (format) {
    case 'html':
      return Buffer.from(await renderHtml(model, opts), 'utf8');
    case 'pdf':
      return renderPdf(model, opts);
    case 'xlsx':
      return renderXlsx(model, opts);
    case 'csv':
      return Buffer.from(await renderCsv(model, opts), 'utf8');
    case 'md':
      return Buffer.from(await renderMarkdown(model, opts), 'utf8');
    default:
      throw new ExportError('unsupported_format', `Unknown export format "${String(format).slice(0, 40)}"; use one of ${EXPORT_FORMATS.join(', ')}.`);
  }
}

