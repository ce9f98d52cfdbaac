// Fitting the clause classifier, shared by scripts/train.ts (all labels → resources/model) and scripts/cv.ts (one fit
// per fold). A fit is: the naive Bayes models on the label texts; each category's model-only threshold chosen on
// out-of-fold probabilities (k folds by policy, pooled, so the choice does not hang on one small split); and the
// context layer (src/engine/classify/context.ts) fitted on out-of-fold feature rows of the labelled policies' files,
// so it learns how the earlier stages err on policies they were not trained on. The layer needs the policy files
// (../shared/corpus); where they are absent it is left out and said so.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { extractDocument } from '../src/engine/adapters/index';
import { classifyDetailed } from '../src/engine/classify/index';
import { trainContext } from '../src/engine/classify/context';
import { predictMany, restoreModel, type LoadedModel, type SerializedModel } from '../src/engine/classify/model';
import { trainModel, type LabelledClause } from '../src/engine/classify/train-model';
import { normalize } from '../src/engine/normalize';
import { segment } from '../src/engine/segment';
import { CATEGORY_IDS, type CategoryId } from '../src/shared/taxonomy';
import { clauseCounts, CORPUS, predictClauses, ROOT } from './eval-lib';

export const FOLDS = 5;
const LABELS_DIR = path.join(ROOT, 'resources/training/labels');

/**
 * The evaluation set's policies (resources/eval/keys) must never be trained on. (Until session 2 every ca4p-dev file
 * from 0700 on was held back; the unlabelled ones that are not near-copies of an evaluation policy are now training
 * material, see resources/training/labels/D-README.md.)
 */
const RESERVED = new Set(readdirSync(path.join(ROOT, 'resources/eval/keys')).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, '')));

function corpusNumber(policy: string): string | null {
  const m = /ca4p-dev\/(\d{4})/.exec(policy) ?? /^(\d{4})(\.html)?$/.exec(policy);
  return m ? m[1]! : null;
}

/**
 * Every training label row (resources/training/labels/*.jsonl, then `extra` files), checked: malformed lines are
 * skipped with a warning, and a row from an evaluation policy stops everything.
 */
export function readLabels(extra: string[] = []): LabelledClause[] {
  const files = readdirSync(LABELS_DIR)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .map((f) => path.join(LABELS_DIR, f))
    .concat(extra);
  const out: LabelledClause[] = [];
  const bad: string[] = [];
  for (const file of files) {
    const f = path.relative(ROOT, file);
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (!line.trim()) return;
      let row: { policy?: unknown; text?: unknown; labels?: unknown };
      try {
        row = JSON.parse(line);
      } catch {
        bad.push(`${f}:${i + 1}: not JSON`);
        return;
      }
      const policy = String(row.policy ?? '');
      const n = corpusNumber(policy);
      if (n !== null && RESERVED.has(n)) {
        throw new Error(
          `${f}:${i + 1} labels ${policy}, which is in the evaluation set (resources/eval/keys/${n}.json). ` +
            `Remove it from the training labels; refusing to train.`,
        );
      }
      const labels = Array.isArray(row.labels) ? row.labels.filter((l): l is CategoryId => CATEGORY_IDS.includes(l as CategoryId)) : [];
      if (typeof row.text !== 'string' || !row.text.trim() || labels.length === 0) {
        bad.push(`${f}:${i + 1}: missing text or known labels`);
        return;
      }
      out.push({ policy, text: row.text, labels });
    });
  }
  if (bad.length) console.warn(`skipped ${bad.length} malformed lines, e.g. ${bad.slice(0, 3).join('; ')}`);
  return out;
}

const THRESHOLD_GRID = [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95];

