// A policy version's label from the document's own date or version line.
import type { VersionLabel } from './types';

const DATE_KEYWORDS: { kind: NonNullable<VersionLabel['dateKind']>; re: string }[] = [
  {
    kind: 'updated',
    re: '(?:最近|最新|最后|本次|本版|版本)?(?:更新|修订|修改)(?:日期|时间|于|日)',
  },
  { kind: 'effective', re: '(?:生效|施行|实施|起效)(?:日期|时间|日|于)' },
  { kind: 'published', re: '(?:发布|公布|公示|颁布)(?:日期|时间|日|于)' },
];

const CN_DIGIT: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** Arabic or Chinese numerals: "2022", "二〇二二", "十二", "二十一". */
function num(s: string): number | undefined {
  if (/^\d+$/.test(s)) return Number(s);
  if (/^[〇零一二两三四五六七八九]{4}$/.test(s)) return Number(Array.from(s, (c) => CN_DIGIT[c]).join(''));
  const m = /^([一二三]?)(十?)([一二三四五六七八九]?)$/.exec(s);
  if (!m || s === '') return undefined;
  const tens = m[2] ? (m[1] ? CN_DIGIT[m[1]]! : 1) : 0;
  const ones = m[3] ? CN_DIGIT[m[3]]! : m[1] && !m[2] ? CN_DIGIT[m[1]]! : 0;
  const v = tens * 10 + ones;
  return v > 0 ? v : undefined;
}

const N = '(\\d{1,4}|[〇零一二两三四五六七八九十]{1,4})';
// 2022年9月1日 · 2022-09-01 · 2022/9/1 · 2022.9.1 · 二〇二二年九月一日 · 2022年9月
const DATE = `${N}\\s*[年\\-/.．]\\s*${N}\\s*(?:[月\\-/.．]\\s*${N}?\\s*日?|月)?`;
const GAP = '[\\s:：\\*#_\\]】）)为是於于（(]{0,8}';

function isoDate(y: string, m: string, d: string | undefined): string | undefined {
  const yy = num(y);
  const mm = num(m);
  const dd = d ? num(d) : undefined;
  if (yy === undefined || mm === undefined || yy < 1990 || yy > 2100 || mm < 1 || mm > 12) return undefined;
  if (dd !== undefined && (dd < 1 || dd > 31)) return undefined;
  const p = (n: number): string => String(n).padStart(2, '0');
  return dd !== undefined ? `${yy}-${p(mm)}-${p(dd)}` : `${yy}-${p(mm)}`;
}

// "版本：V2.3", "版本号：2.3.1", "Version 3.0", "V2.3版", "第3版"; the keyword must not follow a CJK character
// ("操作系统版本 10" is not the policy's version).
const VERSION_RES: RegExp[] = [
  /(?<![\u4e00-\u9fff])(?:版本号|版本编号|版本|version|ver\.?)\s*[:：]?\s*[vV]?\s*(\d{1,3}(?:\.\d{1,3}){0,3})(?![\d.])/giu,
  /(?<![\w.])[vV](\d{1,3}(?:\.\d{1,3}){1,3})\s*版/gu,
  /第\s*(\d{1,3}|[一二三四五六七八九十]{1,3})\s*版/gu,
];

/** Where a date or version line is looked for: the head and the tail of the document. */
const HEAD_CHARS = 3000;
const TAIL_CHARS = 2000;

/**
 * The document's own version label: its update date first, then its effective date, then its publication
 * date, then a version number. Undefined when it has none (the caller falls back to the import time).
 */
export function detectVersionLabel(text: string): VersionLabel | undefined {
  const windows: [number, number][] =
    text.length <= HEAD_CHARS + TAIL_CHARS ? [[0, text.length]] : [[0, HEAD_CHARS], [text.length - TAIL_CHARS, text.length]];
  const version = findVersion(text, windows);
  for (const { kind, re } of DATE_KEYWORDS) {
    const rx = new RegExp(`${re}${GAP}${DATE}`, 'gu');
    for (const [ws, we] of windows) {
      const part = text.slice(ws, we);
      rx.lastIndex = 0;
      for (let m = rx.exec(part); m; m = rx.exec(part)) {
        const date = isoDate(m[1]!, m[2]!, m[3]);
        if (!date) continue;
        const raw = m[0].trim();
        const start = ws + m.index;
        return { label: date, source: 'date_line', dateKind: kind, date, ...(version ? { version: version.label } : {}), raw, start, end: start + m[0].length };
      }
    }
  }
  return version;
}

function findVersion(text: string, windows: [number, number][]): VersionLabel | undefined {
  for (const re of VERSION_RES) {
    for (const [ws, we] of windows) {
      const part = text.slice(ws, we);
      re.lastIndex = 0;
      const m = re.exec(part);
      if (!m) continue;
      const v = m[1]!;
      const label = /^\d+$/.test(v) || /\./.test(v) ? `V${v}` : `V${num(v) ?? v}`;
      const start = ws + m.index;
      return { label, source: 'version_line', raw: m[0].trim(), start, end: start + m[0].length };
    }
  }
  return undefined;
}
