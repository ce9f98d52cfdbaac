// Issue 7 in the workbench: drop a draft of seed 004, accept "new version of 我图网", see the changed-cell marker on
// the deletion timeframe, and open the comparison view (the timeframe change and the word diff). Screenshots of
// the comparison view in both languages go to the test's output folder.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, hostTest as test } from './fixtures';
import { cell, dropFiles, toLanguage } from './helpers';
import { ROOT } from './host';

test('a new version of 我图网: prompt, one column, changed-cell marker, comparison view', async ({ app }, testInfo) => {
  const draftFile = testInfo.outputPath('draft-004.txt');
  execFileSync('npx', ['tsx', 'src/service/versions-fixture.ts', draftFile], { cwd: ROOT, stdio: 'pipe' });
  await toLanguage(app, 'zh-CN');
  const seedId = await app.locator('.pb-header[title*="004_"]').first().getAttribute('data-policy');
  expect(seedId).toBeTruthy();

  // A note on the seed's deletion timeframe: its evidence changes in the draft, so it must come back "needs re-review".
  await cell(app, 'account_deletion.timeframe', seedId!).click();
  const panel = app.getByTestId('evidence-panel');
  const newNote = panel.getByTestId('cell-notes').getByTestId('annotation-new');
  await newNote.locator('[data-status="concern"]').click();
  await newNote.locator('textarea').fill('时限偏长，需对照法规');
  await newNote.getByRole('button', { name: '保存' }).click();
  await expect(panel.getByTestId('cell-notes').getByTestId('annotation')).toHaveCount(1);

  await dropFiles(app, [{ name: '我图网隐私政策（修订稿）.txt', bytes: readFileSync(draftFile) }]);
  const prompt = app.getByTestId('version-prompt');
  await expect(prompt).toBeVisible({ timeout: 60_000 });
  await expect(prompt.locator('h2')).toHaveText('我图网 的新版本？');
  await expect(prompt.getByTestId('version-new-app')).toHaveText('作为新应用');
  await app.screenshot({ path: testInfo.outputPath('prompt-zh.png') });
  await prompt.getByTestId('version-accept').click();
  await expect(prompt).toHaveCount(0);

  // Still five columns: the app's column now shows its latest version, with a version badge.
  const badge = app.getByTestId('version-badge');
  await expect(badge).toHaveCount(1);
  await expect(badge).toContainText('第 2 版');
  await expect(app.locator('.pb-header')).toHaveCount(5);
  const draftId = await app.locator('.pb-header', { has: badge }).getAttribute('data-policy');
  expect(draftId).not.toBe(seedId);

  // The changed-cell marker on the deletion timeframe, and on no other cell.
  const marker = cell(app, 'account_deletion.timeframe', draftId!).getByTestId('badge-changed');
  await expect(marker).toBeVisible();
  await expect(marker).toHaveAttribute('title', /注销时限：15 个工作日 → 30 天/);
  await expect(app.getByTestId('badge-changed')).toHaveCount(1);

  // The carried note, beside the old and the new text.
  await cell(app, 'account_deletion.timeframe', draftId!).click();
  const carried = app.getByTestId('evidence-panel').getByTestId('cell-notes').getByTestId('annotation');
  await expect(carried).toHaveCount(1);
  await expect(carried.locator('textarea')).toHaveValue('时限偏长，需对照法规');
  const review = carried.getByTestId('needs-review');
  await expect(review).toContainText('需重新审阅');
  await expect(review.locator('.needs-review-text.is-old')).toContainText('15个工作日');
  await expect(review.locator('.needs-review-text.is-new')).toContainText('30天');
  await app.getByTestId('evidence-panel').screenshot({ path: testInfo.outputPath('needs-review-zh.png') });
  await review.getByTestId('needs-review-confirm').click();
  await expect(carried.getByTestId('needs-review')).toHaveCount(0);

  // The version picker shows the earlier version on demand.
  await badge.click();
  await app.getByTestId('version-menu').getByRole('menuitemradio', { name: /第 1 版/ }).click();
  await expect(app.locator(`.pb-header[data-policy="${seedId}"]`)).toHaveCount(1);
  await expect(app.getByTestId('version-badge')).toContainText('第 1 版');
  await app.getByTestId('version-badge').click();
  await app.getByTestId('version-menu').getByRole('menuitemradio', { name: /第 2 版/ }).click();
  await expect(app.locator(`.pb-header[data-policy="${draftId}"]`)).toHaveCount(1);

  // The comparison view.
  await app.getByTestId('version-badge').click();
  await app.getByTestId('version-compare').click();
  const view = app.getByTestId('version-compare');
  await expect(view).toBeVisible();
  await expect(view.getByTestId('vc-attributes')).toContainText('注销时限：15 个工作日 → 30 天');
  await expect(view.getByTestId('diff-del').filter({ hasText: '15个工作日' }).first()).toBeVisible();
  await expect(view.getByTestId('diff-ins').filter({ hasText: '30天' }).first()).toBeVisible();
  await expect(view.getByTestId('diff-ins').filter({ hasText: '采取合理措施' })).toHaveCount(1);
  await expect(view.locator('.vc-change.is-added')).toContainText('我们每年至少组织一次个人信息安全事件应急演练。');
  await expect(view.locator('.vc-change.is-removed').first()).toContainText('（3）我们个人信息处理相关负责人的联系方式。');
  await expect(view.getByTestId('vc-moved').locator('li')).toHaveCount(2);
  await view.screenshot({ path: testInfo.outputPath('compare-zh.png') });
  await clauseShot(app, testInfo.outputPath('compare-zh-clauses.png'));

  // The view is modal: close it, switch the language, open it again.
  await app.getByTestId('version-compare-close').click();
  await toLanguage(app, 'en');
  await app.getByTestId('version-badge').click();
  await app.getByTestId('version-compare').click();
  await expect(view.getByTestId('vc-attributes')).toContainText('Deletion timeframe: 15 working days → 30 days');
  await expect(view.locator('h2')).toContainText('→');
  await view.screenshot({ path: testInfo.outputPath('compare-en.png') });
  await app.getByTestId('version-compare-close').click();
  await expect(view).toHaveCount(0);
  await app.screenshot({ path: testInfo.outputPath('grid-en.png') });
});

