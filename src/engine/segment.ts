// Segmentation: headings, list items and sentences with exact [start, end) offsets, section paths and stable ids.
import * as crypto from 'node:crypto';
import type { NormalizedDocument, Segment } from './document';
import { isSpace, markerAt, type Marker } from './text-util';

/** Clauses longer than this are cut at commas so classification stays fast and evidence stays readable. */
export const MAX_CLAUSE_CHARS = 600;
/** Target length of the pieces a too-long clause is cut into. */
const PIECE_CHARS = 400;
/** Lines longer than this are scanned for headings and list items that start mid-line (scraped one-line pages). */
const INLINE_SCAN_CHARS = 200;

type Kind = Segment['kind'];

interface Draft {
  start: number;
  end: number;
  kind: Kind;
  /** For headings: what places the heading in the section tree (see Numbering and place()). */
  num?: Numbering;
}

/**
 * A heading's place in the section tree: its numbering family (`key`: cn for 一、, pcn for （一）, arabic for 1. and
 * 1.2.3, … 'title' for a short unnumbered line, 'plain' for an unnumbered Markdown or adapter heading), its depth
 * inside the family (arabic 1.2.3 → 3, otherwise 1), its number (一、→ 1, 1.2.3 → 3), and its Markdown marker or
 * adapter level (`rank`, # → 1) when it has one.
 */
interface Numbering {
  key: string;
  level: number;
  value?: number;
  rank?: number;
  /** Arabic numbering: every number of 1.2.3. */
  path?: number[];
}

const SENTENCE_PUNCT = new Set([0x3002, 0xff01, 0xff1f, 0xff1b]); // 。！？；
const ASCII_PUNCT = new Set([0x3b, 0x21, 0x3f]); // ; ! ?
const CLOSERS = new Set([0x201d, 0x2019, 0x300d, 0x300f, 0xff09, 0x29, 0x5d, 0x3011, 0x22, 0x27, 0x300b]);
const COMMA = new Set([0xff0c, 0x2c, 0x3001, 0xff1a, 0x3a]);
const HAS_WORD = /[\p{L}\p{N}]/u;
const TITLE_PUNCT = /[。！？；，,;!?]/;

/** A line at most this long may be a number on its own ("1.2", "**4.4**") whose title is on the next line. */
const BARE_MARKER_CHARS = 24;

export function segment(norm: NormalizedDocument): Segment[] {
  const drafts: Draft[] = [];
  const lines = logicalLines(norm);
  let skipIdx = 0;
  for (let k = 0; k < lines.length; k++) {
    const [s, e] = lines[k]!;
    if (e - s <= BARE_MARKER_CHARS && isBareMarker(norm, s, e)) {
      // "1.2⏎若您以其他方式关联登录…": the number and the line after it are one item (or one heading).
      let j = k + 1;
      while (j < lines.length && isBlank(norm.text, lines[j]![0], lines[j]![1])) j++;
      const next = lines[j];
      if (next) {
        while (skipIdx < norm.skipRanges.length && norm.skipRanges[skipIdx]![1] <= e) skipIdx++;
        const skipBetween = skipIdx < norm.skipRanges.length && norm.skipRanges[skipIdx]![0] < next[0];
        if (!skipBetween && joinsNext(norm, e, next[0], next[1])) {
          segmentLine(norm, s, next[1], drafts);
          k = j;
          continue;
        }
      }
    }
    segmentLine(norm, s, e, drafts);
  }
  markShortTitles(norm, drafts);
  return finish(norm, drafts);
}

function isBlank(text: string, s: number, e: number): boolean {
  for (let i = s; i < e; i++) if (!isSpace(text.charCodeAt(i))) return false;
  return true;
}

/** Markdown emphasis inside a short line ("**3** **.** **我们如何存储**") hides its marker; read it without. */
function unemphasize(s: string): string {
  return s.length > 200 ? s : s.replace(/\*+|_{2,}/g, '').replace(/\s{2,}/g, ' ').trim();
}

/** Whether [s, e) is a numbering marker and nothing else: "1.2", "**4.4**", "（3）", "①". */
function isBareMarker(norm: NormalizedDocument, s: number, e: number): boolean {
  const [a, b] = trimRange(norm.text, s, e);
  if (a >= b || headingLevelOf(norm, a, b) !== undefined) return false;
  const flat = unemphasize(undecorate(readable(norm, a, b, 'match')));
  const m = markerAt(flat);
  return !!m && !m.style.startsWith('md') && m.style !== 'bullet' && flat.slice(m.length).trim() === '';
}

/**
 * Whether the line [ns, ne) can carry the title or text of a bare number that ends at E: only whitespace (at most
 * one blank line) between, words on it, and no marker or heading of its own.
 */
