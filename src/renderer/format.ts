// Cell values for people: taxonomy codes → labels in the UI language, durations, ages, not_stated.
import { DURATION_UNIT_LABELS, NOT_STATED, getAttribute, type AttributeDef } from '../shared/taxonomy';
import { LOW_CONFIDENCE, isDuration, type AttributeValue, type GridCell } from '../shared/types';
import { label, type Lang } from './i18n';

export type Display =
  | { kind: 'not_stated' }
  | { kind: 'chips'; items: string[] }
  | { kind: 'text'; text: string };

export function isNotStated(value: AttributeValue | undefined): boolean {
  return value === undefined || value === NOT_STATED || (Array.isArray(value) && value.length === 0);
}

export function formatDuration(n: number, unit: keyof typeof DURATION_UNIT_LABELS, lang: Lang): string {
  const l = DURATION_UNIT_LABELS[unit];
  if (lang === 'zh-CN') return `${n} ${l.zh}`;
  // "1 working day", "2 working days"
  return `${n} ${n === 1 ? l.en.replace(/s$/, '') : l.en}`;
}

export function displayValue(attr: AttributeDef, value: AttributeValue | undefined, lang: Lang): Display {
  if (isNotStated(value)) return { kind: 'not_stated' };
  const enumLabel = (v: string): string => {
    const l = attr.valueLabels[v];
    return l ? label(lang, l) : v;
  };
  if (isDuration(value)) return { kind: 'text', text: formatDuration(value.number, value.unit, lang) };
  if (Array.isArray(value)) {
    if (attr.kind === 'ages') return { kind: 'text', text: (value as (number | string)[]).map((a) => `<${a}`).join(', ') };
    if (attr.kind === 'set') return { kind: 'chips', items: (value as string[]).map(enumLabel) };
    return { kind: 'chips', items: (value as (string | number)[]).map(String) };
  }
  return { kind: 'text', text: enumLabel(String(value)) };
}

/** Plain text of a cell, e.g. for tooltips and the evidence panel heading. */
export function valueText(attributeId: string, value: AttributeValue | undefined, lang: Lang, notStated: string): string {
  const attr = getAttribute(attributeId);
  if (!attr) return '';
  const d = displayValue(attr, value, lang);
  return d.kind === 'not_stated' ? notStated : d.kind === 'chips' ? d.items.join(lang === 'zh-CN' ? '、' : ', ') : d.text;
}

/** A comparable key: two cells with the same key say the same thing. */
export function valueKey(value: AttributeValue | undefined): string {
  if (isNotStated(value)) return NOT_STATED;
  if (isDuration(value)) return `d:${value.number}:${value.unit}`;
  if (Array.isArray(value)) return `a:${[...(value as (string | number)[])].map(String).sort().join('|')}`;
  return `v:${String(value)}`;
}

/** Why a value deserves a second look, or null. TAXONOMY: a value without evidence is not_stated, so it is not flagged. */
export function weakness(cell: GridCell | undefined): 'low_confidence' | 'single_evidence' | null {
  if (!cell || isNotStated(cell.value)) return null;
  if (cell.confidence < LOW_CONFIDENCE) return 'low_confidence';
  if (cell.evidence.length === 1) return 'single_evidence';
  return null;
}

export function formatMs(ms: number, lang: Lang): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} ${lang === 'zh-CN' ? '秒' : 's'}`;
  const m = Math.floor(s / 60);
  return lang === 'zh-CN' ? `${m} 分 ${Math.round(s % 60)} 秒` : `${m} min ${Math.round(s % 60)} s`;
}

export function formatCount(n: number, lang: Lang): string {
  return n.toLocaleString(lang);
}
