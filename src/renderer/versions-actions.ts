// Versions (issue 7): after an import, ask whether a new file is a new version of an app already here; attach
// it; keep the chains and changed cells in step with the matrix; load a comparison.
import type { ImportResult } from '../shared/contract';
import { api } from './api';
import { reportCallError, refreshMatrix } from './actions';
import { loadReview } from './review-actions';
import { useStore } from './store';

const get = useStore.getState;

let seq = 0;
export async function refreshVersions(): Promise<void> {
  const mine = ++seq;
  try {
    const { versions, changed } = await api.call('versions-list', {});
    if (mine === seq) get().setVersions(versions, changed);
  } catch (e) {
    if (mine === seq) reportCallError(e);
  }
}

// Every matrix change (import, remove, rename, another window) can change the chains: re-read them.
let timer: ReturnType<typeof setTimeout> | undefined;
useStore.subscribe((s, prev) => {
  if (s.matrix === prev.matrix) return;
  clearTimeout(timer);
  timer = setTimeout(() => void refreshVersions(), 30);
});

/** Imports of more files than this ask nothing (see docs/VERSIONS.md, "In the app"). */
export const MAX_PROMPTED_FILES = 20;

/** For each newly added policy that looks like a version of an app already here, queue the prompt. */
export async function proposeVersions(added: ImportResult['added']): Promise<void> {
  // A folder of many policies is a new comparison, not a set of drafts: one prompt per file would bury the reviewer.
  if (added.length > MAX_PROMPTED_FILES) return;
  for (const p of added) {
    if (get().versions[p.id]?.previousVersionId) continue;
    try {
      const c = await api.call('version-candidates', { policyId: p.id });
      if (c.proposal) get().pushVersionPrompt({ policyId: p.id, file: p.file, label: c.label, proposal: c.proposal, candidates: c.candidates });
    } catch (e) {
      reportCallError(e);
    }
  }
}

/** Apps menu → "Make a version of…": offer every other app, the likeliest first. */
export async function askVersionOf(policyId: string): Promise<void> {
  const s = get();
  const own = s.versions[policyId]?.chainId ?? policyId;
  const policy = s.matrix?.policies.find((p) => p.id === policyId);
  if (!policy) return;
  try {
    const c = await api.call('version-candidates', { policyId });
    const listed = new Set(c.candidates.map((x) => x.policyId));
    const rest = Object.values(get().versions)
      .filter((v) => v.latest && v.chainId !== own && !listed.has(v.id))
      .map((v) => ({ policyId: v.id, app: v.app, versionLabel: v.versionLabel, score: 0, reason: 'none' as const }));
    const candidates = [...c.candidates, ...rest];
    const proposal = c.proposal ?? candidates[0];
    if (!proposal) return;
    get().pushVersionPrompt({ policyId, file: policy.file, label: c.label, proposal, candidates, manual: true });
  } catch (e) {
    reportCallError(e);
  }
}

export async function acceptVersion(policyId: string, previousVersionId: string): Promise<void> {
  get().dropVersionPrompt(policyId);
  try {
    const r = await api.call('policy-set-previous-version', { policyId, previousVersionId });
    const s = get();
    s.pushToast({ kind: 'info', title: 'versions.accepted', vars: { app: r.version.app, label: r.version.versionLabel } });
    if (r.carried.copied + r.carried.needsReview + r.carried.kept > 0) {
      s.pushToast({ kind: 'info', title: 'versions.carried', vars: { copied: r.carried.copied, review: r.carried.needsReview, kept: r.carried.kept } });
    }
    await refreshMatrix();
    await refreshVersions();
    await loadReview();
  } catch (e) {
    reportCallError(e);
  }
}

export function declineVersion(policyId: string): void {
  get().dropVersionPrompt(policyId);
}

export async function detachVersion(policyId: string): Promise<void> {
  try {
    await api.call('policy-set-previous-version', { policyId, previousVersionId: null });
    await refreshMatrix();
    await refreshVersions();
  } catch (e) {
    reportCallError(e);
  }
}
