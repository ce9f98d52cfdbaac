// What the UI does with workspaces, notes, overrides, clause relabels and history. Commands and components call these.
import type { CategoryId } from '../shared/taxonomy';
import type { AnnotationStatus, AnnotationTarget, AttributeValue, HistoryEntry } from '../shared/types';
import { api, errorInfo } from './api';
import { refreshMatrix } from './actions';
import { valueKey } from './format';
import type { MessageKey } from './i18n';
import { useStore } from './store';

const get = useStore.getState;

/** A failed review call as a non-blocking message; a conflict also reloads, so the reviewer sees their version. */
function reportReviewError(e: unknown): void {
  const { code, message } = errorInfo(e);
  const title: MessageKey =
    code === 'conflict' ? 'toast.conflict' : code === 'locked' ? 'toast.locked' : code === 'workspace_error' ? 'toast.workspaceError' : 'toast.failedCall';
  get().pushToast({ kind: 'error', title, message });
  if (code === 'conflict') void loadReview({ matrix: true });
}

/** Reads the workspace, its notes and the reviewer's settings (and the matrix when overrides may have moved). */
export async function loadReview(opts: { matrix?: boolean } = {}): Promise<void> {
  try {
    const [workspace, list, settings] = await Promise.all([api.call('workspace-info', {}), api.call('annotations-list', {}), api.call('settings-get', {})]);
    const s = get();
    s.setWorkspace(workspace);
    s.setAnnotations(list.annotations);
    s.setRelabels(list.relabels ?? []);
    s.setSettings(settings);
    if (opts.matrix) await refreshMatrix();
    await loadHistory();
  } catch (e) {
    const { code } = errorInfo(e);
    // A session without a workspace (tests with a memory session): the review features stay hidden.
    if (code !== 'unsupported') reportReviewError(e);
  }
}

/** The selected cell's history; also refreshed after every change. */
export async function loadHistory(): Promise<void> {
  const sel = get().selection;
  if (!sel || !get().workspace) return get().setHistory(null);
  const key = `${sel.policyId}/${sel.attributeId}`;
  try {
    const { entries } = await api.call('cell-history', { policyId: sel.policyId, attributeId: sel.attributeId });
    if (get().selection && `${get().selection!.policyId}/${get().selection!.attributeId}` === key) get().setHistory({ key, entries });
  } catch (e) {
    reportReviewError(e);
  }
}

/** The changes to one clause (its categories and notes), oldest first; [] when the call fails (reported). */
export async function loadClauseHistory(policyId: string, clauseId: string): Promise<HistoryEntry[]> {
  if (!get().workspace) return [];
  try {
    return (await api.call('clause-history', { policyId, clauseId })).entries;
  } catch (e) {
    reportReviewError(e);
    return [];
  }
}

async function afterChange(matrix: boolean): Promise<void> {
  await loadReview({ matrix });
}

export async function saveAnnotation(input: { id?: string; target: AnnotationTarget; status: AnnotationStatus; note: string; baseRev?: number | null }): Promise<boolean> {
  try {
    await api.call('annotation-upsert', input);
    await afterChange(false);
    return true;
  } catch (e) {
    reportReviewError(e);
    return false;
  }
}

export async function deleteAnnotation(id: string, baseRev: number): Promise<void> {
  try {
    await api.call('annotation-delete', { id, baseRev });
    await afterChange(false);
  } catch (e) {
    reportReviewError(e);
  }
}

/** The keyboard's status shortcuts: edit the reviewer's own newest note on the selected cell, or add one. */
export async function setSelectedStatus(status: AnnotationStatus): Promise<void> {
  const s = get();
  const sel = s.selection;
  if (!sel || !s.workspace) return;
  const target = { policyId: sel.policyId, attributeId: sel.attributeId };
  const mine = s.annotations
    .filter((a) => 'attributeId' in a.target && a.target.policyId === sel.policyId && a.target.attributeId === sel.attributeId)
    .filter((a) => a.author === s.workspace!.author)
    .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0];
  await saveAnnotation(mine ? { id: mine.id, target, status, note: mine.note, baseRev: mine.rev } : { target, status, note: '' });
}

