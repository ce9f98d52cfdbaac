// Small helpers that drive the workbench the way a reviewer does.
import { readFileSync } from 'node:fs';
import { expect, type Locator, type Page } from '@playwright/test';

export async function policyIdOf(page: Page, app: string): Promise<string> {
  const id = await page.locator('.pb-header', { has: page.locator('.pb-header-name', { hasText: app }) }).first().getAttribute('data-policy');
  if (!id) throw new Error(`no column for ${app}`);
  return id;
}

export function cell(page: Page, attributeId: string, policyId: string): Locator {
  return page.locator(`.ag-row[row-id="${attributeId}"] .ag-cell[col-id="${policyId}"]`);
}

export interface DropFile {
  name: string;
  bytes: Buffer;
  type?: string;
}

export function fileFrom(path: string, name?: string): DropFile {
  return { name: name ?? path.split('/').pop()!, bytes: readFileSync(path) };
}

/** A real DataTransfer drop on the window, as the OS delivers it: dragenter, dragover, drop. */
export async function dropFiles(page: Page, files: DropFile[], opts: { checkOverlay?: boolean } = {}): Promise<void> {
  const payload = files.map((f) => ({ name: f.name, base64: f.bytes.toString('base64'), type: f.type ?? '' }));
  await page.evaluate((list) => {
    const dt = new DataTransfer();
    for (const f of list) {
      const bin = atob(f.base64);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      dt.items.add(new File([bytes], f.name, { type: f.type }));
    }
    const target = document.querySelector('.ag-body') ?? document.body;
    (window as unknown as { __pbDrop: DataTransfer }).__pbDrop = dt;
    target.dispatchEvent(new DragEvent('dragenter', { bubbles: true, cancelable: true, dataTransfer: dt }));
    target.dispatchEvent(new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: dt }));
  }, payload);
  if (opts.checkOverlay) await page.getByTestId('drop-overlay').waitFor({ state: 'visible' });
  await page.evaluate(() => {
    const dt = (window as unknown as { __pbDrop: DataTransfer }).__pbDrop;
    const target = document.querySelector('.ag-body') ?? document.body;
    target.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt }));
  });
}

/** The first bytes of a real PNG (signature + IHDR), enough for any sniffing to call it binary. */
export const PNG_BYTES = Buffer.from(
  '89504E470D0A1A0A0000000D4948445200000010000000100806000000' + '1FF3FF610000000049454E44AE426082',
  'hex',
);

/** Switches the UI to a language with the toolbar's toggle (no-op when it is already in it). */
export async function toLanguage(page: Page, lang: 'zh-CN' | 'en'): Promise<void> {
  if ((await page.locator('.app').getAttribute('data-lang')) !== lang) await page.locator('[data-command="language-toggle"]').click();
  await expect(page.locator('.app')).toHaveAttribute('data-lang', lang);
}
