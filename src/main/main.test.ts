// Electron's binary is not installed everywhere, so main is tested in two parts: the pure trust checks, and
// a check that the IPC handler is nothing but the service's dispatch (the same validation as the host's).
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { appUrlMatcher, isTrustedSender } from './trust';

const appUrl = 'file:///opt/policybench/out/renderer/index.html';
const isApp = appUrlMatcher(appUrl, false);

describe('main process trust', () => {
  it('recognises only the built page as the app', () => {
    expect(isApp(appUrl)).toBe(true);
    expect(isApp(appUrl + '#/evidence')).toBe(true);
    expect(isApp('file:///etc/passwd')).toBe(false);
    expect(isApp('https://evil.example/out/renderer/index.html')).toBe(false);
    expect(isApp('file://evil-host/opt/policybench/out/renderer/index.html')).toBe(false);
    expect(isApp('not a url')).toBe(false);
    const dev = appUrlMatcher('http://localhost:5173/', true);
    expect(dev('http://localhost:5173/index.html')).toBe(true);
    expect(dev('http://localhost:5174/')).toBe(false);
  });

  it('answers IPC only from the top frame of our window on our page', () => {
    const top = { url: appUrl, parent: null };
    const win = { mainFrame: top } as never;
    expect(isTrustedSender(top as never, win, isApp)).toBe(true);
    const child = { url: appUrl, parent: top };
    expect(isTrustedSender(child as never, win, isApp)).toBe(false);
    const navigated = { url: 'https://evil.example/', parent: null };
    expect(isTrustedSender(navigated as never, { mainFrame: navigated } as never, isApp)).toBe(false);
    expect(isTrustedSender(top as never, { mainFrame: { url: appUrl, parent: null } } as never, isApp)).toBe(false);
    expect(isTrustedSender(null, win, isApp)).toBe(false);
  });

  it('routes every IPC call through the service dispatch, after the sender check', async () => {
    const src = await readFile(new URL('./index.ts', import.meta.url), 'utf8');
    const handlersCount = src.match(/ipcMain\.(handle|on)\(/g) ?? [];
    expect(handlersCount).toHaveLength(1);
    const block = src.slice(src.indexOf("ipcMain.handle('policybench:call'"));
    expect(block.indexOf('isTrustedSender(')).toBeGreaterThan(0);
    expect(block.indexOf('dispatch(handlers,')).toBeGreaterThan(block.indexOf('isTrustedSender('));
  });

  it('keeps the window sandboxed and isolated', async () => {
    const src = await readFile(new URL('./security.ts', import.meta.url), 'utf8');
    for (const setting of ['contextIsolation: true', 'sandbox: true', 'nodeIntegration: false', 'webSecurity: true']) expect(src).toContain(setting);
    expect(src).toContain("setWindowOpenHandler(() => ({ action: 'deny' }))");
    expect(src).toContain('callback(false)');
  });
});
