// classify: segments → clauses with categories (rules and the `natural` model combined).
import type { CategoryId } from '../../shared/taxonomy';
import type { Clause, ClauseCategory } from '../../shared/types';
import type { Segment } from '../document';
import { getModel, predictMany, type LoadedModel } from './model';
import { ruleCategories } from './rules';
import { toMatch } from './text';

export { findCues, isNegated, type CueHit } from './cues';
export { setModelPath } from './model';

/** Model probability above which a category is asserted without a rule (unless the model file says otherwise). */
const DEFAULT_THRESHOLD = 0.7;

/** Combines rule hits and model probabilities into the clause's categories. */
export function combine(
  rules: { id: CategoryId; confidence: number }[],
  probs: Map<CategoryId, number> | null,
  thresholds: Partial<Record<CategoryId, number>> = {},
): ClauseCategory[] {
  const out: ClauseCategory[] = [];
  const ruleById = new Map(rules.map((r) => [r.id, r.confidence]));
  const ids = new Set<CategoryId>([...ruleById.keys(), ...(probs ? probs.keys() : [])]);
  for (const id of ids) {
    if (id === 'other') continue;
    const rule = ruleById.get(id);
    const p = probs?.get(id);
    const threshold = thresholds[id] ?? DEFAULT_THRESHOLD;
    const agree = Math.min(0.5, threshold);
    if (rule !== undefined && p !== undefined && p >= agree) {
      // Both agree: the strongest evidence we have.
      out.push({ id, confidence: round(Math.min(0.98, 0.5 + rule / 2 + (p - agree) / 4)), source: 'rule' });
    } else if (rule !== undefined && p !== undefined) {
      // The rule fired but the model disagrees: keep only a rule with several strong cues, with less confidence.
      if (rule >= 0.8 || p >= agree / 2) out.push({ id, confidence: round(Math.max(0.3, rule - 0.25)), source: 'rule' });
    } else if (rule !== undefined) {
      out.push({ id, confidence: round(rule), source: 'rule' });
    } else if (p !== undefined && p >= threshold) {
      out.push({ id, confidence: round(Math.min(0.85, 0.5 + (p - threshold) / (1 - threshold + 1e-9) * 0.35)), source: 'model' });
    }
  }
  if (out.length === 0) {
    const pOther = probs?.get('other');
    out.push({ id: 'other', confidence: round(pOther !== undefined ? Math.max(0.5, pOther) : 0.6), source: probs ? 'model' : 'rule' });
  }
  out.sort((a, b) => b.confidence - a.confidence);
  return out;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

/** Classifies one clause's text (headings included). */
export function classifyText(text: string, model: LoadedModel | null = getModel()): ClauseCategory[] {
  return classifyTexts([text], model)[0]!;
}

export function classifyTexts(texts: string[], model: LoadedModel | null = getModel()): ClauseCategory[][] {
  const probs = model ? predictMany(model, texts) : null;
  return texts.map((t, i) => combine(ruleCategories(toMatch(t)), probs ? probs[i]! : null, model?.thresholds));
}

/** Classifies segments into clauses. Synchronous; loads the model file lazily on first use. */
export function classify(segments: Segment[]): Clause[] {
  const cats = classifyTexts(segments.map((s) => s.matchText || s.text), getModel());
  return segments.map((s, i) => {
    const { matchText: _omit, ...rest } = s;
    return { ...rest, categories: cats[i]! };
  });
}
