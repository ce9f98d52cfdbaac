// Trains the one-vs-rest `natural` Bayes models from labelled clauses (used by scripts/train.ts and tests).
import { CATEGORY_IDS, type CategoryId } from '../../shared/taxonomy';
import { loadBayesClass, restoreModel, type LoadedModel, type NaturalBayes, type SerializedModel } from './model';
import { tokenizeMany } from './tokenize';

export interface LabelledClause {
  policy: string;
  text: string;
  labels: CategoryId[];
}

export interface TrainOptions {
  /** Keep tokens seen in at least this many clauses. */
  minDf?: number;
  /** Keep at most this many tokens (most frequent first). */
  maxVocab?: number;
  thresholds?: Partial<Record<CategoryId, number>>;
}

export function trainModel(examples: LabelledClause[], opts: TrainOptions = {}): SerializedModel {
  const minDf = opts.minDf ?? 2;
  const maxVocab = opts.maxVocab ?? 5000;
  const tokenized = tokenizeMany(examples.map((e) => e.text));
  const df = new Map<string, number>();
  for (const toks of tokenized) for (const t of toks) df.set(t, (df.get(t) ?? 0) + 1);
  const vocabulary = [...df.entries()]
    .filter(([, n]) => n >= minDf)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, maxVocab)
    .map(([t]) => t);
  const vocabIndex = new Map(vocabulary.map((t, i) => [t, i]));
  const observations = tokenized.map((toks) => {
    const obs: Record<number, number> = {};
    let k = 0;
    for (const t of toks) {
      const i = vocabIndex.get(t);
      if (i !== undefined) obs[k++] = i;
    }
    return obs;
  });

  const Bayes = loadBayesClass();
  const classifiers: SerializedModel['classifiers'] = {};
  for (const cat of CATEGORY_IDS) {
    const positives = examples.filter((e) => e.labels.includes(cat)).length;
    if (positives === 0) continue;
    const nb: NaturalBayes = new Bayes();
    const ab = nb.classifier;
    examples.forEach((e, i) => {
      const label = e.labels.includes(cat) ? 'yes' : 'no';
      ab.addExample(observations[i]!, label);
      // apparatus counts examples only for dense observations; keep its priors right for sparse ones.
      ab.totalExamples++;
      ab.classTotals[label] = (ab.classTotals[label] ?? 1) + 1;
    });
    nb.docs = [];
    nb.features = {};
    classifiers[cat] = JSON.parse(JSON.stringify(nb, (k, v) => (k === 'stemmer' ? undefined : v)));
  }
  return {
    format: 'policybench-nb-ovr/1',
    trainedAt: new Date().toISOString(),
    vocabulary,
    classifiers,
    thresholds: opts.thresholds ?? {},
  };
}

export function trainLoaded(examples: LabelledClause[], opts: TrainOptions = {}): LoadedModel {
  return restoreModel(trainModel(examples, opts));
}
