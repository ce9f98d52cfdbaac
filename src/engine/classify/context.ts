// The context layer: a small logistic regression per category that makes the final call on each clause from what the
// earlier stages saw — the clause's own model probabilities and rule cues, the categories after section context, its
// headings' probabilities and cues (innermost and outermost), its neighbours' probabilities, its kind and length.
// Labelled policies read the same sentence differently by where it sits ("遵守适用的法律法规；" under a sharing
// exception list is sharing, under retention it is retention); hand-written section rules caught part of that, the
// layer learns the rest from the training policies (scripts/train.ts fits it on out-of-fold features, so it learns
// how the earlier stages err on policies they were not trained on).
//
// Hand-written rather than natural's LogisticRegressionClassifier: that one keeps dense sylvester matrices of
// documents × vocabulary and is meant for raw text, while this is a 78-feature dot product per category.
import { CATEGORY_IDS, type CategoryId } from '../../shared/taxonomy';
import type { ClauseCategory } from '../../shared/types';
import type { Segment } from '../document';
import type { RuleHit } from './rules';

/** The kinds of segment, one-hot in the features. */
const KINDS = ['heading', 'list_item', 'sentence'] as const;
/** Features per clause (see contextFeatures). */
export const CONTEXT_FEATURES = CATEGORY_IDS.length * 9 + KINDS.length + 2;

/** The layer as stored in the model file. */
export interface ContextModel {
  format: 'policybench-context-lr/1';
  /** Number of features (CONTEXT_FEATURES when it was trained); a mismatch disables the layer. */
  features: number;
  /** Per category (CATEGORY_IDS order): feature weights, then the bias. */
  weights: Partial<Record<CategoryId, number[]>>;
  /** A category is asserted when its probability reaches this (the most probable one always is). */
  threshold: number;
}

/** What the earlier stages produced for a list of texts. */
export interface StageScores {
  probs: (Map<CategoryId, number> | null)[];
  rules: RuleHit[][];
}

type SegmentLike = Pick<Segment, 'section' | 'kind' | 'text'>;

/**
 * Feature rows, one per segment: own model probabilities, own rule confidences, categories after section context
 * (0/1), innermost heading's probabilities and rule confidences, outermost heading's likewise, previous and next
 * segment's probabilities (8 each), kind (3), log length, section depth.
 */
export function contextFeatures(
  segments: SegmentLike[],
  own: StageScores,
  afterSection: ClauseCategory[][],
  headings: { index: Map<string, number>; scores: StageScores },
): Float64Array[] {
  const n = CATEGORY_IDS.length;
  const rows: Float64Array[] = [];
  const putProbs = (row: Float64Array, at: number, m: Map<CategoryId, number> | null | undefined) => {
    if (!m) return;
    for (let c = 0; c < n; c++) row[at + c] = m.get(CATEGORY_IDS[c]!) ?? 0;
  };
  const putRules = (row: Float64Array, at: number, hits: RuleHit[] | undefined) => {
    if (!hits) return;
    for (const h of hits) row[at + CATEGORY_IDS.indexOf(h.id)] = h.confidence;
  };
  segments.forEach((s, i) => {
    const row = new Float64Array(CONTEXT_FEATURES);
    putProbs(row, 0, own.probs[i]);
    putRules(row, n, own.rules[i]);
    for (const c of afterSection[i] ?? []) row[2 * n + CATEGORY_IDS.indexOf(c.id)] = 1;
    const inner = s.section.length ? headings.index.get(s.section[s.section.length - 1]!) : undefined;
    const outer = s.section.length ? headings.index.get(s.section[0]!) : undefined;
    if (inner !== undefined) {
      putProbs(row, 3 * n, headings.scores.probs[inner]);
      putRules(row, 4 * n, headings.scores.rules[inner]);
    }
    if (outer !== undefined) {
      putProbs(row, 5 * n, headings.scores.probs[outer]);
      putRules(row, 6 * n, headings.scores.rules[outer]);
    }
    if (i > 0) putProbs(row, 7 * n, own.probs[i - 1]);
    if (i + 1 < segments.length) putProbs(row, 8 * n, own.probs[i + 1]);
    const k = KINDS.indexOf(s.kind as (typeof KINDS)[number]);
    if (k >= 0) row[9 * n + k] = 1;
    row[9 * n + KINDS.length] = Math.log(1 + s.text.length) / 6;
    row[9 * n + KINDS.length + 1] = s.section.length / 4;
    rows.push(row);
  });
  return rows;
}