function joinsNext(norm: NormalizedDocument, e: number, ns: number, ne: number): boolean {
  const { text } = norm;
  let breaks = 0;
  for (let i = e; i < ns; i++) {
    const c = text.charCodeAt(i);
    if (!isSpace(c)) return false;
    if (c === 0x0a && !norm.softBreaks.has(i) && ++breaks > 2) return false;
  }
  const [a, b] = trimRange(text, ns, ne);
  if (a >= b || headingLevelOf(norm, a, b) !== undefined) return false;
  const head = readable(norm, a, Math.min(b, a + 40), 'match');
  if (!HAS_WORD.test(head)) return false;
  return !markerAt(unemphasize(undecorate(head)));
}

/** Ranges of text between hard line breaks, with skip ranges cut out. Soft breaks do not end a line. */
function logicalLines(norm: NormalizedDocument): [number, number][] {
  const { text, softBreaks, skipRanges } = norm;
  const out: [number, number][] = [];
  let start = 0;
  let skipIdx = 0;
  const push = (s: number, e: number): void => {
    // Cut skip ranges out of [s, e).
    while (skipIdx < skipRanges.length && skipRanges[skipIdx]![1] <= s) skipIdx++;
    let cur = s;
    for (let k = skipIdx; k < skipRanges.length && skipRanges[k]![0] < e; k++) {
      const [ks, ke] = skipRanges[k]!;
      if (ks > cur) out.push([cur, ks]);
      cur = Math.max(cur, ke);
    }
    if (cur < e) out.push([cur, e]);
  };
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 0x0a && !softBreaks.has(i)) {
      if (i > start) push(start, i);
      start = i + 1;
    }
  }
  if (start < text.length) push(start, text.length);
  return out;
}

function trimRange(text: string, s: number, e: number): [number, number] {
  while (s < e && isSpace(text.charCodeAt(s))) s++;
  while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
  return [s, e];
}

/** Text of [s, e) with whitespace runs collapsed to one space and line breaks removed between CJK. */
function readable(norm: NormalizedDocument, s: number, e: number, source: 'text' | 'match' = 'text'): string {
  const from = source === 'text' ? norm.text : norm.matchText;
  let out = '';
  let space = false;
  for (let i = s; i < e; i++) {
    const c = norm.text.charCodeAt(i);
    if (isSpace(c)) {
      if (!norm.softBreaks.has(i)) space = true;
      continue;
    }
    if (space && out) out += ' ';
    space = false;
    out += from[i];
  }
  return out;
}

/** Running maximum of the adapter headings' ends, per heading list: headingLevelOf binary-searches it. */
const headingEndMax = new WeakMap<NormalizedDocument['headings'], Float64Array>();

/**
 * The level of the first adapter heading (in list order) that ends after S, if it starts before E. The first
 * heading ending after S is the first index whose running maximum of ends exceeds S, so a binary search finds it
 * (a scan of the whole list per line took ~8 s for 100,000 Markdown headings).
 */
function headingLevelOf(norm: NormalizedDocument, s: number, e: number): number | undefined {
  const hs = norm.headings;
  if (hs.length === 0) return undefined;
  let max = headingEndMax.get(hs);
  if (!max) {
    max = new Float64Array(hs.length);
    let m = -Infinity;
    for (let i = 0; i < hs.length; i++) max[i] = m = Math.max(m, hs[i]!.end);
    headingEndMax.set(hs, max);
  }
  let lo = 0;
  let hi = hs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (max[mid]! > s) hi = mid;
    else lo = mid + 1;
  }
  const h = hs[lo];
  return h && h.start < e ? h.level : undefined;
}

/** Whether a line that starts with `m` and reads `t` is short enough and plain enough to be a heading. */
function isHeadingLine(m: Marker, t: string): boolean {
  if (!m.heading) return false;
  const body = t.slice(m.length).trim();
  // "# 投诉电话：021-…" or a whole sentence behind "#" in a .txt is emphasis, not a heading.
  if (m.style.startsWith('md')) return body.length > 0 && body.length <= 40 && !/[。！？!?，,；;]|[：:]\s*\S/.test(body);
  // A number with no title ("1.2", "（3）") names no section; "第一章" alone does.
  if (!body) return m.style === 'chapter' || m.style === 'part' || m.style === 'jie' || m.style === 'article';
  const strong = m.style === 'chapter' || m.style === 'part' || m.style === 'jie' || m.style === 'cn' || m.style === 'pcn';
  const limit = strong ? 50 : 36;
  if (t.length > limit) return false;
  // "（一）注册、登录、认证；" is still a heading; a sentence inside is not.
  const inner = strong ? body.replace(/[；;：:]$/, '') : body;
  if (/[。！？!?]/.test(inner)) return false;
  if (!strong && /[，,；;：:]/.test(inner)) return false;
  if (strong && /[，,；;]/.test(inner) && body.length > 24) return false;
  return true;
}

