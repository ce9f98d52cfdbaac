// DOCX: paragraphs in document order (body, tables, text boxes), one paragraph per line; headings from
// Word's heading styles and outline levels; Word auto-numbering rendered as text ("一、", "（一）", "1.",
// "第一条") because in legal documents the numbering marks the clauses.
//
// The package is inspected before anything is inflated: the zip central directory is read here (no zip
// library), declared sizes are checked against limits, and the parts we read are inflated with a hard
// output cap, so a zip bomb (or a part that lies about its size) is refused without exhausting memory.
// The XML is read with htmlparser2 in XML mode, loaded with a dynamic import() when a DOCX arrives.
// (mammoth was considered: its document model drops w:numFmt / w:lvlText / w:numId, so the clause
// numbers Word draws would be lost.)
import { inflateRawSync } from 'node:zlib';
import type { AdapterInput, ExtractedDocument, FormatAdapter } from '../document';
import { EngineError } from '../errors';
import { displayName } from '../decode';

/** Refuse a package whose parts would inflate to more than this in total. */
export const MAX_DOCX_UNCOMPRESSED = 200 * 1024 * 1024;
/** Refuse a part that compresses better than this (real Word XML is 5–50:1; deflate tops out near 1032:1). */
export const MAX_COMPRESSION_RATIO = 500;
/** Ratios are only judged for parts at least this large (tiny parts have meaningless ratios). */
const RATIO_MIN_BYTES = 1024 * 1024;
const MAX_ENTRIES = 20_000;

// ---------------------------------------------------------------- zip central directory

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

class ZipError extends Error {
  constructor(
    readonly code: 'parse_failed' | 'too_large' | 'encrypted',
    message: string,
  ) {
    super(message);
  }
}

const u16 = (b: Uint8Array, at: number) => (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8);
const u32 = (b: Uint8Array, at: number) => ((b[at] ?? 0) | ((b[at + 1] ?? 0) << 8) | ((b[at + 2] ?? 0) << 16)) + (b[at + 3] ?? 0) * 0x1000000;
const u64 = (b: Uint8Array, at: number) => u32(b, at) + u32(b, at + 4) * 0x100000000;

/** Read the central directory: names, methods and declared sizes. Inflates nothing. */
export function readZipDirectory(b: Uint8Array): ZipEntry[] {
  // End of central directory: the last signature within the final 64 KB + 22 bytes (the comment can be 64 KB).
  let eocd = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 0xffff); i--) {
    if (b[i] === 0x50 && b[i + 1] === 0x4b && b[i + 2] === 0x05 && b[i + 3] === 0x06) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipError('parse_failed', 'the zip directory at the end of the file is missing, so the file is incomplete or not a Word document');
  let count = u16(b, eocd + 10);
  let cdSize = u32(b, eocd + 12);
  let cdOffset = u32(b, eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    // ZIP64: the locator sits just before the EOCD and points at the ZIP64 end record.
    const loc = eocd - 20;
    if (loc < 0 || u32(b, loc) !== 0x07064b50) throw new ZipError('parse_failed', 'its ZIP64 directory is missing');
    const rec = u64(b, loc + 8);
    if (rec + 56 > b.length || u32(b, rec) !== 0x06064b50) throw new ZipError('parse_failed', 'its ZIP64 directory is damaged');
    count = u64(b, rec + 32);
    cdSize = u64(b, rec + 40);
    cdOffset = u64(b, rec + 48);
  }
  if (count > MAX_ENTRIES) throw new ZipError('parse_failed', `it holds ${count} parts, far more than any Word document`);
  if (cdOffset + cdSize > b.length) throw new ZipError('parse_failed', 'its zip directory points past the end of the file, so the file is incomplete');
  const entries: ZipEntry[] = [];
  const decoder = new TextDecoder('utf-8');
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > b.length || u32(b, p) !== 0x02014b50) throw new ZipError('parse_failed', 'its zip directory is damaged');
    const flags = u16(b, p + 8);
    const method = u16(b, p + 10);
    let compressedSize = u32(b, p + 20);
    let uncompressedSize = u32(b, p + 24);
    const nameLen = u16(b, p + 28);
    const extraLen = u16(b, p + 30);
    const commentLen = u16(b, p + 32);
    let localHeaderOffset = u32(b, p + 42);
    const name = decoder.decode(b.subarray(p + 46, p + 46 + nameLen));
    // ZIP64 extended sizes live in extra field 0x0001, in this order, only for the fields set to 0xffffffff.
    let x = p + 46 + nameLen;
    const xEnd = x + extraLen;
    while (x + 4 <= xEnd) {
      const id = u16(b, x);
      const len = u16(b, x + 2);
      if (id === 0x0001) {
        let q = x + 4;
        if (uncompressedSize === 0xffffffff) {
          uncompressedSize = u64(b, q);
          q += 8;
        }
        if (compressedSize === 0xffffffff) {
          compressedSize = u64(b, q);
          q += 8;
        }
        if (localHeaderOffset === 0xffffffff) localHeaderOffset = u64(b, q);
      }
      x += 4 + len;
    }
    entries.push({ name, method, flags, compressedSize, uncompressedSize, localHeaderOffset });
    p = xEnd + commentLen;
  }
  return entries;
}

