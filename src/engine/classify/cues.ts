// Cue matching with negation scope: "我们不会收集您的通讯录" is about collection, but the collection is negated.
import negation from '../../../resources/lexicon/negation.json';
import { indexesOf, standsAlone, toMatch } from './text';

const NEGATORS = [...new Set(negation.negators.map(toMatch))].sort((a, b) => b.length - a.length);
const NOT_NEGATORS = negation.not_negators.map(toMatch);
const BOUNDARIES = new Set(negation.boundaries.map((b) => (b === '\n' ? b : toMatch(b))));
const SCOPE_BREAKERS = negation.scope_breakers.map(toMatch);
const MAX_DISTANCE = negation.max_distance;

export interface CueHit {
  cue: string;
  /** Index in the matching text. */
  index: number;
  end: number;
  negated: boolean;
}

/** Start of the clause part that contains `index`: after the last boundary or scope breaker before it. */
export function partStart(matchText: string, index: number): number {
  let start = 0;
  for (let i = index - 1; i >= 0; i--) {
    if (BOUNDARIES.has(matchText[i]!)) {
      start = i + 1;
      break;
    }
  }
  for (const br of SCOPE_BREAKERS) {
    const at = matchText.lastIndexOf(br, index - 1);
    if (at >= start && at + br.length <= index) start = at + br.length;
  }
  return Math.max(start, index - MAX_DISTANCE);
}

const NEGATOR_FIRST = new Set(NEGATORS.map((n) => n[0]!));

/** True when a negator inside the same clause part, before the cue, governs the cue at `cueIndex`. */
export function isNegated(matchText: string, cueIndex: number): boolean {
  // Fast path: no character that can start a negator within reach.
  let any = false;
  for (let i = Math.max(0, cueIndex - MAX_DISTANCE); i < cueIndex; i++) {
    if (NEGATOR_FIRST.has(matchText[i]!)) {
      any = true;
      break;
    }
  }
  if (!any) return false;
  const from = partStart(matchText, cueIndex);
  const window = matchText.slice(from, cueIndex);
  for (let i = 0; i < window.length; i++) {
    // Skip compounds that only look negative (不同, 不限于, 未满, 未经 …).
    if (!NEGATOR_FIRST.has(window[i]!)) continue;
    const nn = NOT_NEGATORS.find((w) => matchText.startsWith(w, from + i));
    if (nn) {
      i += nn.length - 1;
      continue;
    }
    if (NEGATORS.some((n) => window.startsWith(n, i))) return true;
  }
  return false;
}

const matchForm = new Map<string, string>();
function cueForm(raw: string): string {
  let f = matchForm.get(raw);
  if (f === undefined) matchForm.set(raw, (f = toMatch(raw)));
  return f;
}

/**
 * Every occurrence of every cue in the matching text (longest cue wins where cues overlap), with negation
 * unless `negation` is false (then `negated` is always false).
 */
export function findCues(matchText: string, cues: readonly string[], negation = true): CueHit[] {
  const hits: CueHit[] = [];
  for (const raw of cues) {
    const cue = cueForm(raw);
    if (matchText.indexOf(cue) < 0) continue;
    for (const index of indexesOf(matchText, cue)) {
      if (!standsAlone(matchText, index, cue)) continue;
      hits.push({ cue, index, end: index + cue.length, negated: false });
    }
  }
  hits.sort((a, b) => a.index - b.index || b.end - a.end);
  const kept: CueHit[] = [];
  let coveredTo = -1;
  for (const h of hits) {
    if (h.index < coveredTo && h.end <= coveredTo) continue;
    kept.push(h);
    coveredTo = Math.max(coveredTo, h.end);
  }
  if (negation) for (const h of kept) h.negated = isNegated(matchText, h.index);
  return kept;
}

/** True when the cue text appears at least once, not negated. */
export function hasPositiveCue(matchText: string, cues: readonly string[]): boolean {
  return findCues(matchText, cues).some((h) => !h.negated);
}
