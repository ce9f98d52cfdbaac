// The regulation rules the service checks against: read once, from a file a reviewer can edit.
// Where from: POLICYBENCH_RULES (used as given), else the first that exists of: the path the host gives
// (Electron: its resources folder), resources/rules/rules.json beside the sources (tsx) or the build
// (out/main → ../../resources), the working folder's resources/; else the copy bundled into the build. A file that cannot be read or is invalid is reported, never thrown: the grid
// shows the notice and the rest of the workbench keeps working.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadRules, RulesError, runChecks, type RuleSet } from '../engine/checks';
import type { ChecksResponse } from '../shared/contract';
import type { AttributeId } from '../shared/taxonomy';
import type { AttributeValue, Cell, Matrix } from '../shared/types';

export type LoadedRules = { ok: true; rules: RuleSet; file: string } | { ok: false; file: string; error: string };

const RELATIVE = path.join('resources', 'rules', 'rules.json');

export function rulesCandidates(preferred?: string): { path: string; explicit: boolean }[] {
  const out: { path: string; explicit: boolean }[] = [];
  const env = process.env['POLICYBENCH_RULES'];
  if (env) out.push({ path: path.resolve(env), explicit: true });
  if (preferred) out.push({ path: path.resolve(preferred), explicit: false });
  try {
    const here = path.dirname(fileURLToPath(import.meta.url));
    out.push({ path: path.resolve(here, '../..', RELATIVE), explicit: false });
  } catch {
    // import.meta.url is not a file URL in some bundles; fall through to the working folder.
  }
  out.push({ path: path.resolve(process.cwd(), RELATIVE), explicit: false });
  return out;
}

/**
 * Loads the rules. POLICYBENCH_RULES is used as given, even when it fails, so a reviewer's own rules file is
 * never silently replaced by the shipped one; otherwise the first location that exists, else the bundled copy.
 */
export function loadServiceRules(preferred?: string): LoadedRules {
  const candidates = rulesCandidates(preferred);
  const chosen = candidates.find((c) => c.explicit) ?? candidates.find((c) => existsSync(c.path));
  try {
    if (!chosen) return { ok: true, rules: loadRules(), file: '(built in)' };
    return { ok: true, rules: loadRules(chosen.path), file: chosen.path };
  } catch (err) {
    const error = err instanceof RulesError ? err.message : `${chosen?.path ?? 'rules'}: ${(err as Error).message}`;
    return { ok: false, file: chosen?.path ?? '(built in)', error };
  }
}

/** The matrix as the grid shows it: a cell a reviewer overrode reads the override's value. */
export function shownMatrix(matrix: Matrix): Matrix {
  let changed = false;
  const cells: Matrix['cells'] = {};
  for (const [policyId, row] of Object.entries(matrix.cells)) {
    const out: Record<string, Cell> = {};
    for (const [attr, cell] of Object.entries(row)) {
      // Matrices that carry overrides already put the override in `value`; read it explicitly all the same.
      const override = (cell as { override?: { value: AttributeValue } }).override;
      if (override && override.value !== cell.value) {
        out[attr] = { ...cell, value: override.value };
        changed = true;
      } else out[attr] = cell;
    }
    cells[policyId] = out as Record<AttributeId, Cell>;
  }
  return changed ? { ...matrix, cells } : matrix;
}

/** Checks on MATRIX, or empty results with the reason when the rules did not load. */
export function checksFor(matrix: Matrix, loaded: LoadedRules): ChecksResponse {
  const policyIds = matrix.policies.map((p) => p.id);
  if (!loaded.ok) {
    return { rulesVersion: '', rules: [], policyIds, results: {}, summary: {}, rulesFile: loaded.file, rulesError: loaded.error };
  }
  return { ...runChecks(shownMatrix(matrix), loaded.rules), rulesFile: loaded.file };
}
