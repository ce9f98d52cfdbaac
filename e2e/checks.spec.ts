// Regulation checks in the workbench: the Checks row group, the flag count per app, and the panel's checks mode.
// Also writes screenshots (test-results/checks/*.png) of the grid and the panel in both languages for review.
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, hostTest as test } from './fixtures';
import { dropFiles, fileFrom, toLanguage } from './helpers';

const SHOTS = path.join('test-results', 'checks');
const NEW_POLICY = path.join('/work/shared/corpus', 'ca4p-dev', '0496.html');

/** The column of a sample, by its file name (003's app name is not detected, so not by name). */
async function sampleId(page: Page, prefix: string): Promise<string> {
  const id = await page.locator(`.pb-header[title*="${prefix}_"]`).first().getAttribute('data-policy');
  if (!id) throw new Error(`no column for sample ${prefix}`);
  return id;
}

const checkCell = (page: Page, ruleId: string, policyId: string) =>
  page.locator(`.ag-row[row-id="check:${ruleId}"] .ag-cell[col-id="${policyId}"] .pb-check`);

async function showOnlyChecks(page: Page): Promise<void> {
  await page.getByTestId('category-filter').selectOption('checks');
  await expect(page.locator('.pb-group.is-checks')).toBeVisible();
}

test('the Checks group has one row per rule, each cell pass / flag / not applicable', async ({ app }) => {
  await toLanguage(app, 'zh-CN');
  await showOnlyChecks(app);
  await expect(app.locator('.pb-group:not(.is-checks)')).toHaveCount(0);
  await expect(app.locator('.pb-group.is-checks')).toContainText('合规检查');
  await expect(app.locator('.pb-group.is-checks')).toContainText('11');
  // One row per rule, each with its title and a severity marker in the pinned first column.
  const rows = app.locator('.pb-rule');
  await expect(rows).toHaveCount(11);
  await expect(app.locator('.pb-rule .pb-severity')).toHaveCount(11);
  await expect(app.locator('.pb-rule[data-rule="pipl-31-minors-under-14"]')).toContainText('不满十四周岁');
  // 5 apps × 11 rules, each told by icon and text, not colour alone.
  const cells = app.locator('.pb-check');
  await expect(cells).toHaveCount(55);
  for (const [status, text] of [
    ['pass', '通过'],
    ['flag', '提示'],
    ['not_applicable', '不适用'],
  ] as const) {
    const c = app.locator(`.pb-check[data-status="${status}"]`).first();
    await expect(c).toContainText(text);
    await expect(c).toHaveAttribute('aria-label', new RegExp(`^${text}`));
  }
  await app.screenshot({ path: path.join(SHOTS, 'grid-checks-zh.png') });
  await toLanguage(app, 'en');
  await expect(app.locator('.pb-group.is-checks')).toContainText('Checks');
  await expect(app.locator('.pb-rule[data-rule="pipl-31-minors-under-14"]')).toContainText('Minors under 14');
  await app.screenshot({ path: path.join(SHOTS, 'grid-checks-en.png') });

  // The group collapses like the categories; back on all categories it follows them.
  await app.locator('.pb-group.is-checks').click();
  await expect(rows).toHaveCount(0);
  await app.locator('.pb-group.is-checks').click();
  await expect(rows).toHaveCount(11);
});

test("003's column header shows its flag count, with counts by severity in the tooltip", async ({ app }) => {
  await toLanguage(app, 'en');
  const id = await sampleId(app, '003');
  const flags = app.locator(`.pb-header[data-policy="${id}"] [data-testid="header-flags"]`);
  await expect(flags).toHaveText('⚑ 6');
  await expect(flags).toHaveAttribute('title', /6 flags \(high 2, medium 3, low 1\)/);
  await expect(app.locator(`.pb-header[data-policy="${await sampleId(app, '001')}"] [data-testid="header-flags"]`)).toHaveText('⚑ 1');
  await app.screenshot({ path: path.join(SHOTS, 'grid-all-en.png') });
});

