// Plain-text rendering of values and tables for the terminal.
import { getAttribute } from '../shared/taxonomy';
import { DURATION_UNIT_LABELS } from '../shared/taxonomy';
import { isDuration, type AttributeValue } from '../shared/types';

export type Lang = 'zh' | 'en';

export function formatValue(attributeId: string, value: AttributeValue, lang: Lang): string {
  const def = getAttribute(attributeId);
  const label = (v: string): string => def?.valueLabels[v]?.[lang] ?? v;
  if (isDuration(value)) {
    const unit = DURATION_UNIT_LABELS[value.unit]?.[lang] ?? value.unit;
    return lang === 'zh' ? `${value.number} ${unit}` : `${value.number} ${unit}`;
  }
  if (Array.isArray(value)) {
    if (def?.kind === 'ages') return (value as number[]).map((n) => `<${n}`).join(', ');
    return (value as string[]).map((v) => label(String(v))).join(lang === 'zh' ? '、' : ', ');
  }
  return label(String(value));
}

/** Display width in a terminal: CJK and full-width characters take two columns. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    w += isWide(cp) ? 2 : 1;
  }
  return w;
}

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

export function truncate(s: string, width: number): string {
  if (displayWidth(s) <= width) return s;
  let out = '';
  let w = 0;
  for (const ch of s) {
    const cw = isWide(ch.codePointAt(0) ?? 0) ? 2 : 1;
    if (w + cw > width - 1) break;
    out += ch;
    w += cw;
  }
  return out + '…';
}

export function pad(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - displayWidth(s)));
}

/** A table with a header row; every cell truncated to its column width. */
export function renderTable(header: string[], rows: string[][], maxWidth = 28): string {
  const widths = header.map((h, i) => Math.min(maxWidth, Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? '')))));
  const line = (cells: string[]): string => cells.map((c, i) => pad(truncate(c, widths[i]!), widths[i]!)).join(' │ ').trimEnd();
  const rule = widths.map((w) => '─'.repeat(w)).join('─┼─');
  return [line(header), rule, ...rows.map(line)].join('\n');
}
