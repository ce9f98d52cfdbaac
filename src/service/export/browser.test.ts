// HTML and PDF in a real Chromium: content present, no policy text executed or turned into elements, screenshots
// and page images written to the temp folder for a person to look at; PDF text checked with pdftotext.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildReport, chromiumPath, CHROMIUM_ARGS, renderHtml, renderPdf, type ReportInput, type ReportModel } from './index';
import { HOSTILE, sampleReportInput } from './report-fixture';
import type { PolicyAnalysis } from '../../shared/types';

const CHROMIUM = chromiumPath();
const noChromium = existsSync(CHROMIUM) ? undefined : `no Chromium at ${CHROMIUM} (install chromium or set PB_CHROMIUM)`;
const hasTool = (t: string) => !spawnSync(t, ['-v']).error;
const noPoppler = hasTool('pdftotext') && hasTool('pdftoppm') ? undefined : 'pdftotext/pdftoppm not installed (apt-get install poppler-utils)';
if (noChromium) console.log(`Skipping the HTML-in-Chromium and PDF tests: ${noChromium}`);
else if (noPoppler) console.log(`Skipping the PDF text and page-image checks: ${noPoppler}`);

/** Where the screenshots and page images go, for a person to look at after the run. */
const OUT = path.join(os.tmpdir(), 'policybench-export');
let input: ReportInput & { hostile: PolicyAnalysis };
let model: ReportModel;
/** A Chinese quote that the report must show: the first evidence of 小包智工's account-deletion timeframe. */
let chineseQuote: string;

beforeAll(async () => {
  await mkdir(OUT, { recursive: true });
  input = await sampleReportInput('zh');
  model = buildReport(input);
  chineseQuote = model.rows.find((r) => r.attributeId === 'account_deletion.timeframe')!.cells[0]!.evidence[0]!.quote;
}, 120_000);

const APPS = ['小包智工', '小宇宙', '口袋证件照', '我图网'];

describe.skipIf(!!noChromium)('HTML in Chromium', () => {
  it('shows the content, runs nothing from the policy text, and is screenshotted', async () => {
    const { chromium } = await import('playwright-core');
    const html = await renderHtml(model);
    const file = path.join(OUT, 'report-zh.html');
    await writeFile(file, html);
    // The same page without its Content-Security-Policy: escaping alone must keep the hostile strings inert.
    const noCsp = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '');
    expect(noCsp).not.toContain('Content-Security-Policy');
    const fileNoCsp = path.join(OUT, 'report-zh-no-csp.html');
    await writeFile(fileNoCsp, noCsp);

    const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS] });
    try {
      for (const f of [file, fileNoCsp]) {
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
        const dialogs: string[] = [];
        page.on('dialog', (d) => {
          dialogs.push(d.message());
          void d.dismiss();
        });
        const requests: string[] = [];
        page.on('request', (r) => requests.push(r.url()));
        await page.goto(`file://${f}`, { waitUntil: 'load' });
        await page.waitForTimeout(200);
        expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
        expect(dialogs).toEqual([]);
        expect(await page.locator('script').count()).toBe(0);
        expect(await page.locator('img').count()).toBe(0);
        expect(await page.locator('iframe, object, embed, form, input').count()).toBe(0);
        // Only the page itself was loaded: nothing fetched from evil.example or anywhere else.
        expect(requests).toEqual([`file://${f}`]);
        // Every link is an in-page anchor.
        const hrefs = await page.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
        expect(hrefs.length).toBeGreaterThan(0);
        for (const h of hrefs) expect(h).toMatch(/^#[A-Za-z0-9_-]+$/);
        // The hostile strings are there, as text.
        const text = await page.locator('body').innerText();
        expect(text).toContain(HOSTILE.script);
        expect(text).toContain(HOSTILE.img);
        expect(text).toContain(HOSTILE.hyperlink);
        for (const app of APPS) expect(text).toContain(app);
        expect(text).toContain(chineseQuote);
        expect(await page.title()).toBe(model.title);
        await page.close();
      }

      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(`file://${file}`);
      // The override and an annotation sit in the grid cell they belong to.
      const affRow = page.locator('table.grid tr', { has: page.locator('th.attr', { hasText: '与关联公司共享' }) }).first();
      const affCell = affRow.locator('td').first();
      await expect.poll(() => affCell.innerText()).toContain('人工修正');
      expect(await affCell.innerText()).toContain('第五条写明与关联公司共享');
      expect(await affCell.getAttribute('class')).toContain('has-ovr');
      // Each evidence link lands on its evidence block.
      const firstLink = page.locator('a.evlink').first();
      const target = (await firstLink.getAttribute('href'))!.slice(1);
      expect(await page.locator(`[id="${target}"] blockquote`).count()).toBeGreaterThan(0);
      const shots = [path.join(OUT, 'html-top.png'), path.join(OUT, 'html-grid.png'), path.join(OUT, 'html-evidence.png'), path.join(OUT, 'html-appendix.png')];
      await page.screenshot({ path: shots[0]! });
      await page.locator('#grid').scrollIntoViewIfNeeded();
      await page.evaluate(() => document.getElementById('grid')!.scrollIntoView());
      await page.screenshot({ path: shots[1]! });
      await page.evaluate(() => document.getElementById('evidence')!.scrollIntoView());
      await page.screenshot({ path: shots[2]! });
      await page.evaluate(() => document.getElementById('appendix')!.scrollIntoView());
      await page.screenshot({ path: shots[3]! });
      for (const s of shots) expect((await stat(s)).size).toBeGreaterThan(10_000);
      // Nothing sticks out sideways at a laptop width.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
      console.log(`HTML screenshots: ${shots.join(', ')}`);
    } finally {
      await browser.close();
    }
  });
});

