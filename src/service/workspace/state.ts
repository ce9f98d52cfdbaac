// The in-memory state of a workspace and the pure rules that move it: apply a journal entry, invert one.
import type {
  Annotation,
  AnnotationTarget,
  ClauseRelabel,
  JournalChange,
  JournalEntry,
  PolicyRecord,
  ValueOverride,
} from './types';

export interface State {
  name: string;
  createdAt: string;
  policies: Map<string, PolicyRecord>;
  annotations: Map<string, Annotation>;
  /** Keyed by cellKey(policyId, attributeId). */
  overrides: Map<string, ValueOverride>;
  /** Clause relabels (issue 8), keyed by clauseKey(policyId, clauseId). */
  relabels: Map<string, ClauseRelabel>;
  /** Last journal seq that touched each target key (annotation, override or relabel): the revision check reads it. */
  targetRev: Map<string, number>;
  /** Last journal seq applied. */
  seq: number;
}

export function emptyState(): State {
  return {
    name: '',
    createdAt: '',
    policies: new Map(),
    annotations: new Map(),
    overrides: new Map(),
    relabels: new Map(),
    targetRev: new Map(),
    seq: 0,
  };
}

export const cellKey = (policyId: string, attributeId: string) => `${policyId}\u0000${attributeId}`;
export const annotationKey = (id: string) => `a:${id}`;
export const overrideKey = (policyId: string, attributeId: string) => `o:${cellKey(policyId, attributeId)}`;
export const clauseKey = (policyId: string, clauseId: string) => `${policyId}\u0000${clauseId}`;
export const relabelKey = (policyId: string, clauseId: string) => `r:${clauseKey(policyId, clauseId)}`;

/** What a journal entry can leave on a target: a note, a value override or a clause relabel. */
export type TargetValue = Annotation | ValueOverride | ClauseRelabel;

export type Domain = 'workspace' | 'annotations';

export function domainOf(op: JournalEntry['op']): Domain {
  return op === 'workspace-create' || op === 'policy-import' || op === 'policy-rename' || op === 'policy-remove' || op === 'policy-version' ? 'workspace' : 'annotations';
}

/** The revision-check key of the target an entry changes (annotation or override), if any. */
export function targetKeyOf(e: JournalEntry | JournalChange): string | undefined {
  switch (e.op) {
    case 'annotation-upsert':
      return annotationKey(e.payload.annotation.id);
    case 'annotation-delete':
      return annotationKey(e.payload.id);
    case 'override-set':
      return overrideKey(e.payload.override.policyId, e.payload.override.attributeId);
    case 'override-clear':
      return overrideKey(e.payload.policyId, e.payload.attributeId);
    case 'relabel-set':
      return relabelKey(e.payload.relabel.policyId, e.payload.relabel.clauseId);
    case 'relabel-clear':
      return relabelKey(e.payload.policyId, e.payload.clauseId);
    default:
      return undefined;
  }
}

export function apply(state: State, e: JournalEntry): void {
  switch (e.op) {
    case 'workspace-create':
      state.name = e.payload.name;
      state.createdAt = e.payload.createdAt;
      break;
    case 'policy-import':
      if (!state.policies.has(e.payload.policy.id)) state.policies.set(e.payload.policy.id, e.payload.policy);
      break;
    case 'policy-rename': {
      const p = state.policies.get(e.payload.policyId);
      if (p) state.policies.set(p.id, { ...p, app: e.payload.app });
      break;
    }
    case 'policy-remove':
      state.policies.delete(e.payload.policyId);
      break;
    case 'policy-version': {
      const p = state.policies.get(e.payload.policyId);
      if (p) {
        const { previousVersionId: _drop, ...rest } = p;
        void _drop;
        const prev = e.payload.previousVersionId;
        state.policies.set(p.id, { ...rest, app: e.payload.app, versionLabel: e.payload.versionLabel, ...(prev ? { previousVersionId: prev } : {}) });
      }
      break;
    }
    case 'annotation-upsert':
      state.annotations.set(e.payload.annotation.id, e.payload.annotation);
      break;
    case 'annotation-delete':
      state.annotations.delete(e.payload.id);
      break;
    case 'override-set': {
      const o = e.payload.override;
      state.overrides.set(cellKey(o.policyId, o.attributeId), o);
      break;
    }
    case 'override-clear':
      state.overrides.delete(cellKey(e.payload.policyId, e.payload.attributeId));
      break;
    case 'relabel-set': {
      const r = e.payload.relabel;
      state.relabels.set(clauseKey(r.policyId, r.clauseId), r);
      break;
    }
    case 'relabel-clear':
      state.relabels.delete(clauseKey(e.payload.policyId, e.payload.clauseId));
      break;
  }
  const key = targetKeyOf(e);
  if (key) state.targetRev.set(key, e.seq);
  if (e.seq > state.seq) state.seq = e.seq;
}

