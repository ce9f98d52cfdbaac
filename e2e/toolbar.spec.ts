// The toolbar fits one row from 1440 px (the usual laptop/desktop window) down to 1024 px in both
// languages, and its icon-only commands keep their names for screen readers and the keyboard.
import type { Page } from '@playwright/test';
import { expect, hostTest as test } from './fixtures';
import { toLanguage } from './helpers';

/** The toolbar's height and how many distinct rows its visible items sit on. */
async function toolbarRows(page: Page): Promise<{ height: number; rows: number; buttonHeight: number }> {
  return page.locator('.toolbar').evaluate((bar) => {
    const tops = new Set<number>();
    for (const el of Array.from(bar.children) as HTMLElement[]) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || el.classList.contains('tb-spacer')) continue;
      tops.add(Math.round(r.top + r.height / 2));
    }
    // Items of one row share a vertical centre (align-items: center), within a pixel or two.
    const centres = [...tops].sort((a, b) => a - b);
    const rows = centres.filter((c, i) => i === 0 || c - centres[i - 1]! > 4).length;
    const button = bar.querySelector('[data-command="files-open"]')!.getBoundingClientRect();
    return { height: bar.getBoundingClientRect().height, rows, buttonHeight: button.height };
  });
}

for (const lang of ['en', 'zh-CN'] as const) {
  for (const width of [1440, 1024]) {
    test(`one toolbar row at ${width} px in ${lang}`, async ({ app }, testInfo) => {
      await app.setViewportSize({ width, height: 900 });
      await toLanguage(app, lang);
      const { height, rows, buttonHeight } = await toolbarRows(app);
      expect(rows).toBe(1);
      // A single row: the toolbar is its min-height (46 px), well under two buttons' height.
      expect(height).toBeLessThan(2 * buttonHeight);
      expect(height).toBe(46);
      // Nothing is pushed past the right edge.
      const lastRight = await app.locator('[data-command="language-toggle"]').evaluate((el) => el.getBoundingClientRect().right);
      expect(lastRight).toBeLessThanOrEqual(width);
      await app.screenshot({ path: testInfo.outputPath(`toolbar-${lang}-${width}.png`), clip: { x: 0, y: 0, width, height: 120 } });
    });
  }
}

test('icon-only commands have names for screen readers, tooltips, and work from the keyboard', async ({ app }) => {
  await app.setViewportSize({ width: 1024, height: 900 });
  await toLanguage(app, 'en');
  const collapse = app.getByRole('button', { name: 'Collapse all' });
  const expand = app.getByRole('button', { name: 'Expand all' });
  const differ = app.getByRole('button', { name: 'Differences only' });
  await expect(collapse).toHaveAttribute('title', 'Collapse all');
  await expect(differ).toHaveAttribute('title', /Differences only \(Alt\+D\)/);
  await expect(differ).toHaveAttribute('aria-pressed', 'false');
  // The "Differences only" text is visually hidden at this width, but still the button's name.
  await expect(differ.locator('.tb-label')).toHaveCSS('position', 'absolute');

  await collapse.focus();
  await app.keyboard.press('Enter');
  await expect(app.locator('.ag-row[row-id="minors.age_thresholds"]')).toHaveCount(0);
  await expect(collapse).toBeDisabled();
  await expand.focus();
  await app.keyboard.press('Space');
  await expect(app.locator('.ag-row[row-id="minors.age_thresholds"]')).toHaveCount(1);

  await differ.focus();
  await app.keyboard.press('Enter');
  await expect(differ).toHaveAttribute('aria-pressed', 'true');

  await toLanguage(app, 'zh-CN');
  await expect(app.getByRole('button', { name: '全部折叠' })).toBeVisible();
  await expect(app.getByRole('button', { name: '仅显示差异行' })).toHaveAttribute('aria-pressed', 'true');
  // The category select keeps its caption as its label when the caption is hidden.
  await expect(app.getByRole('combobox', { name: '类别' })).toBeVisible();
});