/** Inflate one entry, never producing more than its declared size (nor more than `cap`). */
function inflateEntry(b: Uint8Array, e: ZipEntry, cap: number): Uint8Array {
  if (e.flags & 1) throw new ZipError('encrypted', `its part ${e.name} is encrypted`);
  const at = e.localHeaderOffset;
  if (at + 30 > b.length || u32(b, at) !== 0x04034b50) throw new ZipError('parse_failed', `its part ${e.name} is damaged or missing`);
  const start = at + 30 + u16(b, at + 26) + u16(b, at + 28);
  const end = start + e.compressedSize;
  if (end > b.length) throw new ZipError('parse_failed', `its part ${e.name} is cut off, so the file is incomplete`);
  const data = b.subarray(start, end);
  const limit = Math.min(e.uncompressedSize, cap);
  if (e.method === 0) {
    if (data.length > limit) throw new ZipError('parse_failed', `its part ${e.name} is larger than its zip header says`);
    return data;
  }
  if (e.method !== 8) throw new ZipError('parse_failed', `its part ${e.name} uses zip compression method ${e.method}, which Word never writes`);
  try {
    // maxOutputLength makes zlib stop as soon as the output would exceed the declared size.
    return new Uint8Array(inflateRawSync(data, { maxOutputLength: Math.max(1, limit) }));
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') throw new ZipError('parse_failed', `its part ${e.name} inflates to more than the ${e.uncompressedSize} bytes its zip header declares (a damaged file or a zip bomb)`);
    throw new ZipError('parse_failed', `its part ${e.name} is damaged (${err instanceof Error ? err.message : String(err)})`);
  }
}

/** Declared-size checks over the whole package, before anything is inflated. */
function checkPackage(entries: ZipEntry[]): void {
  const total = entries.reduce((n, e) => n + e.uncompressedSize, 0);
  if (total > MAX_DOCX_UNCOMPRESSED) {
    throw new ZipError('too_large', `it would unpack to ${(total / 1024 / 1024).toFixed(0)} MB, more than the ${MAX_DOCX_UNCOMPRESSED / 1024 / 1024} MB PolicyBench unpacks (a zip bomb, or a document padded with huge content)`);
  }
  for (const e of entries) {
    const ratio = e.uncompressedSize / Math.max(1, e.compressedSize);
    if (e.uncompressedSize >= RATIO_MIN_BYTES && ratio > MAX_COMPRESSION_RATIO) {
      throw new ZipError('parse_failed', `its part ${e.name} claims a compression ratio of ${Math.round(ratio)}:1, which no real document has (a zip bomb)`);
    }
  }
}

// ---------------------------------------------------------------- sniffing

