// A file that cannot be analyzed is explained in the reviewer's language: what is wrong and what to do, with
// the engine's (English) detail folded away where it says more.
import { expect, hostTest as test } from './fixtures';
import { dropFiles, PNG_BYTES, toLanguage } from './helpers';

test('a broken file dropped in the Chinese UI is explained in Chinese, with the English detail folded away', async ({ app }) => {
  await toLanguage(app, 'zh-CN');
  await dropFiles(app, [{ name: '截图.txt', bytes: PNG_BYTES, type: 'text/plain' }]);
  // The progress panel's entry for the file says the same, first: the panel closes about 6 s after the import ends.
  const entry = app.getByTestId('progress').locator('li.st-failed').filter({ hasText: '截图.txt' });
  await expect(entry).toBeVisible({ timeout: 30_000 });
  await expect(entry.locator('.progress-status')).toHaveText('失败');
  // The job is over: the header says how it ended, not "正在分析 1 / 1".
  await expect(app.getByTestId('progress-title').first()).toHaveText('分析完成：0 个成功，1 个失败');
  await expect(entry.locator('.progress-reason')).toHaveAttribute('data-code', 'binary');
  await expect(entry.locator('.progress-reason')).toContainText('这不是文本、HTML、PDF 或 DOCX 文件');
  await expect(entry.locator('.progress-hint')).toContainText('另存为 .txt、.html、.pdf 或 .docx 后重新导入');
  await expect(entry).toHaveAttribute('title', /这不是文本、HTML、PDF 或 DOCX 文件/);
  await expect(entry.locator('details.progress-detail summary')).toHaveText('详细信息（英文）');
  await expect(entry.locator('details.progress-detail p')).toBeHidden();
  await expect(entry.locator('.progress-error > p')).not.toContainText(['binary file']);

  const toast = app.getByTestId('toast-error').filter({ hasText: '截图.txt' });
  await expect(toast).toBeVisible({ timeout: 30_000 });
  await expect(toast.locator('strong')).toHaveText('无法分析“截图.txt”');
  await expect(toast.locator('.toast-reason')).toHaveAttribute('data-code', 'binary');
  await expect(toast.locator('.toast-reason')).toContainText('这不是文本、HTML、PDF 或 DOCX 文件');
  await expect(toast.locator('.toast-hint')).toContainText('另存为 .txt、.html、.pdf 或 .docx 后重新导入');
  // The engine's English message is there, but only as a folded detail.
  const detail = toast.locator('details.toast-detail');
  await expect(detail.locator('summary')).toHaveText('详细信息（英文）');
  await expect(detail.locator('p')).toBeHidden();
  await detail.locator('summary').click();
  await expect(detail.locator('p')).toBeVisible();
  await expect(detail.locator('p')).toContainText('binary file');
  await expect(toast.locator('.toast-body > p')).not.toContainText(['binary file']);

  // The same toast follows the language switch.
  await toLanguage(app, 'en');
  await expect(toast.locator('.toast-reason')).toContainText('This is not a text, HTML, PDF or DOCX file');
  await expect(toast.locator('.toast-hint')).toContainText('Save the policy as .txt, .html, .pdf or .docx');
  await expect(app.locator('.pb-header')).toHaveCount(5);
});

test('an empty file gets the Chinese reason and next step, and no detail line', async ({ app }) => {
  await toLanguage(app, 'zh-CN');
  await dropFiles(app, [{ name: 'empty.txt', bytes: Buffer.alloc(0), type: 'text/plain' }]);
  const toast = app.getByTestId('toast-error').filter({ hasText: 'empty.txt' });
  await expect(toast).toBeVisible({ timeout: 30_000 });
  await expect(toast.locator('.toast-reason')).toHaveText('文件是空的，或只有空白。');
  await expect(toast.locator('.toast-hint')).toContainText('重新导入');
  await expect(toast.locator('details')).toHaveCount(0);
});
