// Text keys and similarity measures for version comparison.

/**
 * The comparison form of a text: NFKC (full/half width unified), ASCII lower-cased, whitespace removed.
 * Close to the segmenter's matchText, which the analysis does not carry.
 */
export function fold(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/\s+/gu, '');
}

/** Distinct character bigrams of a folded text (a one-character text gives itself). */
export function bigrams(folded: string): Set<string> {
  const out = new Set<string>();
  const chars = Array.from(folded);
  if (chars.length === 1) out.add(chars[0]!);
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i]! + chars[i + 1]!);
  return out;
}

/** Sørensen–Dice coefficient of two sets: 2|A∩B| / (|A|+|B|). */
export function dice(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let common = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const x of small) if (large.has(x)) common++;
  return (2 * common) / (a.size + b.size);
}

/** 32-bit FNV-1a hashes of the k-character shingles of a folded text. */
export function shingles(folded: string, k = 5): Set<number> {
  const out = new Set<number>();
  if (folded.length < k) {
    if (folded) out.add(fnv(folded, 0, folded.length));
    return out;
  }
  for (let i = 0; i + k <= folded.length; i++) out.add(fnv(folded, i, i + k));
  return out;
}

function fnv(s: string, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function jaccard(a: Set<number>, b: Set<number>): number {
  if (a.size === 0 && b.size === 0) return 0;
  let common = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const x of small) if (large.has(x)) common++;
  return common / (a.size + b.size - common);
}
