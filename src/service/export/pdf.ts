// PDF: the HTML report printed by headless Chromium (playwright-core, loaded only when a PDF is asked for).
// Electron prints the same HTML with webContents.printToPDF(PDF_PRINT_OPTIONS) instead (see reportHtml).
import { existsSync } from 'node:fs';
import { reportHtml, type HtmlOptions } from './html';
import type { ReportModel } from './model';
import { STRINGS, escapeHtml } from './text';

export type ExportErrorCode = 'pdf_renderer_missing' | 'pdf_failed' | 'unsupported_format';

export class ExportError extends Error {
  constructor(
    readonly code: ExportErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ExportError';
  }
}

export function isExportError(err: unknown): err is ExportError {
  return err instanceof ExportError;
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

/** PB_CHROMIUM when set, else Debian's /usr/bin/chromium. */
export function chromiumPath(): string {
  return process.env.PB_CHROMIUM || '/usr/bin/chromium';
}

/** Page setup shared by the Chromium path here and Electron's printToPDF (A4, margins in inches for Electron). */
export const PDF_PRINT_OPTIONS = {
  pageSize: 'A4',
  printBackground: true,
  margins: { top: 0.55, bottom: 0.63, left: 0.47, right: 0.47 },
} as const;

export interface PdfOptions extends HtmlOptions {
  /** Chromium binary; default chromiumPath(). */
  executablePath?: string;
  /** Give up after this long (launch + render). Default 120 s; the 127-policy corpus takes far less. */
  timeoutMs?: number;
}

export async function renderPdf(model: ReportModel, opts: PdfOptions = {}): Promise<Buffer> {
  const exe = opts.executablePath ?? chromiumPath();
  if (!existsSync(exe)) {
    throw new ExportError(
      'pdf_renderer_missing',
      `PDF export needs Chromium; install it (apt-get install chromium) or export HTML and print it to PDF. No Chromium at ${exe} (set PB_CHROMIUM to use another binary).`,
    );
  }
  let chromium: typeof import('playwright-core').chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch (err) {
    throw new ExportError(
      'pdf_renderer_missing',
      `PDF export needs the playwright-core package to drive Chromium (${(err as Error).message}); export HTML and print it to PDF instead.`,
    );
  }
  const timeout = opts.timeoutMs ?? 120_000;
  let browser;
  try {
    browser = await chromium.launch({ executablePath: exe, args: [...CHROMIUM_ARGS], timeout });
  } catch (err) {
    throw new ExportError(
      'pdf_renderer_missing',
      `PDF export needs Chromium, and ${exe} could not be started (${firstLine(err)}); install it (apt-get install chromium) or export HTML and print it to PDF.`,
    );
  }
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    const page = await context.newPage();
    page.setDefaultTimeout(timeout);
    // The report has no external resources; refuse any request so that nothing can leave the machine.
    await page.route('**/*', (route) => route.abort());
    await page.setContent(reportHtml(model, opts), { waitUntil: 'load', timeout });
    const S = STRINGS[model.lang];
    const small = 'font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; font-size: 7.5pt; color: #8a93a3; width: 100%; padding: 0 12mm;';
    const pdf = await page.pdf({
      format: 'A4',
      printBackground: true,
      preferCSSPageSize: true,
      displayHeaderFooter: true,
      headerTemplate: `<div style='${small} display: flex; justify-content: space-between;'><span>${escapeHtml(model.title)}</span><span>${escapeHtml(model.workspace)}</span></div>`,
      footerTemplate: `<div style='${small} display: flex; justify-content: space-between;'><span>PolicyBench · ${escapeHtml(model.generatedAtText)}</span><span>${S.page} <span class="pageNumber"></span> ${S.of} <span class="totalPages"></span> ${S.pageSuffix}</span></div>`,
      margin: { top: '14mm', bottom: '16mm', left: '12mm', right: '12mm' },
      outline: true,
      tagged: true,
    });
    return pdf;
  } catch (err) {
    throw new ExportError('pdf_failed', `Chromium could not print the report to PDF (${firstLine(err)}). Export HTML and print it to PDF instead.`);
  } finally {
    await browser.close().catch(() => undefined);
  }
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0]!.slice(0, 300);
}
