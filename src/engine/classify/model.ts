// The statistical half of the classifier: one-vs-rest naive Bayes models from `natural`, one per category.
// `natural` is CommonJS and its root import costs ~0.7 s (dotenv, DB clients): only the submodule is loaded.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CategoryId } from '../../shared/taxonomy';
import type { ContextModel } from './context';
import { isCjkCode, keepBigram, keepWord, segmentWords, tokenText } from './tokenize';

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
  /** The learned context layer (absent in older model files: classification then stops at section context). */
  context?: ContextModel;
}

export interface LoadedModel {
  vocabIndex: Map<string, number>;
  classifiers: [CategoryId, ApparatusBayes][];
  /** Per category: the prior log-odds and each token's log-likelihood ratio, derived once from the natural model. */
  weights: { id: CategoryId; prior: number; lr: Float64Array }[];
  thresholds: Partial<Record<CategoryId, number>>;
  context?: ContextModel;
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
  return { vocabIndex, classifiers, weights, thresholds: data.thresholds, ...(data.context ? { context: data.context } : {}), loadMs: performance.now() - started };
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

/** What predictMany needs, derived once per loaded model: weights laid out by token, bigram ids by char pair. */
interface FastModel {
  /** lr of token i for category c at [i * cats + c]. */
  w: Float64Array;
  cats: number;
  prior: Float64Array;
  /** Bigram token '#ab' → vocabulary index: an open-addressing table keyed by pairKey(a, b). */
  bigramKeys: Int32Array;
  bigramIds: Int32Array;
  bigramMask: number;
  /** First characters and the longest length of the vocabulary's words: most segmenter words fail these. */
  wordFirst: Uint8Array;
  maxWordLen: number;
  /** One-character words: vocabulary index by code unit, or -1. */
  word1: Int32Array;
  /** Two-CJK-character words, in the same kind of table as bigrams (no string hashing per segment). */
  word2Keys: Int32Array;
  word2Ids: Int32Array;
  word2Mask: number;
  /** Stamp per vocabulary index: the token was already counted for the clause with this stamp. */
  seen: Int32Array;
  stamp: number;
  /** Word ids (segmenter words only, in order, repeats kept) by clause piece (memoPieces); undefined when turned off. */
  memo?: Map<string, Int32Array>;
  memoGen: number;
}

let memoOn = process.env.POLICYBENCH_TOKEN_MEMO !== '0';
let memoGen = 0;

/**
 * Turns the clause memo on or off, and empties it either way. On by default (POLICYBENCH_TOKEN_MEMO=0 turns it
 * off); the bench turns it off to time clauses it has seen before as if they were new.
 */
export function setTokenMemo(on: boolean): void {
  memoOn = on;
  memoGen++;
}

/**
 * Clause pieces remembered per model (about 25 MB at most: the 1,000-policy bench set has 65,000 distinct pieces);
 * the memo is emptied when it fills up.
 */
const MEMO_MAX = 150_000;

/** Punctuation (in matching form) at which a clause is cut into memo pieces when CJK characters stand on both sides. */
const PIECE_BREAK = new Set([...',.;:!?()、。“”‘’《》【】「」'].map((c) => c.charCodeAt(0)));

/** A matching text's memo pieces: cut at PIECE_BREAK characters between two CJK characters (dropped). */
export function memoPieces(m: string): string[] {
  const out: string[] = [];
  let from = 0;
  for (let i = 1; i + 1 < m.length; i++) {
    if (!PIECE_BREAK.has(m.charCodeAt(i)) || !isCjkCode(m.charCodeAt(i - 1)) || !isCjkCode(m.charCodeAt(i + 1))) continue;
    out.push(m.slice(from, i));
    from = i + 1;
  }
  out.push(m.slice(from));
  return out;
}

const fastModels = new WeakMap<LoadedModel, FastModel>();

/** Two CJK code units (0x3400–0x9fff) as one non-negative int32. */
function pairKey(a: number, b: number): number {
  return (a - 0x3400) * 0x6c00 + (b - 0x3400);
}

function hashPair(key: number): number {
  return Math.imul(key, 0x9e3779b1) >>> 16;
}

/** An open-addressing table from pairKey to vocabulary index. */
function pairTable(entries: [number, number][]): { keys: Int32Array; ids: Int32Array; mask: number } {
  let cap = 16;
  while (cap < entries.length * 4) cap *= 2;
  const keys = new Int32Array(cap).fill(-1);
  const ids = new Int32Array(cap);
  for (const [key, id] of entries) {
    let h = hashPair(key) & (cap - 1);
    while (keys[h] !== -1) h = (h + 1) & (cap - 1);
    keys[h] = key;
    ids[h] = id;
  }
  return { keys, ids, mask: cap - 1 };
}

function pairLookup(keys: Int32Array, ids: Int32Array, mask: number, key: number): number {
  let h = hashPair(key) & mask;
  for (;;) {
    const k = keys[h]!;
    if (k === key) return ids[h]!;
    if (k === -1) return -1;
    h = (h + 1) & mask;
  }
}

function bigramId(f: FastModel, key: number): number {
  return pairLookup(f.bigramKeys, f.bigramIds, f.bigramMask, key);
}

/** The vocabulary index of a segmenter word that keepWord accepts, or -1. */
function wordId(f: FastModel, model: LoadedModel, word: string): number {
  const len = word.length;
  if (len > f.maxWordLen) return -1;
  const a = word.charCodeAt(0);
  if (f.wordFirst[a] === 0) return -1;
  if (len === 1) return f.word1[a]!;
  if (len === 2) {
    const b = word.charCodeAt(1);
    if (isCjkCode(a) && isCjkCode(b)) return pairLookup(f.word2Keys, f.word2Ids, f.word2Mask, pairKey(a, b));
  }
  const i = model.vocabIndex.get(word);
  return i === undefined || !keepWord(word) ? -1 : i;
}

function fastModel(model: LoadedModel): FastModel {
  let f = fastModels.get(model);
  if (f) return f;
  const cats = model.weights.length;
  const size = model.vocabIndex.size === 0 ? 0 : Math.max(...model.vocabIndex.values()) + 1;
  const w = new Float64Array(size * cats);
  model.weights.forEach((cw, c) => {
    for (let i = 0; i < size && i < cw.lr.length; i++) w[i * cats + c] = cw.lr[i]!;
  });
  const pairs: [number, number][] = [];
  const wordFirst = new Uint8Array(65536);
  let maxWordLen = 0;
  for (const [t, i] of model.vocabIndex) {
    if (t.length === 3 && t[0] === '#') {
      const a = t.charCodeAt(1);
      const b = t.charCodeAt(2);
      if (isCjkCode(a) && isCjkCode(b) && keepBigram(t.slice(1))) pairs.push([pairKey(a, b), i]);
      continue;
    }
    if (t.length === 0) continue;
    wordFirst[t.charCodeAt(0)] = 1;
    maxWordLen = Math.max(maxWordLen, t.length);
  }
  const word1 = new Int32Array(65536).fill(-1);
  const words2: [number, number][] = [];
  for (const [t, i] of model.vocabIndex) {
    if (t.length === 1 && keepWord(t)) word1[t.charCodeAt(0)] = i;
    else if (t.length === 2 && isCjkCode(t.charCodeAt(0)) && isCjkCode(t.charCodeAt(1)) && keepWord(t)) words2.push([pairKey(t.charCodeAt(0), t.charCodeAt(1)), i]);
  }
  const bigrams = pairTable(pairs);
  const w2 = pairTable(words2);
  f = {
    w,
    cats,
    prior: Float64Array.from(model.weights, (x) => x.prior),
    bigramKeys: bigrams.keys,
    bigramIds: bigrams.ids,
    bigramMask: bigrams.mask,
    wordFirst,
    maxWordLen,
    word1,
    word2Keys: w2.keys,
    word2Ids: w2.ids,
    word2Mask: w2.mask,
    seen: new Int32Array(size),
    stamp: 0,
    memo: undefined,
    memoGen: -1,
  };
  fastModels.set(model, f);
  return f;
}

/**
 * Vocabulary indexes of each clause's tokens, in tokenizeMany's order (words by first occurrence, then
 * bigrams by first occurrence), without building the token strings.
 */
function vocabIdsMany(model: LoadedModel, texts: string[]): number[][] {
  const f = fastModel(model);
  const ms = texts.map(tokenText);
  const ids: number[][] = ms.map(() => []);
  if (f.stamp > 2_000_000_000 - ms.length) {
    f.seen.fill(0);
    f.stamp = 0;
  }
  const base = f.stamp + 1;
  f.stamp += ms.length;
  if (f.memoGen !== memoGen) {
    f.memo = memoOn ? new Map() : undefined;
    f.memoGen = memoGen;
  }
  const { seen, memo } = f;
  const add = (n: number, i: number): void => {
    if (seen[i] === base + n) return;
    seen[i] = base + n;
    ids[n]!.push(i);
  };
  if (!memo) {
    segmentWords(ms, (n, word) => {
      const i = wordId(f, model, word);
      if (i >= 0) add(n, i);
    });
  } else {
    // Pieces seen before (boilerplate shared between policies and versions, a sentence whose app name or
    // number changed) reuse their word ids; the rest are segmented together. A piece is a clause part between
    // punctuation with CJK characters on both sides, where the segmenter always breaks and its dictionary
    // ranges end: a clause's words are its pieces' words, in order (memo-pieces.test.ts checks this on the
    // corpus), and do not depend on the batch (see segmentWords).
    const todo: string[] = [];
    const todoWords: number[][] = [];
    const fresh = new Map<string, number[]>();
    const lists = ms.map((m) =>
      memoPieces(m).map((p) => {
        let w: Int32Array | number[] | undefined = memo.get(p) ?? fresh.get(p);
        if (!w) {
          const words: number[] = [];
          fresh.set(p, words);
          todo.push(p);
          todoWords.push(words);
          w = words;
        }
        return w;
      }),
    );
    segmentWords(todo, (t, word) => {
      const i = wordId(f, model, word);
      if (i >= 0) todoWords[t]!.push(i);
    });
    lists.forEach((words, n) => {
      for (const w of words) for (const i of w) add(n, i);
    });
    if (memo.size + fresh.size > MEMO_MAX) memo.clear();
    for (const [p, words] of fresh) memo.set(p, Int32Array.from(words));
  }
  for (let n = 0; n < ms.length; n++) {
    const m = ms[n]!;
    let b = m.length > 0 ? m.charCodeAt(0) : 0;
    for (let k = 0; k + 1 < m.length; k++) {
      const a = b;
      b = m.charCodeAt(k + 1);
      if (!isCjkCode(a) || !isCjkCode(b)) continue;
      const i = bigramId(f, pairKey(a, b));
      if (i >= 0) add(n, i);
    }
  }
  return ids;
}

/** Per-category probabilities for many clauses (same estimate as `probability`, from precomputed weights). */
export function predictMany(model: LoadedModel, texts: string[]): Map<CategoryId, number>[] {
  const f = fastModel(model);
  const { w, cats, prior } = f;
  const lr = new Float64Array(cats);
  return vocabIdsMany(model, texts).map((idx) => {
    lr.fill(0);
    // Same order of additions per category as summing token by token: results are bit-identical.
    for (const i of idx) {
      const row = i * cats;
      for (let c = 0; c < cats; c++) lr[c] = lr[c]! + w[row + c]!;
    }
    const scale = 1 / Math.sqrt(Math.max(1, idx.length));
    const out = new Map<CategoryId, number>();
    for (let c = 0; c < cats; c++) out.set(model.weights[c]!.id, 1 / (1 + Math.exp(-(prior[c]! + lr[c]! * scale))));
    return out;
  });
}
