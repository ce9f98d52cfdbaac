// report-export through dispatch: the host gets the file back, Electron's target saves it (or is cancelled),
// the view's apps and rows and their order are respected, notes and overrides come from the workspace.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Handlers } from '../shared/contract';
import { analyzeBytes, analyzeFile } from '../engine/analyze';
import type { Analyzer } from './analyzer';
import { dispatch } from './dispatch';
import { createHandlers } from './handlers';
import { createExportHandlers, reportFileName, type ExportTarget } from './handlers-export';
import { MemorySession } from './session';
import { WorkspaceSession } from './workspace-session';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const analyzer: Analyzer = {
  async analyze(task) {
    return { ok: true, analysis: task.kind === 'bytes' ? await analyzeBytes(task.bytes, task.fileName) : await analyzeFile(task.path) };
  },
  close: async () => undefined,
};

let tmp: string;
let session: WorkspaceSession;
let h: Handlers;
let ids: Record<string, string>;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'pb-export-h-'));
  session = new WorkspaceSession({ analyzer, home: tmp, watchIntervalMs: 0 });
  await session.start(path.join(tmp, 'Q3 review'));
  await session.setAuthor('王审阅');
  h = createHandlers({ session, analyzer, emit: () => undefined, samplesDir: path.join(root, 'resources/samples'), app: { version: 't', locale: 'zh-CN', host: 'browser' } });
  await h['policies-load-samples']({ jobId: 'j' });
  ids = Object.fromEntries((await session.list()).map((a) => [a.app, a.id]));
  await h['annotation-upsert']({ target: { policyId: ids['小宇宙']!, attributeId: 'sharing.affiliates' }, status: 'violation', note: '<img src=x onerror=alert(1)>' });
  await h['override-set']({ policyId: ids['小宇宙']!, attributeId: 'sharing.affiliates', value: 'yes', reason: '@SUM(A1) 见第三节' });
}, 120_000);

afterAll(async () => {
  await session.close();
  await rm(tmp, { recursive: true, force: true });
});

const call = (method: string, payload: unknown, handlers: Handlers = h) => dispatch(handlers, method, payload);

describe('report-export', () => {
  it('returns the file for the browser host to download, with the workspace, reviewer, notes and overrides', async () => {
    const r = await call('report-export', { format: 'html', scope: 'all', lang: 'zh', title: '季度报告' });
    expect(r.ok).toBe(true);
    const v = (r as { value: { fileName: string; mime: string; dataBase64: string } }).value;
    expect(v.mime).toBe('text/html; charset=utf-8');
    expect(v.fileName).toMatch(/^Q3 review-季度报告-\d{8}-\d{4}\.html$/);
    const html = Buffer.from(v.dataBase64, 'base64').toString('utf8');
    for (const app of Object.keys(ids)) expect(html).toContain(app.replace(/&/g, '&amp;'));
    expect(html).toContain('王审阅');
    expect(html).toContain('Q3 review');
    expect(html).toContain('见第三节');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toMatch(/<img[^>]*onerror/);
  });

  it('keeps to the view: only the apps and rows given, in that order', async () => {
    const view = [ids['我图网']!, ids['小宇宙']!];
    const r = await call('report-export', { format: 'csv', scope: 'view', policyIds: view, attributeIds: ['retention.period', 'sharing.affiliates'], lang: 'en' });
    expect(r.ok).toBe(true);
    const csv = Buffer.from((r as { value: { dataBase64: string } }).value.dataBase64, 'base64').toString('utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const header = csv.slice(1).split(/\r?\n/)[0]!;
    expect(header.indexOf('我图网')).toBeGreaterThan(-1);
    expect(header.indexOf('我图网')).toBeLessThan(header.indexOf('小宇宙'));
    expect(csv).not.toContain('口袋证件照');
    expect(csv).not.toMatch(/(^|,|")@SUM/m);
    const md = await call('report-export', { format: 'md', scope: 'view', policyIds: view, attributeIds: ['retention.period'], lang: 'en' });
    const text = Buffer.from((md as { value: { dataBase64: string } }).value.dataBase64, 'base64').toString('utf8');
    expect(text).not.toContain('口袋证件照');

    const none = await call('report-export', { format: 'html', scope: 'view', policyIds: [], lang: 'en' });
    expect(none).toMatchObject({ ok: false, error: { code: 'invalid_request', message: expect.stringMatching(/No app is shown/) } });
    const noRows = await call('report-export', { format: 'html', scope: 'view', policyIds: view, attributeIds: [], lang: 'en' });
    expect(noRows).toMatchObject({ ok: false, error: { code: 'invalid_request', message: expect.stringMatching(/No row is shown/) } });
  });

  it('validates the request', async () => {
    expect(await call('report-export', { format: 'docx', scope: 'all', lang: 'zh' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(await call('report-export', { format: 'html', scope: 'all', lang: 'zh', extra: 1 })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });

  it('in Electron, saves where the save dialog says, prints PDFs with the host, and honours a cancel', async () => {
    const chosen: string[] = [];
    let printed = '';
    const target: ExportTarget = {
      chooseFile: async (name) => {
        chosen.push(name);
        return chosen.length === 3 ? undefined : path.join(tmp, chosen.length === 1 ? 'saved.xlsx' : 'saved.pdf');
      },
      printPdf: async (html) => {
        printed = html;
        return Buffer.from('%PDF-1.7 fake');
      },
    };
    const e = createExportHandlers({ session, target });
    const x = await e['report-export']({ format: 'xlsx', scope: 'all', lang: 'en' });
    expect(x).toEqual({ fileName: 'saved.xlsx', savedTo: path.join(tmp, 'saved.xlsx') });
    expect((await readFile(path.join(tmp, 'saved.xlsx'))).subarray(0, 2).toString()).toBe('PK');
    const p = await e['report-export']({ format: 'pdf', scope: 'all', lang: 'zh' });
    expect(p).toMatchObject({ savedTo: path.join(tmp, 'saved.pdf') });
    expect(printed).toContain('小宇宙');
    expect(await e['report-export']({ format: 'html', scope: 'all', lang: 'zh' })).toEqual({ cancelled: true });
    expect(chosen[0]).toMatch(/\.xlsx$/);
  });

  it('says what to do when PDF has no Chromium in the host', async () => {
    const saved = process.env['PB_CHROMIUM'];
    process.env['PB_CHROMIUM'] = path.join(tmp, 'no-chromium');
    try {
      const r = await call('report-export', { format: 'pdf', scope: 'all', lang: 'en' });
      expect(r).toMatchObject({ ok: false, error: { code: 'unsupported', message: expect.stringMatching(/PDF export needs Chromium; install it .*export HTML and print it to PDF/) } });
    } finally {
      if (saved === undefined) delete process.env['PB_CHROMIUM'];
      else process.env['PB_CHROMIUM'] = saved;
    }
  });

  it('refuses to export an empty session', async () => {
    const e = createExportHandlers({ session: new MemorySession() });
    await expect(e['report-export']({ format: 'html', scope: 'all', lang: 'en' })).rejects.toMatchObject({ code: 'not_found', message: expect.stringMatching(/nothing to export/) });
  });

  it('makes file names safe on every system', () => {
    const name = reportFileName({ title: 'a/b:c*?"<>|', workspace: '..', generatedAt: '2025-03-04T05:06:00Z' }, 'md');
    expect(name).not.toMatch(/[\\/:*?"<>|]/);
    expect(name.endsWith('.md')).toBe(true);
    expect(existsSync(path.join(tmp, name))).toBe(false);
  });
});
