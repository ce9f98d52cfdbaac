// The clause relabel journey of issue 8: in the evidence panel, correct the categories of the clause a value was
// read from, see the value read again (and why), undo and redo it, then restart the host on the same workspace
// folder and find the relabel still there, with its history.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, type Page } from '@playwright/test';
import { expect, waitForSamples } from './fixtures';
import { cell, dropFiles, policyIdOf, toLanguage } from './helpers';
import { startHostProcess } from './host';

/** Screenshots for a person to look at; outside test-results, which other runs clear. */
const SHOTS = process.env['PB_SHOTS'] ?? path.join(os.tmpdir(), 'policybench-shots');
/**
 * A short policy whose retention sentence the engine files under "other", so the grid says the retention period is
 * not stated (the extractor reads the period from retention clauses). The reviewer picks the sentence in the full
 * text and relabels it as retention: the grid then says three years.
 */
const APP = '晴天记账';
const POLICY = `${APP}隐私政策\n一、概述\n我们会收集您的手机号码，用于登录。\n我们会将您的信息保存三年。\n二、联系我们\n如有问题请联系我们。\n`;
const ATTRIBUTE = 'retention.period';
const SENTENCE = '我们会将您的信息保存三年。';
const REASON = '此条讲的是保存期限';

async function importPolicy(page: Page): Promise<void> {
  await dropFiles(page, [{ name: `${APP}.txt`, bytes: Buffer.from(POLICY, 'utf8'), type: 'text/plain' }]);
  await expect(page.locator('.pb-header')).toHaveCount(6, { timeout: 60_000 });
  // A file that looks like a new version of an app already here is offered as one; this one is its own app.
  await page
    .getByTestId('version-new-app')
    .click({ timeout: 2000 })
    .catch(() => undefined);
}