/** The clause part of the comparison, scrolled into view. */
async function clauseShot(page: Page, file: string): Promise<void> {
  await page.getByTestId('vc-clauses').evaluate((el) => el.scrollIntoView());
  await page.getByTestId('version-compare').screenshot({ path: file });
}

test('Apps menu: make an existing column a version of another app, and separate it again', async ({ app }, testInfo) => {
  await toLanguage(app, 'en');
  const first = await app.locator('.pb-header').nth(0).getAttribute('data-policy');
  const second = await app.locator('.pb-header').nth(1).getAttribute('data-policy');
  const firstName = (await app.locator('.pb-header').nth(0).locator('.pb-header-name').textContent())!;
  await app.locator('[data-command="apps-menu-toggle"]').click();
  const menu = app.getByTestId('apps-menu');
  await menu.locator(`li[data-policy="${second}"]`).getByTestId('apps-version-of').click();
  const prompt = app.getByTestId('version-prompt');
  await expect(prompt).toBeVisible();
  // Unrelated policies: no proposal above the threshold, so every other app is offered.
  await expect(prompt.locator('.version-choices label')).toHaveCount(4);
  await prompt.locator('.version-choices label', { hasText: firstName }).locator('input').check();
  await expect(prompt.locator('h2')).toHaveText(`New version of ${firstName}?`);
  await prompt.screenshot({ path: testInfo.outputPath('prompt-manual-en.png') });
  await prompt.getByTestId('version-accept').click();
  await expect(app.locator('.pb-header')).toHaveCount(4);
  await expect(app.getByTestId('version-badge')).toContainText('v2');
  await expect(app.locator(`.pb-header[data-policy="${second}"]`)).toHaveCount(1);
  await expect(app.locator(`.pb-header[data-policy="${first}"]`)).toHaveCount(0);
  await app.locator('[data-command="apps-menu-toggle"]').click();
  await app.getByTestId('apps-menu').screenshot({ path: testInfo.outputPath('apps-menu-en.png') });
  await app.locator('[data-command="apps-menu-toggle"]').click();
  await app.getByTestId('version-badge').click();
  await app.getByTestId('version-menu').getByRole('menuitem', { name: 'Make a separate app' }).click();
  await expect(app.locator('.pb-header')).toHaveCount(5);
  await expect(app.getByTestId('version-badge')).toHaveCount(0);
});
