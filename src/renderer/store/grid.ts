// Grid/view slice: which apps show and in what order, row filters, search, and the selected cell.
import type { StateCreator } from 'zustand';
import { GRID_CATEGORY_IDS, type GridCategoryId } from '../../shared/taxonomy';
import type { Store } from './index';

/** The grid's row groups: the taxonomy's categories, and the regulation checks. */
export type RowGroupId = GridCategoryId | 'checks';
export const ROW_GROUP_IDS: readonly RowGroupId[] = [...GRID_CATEGORY_IDS, 'checks'];

export interface Selection {
  policyId: string;
  /** The attribute, or for a check cell its row id (`check:<ruleId>`). */
  attributeId: string;
  /** Set when the selected cell is a regulation check: the panel shows the rule and its result. */
  ruleId?: string;
  /** Which piece of the cell's evidence the panel shows. */
  index: number;
}

export interface GridSlice {
  /** Policy ids in column order (visible and hidden). */
  order: string[];
  hidden: Record<string, true>;
  collapsed: Partial<Record<RowGroupId, true>>;
  categoryFilter: RowGroupId | 'all';
  onlyDiffer: boolean;
  /** The debounced search query (the input keeps its own text). */
  searchQuery: string;
  selection: Selection | null;
  moveApp(policyId: string, delta: -1 | 1): void;
  /** After the reviewer drags columns: the visible ids in their new order; hidden ones keep their slots. */
  reorderVisible(visibleIds: string[]): void;
  setHidden(policyId: string, hidden: boolean): void;
  showAllApps(): void;
  toggleCollapsed(category: RowGroupId): void;
  setAllCollapsed(collapsed: boolean): void;
  setCategoryFilter(c: RowGroupId | 'all'): void;
  toggleOnlyDiffer(): void;
  setSearchQuery(q: string): void;
  select(policyId: string, attributeId: string): void;
  selectCheck(policyId: string, ruleId: string): void;
  stepEvidence(delta: -1 | 1, count: number): void;
  setEvidenceIndex(index: number): void;
  closeEvidence(): void;
}

export const createGridSlice: StateCreator<Store, [], [], GridSlice> = (set) => ({
  order: [],
  hidden: {},
  collapsed: {},
  categoryFilter: 'all',
  onlyDiffer: false,
  searchQuery: '',
  selection: null,
  moveApp: (policyId, delta) =>
    set((s) => {
      // Move past hidden neighbours so a click always changes what the reviewer sees.
      const order = [...s.order];
      const from = order.indexOf(policyId);
      if (from < 0) return {};
      let to = from + delta;
      while (to >= 0 && to < order.length && s.hidden[order[to]!]) to += delta;
      if (to < 0 || to >= order.length) return {};
      order.splice(from, 1);
      order.splice(to, 0, policyId);
      return { order };
    }),
  reorderVisible: (visibleIds) =>
    set((s) => {
      const queue = [...visibleIds];
      const order = s.order.map((id) => (s.hidden[id] || !visibleIds.includes(id) ? id : (queue.shift() ?? id)));
      return order.join() === s.order.join() ? {} : { order };
    }),
  setHidden: (policyId, hidden) =>
    set((s) => {
      const next = { ...s.hidden };
      if (hidden) next[policyId] = true;
      else delete next[policyId];
      return { hidden: next };
    }),
  showAllApps: () => set({ hidden: {} }),
  toggleCollapsed: (category) =>
    set((s) => {
      const next = { ...s.collapsed };
      if (next[category]) delete next[category];
      else next[category] = true;
      return { collapsed: next };
    }),
  setAllCollapsed: (collapsed) =>
    set({
      collapsed: collapsed ? Object.fromEntries(ROW_GROUP_IDS.map((id) => [id, true as const])) : {},
    }),
  setCategoryFilter: (categoryFilter) => set({ categoryFilter }),
  toggleOnlyDiffer: () => set((s) => ({ onlyDiffer: !s.onlyDiffer })),
  setSearchQuery: (searchQuery) => set({ searchQuery }),
  select: (policyId, attributeId) => set({ selection: { policyId, attributeId, index: 0 } }),
  selectCheck: (policyId, ruleId) => set({ selection: { policyId, attributeId: `check:${ruleId}`, ruleId, index: 0 } }),
  stepEvidence: (delta, count) =>
    set((s) => {
      if (!s.selection || count === 0) return {};
      const index = (s.selection.index + delta + count) % count;
      return { selection: { ...s.selection, index } };
    }),
  setEvidenceIndex: (index) => set((s) => (s.selection ? { selection: { ...s.selection, index } } : {})),
  closeEvidence: () => set({ selection: null }),
});
