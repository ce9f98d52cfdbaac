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
  /** For headings: the numbering family and level hints used to build the section tree. */
  style?: string;
  level?: number;
}

const SENTENCE_PUNCT = new Set([0x3002, 0xff01, 0xff1f, 0xff1b]); // 。！？；
const ASCII_PUNCT = new Set([0x3b, 0x21, 0x3f]); // ; ! ?
const CLOSERS = new Set([0x201d, 0x2019, 0x300d, 0x300f, 0xff09, 0x29, 0x5d, 0x3011, 0x22, 0x27, 0x300b]);
const COMMA = new Set([0xff0c, 0x2c, 0x3001, 0xff1a, 0x3a]);
const HAS_WORD = /[\p{L}\p{N}]/u;
const TITLE_PUNCT = /[。！？；，,;!?]/;

export function segment(norm: NormalizedDocument): Segment[] {
  const drafts: Draft[] = [];
  for (const [s, e] of logicalLines(norm)) segmentLine(norm, s, e, drafts);
  markShortTitles(norm, drafts);
  return finish(norm, drafts);
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
  if (!body) return m.style !== 'num';
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
    drafts.push({ start: s, end: e, kind: 'heading', style: `h${adapterLevel}`, level: adapterLevel });
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
  const flat = undecorate(readable(norm, s, e, 'match'));
  const m = markerAt(flat);
  // Mid-line pieces of a scraped one-line page are judged by their first whitespace-delimited run, below.
  const hasInnerGap = inline && /\S\s+\S/.test(flat.slice(m ? m.length : 0).trim());
  if (m && isHeadingLine(m, flat) && !hasInnerGap) {
    drafts.push({ start: s, end: e, kind: 'heading', style: m.style, level: m.depth });
    return;
  }
  let bodyStart = s;
  if (inline && m && m.heading) {
    // Mid-line heading: the marker and its title up to the next whitespace ("一、我们如何收集和使用 …").
    let i = markerEnd(text, s, e, m);
    while (i < e && isSpace(text.charCodeAt(i))) i++;
    let j = i;
    while (j < e && !isSpace(text.charCodeAt(j))) j++;
    const title = text.slice(s, j);
    if (j < e && j - s <= 40 && !TITLE_PUNCT.test(title.slice(m.length).replace(/[；;：:]$/, '')) && j > i) {
      drafts.push({ start: s, end: j, kind: 'heading', style: m.style, level: m.depth });
      bodyStart = j;
    }
  }
  const listItem = bodyStart === s && !!m && !m.style.startsWith('md');
  splitSentences(norm, bodyStart, e, listItem ? 'list_item' : 'sentence', drafts);
}

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
  const t = undecorate(readable(norm, s, e).replace(/^#{1,6}\s*/, '')).replace(/\*\*|__/g, '').trim();
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
    if (/[。！？；，,;!?:：、]/.test(t) || !balanced(t)) continue;
    if (!/[\u4e00-\u9fff]/.test(t) || /@|https?:|www\.|\d{5,}/.test(t)) continue;
    const next = drafts[k + 1];
    const prev = drafts[k - 1];
    if (!next || shortLine(next) || (prev && shortLine(prev))) continue;
    d.kind = 'heading';
    d.style = 'title';
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
  const stack: { style: string; level?: number; text: string }[] = [];
  const out: Segment[] = [];
  const seen = new Map<string, number>();
  for (const d of drafts) {
    const textSlice = norm.text.slice(d.start, d.end);
    const matchText = matchKey(norm, d.start, d.end);
    let section: string[];
    if (d.kind === 'heading') {
      const style = d.style ?? 'title';
      popFor(stack, style, d.level);
      section = stack.map((h) => h.text);
      stack.push({ style, level: d.level, text: headingLabel(norm, d.start, d.end) });
    } else {
      section = stack.map((h) => h.text);
    }
    const hash = sha1Hex(matchText).slice(0, 10);
    const n = seen.get(hash) ?? 0;
    seen.set(hash, n + 1);
    out.push({ id: `c${hash}${n > 0 ? `-${n}` : ''}`, section, start: d.start, end: d.end, text: textSlice, kind: d.kind, matchText });
  }
  return out;
}

/** Pops the heading stack so a heading of this style becomes a sibling of its own kind or a child of the rest. */
function popFor(stack: { style: string; level?: number }[], style: string, level?: number): void {
  const rank = (st: string): number | undefined => {
    if (/^h\d$/.test(st)) return Number(st.slice(1));
    if (/^md\d$/.test(st)) return Number(st.slice(2));
    return undefined;
  };
  const r = rank(style);
  // An unnumbered title-like heading below the document's first heading does not parent the top numbering
  // family ("名词解释" then "一、我们如何收集…" are siblings).
  if (style === 'chapter' || style === 'part' || style === 'cn') {
    const t = stack.findIndex((h, i) => i > 0 && h.style === 'title');
    if (t > 0 && !stack.some((h) => h.style === style)) stack.length = t;
  }
  for (let i = stack.length - 1; i >= 0; i--) {
    const h = stack[i]!;
    const hr = rank(h.style);
    const same = h.style === style && (style !== 'dotted' || (h.level ?? 0) === (level ?? 0));
    const deeperOrSameLevel = r !== undefined && hr !== undefined && hr >= r;
    const dottedParent = style === 'dotted' && h.style === 'dotted' && (h.level ?? 0) >= (level ?? 0);
    if (same || deeperOrSameLevel || dottedParent) {
      stack.length = i;
      return;
    }
  }
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
