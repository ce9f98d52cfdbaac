// Versions slice (issue 7): each policy's place in its app's chain, cells changed since the previous version,
// which version each app's column shows, the "new version of…?" prompts and the open comparison.
import type { StateCreator } from 'zustand';
import type { ChangedCell, VersionCandidate, VersionInfo } from '../../shared/contract-versions';
import type { Store } from './index';

export interface VersionPrompt {
  policyId: string;
  file: string;
  label: string;
  proposal: VersionCandidate;
  candidates: VersionCandidate[];
  /** Asked for from the Apps menu (every other app is offered), not after an import. */
  manual?: true;
}

export interface VersionsSlice {
  versions: Record<string, VersionInfo>;
  /** changed[policyId][attributeId]: the cell differs from the previous version's. */
  changedCells: Record<string, Record<string, ChangedCell>>;
  /** chainId → the version its column shows (absent: the latest). */
  shownVersion: Record<string, string>;
  versionPrompts: VersionPrompt[];
  /** The comparison view: newer version (and the older one, default its previous). */
  compare: { newerId: string; olderId?: string } | null;
  setVersions(versions: VersionInfo[], changed: Record<string, Record<string, ChangedCell>>): void;
  showVersion(chainId: string, policyId: string | null): void;
  pushVersionPrompt(p: VersionPrompt): void;
  dropVersionPrompt(policyId: string): void;
  openCompare(c: { newerId: string; olderId?: string } | null): void;
}

export const createVersionsSlice: StateCreator<Store, [], [], VersionsSlice> = (set) => ({
  versions: {},
  changedCells: {},
  shownVersion: {},
  versionPrompts: [],
  compare: null,
  setVersions: (list, changedCells) =>
    set((s) => {
      const versions = Object.fromEntries(list.map((v) => [v.id, v]));
      // A picked version that left its chain (or the workspace) falls back to the latest.
      const shownVersion = Object.fromEntries(Object.entries(s.shownVersion).filter(([chain, id]) => versions[id]?.chainId === chain));
      return { versions, changedCells, shownVersion };
    }),
  showVersion: (chainId, policyId) =>
    set((s) => {
      const next = { ...s.shownVersion };
      if (policyId) next[chainId] = policyId;
      else delete next[chainId];
      return { shownVersion: next };
    }),
  pushVersionPrompt: (p) => set((s) => ({ versionPrompts: [...s.versionPrompts.filter((x) => x.policyId !== p.policyId), p] })),
  dropVersionPrompt: (policyId) => set((s) => ({ versionPrompts: s.versionPrompts.filter((x) => x.policyId !== policyId) })),
  openCompare: (compare) => set({ compare }),
});

/** The versions of CHAINID, oldest first. */
export function chainVersions(versions: Record<string, VersionInfo>, chainId: string): VersionInfo[] {
  return Object.values(versions)
    .filter((v) => v.chainId === chainId)
    .sort((a, b) => a.position - b.position);
}

/** The version a chain's column shows: the picked one, else the latest. */
export function shownOf(s: Pick<Store, 'versions' | 'shownVersion'>, chainId: string): string | undefined {
  const picked = s.shownVersion[chainId];
  if (picked && s.versions[picked]) return picked;
  return chainVersions(s.versions, chainId).filter((v) => v.latest).pop()?.id;
}
