// Normalization marks how to read the text without editing it: soft (hard-wrap) line breaks, page
// artefacts to skip, and a same-length width-folded, lower-cased matchText.
import type { ExtractedDocument, NormalizedDocument } from './document';
import { SENTENCE_END, displayWidth, isSpace, markerAt } from './text-util';

/** Punctuation outside the full-width ASCII block that reads the same as an ASCII character. */
const FOLD: Record<number, number> = {
  0x3000: 0x20, // ideographic space
  0x00a0: 0x20,
  0x201c: 0x22, // “
  0x201d: 0x22, // ”
  0x2018: 0x27, // ‘
  0x2019: 0x27, // ’
  0x3010: 0x5b, // 【
  0x3011: 0x5d, // 】
  0x3014: 0x28, // 〔
  0x3015: 0x29, // 〕
  0xfe59: 0x28,
  0xfe5a: 0x29,
  0x2212: 0x2d, // minus sign
  0xff5f: 0x28,
  0xff60: 0x29,
};

// PDF text layers often carry Kangxi radicals (⼀ U+2F00) and compatibility ideographs instead of the
// unified ideographs (一 U+4E00) that look identical; NFKC maps each to one BMP character.
for (const [from, to] of [[0x2e80, 0x2ef3], [0x2f00, 0x2fd5], [0xf900, 0xfad9]] as const) {
  for (let c = from; c <= to; c++) {
    const n = String.fromCharCode(c).normalize('NFKC');
    if (n.length === 1 && n.charCodeAt(0) !== c) FOLD[c] = n.charCodeAt(0);
  }
}

/** Folds one UTF-16 code unit: full-width ASCII → ASCII, ASCII upper → lower. Always one unit out. */
export function foldChar(c: number): number {
  if (c >= 0xff01 && c <= 0xff5e) c -= 0xfee0;
  else if (c >= 0x2000 && c <= 0x200a) c = 0x20;
  else {
    const f = FOLD[c];
    if (f !== undefined) c = f;
  }
  if (c >= 0x41 && c <= 0x5a) c += 0x20;
  return c;
}

/** The same-length matching form of a string. */
export function toMatchText(text: string): string {
  const parts: string[] = [];
  const CHUNK = 8192;
  for (let i = 0; i < text.length; i += CHUNK) {
    const end = Math.min(text.length, i + CHUNK);
    const codes = new Array<number>(end - i);
    for (let j = i; j < end; j++) codes[j - i] = foldChar(text.charCodeAt(j));
    parts.push(String.fromCharCode(...codes));
  }
  return parts.join('');
}

/** The matching key of any string (cue words, quotes): folded, whitespace removed — the form Segment.matchText uses. */
export function toMatchKey(s: string): string {
  let out = '';
  const m = toMatchText(s);
  for (let i = 0; i < m.length; i++) if (!isSpace(m.charCodeAt(i))) out += m[i];
  return out;
}

interface Line {
  /** Offsets of the line's trimmed content. */
  start: number;
  end: number;
  /** Offset of the '\n' that ends the line, or -1 for the last line. */
  nl: number;
  text: string;
  width: number;
  blank: boolean;
}

export function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let pos = 0;
  while (pos <= text.length) {
    let nl = text.indexOf('\n', pos);
    const lineEnd = nl < 0 ? text.length : nl;
    let s = pos;
    let e = lineEnd;
    while (s < e && isSpace(text.charCodeAt(s))) s++;
    while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
    const t = text.slice(s, e);
    lines.push({ start: s, end: e, nl: nl < 0 ? -1 : nl, text: t, width: s < e ? displayWidth(t) : 0, blank: s === e });
    if (nl < 0) break;
    pos = nl + 1;
    nl = -1;
  }
  return lines;
}

/**
 * The width at which a hard-wrapped document (PDF extraction) breaks its lines, or 0 when the document
 * does not look hard-wrapped. A wrapped document has many lines clustered just under one width.
 */
export function wrapWidth(lines: Line[]): number {
  const widths = lines.filter((l) => !l.blank && l.width >= 16).map((l) => l.width);
  if (widths.length < 8) return 0;
  const sorted = [...widths].sort((a, b) => a - b);
  const w = sorted[Math.floor((sorted.length - 1) * 0.9)]!;
  if (w > 240) return 0;
  const near = widths.filter((x) => x >= w * 0.85 && x <= w * 1.1).length;
  return near >= Math.max(5, widths.length * 0.25) ? w : 0;
}