function segmentLine(norm: NormalizedDocument, ls: number, le: number, drafts: Draft[]): void {
  const { text } = norm;
  const [s, e] = trimRange(text, ls, le);
  if (s >= e) return;
  const flat = readable(norm, s, e);
  const adapterLevel = headingLevelOf(norm, s, e);
  if (adapterLevel !== undefined && flat.length <= 200) {
    const inner = unemphasize(undecorate(readable(norm, s, e, 'match')));
    const m = markerAt(inner);
    drafts.push({ start: s, end: e, kind: 'heading', num: numbering(m && !m.style.startsWith('md') ? m : undefined, inner, adapterLevel) });
    return;
  }
  if (e - s > INLINE_SCAN_CHARS) {
    const pieces = inlinePieces(norm, s, e);
    if (pieces.length > 1) {
      for (const [ps, pe] of pieces) segmentPiece(norm, ps, pe, drafts, true);
      return;
    }
  }
  segmentPiece(norm, s, e, drafts, false);
}

/** Splits a long line at whitespace followed by a structural marker ("… 一、我们如何收集 … （一）…"). */
function inlinePieces(norm: NormalizedDocument, s: number, e: number): [number, number][] {
  const text = norm.matchText;
  const cuts: number[] = [s];
  for (let i = s + 1; i < e; i++) {
    if (!isSpace(text.charCodeAt(i - 1)) || isSpace(text.charCodeAt(i))) continue;
    const c = text.charCodeAt(i);
    // Cheap pre-check before the regexes: markers start with 第, a digit, a CJK numeral, a bracket or a bullet.
    if (!(c === 0x7b2c || (c >= 0x30 && c <= 0x39) || c === 0xff08 || c === 0x28 || c === 0x2022 || c === 0x25cf || (c >= 0x2460 && c <= 0x249b) || '一二三四五六七八九十'.includes(text[i]!))) continue;
    const m = markerAt(norm.matchText.slice(i, Math.min(e, i + 12)));
    if (!m || m.style.startsWith('md') || m.style === 'bullet' || m.style === 'alpha') continue;
    // "1. " must be followed by space or CJK, not "2022年" etc. — markerAt already rejects digits after the dot.
    cuts.push(i);
  }
  const pieces: [number, number][] = [];
  for (let k = 0; k < cuts.length; k++) {
    const ps = cuts[k]!;
    const pe = k + 1 < cuts.length ? cuts[k + 1]! : e;
    const [a, b] = trimRange(text, ps, pe);
    if (a < b) pieces.push([a, b]);
  }
  return pieces;
}

function segmentPiece(norm: NormalizedDocument, s: number, e: number, drafts: Draft[], inline: boolean): void {
  const { text } = norm;
  // Markers are read from the width-folded form: "１．", "⼀、" (a Kangxi radical from a PDF) count too.
  const undecorated = undecorate(readable(norm, s, e, 'match'));
  // A whole line is also read without the emphasis inside it ("**3** **.** **我们如何存储个人信息**"); a mid-line
  // piece is not, as its marker's length must match the raw text (markerEnd).
  const flat = inline ? undecorated : unemphasize(undecorated);
  const m = markerAt(flat);
  // Mid-line pieces of a scraped one-line page are judged by their first whitespace-delimited run, below.
  const hasInnerGap = inline && /\S\s+\S/.test(flat.slice(m ? m.length : 0).trim());
  // A line with table cell separators is a table row (or a piece of one), never a heading.
  const tableRow = /[|｜]/.test(flat);
  if (m && !tableRow && isHeadingLine(m, flat) && !hasInnerGap) {
    const num = markerNumbering(m, flat);
    if (!runsOn(num, flat.slice(m.length))) {
      drafts.push({ start: s, end: e, kind: 'heading', num });
      return;
    }
  }
  let bodyStart = s;
  if (inline && m && m.heading && !tableRow) {
    // Mid-line heading: the marker and its title up to the next whitespace ("一、我们如何收集和使用 …").
    let i = markerEnd(text, s, e, m);
    while (i < e && isSpace(text.charCodeAt(i))) i++;
    let j = i;
    while (j < e && !isSpace(text.charCodeAt(j))) j++;
    const title = text.slice(s, j);
    if (j < e && j - s <= 40 && !TITLE_PUNCT.test(title.slice(m.length).replace(/[；;：:]$/, '')) && j > i) {
      drafts.push({ start: s, end: j, kind: 'heading', num: markerNumbering(m, flat) });
      bodyStart = j;
    }
  }
  const listItem = bodyStart === s && !!m && !m.style.startsWith('md');
  splitSentences(norm, bodyStart, e, listItem ? 'list_item' : 'sentence', drafts);
}

/** The numbering of a heading line that starts with marker M; a Markdown heading is numbered by its title. */
function markerNumbering(m: Marker, flat: string): Numbering {
  if (!m.style.startsWith('md')) {
    // An ordered list of Markdown headings ("1. ## 一、个人信息的收集"): the heading inside decides.
    const rest = flat.slice(m.length).trimStart();
    const inner = /^#{1,6}[ \t]/.test(rest) ? markerAt(rest) : undefined;
    return inner ? markerNumbering(inner, rest) : numbering(m, flat);
  }
  const rank = Number(m.style.slice(2));
  const inner = unemphasize(undecorate(flat.slice(m.length).trim()));
  const im = markerAt(inner);
  return numbering(im && !im.style.startsWith('md') && im.style !== 'bullet' ? im : undefined, inner, rank);
}