const isZip = (b: Uint8Array) => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const isCfb = (b: Uint8Array) => b.length >= 512 && CFB_MAGIC.every((v, i) => b[i] === v);

function contains(b: Uint8Array, needle: Uint8Array, limit = b.length): boolean {
  const end = Math.min(b.length, limit) - needle.length;
  outer: for (let i = 0; i <= end; i++) {
    for (let k = 0; k < needle.length; k++) if (b[i + k] !== needle[k]) continue outer;
    return true;
  }
  return false;
}

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const utf16le = (s: string) => Uint8Array.from(Array.from(s).flatMap((c) => [c.charCodeAt(0), 0]));
const WORD_DOCUMENT = ascii('word/document.xml');
const ENCRYPTED_PACKAGE = utf16le('EncryptedPackage');

/** An OLE compound file holding an EncryptedPackage stream: a password-protected Office document. */
export function isEncryptedOffice(b: Uint8Array): boolean {
  // The directory sectors are near the start in practice; look through the first MB.
  return isCfb(b) && contains(b, ENCRYPTED_PACKAGE, 1024 * 1024);
}

/** A zip that names word/document.xml, or a password-protected Office file. */
export function sniffDocx(b: Uint8Array): boolean {
  return (isZip(b) && contains(b, WORD_DOCUMENT)) || isEncryptedOffice(b);
}

// ---------------------------------------------------------------- numbering

interface Level {
  numFmt: string;
  lvlText: string;
  start: number;
  isLgl: boolean;
}

interface Numbering {
  /** numId → abstract id, plus per-level start overrides. */
  nums: Map<string, { abstractId: string; startOverride: Map<number, number> }>;
  abstracts: Map<string, Map<number, Level>>;
}

const CN_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const CN_LEGAL = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];

/** 1 → 一, 10 → 十, 12 → 十二, 21 → 二十一, 105 → 一百零五 (chineseCounting). */
export function chineseCounting(n: number, digits = CN_DIGITS, units = ['', '十', '百', '千']): string {
  if (n <= 0 || n >= 10000) return String(n);
  const parts = String(n).split('').map(Number);
  let out = '';
  let zero = false;
  parts.forEach((d, i) => {
    const unit = units[parts.length - 1 - i] ?? '';
    if (d === 0) {
      zero = out.length > 0;
      return;
    }
    if (zero) out += digits[0];
    zero = false;
    out += (d === 1 && unit === units[1] && out === '' ? '' : digits[d]) + unit;
  });
  return out;
}

function roman(n: number): string {
  if (n <= 0 || n >= 4000) return String(n);
  const table: [number, string][] = [[1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'], [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I']];
  let out = '';
  for (const [v, s] of table) {
    while (n >= v) {
      out += s;
      n -= v;
    }
  }
  return out;
}

function letters(n: number): string {
  // Word repeats the letter: a..z, aa..zz, aaa..
  if (n <= 0) return String(n);
  const ch = String.fromCharCode(97 + ((n - 1) % 26));
  return ch.repeat(Math.floor((n - 1) / 26) + 1);
}

