// What changed between two versions of a policy: clauses aligned by content (not position), a word diff
// inside modified clauses, and grid attribute value changes. See docs/VERSIONS.md.
import { ATTRIBUTE_IDS, CATEGORIES, NOT_STATED, getAttribute, type CategoryId, type GridCategoryId } from '../../shared/taxonomy';
import { isDuration, type AttributeValue, type Cell, type Clause, type PolicyAnalysis } from '../../shared/types';
import { itemChangeText, valueChangeText } from './format';
import { bigrams, fold } from './text';
import type { AttributeChange, CategoryChanges, CellDelta, ClauseChange, ClauseChangeKind, ClauseFate, ClauseSide, VersionDiff } from './types';
import { wordDiff } from './worddiff';

/** Two different clauses pair as "modified" from this bigram Dice similarity up. */
export const MODIFIED_MIN_SIMILARITY = 0.5;

const EMPTY_CELL: Cell = { value: NOT_STATED, evidence: [], confidence: 1 };

interface Pair {
  o: number;
  n: number;
  exact: boolean;
  similarity: number;
  inOrder?: boolean;
}

export function diffVersions(older: PolicyAnalysis, newer: PolicyAnalysis): VersionDiff {
  const started = performance.now();
  const oc = older.clauses;
  const nc = newer.clauses;
  const oKeys = oc.map((c) => fold(c.text));
  const nKeys = nc.map((c) => fold(c.text));

  // 1. Identical text pairs first. A text that occurs more than once ("1、与国家安全、国防安全有关的；" in two
  //    lists) pairs occurrence with occurrence closest in relative position, so removing one of them
  //    removes that one and not the last.
  const pairs: Pair[] = [];
  const oPair = new Int32Array(oc.length).fill(-1);
  const nPair = new Int32Array(nc.length).fill(-1);
  const link = (i: number, j: number, exact: boolean, similarity: number): void => {
    pairs.push({ o: i, n: j, exact, similarity });
    oPair[i] = pairs.length - 1;
    nPair[j] = pairs.length - 1;
  };
  const groups = new Map<string, { o: number[]; n: number[] }>();
  oKeys.forEach((k, i) => {
    const g = groups.get(k);
    if (g) g.o.push(i);
    else groups.set(k, { o: [i], n: [] });
  });
  nKeys.forEach((k, j) => groups.get(k)?.n.push(j));
  const rel = (i: number, len: number): number => i / Math.max(1, len);
  for (const g of groups.values()) {
    if (g.n.length === 0) continue;
    if (g.o.length === 1 && g.n.length === 1) {
      link(g.o[0]!, g.n[0]!, true, 1);
      continue;
    }
    const cand = g.o.flatMap((i) => g.n.map((j) => ({ i, j, d: Math.abs(rel(i, oc.length) - rel(j, nc.length)) })));
    cand.sort((a, b) => a.d - b.d || a.i - b.i);
    for (const { i, j } of cand) if (oPair[i] === -1 && nPair[j] === -1) link(i, j, true, 1);
  }

  // 2. The rest pair by similarity: every candidate pair at or above the threshold, best first (greedy).
  const oRest = oc.map((_, i) => i).filter((i) => oPair[i] === -1);
  const nRest = nc.map((_, j) => j).filter((j) => nPair[j] === -1);
  for (const cand of similarPairs(oRest, nRest, oKeys, nKeys, oc.length, nc.length)) {
    if (oPair[cand.o] !== -1 || nPair[cand.n] !== -1) continue;
    link(cand.o, cand.n, false, cand.similarity);
  }

  // 3. Order: the longest run of pairs that keeps its order stays put; the other pairs moved.
  markInOrder(pairs);

  // 4. Changes, in the newer version's reading order (a removed clause before the next surviving clause).
  const ordered: { pos: number; sub: number; change: ClauseChange; oIndex?: number }[] = [];
  const fates: Record<string, ClauseFate> = {};
  let unchanged = 0;
  for (const p of pairs) {
    const o = oc[p.o]!;
    const n = nc[p.n]!;
    if (p.exact) {
      if (p.inOrder) {
        unchanged++;
        fates[o.id] = { status: 'unchanged', newerClauseId: n.id };
      } else {
        ordered.push({ pos: p.n, sub: 0, oIndex: p.o, change: { kind: 'moved', categories: cats(o, n), older: side(o, p.o), newer: side(n, p.n) } });
      }
    } else {
      const change: ClauseChange = {
        kind: 'modified',
        categories: cats(o, n),
        older: side(o, p.o),
        newer: side(n, p.n),
        similarity: Math.round(p.similarity * 1000) / 1000,
        segments: wordDiff(o.text, n.text, o.start, n.start),
      };
      if (!p.inOrder) change.moved = true;
      ordered.push({ pos: p.n, sub: 0, oIndex: p.o, change });
    }
  }
  // Where each older clause now stands: the newer index of the next older clause that kept its place.
  const anchor = new Int32Array(oc.length + 1).fill(nc.length);
  for (let i = oc.length - 1; i >= 0; i--) {
    const p = oPair[i]! >= 0 ? pairs[oPair[i]!]! : undefined;
    anchor[i] = p && p.inOrder ? p.n : anchor[i + 1]!;
  }
  for (let i = 0; i < oc.length; i++) {
    if (oPair[i] !== -1) continue;
    const o = oc[i]!;
    ordered.push({ pos: anchor[i]! - 0.5, sub: i, oIndex: i, change: { kind: 'removed', categories: cats(o), older: side(o, i) } });
  }
  for (let j = 0; j < nc.length; j++) {
    if (nPair[j] !== -1) continue;
    const n = nc[j]!;
    ordered.push({ pos: j, sub: 0, change: { kind: 'added', categories: cats(n), newer: side(n, j) } });
  }
  ordered.sort((a, b) => a.pos - b.pos || a.sub - b.sub);
  const changes = ordered.map((x) => x.change);
  ordered.forEach((x, k) => {
    if (x.oIndex === undefined) return;
    const o = oc[x.oIndex]!;
    const c = x.change;
    if (c.kind === 'removed') {
      const a = anchor[x.oIndex]!;
      fates[o.id] = { status: 'removed', change: k, ...(a < nc.length ? { anchorClauseId: nc[a]!.id } : {}) };
    } else {
      fates[o.id] = { status: c.kind === 'moved' ? 'moved' : 'modified', newerClauseId: c.newer!.clauseId, change: k };
    }
  });

  const counts = { unchanged, added: 0, removed: 0, modified: 0, moved: 0 } as VersionDiff['counts'];
  for (const c of changes) counts[c.kind]++;

  const byCategory: CategoryChanges[] = CATEGORIES.map((cat) => {
    const idx = changes.flatMap((c, k) => (c.categories.includes(cat.id) ? [k] : []));
    const cc: Record<ClauseChangeKind, number> = { added: 0, removed: 0, modified: 0, moved: 0 };
    for (const k of idx) cc[changes[k]!.kind]++;
    return { category: cat.id, label: cat.label, changes: idx, counts: cc };
  });

  // 5. Grid attributes.
  const cells: Record<string, CellDelta> = {};
  const attributeChanges: AttributeChange[] = [];
  for (const id of ATTRIBUTE_IDS) {
    const a = older.attributes[id] ?? EMPTY_CELL;
    const b = newer.attributes[id] ?? EMPTY_CELL;
    const valueSame = sameValue(a.value, b.value);
    const evidenceSame = sameEvidence(a, b, fates);
    const before = { value: a.value, evidence: a.evidence };
    const after = { value: b.value, evidence: b.evidence };
    cells[id] = valueSame && evidenceSame
      ? { value: 'same', evidence: 'same' }
      : { value: valueSame ? 'same' : 'changed', evidence: evidenceSame ? 'same' : 'changed', before, after };
    if (!valueSame) attributeChanges.push(...valueChanges(id, before, after));
  }

  return {
    olderId: older.id,
    newerId: newer.id,
    attributeChanges,
    cells,
    changes,
    byCategory,
    fates,
    counts,
    params: { modifiedMinSimilarity: MODIFIED_MIN_SIMILARITY },
    elapsedMs: Math.round((performance.now() - started) * 100) / 100,
  };
}