test('clicking a flagged cell shows the explanation, the source and the evidence', async ({ app }) => {
  await toLanguage(app, 'zh-CN');
  await showOnlyChecks(app);
  const id = await sampleId(app, '003');
  const flagged = checkCell(app, 'pipl-23-named-recipients', id);
  await expect(flagged).toHaveAttribute('data-status', 'flag');
  // The explanation is the tooltip too.
  await expect(flagged).toHaveAttribute('title', /^提示：/);
  await flagged.click();
  const panel = app.getByTestId('evidence-panel');
  await expect(panel).toHaveAttribute('data-mode', 'check');
  await expect(panel.getByTestId('check-title')).toContainText('告知接收方名称');
  await expect(panel.getByTestId('check-status')).toContainText('提示');
  await expect(panel.getByTestId('check-explanation')).not.toBeEmpty();
  await expect(panel.getByTestId('check-source')).toContainText('个人信息保护法');
  await expect(panel.getByTestId('check-source')).toContainText('第23条');
  await expect(panel.locator('.pb-severity')).toContainText('严重程度：中');
  // Its evidence: the quotes, and the first highlighted in the full text.
  await expect(panel.getByTestId('evidence-quote').first()).toBeVisible();
  await expect(panel.locator('.policy-text mark.ev-mark').first()).toBeVisible();
  await app.screenshot({ path: path.join(SHOTS, 'panel-flag-zh.png') });

  await toLanguage(app, 'en');
  await expect(panel.getByTestId('check-source')).toContainText('Art. 23');
  await expect(panel.getByTestId('check-explanation')).toContainText(/recipient/i);
  await app.screenshot({ path: path.join(SHOTS, 'panel-flag-en.png') });

  // A flag about an absence: nothing on minors at all → the panel says what was not found.
  await checkCell(app, 'pipl-31-minors-under-14', id).click();
  await expect(panel.getByTestId('check-title')).toContainText('Minors under 14');
  await expect(panel.getByTestId('check-absent')).toBeVisible();
  await expect(panel.getByTestId('check-source')).toContainText('Art. 31');
  await app.screenshot({ path: path.join(SHOTS, 'panel-absent-en.png') });
  await toLanguage(app, 'zh-CN');
  await app.screenshot({ path: path.join(SHOTS, 'panel-absent-zh.png') });

  // Escape closes, as for any cell.
  await app.keyboard.press('Escape');
  await expect(panel).toHaveCount(0);
});

test('a new policy gets its checks: the matrix changed, so the checks refresh', async ({ app }) => {
  await dropFiles(app, [fileFrom(NEW_POLICY)]);
  await expect(app.locator('.pb-header')).toHaveCount(6, { timeout: 60_000 });
  await expect(app.locator('[data-testid="header-flags"]')).toHaveCount(6);
  await showOnlyChecks(app);
  await expect(app.locator('.pb-check')).toHaveCount(66);
});

test('the panel asks for the selected check\'s evidence, shows it loading, and drops a late answer for an earlier cell', async ({ app }) => {
  await toLanguage(app, 'en');
  await showOnlyChecks(app);
  const id = await sampleId(app, '003');
  // Hold the first check-get (the flagged cell's) until the reviewer has moved on to another cell.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let first = true;
  await app.route('**/api/call/check-get', async (route) => {
    if (first) {
      first = false;
      await held;
    }
    await route.continue();
  });
  await checkCell(app, 'pipl-23-named-recipients', id).click();
  const panel = app.getByTestId('evidence-panel');
  await expect(panel.getByTestId('check-loading')).toBeVisible();
  // Status and explanation are the grid's own: shown before check-get answers.
  await expect(panel.getByTestId('check-status')).toHaveAttribute('data-status', 'flag');
  await expect(panel.getByTestId('check-explanation')).toContainText(/recipient/i);

  await checkCell(app, 'pipl-31-minors-under-14', id).click();
  await expect(panel.getByTestId('check-title')).toContainText('Minors under 14');
  await expect(panel.getByTestId('check-absent')).toBeVisible();
  const late = app.waitForResponse('**/api/call/check-get');
  release();
  await late;
  // The flag's late answer changed nothing.
  await expect(panel.getByTestId('check-title')).toContainText('Minors under 14');
  await expect(panel.getByTestId('check-absent')).toBeVisible();
  await expect(panel.getByTestId('evidence-quote')).toHaveCount(0);

  // Back on the flag: its evidence, quoted and highlighted in the full text.
  await checkCell(app, 'pipl-23-named-recipients', id).click();
  await expect(panel.getByTestId('evidence-quote').first()).not.toBeEmpty();
  await expect(panel.locator('.policy-text mark.ev-mark').first()).toBeVisible();
});
