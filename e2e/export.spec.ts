// Comparison reports from the toolbar in the browser host: HTML, XLSX and PDF downloads (Playwright's download
// event), their content, a hostile note rendered as text, and screenshots for review in test-results/<test>/export/:
// the exported HTML opened in Chromium, and the PDF's pages (pdftoppm).
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import type { Page } from '@playwright/test';
import { expect, hostTest as test } from './fixtures';
import type { RunningHost } from './host';

/** Per-test output folder (test-results/<test>/ by default), so parallel runs never share files. */
const shots = () => test.info().outputPath('export');
const run = promisify(execFile);
const HOSTILE = '<script>document.title="pwned"</script><img src=x onerror=alert(1)> 请法务复核第三方SDK清单';

async function apiCall(host: RunningHost, method: string, body: unknown): Promise<unknown> {
  const res = await fetch(`${host.origin}/api/call/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-policybench-token': host.token },
    body: JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(JSON.stringify(json));
  return json;
}

/** A concern with a hostile note and an override with its reason on 小宇宙's affiliates cell. */
async function review(host: RunningHost): Promise<void> {
  const { policies } = (await apiCall(host, 'policies-list', {})) as { policies: { id: string; app: string }[] };
  const id = policies.find((p) => p.app === '小宇宙')!.id;
  await apiCall(host, 'annotation-upsert', { target: { policyId: id, attributeId: 'sharing.affiliates' }, status: 'concern', note: HOSTILE });
  await apiCall(host, 'override-set', { policyId: id, attributeId: 'sharing.affiliates', value: 'yes', reason: '第三节明确写了关联公司' });
}

async function exportFrom(page: Page, format: string, scope: 'view' | 'all'): Promise<{ file: string; name: string }> {
  await page.getByTestId('export-menu-toggle').click();
  await expect(page.getByTestId('export-menu')).toBeVisible();
  await page.getByTestId(`export-format-${format}`).check();
  await page.getByTestId(`export-scope-${scope}`).check();
  const download = page.waitForEvent('download');
  await page.getByTestId('export-run').click();
  const d = await download;
  mkdirSync(shots(), { recursive: true });
  const file = path.join(shots(), `report-${scope}.${format}`);
  await d.saveAs(file);
  await expect(page.getByTestId('export-menu')).toBeHidden();
  return { file, name: d.suggestedFilename() };
}

test('HTML and XLSX from the toolbar: downloads with the apps, quotes, notes and overrides', async ({ app, host }) => {
  await review(host);
  if ((await app.locator('.app').getAttribute('data-lang')) !== 'zh-CN') await app.locator('[data-command="language-toggle"]').click();
  await expect(app.getByTestId('export-menu-toggle')).toHaveText(/导出/);

  const html = await exportFrom(app, 'html', 'all');
  expect(html.name).toMatch(/\.html$/);
  await expect(app.locator('.toasts')).toContainText(`已导出 ${html.name}`);
  const text = readFileSync(html.file, 'utf8');
  expect(text).toContain('小宇宙');
  expect(text).toContain('我图网');
  // A Chinese evidence quote from 小宇宙's policy.
  expect(text).toMatch(/<blockquote[^>]*>[^<]*[\u4e00-\u9fff]{8,}/);
  expect(text).toContain('第三节明确写了关联公司');
  expect(text).toContain('请法务复核第三方SDK清单');
  expect(text).not.toContain('<script>document.title');
  expect(text).not.toMatch(/<img[^>]*onerror/);

  // Opened in Chromium, the report shows the note as text and runs nothing.
  const viewer = await app.context().newPage();
  await viewer.goto('file://' + path.resolve(html.file));
  await expect(viewer.locator('body')).toContainText('小宇宙');
  await expect(viewer.locator('body')).toContainText('<script>document.title="pwned"</script>');
  expect(await viewer.title()).not.toBe('pwned');
  await viewer.screenshot({ path: path.join(shots(), 'report-html-top.png') });
  await viewer.screenshot({ path: path.join(shots(), 'report-html-full.png'), fullPage: true });
  await viewer.close();

  const xlsx = await exportFrom(app, 'xlsx', 'all');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(xlsx.file);
  const grid = wb.getWorksheet('Grid')!;
  expect(grid.views[0]).toMatchObject({ state: 'frozen', xSplit: 1, ySplit: 1 });
  const cells: string[] = [];
  wb.eachSheet((s) => s.eachRow((r) => r.eachCell((c) => void cells.push(String(c.text)))));
  expect(cells).toContain('小宇宙');
  expect(cells.join('\n')).toContain('第三节明确写了关联公司');
  expect(cells.join('\n')).toContain('请法务复核第三方SDK清单');
  await app.screenshot({ path: path.join(shots(), 'toolbar-menu.png') });
});

test('current view: hidden apps and filtered rows stay out; PDF pages have text', async ({ app, host }) => {
  await review(host);
  // Hide 我图网 and show only one category.
  await app.locator('[data-command="apps-menu-toggle"]').click();
  const row = app.getByTestId('apps-menu').locator('li', { hasText: '我图网' });
  await row.locator('input[type="checkbox"]').uncheck();
  await app.keyboard.press('Escape');
  const category = app.getByTestId('category-filter');
  const first = await category.locator('option').nth(1).getAttribute('value');
  await category.selectOption(first!);

  await app.getByTestId('export-menu-toggle').click();
  await expect(app.getByTestId('export-scope-view').locator('..')).toContainText(/4/);
  await app.keyboard.press('Escape');
  const md = await exportFrom(app, 'md', 'view');
  const mdText = readFileSync(md.file, 'utf8');
  expect(mdText).toContain('小宇宙');
  expect(mdText).not.toContain('我图网');

  const pdf = await exportFrom(app, 'pdf', 'view');
  const bytes = readFileSync(pdf.file);
  expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  const { stdout } = await run('pdftotext', ['-layout', pdf.file, '-']);
  expect(stdout).toContain('小宇宙');
  expect(stdout).toMatch(/[\u4e00-\u9fff]{8,}/);
  await run('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '4', pdf.file, path.join(shots(), 'report-pdf')]);
  expect(readdirSync(shots()).filter((f) => f.startsWith('report-pdf') && f.endsWith('.png')).length).toBeGreaterThan(0);

  // The full report too, for looking at every page.
  const all = await exportFrom(app, 'pdf', 'all');
  await run('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '6', all.file, path.join(shots(), 'report-pdf-all')]);
  expect(readFileSync(all.file).length).toBeGreaterThan(bytes.length);
});
