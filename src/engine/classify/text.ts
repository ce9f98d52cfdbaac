// Matching view of clause text: width-unified, lower-cased, whitespace removed, with a map back to offsets.

/** Whether code unit c is changed or dropped by toMatch (full-width ASCII, ideographic space, A-Z, whitespace). */
function changes(c: number): boolean {
  if (c < 0x80) return (c >= 0x41 && c <= 0x5a) || c === 32 || (c >= 9 && c <= 13);
  if (c === 0xa0) return true;
  if (c <= 0x1fff) return false;
  return (c >= 0xff01 && c <= 0xff5e) || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** toMatch for one code unit: -1 when dropped (whitespace), else the unified code. Same rules as unifyChar + isSpace. */
function matchCode(c: number): number {
  if (c >= 0xff01 && c <= 0xff5e) c -= 0xfee0;
  else if (c === 0x3000) return -1;
  if (c >= 0x41 && c <= 0x5a) return c + 0x20;
  if (c === 32 || (c >= 9 && c <= 13) || c === 0xa0) return -1;
  if (c > 0x1fff && ((c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0xfeff)) return -1;
  return c;
}

/** The matching form of any string (used for cue words and for text alike). */
export function toMatch(s: string): string {
  // Most text is already in matching form (segments come width-folded and without whitespace): return it as is.
  let i = 0;
  while (i < s.length && !changes(s.charCodeAt(i))) i++;
  if (i === s.length) return s;
  const codes: number[] = [];
  let out = s.slice(0, i);
  for (; i < s.length; i++) {
    const c = matchCode(s.charCodeAt(i));
    if (c >= 0) codes.push(c);
    if (codes.length >= 4096) {
      out += String.fromCharCode(...codes);
      codes.length = 0;
    }
  }
  return out + String.fromCharCode(...codes);
}

export interface MatchView {
  /** Matching text (see toMatch). */
  m: string;
  /** m[i] came from absolute offset map[i] of the document text. */
  map: number[];
}

/** Builds the matching view of `text`, which starts at absolute offset `base` of the document. */
export function matchView(text: string, base = 0): MatchView {
  const map: number[] = [];
  const codes: number[] = [];
  let m = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      // Keep surrogate pairs whole: both halves map to their own offsets.
      codes.push(code, text.charCodeAt(i + 1));
      map.push(base + i, base + i + 1);
      i++;
    } else {
      const c = matchCode(code);
      if (c < 0) continue;
      codes.push(c);
      map.push(base + i);
    }
    if (codes.length >= 4096) {
      m += String.fromCharCode(...codes);
      codes.length = 0;
    }
  }
  return { m: m + String.fromCharCode(...codes), map };
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
