// Policies slice: the matrix from the service and the full analyses fetched on demand (evidence, search).
import type { StateCreator } from 'zustand';
import type { ChecksResponse } from '../../shared/contract';
import type { CheckResult, GridMatrix, PolicyAnalysis } from '../../shared/types';
import type { Store } from './index';

/** A check result in full (check-get) for the panel, and the checks it was asked for (a new checks-get asks again). */
export interface CheckDetail {
  policyId: string;
  ruleId: string;
  result: CheckResult;
  checks: ChecksResponse | null;
}

export interface PoliciesSlice {
  /** The grid's matrix (matrix-get): cells carry evidence offsets; quotes are slices of the analysis text. */
  matrix: GridMatrix | null;
  /** Full analyses by policy id, fetched with policy-get when the evidence panel or search needs them. */
  analyses: Record<string, PolicyAnalysis>;
  /** Regulation checks on the current matrix (refreshed whenever the matrix changes, see actions.ts). */
  checks: ChecksResponse | null;
  /** The last check result fetched in full for the panel (see loadCheckDetail in actions.ts). */
  checkDetail: CheckDetail | null;
  setMatrix(matrix: GridMatrix): void;
  putAnalysis(a: PolicyAnalysis): void;
  setChecks(checks: ChecksResponse | null): void;
  setCheckDetail(detail: CheckDetail | null): void;
  renameLocal(policyId: string, app: string): void;
}

export const createPoliciesSlice: StateCreator<Store, [], [], PoliciesSlice> = (set) => ({
  matrix: null,
  analyses: {},
  checks: null,
  checkDetail: null,
  setChecks: (checks) => set({ checks }),
  setCheckDetail: (checkDetail) => set({ checkDetail }),
  setMatrix: (matrix) =>
    set((s) => {
      const ids = new Set(matrix.policies.map((p) => p.id));
      const kept = s.order.filter((id) => ids.has(id));
      const added = matrix.policies.map((p) => p.id).filter((id) => !kept.includes(id));
      const analyses = Object.fromEntries(Object.entries(s.analyses).filter(([id]) => ids.has(id)));
      const selection = s.selection && ids.has(s.selection.policyId) ? s.selection : null;
      return { matrix, order: [...kept, ...added], analyses, selection };
    }),
  putAnalysis: (a) => set((s) => ({ analyses: { ...s.analyses, [a.id]: a } })),
  renameLocal: (policyId, app) =>
    set((s) => {
      if (!s.matrix) return {};
      const policies = s.matrix.policies.map((p) => (p.id === policyId ? { ...p, app } : p));
      const analyses = s.analyses[policyId] ? { ...s.analyses, [policyId]: { ...s.analyses[policyId], app } } : s.analyses;
      return { matrix: { ...s.matrix, policies }, analyses };
    }),
});
