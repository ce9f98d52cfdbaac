// The statistical half of the classifier: one-vs-rest naive Bayes models from `natural`, one per category.
// `natural` is CommonJS and its root import costs ~0.7 s (dotenv, DB clients): only the submodule is loaded.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CategoryId } from '../../shared/taxonomy';
import { tokenizeMany } from './tokenize';

const requireCjs = createRequire(import.meta.url);

interface ApparatusBayes {
  classFeatures: Record<string, Record<string, number>>;
  classTotals: Record<string, number>;
  totalExamples: number;
  smoothing: number;
  addExample(observation: Record<number, number>, label: string): void;
}

export interface NaturalBayes {
  classifier: ApparatusBayes;
  features: Record<string, number>;
  docs: unknown[];
}

interface NaturalBayesCtor {
  new (stemmer?: unknown, smoothing?: number): NaturalBayes;
  restore(obj: unknown, stemmer?: unknown): NaturalBayes;
}

export function loadBayesClass(): NaturalBayesCtor {
  return requireCjs('natural/lib/natural/classifiers/bayes_classifier') as NaturalBayesCtor;
}

/** The serialized model file (resources/model/classifier.json). */
export interface SerializedModel {
  format: 'policybench-nb-ovr/1';
  trainedAt: string;
  vocabulary: string[];
  /** Per category: a natural BayesClassifier, serialized (docs dropped, features = vocabulary indexes). */
  classifiers: Partial<Record<CategoryId, unknown>>;
  /** Per category: the probability above which the model alone asserts the category. */
  thresholds: Partial<Record<CategoryId, number>>;
}

export interface LoadedModel {
  vocabIndex: Map<string, number>;
  classifiers: [CategoryId, ApparatusBayes][];
  /** Per category: the prior log-odds and each token's log-likelihood ratio, derived once from the natural model. */
  weights: { id: CategoryId; prior: number; lr: Float64Array }[];
  thresholds: Partial<Record<CategoryId, number>>;
  loadMs: number;
}

/** Sparse observation for apparatus' Bayes: {k: featureIndex}. */
export function observe(tokens: string[], vocabIndex: Map<string, number>): Record<number, number> {
  const obs: Record<number, number> = {};
  let k = 0;
  for (const t of tokens) {
    const i = vocabIndex.get(t);
    if (i !== undefined) obs[k++] = i;
  }
  return obs;
}

/**
 * P(category | tokens) from a trained apparatus Bayes model. Same estimate as its probabilityOfClass,
 * computed in log space: the library multiplies probabilities and underflows to 0 on long clauses.
 */
export function probability(nb: ApparatusBayes, obs: Record<number, number>): number {
  // Naive Bayes is overconfident on long clauses (every token counts as independent evidence): the
  // likelihood ratio is scaled by 1/sqrt(tokens) so that probabilities stay comparable across lengths.
  const yesFeats = nb.classFeatures.yes;
  const noFeats = nb.classFeatures.no;
  const yesTotal = nb.classTotals.yes;
  const noTotal = nb.classTotals.no;
  if (!yesFeats || !yesTotal) return 0;
  if (!noFeats || !noTotal) return 1;
  let lr = 0;
  let n = 0;
  for (const k in obs) {
    const f = obs[k]!;
    lr += Math.log((yesFeats[f] ?? nb.smoothing) / yesTotal) - Math.log((noFeats[f] ?? nb.smoothing) / noTotal);
    n++;
  }
  const prior = Math.log(yesTotal / noTotal);
  return 1 / (1 + Math.exp(-(prior + lr / Math.sqrt(Math.max(1, n)))));
}

let cached: LoadedModel | null | undefined;
let modelPath: string | undefined = process.env.POLICYBENCH_MODEL;

/** Where to read the model from (the Electron main process sets its resources path here). */
export function setModelPath(p: string): void {
  modelPath = p;
  cached = undefined;
}

function candidatePaths(): string[] {
  const out: string[] = [];
  if (modelPath) out.push(modelPath);
  try {
    const here = path.dirname(fileURLToPath(import.meta.url));
    out.push(path.resolve(here, '../../../resources/model/classifier.json'));
  } catch {
    // import.meta.url is not a file URL in some bundles; fall through to cwd.
  }
  out.push(path.resolve(process.cwd(), 'resources/model/classifier.json'));
  return out;
}

export function restoreModel(data: SerializedModel): LoadedModel {
  const started = performance.now();
  const Bayes = loadBayesClass();
  const vocabIndex = new Map(data.vocabulary.map((t, i) => [t, i]));
  const classifiers: [CategoryId, ApparatusBayes][] = [];
  for (const [cat, obj] of Object.entries(data.classifiers)) {
    const nb = Bayes.restore(obj);
    classifiers.push([cat as CategoryId, nb.classifier]);
  }
  const weights = classifiers.map(([id, nb]) => {
    const lr = new Float64Array(data.vocabulary.length);
    const yes = nb.classFeatures.yes ?? {};
    const no = nb.classFeatures.no ?? {};
    const yesTotal = nb.classTotals.yes ?? 1;
    const noTotal = nb.classTotals.no ?? 1;
    for (let f = 0; f < lr.length; f++) {
      lr[f] = Math.log((yes[f] ?? nb.smoothing) / yesTotal) - Math.log((no[f] ?? nb.smoothing) / noTotal);
    }
    return { id, prior: Math.log(yesTotal / noTotal), lr };
  });
  return { vocabIndex, classifiers, weights, thresholds: data.thresholds, loadMs: performance.now() - started };
}

/** Loads the model once; null when no model file exists (classification then uses rules only). */
export function getModel(): LoadedModel | null {
  if (cached !== undefined) return cached;
  const started = performance.now();
  cached = null;
  for (const p of candidatePaths()) {
    if (!existsSync(p)) continue;
    const data = JSON.parse(readFileSync(p, 'utf8')) as SerializedModel;
    cached = restoreModel(data);
    cached.loadMs = performance.now() - started;
    break;
  }
  return cached;
}

/** Replaces the loaded model (training and tests). */
export function useModel(model: LoadedModel | null): void {
  cached = model;
}

/** Per-category probabilities for one clause's text. */
export function predict(model: LoadedModel, text: string): Map<CategoryId, number> {
  return predictMany(model, [text])[0]!;
}

/** Per-category probabilities for many clauses (same estimate as `probability`, from precomputed weights). */
export function predictMany(model: LoadedModel, texts: string[]): Map<CategoryId, number>[] {
  return tokenizeMany(texts).map((tokens) => {
    const idx: number[] = [];
    for (const t of tokens) {
      const i = model.vocabIndex.get(t);
      if (i !== undefined) idx.push(i);
    }
    const scale = 1 / Math.sqrt(Math.max(1, idx.length));
    const out = new Map<CategoryId, number>();
    for (const w of model.weights) {
      let lr = 0;
      for (const i of idx) lr += w.lr[i]!;
      out.set(w.id, 1 / (1 + Math.exp(-(w.prior + lr * scale))));
    }
    return out;
  });
}
