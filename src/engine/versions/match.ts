// "New version of…": which policy already in the workspace a newly analyzed file most likely revises.
import type { PolicyAnalysis } from '../../shared/types';
import { fold, jaccard, shingles } from './text';
import type { AppMatch, ExistingPolicy } from './types';

/** Propose the best match only from this score up. */
export const PROPOSE_MIN_SCORE = 0.3;
/** Shingle length (characters of the folded text). */
export const SHINGLE_CHARS = 5;

/** App names compared loosely: width and case folded, spaces, quotes and kind words ("App", "客户端") dropped. */
export function normalizeAppName(app: string): string {
  let s = app.normalize('NFKC').toLowerCase().replace(/[\s"'“”‘’《》「」『』【】()（）·._\-—]+/gu, '');
  for (let i = 0; i < 3; i++) {
    const before = s;
    s = s.replace(/(?:app|应用程序|应用|客户端|手机版|软件|平台)$/u, '');
    if (!s) return before;
    if (s === before) break;
  }
  return s;
}

/**
 * Existing policies ranked by how likely the new analysis is a new version of each, best first.
 * - same_file: the very same bytes (score 1): the caller should say it is already imported.
 * - same_app: equal normalized app names: 0.6 + 0.4 × text similarity (0.9 without a text to compare).
 * - similar_text: otherwise the Jaccard similarity of 5-character shingles of the two texts.
 * An app name read from the file name only (appSource 'file_name') counts as a name match only with some text
 * similarity behind it (≥ 0.1), since "隐私政策.txt" names nothing.
 */
export function matchAppToExisting(newAnalysis: PolicyAnalysis, existing: ExistingPolicy[]): AppMatch[] {
  const name = normalizeAppName(newAnalysis.app);
  let mine: Set<number> | undefined;
  const out: AppMatch[] = [];
  for (const e of existing) {
    if (e.id === newAnalysis.id) {
      out.push({ policyId: e.id, score: 1, reason: 'same_file', sameApp: true, textSimilarity: 1 });
      continue;
    }
    let sim: number | undefined;
    if (e.text !== undefined) {
      mine ??= shingles(fold(newAnalysis.text), SHINGLE_CHARS);
      sim = round(jaccard(mine, shingles(fold(e.text), SHINGLE_CHARS)));
    }
    let sameApp = name.length > 0 && normalizeAppName(e.app) === name;
    if (sameApp && newAnalysis.appSource === 'file_name' && sim !== undefined && sim < 0.1) sameApp = false;
    let score: number;
    let reason: AppMatch['reason'];
    if (sameApp) {
      score = sim === undefined ? 0.9 : 0.6 + 0.4 * sim;
      reason = 'same_app';
    } else {
      score = sim ?? 0;
      reason = score >= PROPOSE_MIN_SCORE ? 'similar_text' : 'none';
    }
    out.push({ policyId: e.id, score: round(score), reason, sameApp, ...(sim !== undefined ? { textSimilarity: sim } : {}) });
  }
  return out.sort((a, b) => b.score - a.score || (b.textSimilarity ?? 0) - (a.textSimilarity ?? 0));
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
