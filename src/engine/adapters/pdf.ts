// PDF: the text layer read in reading order, one text line per line, a blank line between pages.
// pdfjs-dist is loaded with a dynamic import() the first time a PDF arrives, so it costs nothing at start-up.
// Hard wraps, running headers and page numbers stay in the text: normalize.ts marks them later.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { AdapterInput, ExtractedDocument, FormatAdapter } from '../document';
import { EngineError } from '../errors';
import { displayName } from '../decode';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

let pdfjsPromise: Promise<PdfJs> | undefined;

/** Load pdfjs once, with its worker code on the main thread (Node has no web workers; this is pdfjs' own fallback). */
function loadPdfJs(): Promise<PdfJs> {
  pdfjsPromise ??= (async () => {
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const g = globalThis as { pdfjsWorker?: unknown };
    // Importing the worker module ourselves spares pdfjs a relative import() that bundlers break.
    // @ts-expect-error pdfjs-dist ships no type declarations for its worker module
    if (!g.pdfjsWorker) g.pdfjsWorker = await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
    return pdfjs;
  })();
  pdfjsPromise.catch(() => (pdfjsPromise = undefined));
  return pdfjsPromise;
}

/** Folders shipped inside pdfjs-dist: CMaps (needed for CJK fonts that use predefined encodings such as UniGB-UCS2-H). */
function resourceUrls(): { cMapUrl?: string; standardFontDataUrl?: string; wasmUrl?: string } {
  try {
    const root = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
    const dir = (name: string) => join(root, name).replaceAll('\\', '/') + '/';
    return { cMapUrl: dir('cmaps'), standardFontDataUrl: dir('standard_fonts'), wasmUrl: dir('wasm') };
  } catch {
    return {};
  }
}

const startsWithAt = (bytes: Uint8Array, s: string, at: number): boolean => {
  if (at + s.length > bytes.length) return false;
  for (let i = 0; i < s.length; i++) if (bytes[at + i] !== s.charCodeAt(i)) return false;
  return true;
};

/** Index of an ASCII string in bytes[from, to), or -1. */
function indexOfAscii(bytes: Uint8Array, s: string, from = 0, to = bytes.length): number {
  const first = s.charCodeAt(0);
  for (let i = Math.max(0, from); i + s.length <= to; i++) {
    if (bytes[i] === first && startsWithAt(bytes, s, i)) return i;
  }
  return -1;
}

/** `%PDF-` in the first KB (readers tolerate a little junk before the header). */
export function sniffPdf(bytes: Uint8Array): boolean {
  return indexOfAscii(bytes, '%PDF-', 0, Math.min(bytes.length, 1024)) >= 0;
}

/** A complete PDF ends with `%%EOF` (allowing for trailing junk such as a mail gateway's padding). */
function hasEndMarker(bytes: Uint8Array): boolean {
  return indexOfAscii(bytes, '%%EOF', Math.max(0, bytes.length - 64 * 1024)) >= 0;
}

interface Item {
  str: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

interface Line {
  y: number;
  height: number;
  items: Item[];
}

const CJK = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]/u;

/** Group a page's text items into lines by baseline, top to bottom, each line left to right. */
export function itemsToLines(items: Item[]): string[] {
  const sorted = items.filter((it) => it.str.length > 0).sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: Line[] = [];
  for (const it of sorted) {
    const h = it.height > 0 ? it.height : 10;
    const last = lines[lines.length - 1];
    // Same line when the baselines are within half a glyph height (superscripts and mixed fonts wobble a little).
    if (last && Math.abs(last.y - it.y) <= 0.5 * Math.min(h, last.height)) {
      last.items.push(it);
    } else {
      lines.push({ y: it.y, height: h, items: [it] });
    }
  }
  return lines.map((line) => {
    const row = line.items.sort((a, b) => a.x - b.x);
    let out = '';
    let prevEnd = -Infinity;
    let prevHeight = line.height;
    for (const it of row) {
      if (out.length > 0) {
        const gap = it.x - prevEnd;
        const h = Math.max(1, Math.min(prevHeight, it.height || prevHeight));
        const left = out[out.length - 1] ?? '';
        const right = it.str[0] ?? '';
        const bothCjk = CJK.test(left) && CJK.test(right);
        const needsSpace = !/\s/.test(left) && !/\s/.test(right) && gap > (bothCjk ? 1.0 : 0.25) * h;
        if (needsSpace) out += ' ';
      }
      out += it.str;
      prevEnd = it.x + it.width;
      prevHeight = it.height || prevHeight;
    }
    return out.replace(/\s+$/u, '');
  });
}

