// XLSX with exceljs (loaded on demand): Grid, Evidence, Annotations, Policies and, when present, Checks sheets
// (sheet names stay English in both languages so scripts can find them; their contents follow the report's language).
// Every cell is written as a string value (never a formula) and text that a spreadsheet would read as a formula
// gets an apostrophe in front.
import type { ReportModel } from './model';
import { STRINGS, neutralizeFormula } from './text';
import { VERSION_STRINGS } from './versions';

export type XlsxOptions = Record<string, never>;

type Worksheet = import('exceljs').Worksheet;
type Row = import('exceljs').Row;

const HEADER_FILL = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE9EDF4' } } as const;
const ATTR_FILL = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF3F5F8' } } as const;
const CAT_FILL = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF23408E' } } as const;
const STATUS_FILL = {
  violation: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFDE8E8' } },
  concern: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF3D6' } },
  follow_up: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE4EEFB' } },
  ok: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE5F4EC' } },
} as const;
const OVERRIDE_FILL = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF1EAFA' } } as const;
const FONT = { name: 'Microsoft YaHei', size: 10 };
const WRAP = { wrapText: true, vertical: 'top' } as const;
const BORDER = { style: 'thin', color: { argb: 'FFD7DCE3' } } as const;
const BORDERS = { top: BORDER, left: BORDER, bottom: BORDER, right: BORDER };

/** A string cell value, neutralized. exceljs writes a JS string as a string cell, never as a formula. */
function s(v: string | number | undefined | null): string {
  return neutralizeFormula(v === undefined || v === null ? '' : String(v));
}

