// Bytes → text: BOM, strict UTF-8, then a restricted chardet guess decoded with iconv-lite; rejects binary, empty, huge.
import chardet from 'chardet';
import iconv from 'iconv-lite';
import { EngineError } from './errors';

/** Largest file the engine reads (DESIGN.md: the contract's upload limit is sized for it). */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

export interface DecodedText {
  text: string;
  /** 'utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'gb18030', 'big5', 'windows-1252' … */
  encoding: string;
}

const OPEN_AS = 'Open the policy as .txt, .md, .html, .pdf or .docx.';

/** The last path segment, for messages. */
export function displayName(fileName: string): string {
  const parts = fileName.split(/[\\/]/);
  return parts[parts.length - 1] || fileName;
}

interface Magic {
  bytes: (number | null)[];
  what: string;
  offset?: number;
}
const b = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));
// Signatures of files that are certainly not policy text. Document containers (PDF, ZIP/DOCX, OLE .doc) are
// here too so decodeText never turns them into mojibake; the adapter registry catches them earlier by format.
const MAGICS: Magic[] = [
  { bytes: [0x89, ...b('PNG')], what: 'PNG image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'JPEG image' },
  { bytes: b('GIF8'), what: 'GIF image' },
  { bytes: b('RIFF'), what: 'RIFF media file (WebP/WAV/AVI)' },
  { bytes: b('BM'), what: 'BMP image', offset: -1 },
  { bytes: [0x7f, ...b('ELF')], what: 'ELF executable' },
  { bytes: b('MZ'), what: 'Windows executable', offset: -1 },
  { bytes: [0xcf, 0xfa, 0xed, 0xfe], what: 'Mach-O executable' },
  { bytes: [0xfe, 0xed, 0xfa, 0xcf], what: 'Mach-O executable' },
  { bytes: [0xca, 0xfe, 0xba, 0xbe], what: 'Mach-O/Java class file' },
  { bytes: [0x00, ...b('asm')], what: 'WebAssembly module' },
  { bytes: b('%PDF'), what: 'PDF document' },
  { bytes: [...b('PK'), 0x03, 0x04], what: 'ZIP archive (or DOCX/XLSX/EPUB)' },
  { bytes: [...b('PK'), 0x05, 0x06], what: 'ZIP archive' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], what: 'legacy Office document (.doc/.xls)' },
  { bytes: [0x1f, 0x8b], what: 'gzip archive' },
  { bytes: [...b('7z'), 0xbc, 0xaf, 0x27, 0x1c], what: '7-Zip archive' },
  { bytes: b('Rar!'), what: 'RAR archive' },
  { bytes: b('SQLite format 3'), what: 'SQLite database' },
  { bytes: b('OggS'), what: 'Ogg media file' },
  { bytes: b('ID3'), what: 'MP3 audio' },
  { bytes: [0x00, 0x00, 0x00, null, ...b('ftyp')], what: 'MP4/MOV media file' },
];

function startsWith(bytes: Uint8Array, sig: (number | null)[]): boolean {
  if (bytes.length < sig.length) return false;
  for (let i = 0; i < sig.length; i++) if (sig[i] !== null && bytes[i] !== sig[i]) return false;
  return true;
}

/** Names a known binary format from its magic number, or undefined. */
export function sniffBinaryKind(bytes: Uint8Array): string | undefined {
  for (const m of MAGICS) {
    if (!startsWith(bytes, m.bytes)) continue;
    // Two-letter signatures (MZ, BM) also start ordinary words; trust them only with NUL bytes nearby.
    if (m.offset === -1 && !hasNul(bytes, 0, 512)) continue;
    return m.what;
  }
  return undefined;
}

function hasNul(bytes: Uint8Array, from: number, to: number): boolean {
  const end = Math.min(bytes.length, to);
  for (let i = from; i < end; i++) if (bytes[i] === 0) return true;
  return false;
}

function bomOf(bytes: Uint8Array): { encoding: string; iconvName: string; length: number } | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8-bom', iconvName: 'utf-8', length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', iconvName: 'utf-16le', length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', iconvName: 'utf-16be', length: 2 };
  if (bytes[0] === 0x84 && bytes[1] === 0x31 && bytes[2] === 0x95 && bytes[3] === 0x33) return { encoding: 'gb18030', iconvName: 'gb18030', length: 4 };
  return undefined;
}