const CIRCLED_BASES: [number, string][] = [[0x2460, 'circled'], [0x2474, 'pcircled'], [0x2488, 'dcircled']];

/** Family, depth and number of marker M at the start of FLAT (none: an unnumbered heading of RANK). */
function numbering(m: Marker | undefined, flat: string, rank?: number): Numbering {
  if (!m) return { key: 'plain', level: 1, rank };
  const mark = flat.slice(0, m.length);
  let key = m.style;
  let level = 1;
  let value: number | undefined;
  const digits = mark.match(/\d+/g);
  if (m.style === 'dotted' || m.style === 'num') {
    key = 'arabic';
    level = digits?.length ?? 1;
    value = digits ? Number(digits[digits.length - 1]) : undefined;
    if (digits) return { key, level, value, rank, path: digits.map(Number) };
  } else if (m.style === 'circled') {
    const c = mark.charCodeAt(0);
    for (const [base, k] of CIRCLED_BASES) if (c >= base && c < base + 20) { key = k; value = c - base + 1; }
  } else if (m.style === 'alpha' || m.style === 'palpha') {
    const letter = /[a-z]/i.exec(mark);
    value = letter ? letter[0].toLowerCase().charCodeAt(0) - 0x60 : undefined;
  } else {
    value = digits ? Number(digits[0]) : cnValue(mark);
  }
  return { key, level, value, rank };
}

/** The value of the first Chinese numeral in S ("十二" → 12, "二十一" → 21), if any. */
function cnValue(s: string): number | undefined {
  const DIGIT = '零一二三四五六七八九';
  let total = 0;
  let cur = 0;
  let seen = false;
  for (const ch of s) {
    const d = ch === '〇' ? 0 : ch === '两' ? 2 : DIGIT.indexOf(ch);
    if (d >= 0) cur = d;
    else if (ch === '十') { total += (cur || 1) * 10; cur = 0; }
    else if (ch === '百') { total += (cur || 1) * 100; cur = 0; }
    else if (seen) break;
    else continue;
    seen = true;
  }
  return seen ? total + cur : undefined;
}

/**
 * Whether a numbered line's BODY goes on with the next number of the same list ("7.未成年人使用条款8.隐私政策的修订
 * 9.联系我们", "一、总则 二、定义"): a table of contents run together, not a heading.
 */
function runsOn(num: Numbering, body: string): boolean {
  if (num.value === undefined || num.level !== 1) return false;
  const next = num.value + 1;
  if (num.key === 'arabic') return new RegExp(`(?<!\\d)${next}[.．、](?!\\d)`).test(body);
  if (num.key === 'cn') return body.includes(`${CN_NUMERALS[next] ?? '\u0000'}、`);
  return false;
}

const CN_NUMERALS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三', '十四', '十五', '十六', '十七', '十八', '十九', '二十'];

/**
 * Markdown residue around a line (policies converted from HTML: "** _（一）收集方式_**", "1\\. 在您…") hides its
 * marker; detection reads the line without it.
 */
function undecorate(s: string): string {
  const lead = s.replace(/^(?:[*_>]+\s*)+/, '').replace(/^(\d{1,2})\\([.)])/, '$1$2');
  // Trailing marks matter only for short, heading-sized lines; skip the regex on long ones.
  return lead.length > 200 ? lead : lead.replace(/[\s*_]+$/, '');
}

/** A heading's text for section paths: whitespace collapsed, Markdown marks removed. */
function headingLabel(norm: NormalizedDocument, s: number, e: number): string {
  // "1. ## 一、个人信息的收集" (an ordered list of Markdown headings) is labelled by its heading.
  const t = undecorate(readable(norm, s, e).replace(/^(?:\d{1,2}[.、)]\s*)?#{1,6}\s*/, '')).replace(/\*\*|__/g, '').trim();
  return t || readable(norm, s, e);
}

/**
 * Where a marker found in the undecorated, whitespace-collapsed form ends in the raw text: skip leading
 * Markdown marks, then count the marker's characters with each whitespace run as one.
 */
function markerEnd(text: string, s: number, e: number, m: Marker): number {
  let i = s;
  while (i < e && (isSpace(text.charCodeAt(i)) || '*_>'.includes(text[i]!))) i++;
  let seen = 0;
  while (i < e && seen < m.length) {
    if (isSpace(text.charCodeAt(i))) {
      while (i < e && isSpace(text.charCodeAt(i))) i++;
    } else {
      if (text[i] === '\\' && /[.)]/.test(text[i + 1] ?? '')) i++; // "1\\." read as "1."
      i++;
    }
    seen++;
  }
  return i;
}

