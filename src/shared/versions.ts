// Output shapes of the versions engine (issue 7, src/engine/versions) and the versions calls: pure, JSON-safe
// data shared by the engine, the service and the renderer.
import type { Bilingual, Evidence, AttributeValue, AnnotationTarget } from './types';
import type { CategoryId, GridCategoryId, Label } from './taxonomy';

// ------------------------------------------------------------------------------------------ labels

export interface VersionLabel {
  /** What to show: an ISO date ("2022-09-01", or "2022-09" when the day is missing) or a version ("V2.3"). */
  label: string;
  source: 'version_line' | 'date_line';
  /** Which date it is, for date lines. */
  dateKind?: 'updated' | 'effective' | 'published';
  /** The ISO date when source is date_line. */
  date?: string;
  /** A version number found beside the date ("V2.3"), when the document has both. */
  version?: string;
  /** The matched text as written ("更新日期：2022年9月1日"). */
  raw: string;
  /** [start, end) of `raw` in the text. */
  start: number;
  end: number;
}

// ------------------------------------------------------------------------------------------ app matching

export interface ExistingPolicy {
  id: string;
  app: string;
  /** The policy's decoded text; without it only the app name is compared. */
  text?: string;
}

export interface AppMatch {
  policyId: string;
  /** 0..1, higher is likelier. Propose the first entry when score ≥ PROPOSE_MIN_SCORE. */
  score: number;
  reason: 'same_file' | 'same_app' | 'similar_text' | 'none';
  /** Whether the normalized app names are equal. */
  sameApp: boolean;
  /** Jaccard similarity of the two texts' 5-character shingles, when the existing text was given. */
  textSimilarity?: number;
}

// ------------------------------------------------------------------------------------------ clause diff

/** One run of a word-level diff. Offsets are [start, end) into each version's `analysis.text`. */
export interface DiffSegment {
  op: 'equal' | 'insert' | 'delete';
  text: string;
  /** Where the run sits in the older text (equal and delete). */
  older?: { start: number; end: number };
  /** Where the run sits in the newer text (equal and insert). */
  newer?: { start: number; end: number };
}

export interface ClauseSide {
  clauseId: string;
  /** Index of the clause in its analysis's `clauses`. */
  index: number;
  section: string[];
  start: number;
  end: number;
  text: string;
  kind: 'heading' | 'list_item' | 'sentence';
}

/**
 * - added: only in the newer version.
 * - removed: only in the older version.
 * - modified: paired by similarity, text differs (`segments` holds the word diff; `moved` says it also changed place).
 * - moved: identical text, but out of the order the rest of the document keeps (not a change of content).
 */
export type ClauseChangeKind = 'added' | 'removed' | 'modified' | 'moved';

export interface ClauseChange {
  kind: ClauseChangeKind;
  /** Categories of either side (union), `other` when a clause has none. */
  categories: CategoryId[];
  older?: ClauseSide;
  newer?: ClauseSide;
  /** modified: bigram Dice similarity of the two texts, 0..1. */
  similarity?: number;
  /** modified: the pair is also out of order. */
  moved?: boolean;
  /** modified: the word-level diff, older → newer. */
  segments?: DiffSegment[];
}

export interface CategoryChanges {
  category: CategoryId;
  label: Label;
  /** Indices into VersionDiff.changes, in document order. */
  changes: number[];
  counts: Record<ClauseChangeKind, number>;
}

/** What became of each clause of the older version. */
export interface ClauseFate {
  status: 'unchanged' | 'moved' | 'modified' | 'removed';
  newerClauseId?: string;
  /** Index into VersionDiff.changes (absent for unchanged). */
  change?: number;
  /** removed: the newer clause that now stands where it was (the next surviving clause), if any. */
  anchorClauseId?: string;
}

// ------------------------------------------------------------------------------------------ attributes

export interface CellSide {
  value: AttributeValue;
  evidence: Evidence[];
}

/** One line of the "what changed" list at the top of the comparison view. */
export interface AttributeChange {
  attributeId: string;
  category: GridCategoryId;
  /** value: a scalar or duration changed; item_added / item_removed: one member of a set, list or age list. */
  change: 'value' | 'item_added' | 'item_removed';
  /** The member for item changes (a data-type code, a recipient name, an age). */
  item?: string | number;
  /** Rendered for people: "注销时限：15 个工作日 → 30 天" / "Deletion timeframe: 15 working days → 30 days". */
  text: Bilingual;
  before: CellSide;
  after: CellSide;
}

/** Per grid attribute: did the value and the evidence stay the same? */
export interface CellDelta {
  value: 'same' | 'changed';
  /** changed when the evidence clauses are not the same clauses with the same text. */
  evidence: 'same' | 'changed';
  /** Both sides, present when anything changed. */
  before?: CellSide;
  after?: CellSide;
}

export interface VersionDiff {
  olderId: string;
  newerId: string;
  /** Attribute value changes, in taxonomy order: the list at the top of the comparison view. */
  attributeChanges: AttributeChange[];
  /** Every attribute of the taxonomy. Drives the grid's "changed since previous version" marker and carry-over. */
  cells: Record<string, CellDelta>;
  /** Clause changes in reading order of the newer version (removed clauses where they used to be). */
  changes: ClauseChange[];
  /** The same changes grouped by clause category (a clause with two categories is listed under both). */
  byCategory: CategoryChanges[];
  /** Every older clause id → what became of it. */
  fates: Record<string, ClauseFate>;
  counts: { unchanged: number } & Record<ClauseChangeKind, number>;
  /** The thresholds used, for the record. */
  params: { modifiedMinSimilarity: number };
  elapsedMs: number;
}

// ------------------------------------------------------------------------------------------ carry-over

/** The structural minimum of an annotation (src/shared/types.ts Annotation fits). */
export interface AnnotationLike {
  id: string;
  target: AnnotationTarget;
}

export interface ReviewSide {
  policyId: string;
  /** Clause annotations: the clause text. Cell annotations: the evidence quotes, one per line. */
  text: string;
  clauseId?: string;
  start?: number;
  end?: number;
  /** Cell annotations: the cell value and its rendering. */
  value?: AttributeValue;
  valueText?: Bilingual;
  evidence?: Evidence[];
}

export type CarryOutcome =
  | 'unchanged' // clause identical in place, or cell value and evidence identical
  | 'moved' // clause identical but moved
  | 'modified' // clause paired with an edited clause
  | 'removed' // clause gone from the newer version
  | 'value_changed' // cell value changed
  | 'evidence_changed' // cell value same, evidence clauses changed
  | 'not_found' // target not in the older analysis (stale id): kept, needs review
  | 'other_policy'; // annotation is not on the older version: returned untouched

export interface CarriedAnnotation<A extends AnnotationLike = AnnotationLike> {
  annotation: A;
  /** Where it belongs now: the newer version's cell or clause; for removed/not_found, the old target (kept). */
  target: AnnotationTarget;
  outcome: CarryOutcome;
  needsReview: boolean;
  removed?: true;
  /** Old and new text side by side, when needsReview. */
  before?: ReviewSide;
  after?: ReviewSide;
  /** Word diff for a modified clause. */
  segments?: DiffSegment[];
  /** For a removed clause: the newer clause that now stands where it was (the next surviving clause), if any. */
  anchorClauseId?: string;
}