/**
 * A category the earlier stages asserted surely (confidence >= KEEP_SURE) stays unless the layer finds it improbable
 * (< KEEP_FLOOR): the layer learned that scope sections are `other`, but "本应用自动接收并记录的您的IP地址" under
 * "适用范围" is still collection. Chosen on the training policies' cross-validation (npm run cv: macro-F1 0.877 →
 * 0.880); POLICYBENCH_CTX_KEEP="sure,floor" overrides it for measuring ("2,1" turns it off).
 */
const [KEEP_SURE, KEEP_FLOOR] = (process.env.POLICYBENCH_CTX_KEEP ?? '0.8,0.25').split(',').map(Number) as [number, number];

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

function dot(w: number[], x: Float64Array): number {
  let z = w[x.length] ?? 0;
  for (let j = 0; j < x.length; j++) z += w[j]! * x[j]!;
  return z;
}

/** The layer's categories for each feature row: every category at or above the threshold, else the most probable. */
export function applyContext(model: ContextModel, rows: Float64Array[], before: ClauseCategory[][]): ClauseCategory[][] {
  if (model.features !== CONTEXT_FEATURES) return before;
  return rows.map((x, i) => {
    const scored: { id: CategoryId; p: number }[] = [];
    for (const id of CATEGORY_IDS) {
      const w = model.weights[id];
      if (w) scored.push({ id, p: sigmoid(dot(w, x)) });
    }
    if (scored.length === 0) return before[i]!;
    scored.sort((a, b) => b.p - a.p);
    const sure = new Map((before[i] ?? []).filter((c) => c.confidence >= KEEP_SURE).map((c) => [c.id, c.confidence]));
    const keep = scored.filter((s, k) => k === 0 || s.p >= model.threshold || (s.id !== 'other' && sure.has(s.id) && s.p >= KEEP_FLOOR));
    const prior = new Map((before[i] ?? []).map((c) => [c.id, c.source]));
    return keep.map((s) => ({ id: s.id, confidence: Math.round(Math.min(0.98, s.p) * 100) / 100, source: prior.get(s.id) ?? 'model' }));
  });
}

/**
 * Fits the layer: one L2-regularised logistic regression per category, full-batch Adam (the data is a few thousand
 * rows of 77 features, so this takes seconds).
 */
export function trainContext(rows: Float64Array[], labels: CategoryId[][], opts: { l2?: number; iterations?: number; rate?: number; threshold?: number } = {}): ContextModel {
  const l2 = opts.l2 ?? 1e-3;
  const iterations = opts.iterations ?? 300;
  const rate = opts.rate ?? 0.1;
  const f = CONTEXT_FEATURES;
  const weights: Partial<Record<CategoryId, number[]>> = {};
  const m = rows.length;
  for (const id of CATEGORY_IDS) {
    const y = labels.map((l) => (l.includes(id) ? 1 : 0));
    if (!y.some((v) => v === 1)) continue;
    const w = new Array<number>(f + 1).fill(0);
    const grad = new Float64Array(f + 1);
    const m1 = new Float64Array(f + 1);
    const m2 = new Float64Array(f + 1);
    for (let t = 1; t <= iterations; t++) {
      grad.fill(0);
      for (let r = 0; r < m; r++) {
        const x = rows[r]!;
        const e = sigmoid(dot(w, x)) - y[r]!;
        for (let j = 0; j < f; j++) grad[j] = grad[j]! + e * x[j]!;
        grad[f] = grad[f]! + e;
      }
      for (let j = 0; j <= f; j++) {
        const g = grad[j]! / m + (j < f ? l2 * w[j]! : 0);
        m1[j] = 0.9 * m1[j]! + 0.1 * g;
        m2[j] = 0.999 * m2[j]! + 0.001 * g * g;
        w[j] = w[j]! - (rate * (m1[j]! / (1 - 0.9 ** t))) / (Math.sqrt(m2[j]! / (1 - 0.999 ** t)) + 1e-8);
      }
    }
    weights[id] = w.map((v) => Math.round(v * 1e6) / 1e6);
  }
  return { format: 'policybench-context-lr/1', features: f, weights, threshold: opts.threshold ?? 0.5 };
}
