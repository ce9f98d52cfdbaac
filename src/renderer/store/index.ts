// The one zustand store, combined from slices (zustand's slices pattern).
import { create } from 'zustand';
import { createGridSlice, type GridSlice } from './grid';
import { createI18nSlice, type I18nSlice } from './i18n';
import { createPoliciesSlice, type PoliciesSlice } from './policies';
import { createReviewSlice, type ReviewSlice } from './review';
import { createUiSlice, type UiSlice } from './ui';
import { createVersionsSlice, type VersionsSlice } from './versions';

export type Store = PoliciesSlice & GridSlice & UiSlice & I18nSlice & ReviewSlice & VersionsSlice;

export const useStore = create<Store>()((...a) => ({
  ...createPoliciesSlice(...a),
  ...createGridSlice(...a),
  ...createUiSlice(...a),
  ...createI18nSlice(...a),
  ...createReviewSlice(...a),
  ...createVersionsSlice(...a),
}));