export async function saveOverride(input: { policyId: string; attributeId: string; value: AttributeValue; reason: string; baseRev: number | null }): Promise<boolean> {
  try {
    await api.call('override-set', input);
    await afterChange(true);
    return true;
  } catch (e) {
    reportReviewError(e);
    return false;
  }
}

export async function clearOverride(policyId: string, attributeId: string, baseRev: number): Promise<void> {
  try {
    await api.call('override-clear', { policyId, attributeId, baseRev });
    await afterChange(true);
  } catch (e) {
    reportReviewError(e);
  }
}

/** How many values of POLICYID differ between two matrices (a relabel reads the policy's values again). */
function changedValues(policyId: string, before: ReturnType<typeof get>['matrix']): number {
  const after = get().matrix;
  const a = before?.cells[policyId];
  const b = after?.cells[policyId];
  if (!a || !b) return 0;
  return Object.keys(b).filter((id) => valueKey(a[id]?.value) !== valueKey(b[id]?.value)).length;
}

/**
 * Issue 8: the reviewer's categories for a clause (null: back to the engine's). The policy's grid values are read
 * again with them, so the matrix is reloaded and the reviewer is told how many values moved.
 */
export async function saveRelabel(input: { policyId: string; clauseId: string; categories: CategoryId[] | null; reason?: string; baseRev: number | null }): Promise<boolean> {
  const before = get().matrix;
  try {
    await api.call('clause-relabel', input);
    await afterChange(true);
    const n = changedValues(input.policyId, before);
    const title: MessageKey = input.categories ? (n > 0 ? 'relabel.saved' : 'relabel.savedSame') : n > 0 ? 'relabel.cleared' : 'relabel.clearedSame';
    get().pushToast({ kind: 'info', title, vars: { n } });
    return true;
  } catch (e) {
    reportReviewError(e);
    return false;
  }
}

export async function undoEdit(redo = false): Promise<void> {
  try {
    const { entry } = await api.call(redo ? 'edit-redo' : 'edit-undo', {});
    get().pushToast({ kind: 'info', title: redo ? 'toast.redone' : 'toast.undone' });
    await afterChange(entry.op.startsWith('override') || entry.op.startsWith('relabel'));
  } catch (e) {
    reportReviewError(e);
  }
}

async function switched(kind: 'opened' | 'created', call: () => Promise<{ name: string }>): Promise<boolean> {
  try {
    const info = await call();
    const s = get();
    s.setWorkspaceMenuOpen(false);
    s.closeEvidence();
    s.pushToast({ kind: 'info', title: kind === 'opened' ? 'workspace.opened' : 'workspace.created', vars: { name: info.name } });
    await loadReview({ matrix: true });
    return true;
  } catch (e) {
    reportReviewError(e);
    return false;
  }
}

export const openWorkspace = (dir: string) => switched('opened', () => api.call('workspace-open', { dir }));
export const createWorkspace = (name: string, dir?: string) => switched('created', () => api.call('workspace-create', dir ? { name, dir } : { name }));

/** Electron: the system's folder dialog. Returns the folder, or undefined when cancelled. */
export async function pickFolder(): Promise<string | undefined> {
  try {
    return (await api.call('workspace-pick-dialog', {})).dir;
  } catch (e) {
    reportReviewError(e);
    return undefined;
  }
}

export async function saveAuthor(author: string): Promise<void> {
  try {
    get().setSettings(await api.call('settings-set', { author }));
    get().pushToast({ kind: 'info', title: 'workspace.authorSaved' });
    await loadReview();
  } catch (e) {
    reportReviewError(e);
  }
}

let refreshTimer: ReturnType<typeof setTimeout> | undefined;
/** Another window or host (or this one) changed the workspace: reload, coalescing bursts such as an import. */
export function onWorkspaceChanged(): void {
  clearTimeout(refreshTimer);
  // Notes can move overrides too, so the matrix is always re-read.
  refreshTimer = setTimeout(() => void loadReview({ matrix: true }), 150);
}
