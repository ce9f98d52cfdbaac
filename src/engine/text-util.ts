// Character classes and line-start patterns shared by normalize, segment and app-name.

/** Whitespace as the text stages see it: ASCII, NBSP, ideographic space, zero-width and BOM. */
export function isSpace(c: number): boolean {
  return (
    c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x0b ||
    c === 0xa0 || c === 0x3000 || c === 0xfeff || c === 0x85 || (c >= 0x2000 && c <= 0x200b) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f
  );
}

/** Columns a character takes in a monospaced rendering: CJK and full-width forms count two. */
export function charWidth(c: number): number {
  if (c < 0x1100) return 1;
  if (
    (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) ||
    (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) ||
    (c >= 0xffe0 && c <= 0xffe6) || (c >= 0xd800 && c <= 0xdbff)
  ) return 2;
  return 1;
}

export function displayWidth(s: string): number {
  let w = 0;
  for (let i = 0; i < s.length; i++) w += charWidth(s.charCodeAt(i));
  return w;
}

/** Sentence-final punctuation (a line ending in one is not a hard wrap). */
export const SENTENCE_END = /[。！？；!?;：:…]$/;

const CN = '[一二三四五六七八九十百零〇两]';
const NUM = `(?:${CN}{1,4}|\\d{1,3})`;

/** Structural markers at the start of a line, strongest first. `style` names the numbering family. */
export interface Marker {
  style: string;
  /** Whether a short line with this marker is a heading (true) or always a list item (false). */
  heading: boolean;
  /** Depth for dotted numbers (1.2.3 → 3). */
  depth?: number;
  length: number;
}

const MARKERS: { style: string; heading: boolean; re: RegExp }[] = [
  { style: 'md', heading: true, re: /^#{1,6}(?=[ \t])/ },
  { style: 'chapter', heading: true, re: new RegExp(`^第${NUM}[章篇]`) },
  { style: 'part', heading: true, re: new RegExp(`^第${NUM}部分`) },
  { style: 'jie', heading: true, re: new RegExp(`^第${NUM}节`) },
  { style: 'article', heading: true, re: new RegExp(`^第${NUM}条`) },
  { style: 'cn', heading: true, re: new RegExp(`^${CN}{1,3}[ \\t]*[、.．](?!\\d)`) },
  { style: 'pcn', heading: true, re: new RegExp(`^[（(][ \\t]*${CN}{1,3}[ \\t]*[)）]`) },
  { style: 'dotted', heading: true, re: /^\d{1,2}(?:[.．]\d{1,2}){1,3}(?![\d%])[.．、]?/ },
  { style: 'num', heading: true, re: /^\d{1,2}[ \t]*[、.．](?![\d])/ },
  { style: 'pnum', heading: false, re: /^[（(][ \t]*\d{1,2}[ \t]*[)）]/ },
  { style: 'nump', heading: false, re: /^\d{1,2}[)）](?!\d)/ },
  { style: 'circled', heading: false, re: /^[①-⑳⑴-⒇⒈-⒛]/ },
  { style: 'palpha', heading: false, re: /^[（(][a-zA-Z][)）]/ },
  { style: 'alpha', heading: false, re: /^[a-zA-Z][.)](?=[ \t\u4e00-\u9fff])/ },
  { style: 'bullet', heading: false, re: /^(?:[•·●○◆◇■□▪▫►▶❖✓√]|[-*+](?=[ \t]))/ },
];

/** The structural marker a (trimmed) line starts with, if any. */
export function markerAt(s: string): Marker | undefined {
  for (const m of MARKERS) {
    const r = m.re.exec(s);
    if (!r) continue;
    if (m.style === 'dotted') return { style: 'dotted', heading: true, depth: r[0].split(/[.．]/).filter(Boolean).length, length: r[0].length };
    if (m.style === 'md') return { style: `md${r[0].length}`, heading: true, length: r[0].length };
    // "1.5倍" or "2、3个工作日" is a number, not a marker: a marker is followed by a space or a non-digit.
    return { style: m.style, heading: m.heading, length: r[0].length };
  }
  return undefined;
}

/** True when a line starts a heading or list item (so the break before it is never a soft wrap). */
export function startsStructure(s: string): boolean {
  return markerAt(s) !== undefined;
}
