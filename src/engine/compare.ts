// Analyses → the attributes × policies matrix that the grid, the exports and the CLI share.
import { ATTRIBUTE_IDS, NOT_STATED, TAXONOMY_VERSION } from '../shared/taxonomy';
import type { Cell, Matrix, PolicyAnalysis, PolicySummary } from '../shared/types';

/**
 * An analysis without its heavy parts (text, clauses): what the grid, the matrix and the checks need. A workspace
 * caches it beside the full analysis, so reopening a big review reads a few KB per policy instead of ~100 KB.
 */
export type AnalysisEntry = Omit<PolicyAnalysis, 'text' | 'clauses'> & { clauseCount: number };

export function entryOf(a: PolicyAnalysis | AnalysisEntry): AnalysisEntry {
  if (!('clauses' in a)) return a;
  const { text: _text, clauses, ...rest } = a;
  return { ...rest, clauseCount: clauses.length };
}

export function summarize(a: PolicyAnalysis | AnalysisEntry): PolicySummary {
  const clauseCount = 'clauses' in a ? a.clauses.length : a.clauseCount;
  return { id: a.id, app: a.app, file: a.file, format: a.format, sha256: a.sha256, chars: a.chars, clauseCount, elapsedMs: a.elapsedMs };
}

const EMPTY: Cell = { value: NOT_STATED, evidence: [], confidence: 1 };

export function compare(analyses: readonly (PolicyAnalysis | AnalysisEntry)[]): Matrix {
  const cells: Matrix['cells'] = {};
  for (const a of analyses) {
    const row: Record<string, Cell> = {};
    for (const id of ATTRIBUTE_IDS) row[id] = a.attributes[id] ?? EMPTY;
    cells[a.id] = row;
  }
  return { taxonomyVersion: TAXONOMY_VERSION, attributes: [...ATTRIBUTE_IDS], policies: analyses.map(summarize), cells };
}