export function formatNumber(n: number, fmt: string): string {
  switch (fmt) {
    case 'decimal':
    case 'decimalZero':
      return fmt === 'decimalZero' && n < 10 ? '0' + n : String(n);
    case 'decimalFullWidth':
    case 'decimalFullWidth2':
      return String(n).replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    case 'decimalEnclosedCircle':
    case 'decimalEnclosedCircleChinese':
      return n >= 1 && n <= 20 ? String.fromCharCode(0x2460 + n - 1) : String(n);
    case 'decimalEnclosedParen':
      return n >= 1 && n <= 20 ? String.fromCharCode(0x2474 + n - 1) : `(${n})`;
    case 'decimalEnclosedFullstop':
      return n >= 1 && n <= 20 ? String.fromCharCode(0x2488 + n - 1) : `${n}.`;
    case 'lowerLetter':
      return letters(n);
    case 'upperLetter':
      return letters(n).toUpperCase();
    case 'lowerRoman':
      return roman(n).toLowerCase();
    case 'upperRoman':
      return roman(n);
    case 'chineseCounting':
    case 'chineseCountingThousand':
    case 'japaneseCounting':
    case 'taiwaneseCounting':
    case 'taiwaneseCountingThousand':
      return chineseCounting(n);
    case 'ideographDigital':
    case 'taiwaneseDigital':
      return String(n).split('').map((d) => (d === '0' ? '〇' : CN_DIGITS[Number(d)])).join('');
    case 'chineseLegalSimplified':
    case 'ideographLegalTraditional':
      return chineseCounting(n, CN_LEGAL, ['', '拾', '佰', '仟']);
    case 'ideographTraditional':
      return '甲乙丙丁戊己庚辛壬癸'[(n - 1) % 10] ?? String(n);
    case 'ideographZodiac':
      return '子丑寅卯辰巳午未申酉戌亥'[(n - 1) % 12] ?? String(n);
    case 'none':
      return '';
    default:
      return String(n);
  }
}

// ---------------------------------------------------------------- XML walking

type Parser = typeof import('htmlparser2').Parser;

interface StyleInfo {
  name: string;
  basedOn?: string;
  outlineLvl?: number;
  numId?: string;
  ilvl?: number;
}

/** Parse an XML part with a callback-per-element walker. */
function walk(ParserCtor: Parser, xml: string, handlers: { open?: (name: string, attrs: Record<string, string>) => void; close?: (name: string) => void; text?: (t: string) => void }): void {
  const parser = new ParserCtor(
    { onopentag: handlers.open, onclosetag: handlers.close, ontext: handlers.text },
    { xmlMode: true, decodeEntities: true, recognizeSelfClosing: true },
  );
  parser.write(xml);
  parser.end();
}

const attrInt = (v: string | undefined): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number.parseInt(v, 10);
  return Number.isFinite(n) ? n : undefined;
};

function readStyles(ParserCtor: Parser, xml: string | undefined): Map<string, StyleInfo> {
  const styles = new Map<string, StyleInfo>();
  if (!xml) return styles;
  let current: StyleInfo | undefined;
  walk(ParserCtor, xml, {
    open(name, a) {
      if (name === 'w:style') {
        current = { name: '' };
        if (a['w:type'] === 'paragraph' && a['w:styleId'] !== undefined) styles.set(a['w:styleId'], current);
      } else if (!current) {
        return;
      } else if (name === 'w:name') current.name = a['w:val'] ?? '';
      else if (name === 'w:basedOn') current.basedOn = a['w:val'];
      else if (name === 'w:outlineLvl') current.outlineLvl = attrInt(a['w:val']);
      else if (name === 'w:numId') current.numId = a['w:val'];
      else if (name === 'w:ilvl') current.ilvl = attrInt(a['w:val']);
    },
    close(name) {
      if (name === 'w:style') current = undefined;
    },
  });
  return styles;
}