function hashOf(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

/** Policies in a stable pseudo-random order, dealt into k folds. */
export function foldsOf(rows: LabelledClause[], k = FOLDS): string[][] {
  const policies = [...new Set(rows.map((r) => r.policy))].sort((a, b) => (hashOf(a) < hashOf(b) ? -1 : 1));
  const out: string[][] = Array.from({ length: Math.min(k, policies.length) }, () => []);
  policies.forEach((p, i) => out[i % out.length]!.push(p));
  return out;
}

/** Unrounded F1 of one category (threshold choice compares these). */
export function f1Of(gold: CategoryId[][], pred: CategoryId[][], cat: CategoryId): number {
  const { tp, fp, fn } = clauseCounts(gold, pred, cat);
  return tp ? (2 * tp) / (2 * tp + fp + fn) : 0;
}

/** The labelled policy's file in the corpus, or null (exported workspace rows name files the corpus may not have). */
export function corpusFile(policy: string): string | null {
  const f = path.join(CORPUS, policy);
  return existsSync(f) ? f : null;
}

/** Feature rows and gold labels of one labelled policy, classified with `model` (the model must not have seen it). */
async function featureRows(policy: string, rows: LabelledClause[], model: LoadedModel): Promise<{ x: Float64Array[]; y: CategoryId[][] }> {
  const file = corpusFile(policy);
  if (!file) return { x: [], y: [] };
  const doc = await extractDocument(new Uint8Array(readFileSync(file)), path.basename(file));
  const segments = segment(normalize(doc));
  const d = classifyDetailed(segments, model, { features: true });
  if (!d.features) return { x: [], y: [] };
  // Match each labelled text to the segment it lies in (the evaluation's matching), via segment indexes.
  const shim = { text: doc.text, clauses: segments.map((s, i) => ({ ...s, categories: [{ id: String(i), confidence: 1, source: 'rule' }] })) };
  const idx = predictClauses(rows as never, shim as never).pred;
  const x: Float64Array[] = [];
  const y: CategoryId[][] = [];
  rows.forEach((r, i) => {
    const k = idx[i]![0];
    if (k === undefined || !/^\d+$/.test(k)) return;
    x.push(d.features![Number(k)]!);
    y.push(r.labels);
  });
  return { x, y };
}

export interface FitReport {
  thresholds: Partial<Record<CategoryId, number>>;
  /** Out-of-fold, on label texts alone: the model with the chosen thresholds. */
  oofModelF1: Partial<Record<CategoryId, number>>;
  /** Feature rows the context layer was fitted on (0 when the corpus is absent). */
  contextRows: number;
  contextNote: string;
}

/** Fits the whole classifier on `rows`. `log` gets one line per step. */
export async function fitClassifier(rows: LabelledClause[], opts: { context?: boolean; log?: (s: string) => void } = {}): Promise<{ model: SerializedModel; report: FitReport }> {
  const log = opts.log ?? (() => {});
  const folds = foldsOf(rows);
  // 1. Out-of-fold Bayes models and probabilities on the label texts → thresholds.
  const foldModels: LoadedModel[] = [];
  const oofGold: CategoryId[][] = [];
  const oofProbs: Map<CategoryId, number>[] = [];
  for (const held of folds) {
    const h = new Set(held);
    const m = restoreModel(trainModel(rows.filter((r) => !h.has(r.policy))));
    foldModels.push(m);
    const test = rows.filter((r) => h.has(r.policy));
    oofGold.push(...test.map((r) => r.labels));
    oofProbs.push(...predictMany(m, test.map((r) => r.text)));
  }
  const thresholds: Partial<Record<CategoryId, number>> = {};
  const oofModelF1: Partial<Record<CategoryId, number>> = {};
  for (const cat of CATEGORY_IDS) {
    let best = { t: 0.7, f1: -1 };
    for (const t of THRESHOLD_GRID) {
      const f1 = f1Of(oofGold, oofProbs.map((p) => ((p.get(cat) ?? 0) >= t ? [cat] : [])), cat);
      if (f1 > best.f1 + 1e-9) best = { t, f1 };
    }
    thresholds[cat] = best.t;
    oofModelF1[cat] = Math.round(best.f1 * 1000) / 1000;
  }
  log(`thresholds (out-of-fold over ${folds.length} folds): ${JSON.stringify(thresholds)}`);
  const model = trainModel(rows, { thresholds });
  // 2. The context layer on out-of-fold feature rows.
  let contextRows = 0;
  let contextNote = 'not fitted (disabled)';
  if (opts.context !== false) {
    const x: Float64Array[] = [];
    const y: CategoryId[][] = [];
    let missing = 0;
    for (const [k, held] of folds.entries()) {
      const m = foldModels[k]!;
      m.thresholds = thresholds;
      for (const p of held) {
        if (!corpusFile(p)) {
          missing++;
          continue;
        }
        const r = await featureRows(p, rows.filter((e) => e.policy === p), m);
        x.push(...r.x);
        y.push(...r.y);
      }
    }
    contextRows = x.length;
    if (x.length >= 500) {
      const started = performance.now();
      model.context = trainContext(x, y);
      contextNote = `fitted on ${x.length} out-of-fold clauses in ${Math.round(performance.now() - started)} ms${missing ? ` (${missing} policies without a corpus file skipped)` : ''}`;
    } else {
      contextNote = `not fitted: only ${x.length} labelled clauses matched to policy files (${missing} policies not found in ${CORPUS})`;
    }
    log(`context layer ${contextNote}`);
  }
  return { model, report: { thresholds, oofModelF1, contextRows, contextNote } };
}
