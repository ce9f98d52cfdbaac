// Electron main: one hardened window over the service layer. Handlers, validation and analysis live in
// src/service; this file only wires Electron's window, menu, dialog and IPC to them.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, type MenuItemConstructorOptions } from 'electron';
import type { Events, MenuCommand } from '../shared/contract';
import { PoolAnalyzer } from '../service/analyzer';
import { dispatch } from '../service/dispatch';
import { createHandlers } from '../service/handlers';
import { WorkspaceSession } from '../service/workspace-session';
import workerPath from '../service/worker?modulePath';
import { electronExportTarget } from './export';
import { hardenContents, hardenSession, WEB_PREFERENCES } from './security';
import { appUrlMatcher, isTrustedSender } from './trust';

const here = path.dirname(fileURLToPath(import.meta.url));
const devUrl = !app.isPackaged ? process.env['ELECTRON_RENDERER_URL'] : undefined;
const appUrl = devUrl ?? pathToFileURL(path.join(here, '../renderer/index.html')).href;
const isAppUrl = appUrlMatcher(appUrl, devUrl !== undefined);

export const OPEN_FILTERS = [
  { name: 'Policies (.txt .md .html .htm .pdf .docx)', extensions: ['txt', 'md', 'html', 'htm', 'pdf', 'docx'] },
  { name: 'All files', extensions: ['*'] },
];

let mainWindow: BrowserWindow | undefined;

function send<E extends keyof Events>(name: E, payload: Events[E]): void {
  if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send('policybench:event', name, payload);
}

// resources/ beside the app in development, in the package's resources folder when packaged.
const resourcesDir = app.isPackaged ? process.resourcesPath : path.join(app.getAppPath(), 'resources');
// The bundled worker cannot find the model relative to itself; workers inherit this environment.
process.env['POLICYBENCH_MODEL'] ??= path.join(resourcesDir, 'model', 'classifier.json');

const analyzer = new PoolAnalyzer({ worker: { filename: workerPath } });
// Workspaces and settings.json live in the user-data folder: userData/workspaces/default on first start.
const session = new WorkspaceSession({
  analyzer,
  home: app.getPath('userData'),
  onChange: (kind) => {
    if (session.isOpen) send('workspace-changed', { dir: session.workspace.dir, revision: session.workspace.revision, kind });
  },
});
const handlers = createHandlers({
  session,
  analyzer,
  emit: send,
  samplesDir: path.join(resourcesDir, 'samples'),
  rulesPath: path.join(resourcesDir, 'rules', 'rules.json'),
  app: { version: app.getVersion(), get locale() { return app.getLocale(); }, host: 'electron' },
  openDialog: async () => {
    const options = { title: 'Open privacy policies', properties: ['openFile', 'multiSelections'] as Array<'openFile' | 'multiSelections'>, filters: OPEN_FILTERS };
    const result = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
    return result.canceled ? undefined : result.filePaths;
  },
  pickFolder: async () => {
    const options = { title: 'Choose a workspace folder', properties: ['openDirectory', 'createDirectory'] as Array<'openDirectory' | 'createDirectory'> };
    const result = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
    return result.canceled ? undefined : result.filePaths[0];
  },
  exportTarget: electronExportTarget(() => mainWindow),
});

/** The last workspace the reviewer used, else the default one; calls wait for it. */
const ready = (async () => {
  const last = (await session.settings.get()).recent[0]?.dir;
  let created = false;
  try {
    created = (await session.start(last, { createIfMissing: !last })).created;
  } catch (err) {
    console.warn(`[policybench] could not reopen ${last}: ${(err as Error).message}; opening the default workspace.`);
    created = (await session.start()).created;
  }
  // A fresh default workspace starts with the samples, as the first start always did.
  if (created) {
    void handlers['policies-load-samples']({ jobId: 'startup-samples' }).catch((err: unknown) => console.warn('[policybench] samples:', err));
  }
})();

function menuCommand(cmd: MenuCommand): void {
  send('menu-command', cmd);
}

function buildMenu(): void {
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Open…', accelerator: 'CmdOrCtrl+O', click: () => menuCommand({ command: 'files-open' }) },
        { label: 'Load samples', click: () => menuCommand({ command: 'samples-load' }) },
        { label: 'Export report…', accelerator: 'CmdOrCtrl+E', click: () => menuCommand({ command: 'report-export' }) },
        { type: 'separator' },
        process.platform === 'darwin' ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        {
          label: 'Language',
          submenu: [
            { label: '中文', type: 'radio', checked: app.getLocale().startsWith('zh'), click: () => menuCommand({ command: 'language-set', language: 'zh-CN' }) },
            { label: 'English', type: 'radio', checked: !app.getLocale().startsWith('zh'), click: () => menuCommand({ command: 'language-set', language: 'en' }) },
          ],
        },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(app.isPackaged ? [] : [{ role: 'toggleDevTools' as const }]),
      ],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

function createWindow(): void {
  mainWindow = new BrowserWindow({
    width: 1400,
    height: 900,
    show: false,
    title: 'PolicyBench',
    webPreferences: { ...WEB_PREFERENCES, preload: path.join(here, '../preload/index.cjs') },
  });
  hardenContents(mainWindow.webContents, isAppUrl);
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  mainWindow.on('closed', () => (mainWindow = undefined));
  void mainWindow.loadURL(appUrl);
}

app.enableSandbox();
app.on('web-contents-created', (_e, contents) => hardenContents(contents, isAppUrl));

ipcMain.handle('policybench:call', async (event, method: unknown, payload: unknown) => {
  if (!isTrustedSender(event.senderFrame, mainWindow?.webContents, isAppUrl)) {
    return { ok: false, error: { code: 'unauthorized', message: 'This frame may not call PolicyBench.' } };
  }
  await ready.catch(() => undefined);
  return dispatch(handlers, typeof method === 'string' ? method : '', payload);
});

void app.whenReady().then(() => {
  hardenSession();
  buildMenu();
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', () => {
  void session.close().catch(() => undefined);
  void analyzer.close();
});
