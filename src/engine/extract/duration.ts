// Duration parsing: Chinese and Arabic numerals with time units (十五个工作日 → {15, working_days}).
import lexicon from '../../../resources/lexicon/durations.json';
import type { DurationUnit } from '../../shared/taxonomy';
import { toMatch } from '../classify/text';

const DIGITS: Record<string, number> = lexicon.digits;
const MULT: Record<string, number> = lexicon.multipliers;
const UNITS = lexicon.units as [string, DurationUnit][];
const IMMEDIATE = lexicon.immediate.map(toMatch);
const NOT_AFTER: Record<string, string[]> = lexicon.not_after_unit;

const NUM_CHARS = '0-9０-９' + Object.keys(DIGITS).join('') + Object.keys(MULT).join('');
const UNIT_ALT = UNITS.map(([u]) => u).join('|');
const DURATION_RE = new RegExp(`([${NUM_CHARS}]+)(?:个)?(${UNIT_ALT})`, 'g');

/** Parses "15", "十五", "两", "三十", "一百二十", "２４" into a number (NaN when it is not a numeral). */
export function parseChineseNumber(s: string): number {
  const t = toMatch(s);
  if (/^\d+$/.test(t)) return Number(t);
  let total = 0;
  let current = -1;
  for (const ch of t) {
    if (ch in DIGITS) {
      current = DIGITS[ch]!;
    } else if (ch in MULT) {
      total += (current < 0 ? 1 : current) * MULT[ch]!;
      current = -1;
    } else if (/\d/.test(ch)) {
      current = (current < 0 ? 0 : current) * 10 + Number(ch);
    } else {
      return NaN;
    }
  }
  return total + (current < 0 ? 0 : current);
}

export interface DurationMatch {
  number: number;
  unit: DurationUnit;
  /** Matched span in the string that was searched. */
  index: number;
  end: number;
  text: string;
}

export interface ImmediateMatch {
  immediate: true;
  index: number;
  end: number;
  text: string;
}

/** Every duration in `s` (already in matching form or plain text), skipping dates and ages. */
export function findDurations(s: string): DurationMatch[] {
  const out: DurationMatch[] = [];
  for (const m of s.matchAll(DURATION_RE)) {
    const numText = m[1]!;
    const unitText = m[2]!;
    const index = m.index!;
    const end = index + m[0].length;
    const next = s[end] ?? '';
    const prev = s[index - 1] ?? '';
    // Dates: 2022年9月1日, 9月1日; ages: 十四周岁; and similar look-alikes.
    if (/[0-9]/.test(next) || (next && parseDigitish(next))) continue;
    if ((NOT_AFTER[unitText] ?? []).some((w) => s.startsWith(w, end))) continue;
    if (prev === '年' || prev === '月') continue;
    if (/^\d{4}$/.test(numText) && unitText === '年') continue;
    const n = parseChineseNumber(numText);
    if (!Number.isFinite(n) || n <= 0 || n > 1000) continue;
    const unit = UNITS.find(([u]) => u === unitText)![1];
    out.push({ number: n, unit, index, end, text: m[0] });
  }
  return out;
}

function parseDigitish(ch: string): boolean {
  return ch in DIGITS || ch in MULT;
}

/** Words meaning "immediately" (即时, 立即, 几秒钟 …). */
export function findImmediate(s: string): ImmediateMatch[] {
  const out: ImmediateMatch[] = [];
  for (const w of IMMEDIATE) {
    let i = s.indexOf(w);
    while (i >= 0) {
      out.push({ immediate: true, index: i, end: i + w.length, text: w });
      i = s.indexOf(w, i + 1);
    }
  }
  return out.sort((a, b) => a.index - b.index);
}

/** The first duration or immediate expression in `s`, or null. */
export function parseDuration(s: string): { number: number; unit: DurationUnit; text: string } | 'immediate' | null {
  const d = findDurations(s)[0];
  const im = findImmediate(s)[0];
  if (d && (!im || d.index < im.index)) return { number: d.number, unit: d.unit, text: d.text };
  if (im) return 'immediate';
  return null;
}
