// Playwright fixtures: the real renderer, either in Chromium through the browser host (fresh host per test,
// so every journey starts from the five samples) or in Electron where its binary exists.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron, expect, test as base, type Page } from '@playwright/test';
import { ROOT, startHostProcess, type RunningHost } from './host';

export { expect };

export interface AppFixtures {
  /** The workbench page, loaded, with the five sample policies in the grid. */
  app: Page;
}

export const hostTest = base.extend<AppFixtures & { host: RunningHost }>({
  host: async ({}, use) => {
    const host = await startHostProcess({ samples: true });
    await use(host);
    await host.close();
  },
  app: async ({ page, host }, use) => {
    await page.goto(host.url);
    await waitForSamples(page);
    await use(page);
  },
});

export const ELECTRON_DIST = path.join(ROOT, 'node_modules', 'electron', 'dist');
export const electronAvailable = existsSync(ELECTRON_DIST);

export const electronTest = base.extend<AppFixtures>({
  app: async ({}, use) => {
    const userData = mkdtempSync(path.join(os.tmpdir(), 'policybench-e2e-'));
    const electronApp = await _electron.launch({
      args: [ROOT, `--user-data-dir=${userData}`, '--no-sandbox', '--disable-gpu'],
      cwd: ROOT,
      env: { ...process.env, ELECTRON_ENABLE_LOGGING: '0' },
    });
    const page = await electronApp.firstWindow();
    await waitForSamples(page);
    await use(page);
    await electronApp.close();
    rmSync(userData, { recursive: true, force: true });
  },
});

export async function waitForSamples(page: Page): Promise<void> {
  await page.locator('.app[data-ready="true"]').waitFor({ timeout: 60_000 });
  await expect(page.locator('.pb-header')).toHaveCount(5, { timeout: 60_000 });
}
