// Matching view of clause text: width-unified, lower-cased, whitespace removed, with a map back to offsets.

const WHITESPACE = /\s/;
function isSpace(ch: string): boolean {
  const c = ch.charCodeAt(0);
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || (c > 0x1fff && WHITESPACE.test(ch));
}

/** Unifies one character's width (full-width ASCII → ASCII, ideographic space → space) and lower-cases ASCII. */
function unifyChar(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code >= 0xff01 && code <= 0xff5e) ch = String.fromCharCode(code - 0xfee0);
  else if (code === 0x3000) ch = ' ';
  return ch >= 'A' && ch <= 'Z' ? ch.toLowerCase() : ch;
}

/** The matching form of any string (used for cue words and for text alike). */
export function toMatch(s: string): string {
  let out = '';
  for (const raw of s) {
    if (raw.length !== 1) {
      out += raw;
      continue;
    }
    const ch = unifyChar(raw);
    if (!isSpace(ch)) out += ch;
  }
  return out;
}

export interface MatchView {
  /** Matching text (see toMatch). */
  m: string;
  /** m[i] came from absolute offset map[i] of the document text. */
  map: number[];
}

/** Builds the matching view of `text`, which starts at absolute offset `base` of the document. */
export function matchView(text: string, base = 0): MatchView {
  let m = '';
  const map: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const raw = text[i]!;
    const code = raw.charCodeAt(0);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      // Keep surrogate pairs whole: both halves map to their own offsets.
      m += raw + text[i + 1];
      map.push(base + i, base + i + 1);
      i++;
      continue;
    }
    const ch = unifyChar(raw);
    if (isSpace(ch)) continue;
    m += ch;
    map.push(base + i);
  }
  return { m, map };
}

/** Finds every occurrence of `needle` in `hay`. */
export function indexesOf(hay: string, needle: string): number[] {
  const out: number[] = [];
  if (!needle) return out;
  let i = hay.indexOf(needle);
  while (i >= 0) {
    out.push(i);
    i = hay.indexOf(needle, i + 1);
  }
  return out;
}

export function includesAny(hay: string, needles: readonly string[]): boolean {
  for (const n of needles) if (hay.includes(n)) return true;
  return false;
}

const ASCII_ALNUM = /[a-z0-9]/;
const ASCII_WORD = /^[a-z0-9_]+$/;

/** A pure-ASCII cue must not be glued to other ASCII letters or digits ("ip" in "vip", "mac" in "macos"). */
export function standsAlone(hay: string, index: number, cue: string): boolean {
  if (!ASCII_WORD.test(cue)) return true;
  const before = index > 0 ? hay[index - 1]! : '';
  const after = hay[index + cue.length] ?? '';
  return !ASCII_ALNUM.test(before) && !ASCII_ALNUM.test(after);
}
