// What the grid is sent (issue 10, the 500-column scroll): only what it renders. At 500 apps the full matrix was
// 5.2 MB of JSON (61 % of it evidence quotes) and the full checks 7.5 MB (56 % evidence, 6 % values), parsed on the
// renderer's main thread while the reviewer scrolls. The grid gets cells with evidence offsets but no quotes
// (the panel slices them from the policy text it loads anyway) and check results with status, severity and
// explanation; a selected check's evidence and values come from check-get. Exports and the CLI read the full
// matrix and checks in the service and are unchanged.
import { ApiError, type ChecksResponse } from '../shared/contract';
import type { CheckBrief, CheckResult, GridCell, GridMatrix, Matrix } from '../shared/types';
import { runChecks } from '../engine/checks';
import { checksFor, shownMatrix, type LoadedRules } from './rules';

/** MATRIX without evidence quotes (new objects: the session's matrix is not touched). */
export function gridMatrix(matrix: Matrix): GridMatrix {
  const cells: GridMatrix['cells'] = {};
  for (const [policyId, row] of Object.entries(matrix.cells)) {
    const out: Record<string, GridCell> = {};
    for (const [attr, cell] of Object.entries(row)) {
      out[attr] = { ...cell, evidence: cell.evidence.map((e) => ({ clauseId: e.clauseId, start: e.start, end: e.end })) };
    }
    cells[policyId] = out as GridMatrix['cells'][string];
  }
  return { ...matrix, cells };
}

/** The checks on MATRIX as the grid gets them: each result's status, severity and explanation. */
export function gridChecksFor(matrix: Matrix, loaded: LoadedRules): ChecksResponse {
  const full = checksFor(matrix, loaded);
  const results: ChecksResponse['results'] = {};
  for (const [policyId, row] of Object.entries(full.results)) {
    const out: Record<string, CheckBrief> = {};
    for (const [ruleId, r] of Object.entries(row)) out[ruleId] = { status: r.status, severity: r.severity, explanation: r.explanation };
    results[policyId] = out;
  }
  return { ...full, results };
}

/** One result in full, computed on MATRIX exactly as checks-get computes it (overrides applied). */
export function checkResultFor(matrix: Matrix, loaded: LoadedRules, policyId: string, ruleId: string): CheckResult {
  const policy = matrix.policies.find((p) => p.id === policyId);
  if (!policy) throw new ApiError('not_found', `No policy with id ${policyId} is open. It may have been removed; refresh the list.`);
  if (!loaded.ok) throw new ApiError('not_found', `The regulation checks are off, so there is no result for rule "${ruleId}": ${loaded.error}`);
  const rule = loaded.rules.rules.find((r) => r.id === ruleId);
  if (!rule) throw new ApiError('not_found', `No rule "${ruleId}" in the rules file ${loaded.file}. The rules may have changed; refresh the checks.`);
  // A check reads only its own policy's cells: run the one rule on a matrix of that policy.
  const one: Matrix = { ...matrix, policies: [policy], cells: { [policyId]: matrix.cells[policyId] ?? ({} as Matrix['cells'][string]) } };
  return runChecks(shownMatrix(one), { ...loaded.rules, rules: [rule] }).results[policyId]![ruleId]!;
}
