// Analyses → the attributes × policies matrix that the grid, the exports and the CLI share.
import { ATTRIBUTE_IDS, NOT_STATED, TAXONOMY_VERSION } from '../shared/taxonomy';
import type { Cell, Matrix, PolicyAnalysis, PolicySummary } from '../shared/types';

export function summarize(a: PolicyAnalysis): PolicySummary {
  return { id: a.id, app: a.app, file: a.file, format: a.format, sha256: a.sha256, chars: a.chars, clauseCount: a.clauses.length, elapsedMs: a.elapsedMs };
}

const EMPTY: Cell = { value: NOT_STATED, evidence: [], confidence: 1 };

export function compare(analyses: PolicyAnalysis[]): Matrix {
  const cells: Matrix['cells'] = {};
  for (const a of analyses) {
    const row: Record<string, Cell> = {};
    for (const id of ATTRIBUTE_IDS) row[id] = a.attributes[id] ?? EMPTY;
    cells[a.id] = row;
  }
  return { taxonomyVersion: TAXONOMY_VERSION, attributes: [...ATTRIBUTE_IDS], policies: analyses.map(summarize), cells };
}
