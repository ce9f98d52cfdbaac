// The review journey of issue 4: annotate a cell and a clause, override a value with a reason, restart the
// host on the same workspace folder, and find all three again with their badges and their history in order.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from '@playwright/test';
import { expect, waitForSamples } from './fixtures';
import { cell, policyIdOf, toLanguage } from './helpers';
import { startHostProcess } from './host';

/** Screenshots for a person to look at; outside test-results, which other runs clear. */
const SHOTS = process.env['PB_SHOTS'] ?? path.join(os.tmpdir(), 'policybench-shots');
const APP = '小包智工';
const ATTRIBUTE = 'retention.period';
const CELL_NOTE = '保存期限只写了“最短必要期限”，需要具体时长';
const CLAUSE_NOTE = 'Ask the vendor for the actual period';
const REASON = '第 7.1 条的附件写明保存六个月';

test('notes, a clause note and an override survive a host restart, with badges and history', async ({ page }) => {
  test.setTimeout(240_000);
  const home = mkdtempSync(path.join(os.tmpdir(), 'policybench-e2e-ws-'));
  const workspace = path.join(home, 'review');
  try {
    let host = await startHostProcess({ samples: true, home, workspace });
    await page.goto(host.url);
    await waitForSamples(page);
    await toLanguage(page, 'zh-CN');
    const policyId = await policyIdOf(page, APP);
    await cell(page, ATTRIBUTE, policyId).click();
    const panel = page.getByTestId('evidence-panel');
    await expect(panel).toBeVisible();

    // A note on the cell: status and text.
    const cellNotes = panel.getByTestId('cell-notes');
    const newCellNote = cellNotes.getByTestId('annotation-new');
    await newCellNote.locator('[data-status="concern"]').click();
    await newCellNote.locator('textarea').fill(CELL_NOTE);
    await newCellNote.getByRole('button', { name: '保存' }).click();
    await expect(cellNotes.getByTestId('annotation')).toHaveCount(1);
    await expect(cellNotes.getByTestId('annotation').locator('textarea')).toHaveValue(CELL_NOTE);

    // A note on the clause the evidence quotes.
    const clauseNotes = panel.getByTestId('clause-notes');
    const newClauseNote = clauseNotes.getByTestId('annotation-new');
    await newClauseNote.locator('[data-status="follow_up"]').click();
    await newClauseNote.locator('textarea').fill(CLAUSE_NOTE);
    await newClauseNote.getByRole('button', { name: '保存' }).click();
    await expect(clauseNotes.getByTestId('annotation')).toHaveCount(1);

    // An override needs a reason: without one it is not saved.
    await panel.getByTestId('override-edit').click();
    await panel.getByTestId('override-number').fill('6');
    await panel.getByTestId('override-unit').selectOption('months');
    await panel.getByTestId('override-save').click();
    await expect(panel.locator('.form-problem')).toContainText('原因');
    await panel.getByTestId('override-reason').fill(REASON);
    await panel.getByTestId('override-save').click();
    await expect(panel.getByTestId('override-current')).toContainText(REASON);
    await expect(panel.locator('.evidence-value')).toContainText('6 个月');
    const gridCell = cell(page, ATTRIBUTE, policyId);
    await expect(gridCell.getByTestId('badge-override')).toBeVisible();
    await expect(gridCell).toContainText('6 个月');

    // Restart the host on the same folder, after damaging annotations.json: the journal rebuilds it.
    await host.close();
    const annotationsFile = path.join(workspace, 'annotations.json');
    writeFileSync(annotationsFile, readFileSync(annotationsFile).subarray(0, 40));
    host = await startHostProcess({ samples: true, home, workspace });
    try {
      await page.goto(host.url);
      await waitForSamples(page);
      await toLanguage(page, 'zh-CN');
      // The reviewer is told, without being stopped.
      const notice = page.getByTestId('notice-bar');
      await expect(notice).toContainText('annotations.json');
      await page.screenshot({ path: path.join(SHOTS, 'notice-zh.png') });
      await notice.getByRole('button').click();
      await expect(notice).toHaveCount(0);
      const again = cell(page, ATTRIBUTE, policyId);
      await expect(again.locator('.pb-cell')).toHaveClass(/is-overridden/);
      await expect(again.locator('.pb-cell')).toHaveAttribute('data-status', 'concern');
      await expect(again.getByTestId('badge-status')).toBeVisible();
      await expect(again.getByTestId('badge-note')).toBeVisible();
      await expect(again.getByTestId('badge-override')).toHaveAttribute('title', new RegExp(REASON));
      await expect(again).toContainText('6 个月');

      // The toolbar filters keep the row for "only concerns".
      await page.getByTestId('review-filter').selectOption('concerns');
      await expect(page.locator('.ag-row[row-id]').filter({ has: page.locator('.pb-cell') })).toHaveCount(1);
      await page.getByTestId('review-filter').selectOption('all');

      await again.click();
      const panel2 = page.getByTestId('evidence-panel');
      await expect(panel2.getByTestId('cell-notes').getByTestId('annotation').locator('textarea')).toHaveValue(CELL_NOTE);
      await expect(panel2.getByTestId('clause-notes').getByTestId('annotation').locator('textarea')).toHaveValue(CLAUSE_NOTE);
      await expect(panel2.getByTestId('override-current')).toContainText(REASON);
      const history = panel2.getByTestId('history-entry');
      await expect(history).toHaveCount(2);
      await expect(history.nth(0)).toHaveAttribute('data-op', 'annotation-upsert');
      await expect(history.nth(0)).toContainText(CELL_NOTE);
      await expect(history.nth(1)).toHaveAttribute('data-op', 'override-set');
      await expect(history.nth(1)).toContainText(REASON);

      // Keyboard: 3 marks the selected cell a violation; Ctrl+Z undoes it.
      await again.click();
      await page.keyboard.press('3');
      await expect(again.locator('.pb-cell')).toHaveAttribute('data-status', 'violation');
      await page.keyboard.press('Control+z');
      await expect(again.locator('.pb-cell')).toHaveAttribute('data-status', 'concern');

      // Screenshots of the evidence panel with notes, in both languages (looked at by hand).
      await panel2.screenshot({ path: path.join(SHOTS, 'annotations-panel-zh.png') });
      await toLanguage(page, 'en');
      await expect(panel2.getByTestId('history')).toContainText('set the value to');
      await panel2.screenshot({ path: path.join(SHOTS, 'annotations-panel-en.png') });
      await page.screenshot({ path: path.join(SHOTS, 'annotations-grid-en.png') });
    } finally {
      await host.close();
    }
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test('the workspace menu opens a typed path, refuses a bad one with a clear message, and creates a new workspace', async ({ page }) => {
  const home = mkdtempSync(path.join(os.tmpdir(), 'policybench-e2e-ws-'));
  const host = await startHostProcess({ samples: true, home });
  try {
    await page.goto(host.url);
    await waitForSamples(page);
    await toLanguage(page, 'en');
    // The override editor for a set of data types: one chip per code, the engine's codes pressed.
    await cell(page, 'collection.data_types', await policyIdOf(page, APP)).click();
    const panel = page.getByTestId('evidence-panel');
    await panel.getByTestId('override-edit').click();
    await expect(panel.locator('.chip-picker .pb-chip[aria-pressed="true"]').first()).toBeVisible();
    await panel.screenshot({ path: path.join(SHOTS, 'override-editor-set-en.png') });
    await panel.getByRole('button', { name: 'Cancel' }).click();

    await page.locator('[data-command="workspace-menu-toggle"]').click();
    const menu = page.getByTestId('workspace-menu');
    await menu.getByTestId('workspace-path').fill('relative/folder');
    await menu.getByTestId('workspace-open').click();
    await expect(page.locator('.toast').last()).toContainText('full path');
    await page.screenshot({ path: path.join(SHOTS, 'workspace-menu-en.png') });
    await menu.getByTestId('workspace-new-name').fill('Q2 review');
    await menu.getByRole('button', { name: 'Create' }).click();
    await expect(page.locator('[data-command="workspace-menu-toggle"]')).toContainText('Q2 review');
    await expect(page.locator('.pb-header')).toHaveCount(0);
    // Back to the default workspace through the recent list.
    await page.locator('[data-command="workspace-menu-toggle"]').click();
    await page.getByTestId('workspace-menu').locator('.ws-recent', { hasText: 'Default' }).click();
    await expect(page.locator('.pb-header')).toHaveCount(5);
  } finally {
    await host.close();
    rmSync(home, { recursive: true, force: true });
  }
});