test('a clause relabel reads the value again, undoes and redoes, and survives a host restart', async ({ page }) => {
  test.setTimeout(240_000);
  const home = mkdtempSync(path.join(os.tmpdir(), 'policybench-e2e-relabel-'));
  const workspace = path.join(home, 'review');
  try {
    let host = await startHostProcess({ samples: true, home, workspace });
    await page.goto(host.url);
    await waitForSamples(page);
    await toLanguage(page, 'zh-CN');
    await importPolicy(page);
    const policyId = await policyIdOf(page, APP);
    const gridCell = cell(page, ATTRIBUTE, policyId);
    await expect(gridCell).toContainText('未说明');
    await gridCell.click();
    const panel = page.getByTestId('evidence-panel');
    await expect(panel.locator('.evidence-none')).toBeVisible();

    // The sentence is no evidence of anything: the reviewer picks it in the full text and sees the engine's category.
    await panel.locator('.policy-text .clause', { hasText: SENTENCE }).click();
    const picked = panel.getByTestId('picked-clause');
    await expect(picked).toHaveAttribute('data-clause-id', /.+/);
    await expect(panel.locator('.policy-text .clause.is-picked')).toHaveText(SENTENCE);
    const cats = picked.getByTestId('clause-categories');
    await expect(cats.getByTestId('category-engine')).toHaveText(['其他']);
    await cats.getByTestId('relabel-edit').click();
    const form = cats.getByTestId('relabel-form');
    await expect(form.locator('.chip-picker button')).toHaveCount(8);
    await expect(form.locator('button[data-category="other"]')).toHaveAttribute('aria-pressed', 'true');
    // Nothing picked: the reviewer is told what to do.
    await form.locator('button[data-category="other"]').click();
    await form.getByTestId('relabel-save').click();
    await expect(form.locator('.form-problem')).toContainText('至少选择一个类别');
    // "Other" stands alone: picking it clears the rest, picking another clears it.
    await form.locator('button[data-category="sharing"]').click();
    await form.locator('button[data-category="other"]').click();
    await expect(form.locator('button[aria-pressed="true"]')).toHaveCount(1);
    await form.locator('button[data-category="retention"]').click();
    await expect(form.locator('button[data-category="other"]')).toHaveAttribute('aria-pressed', 'false');
    await form.getByTestId('relabel-reason').fill(REASON);
    await form.getByTestId('relabel-save').click();

    // The values are read again: the period is three years now, quoted from the sentence, and the panel says why.
    await expect(page.getByTestId('toast-info').last()).toContainText(/\d+ 项取值随之改变/);
    await expect(gridCell).toContainText('3 年');
    // The grid cell says its value was read again with a relabel, and what the engine had found.
    await expect(gridCell.getByTestId('badge-relabel')).toHaveAttribute('title', /自动识别：未说明/);
    await expect(panel.locator('.evidence-value')).toContainText('3 年');
    await expect(panel.getByTestId('relabel-cell-note')).toContainText('自动识别：未说明');
    await expect(panel.getByTestId('evidence-quote').first()).toContainText('保存三年');
    const evidenceCats = panel.locator('.evidence-quotes').getByTestId('clause-categories');
    await expect(evidenceCats.getByTestId('category-reviewer')).toHaveText(['✎存储与保存']);
    await expect(evidenceCats.getByTestId('category-engine-dropped')).toHaveText(['其他']);
    await expect(evidenceCats.getByTestId('relabel-meta')).toContainText(REASON);
    await evidenceCats.getByTestId('clause-history').locator('summary').click();
    await expect(evidenceCats.getByTestId('clause-history-entry')).toHaveCount(1);
    await expect(evidenceCats.getByTestId('clause-history-entry').first()).toHaveAttribute('data-op', 'relabel-set');
    await panel.screenshot({ path: path.join(SHOTS, 'relabel-panel-zh.png') });
    await evidenceCats.screenshot({ path: path.join(SHOTS, 'relabel-chips-zh.png') });

    // Undo brings the engine's category and value back; redo the relabel.
    await page.keyboard.press('Control+z');
    await expect(gridCell).toContainText('未说明');
    await expect(gridCell.getByTestId('badge-relabel')).toHaveCount(0);
    await expect(picked.getByTestId('category-engine')).toHaveText(['其他']);
    await page.keyboard.press('Control+Shift+z');
    await expect(gridCell).toContainText('3 年');
    await expect(picked.getByTestId('category-reviewer')).toHaveText(['✎存储与保存']);

    // Restart the host on the same folder: the relabel and the value read with it are still there.
    await host.close();
    host = await startHostProcess({ samples: true, home, workspace });
    try {
      await page.goto(host.url);
      await page.locator('.app[data-ready="true"]').waitFor({ timeout: 60_000 });
      await expect(page.locator('.pb-header')).toHaveCount(6, { timeout: 60_000 });
      await toLanguage(page, 'zh-CN');
      const again = cell(page, ATTRIBUTE, policyId);
      await expect(again).toContainText('3 年');
      await again.click();
      const panel2 = page.getByTestId('evidence-panel');
      await expect(panel2.getByTestId('relabel-cell-note')).toContainText('未说明');
      const cats2 = panel2.locator('.evidence-quotes').getByTestId('clause-categories');
      await expect(cats2.getByTestId('category-reviewer')).toHaveText(['✎存储与保存']);
      await expect(cats2.getByTestId('relabel-meta')).toContainText(REASON);
      // The history journal kept every change, the undo and redo included.
      await cats2.getByTestId('clause-history').locator('summary').click();
      await expect(cats2.getByTestId('clause-history-entry')).toHaveCount(3);

      await toLanguage(page, 'en');
      await expect(panel2.getByTestId('relabel-cell-note')).toContainText('the engine found: Not stated');
      await panel2.screenshot({ path: path.join(SHOTS, 'relabel-panel-en.png') });
      await cats2.getByTestId('relabel-edit').click();
      await cats2.getByTestId('relabel-form').screenshot({ path: path.join(SHOTS, 'relabel-editor-en.png') });
      await page.screenshot({ path: path.join(SHOTS, 'relabel-window-en.png') });
      await cats2.getByTestId('relabel-clear').click();
      await expect(page.getByTestId('toast-info').last()).toContainText('Engine categories restored');
      await expect(again).toContainText('Not stated');
    } finally {
      await host.close();
    }
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