function readNumbering(ParserCtor: Parser, xml: string | undefined): Numbering {
  const numbering: Numbering = { nums: new Map(), abstracts: new Map() };
  if (!xml) return numbering;
  let abstract: Map<number, Level> | undefined;
  let level: Level | undefined;
  let num: { abstractId: string; startOverride: Map<number, number> } | undefined;
  let overrideLevel: number | undefined;
  walk(ParserCtor, xml, {
    open(name, a) {
      if (name === 'w:abstractNum') {
        abstract = new Map();
        numbering.abstracts.set(a['w:abstractNumId'] ?? '', abstract);
      } else if (name === 'w:lvl' && abstract) {
        level = { numFmt: 'decimal', lvlText: '', start: 1, isLgl: false };
        abstract.set(attrInt(a['w:ilvl']) ?? 0, level);
      } else if (name === 'w:num') {
        num = { abstractId: '', startOverride: new Map() };
        numbering.nums.set(a['w:numId'] ?? '', num);
      } else if (name === 'w:abstractNumId' && num) {
        num.abstractId = a['w:val'] ?? '';
      } else if (name === 'w:lvlOverride' && num) {
        overrideLevel = attrInt(a['w:ilvl']);
      } else if (name === 'w:startOverride' && num && overrideLevel !== undefined) {
        num.startOverride.set(overrideLevel, attrInt(a['w:val']) ?? 1);
      } else if (level && !num) {
        if (name === 'w:numFmt') level.numFmt = a['w:val'] ?? 'decimal';
        else if (name === 'w:lvlText') level.lvlText = a['w:val'] ?? '';
        else if (name === 'w:start') level.start = attrInt(a['w:val']) ?? 1;
        else if (name === 'w:isLgl') level.isLgl = a['w:val'] !== '0' && a['w:val'] !== 'false';
      }
    },
    close(name) {
      if (name === 'w:lvl') level = undefined;
      else if (name === 'w:abstractNum') abstract = undefined;
      else if (name === 'w:num') num = undefined;
      else if (name === 'w:lvlOverride') overrideLevel = undefined;
    },
  });
  return numbering;
}

/** Counters per abstract numbering, rendering "%1.%2"-style level texts. */
class NumberingState {
  private counters = new Map<string, number[]>();
  private seenNums = new Set<string>();
  constructor(private readonly numbering: Numbering) {}

  label(numId: string, ilvl: number): string {
    const num = this.numbering.nums.get(numId);
    if (!num || numId === '0') return '';
    const levels = this.numbering.abstracts.get(num.abstractId);
    const level = levels?.get(ilvl);
    if (!levels || !level || level.numFmt === 'bullet' || level.numFmt === 'none') return '';
    const key = num.abstractId;
    let counts = this.counters.get(key);
    if (!counts) this.counters.set(key, (counts = []));
    // A num with start overrides restarts its levels the first time it is used.
    if (!this.seenNums.has(numId)) {
      this.seenNums.add(numId);
      for (const [l, start] of num.startOverride) counts[l] = start - 1;
    }
    counts[ilvl] = (counts[ilvl] ?? level.start - 1) + 1;
    // A number at one level restarts every deeper level.
    counts.length = ilvl + 1;
    return level.lvlText.replace(/%([1-9])/g, (_, d: string) => {
      const l = Number(d) - 1;
      const lv = levels.get(l);
      const n = counts[l] ?? lv?.start ?? 1;
      const fmt = level.isLgl && l < ilvl ? 'decimal' : (lv?.numFmt ?? 'decimal');
      return formatNumber(n, fmt === 'bullet' ? 'decimal' : fmt);
    });
  }
}

function headingLevel(styleId: string | undefined, directOutline: number | undefined, styles: Map<string, StyleInfo>): number | undefined {
  if (directOutline !== undefined && directOutline >= 0 && directOutline < 9) return directOutline + 1;
  let id = styleId;
  for (let guard = 0; id !== undefined && guard < 20; guard++) {
    const s = styles.get(id);
    if (!s) break;
    const m = /^(?:heading|标题)\s*([1-9])$/i.exec(s.name.trim());
    if (m) return Number(m[1]);
    if (/^title$/i.test(s.name.trim()) || s.name.trim() === '标题') return 1;
    if (s.outlineLvl !== undefined && s.outlineLvl >= 0 && s.outlineLvl < 9) return s.outlineLvl + 1;
    id = s.basedOn;
  }
  return undefined;
}

function styleNumbering(styleId: string | undefined, styles: Map<string, StyleInfo>): { numId: string; ilvl: number } | undefined {
  let id = styleId;
  for (let guard = 0; id !== undefined && guard < 20; guard++) {
    const s = styles.get(id);
    if (!s) break;
    if (s.numId !== undefined) return { numId: s.numId, ilvl: s.ilvl ?? 0 };
    id = s.basedOn;
  }
  return undefined;
}