describe.skipIf(!!noChromium)('PDF', () => {
  it.skipIf(!!noPoppler)('has pages with the app names and a Chinese quote, and page images', async () => {
    const pdf = await renderPdf(model);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const file = path.join(OUT, 'report-zh.pdf');
    await writeFile(file, pdf);
    const info = spawnSync('pdfinfo', [file], { encoding: 'utf8' }).stdout;
    const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
    expect(pages).toBeGreaterThan(5);
    expect(info).toMatch(/Page size:\s+59\d(\.\d+)? x 84\d(\.\d+)? pts \(A4\)/);
    const text = spawnSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 }).stdout;
    for (const app of APPS) expect(text).toContain(app);
    // pdftotext breaks lines where the layout does: compare without whitespace.
    const flat = text.replace(/\s+/g, '');
    expect(flat).toContain(chineseQuote.replace(/\s+/g, ''));
    expect(flat).toContain(HOSTILE.script.replace(/\s+/g, ''));
    expect(text).toMatch(/第 1 页，共 \d+ 页/);
    const prefix = path.join(OUT, 'pdf-page');
    for (const f of await readdir(OUT)) if (f.startsWith('pdf-page')) await (await import('node:fs/promises')).rm(path.join(OUT, f));
    const r = spawnSync('pdftoppm', ['-png', '-r', '50', file, prefix], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    const images = (await readdir(OUT)).filter((f) => f.startsWith('pdf-page') && f.endsWith('.png'));
    expect(images).toHaveLength(pages);
    // A page with text on it is not a blank image: a blank A4 PNG at 50 dpi is about 2 KB.
    for (const img of images.slice(0, 4)) expect((await readFile(path.join(OUT, img))).length).toBeGreaterThan(8_000);
    console.log(`PDF: ${file} (${pages} pages); page images ${prefix}-*.png`);
  }, 120_000);
});

describe('PDF without Chromium', () => {
  it('throws a typed error that says what to do', async () => {
    const err = await renderPdf(model, { executablePath: '/nonexistent/chromium' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'ExportError', code: 'pdf_renderer_missing' });
    expect((err as Error).message).toContain('PDF export needs Chromium; install it (apt-get install chromium) or export HTML and print it to PDF');
  });
});
