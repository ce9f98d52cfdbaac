// Chinese-aware tokens for the classifier: character bigrams of CJK runs plus Intl.Segmenter words, per clause.
import stop from '../../../resources/lexicon/stop-tokens.json';
import { toMatch } from './text';

const STOP = new Set(stop.tokens.map(toMatch));
const CJK = /[\u3400-\u9fff]/;
let segmenter: Intl.Segmenter | undefined;

/** Tokens of one clause (never a whole document: Intl.Segmenter is superlinear on long input). */
export function tokenize(text: string): string[] {
  const m = toMatch(text).slice(0, 2000);
  const out = new Set<string>();
  segmenter ??= new Intl.Segmenter('zh', { granularity: 'word' });
  for (const s of segmenter.segment(m)) {
    if (!s.isWordLike) continue;
    const w = s.segment;
    if (STOP.has(w) || /^\d+$/.test(w)) continue;
    if (w.length === 1 && !CJK.test(w)) continue;
    out.add(w);
  }
  for (let i = 0; i + 1 < m.length; i++) {
    const a = m[i]!;
    const b = m[i + 1]!;
    if (!CJK.test(a) || !CJK.test(b)) continue;
    const bg = '#' + a + b; // prefix keeps bigrams apart from identical two-character words
    if (!STOP.has(a + b)) out.add(bg);
  }
  return [...out];
}