interface Para {
  text: string;
  /** The run being read (undefined outside a run) and whether it is hidden text. */
  run?: string;
  hidden: boolean;
  inRPr: boolean;
  styleId?: string;
  numId?: string;
  ilvl?: number;
  outline?: number;
  inPPr: boolean;
}

/** Elements whose content is not document text. */
const SKIP = new Set(['w:del', 'w:instrText', 'w:delInstrText', 'mc:Fallback', 'w:pPrChange', 'w:rPrChange', 'w:footnoteReference', 'w:endnoteReference', 'w:commentReference', 'w:fldData']);

function readDocument(ParserCtor: Parser, xml: string, styles: Map<string, StyleInfo>, numbering: Numbering): { lines: { text: string; level?: number }[] } {
  const state = new NumberingState(numbering);
  const lines: { text: string; level?: number }[] = [];
  const stack: Para[] = [];
  let skipDepth = 0;
  let inText = false;
  walk(ParserCtor, xml, {
    open(name, a) {
      if (skipDepth > 0) {
        if (SKIP.has(name)) skipDepth++;
        return;
      }
      if (SKIP.has(name)) {
        skipDepth = 1;
        return;
      }
      const para = stack[stack.length - 1];
      switch (name) {
        case 'w:p':
          stack.push({ text: '', inPPr: false, hidden: false, inRPr: false });
          return;
        case 'w:pPr':
          if (para) para.inPPr = true;
          return;
        case 'w:pStyle':
          if (para?.inPPr) para.styleId = a['w:val'];
          return;
        case 'w:numId':
          if (para?.inPPr) para.numId = a['w:val'];
          return;
        case 'w:ilvl':
          if (para?.inPPr) para.ilvl = attrInt(a['w:val']);
          return;
        case 'w:outlineLvl':
          if (para?.inPPr) para.outline = attrInt(a['w:val']);
          return;
        case 'w:r':
          if (para) {
            para.run = '';
            para.hidden = false;
          }
          return;
        case 'w:rPr':
          if (para) para.inRPr = true;
          return;
        case 'w:vanish':
          if (para?.inRPr && para.run !== undefined) para.hidden = a['w:val'] !== '0' && a['w:val'] !== 'false';
          return;
        case 'w:t':
          inText = true;
          return;
        case 'w:tab':
        case 'w:ptab':
          if (para?.run !== undefined && !para.inRPr) para.run += '\t';
          return;
        case 'w:br':
        case 'w:cr':
          if (para?.run !== undefined) para.run += '\n';
          return;
        case 'w:noBreakHyphen':
          if (para?.run !== undefined) para.run += '-';
          return;
        default:
          return;
      }
    },
    text(t) {
      const para = stack[stack.length - 1];
      if (skipDepth === 0 && inText && para?.run !== undefined) para.run += t;
    },
    close(name) {
      if (skipDepth > 0) {
        if (SKIP.has(name)) skipDepth--;
        return;
      }
      const para = stack[stack.length - 1];
      switch (name) {
        case 'w:t':
          inText = false;
          return;
        case 'w:rPr':
          if (para) para.inRPr = false;
          return;
        case 'w:pPr':
          if (para) para.inPPr = false;
          return;
        case 'w:r':
          if (para && para.run !== undefined && !para.hidden) para.text += para.run;
          if (para) para.run = undefined;
          return;
        case 'w:p': {
          const p = stack.pop();
          if (!p) return;
          const body = p.text.replace(/\r/g, '').replace(/[ \t]+$/gm, '').replace(/^\n+|\n+$/g, '');
          if (body.replace(/\s/g, '') === '') return;
          const level = headingLevel(p.styleId, p.outline, styles);
          const num = p.numId !== undefined ? { numId: p.numId, ilvl: p.ilvl ?? 0 } : styleNumbering(p.styleId, styles);
          let label = num ? state.label(num.numId, num.ilvl) : '';
          // Word puts a tab after the number by default; a space keeps "1. text" readable.
          if (label && !/^\s/.test(body)) label += /[、.．）)：:]$/.test(label) ? '' : ' ';
          lines.push({ text: label + body.replace(/^\s+/, ''), level });
          return;
        }
        default:
          return;
      }
    },
  });
  return { lines };
}

