// CSV: the grid (one row per attribute, one column per app), UTF-8 with a BOM so spreadsheet programs read the
// Chinese correctly, RFC 4180 quoting with CRLF line ends, formula-like text neutralized.
import type { ReportModel } from './model';
import { STRINGS, csvField } from './text';

export type CsvOptions = Record<string, never>;

export async function renderCsv(model: ReportModel, _opts: CsvOptions = {}): Promise<string> {
  const S = STRINGS[model.lang];
  const lines: string[][] = [];
  lines.push([S.category, S.attribute, ...model.policies.map((p) => (p.versionLabel ? `${p.app} (${p.versionLabel})` : p.app))]);
  for (const row of model.rows) {
    lines.push([
      row.categoryLabel,
      row.label,
      ...row.cells.map((c) => {
        const parts = [c.valueText];
        if (c.override) parts.push(`[${S.override}${S.colon}${S.engineValue} ${c.engineValueText}; ${S.overrideReason} ${c.override.reason}; ${c.override.author}]`);
        if (c.relabel) parts.push(`[${S.reread}${S.colon}${S.engineValue} ${c.relabel.engineValueText}]`);
        for (const n of c.annotations) parts.push(`[${n.statusText}] ${n.note} (${n.author})`);
        return parts.join('\n');
      }),
    ]);
  }
  return '\uFEFF' + lines.map((l) => l.map(csvField).join(',')).join('\r\n') + '\r\n';
}
