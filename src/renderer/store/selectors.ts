// Derived data, computed from the store and memoized on its inputs (never copied into the store).
import { ATTRIBUTES, GRID_CATEGORY_IDS, type GridCategoryId } from '../../shared/taxonomy';
import type { CheckBrief, CheckResult, EvidenceRef, GridCell, PolicyAnalysis, PolicySummary, RuleInfo } from '../../shared/types';
import { valueKey } from '../format';
import type { RowGroupId } from './grid';
import type { Store } from './index';
import { shownOf } from './versions';

function memo<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  let last: A | null = null;
  let result: R;
  return (...args: A) => {
    if (last && last.length === args.length && last.every((v, i) => Object.is(v, args[i]))) return result;
    last = args;
    result = fn(...args);
    return result;
  };
}

/** chainId → how many versions it has: one pass over the versions, memoized on the map. */
const chainSizes = memo((versions: Store['versions']): Map<string, number> => {
  const out = new Map<string, number>();
  for (const v of Object.values(versions)) out.set(v.chainId, (out.get(v.chainId) ?? 0) + 1);
  return out;
});
export const selectChainSizes = (s: Pick<Store, 'versions'>): Map<string, number> => chainSizes(s.versions);
/** How many versions the chain of POLICYID has (0 when it is in none). O(1) once the map is built, so each of
 *  500 column headers can ask on every store change without walking every version. */
export const selectChainSizeOf = (s: Pick<Store, 'versions'>, policyId: string): number => {
  const v = s.versions[policyId];
  return v ? (chainSizes(s.versions).get(v.chainId) ?? 0) : 0;
};

const visiblePolicies = memo(
  (matrix: Store['matrix'], order: string[], hidden: Store['hidden'], versions: Store['versions'], shownVersion: Store['shownVersion']): PolicySummary[] => {
    if (!matrix) return [];
    const byId = new Map(matrix.policies.map((p) => [p.id, p]));
    // One column per app (issue 7): a version chain shows one version (picked, else the latest) where its first member stands.
    const chainSize = chainSizes(versions);
    const chains = new Set<string>();
    const ids = order.flatMap((id) => {
      const chainId = versions[id]?.chainId;
      if (!chainId || (chainSize.get(chainId) ?? 0) < 2) return [id];
      if (chains.has(chainId)) return [];
      chains.add(chainId);
      const shown = shownOf({ versions, shownVersion }, chainId);
      return shown ? [shown] : [];
    });
    return ids.filter((id) => !hidden[id]).flatMap((id) => byId.get(id) ?? []);
  },
);
export const selectVisiblePolicies = (s: Store): PolicySummary[] => visiblePolicies(s.matrix, s.order, s.hidden, s.versions, s.shownVersion);

const orderedPolicies = memo((matrix: Store['matrix'], order: string[]): PolicySummary[] => {
  if (!matrix) return [];
  const byId = new Map(matrix.policies.map((p) => [p.id, p]));
  return order.flatMap((id) => byId.get(id) ?? []);
});
export const selectOrderedPolicies = (s: Store): PolicySummary[] => orderedPolicies(s.matrix, s.order);

/** Attributes whose visible cells do not all say the same thing. */
const differing = memo((matrix: Store['matrix'], visible: PolicySummary[]): Set<string> => {
  const out = new Set<string>();
  if (!matrix || visible.length < 2) return out;
  for (const a of ATTRIBUTES) {
    const keys = new Set(visible.map((p) => valueKey(matrix.cells[p.id]?.[a.id]?.value)));
    if (keys.size > 1) out.add(a.id);
  }
  return out;
});
export const selectDiffering = (s: Store): Set<string> => differing(s.matrix, selectVisiblePolicies(s));

export interface Totals {
  policies: number;
  clauses: number;
  elapsedMs: number;
}
const totals = memo((matrix: Store['matrix']): Totals => {
  const ps = matrix?.policies ?? [];
  return {
    policies: ps.length,
    clauses: ps.reduce((n, p) => n + p.clauseCount, 0),
    elapsedMs: ps.reduce((n, p) => n + p.elapsedMs, 0),
  };
});
export const selectTotals = (s: Store): Totals => totals(s.matrix);