// ---------------------------------------------------------------- the adapter

export async function extractDocx({ bytes, fileName }: AdapterInput): Promise<ExtractedDocument> {
  const name = displayName(fileName);
  const refuse = (code: 'parse_failed' | 'too_large' | 'encrypted', why: string, todo: string): never => {
    throw new EngineError(code, fileName, `${name}: ${why}. ${todo}`);
  };
  const AGAIN = 'Open it in Word or WPS and save it again as .docx, or save it as text.';
  if (isEncryptedOffice(bytes)) {
    refuse('encrypted', 'the Word document is password-protected, so its text cannot be read', 'Open it in Word or WPS with the password, remove the password (File > Info > Protect Document), save, and open the new copy.');
  }
  if (isCfb(bytes)) {
    refuse('parse_failed', 'this is a legacy Word .doc file (or another old Office file) with a .docx name', 'Open it in Word or WPS and save it as .docx, or save it as text.');
  }
  if (!isZip(bytes)) {
    refuse('parse_failed', 'this is not a Word .docx file (a .docx is a zip package, and this file is not one)', AGAIN);
  }
  let entries: ZipEntry[];
  let parts: { document: string; styles?: string; numbering?: string };
  try {
    entries = readZipDirectory(bytes);
    checkPackage(entries);
    const find = (n: string) => entries.find((e) => e.name === n);
    const docEntry = find('word/document.xml');
    if (!docEntry) throw new ZipError('parse_failed', 'the package has no word/document.xml, so it is not a Word document');
    let budget = MAX_DOCX_UNCOMPRESSED;
    const decoder = new TextDecoder('utf-8');
    const read = (e: ZipEntry | undefined): string | undefined => {
      if (!e) return undefined;
      const data = inflateEntry(bytes, e, budget);
      budget -= data.length;
      const xml = decoder.decode(data);
      // Word never writes a DTD; one here can only be an entity-expansion attack.
      if (/<!DOCTYPE|<!ENTITY/i.test(xml.slice(0, 4096))) throw new ZipError('parse_failed', `its part ${e.name} declares a DTD, which Word never writes (a hostile file)`);
      return xml;
    };
    parts = { document: read(docEntry) ?? '', styles: read(find('word/styles.xml')), numbering: read(find('word/numbering.xml')) };
  } catch (err) {
    if (err instanceof ZipError) {
      if (err.code === 'encrypted') refuse('encrypted', `the Word document is encrypted (${err.message})`, 'Remove the password in Word or WPS, save, and open the new copy.');
      if (err.code === 'too_large') refuse('too_large', `this Word file is too large to read: ${err.message}`, 'Copy just the privacy policy into a new document, or save it as text, and open that.');
      refuse('parse_failed', `this Word file cannot be read: ${err.message}`, AGAIN);
    }
    throw err;
  }
  const { Parser } = await import('htmlparser2');
  const styles = readStyles(Parser, parts.styles);
  const numbering = readNumbering(Parser, parts.numbering);
  const { lines } = readDocument(Parser, parts.document, styles, numbering);
  let text = '';
  const headings: { start: number; end: number; level: number }[] = [];
  for (const line of lines) {
    if (text.length > 0) text += '\n';
    const start = text.length;
    text += line.text;
    if (line.level !== undefined) headings.push({ start, end: text.length, level: line.level });
  }
  if (text.replace(/\s/g, '') === '') {
    throw new EngineError('empty', fileName, `${name} is a Word document with no text in its body. Check that this is the policy you meant to open.`);
  }
  return { text, format: 'docx', encoding: 'binary-container', headings };
}

export const docxAdapter: FormatAdapter = {
  id: 'docx',
  extensions: ['docx', 'docm', 'dotx', 'dotm'],
  sniff: sniffDocx,
  extract: extractDocx,
};