// ---------------------------------------------------------------- UTF-16 without a BOM

let commonHan: Uint8Array | undefined;
/**
 * A bitmap of the frequent Han characters: GB2312 level 1 (3,755 simplified) and Big5 level 1 (5,401 traditional),
 * built once by decoding those byte ranges. Real Chinese text is almost all frequent characters; bytes decoded with
 * the wrong codec land anywhere in the 20,000+ ideographs or outside them.
 */
function commonHanMap(): Uint8Array {
  if (commonHan) return commonHan;
  const map = new Uint8Array(0x10000);
  const pairs: number[] = [];
  for (let lead = 0xb0; lead <= 0xd7; lead++) for (let trail = 0xa1; trail <= 0xfe; trail++) pairs.push(lead, trail);
  for (const c of iconv.decode(Buffer.from(pairs), 'gb18030')) map[c.charCodeAt(0)] = 1;
  pairs.length = 0;
  for (let lead = 0xa4; lead <= 0xc6; lead++) {
    for (const trail of [...Array.from({ length: 0x3f }, (_, i) => 0x40 + i), ...Array.from({ length: 0x5e }, (_, i) => 0xa1 + i)]) pairs.push(lead, trail);
  }
  for (const c of iconv.decode(Buffer.from(pairs), 'big5')) {
    const code = c.charCodeAt(0);
    if (code >= 0x3400) map[code] = 1;
  }
  commonHan = map;
  return map;
}

/**
 * How much a decoded sample reads like Chinese or English prose, 0..1: printable ASCII, whitespace, CJK and
 * general punctuation, full-width forms and frequent Han characters count fully, rare Han half, anything else
 * (controls, private use, lone surrogates, Hangul and other scripts a misdecoding scatters into) nothing.
 */
export function textScore(sample: string): number {
  if (sample.length === 0) return 0;
  const han = commonHanMap();
  let score = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if ((c >= 0x20 && c < 0x7f) || c === 0x09 || c === 0x0a || c === 0x0d) score += 1;
    else if (han[c] === 1) score += 1;
    else if ((c >= 0x3000 && c <= 0x303f) || (c >= 0xff00 && c <= 0xffef) || (c >= 0x2000 && c <= 0x206f) || c === 0xa0 || c === 0xb7) score += 1;
    else if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf)) score += 0.5;
    else if (c >= 0xa0 && c < 0x250) score += 0.5; // Latin-1 and Latin Extended letters
  }
  return score / sample.length;
}