function splitSentences(norm: NormalizedDocument, s: number, e: number, firstKind: Kind, drafts: Draft[]): void {
  const { text } = norm;
  let kind = firstKind;
  let cs = s;
  const emit = (a: number, b: number): void => {
    const [ts, te] = trimRange(text, a, b);
    if (ts >= te) return;
    if (!HAS_WORD.test(text.slice(ts, te))) {
      // Lone punctuation ("。", "——") joins the previous clause when adjacent, otherwise it is dropped.
      const last = drafts[drafts.length - 1];
      if (last && last.end === ts && last.kind !== 'heading') last.end = te;
      return;
    }
    for (const [ps, pe] of capLength(text, ts, te)) {
      drafts.push({ start: ps, end: pe, kind });
      kind = 'sentence';
    }
  };
  for (let i = s; i < e; i++) {
    const c = text.charCodeAt(i);
    let cut = -1;
    if (SENTENCE_PUNCT.has(c)) cut = i + 1;
    else if (ASCII_PUNCT.has(c) && i + 1 < e && isSpace(text.charCodeAt(i + 1))) cut = i + 1;
    else if (c === 0x2e && i + 1 < e && isSpace(text.charCodeAt(i + 1)) && i > s && /[A-Za-z\u4e00-\u9fff)）]/.test(text[i - 1]!) && !/[A-Z]/.test(text[i - 1]!)) cut = i + 1;
    if (cut < 0) continue;
    while (cut < e && (CLOSERS.has(text.charCodeAt(cut)) || SENTENCE_PUNCT.has(text.charCodeAt(cut)))) cut++;
    emit(cs, cut);
    cs = cut;
    i = cut - 1;
  }
  if (cs < e) emit(cs, e);
}

/** Cuts an absurdly long clause at commas (or whitespace, or anywhere) into pieces of about PIECE_CHARS. */
function capLength(text: string, s: number, e: number): [number, number][] {
  if (e - s <= MAX_CLAUSE_CHARS) return [[s, e]];
  const out: [number, number][] = [];
  let cur = s;
  while (e - cur > MAX_CLAUSE_CHARS) {
    const lo = cur + Math.floor(PIECE_CHARS / 2);
    const hi = cur + PIECE_CHARS;
    let cut = -1;
    for (let i = hi; i > lo; i--) if (COMMA.has(text.charCodeAt(i - 1))) { cut = i; break; }
    if (cut < 0) for (let i = hi; i > lo; i--) if (isSpace(text.charCodeAt(i - 1))) { cut = i; break; }
    if (cut < 0) {
      cut = hi;
      const c = text.charCodeAt(cut - 1);
      if (c >= 0xd800 && c <= 0xdbff) cut++; // never split a surrogate pair
    }
    const [a, b] = trimRange(text, cur, cut);
    if (a < b) out.push([a, b]);
    cur = cut;
  }
  const [a, b] = trimRange(text, cur, e);
  if (a < b) out.push([a, b]);
  return out;
}

/**
 * Short stand-alone lines ("前言", "未成年人使用我们的服务") are headings when they sit between longer text,
 * not in a run of short lines (a table's cells).
 */
function markShortTitles(norm: NormalizedDocument, drafts: Draft[]): void {
  const { text } = norm;
  const isLineStart = (d: Draft): boolean => {
    let i = d.start - 1;
    while (i >= 0 && isSpace(text.charCodeAt(i)) && !(text.charCodeAt(i) === 0x0a && !norm.softBreaks.has(i))) i--;
    return i < 0 || (text.charCodeAt(i) === 0x0a && !norm.softBreaks.has(i));
  };
  const isLineEnd = (d: Draft): boolean => {
    let i = d.end;
    while (i < text.length && isSpace(text.charCodeAt(i)) && text.charCodeAt(i) !== 0x0a) i++;
    return i >= text.length || (text.charCodeAt(i) === 0x0a && !norm.softBreaks.has(i));
  };
  // A neighbour that is itself a short unpunctuated line means a run of table cells, not a title.
  const shortLine = (d: Draft | undefined): boolean =>
    !!d && d.end - d.start <= 30 && d.kind !== 'heading' && !/[。！？；.;!?：:]$/.test(text.slice(d.start, d.end)) && isLineStart(d) && isLineEnd(d);
  for (let k = 0; k < drafts.length; k++) {
    const d = drafts[k]!;
    if (d.kind !== 'sentence' || !isLineStart(d) || !isLineEnd(d)) continue;
    const t = readable(norm, d.start, d.end);
    if (t.length < 2 || t.length > 30) continue;
    if (/[。！？；，,;!?:：、|｜]/.test(t) || !balanced(t)) continue;
    // An odd number of "**" is a piece of a longer bold run ("**但同时也请您理解在信息网络上不存在"), not a title.
    if ((t.match(/\*\*/g)?.length ?? 0) % 2 === 1) continue;
    if (!/[\u4e00-\u9fff]/.test(t) || /@|https?:|www\.|\d{5,}/.test(t)) continue;
    const next = drafts[k + 1];
    const prev = drafts[k - 1];
    if (!next || shortLine(next) || (prev && shortLine(prev))) continue;
    d.kind = 'heading';
    d.num = { key: 'title', level: 1 };
  }
}