export async function renderXlsx(model: ReportModel, _opts: XlsxOptions = {}): Promise<Buffer> {
  const ExcelJS = (await import('exceljs')).default;
  const S = STRINGS[model.lang];
  const z = model.lang === 'zh';
  const wb = new ExcelJS.Workbook();
  wb.creator = model.author;
  wb.lastModifiedBy = model.author;
  wb.title = model.title;
  wb.subject = model.workspace;
  wb.company = 'PolicyBench';
  const created = new Date(model.generatedAt);
  if (!Number.isNaN(created.getTime())) {
    wb.created = created;
    wb.modified = created;
  }

  // Grid: one row per attribute, one column per app.
  const grid = wb.addWorksheet('Grid', { views: [{ state: 'frozen', xSplit: 1, ySplit: 1, activeCell: 'B2' }] });
  grid.columns = [{ width: 24 }, ...model.policies.map(() => ({ width: 34 }))];
  styleHeader(grid.addRow([s(S.attribute), ...model.policies.map((p) => s(p.versionLabel ? `${p.app} (${p.versionLabel})` : p.app))]));
  let category = '';
  for (const row of model.rows) {
    if (row.categoryId !== category) {
      category = row.categoryId;
      const r = grid.addRow([s(row.categoryLabel)]);
      r.eachCell({ includeEmpty: false }, (c) => {
        c.font = { ...FONT, bold: true, color: { argb: 'FFFFFFFF' } };
        c.fill = CAT_FILL;
      });
      for (let i = 2; i <= model.policies.length + 1; i++) r.getCell(i).fill = CAT_FILL;
    }
    const r = grid.addRow([
      s(row.label),
      ...row.cells.map((c) => {
        const lines = [c.valueText];
        if (c.override) lines.push(`[${S.override}] ${S.engineValue}${S.colon}${c.engineValueText}`, `${S.overrideReason}${S.colon}${c.override.reason} (${c.override.author})`);
        if (c.relabel) lines.push(`[${S.reread}] ${S.engineValue}${S.colon}${c.relabel.engineValueText}`);
        for (const n of c.annotations) lines.push(`[${n.statusText}] ${n.note} (${n.author})`);
        if (c.lowConfidence) lines.push(`(${S.lowConfidence})`);
        return s(lines.join('\n'));
      }),
    ]);
    r.getCell(1).font = { ...FONT, bold: true };
    r.getCell(1).fill = ATTR_FILL;
    row.cells.forEach((c, i) => {
      const cell = r.getCell(i + 2);
      if (c.worstStatus) cell.fill = STATUS_FILL[c.worstStatus];
      else if (c.override) cell.fill = OVERRIDE_FILL;
      if (c.notStated && !c.override) cell.font = { ...FONT, italic: true, color: { argb: 'FF8A93A3' } };
      if (c.override) {
        cell.note = {
          texts: [{ text: s(`${S.override}${S.colon}${c.override.valueText}\n${S.engineValue}${S.colon}${c.engineValueText}\n${S.overrideReason}${S.colon}${c.override.reason}\n${S.overriddenBy}${S.colon}${c.override.author} · ${c.override.atText}`) }],
        };
      }
    });
  }
  finishSheet(grid);

  // Evidence: one row per quote.
  const ev = wb.addWorksheet('Evidence', { views: [{ state: 'frozen', ySplit: 1 }] });
  ev.columns = [{ width: 16 }, { width: 20 }, { width: 24 }, { width: 80 }, { width: 30 }, { width: 14 }, { width: 9 }, { width: 9 }];
  styleHeader(ev.addRow([S.app, S.attribute, S.value, S.quote, S.section, S.clauseId, z ? '起' : 'Start', z ? '止' : 'End'].map(s)));
  for (const row of model.rows) {
    row.cells.forEach((c, i) => {
      const app = model.policies[i]!.app;
      for (const e of c.evidence) ev.addRow([s(app), s(row.label), s(c.valueText), s(e.quote), s(e.sectionText), s(e.clauseId), e.start, e.end]);
    });
  }
  ev.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: 8 } };
  finishSheet(ev);

  // Annotations: cell and clause annotations, and overrides.
  const an = wb.addWorksheet('Annotations', { views: [{ state: 'frozen', ySplit: 1 }] });
  an.columns = [{ width: 16 }, { width: 10 }, { width: 22 }, { width: 60 }, { width: 12 }, { width: 50 }, { width: 14 }, { width: 20 }];
  styleHeader(an.addRow([S.app, S.kind, S.target, S.quote + ' / ' + S.value, S.status, S.note + ' / ' + S.overrideReason, S.noteAuthor, S.updatedAt].map(s)));
  const annoKind = z ? '标注' : 'Annotation';
  const ovrKind = z ? '人工修正' : 'Override';
  for (const row of model.rows) {
    row.cells.forEach((c, i) => {
      const app = model.policies[i]!.app;
      if (c.override) {
        const r = an.addRow([s(app), s(ovrKind), s(row.label), s(`${c.override.valueText} (${S.engineValue}${S.colon}${c.engineValueText})`), '', s(c.override.reason), s(c.override.author), s(c.override.atText)]);
        r.getCell(2).fill = OVERRIDE_FILL;
      }
      for (const n of c.annotations) {
        const r = an.addRow([s(app), s(annoKind), s(row.label), s(c.valueText), s(n.statusText), s(n.note), s(n.author), s(n.updatedAtText)]);
        r.getCell(5).fill = STATUS_FILL[n.status];
      }
    });
  }
  const relabelKind = z ? '类别更正' : 'Categories';
  for (const a of model.appendix) {
    for (const c of a.clauses) {
      const r = c.relabel;
      if (r) {
        const target = `${S.targetClause} ${c.clauseId}${c.sectionText ? ` · ${c.sectionText}` : ''}`;
        // Categories and reason share the note column; the status column stays empty, as for overrides.
        const what = [
          `${S.relabelCategories}${S.colon}${r.categoriesText}`,
          ...(r.engineCategoriesText ? [`${S.relabelEngine}${S.colon}${r.engineCategoriesText}`] : []),
          ...(r.reason ? [`${S.relabelReason}${S.colon}${r.reason}`] : []),
        ].join('\n');
        const row = an.addRow([s(a.app), s(relabelKind), s(target), s(c.missing ? S.clauseMissing : c.text), '', s(what), s(r.author), s(r.atText)]);
        row.getCell(2).fill = OVERRIDE_FILL;
      }
      for (const n of c.annotations) {
        const target = `${S.targetClause} ${c.clauseId}${c.sectionText ? ` · ${c.sectionText}` : ''}`;
        const r = an.addRow([s(a.app), s(annoKind), s(target), s(c.missing ? S.clauseMissing : c.text), s(n.statusText), s(n.note), s(n.author), s(n.updatedAtText)]);
        r.getCell(5).fill = STATUS_FILL[n.status];
      }
    }
  }
  an.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: 8 } };
  finishSheet(an);

  // Policies, with the report's header above.
  const po = wb.addWorksheet('Policies');
  po.columns = [{ width: 18 }, { width: 14 }, { width: 30 }, { width: 68 }, { width: 24 }, { width: 10 }, { width: 10 }];
  const meta: [string, string][] = [
    [z ? '报告' : 'Report', model.title],
    [S.workspace, model.workspace],
    [S.author, model.author],
    [S.generatedAt, model.generatedAtText],
    [S.engine, `${model.engineVersion} · taxonomy ${model.taxonomyVersion}`],
  ];
  for (const [k, v] of meta) {
    const r = po.addRow([s(k), s(v)]);
    r.getCell(1).font = { ...FONT, bold: true };
    po.mergeCells(r.number, 2, r.number, 5);
  }
  po.addRow([]);
  const headerRow = po.addRow([S.app, S.version, S.fileName, S.sha256, S.importedAt, S.format, S.clauses].map(s));
  styleHeader(headerRow);
  for (const p of model.policies) po.addRow([s(p.app), s(p.versionLabel), s(p.fileName), s(p.sha256), s(p.importedAtText), s(p.format), p.clauseCount]);
  po.views = [{ state: 'frozen', ySplit: headerRow.number }];
  po.addRow([]);
  po.addRow([s(S.disclaimer)]);
  finishSheet(po);

  if (model.checks && model.checks.rows.length) {
    const ck = wb.addWorksheet('Checks', { views: [{ state: 'frozen', xSplit: 3, ySplit: 1 }] });
    ck.columns = [{ width: 30 }, { width: 26 }, { width: 8 }, ...model.policies.map(() => ({ width: 36 }))];
    styleHeader(ck.addRow([S.rule, S.source, S.severity, ...model.policies.map((p) => p.app)].map(s)));
    for (const r of model.checks.rows) {
      const row = ck.addRow([s(r.title), s(r.sourceText), s(r.severityText), ...r.cells.map((c) => s(`${c.statusText}\n${c.explanation}`))]);
      r.cells.forEach((c, i) => {
        if (c.status === 'flag') row.getCell(i + 4).fill = STATUS_FILL.violation;
      });
    }
    finishSheet(ck);
  }

  if (model.versionChanges?.length) {
    // Issue 7: one row per attribute change (or one row saying none), with the clause-change counts.
    const V = VERSION_STRINGS[model.lang];
    const vc = wb.addWorksheet('Changes', { views: [{ state: 'frozen', ySplit: 1 }] });
    vc.columns = [{ width: 22 }, { width: 28 }, { width: 60 }, { width: 44 }];
    styleHeader(vc.addRow([V.app, V.versions, V.attributeChanges, V.clauseChanges].map(s)));
    for (const v of model.versionChanges) {
      const versions = `${v.olderLabel} → ${v.newerLabel}`;
      for (const line of v.lines.length ? v.lines : [V.none]) vc.addRow([s(v.app), s(versions), s(line), s(v.countsText)]);
    }
    finishSheet(vc);
  }

  const out = await wb.xlsx.writeBuffer();
  return Buffer.from(out as ArrayBuffer);
}

function styleHeader(r: Row): void {
  r.eachCell((c) => {
    c.font = { ...FONT, bold: true };
    c.fill = HEADER_FILL;
    c.alignment = { ...WRAP, vertical: 'middle' };
    c.border = BORDERS;
  });
}

/** Wrapped, top-aligned, bordered text everywhere; fonts on cells that have none yet. */
function finishSheet(ws: Worksheet): void {
  ws.eachRow((r) => {
    r.eachCell((c) => {
      if (!c.font || !c.font.name) c.font = { ...FONT, ...(c.font ?? {}) };
      if (!c.alignment) c.alignment = WRAP;
      if (!c.border) c.border = BORDERS;
    });
  });
}