/**
 * CJK fonts (Noto CJK, Source Han, many Windows fonts) draw an ideograph and its Kangxi or
 * CJK-supplement radical with the same glyph, and PDF writers (Chromium/Skia among them) often map that
 * glyph back to the radical's code point: 用 comes out as U+2F64 ⽤, 页 as U+2EDA ⻚. The text looks right
 * but no search or lexicon matches it, so map them back. One UTF-16 unit for one, so lengths never change.
 */
const RADICAL_SUPPLEMENT: Record<string, string> = {
  '\u2e9f': '母', '\u2ea0': '民', '\u2ea7': '牛', '\u2ea9': '王', '\u2eac': '示', '\u2eb6': '羊', '\u2ebb': '聿', '\u2ec1': '虎',
  '\u2ec4': '西', '\u2ec5': '见', '\u2ec6': '角', '\u2ec9': '贝', '\u2eca': '足', '\u2ecb': '车', '\u2ed0': '钅', '\u2ed1': '長',
  '\u2ed3': '长', '\u2ed4': '门', '\u2ed7': '雨', '\u2ed8': '青', '\u2ed9': '韦', '\u2eda': '页', '\u2edb': '风', '\u2edc': '飞',
  '\u2edd': '食', '\u2ee2': '马', '\u2ee3': '骨', '\u2ee4': '鬼', '\u2ee5': '鱼', '\u2ee6': '鸟', '\u2ee7': '卤', '\u2ee8': '麦',
  '\u2ee9': '黄', '\u2eea': '黾', '\u2eeb': '斉', '\u2eec': '齐', '\u2eed': '歯', '\u2eee': '齿', '\u2eef': '竜', '\u2ef0': '龙',
  '\u2ef1': '龜', '\u2ef2': '亀', '\u2ef3': '龟',
};

export function unifyRadicals(s: string): string {
  return s.replace(/[\u2e80-\u2fdf]/g, (c) => {
    if (c >= '\u2f00') {
      const n = c.normalize('NFKC');
      return n.length === 1 ? n : c;
    }
    return RADICAL_SUPPLEMENT[c] ?? c;
  });
}

/** Characters only simplified (first) or only traditional (second) Chinese writes, common in policies. */
const SIMPLIFIED_ONLY = /[们个这说为务护权应时么会对与发经过将费问关联动资见认证]/gu;
const TRADITIONAL_ONLY = /[們個這說為務護權應時麼會對與發經過將費問關聯動資見認證]/gu;

/** Whether a text is written in simplified Chinese (rather than traditional). */
export function isSimplifiedChinese(text: string): boolean {
  return (text.match(SIMPLIFIED_ONLY)?.length ?? 0) > 2 * (text.match(TRADITIONAL_ONLY)?.length ?? 0);
}

/**
 * Other glyph-sharing artefacts seen in Chromium-printed PDFs with Noto CJK SC: a simplified font draws
 * 户 and 戶 with one glyph and the PDF says 戶 (U+6236); U+2329/U+232A are the deprecated twins of 〈〉;
 * two em dashes shaped into one glyph come back as U+2E3A. 戶 is only rewritten in simplified text.
 */
export function repairGlyphMappings(text: string, simplified: boolean): string {
  let out = text.replace(/[\u2329\u232a]/g, (c) => c.normalize('NFC')).replace(/\u2e3a/g, '——').replace(/\u2e3b/g, '———');
  if (simplified) out = out.replace(/戶/g, '户');
  return out;
}

/** Characters that mean "this text layer has no Unicode mapping" when they are most of a page. */
const GARBLED = /[\ue000-\uf8ff\ufffd\u0000-\u0008\u000e-\u001f]/gu;

function fail(code: 'parse_failed' | 'encrypted' | 'no_text', fileName: string, message: string): never {
  throw new EngineError(code, fileName, message);
}

