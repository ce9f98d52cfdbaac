// Electron's side of report exports: the save dialog, and PDFs printed by Chromium inside Electron
// (webContents.printToPDF) from the report HTML in a hidden window that runs no script and loads nothing else.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, session as electronSession } from 'electron';
import { EXPORT_FILE_TYPES, PDF_PRINT_OPTIONS, type ExportFormat } from '../service/export';
import type { ExportTarget } from '../service/handlers-export';

const FILTER_NAMES: Record<ExportFormat, string> = {
  html: 'HTML report',
  pdf: 'PDF',
  xlsx: 'Excel workbook',
  csv: 'CSV (UTF-8)',
  md: 'Markdown',
};

/** A session of its own: nothing but the one report file may load, and no permission is ever granted. */
function printSession() {
  const s = electronSession.fromPartition('policybench-pdf-export');
  s.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !details.url.startsWith('file:') }));
  s.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  s.setPermissionCheckHandler(() => false);
  return s;
}

export async function printReportToPdf(html: string): Promise<Buffer> {
  // A file, not a data: URL: Chromium caps URLs at 2 MB and a 127-policy report is bigger.
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'policybench-pdf-'));
  const file = path.join(dir, 'report.html');
  await fs.writeFile(file, html, 'utf8');
  const win = new BrowserWindow({
    show: false,
    width: 1240,
    height: 1754,
    webPreferences: {
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      javascript: false,
      webSecurity: true,
      images: true,
      spellcheck: false,
      session: printSession(),
    },
  });
  try {
    await win.loadURL(pathToFileURL(file).href);
    return await win.webContents.printToPDF({ ...PDF_PRINT_OPTIONS, generateDocumentOutline: true, generateTaggedPDF: true });
  } finally {
    if (!win.isDestroyed()) win.destroy();
    await fs.rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }
}

export function electronExportTarget(parent: () => BrowserWindow | undefined): ExportTarget {
  return {
    async chooseFile(defaultName, format) {
      const { ext } = EXPORT_FILE_TYPES[format];
      const options = {
        title: 'Export comparison report',
        defaultPath: path.join(app.getPath('documents'), defaultName),
        filters: [{ name: FILTER_NAMES[format], extensions: [ext] }],
      };
      const win = parent();
      const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      if (result.canceled || !result.filePath) return undefined;
      return path.extname(result.filePath) ? result.filePath : `${result.filePath}.${ext}`;
    },
    printPdf: (html) => printReportToPdf(html),
  };
}