/** The change that undoes E, to be written as revision NEWREV. Only annotation, override and relabel changes invert. */
export function inverse(e: JournalEntry, newRev: number, author: string): JournalChange | undefined {
  switch (e.op) {
    case 'annotation-upsert': {
      const { annotation, before } = e.payload;
      return before
        ? { op: 'annotation-upsert', author, payload: { annotation: { ...before, rev: newRev }, before: annotation } }
        : { op: 'annotation-delete', author, payload: { id: annotation.id, before: annotation } };
    }
    case 'annotation-delete':
      return { op: 'annotation-upsert', author, payload: { annotation: { ...e.payload.before, rev: newRev }, before: null } };
    case 'override-set': {
      const { override, before } = e.payload;
      return before
        ? { op: 'override-set', author, payload: { override: { ...before, rev: newRev }, before: override } }
        : { op: 'override-clear', author, payload: { policyId: override.policyId, attributeId: override.attributeId, before: override } };
    }
    case 'override-clear':
      return { op: 'override-set', author, payload: { override: { ...e.payload.before, rev: newRev }, before: null } };
    case 'relabel-set': {
      const { relabel, before } = e.payload;
      return before
        ? { op: 'relabel-set', author, payload: { relabel: { ...before, rev: newRev }, before: relabel } }
        : { op: 'relabel-clear', author, payload: { policyId: relabel.policyId, clauseId: relabel.clauseId, before: relabel } };
    }
    case 'relabel-clear':
      return { op: 'relabel-set', author, payload: { relabel: { ...e.payload.before, rev: newRev }, before: null } };
    default:
      return undefined;
  }
}

function sameTarget(a: AnnotationTarget, b: AnnotationTarget): boolean {
  if (a.policyId !== b.policyId) return false;
  if ('attributeId' in a) return 'attributeId' in b && a.attributeId === b.attributeId;
  return 'clauseId' in b && a.clauseId === b.clauseId;
}

/** Whether E changed TARGET: a cell target covers the cell's annotations and its value override; a clause target its annotations and its relabel. */
export function touches(e: JournalEntry, target: AnnotationTarget): boolean {
  switch (e.op) {
    case 'annotation-upsert':
      return sameTarget(e.payload.annotation.target, target);
    case 'annotation-delete':
      return sameTarget(e.payload.before.target, target);
    case 'override-set':
      return 'attributeId' in target && e.payload.override.policyId === target.policyId && e.payload.override.attributeId === target.attributeId;
    case 'override-clear':
      return 'attributeId' in target && e.payload.policyId === target.policyId && e.payload.attributeId === target.attributeId;
    case 'relabel-set':
      return 'clauseId' in target && e.payload.relabel.policyId === target.policyId && e.payload.relabel.clauseId === target.clauseId;
    case 'relabel-clear':
      return 'clauseId' in target && e.payload.policyId === target.policyId && e.payload.clauseId === target.clauseId;
    default:
      return false;
  }
}

/** The annotation, override or relabel as E left it (null: E removed it). */
export function afterOf(e: JournalEntry): TargetValue | null | undefined {
  switch (e.op) {
    case 'annotation-upsert':
      return e.payload.annotation;
    case 'override-set':
      return e.payload.override;
    case 'relabel-set':
      return e.payload.relabel;
    case 'annotation-delete':
    case 'override-clear':
    case 'relabel-clear':
      return null;
    default:
      return undefined;
  }
}

/** The current annotation, override or relabel behind a target key. */
export function currentOf(state: State, key: string): TargetValue | null {
  if (key.startsWith('a:')) return state.annotations.get(key.slice(2)) ?? null;
  if (key.startsWith('r:')) return state.relabels.get(key.slice(2)) ?? null;
  return state.overrides.get(key.slice(2)) ?? null;
}

/** Same content, ignoring the revision it was written at. */
export function sameContent(a: TargetValue | null | undefined, b: TargetValue | null | undefined): boolean {
  const canon = (v: unknown): string =>
    v === null || typeof v !== 'object'
      ? JSON.stringify(v)
      : Array.isArray(v)
        ? `[${v.map(canon).join(',')}]`
        : `{${Object.keys(v)
            .filter((k) => k !== 'rev')
            .sort()
            .map((k) => `${JSON.stringify(k)}:${canon((v as Record<string, unknown>)[k])}`)
            .join(',')}}`;
  return canon(a ?? null) === canon(b ?? null);
}
