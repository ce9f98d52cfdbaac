// The reviewer's journeys through the real renderer: in Chromium via the browser host, and in Electron
// where its binary is installed.
import path from 'node:path';
import { GRID_CATEGORY_IDS } from '../src/shared/taxonomy';
import { electronAvailable, electronTest, ELECTRON_DIST, expect, hostTest, type AppFixtures } from './fixtures';
import { cell, dropFiles, fileFrom, PNG_BYTES, policyIdOf, toLanguage } from './helpers';

const CORPUS = '/work/shared/corpus';
const NEW_POLICY = path.join(CORPUS, 'ca4p-dev', '0496.html');

type AppTest = typeof hostTest | typeof electronTest;

function journeys(test: AppTest): void {
  const t = test as unknown as typeof hostTest;

  t('the sample comparison shows five app columns and the five category groups', async ({ app }) => {
    await expect(app.locator('.pb-header')).toHaveCount(5);
    await expect(app.locator('.pb-header-name', { hasText: '小宇宙' })).toHaveCount(1);
    // The five category groups (the Checks group is covered by checks.spec.ts).
    const groups = app.locator('.pb-group:not(.is-checks)');
    await expect(groups).toHaveCount(5);
    for (const id of GRID_CATEGORY_IDS) await expect(app.locator(`.pb-group[data-category="${id}"]`)).toHaveCount(1);
    await expect(app.getByTestId('status-policies')).toContainText('5');
    // A category collapses and expands.
    await app.locator('.pb-group[data-category="minors"]').click();
    await expect(app.locator('.ag-row[row-id="minors.age_thresholds"]')).toHaveCount(0);
    await app.locator('.pb-group[data-category="minors"]').click();
    await expect(app.locator('.ag-row[row-id="minors.age_thresholds"]')).toHaveCount(1);
  });

  t('dropping a new policy file adds a column', async ({ app }) => {
    await dropFiles(app, [fileFrom(NEW_POLICY)], { checkOverlay: true });
    await expect(app.locator('.pb-header')).toHaveCount(6, { timeout: 60_000 });
    await expect(app.getByTestId('status-policies')).toContainText('6');
    await expect(app.getByTestId('drop-overlay')).toHaveCount(0);
  });

  t('the 小宇宙 account-deletion timeframe cell cites 15个工作日, highlighted in the full text', async ({ app }) => {
    await toLanguage(app, 'zh-CN');
    const id = await policyIdOf(app, '小宇宙');
    const target = cell(app, 'account_deletion.timeframe', id);
    await expect(target).toContainText('15 个工作日');
    await target.click();
    const panel = app.getByTestId('evidence-panel');
    await expect(panel).toBeVisible();
    await expect(panel.getByTestId('evidence-quote').first()).toContainText('15个工作日');
    const mark = panel.locator('.policy-text mark.ev-mark');
    await expect(mark.first()).toBeVisible();
    await expect(mark).toContainText(['15个工作日']);
    await expect(panel.locator('.quote-section').first()).not.toBeEmpty();
    await expect(panel.locator('.evidence-cats .pb-chip').first()).toBeVisible();
    // Keyboard: Escape closes, Enter on a focused cell opens again.
    await app.keyboard.press('Escape');
    await expect(panel).toHaveCount(0);
    await target.click();
    await app.keyboard.press('Escape');
    await target.focus();
    await app.keyboard.press('Enter');
    await expect(app.getByTestId('evidence-panel')).toBeVisible();
  });

  t('a binary file is refused with a message naming it, and the grid keeps its columns', async ({ app }) => {
    await dropFiles(app, [{ name: 'x.txt', bytes: PNG_BYTES, type: 'text/plain' }]);
    const toast = app.getByTestId('toast-error');
    await expect(toast).toBeVisible({ timeout: 30_000 });
    await expect(toast).toContainText('x.txt');
    await expect(app.locator('.pb-header')).toHaveCount(5);
  });

  t('switching the language changes the labels', async ({ app }) => {
    await toLanguage(app, 'zh-CN');
    await expect(app.locator('.pb-group[data-category="account_deletion"]')).toContainText('账号注销');
    await expect(app.locator('.ag-header-cell[col-id="attribute"]')).toContainText('比对项');
    await expect(app.locator('[data-command="files-open"]')).toHaveText('打开…');
    await toLanguage(app, 'en');
    await expect(app.locator('.pb-group[data-category="account_deletion"]')).toContainText('Account deletion');
    await expect(app.locator('.ag-header-cell[col-id="attribute"]')).toContainText('Attribute');
    await expect(app.locator('[data-command="files-open"]')).toHaveText('Open…');
    await expect(app.locator('.pb-not-stated').first()).toHaveText('Not stated');
  });

  t('search highlights hits and counts them per app', async ({ app }) => {
    await app.getByTestId('search').fill('注销');
    const badges = app.locator('.pb-hits');
    await expect(badges).toHaveCount(5, { timeout: 30_000 });
    const id = await policyIdOf(app, '小宇宙');
    const badge = app.locator(`.pb-header[data-policy="${id}"] .pb-hits`);
    await expect(badge).not.toHaveAttribute('data-hits', '0');
    const n = Number(await badge.getAttribute('data-hits'));
    await cell(app, 'account_deletion.available', id).click();
    const hits = app.locator('.policy-text mark.hit-mark');
    await expect(hits.first()).toBeVisible();
    expect(await hits.count()).toBeGreaterThanOrEqual(n > 0 ? 1 : 0);
    await expect(hits.first()).toHaveText('注销');
  });

  t('rename an app, hide it, and keep only rows where apps differ', async ({ app }) => {
    const id = await policyIdOf(app, '小宇宙');
    await app.locator(`.pb-header[data-policy="${id}"]`).dblclick();
    await app.getByTestId('rename-input').fill('小宇宙播客');
    await app.keyboard.press('Enter');
    await expect(app.locator(`.pb-header[data-policy="${id}"]`)).toContainText('小宇宙播客');
    await app.locator('[data-command="apps-menu-toggle"]').click();
    await app.locator(`[data-testid="apps-menu"] li[data-policy="${id}"] input[type="checkbox"]`).uncheck();
    await expect(app.locator('.pb-header')).toHaveCount(4);
    await app.keyboard.press('Escape');
    const before = await app.locator('.ag-row[row-id*="."]').count();
    await app.locator('[data-command="rows-differ-toggle"]').click();
    const after = await app.locator('.ag-row[row-id*="."]').count();
    expect(after).toBeLessThanOrEqual(before);
    await expect(app.locator('.pb-group:not(.is-checks)')).toHaveCount(5);
  });
}