export async function extractPdf({ bytes, fileName }: AdapterInput): Promise<ExtractedDocument> {
  const name = displayName(fileName);
  if (!sniffPdf(bytes)) {
    fail('parse_failed', fileName, `${name} is not a PDF (it does not start with %PDF-). Check that the file is the policy you meant to open, or save it again as PDF.`);
  }
  if (!hasEndMarker(bytes)) {
    fail('parse_failed', fileName, `${name} is incomplete: the PDF ends before its end marker (%%EOF), so it was probably cut off while downloading or copying. Download or export it again.`);
  }
  const pdfjs = await loadPdfJs();
  const task = pdfjs.getDocument({
    // pdfjs may take ownership of (detach) the buffer it is given; hand it a copy.
    data: new Uint8Array(bytes),
    ...resourceUrls(),
    cMapPacked: true,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    useWorkerFetch: false,
    isOffscreenCanvasSupported: false,
    isImageDecoderSupported: false,
    enableXfa: false,
    stopAtErrors: false,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  });
  let doc: Awaited<typeof task.promise> | undefined;
  try {
    try {
      doc = await task.promise;
    } catch (err) {
      const e = err as { name?: string; message?: string; code?: number };
      if (e?.name === 'PasswordException') {
        fail('encrypted', fileName, `${name} is password-protected, so its text cannot be read. Open it in a PDF reader with the password and save or print an unprotected copy, or ask the sender for one.`);
      }
      fail('parse_failed', fileName, `${name} could not be read as a PDF (${e?.message ?? String(err)}); it is probably damaged or incomplete. Download or export it again, or save it as text.`);
    }
    const pages: string[] = [];
    for (let p = 1; p <= doc.numPages; p++) {
      let lines: string[];
      try {
        const page = await doc.getPage(p);
        const content = await page.getTextContent({ includeMarkedContent: false, disableNormalization: false });
        const items: Item[] = [];
        for (const it of content.items) {
          if (!('str' in it)) continue;
          const t = it.transform as number[];
          items.push({ str: it.str, x: t[4] ?? 0, y: t[5] ?? 0, width: it.width, height: it.height || Math.abs(t[3] ?? 0) });
        }
        lines = itemsToLines(items);
        page.cleanup();
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        fail('parse_failed', fileName, `${name}: page ${p} of ${doc.numPages} could not be read (${message}); the PDF is probably damaged. Download or export it again, or save it as text.`);
      }
      pages.push(unifyRadicals(lines.join('\n')));
    }
    const visible = pages.join('').replace(/\s+/gu, '');
    if (visible.length === 0) {
      fail('no_text', fileName, `${name} has no text layer (it looks like a scanned image); run OCR on it or ask for a text PDF.`);
    }
    const garbled = visible.match(GARBLED)?.length ?? 0;
    if (garbled / visible.length > 0.5) {
      fail('no_text', fileName, `${name} has a text layer that cannot be decoded (its fonts carry no Unicode mapping, so the text comes out as placeholder symbols); run OCR on it or ask for a PDF exported with searchable text.`);
    }
    const simplified = isSimplifiedChinese(pages.join('\n'));
    pages.forEach((pageText, i) => (pages[i] = repairGlyphMappings(pageText, simplified)));
    // Pages are separated by a blank line; pageStarts[i] is where page i+1 begins.
    const pageStarts: number[] = [];
    let text = '';
    pages.forEach((pageText, i) => {
      if (i > 0) text += '\n\n';
      pageStarts.push(text.length);
      text += pageText;
    });
    const locate = (offset: number): { page?: number } | undefined => {
      if (!Number.isFinite(offset) || offset < 0 || offset > text.length) return undefined;
      let lo = 0;
      let hi = pageStarts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if ((pageStarts[mid] ?? 0) <= offset) lo = mid;
        else hi = mid - 1;
      }
      return { page: lo + 1 };
    };
    return { text, format: 'pdf', encoding: 'binary-container', locate };
  } finally {
    await doc?.destroy().catch(() => undefined);
    await task.destroy().catch(() => undefined);
  }
}

export const pdfAdapter: FormatAdapter = {
  id: 'pdf',
  extensions: ['pdf'],
  sniff: sniffPdf,
  extract: extractPdf,
};
