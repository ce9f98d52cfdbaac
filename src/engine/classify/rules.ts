// The rule half of the classifier: a cue lexicon per category (resources/lexicon/categories.json).
import lexicon from '../../../resources/lexicon/categories.json';
import type { CategoryId } from '../../shared/taxonomy';
import { CueIndex, hitsIn, type CueList } from './cues';
import { toMatch } from './text';

interface CueSet {
  strong: CueList;
  weak: CueList;
}

/** One trie over every category's cues: a clause is scanned once, not once per cue. */
const INDEX = new CueIndex();

const CATEGORY_CUES: [CategoryId, CueSet][] = Object.entries(lexicon.categories).map(([id, c]) => [
  id as CategoryId,
  { strong: INDEX.add(c.strong.map(toMatch)), weak: INDEX.add(c.weak.map(toMatch)) },
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
  const scan = INDEX.scan(matchText);
  for (const [id, cues] of CATEGORY_CUES) {
    const strong = hitsIn(scan, cues.strong, false).length;
    const weak = cues.weak.cues.length ? hitsIn(scan, cues.weak, false).length : 0;
    let confidence = 0;
    if (strong >= 2) confidence = 0.8;
    else if (strong === 1) confidence = weak > 0 ? 0.75 : 0.7;
    else if (weak >= 2) confidence = 0.5;
    if (confidence > 0) out.push({ id, confidence, strong, weak });
  }
  return out;
}
