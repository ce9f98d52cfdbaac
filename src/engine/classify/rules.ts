// The rule half of the classifier: a cue lexicon per category (resources/lexicon/categories.json).
import lexicon from '../../../resources/lexicon/categories.json';
import type { CategoryId } from '../../shared/taxonomy';
import { findCues } from './cues';
import { toMatch } from './text';

interface CueSet {
  strong: string[];
  weak: string[];
}

const CATEGORY_CUES: [CategoryId, CueSet][] = Object.entries(lexicon.categories).map(([id, c]) => [
  id as CategoryId,
  { strong: c.strong.map(toMatch), weak: c.weak.map(toMatch) },
]);

export interface RuleHit {
  id: CategoryId;
  confidence: number;
  /** Cue hits, negated or not: a negated statement is still about its category. */
  strong: number;
  weak: number;
}

/** Categories whose cues occur in the clause's matching text. */
export function ruleCategories(matchText: string): RuleHit[] {
  const out: RuleHit[] = [];
  for (const [id, cues] of CATEGORY_CUES) {
    const strong = findCues(matchText, cues.strong, false).length;
    const weak = cues.weak.length ? findCues(matchText, cues.weak, false).length : 0;
    let confidence = 0;
    if (strong >= 2) confidence = 0.8;
    else if (strong === 1) confidence = weak > 0 ? 0.75 : 0.7;
    else if (weak >= 2) confidence = 0.5;
    if (confidence > 0) out.push({ id, confidence, strong, weak });
  }
  return out;
}
