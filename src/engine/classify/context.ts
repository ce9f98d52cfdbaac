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
  // Dense per-text vectors first (one pass over the maps), then each row is a handful of typed-array copies.
  const ownP = dense(own.probs, n);
  const ownR = denseRules(own.rules, n);
  const headP = dense(headings.scores.probs, n);
  const headR = denseRules(headings.scores.rules, n);
  const rows: Float64Array[] = [];
  const buffer = new Float64Array(segments.length * CONTEXT_FEATURES);
  segments.forEach((s, i) => {
    const row = buffer.subarray(i * CONTEXT_FEATURES, (i + 1) * CONTEXT_FEATURES);
    row.set(ownP.subarray(i * n, (i + 1) * n), 0);
    row.set(ownR.subarray(i * n, (i + 1) * n), n);
    for (const c of afterSection[i] ?? []) row[2 * n + CATEGORY_INDEX.get(c.id)!] = 1;
    const inner = s.section.length ? headings.index.get(s.section[s.section.length - 1]!) : undefined;
    const outer = s.section.length ? headings.index.get(s.section[0]!) : undefined;
    if (inner !== undefined) {
      row.set(headP.subarray(inner * n, (inner + 1) * n), 3 * n);
      row.set(headR.subarray(inner * n, (inner + 1) * n), 4 * n);
    }
    if (outer !== undefined) {
      row.set(headP.subarray(outer * n, (outer + 1) * n), 5 * n);
      row.set(headR.subarray(outer * n, (outer + 1) * n), 6 * n);
    }
    if (i > 0) row.set(ownP.subarray((i - 1) * n, i * n), 7 * n);
    if (i + 1 < segments.length) row.set(ownP.subarray((i + 1) * n, (i + 2) * n), 8 * n);
    const k = KINDS.indexOf(s.kind as (typeof KINDS)[number]);
    if (k >= 0) row[9 * n + k] = 1;
    row[9 * n + KINDS.length] = Math.log(1 + s.text.length) / 6;
    row[9 * n + KINDS.length + 1] = s.section.length / 4;
    rows.push(row);
  });
  return rows;
}

const CATEGORY_INDEX = new Map<CategoryId, number>(CATEGORY_IDS.map((c, i) => [c, i]));

function dense(probs: (Map<CategoryId, number> | null)[], n: number): Float64Array {
  const out = new Float64Array(probs.length * n);
  probs.forEach((m, i) => {
    if (m) for (const [id, p] of m) out[i * n + CATEGORY_INDEX.get(id)!] = p;
  });
  return out;
}

function denseRules(rules: RuleHit[][], n: number): Float64Array {
  const out = new Float64Array(rules.length * n);
  rules.forEach((hits, i) => {
    for (const h of hits) out[i * n + CATEGORY_INDEX.get(h.id)!] = h.confidence;
  });
  return out;
}

/**
 * A category the earlier stages asserted surely (confidence >= KEEP_SURE) stays unless the layer finds it improbable
 * (< KEEP_FLOOR): the layer learned that scope sections are `other`, but "本应用自动接收并记录的您的IP地址" under
 * "适用范围" is still collection. Chosen on the training policies' cross-validation (npm run cv: macro-F1 0.877 →
 * 0.880); POLICYBENCH_CTX_KEEP="sure,floor" overrides it for measuring ("2,1" turns it off).
 */
const [KEEP_SURE, KEEP_FLOOR] = (process.env.POLICYBENCH_CTX_KEEP ?? '0.8,0.25').split(',').map(Number) as [number, number];

/** The weights as typed arrays, once per model. */
const PACKED = new WeakMap<ContextModel, (readonly [CategoryId, Float64Array])[]>();
function packed(model: ContextModel): (readonly [CategoryId, Float64Array])[] {
  let ws = PACKED.get(model);
  if (!ws) {
    ws = CATEGORY_IDS.flatMap((id) => {
      const w = model.weights[id];
      return Array.isArray(w) && w.length === CONTEXT_FEATURES + 1 ? [[id, Float64Array.from(w)] as const] : [];
    });
    PACKED.set(model, ws);
  }
  return ws;
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** The logit: bias (last weight) plus weights × features; most features are zero, so those are skipped. */
function dot(w: ArrayLike<number>, x: Float64Array): number {
  let z = w[x.length] ?? 0;
  for (let j = 0; j < x.length; j++) {
    const v = x[j]!;
    if (v !== 0) z += w[j]! * v;
  }
  return z;
}

/** The layer's categories for each feature row: every category at or above the threshold, else the most probable. */
export function applyContext(model: ContextModel, rows: Float64Array[], before: ClauseCategory[][]): ClauseCategory[][] {
  if (model.features !== CONTEXT_FEATURES) return before;
  const ws = packed(model);
  if (ws.length === 0) return before;
  const p = new Float64Array(ws.length);
  return rows.map((x, i) => {
    let top = 0;
    for (let k = 0; k < ws.length; k++) {
      p[k] = sigmoid(dot(ws[k]![1], x));
      if (p[k]! > p[top]!) top = k;
    }
    const prior = before[i] ?? [];
    const out: ClauseCategory[] = [];
    for (let k = 0; k < ws.length; k++) {
      const id = ws[k]![0];
      const was = prior.find((c) => c.id === id);
      const keep = k === top || p[k]! >= model.threshold || (id !== 'other' && was !== undefined && was.confidence >= KEEP_SURE && p[k]! >= KEEP_FLOOR);
      if (keep) out.push({ id, confidence: Math.round(Math.min(0.98, p[k]!) * 100) / 100, source: was?.source ?? 'model' });
    }
    return out.sort((a, b) => b.confidence - a.confidence);
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