function balanced(t: string): boolean {
  let depth = 0;
  for (const ch of t) {
    if (ch === '（' || ch === '(' || ch === '【' || ch === '《' || ch === '“') depth++;
    else if (ch === '）' || ch === ')' || ch === '】' || ch === '》' || ch === '”') depth--;
    if (depth < 0) return false;
  }
  return depth === 0;
}

/** crypto.hash (Node ≥ 20.12) is a one-shot digest without a Hash object; createHash where it is missing. */
const oneShot = (crypto as { hash?: (alg: string, data: string, enc: 'hex') => string }).hash;
function sha1Hex(s: string): string {
  return oneShot ? oneShot('sha1', s, 'hex') : crypto.createHash('sha1').update(s).digest('hex');
}

/** Section paths, match texts and ids. */
function finish(norm: NormalizedDocument, drafts: Draft[]): Segment[] {
  const { inToc, anchor } = tableOfContents(norm, drafts);
  const stack: Entry[] = [];
  /** The heading that holds each table of contents (by its entries' family). */
  const tocHost = new Map<string, Entry | undefined>();
  const out: Segment[] = [];
  const seen = new Map<string, number>();
  // Clauses of one section share one path array: fewer objects, and the worker's answer carries each path once
  // (structured clone keeps shared references). Paths are never changed in place.
  let lastPath: string[] = [];
  const pathOf = (): string[] => {
    if (lastPath.length !== stack.length || stack.some((h, i) => h.text !== lastPath[i])) lastPath = stack.map((h) => h.text);
    return lastPath;
  };
  for (let k = 0; k < drafts.length; k++) {
    const d = drafts[k]!;
    const textSlice = norm.text.slice(d.start, d.end);
    const matchText = matchKey(norm, d.start, d.end);
    let section: string[];
    if (d.kind === 'heading' && !inToc.has(k)) {
      const num = d.num ?? { key: 'title', level: 1 };
      const entry: Entry = { key: num.key, level: num.level, value: num.value, rank: num.rank, path: num.path, toc: anchor.get(k), text: headingLabel(norm, d.start, d.end) };
      if (entry.toc && !stack.some((h) => h.toc === entry.toc)) {
        // The first listed section leaves an unnumbered heading that holds the contents ("### 概要", then the
        // contents, then "**1.我们如何收集…**"), unless that heading is the document's outermost one (its title).
        const host = tocHost.get(entry.toc);
        const i = host ? stack.lastIndexOf(host) : -1;
        if (i > 0 && !numbered(host!)) stack.length = i;
      }
      place(stack, entry);
      section = pathOf();
      stack.push(entry);
    } else {
      // Table-of-contents lines are read in place but parent nothing: their sections follow later.
      if (d.kind === 'heading') {
        const f = family(d.num ?? { key: 'title', level: 1 });
        if (!tocHost.has(f)) tocHost.set(f, stack[stack.length - 1]);
      }
      section = pathOf();
    }
    const hash = sha1Hex(matchText).slice(0, 10);
    const n = seen.get(hash) ?? 0;
    seen.set(hash, n + 1);
    out.push({ id: `c${hash}${n > 0 ? `-${n}` : ''}`, section, start: d.start, end: d.end, text: textSlice, kind: d.kind, matchText });
  }
  return out;
}

/** A heading on the section stack. `toc` is the family of its table-of-contents entry, if it has one. */
interface Entry extends Numbering {
  toc?: string;
  text: string;
}

const family = (n: Numbering): string => `${n.key}:${n.level}`;
const numbered = (n: Numbering): boolean => n.key !== 'plain' && n.key !== 'title';

/**
 * Pops the heading stack down to where N belongs: after its sibling (same numbering family and depth) or its
 * parent. A heading's own numbering decides before its Markdown marker or adapter level, which decide the rest.
 */