function side(c: Clause, index: number): ClauseSide {
  return { clauseId: c.id, index, section: c.section, start: c.start, end: c.end, text: c.text, kind: c.kind };
}

function cats(...clauses: Clause[]): CategoryId[] {
  const set = new Set<CategoryId>();
  for (const c of clauses) for (const k of c.categories) set.add(k.id);
  if (set.size === 0) set.add('other');
  return CATEGORIES.map((c) => c.id).filter((id) => set.has(id));
}

/**
 * Candidate pairs among the unpaired clauses with Dice ≥ MODIFIED_MIN_SIMILARITY, best first. Shared bigrams
 * are counted through an inverted index, so clauses with nothing in common are never compared.
 */
function similarPairs(oRest: number[], nRest: number[], oKeys: string[], nKeys: string[], oLen: number, nLen: number): { o: number; n: number; similarity: number; rank: number }[] {
  if (oRest.length === 0 || nRest.length === 0) return [];
  const nGrams = nRest.map((j) => bigrams(nKeys[j]!));
  const index = new Map<string, number[]>();
  nGrams.forEach((set, k) => {
    for (const g of set) {
      const list = index.get(g);
      if (list) list.push(k);
      else index.set(g, [k]);
    }
  });
  const shared = new Int32Array(nRest.length);
  const touched: number[] = [];
  const out: { o: number; n: number; similarity: number; rank: number }[] = [];
  for (const i of oRest) {
    const og = bigrams(oKeys[i]!);
    for (const g of og) {
      const list = index.get(g);
      if (!list) continue;
      for (const k of list) {
        if (shared[k] === 0) touched.push(k);
        shared[k]!++;
      }
    }
    for (const k of touched) {
      const sim = (2 * shared[k]!) / (og.size + nGrams[k]!.size);
      shared[k] = 0;
      if (sim < MODIFIED_MIN_SIMILARITY) continue;
      const j = nRest[k]!;
      // Ties go to the pair closest in relative position.
      const distance = Math.abs(i / Math.max(1, oLen) - j / Math.max(1, nLen));
      out.push({ o: i, n: j, similarity: sim, rank: sim - 0.01 * distance });
    }
    touched.length = 0;
  }
  return out.sort((a, b) => b.rank - a.rank);
}

