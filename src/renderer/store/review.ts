// Review slice: the open workspace, its notes and overrides' history, clause relabels, the reviewer's name, the notes filter.
import type { StateCreator } from 'zustand';
import type { Annotation, ClauseRelabel, HistoryEntry, Settings, WorkspaceInfo } from '../../shared/types';
import type { Store } from './index';

export type ReviewFilter = 'all' | 'annotated' | 'concerns';

export interface ReviewSlice {
  workspace: WorkspaceInfo | null;
  annotations: Annotation[];
  /** The reviewer's clause categories (issue 8), as annotations-list gives them. */
  relabels: ClauseRelabel[];
  settings: Settings | null;
  reviewFilter: ReviewFilter;
  /** History of the selected cell (key = policyId/attributeId) as last fetched. */
  history: { key: string; entries: HistoryEntry[] } | null;
  workspaceMenuOpen: boolean;
  /** Notices the reviewer has dismissed, by message. */
  dismissedNotices: string[];
  setWorkspace(w: WorkspaceInfo | null): void;
  setAnnotations(a: Annotation[]): void;
  setRelabels(r: ClauseRelabel[]): void;
  setSettings(s: Settings): void;
  setReviewFilter(f: ReviewFilter): void;
  setHistory(h: ReviewSlice['history']): void;
  setWorkspaceMenuOpen(open: boolean): void;
  dismissNotice(message: string): void;
}

export const createReviewSlice: StateCreator<Store, [], [], ReviewSlice> = (set) => ({
  workspace: null,
  annotations: [],
  relabels: [],
  settings: null,
  reviewFilter: 'all',
  history: null,
  workspaceMenuOpen: false,
  dismissedNotices: [],
  setWorkspace: (workspace) => set({ workspace }),
  setAnnotations: (annotations) => set({ annotations }),
  setRelabels: (relabels) => set({ relabels }),
  setSettings: (settings) => set({ settings }),
  setReviewFilter: (reviewFilter) => set({ reviewFilter }),
  setHistory: (history) => set({ history }),
  setWorkspaceMenuOpen: (workspaceMenuOpen) => set({ workspaceMenuOpen }),
  dismissNotice: (message) => set((s) => ({ dismissedNotices: [...s.dismissedNotices, message] })),
});

/** Most severe first: the badge of a cell with several notes shows the first status found here. */
export const STATUS_SEVERITY = ['violation', 'concern', 'follow_up', 'ok'] as const;

export interface CellReview {
  notes: Annotation[];
  /** The most severe status among the cell's notes. */
  status?: Annotation['status'];
  hasText: boolean;
}

let indexed: { from: Annotation[]; cells: Map<string, CellReview>; clauses: Map<string, Annotation[]> } | null = null;

/** Notes by cell and by clause, rebuilt only when the annotations array changes. */
export function reviewIndex(annotations: Annotation[]) {
  if (indexed?.from === annotations) return indexed;
  const cells = new Map<string, CellReview>();
  const clauses = new Map<string, Annotation[]>();
  for (const a of annotations) {
    if ('attributeId' in a.target) {
      const key = `${a.target.policyId}/${a.target.attributeId}`;
      const r = cells.get(key) ?? { notes: [], hasText: false };
      r.notes.push(a);
      if (a.note.trim()) r.hasText = true;
      if (!r.status || STATUS_SEVERITY.indexOf(a.status) < STATUS_SEVERITY.indexOf(r.status)) r.status = a.status;
      cells.set(key, r);
    } else {
      const key = `${a.target.policyId}/${a.target.clauseId}`;
      clauses.set(key, [...(clauses.get(key) ?? []), a]);
    }
  }
  for (const list of [...[...cells.values()].map((c) => c.notes), ...clauses.values()]) list.sort((x, y) => x.createdAt.localeCompare(y.createdAt));
  indexed = { from: annotations, cells, clauses };
  return indexed;
}

export const cellReview = (s: Store, policyId: string, attributeId: string): CellReview | undefined =>
  reviewIndex(s.annotations).cells.get(`${policyId}/${attributeId}`);

export const clauseNotes = (s: Store, policyId: string, clauseId: string): Annotation[] =>
  reviewIndex(s.annotations).clauses.get(`${policyId}/${clauseId}`) ?? EMPTY;
const EMPTY: Annotation[] = [];

let relabelIndex: { from: ClauseRelabel[]; byClause: Map<string, ClauseRelabel> } | null = null;

/** The reviewer's relabel of one clause, if any (indexed once per relabels array). */
export function clauseRelabel(s: Store, policyId: string, clauseId: string): ClauseRelabel | undefined {
  if (relabelIndex?.from !== s.relabels) relabelIndex = { from: s.relabels, byClause: new Map(s.relabels.map((r) => [`${r.policyId}/${r.clauseId}`, r])) };
  return relabelIndex.byClause.get(`${policyId}/${clauseId}`);
}

let rowsMemo: { a: Annotation[]; m: Store['matrix']; f: ReviewFilter; v: Store['order']; h: Store['hidden']; out: Set<string> | null } | null = null;

/** Attribute rows the notes filter keeps (null: no filter): a note, an override or a value moved by a clause relabel on a visible app's cell, or a concern. */
export function selectReviewRows(s: Store): Set<string> | null {
  if (s.reviewFilter === 'all') return null;
  const r = rowsMemo;
  if (r && r.a === s.annotations && r.m === s.matrix && r.f === s.reviewFilter && r.v === s.order && r.h === s.hidden) return r.out;
  const visible = new Set(s.order.filter((id) => !s.hidden[id]));
  const out = new Set<string>();
  for (const a of s.annotations) {
    if (!('attributeId' in a.target) || !visible.has(a.target.policyId)) continue;
    if (s.reviewFilter === 'annotated' || a.status === 'concern' || a.status === 'violation') out.add(a.target.attributeId);
  }
  if (s.reviewFilter === 'annotated' && s.matrix) {
    for (const [policyId, row] of Object.entries(s.matrix.cells)) {
      if (!visible.has(policyId)) continue;
      for (const [attributeId, cell] of Object.entries(row)) if (cell.override || cell.relabel) out.add(attributeId);
    }
  }
  rowsMemo = { a: s.annotations, m: s.matrix, f: s.reviewFilter, v: s.order, h: s.hidden, out };
  return out;
}
