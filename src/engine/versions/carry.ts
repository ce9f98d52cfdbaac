// Annotations on the older version, followed into the newer one. Nothing is dropped: every annotation comes
// back with where it now belongs and whether the reviewer should look at it again.
import type { AnnotationTarget, Evidence } from '../../shared/types';
import { formatValue } from './format';
import type { AnnotationLike, CarriedAnnotation, CellSide, ReviewSide, VersionDiff } from './types';

function isClauseTarget(t: AnnotationTarget): t is { policyId: string; clauseId: string } {
  return 'clauseId' in t;
}

export function carryOverAnnotations<A extends AnnotationLike>(diff: VersionDiff, annotations: readonly A[]): CarriedAnnotation<A>[] {
  return annotations.map((annotation) => carryOne(diff, annotation));
}

function carryOne<A extends AnnotationLike>(diff: VersionDiff, annotation: A): CarriedAnnotation<A> {
  const t = annotation.target;
  if (t.policyId !== diff.olderId) return { annotation, target: t, outcome: 'other_policy', needsReview: false };
  if (isClauseTarget(t)) {
    const fate = diff.fates[t.clauseId];
    if (!fate) return { annotation, target: t, outcome: 'not_found', needsReview: true };
    if (fate.status === 'unchanged' || fate.status === 'moved') {
      return { annotation, target: { policyId: diff.newerId, clauseId: fate.newerClauseId! }, outcome: fate.status, needsReview: false };
    }
    const change = diff.changes[fate.change!]!;
    const o = change.older!;
    const before: ReviewSide = { policyId: diff.olderId, text: o.text, clauseId: o.clauseId, start: o.start, end: o.end };
    if (fate.status === 'removed') {
      return {
        annotation,
        target: t,
        outcome: 'removed',
        needsReview: true,
        removed: true,
        before,
        ...(fate.anchorClauseId ? { anchorClauseId: fate.anchorClauseId } : {}),
      };
    }
    const n = change.newer!;
    return {
      annotation,
      target: { policyId: diff.newerId, clauseId: n.clauseId },
      outcome: 'modified',
      needsReview: true,
      before,
      after: { policyId: diff.newerId, text: n.text, clauseId: n.clauseId, start: n.start, end: n.end },
      segments: change.segments ?? [],
    };
  }
  const cell = diff.cells[t.attributeId];
  if (!cell) return { annotation, target: t, outcome: 'not_found', needsReview: true };
  const target = { policyId: diff.newerId, attributeId: t.attributeId };
  if (cell.value === 'same' && cell.evidence === 'same') return { annotation, target, outcome: 'unchanged', needsReview: false };
  return {
    annotation,
    target,
    outcome: cell.value === 'changed' ? 'value_changed' : 'evidence_changed',
    needsReview: true,
    before: cellSide(diff.olderId, t.attributeId, cell.before!),
    after: cellSide(diff.newerId, t.attributeId, cell.after!),
  };
}

function cellSide(policyId: string, attributeId: string, c: CellSide): ReviewSide {
  return {
    policyId,
    text: quotes(c.evidence),
    value: c.value,
    valueText: { zh: formatValue(attributeId, c.value, 'zh'), en: formatValue(attributeId, c.value, 'en') },
    evidence: c.evidence,
  };
}

/** Evidence quotes one per line, each clause once. */
function quotes(evidence: Evidence[]): string {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const e of evidence) {
    if (seen.has(e.clauseId)) continue;
    seen.add(e.clauseId);
    out.push(e.quote);
  }
  return out.join('\n');
}