function place(stack: Entry[], n: Entry): void {
  const cut = (i: number): void => {
    stack.length = i;
  };
  // An unnumbered title-like heading below the document's first heading does not parent the top numbering
  // family ("名词解释" then "一、我们如何收集…" are siblings).
  if (n.key === 'chapter' || n.key === 'part' || n.key === 'cn') {
    const t = stack.findIndex((h, i) => i > 0 && h.key === 'title');
    if (t > 0 && !stack.some((h) => h.key === n.key)) cut(t);
  }
  // Sections listed in one table of contents are siblings, however each is marked up ("1.个人信息的存储" in the
  // contents, "**个人信息的存储**" in the text).
  if (n.toc) {
    const i = lastIndex(stack, (h) => h.toc === n.toc);
    if (i >= 0) return cut(i);
  }
  if (numbered(n)) {
    let shallowerTwin = -1;
    let deeper = -1;
    for (let i = stack.length - 1; i >= 0; i--) {
      const h = stack[i]!;
      if (h.key === n.key && h.level === n.level) {
        // Same family and depth: siblings, whatever their Markdown markers say ("## 一、" then "### 二、"), unless
        // the markers and the numbering agree that N starts a list inside H ("## 1. 收集" then "### 1. 注册").
        if (n.rank === undefined || h.rank === undefined || n.rank === h.rank) return cut(i);
        if (n.rank > h.rank) {
          if ((n.value ?? 0) > (h.value ?? 0)) return cut(i);
          break;
        }
        // H is marked deeper than N: look for a sibling marked like N further down, else take H.
        if (shallowerTwin < 0) shallowerTwin = i;
        continue;
      }
      if (h.key === 'arabic' && n.key === 'arabic') {
        // 1.2 inside 1.; not inside 4. (5.1 after 4. whose "5." is missing: 5.1 takes the place of 5.)
        if (h.level < n.level && (h.value === undefined || n.path?.[h.level - 1] === undefined || n.path[h.level - 1] === h.value)) return cut(i + 1);
        deeper = i; // 1.2.3 above 2.: popped with its parent
        continue;
      }
      // A section listed in the table of contents is not inside a heading that is not.
      if (h.toc) break;
    }
    if (shallowerTwin >= 0) return cut(shallowerTwin);
    if (deeper >= 0) cut(deeper);
  }
  if (n.rank !== undefined) {
    // Markdown and adapter levels: pop the headings marked as deep as N or deeper, and what they hold. Of two
    // numbered headings marked alike, the usual order of Chinese numbering decides ("## 一、" holds "## （一）").
    let at = -1;
    for (let i = stack.length - 1; i >= 0; i--) {
      const h = stack[i]!;
      if (h.rank === undefined) continue;
      if (h.rank < n.rank || (h.rank === n.rank && outranks(h, n))) break;
      at = i;
    }
    if (at >= 0) cut(at);
    return;
  }
  if (n.key === 'title') {
    const i = lastIndex(stack, (h) => h.key === 'title');
    if (i >= 0) cut(i);
  }
}

/** The usual nesting of Chinese numbering: 第一章 > 第一节 > 一、(第一条) > （一） > 1. > 1.1 > (1) > ① > a. */
const SENIORITY: Record<string, number> = { part: 0, chapter: 0, jie: 1, article: 2, cn: 2, pcn: 3, arabic: 4, pnum: 8, nump: 8, circled: 9, pcircled: 9, dcircled: 9, palpha: 10, alpha: 10 };

/** Whether numbered heading H usually holds numbered heading N. */
function outranks(h: Numbering, n: Numbering): boolean {
  const a = SENIORITY[h.key];
  const b = SENIORITY[n.key];
  if (a === undefined || b === undefined) return false;
  return a + (h.key === 'arabic' ? h.level : 0) < b + (n.key === 'arabic' ? n.level : 0);
}

function lastIndex<T>(xs: T[], f: (x: T) => boolean): number {
  for (let i = xs.length - 1; i >= 0; i--) if (f(xs[i]!)) return i;
  return -1;
}

/**
 * A table of contents is a run of headings with no text between them, at least two of one numbering family
 * listing titles that come back later as headings ("一、我们如何收集…" … "八、如何联系我们", then the sections).
 * Its entries, and a caption heading before them ("目录"), parent nothing (`inToc`); each later heading that
 * repeats an entry's title is anchored to that entry's family (`anchor`), which makes those headings siblings.
 */