hostTest.describe('browser host', () => {
  journeys(hostTest);

  hostTest('the host refuses requests without its token', async ({ app, host }) => {
    const inPage = await app.evaluate(async () => {
      const res = await fetch('/api/call/matrix-get', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
      return { status: res.status, body: (await res.json()) as { error?: { code?: string } } };
    });
    expect(inPage.status).toBe(401);
    expect(inPage.body.error?.code).toBe('unauthorized');
    const outside = await fetch(`${host.origin}/api/call/matrix-get`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(outside.status).toBe(401);
    const wrong = await fetch(`${host.origin}/api/call/matrix-get`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-PolicyBench-Token': '0'.repeat(64) },
      body: '{}',
    });
    expect(wrong.status).toBe(401);
    // The token is dropped from the address bar once read.
    expect(new URL(app.url()).searchParams.has('token')).toBe(false);
  });
});

electronTest.describe('electron', () => {
  if (!electronAvailable) {
    console.log(`[e2e] Electron journeys skipped: no Electron binary at ${ELECTRON_DIST} (run \`node node_modules/electron/install.js\` where the network allows).`);
  }
  electronTest.skip(!electronAvailable, `no Electron binary at ${ELECTRON_DIST}`);
  journeys(electronTest);
});

export type { AppFixtures };