const PAGE_PATTERNS = [
  /^[-–—]\s*\d{1,4}\s*[-–—]$/, // - 3 -
  /^第\s*\d{1,4}\s*页(\s*[,，/／]?\s*共\s*\d{1,4}\s*页)?$/, // 第 3 页 共 10 页
  /^共\s*\d{1,4}\s*页\s*[,，]?\s*第\s*\d{1,4}\s*页$/,
  /^\d{1,4}\s*[/／]\s*\d{1,4}$/, // 3/10
  /^(page|p\.)\s*\d{1,4}(\s*(of|\/)\s*\d{1,4})?$/i,
];
const DECORATION = /^([=\-_*~#·•.。—–])\1{2,}$|^[=\-_*~]{3,}$/;
const NAV_RESIDUE = /^(skip to (main )?content|跳至内容|跳到主要内容|跳转到主要内容|返回顶部|back to top)(?=\s|$)/i;

/** Page numbers, running headers/footers and decoration lines. */
function findSkipRanges(text: string, lines: Line[]): [number, number][] {
  const ranges: [number, number][] = [];
  const nonBlank = lines.filter((l) => !l.blank);

  // Lone numbers count as page numbers only when they run 1, 2, 3 … through the document.
  const lone: Line[] = [];
  let expect = -1;
  for (const l of nonBlank) {
    if (PAGE_PATTERNS.some((p) => p.test(l.text)) || DECORATION.test(l.text)) {
      ranges.push([l.start, l.end]);
      continue;
    }
    if (/^[1-9]\d{0,3}$/.test(l.text)) {
      const n = Number(l.text);
      if (expect < 0 ? n <= 3 : n === expect || n === expect + 1) {
        lone.push(l);
        expect = n + 1;
      }
    }
  }
  if (lone.length >= 3) for (const l of lone) ranges.push([l.start, l.end]);

  // Running headers/footers: the same short line (digits ignored) recurring at regular, page-like spacing.
  const byKey = new Map<string, number[]>();
  nonBlank.forEach((l, i) => {
    if (l.text.length < 4 || l.text.length > 60 || SENTENCE_END.test(l.text)) return;
    const key = l.text.replace(/\d+/g, '#').replace(/\s+/g, ' ');
    let list = byKey.get(key);
    if (!list) byKey.set(key, (list = []));
    list.push(i);
  });
  for (const [key, idx] of byKey) {
    if (idx.length < 3) continue;
    if (!/[\u4e00-\u9fffA-Za-z]/.test(key)) continue;
    const gaps = idx.slice(1).map((v, i) => v - idx[i]!);
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    const sd = Math.sqrt(gaps.reduce((a, g) => a + (g - mean) ** 2, 0) / gaps.length);
    if (mean < 15 || sd > mean * 0.35) continue;
    for (const i of idx) ranges.push([nonBlank[i]!.start, nonBlank[i]!.end]);
  }

  // A YAML/TOML front-matter block at the top of a .txt (seed 003 is a Jekyll page saved as text).
  const fm = /^\uFEFF?(---|\+\+\+)[ \t]*\r?\n(?:[A-Za-z_][\w-]*[ \t]*[:=].*\r?\n|[ \t]*\r?\n){1,40}?\1[ \t]*(?=\r?\n|$)/.exec(text);
  if (fm) ranges.push([fm[0].indexOf(fm[1]!), fm[0].length]);
  const first = nonBlank[0];
  // tagtog exports (the CA4P corpus) start with the app's package id: metadata, not policy text.
  if (first && /^apkid\s*:\s*\S+$/i.test(first.text)) ranges.push([first.start, first.end]);
  if (first) {
    const m = NAV_RESIDUE.exec(first.text);
    if (m) ranges.push([first.start, first.start + m[0].length]);
  }

  ranges.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

/** Line breaks that are hard wraps inside a sentence, in a document that looks hard-wrapped. */
function findSoftBreaks(lines: Line[], skip: [number, number][]): Set<number> {
  const soft = new Set<number>();
  const w = wrapWidth(lines);
  if (w === 0) return soft;
  const skipped = (l: Line): boolean => skip.some(([s, e]) => l.start >= s && l.end <= e);
  const slack = Math.max(6, Math.round(w * 0.12));
  let prev: Line | undefined;
  let breaks: number[] = [];
  for (const l of lines) {
    if (l.blank || skipped(l)) {
      if (prev && l.nl >= 0) breaks.push(l.nl);
      continue;
    }
    if (prev && breaks.length <= 8) {
      const full = prev.width >= w - slack;
      if (full && !SENTENCE_END.test(prev.text) && !markerAt(l.text) && !isHeadingLike(prev.text)) {
        for (const b of breaks) soft.add(b);
      }
    }
    prev = l;
    breaks = l.nl >= 0 ? [l.nl] : [];
  }
  return soft;
}

function isHeadingLike(s: string): boolean {
  const m = markerAt(s);
  return !!m && m.heading && s.length <= 30;
}

export function normalize(doc: ExtractedDocument): NormalizedDocument {
  const { text } = doc;
  const lines = splitLines(text);
  const skipRanges = findSkipRanges(text, lines);
  const softBreaks = findSoftBreaks(lines, skipRanges);
  return {
    text,
    matchText: toMatchText(text),
    softBreaks,
    skipRanges,
    headings: doc.headings ? [...doc.headings].sort((a, b) => a.start - b.start) : [],
  };
}
