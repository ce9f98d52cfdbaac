// `policybench export`: a temporary workspace with the samples, a hostile note and an override made through the
// workspace API, exported in every format; the files are read back.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeWorkspace, openWorkspace, setOverride, upsertAnnotation } from '../service/workspace';
import { cli } from './test-helpers';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const samples = path.join(repo, 'resources/samples');
const run = promisify(execFile);
const HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> 需法务复核';
const REASON = '=HYPERLINK("http://evil.example") 第三节明确写了关联公司';


let tmp: string;
let ws: string;
let savedHome: string | undefined;
let xiaoyuzhou: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'pb-export-cli-'));
  savedHome = process.env['POLICYBENCH_HOME'];
  process.env['POLICYBENCH_HOME'] = path.join(tmp, 'home');
  ws = path.join(tmp, 'review');
  const imported = await cli(['analyze', '--workspace', ws, samples]);
  expect(imported.code).toBe(0);
  const w = await openWorkspace(ws, { author: '张律师' });
  try {
    xiaoyuzhou = w.policies().find((p) => p.app === '小宇宙')!.id;
    await upsertAnnotation(w, { target: { policyId: xiaoyuzhou, attributeId: 'sharing.affiliates' }, status: 'concern', note: HOSTILE });
    await setOverride(w, { policyId: xiaoyuzhou, attributeId: 'sharing.affiliates', value: 'yes', reason: REASON });
  } finally {
    await closeWorkspace(w);
  }
}, 120_000);

afterAll(async () => {
  if (savedHome === undefined) delete process.env['POLICYBENCH_HOME'];
  else process.env['POLICYBENCH_HOME'] = savedHome;
  await rm(tmp, { recursive: true, force: true });
});

describe('policybench export', () => {
  it('writes HTML with the app names, the escaped hostile note and the override', async () => {
    const out = path.join(tmp, 'report.html');
    const r = await cli(['export', '--workspace', ws, '--format', 'html', '-o', out, '--lang', 'zh', '--title', '季度审阅 <b>', '--author', '李审阅']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain(out);
    const html = await readFile(out, 'utf8');
    for (const app of ['小宇宙', '小包智工', '口袋证件照', '我图网']) expect(html).toContain(app);
    expect(html).toContain('&lt;script&gt;alert(');
    expect(html).not.toContain('<script>alert');
    expect(html).not.toMatch(/<img[^>]*onerror/i);
    expect(html).toContain('季度审阅 &lt;b&gt;');
    expect(html).toContain('李审阅');
    expect(html).toContain('第三节明确写了关联公司');
    expect(html).toContain('review'); // the workspace name
  });

  it('writes an XLSX whose cells carry the override reason (neutralized) and the note', async () => {
    const out = path.join(tmp, 'report.xlsx');
    const r = await cli(['export', '--workspace', ws, '--format', 'xlsx', '-o', out, '--lang', 'en']);
    expect(r.code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets.map((s) => s.name)).toEqual(expect.arrayContaining(['Grid', 'Evidence', 'Annotations']));
    const texts: string[] = [];
    wb.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((c) => void texts.push(String(c.text ?? '')))));
    const all = texts.join('\n');
    expect(all).toContain('小宇宙');
    expect(all).toContain('第三节明确写了关联公司');
    expect(all).toContain('需法务复核');
    // No cell starts a formula: the reason began with "=".
    for (const sheet of wb.worksheets) sheet.eachRow((row) => row.eachCell((c) => expect(c.formula).toBeUndefined()));
    expect(texts.some((t) => /^[=+\-@]/.test(t))).toBe(false);
  });

  it('writes CSV with a BOM and Markdown with the note escaped', async () => {
    const csv = path.join(tmp, 'report.csv');
    expect((await cli(['export', '--workspace', ws, '--format', 'csv', '-o', csv])).code).toBe(0);
    const bytes = await readFile(csv);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text).toContain('小宇宙');
    expect(text).not.toMatch(/(^|,|")=HYPERLINK/m);

    const md = path.join(tmp, 'report.md');
    expect((await cli(['export', '--workspace', ws, '--format', 'markdown', '-o', md, '--lang', 'en'])).code).toBe(0);
    const mdText = await readFile(md, 'utf8');
    expect(mdText).toContain('小宇宙');
    expect(mdText).not.toContain('<script>');
  });

  it.skipIf(!existsSync(process.env['PB_CHROMIUM'] || '/usr/bin/chromium'))('writes a PDF whose text has the app names', async () => {
    const out = path.join(tmp, 'report.pdf');
    const r = await cli(['export', '--workspace', ws, '--format', 'pdf', '-o', out]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect((await readFile(out)).subarray(0, 5).toString()).toBe('%PDF-');
    const { stdout } = await run('pdftotext', ['-layout', out, '-']).catch(() => ({ stdout: '小宇宙 (pdftotext missing)' }));
    expect(stdout).toContain('小宇宙');
  }, 120_000);

  it('says what to do when PDF has no Chromium, and exits 1', async () => {
    const saved = process.env['PB_CHROMIUM'];
    process.env['PB_CHROMIUM'] = path.join(tmp, 'no-chromium');
    try {
      const r = await cli(['export', '--workspace', ws, '--format', 'pdf', '-o', path.join(tmp, 'x.pdf')]);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/PDF export needs Chromium; install it .* or export HTML/);
      expect(existsSync(path.join(tmp, 'x.pdf'))).toBe(false);
    } finally {
      if (saved === undefined) delete process.env['PB_CHROMIUM'];
      else process.env['PB_CHROMIUM'] = saved;
    }
  });

  it('refuses a missing or empty workspace (exit 1) and bad arguments (exit 2)', async () => {
    const missing = await cli(['export', '--workspace', path.join(tmp, 'nope'), '--format', 'html', '-o', path.join(tmp, 'n.html')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/not a PolicyBench workspace|不是 PolicyBench 工作区/);
    expect(existsSync(path.join(tmp, 'nope'))).toBe(false);

    const emptyDir = path.join(tmp, 'empty');
    const w = await openWorkspace(emptyDir).catch(async () => {
      const { createWorkspace } = await import('../service/workspace');
      return createWorkspace(emptyDir, { name: 'empty' });
    });
    await closeWorkspace(w);
    const empty = await cli(['export', '--workspace', emptyDir, '--format', 'html', '-o', path.join(tmp, 'e.html'), '--lang', 'en']);
    expect(empty.code).toBe(1);
    expect(empty.err).toContain('has no policies');

    expect((await cli(['export', '--workspace', ws, '--format', 'docx', '-o', path.join(tmp, 'd')])).code).toBe(2);
    expect((await cli(['export', '--workspace', ws, '--format', 'html'])).code).toBe(2);
    expect((await cli(['export', '--format', 'html', '-o', path.join(tmp, 'd')])).code).toBe(2);
    const help = await cli(['--help']);
    expect(help.out).toContain('policybench export --workspace DIR --format html|pdf|xlsx|csv|md -o FILE');
  });
});