/** Bytes of UTF-16 text without a BOM: the codec whose decoding reads far more like text than the alternatives. */
function sniffUtf16(bytes: Uint8Array): { encoding: string; iconvName: string; length: number } | undefined {
  if (bytes.length < 4 || bytes.length % 2 !== 0) return undefined;
  const n = Math.min(bytes.length, 16 * 1024) & ~1;
  const sample = Buffer.from(bytes.buffer, bytes.byteOffset, n);
  // ASCII in UTF-16 puts NUL at every other byte: a strong hint, but CJK text may have almost none, so the
  // decision is made on how well each decoding reads.
  const le = textScore(sample.toString('utf16le'));
  const swapped = Buffer.from(sample);
  swapped.swap16();
  const be = textScore(swapped.toString('utf16le'));
  const best = Math.max(le, be);
  if (best < 0.9) return undefined;
  // The single-byte view: valid UTF-8 or a legacy Chinese codec that reads as well is the likelier reading.
  if (tryUtf8(bytes.subarray(0, bytes.length)) !== undefined && !hasNul(bytes, 0, n)) return undefined;
  if (!hasNul(bytes, 0, n)) {
    const gb = textScore(iconv.decode(sample, 'gb18030'));
    const big5 = textScore(iconv.decode(sample, 'big5'));
    if (Math.max(gb, big5) >= best - 0.05) return undefined;
  }
  return le >= be ? { encoding: 'utf-16le', iconvName: 'utf-16le', length: 0 } : { encoding: 'utf-16be', iconvName: 'utf-16be', length: 0 };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function tryUtf8(bytes: Uint8Array): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

// chardet names → the iconv-lite codec we decode with. GB18030 is the superset of GBK and GB2312.
const CANDIDATES: Record<string, string> = {
  GB18030: 'gb18030',
  Big5: 'big5',
  'ISO-8859-1': 'windows-1252',
  'windows-1252': 'windows-1252',
};

/** Picks a legacy encoding for bytes that are not valid UTF-8. */
function guessLegacy(bytes: Uint8Array): string {
  const sample = bytes.length > 256 * 1024 ? bytes.subarray(0, 256 * 1024) : bytes;
  const matches = chardet.analyse(sample);
  let hasHighBytes = false;
  for (let i = 0; i < sample.length && !hasHighBytes; i++) if (sample[i]! >= 0x80) hasHighBytes = true;
  for (const m of matches) {
    const codec = CANDIDATES[m.name];
    if (!codec) continue;
    // Latin-1 guesses on CJK-looking bytes are chardet shrugging; Chinese policies are far likelier GB18030.
    if (codec === 'windows-1252' && hasHighBytes && m.confidence < 60) continue;
    return codec;
  }
  return 'gb18030';
}

/** Decodes a text file's bytes. Throws EngineError too_large / binary / empty / decode_failed. */
export function decodeText(bytes: Uint8Array, fileName: string): DecodedText {
  const name = displayName(fileName);
  if (bytes.length > MAX_FILE_BYTES) {
    const mb = (bytes.length / 1024 / 1024).toFixed(1);
    throw new EngineError(
      'too_large',
      fileName,
      `${name} is ${mb} MB, more than the ${MAX_FILE_BYTES / 1024 / 1024} MB PolicyBench reads. Open only the privacy policy itself, or split the file.`,
    );
  }
  if (bytes.length === 0) {
    throw new EngineError('empty', fileName, `${name} is empty (0 bytes). Check that the file was saved completely and open it again.`);
  }

  const bom = bomOf(bytes) ?? sniffUtf16(bytes);
  if (!bom) {
    const kind = sniffBinaryKind(bytes);
    if (kind) {
      throw new EngineError('binary', fileName, `${name} is a binary file (${kind}), not a policy text. ${OPEN_AS}`);
    }
    if (hasNul(bytes, 0, 64 * 1024)) {
      throw new EngineError('binary', fileName, `${name} is a binary file (it contains NUL bytes), not a policy text. ${OPEN_AS}`);
    }
  }

  let text: string;
  let encoding: string;
  try {
    if (bom) {
      encoding = bom.encoding;
      text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset + bom.length, bytes.length - bom.length), bom.iconvName, { stripBOM: true });
    } else {
      const asUtf8 = tryUtf8(bytes);
      if (asUtf8 !== undefined) {
        text = asUtf8;
        encoding = 'utf-8';
      } else {
        encoding = guessLegacy(bytes);
        text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length), encoding, { stripBOM: true });
      }
    }
  } catch (err) {
    throw new EngineError(
      'decode_failed',
      fileName,
      `${name} could not be decoded as text (${err instanceof Error ? err.message : String(err)}). Save it as UTF-8 text and open it again.`,
    );
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);

  checkTextLooksLikeText(text, fileName, name);
  return { text, encoding };
}

/** Rejects decoded text that is whitespace only or mostly control characters. */
function checkTextLooksLikeText(text: string, fileName: string, name: string): void {
  const limit = Math.min(text.length, 64 * 1024);
  let visible = 0;
  let control = 0;
  for (let i = 0; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) {
      throw new EngineError('binary', fileName, `${name} is a binary file (it contains NUL characters), not a policy text. ${OPEN_AS}`);
    }
    if (c < 0x20 || (c >= 0x7f && c < 0xa0)) {
      if (c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c && c !== 0x0b && c !== 0x1b && c !== 0x85) control++;
    } else if (c !== 0x20 && c !== 0xa0 && c !== 0x3000 && c !== 0xfeff && !(c >= 0x2000 && c <= 0x200b)) {
      visible++;
    }
  }
  if (visible === 0 && limit === text.length) {
    throw new EngineError('empty', fileName, `${name} contains only whitespace. Check that the file was saved completely and open it again.`);
  }
  if (visible === 0 && !/\S/.test(text.replace(/[\u3000\ufeff\u200b]/g, ' '))) {
    throw new EngineError('empty', fileName, `${name} contains only whitespace. Check that the file was saved completely and open it again.`);
  }
  if (control > 8 && control / Math.max(1, visible + control) > 0.02) {
    throw new EngineError('binary', fileName, `${name} looks like a binary file (${control} control characters), not a policy text. ${OPEN_AS}`);
  }
}
