// The report model and the file formats that need no browser: XLSX (read back with exceljs), CSV (parsed back),
// Markdown (rendered with a GFM renderer to prove policy text cannot inject HTML or links).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport, exportReport, renderCsv, renderMarkdown, renderXlsx, type ReportInput, type ReportModel } from './index';
import { HOSTILE, sampleReportInput } from './report-fixture';
import type { PolicyAnalysis } from '../../shared/types';

let dir: string;
let input: ReportInput & { hostile: PolicyAnalysis };
let model: ReportModel;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pb-export-'));
  input = await sampleReportInput('zh');
  model = buildReport(input);
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const cellOf = (m: ReportModel, policyId: string, attributeId: string) => {
  const pi = m.policies.findIndex((p) => p.id === policyId);
  return m.rows.find((r) => r.attributeId === attributeId)!.cells[pi]!;
};

describe('buildReport', () => {
  it('has the header, the policies in column order and every attribute row', () => {
    expect(model.title).toBe(`比对报告 ${HOSTILE.script}`);
    expect(model.author).toBe('王律师');
    expect(model.generatedAtText).toBe('2025-03-02 16:30 (UTC+08:00)');
    expect(model.policies.map((p) => p.id)).toEqual(input.analyses.map((a) => a.id));
    expect(model.policies.map((p) => p.app).slice(0, 3)).toEqual(['小包智工', '小宇宙', '口袋证件照']);
    expect(model.policies[0]).toMatchObject({ versionLabel: 'v2024.06', fileName: '000_296fdf692ffb1e9f.txt', importedAtText: '2025-03-01 10:00 (UTC+08:00)' });
    expect(model.policies[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(model.rows).toHaveLength(17);
    expect(model.rows[0]!.label).toBe('收集的信息类型');
  });

  it('replaces the engine value with an override and keeps both, with the reason', () => {
    const a = input.analyses[0]!;
    const c = cellOf(model, a.id, 'sharing.affiliates');
    expect(a.attributes['sharing.affiliates']!.value).toBe('not_stated');
    expect(c.value).toBe('yes');
    expect(c.valueText).toBe('是');
    expect(c.engineValueText).toBe('未说明');
    expect(c.override?.reason).toContain('第五条写明与关联公司共享');
    const d = cellOf(model, input.hostile.id, 'retention.period');
    expect(d.valueText).toBe('3年（“三年”）');
    expect(model.stats.overrides).toBe(2);
  });

  it('renders values with taxonomy labels in either language', () => {
    const a = input.analyses[0]!;
    expect(cellOf(model, a.id, 'account_deletion.timeframe').valueText).toBe('30天');
    expect(cellOf(model, a.id, 'minors.age_thresholds').valueText).toBe('14、18');
    const en = buildReport({ ...input, lang: 'en' });
    expect(en.title).toBe(`比对报告 ${HOSTILE.script}`);
    expect(cellOf(en, a.id, 'account_deletion.method').valueText).toBe('Self-service');
    expect(cellOf(en, a.id, 'collection.data_types').valueText).toContain('Phone number, Email');
    expect(en.rows[0]!.label).toBe('Data types collected');
    expect(buildReport({ ...input, title: undefined, lang: 'en' }).title).toBe('Privacy policy comparison report');
  });

  it('attaches cell annotations and evidence with section paths, quotes without hard wraps', () => {
    const b = input.analyses[1]!;
    const c = cellOf(model, b.id, 'sharing.third_parties');
    expect(c.annotations.map((n) => [n.status, n.statusText])).toEqual([['violation', '违规']]);
    expect(c.worstStatus).toBe('violation');
    expect(c.evidence.length).toBeGreaterThan(0);
    const a = input.analyses[0]!;
    const ev = cellOf(model, a.id, 'account_deletion.timeframe').evidence[0]!;
    expect(ev.quote).toBe('在您申请注销账号后，系统数据仍将保留 30天，在 30天内重新登录账号视同放弃注销程序，在申请注销后 30天，系统将自动删除您的全部信息并不再留存。');
    expect(ev.section.length).toBeGreaterThan(0);
    expect(ev.sectionText).toBe(ev.section.join(' › '));
  });

  it('lists annotated clauses per app in the appendix, and says when a clause is gone', () => {
    const [a, b] = input.analyses;
    const appA = model.appendix.find((x) => x.policyId === a!.id)!;
    expect(appA.clauses).toHaveLength(1);
    expect(appA.clauses[0]!.text).toContain('注销');
    expect(appA.clauses[0]!.annotations[0]!.note).toBe('注销后数据处理说法含糊。');
    const appB = model.appendix.find((x) => x.policyId === b!.id)!;
    expect(appB.clauses[0]).toMatchObject({ clauseId: 'c-gone-00000', missing: true });
    const hostile = model.appendix.find((x) => x.policyId === input.hostile.id)!;
    expect(hostile.clauses.map((c) => c.text)).toEqual([expect.stringContaining(HOSTILE.img), expect.stringContaining(HOSTILE.mdLink)]);
  });

  it('limits the rows to the attributes in view, in their order', () => {
    const m = buildReport({ ...input, attributeIds: ['sharing.cross_border', 'collection.data_types', 'no.such'] });
    expect(m.rows.map((r) => r.attributeId)).toEqual(['sharing.cross_border', 'collection.data_types']);
    // The cell annotation on a row out of view is not counted.
    expect(m.stats.annotationsByStatus.concern).toBe(1);
  });

  it('runs the regulation checks on the reviewed values', () => {
    expect(model.checks?.onReviewedValues).toBe(true);
    expect(model.checks!.rows.length).toBeGreaterThan(5);
    for (const r of model.checks!.rows) expect(r.cells).toHaveLength(model.policies.length);
    const noChecks = buildReport({ ...input, checks: undefined });
    expect(noChecks.checks).toBeUndefined();
  });
});

describe('XLSX', () => {
  it('reads back with frozen panes, Chinese text, neutralized formulas and the override marked', async () => {
    const file = path.join(dir, 'report.xlsx');
    await writeFile(file, await renderXlsx(model));
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Grid', 'Evidence', 'Annotations', 'Policies', 'Checks']);

    const grid = wb.getWorksheet('Grid')!;
    expect(grid.views[0]).toMatchObject({ state: 'frozen', xSplit: 1, ySplit: 1 });
    expect(grid.getRow(1).getCell(2).value).toBe('小包智工 (v2024.06)');
    expect(grid.getRow(1).getCell(7).value).toBe(`${model.policies[5]!.app} (-1+1)`);
    expect(grid.getColumn(2).width).toBeGreaterThan(20);
    const rowOf = (label: string) => {
      let found: import('exceljs').Row | undefined;
      grid.eachRow((r) => {
        if (r.getCell(1).value === label) found = r;
      });
      return found!;
    };
    const aff = rowOf('与关联公司共享').getCell(2);
    expect(String(aff.value)).toMatch(/^是\n\[人工修正\] 引擎识别值：未说明\n修正理由：第五条写明与关联公司共享/);
    expect(aff.alignment?.wrapText).toBe(true);
    const note = aff.note as { texts: { text: string }[] } | string;
    expect(typeof note === 'string' ? note : note.texts.map((t) => t.text).join('')).toContain('修正理由：第五条写明与关联公司共享');
    expect(String(rowOf('注销时限').getCell(2).value)).toContain('[存疑] 30 天保留期偏长');

    // Every cell is a plain string or number: no formula anywhere, and formula-like text starts with an apostrophe.
    const formulaLike: string[] = [];
    for (const ws of wb.worksheets) {
      ws.eachRow((r) =>
        r.eachCell((c) => {
          expect(c.formula).toBeUndefined();
          expect([ExcelJS.ValueType.String, ExcelJS.ValueType.Number, ExcelJS.ValueType.RichText, ExcelJS.ValueType.Merge]).toContain(c.type);
          const v = String(c.value);
          expect(v).not.toMatch(/^[=+\-@\t\r]/);
          if (v.startsWith("'")) formulaLike.push(v);
        }),
      );
    }
    expect(formulaLike).toEqual(
      expect.arrayContaining([
        `'${HOSTILE.hyperlink}我们会收集您的设备标识符。`,
        `'${HOSTILE.hyperlink}`,
        `'${HOSTILE.cmd}`,
        `'${HOSTILE.sum}`,
        "'@SUM(1)",
        "'-1+1",
      ]),
    );
    const ev = wb.getWorksheet('Evidence')!;
    expect(ev.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    let chineseQuote = false;
    ev.eachRow((r) => {
      if (String(r.getCell(4).value).startsWith('在您申请注销账号后，系统数据仍将保留 30天')) chineseQuote = r.getCell(1).value === '小包智工';
    });
    expect(chineseQuote).toBe(true);

    // The raw sheets carry no <f> (formula) element at all.
    const { execFileSync } = await import('node:child_process');
    let xml = '';
    try {
      xml = execFileSync('unzip', ['-p', file, 'xl/worksheets/*.xml'], { encoding: 'utf8', maxBuffer: 64 << 20 });
    } catch {
      console.log('unzip not available: raw XML check skipped');
    }
    if (xml) expect(xml).not.toMatch(/<f[ >]/);
  });
});

/** RFC 4180 parser for the test: quoted fields, doubled quotes, CRLF records. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch !== '"') field += ch;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (ch === '"' && field === '') {
      quoted = true;
    } else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else if (ch === '"' || ch === '\n' || ch === '\r') {
      throw new Error(`bare ${JSON.stringify(ch)} at ${i}`);
    } else {
      field += ch;
    }
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

describe('CSV', () => {
  it('starts with a BOM and parses back to the grid', async () => {
    const file = path.join(dir, 'report.csv');
    await writeFile(file, await exportReport(model, 'csv'));
    const bytes = await readFile(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(bytes.toString('utf8').slice(1));
    expect(rows).toHaveLength(1 + model.rows.length);
    expect(rows[0]).toEqual(['类别', '比对项', '小包智工 (v2024.06)', '小宇宙', '口袋证件照', model.policies[3]!.app, '我图网', `${model.policies[5]!.app} (-1+1)`]);
    for (const r of rows) expect(r).toHaveLength(8);
    const aff = rows.find((r) => r[1] === '与关联公司共享')!;
    expect(aff[0]).toBe('共享、转让与公开披露');
    expect(aff[2]).toMatch(/^是\n\[人工修正：引擎识别值 未说明; 修正理由 第五条写明与关联公司共享 <img src=x onerror="window.__pwned=2">; 王律师\]$/);
    const types = rows.find((r) => r[1] === '收集的信息类型')!;
    expect(types[4]).toContain(`[待跟进] ${HOSTILE.hyperlink}`);
    expect(types[7]).toContain(`[无问题] ${HOSTILE.sum}`);
  });

  it('neutralizes formula-like fields', async () => {
    const csv = await renderCsv({ ...model, rows: [{ ...model.rows[0]!, label: '=1+1', categoryLabel: '@x', cells: model.rows[0]!.cells.map((c, i) => ({ ...c, valueText: ['+cmd', '-2', '\tx', '\rx', ' =1', 'ok'][i]!, annotations: [], override: undefined })) }] });
    const rows = parseCsv(csv.slice(1));
    expect(rows[1]).toEqual(["'@x", "'=1+1", "'+cmd", "'-2", "'\tx", "'\rx", "' =1", 'ok']);
  });
});

describe('Markdown', () => {
  it('escapes policy text so a GFM renderer produces no HTML, images or links from it', async () => {
    const text = await renderMarkdown(model);
    await writeFile(path.join(dir, 'report.md'), text);
    expect(text).toContain('# 比对报告 \\<script\\>window\\.\\_\\_pwned\\=1\\</script\\>');
    expect(text).toContain('| 小包智工 |');
    const { marked } = await import('marked');
    const html = await marked.parse(text, { gfm: true });
    expect(html).not.toMatch(/<script|<img|<a\s|<iframe|href=/i);
    expect(html).toContain('&lt;script&gt;window.__pwned=1&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=&quot;window.__pwned=2&quot;&gt;');
    expect(html).toContain('[点我](javascript');
    // Tables keep their shape: the pipes inside policy text are escaped.
    const gridTable = html.split('<table>')[1]!;
    const headerCells = gridTable.split('</thead>')[0]!.match(/<th[ >]/g)!.length;
    for (const tr of gridTable.split('<tbody>')[1]!.split('</tbody>')[0]!.split('<tr>').slice(1)) expect(tr.match(/<td[ >]/g)!.length).toBe(headerCells);
  });

  it('escapes markup in a clause that contains a pipe table row and a link', async () => {
    const text = await renderMarkdown(model);
    const line = text.split('\n').find((l) => l.includes('点我'))!;
    expect(line).toContain('\\[点我\\]\\(javascript\\:alert\\(1\\)\\) \\!\\[x\\]\\(http\\://evil\\.example/x\\.png\\) \\| a \\| b \\|');
  });
});

describe('exportReport', () => {
  it('rejects an unknown format with a typed error', async () => {
    await expect(exportReport(model, 'docx' as never)).rejects.toMatchObject({ name: 'ExportError', code: 'unsupported_format' });
  });
});
