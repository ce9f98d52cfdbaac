// The review half of the contract: workspaces, annotations, value overrides, clause relabels, history, undo, settings.
// The store (./workspace) does the work and writes the reviewer-facing messages; this maps calls onto it.
import { ApiError, type Handlers } from '../shared/contract';
import { getAttribute } from '../shared/taxonomy';
import type { HistoryEntry } from '../shared/types';
import type { Session } from './session';
import {
  clearOverride,
  clearRelabel,
  deleteAnnotation,
  history,
  overrideValueProblem,
  redo,
  setOverride,
  setRelabel,
  undo,
  upsertAnnotation,
  type JournalEntry,
} from './workspace';
import { WorkspaceSession } from './workspace-session';

export type ReviewMethod =
  | 'workspace-info'
  | 'workspace-create'
  | 'workspace-open'
  | 'workspace-recent'
  | 'workspace-pick-dialog'
  | 'annotations-list'
  | 'annotation-upsert'
  | 'annotation-delete'
  | 'override-set'
  | 'override-clear'
  | 'clause-relabel'
  | 'cell-history'
  | 'clause-history'
  | 'edit-undo'
  | 'edit-redo'
  | 'settings-get'
  | 'settings-set';

export interface ReviewDeps {
  session: Session;
  /** Electron's folder dialog: the chosen folder, or undefined when cancelled. Absent in the browser host. */
  pickFolder?: () => Promise<string | undefined>;
}

/** Journal entries as the history view shows them; policy-level entries are not part of a cell's history. */
export function toHistoryEntry(e: JournalEntry): HistoryEntry | undefined {
  const base = { seq: e.seq, at: e.at, author: e.author, ...(e.undoOf ? { undoOf: e.undoOf } : {}), ...(e.redoOf ? { redoOf: e.redoOf } : {}) };
  switch (e.op) {
    case 'annotation-upsert':
      return { ...base, op: e.op, annotation: e.payload.annotation, annotationBefore: e.payload.before };
    case 'annotation-delete':
      return { ...base, op: e.op, annotation: null, annotationBefore: e.payload.before };
    case 'override-set':
      return { ...base, op: e.op, override: e.payload.override, overrideBefore: e.payload.before };
    case 'override-clear':
      return { ...base, op: e.op, override: null, overrideBefore: e.payload.before };
    case 'relabel-set':
      return { ...base, op: e.op, relabel: e.payload.relabel, relabelBefore: e.payload.before };
    case 'relabel-clear':
      return { ...base, op: e.op, relabel: null, relabelBefore: e.payload.before };
    default:
      return undefined;
  }
}

const historyOf = (entries: JournalEntry[]) => entries.map(toHistoryEntry).filter((e): e is HistoryEntry => e !== undefined);

export function createReviewHandlers(deps: ReviewDeps): Pick<Handlers, ReviewMethod> {
  const ws = () => {
    if (!(deps.session instanceof WorkspaceSession)) {
      throw new ApiError('unsupported', 'This session keeps no workspace, so notes and overrides cannot be saved. Start PolicyBench with a workspace.');
    }
    return deps.session;
  };

  return {
    'workspace-info': async () => ws().info(),
    'workspace-create': async ({ dir, name }) => ws().create(dir, name),
    'workspace-open': async ({ dir }) => ws().open(dir),
    'workspace-recent': async () => ({ recent: (await ws().settings.get()).recent }),
    'workspace-pick-dialog': async () => {
      if (!deps.pickFolder) {
        throw new ApiError('unsupported', 'The browser version cannot show a folder dialog. Type the full path of the workspace folder instead.');
      }
      const dir = await deps.pickFolder();
      return dir ? { dir } : {};
    },
    'annotations-list': async () => {
      const s = ws();
      await s.refresh();
      const w = s.workspace;
      return { annotations: w.annotations(), overrides: w.overrides(), relabels: w.relabels(), revision: w.revision };
    },
    'annotation-upsert': async ({ id, target, status, note, baseRev }) => {
      const s = ws();
      if ('attributeId' in target && !getAttribute(target.attributeId)) throw new ApiError('invalid_request', `Unknown attribute ${target.attributeId}.`);
      const a = await upsertAnnotation(s.workspace, { id, target, status, note, baseRev: id === undefined ? undefined : baseRev });
      s.changed('annotations');
      return a;
    },
    'annotation-delete': async ({ id, baseRev }) => {
      const s = ws();
      await deleteAnnotation(s.workspace, id, { baseRev });
      s.changed('annotations');
      return { deleted: true };
    },
    'override-set': async ({ policyId, attributeId, value, reason, baseRev }) => {
      const s = ws();
      const def = getAttribute(attributeId);
      if (!def) throw new ApiError('invalid_request', `Unknown attribute ${attributeId}.`);
      if (!reason.trim()) throw new ApiError('invalid_request', 'Give a reason for overriding the value: it is kept with the change and shown to other reviewers.');
      const problem = overrideValueProblem(def, value);
      if (problem) throw new ApiError('invalid_request', `That value does not fit “${def.label.en}”: ${problem}.`);
      if (!s.workspace.policy(policyId)) throw new ApiError('not_found', `No policy with id ${policyId} is in this workspace. It may have been removed; refresh the list.`);
      const o = await setOverride(s.workspace, { policyId, attributeId, value, reason, baseRev });
      s.changed('annotations');
      return o;
    },
    'override-clear': async ({ policyId, attributeId, baseRev }) => {
      const s = ws();
      await clearOverride(s.workspace, { policyId, attributeId }, { baseRev });
      s.changed('annotations');
      return { cleared: true };
    },
    'clause-relabel': async ({ policyId, clauseId, categories, reason, baseRev }) => {
      const s = ws();
      if (!s.workspace.policy(policyId)) throw new ApiError('not_found', `No policy with id ${policyId} is in this workspace. It may have been removed; refresh the list.`);
      if (categories === null) {
        await clearRelabel(s.workspace, { policyId, clauseId }, { baseRev });
        s.changed('annotations');
        return { relabel: null };
      }
      // The clause, its text and the engine's categories come from the analysis, never from the caller.
      const analysis = await s.get(policyId);
      const clause = analysis?.clauses.find((c) => c.id === clauseId);
      if (!clause) {
        throw new ApiError('not_found', `The clause ${clauseId} is not in this policy's analysis (the analysis may have changed since this view loaded it). Reload the page and choose the clause again.`);
      }
      const engineCategories = (clause.engineCategories ?? clause.categories).map((c) => c.id);
      const relabel = await setRelabel(s.workspace, { policyId, clauseId, categories, engineCategories, text: clause.text, reason, baseRev });
      s.changed('annotations');
      return { relabel };
    },
    'cell-history': async ({ policyId, attributeId }) => {
      const s = ws();
      await s.refresh();
      return { entries: historyOf(history(s.workspace, { policyId, attributeId })) };
    },
    'clause-history': async ({ policyId, clauseId }) => {
      const s = ws();
      await s.refresh();
      return { entries: historyOf(history(s.workspace, { policyId, clauseId })) };
    },
    'edit-undo': async () => {
      const s = ws();
      const entry = toHistoryEntry(await undo(s.workspace))!;
      s.changed('annotations');
      return { entry, workspace: s.info() };
    },
    'edit-redo': async () => {
      const s = ws();
      const entry = toHistoryEntry(await redo(s.workspace))!;
      s.changed('annotations');
      return { entry, workspace: s.info() };
    },
    'settings-get': async () => ws().settings.get(),
    'settings-set': async ({ author }) => {
      const s = ws();
      await s.setAuthor(author);
      return s.settings.get();
    },
  };
}
