// Chinese-aware tokens for the classifier: character bigrams of CJK runs plus Intl.Segmenter words, per clause.
import stop from '../../../resources/lexicon/stop-tokens.json';
import { toMatch } from './text';

const STOP = new Set(stop.tokens.map(toMatch));
let segmenter: Intl.Segmenter | undefined;

export const MAX_CLAUSE = 2000;
/**
 * Clauses are segmented in batches up to this many characters, joined by '\n' (a word break on both sides,
 * so a clause's words do not depend on its batch). Intl.Segmenter has a per-call cost, and its iteration is
 * superlinear in the input's length: on the corpus, 200-character batches segment twice as fast as 1,500.
 */
const BATCH_CHARS = 200;

/** CJK unified ideographs (and extension A): the characters bigrams are made of. */
export function isCjkCode(c: number): boolean {
  return c >= 0x3400 && c <= 0x9fff;
}

function allAsciiDigits(w: string): boolean {
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return w.length > 0;
}

/** Whether a segmenter word is kept as a token: not a stop word, not a number, not a lone non-CJK character. */
export function keepWord(w: string): boolean {
  if (STOP.has(w) || allAsciiDigits(w)) return false;
  if (w.length === 1 && !isCjkCode(w.charCodeAt(0))) return false;
  return true;
}

/** Whether the CJK pair `ab` makes a bigram token (not a stop word). */
export function keepBigram(ab: string): boolean {
  return !STOP.has(ab);
}

/**
 * Calls `visit(n, word)` for every word-like segment of the matching texts `ms`, clause by clause in order
 * (all of clause n's words before clause n+1's).
 */
export function segmentWords(ms: readonly string[], visit: (n: number, word: string) => void): void {
  segmenter ??= new Intl.Segmenter('zh', { granularity: 'word' });
  let i = 0;
  while (i < ms.length) {
    // Join clauses with a newline (never part of a word) and map word offsets back to their clause.
    let j = i;
    let len = 0;
    const starts: number[] = [];
    while (j < ms.length && (j === i || len + ms[j]!.length < BATCH_CHARS)) {
      starts.push(len);
      len += ms[j]!.length + 1;
      j++;
    }
    const joined = j === i + 1 ? ms[i]! : ms.slice(i, j).join('\n');
    let k = 0;
    for (const s of segmenter.segment(joined)) {
      if (!s.isWordLike) continue;
      while (k + 1 < starts.length && s.index >= starts[k + 1]!) k++;
      visit(i + k, s.segment);
    }
    i = j;
  }
}

/** The matching form of a clause as the tokenizer reads it (cut at MAX_CLAUSE). */
export function tokenText(text: string): string {
  return toMatch(text).slice(0, MAX_CLAUSE);
}

/** Tokens of one clause (never a whole document). */
export function tokenize(text: string): string[] {
  return tokenizeMany([text])[0]!;
}

/** Tokens of many clauses; same result as tokenize() on each, faster. */
export function tokenizeMany(texts: string[]): string[][] {
  const ms = texts.map(tokenText);
  const sets = ms.map(() => new Set<string>());
  segmentWords(ms, (n, w) => {
    if (keepWord(w)) sets[n]!.add(w);
  });
  return ms.map((m, n) => bigrams(m, sets[n]!));
}

function bigrams(m: string, out: Set<string>): string[] {
  for (let i = 0; i + 1 < m.length; i++) {
    if (!isCjkCode(m.charCodeAt(i)) || !isCjkCode(m.charCodeAt(i + 1))) continue;
    const ab = m.slice(i, i + 2);
    if (keepBigram(ab)) out.add('#' + ab); // prefix keeps bigrams apart from identical two-character words
  }
  return [...out];
}
