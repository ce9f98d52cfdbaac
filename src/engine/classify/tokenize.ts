// Chinese-aware tokens for the classifier: character bigrams of CJK runs plus Intl.Segmenter words, per clause.
import stop from '../../../resources/lexicon/stop-tokens.json';
import { toMatch } from './text';

const STOP = new Set(stop.tokens.map(toMatch));
const CJK = /[\u3400-\u9fff]/;
let segmenter: Intl.Segmenter | undefined;

const MAX_CLAUSE = 2000;
/** Clauses are segmented in batches up to this many characters: Intl.Segmenter has a high per-call cost, and is superlinear on long input. */
const BATCH_CHARS = 1500;

function addWord(out: Set<string>, w: string): void {
  if (STOP.has(w) || /^\d+$/.test(w)) return;
  if (w.length === 1 && !CJK.test(w)) return;
  out.add(w);
}

/** Tokens of one clause (never a whole document). */
export function tokenize(text: string): string[] {
  return tokenizeMany([text])[0]!;
}

/** Tokens of many clauses; same result as tokenize() on each, faster. */
export function tokenizeMany(texts: string[]): string[][] {
  segmenter ??= new Intl.Segmenter('zh', { granularity: 'word' });
  const ms = texts.map((t) => toMatch(t).slice(0, MAX_CLAUSE));
  const sets = ms.map(() => new Set<string>());
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
    const joined = ms.slice(i, j).join('\n');
    let k = 0;
    for (const s of segmenter.segment(joined)) {
      if (!s.isWordLike) continue;
      while (k + 1 < starts.length && s.index >= starts[k + 1]!) k++;
      addWord(sets[i + k]!, s.segment);
    }
    i = j;
  }
  return ms.map((m, n) => bigrams(m, sets[n]!));
}

function bigrams(m: string, out: Set<string>): string[] {
  for (let i = 0; i + 1 < m.length; i++) {
    const a = m[i]!;
    const b = m[i + 1]!;
    if (!CJK.test(a) || !CJK.test(b)) continue;
    const bg = '#' + a + b; // prefix keeps bigrams apart from identical two-character words
    if (!STOP.has(a + b)) out.add(bg);
  }
  return [...out];
}