function tableOfContents(norm: NormalizedDocument, drafts: Draft[]): { inToc: Set<number>; anchor: Map<number, string> } {
  const inToc = new Set<number>();
  const anchor = new Map<number, string>();
  const titles = new Map<number, string>();
  const byTitle = new Map<string, number[]>();
  let firstHeading = -1;
  for (let k = 0; k < drafts.length; k++) {
    const d = drafts[k]!;
    if (d.kind !== 'heading') continue;
    if (firstHeading < 0) firstHeading = k;
    const t = tocTitle(norm, d.start, d.end);
    if (!t) continue;
    titles.set(k, t);
    const at = byTitle.get(t);
    if (at) at.push(k);
    else byTitle.set(t, [k]);
  }
  /** The first heading after K with K's title. */
  const twinOf = (k: number): number => {
    const t = titles.get(k);
    const at = t === undefined ? undefined : byTitle.get(t);
    if (!at || at[at.length - 1]! <= k) return -1;
    let lo = 0;
    let hi = at.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (at[mid]! > k) hi = mid;
      else lo = mid + 1;
    }
    return at[lo]!;
  };
  // Near twins ("…在全球范围转移" listed, "…在全球范围内转移" in the text) count as listed too: each entry of a short
  // run is compared with the next NEAR_LOOKAHEAD titled headings after the run, within a per-document budget.
  const titled = [...titles.keys()];
  const grams = new Map<number, Set<string>>();
  const gramsOf = (k: number): Set<string> => {
    let g = grams.get(k);
    if (!g) grams.set(k, (g = bigrams(titles.get(k)!)));
    return g;
  };
  let budget = NEAR_BUDGET;
  const hasNearTwin = (k: number, after: number): boolean => {
    if (!titles.has(k)) return false;
    let lo = 0;
    let hi = titled.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (titled[mid]! > after) hi = mid;
      else lo = mid + 1;
    }
    for (let i = lo; i < titled.length && i < lo + NEAR_LOOKAHEAD && budget > 0; i++, budget--) {
      if (dice(gramsOf(k), gramsOf(titled[i]!)) >= NEAR_DICE) return true;
    }
    return false;
  };
  // An entry that is not a heading ("2、我们如何使用?Cookie?和同类技术" reads as a list item) does not end the run.
  const inRun = (d: Draft): boolean => d.kind === 'heading' || (d.kind === 'list_item' && d.end - d.start <= 50);
  for (let a = 0; a < drafts.length; ) {
    if (drafts[a]!.kind !== 'heading') {
      a++;
      continue;
    }
    let b = a;
    while (b + 1 < drafts.length && inRun(drafts[b + 1]!)) b++;
    while (drafts[b]!.kind !== 'heading') b--;
    if (b > a) markToc(a, b);
    a = b + 1;
  }
  return { inToc, anchor };

  function markToc(a: number, b: number): void {
    // The sections start at the first twin: a heading at or after it is real even inside the run.
    let end = b + 1;
    const twins = new Map<number, number>();
    for (let k = a; k <= b && k < end; k++) {
      const tw = twinOf(k);
      if (tw < 0) continue;
      twins.set(k, tw);
      end = Math.min(end, tw);
    }
    const fams: string[] = [];
    for (let k = a; k <= b; k++) fams.push(family(drafts[k]!.num ?? { key: 'title', level: 1 }));
    const fam = (k: number): string => fams[k - a]!;
    // So do they where the numbering starts again ("一、…" "八、…" then "一、…" reworded).
    const last = new Map<string, number>();
    for (let k = a; k < end; k++) {
      const v = drafts[k]!.num?.value;
      if (drafts[k]!.kind !== 'heading' || v === undefined) continue;
      const prev = last.get(fam(k));
      if (prev !== undefined && v <= prev) end = k;
      else last.set(fam(k), v);
    }
    const listed = new Map<string, number>();
    const total = new Map<string, number>();
    const near = b - a < NEAR_RUN;
    for (let k = a; k < end; k++) {
      if (drafts[k]!.kind !== 'heading') continue;
      total.set(fam(k), (total.get(fam(k)) ?? 0) + 1);
      if (twins.has(k) || (near && hasNearTwin(k, b))) listed.set(fam(k), (listed.get(fam(k)) ?? 0) + 1);
    }
    let best: string | undefined;
    for (const [f, c] of listed) if (c >= 2 && c * 2 >= total.get(f)! && (!best || c > listed.get(best)!)) best = f;
    if (!best) return;
    let first = -1;
    for (let k = a; k < end; k++) {
      if (drafts[k]!.kind !== 'heading' || (fam(k) !== best && !twins.has(k))) continue;
      if (first < 0) first = k;
      inToc.add(k);
      const tw = twins.get(k);
      if (tw !== undefined && tw >= end && !anchor.has(tw)) anchor.set(tw, fam(k));
    }
    // A caption right before the entries ("目录", "本政策将帮助您了解：") is part of the contents, unless it is
    // the document's first heading (its title).
    for (let k = a; k < first; k++) if (k !== firstHeading && drafts[k]!.kind === 'heading') inToc.add(k);
  }
}

/** Near twins: runs of at most NEAR_RUN drafts, NEAR_LOOKAHEAD headings ahead, NEAR_BUDGET comparisons a document. */
const NEAR_RUN = 40;
const NEAR_LOOKAHEAD = 300;
const NEAR_BUDGET = 50_000;
/** Dice coefficient of the character bigrams of two titles from which one counts as the other reworded. */
const NEAR_DICE = 0.75;

function bigrams(t: string): Set<string> {
  const g = new Set<string>();
  for (let i = 0; i + 1 < t.length; i++) g.add(t.slice(i, i + 2));
  return g;
}

function dice(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let common = 0;
  for (const g of small) if (large.has(g)) common++;
  return (2 * common) / (a.size + b.size);
}

/** A heading's title for matching contents entries: no marks, numbering, punctuation, spaces or page number. */
function tocTitle(norm: NormalizedDocument, s: number, e: number): string {
  if (e - s > 200) return '';
  let t = matchKey(norm, s, e).replace(/^[#*_>\\]+/, '').replace(/\*+|_{2,}|\\(?=[.)])/g, '');
  const m = markerAt(t);
  if (m) t = t.slice(m.length);
  t = t.replace(/[.…·．\-—_]{2,}\d{1,4}$/, '').replace(/[\p{P}\p{S}]/gu, '');
  return t.length >= 2 ? t : '';
}

function matchKey(norm: NormalizedDocument, s: number, e: number): string {
  const m = norm.matchText;
  let out = '';
  let runStart = s;
  for (let i = s; i < e; i++) {
    if (isSpace(m.charCodeAt(i))) {
      if (i > runStart) out += m.slice(runStart, i);
      runStart = i + 1;
    }
  }
  if (e > runStart) out += m.slice(runStart, e);
  return out;
}