/** Marks the pairs on a longest increasing subsequence (by newer index, pairs sorted by older index). */
function markInOrder(pairs: Pair[]): void {
  const sorted = [...pairs].sort((a, b) => a.o - b.o);
  const tails: number[] = []; // index into sorted of the smallest tail of each length
  const prev = new Int32Array(sorted.length).fill(-1);
  for (let k = 0; k < sorted.length; k++) {
    const n = sorted[k]!.n;
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[tails[mid]!]!.n < n) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[k] = tails[lo - 1]!;
    tails[lo] = k;
  }
  for (let k = tails.length ? tails[tails.length - 1]! : -1; k >= 0; k = prev[k]!) sorted[k]!.inOrder = true;
}

function sameValue(a: AttributeValue, b: AttributeValue): boolean {
  if (isDuration(a) || isDuration(b)) return isDuration(a) && isDuration(b) && a.number === b.number && a.unit === b.unit;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b)) return false;
    const sa = new Set<string | number>(a);
    const sb = new Set<string | number>(b);
    return sa.size === sb.size && [...sa].every((x) => sb.has(x));
  }
  return a === b;
}

/** Same evidence: the older evidence clauses, followed into the newer version unchanged, are exactly the newer evidence clauses. */
function sameEvidence(a: Cell, b: Cell, fates: Record<string, ClauseFate>): boolean {
  const mapped = new Set<string>();
  for (const e of a.evidence) {
    const f = fates[e.clauseId];
    if (!f || (f.status !== 'unchanged' && f.status !== 'moved') || !f.newerClauseId) return false;
    mapped.add(f.newerClauseId);
  }
  const now = new Set(b.evidence.map((e) => e.clauseId));
  return mapped.size === now.size && [...now].every((id) => mapped.has(id));
}

function items(v: AttributeValue): (string | number)[] | undefined {
  if (Array.isArray(v)) return v;
  if (v === NOT_STATED) return [];
  return undefined;
}

function valueChanges(id: string, before: AttributeChange['before'], after: AttributeChange['after']): AttributeChange[] {
  const def = getAttribute(id);
  const category = (def?.category ?? 'collection') as GridCategoryId;
  const kindIsSet = def?.kind === 'set' || def?.kind === 'names' || def?.kind === 'ages';
  const bi = kindIsSet ? items(before.value) : undefined;
  const ai = kindIsSet ? items(after.value) : undefined;
  if (bi && ai) {
    const bs = new Set(bi);
    const as = new Set(ai);
    const added = ai.filter((x) => !bs.has(x));
    const removed = bi.filter((x) => !as.has(x));
    if (added.length + removed.length > 0) {
      return [
        ...added.map((item): AttributeChange => ({ attributeId: id, category, change: 'item_added', item, text: itemChangeText(id, item, true), before, after })),
        ...removed.map((item): AttributeChange => ({ attributeId: id, category, change: 'item_removed', item, text: itemChangeText(id, item, false), before, after })),
      ];
    }
  }
  return [{ attributeId: id, category, change: 'value', text: valueChangeText(id, before.value, after.value), before, after }];
}