/** Occurrences of `query` in a text, case-insensitively, as [start, end) ranges. */
export function findAll(text: string, query: string): [number, number][] {
  const out: [number, number][] = [];
  if (!query) return out;
  const hay = text.toLowerCase();
  const needle = query.toLowerCase();
  for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + needle.length)) out.push([i, i + needle.length]);
  return out;
}

/** Search hits per policy across its clause texts; a policy whose clauses are not loaded yet is absent. */
const searchHits = memo((analyses: Record<string, PolicyAnalysis>, query: string): Record<string, number> => {
  const out: Record<string, number> = {};
  if (!query) return out;
  for (const [id, a] of Object.entries(analyses)) {
    let n = 0;
    for (const c of a.clauses) n += findAll(c.text, query).length;
    out[id] = n;
  }
  return out;
});
export const selectSearchHits = (s: Store): Record<string, number> => searchHits(s.analyses, s.searchQuery);

export function selectedCell(s: Store): GridCell | undefined {
  const sel = s.selection;
  return sel ? s.matrix?.cells[sel.policyId]?.[sel.attributeId] : undefined;
}

export type RowData =
  | { kind: 'group'; id: string; category: RowGroupId }
  | { kind: 'attr'; id: string; category: GridCategoryId; attributeId: string }
  | { kind: 'check'; id: string; category: 'checks'; ruleId: string; rule: RuleInfo };

/** The grid's rows: a full-width header row per category, then its attributes. Static: filters hide rows. */
export const GRID_ROWS: RowData[] = GRID_CATEGORY_IDS.flatMap((category): RowData[] => [
  { kind: 'group', id: `group:${category}`, category },
  ...ATTRIBUTES.filter((a) => a.category === category).map(
    (a): RowData => ({ kind: 'attr', id: a.id, category, attributeId: a.id }),
  ),
]);

/** The grid's rows with the Checks group (one row per rule) after the categories; without rules, no group. */
const gridRows = memo((rules: RuleInfo[] | undefined): RowData[] => {
  if (!rules || rules.length === 0) return GRID_ROWS;
  return [
    ...GRID_ROWS,
    { kind: 'group', id: 'group:checks', category: 'checks' },
    ...rules.map((rule): RowData => ({ kind: 'check', id: `check:${rule.id}`, category: 'checks', ruleId: rule.id, rule })),
  ];
});
export const selectGridRows = (s: Store): RowData[] => gridRows(s.checks?.rules);

/** Rules whose results are not the same for every visible app (for "only rows that differ"). */
const differingChecks = memo((checks: Store['checks'], visible: PolicySummary[]): Set<string> => {
  const out = new Set<string>();
  if (!checks || visible.length < 2) return out;
  for (const r of checks.rules) {
    if (new Set(visible.map((p) => checks.results[p.id]?.[r.id]?.status)).size > 1) out.add(r.id);
  }
  return out;
});
export const selectDifferingChecks = (s: Store): Set<string> => differingChecks(s.checks, selectVisiblePolicies(s));

/** The check result as the grid has it (status, severity, explanation), when the selection is a check cell. */
export function selectedCheck(s: Store): CheckBrief | undefined {
  const sel = s.selection;
  return sel?.ruleId ? s.checks?.results[sel.policyId]?.[sel.ruleId] : undefined;
}

/**
 * The selected check's full result (evidence, values) once check-get has answered for it; undefined while it
 * loads. After the checks are refreshed the previous answer is shown until the new one arrives.
 */
export function selectedCheckDetail(s: Store): CheckResult | undefined {
  const sel = s.selection;
  const d = s.checkDetail;
  return sel?.ruleId && d && d.policyId === sel.policyId && d.ruleId === sel.ruleId ? d.result : undefined;
}

/** The evidence the panel steps through: the selected cell's, or the selected check's (once loaded). */
export function selectedEvidence(s: Store): EvidenceRef[] {
  return (s.selection?.ruleId ? selectedCheckDetail(s)?.evidence : selectedCell(s)?.evidence) ?? [];
}
