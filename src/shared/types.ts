// Domain types shared by engine, main, host, CLI and renderer. Pure data: everything here is JSON-safe.
import type { AttributeId, CategoryId, DurationUnit } from './taxonomy';

export interface Duration {
  number: number;
  unit: DurationUnit;
  /** The source wording, e.g. "十五个工作日". */
  text: string;
}

/**
 * A cell value, shaped per TAXONOMY.md: an enum string, an array of codes/names (sets), an array of
 * ages (numbers), a duration, or "not_stated".
 */
export type AttributeValue = string | string[] | number[] | Duration;

export interface Evidence {
  clauseId: string;
  /** [start, end) offsets into the decoded policy text. */
  start: number;
  end: number;
  quote: string;
}

export interface Cell {
  value: AttributeValue;
  evidence: Evidence[];
  /** 0..1: how sure the engine is. Below LOW_CONFIDENCE the grid marks the cell. */
  confidence: number;
  /** Set when a reviewer replaced the value: `value` is then the override, `override.engineValue` the engine's. */
  override?: CellOverride;
  /**
   * Set in a workspace when re-reading the policy with the reviewer's clause categories (clause relabels) gave a
   * different value than the engine's own reading: `value` is then the re-read value (or an override on top).
   */
  relabel?: CellRelabel;
}

/** How clause relabels moved a cell (see Cell.relabel). */
export interface CellRelabel {
  /** What the engine found with its own clause categories. */
  engineValue: AttributeValue;
  /** The relabelled clauses of the policy whose engine or reviewer categories include the attribute's category. */
  clauseIds: string[];
}

/** A reviewer's replacement of a cell's value, as the matrix carries it. */
export interface CellOverride {
  value: AttributeValue;
  reason: string;
  author: string;
  at: string;
  /** Journal seq of the change that set it: send it back as baseRev when editing. */
  rev: number;
  /** What the engine found. */
  engineValue: AttributeValue;
}

export const LOW_CONFIDENCE = 0.6;

export interface ClauseCategory {
  id: CategoryId;
  confidence: number;
  /** 'reviewer': a clause relabel in a workspace (confidence 1). */
  source: 'rule' | 'model' | 'reviewer';
}

export interface Clause {
  /** Stable id: the same text at the same position of the same policy gets the same id. */
  id: string;
  /** Section headings from the outermost to the innermost. */
  section: string[];
  start: number;
  end: number;
  text: string;
  kind: 'heading' | 'list_item' | 'sentence';
  categories: ClauseCategory[];
  /**
   * Set on the analyses a workspace returns when a reviewer relabelled the clause: `categories` are then the
   * reviewer's (source 'reviewer') and these are the engine's.
   */
  engineCategories?: ClauseCategory[];
}

export interface PolicyAnalysis {
  /** Policy id: the first 16 hex digits of the SHA-256 of the file's bytes. */
  id: string;
  app: string;
  /** Where the app name came from. */
  appSource: 'title' | 'book_title' | 'operator' | 'file_name';
  file: string;
  format: string;
  encoding: string;
  sha256: string;
  chars: number;
  /** The decoded, adapter-extracted text that all offsets point into. */
  text: string;
  clauses: Clause[];
  attributes: Record<AttributeId, Cell>;
  engineVersion: string;
  taxonomyVersion: string;
  /** Milliseconds spent analyzing. */
  elapsedMs: number;
}

/** An analysis without its heavy parts (text, clauses): what lists and headers need. */
export interface PolicySummary {
  id: string;
  app: string;
  file: string;
  format: string;
  sha256: string;
  chars: number;
  clauseCount: number;
  elapsedMs: number;
}

export interface AnalysisError {
  file: string;
  code: AnalysisErrorCode;
  message: string;
}

export const ANALYSIS_ERROR_CODES = [
  'file_not_found',
  'file_unreadable',
  'not_a_file',
  'too_large',
  'binary',
  'empty',
  'unsupported_format',
  'decode_failed',
  'parse_failed',
  'no_text',
  'encrypted',
  'timeout',
  'cancelled',
  'internal',
] as const;
export type AnalysisErrorCode = (typeof ANALYSIS_ERROR_CODES)[number];

/** The attributes × policies matrix that the grid, exports and CLI share. */
export interface Matrix {
  taxonomyVersion: string;
  attributes: AttributeId[];
  policies: PolicySummary[];
  /** cells[policyId][attributeId] */
  cells: Record<string, Record<AttributeId, Cell>>;
}

/**
 * Evidence as the grid's matrix carries it (matrix-get): where the quote is, not the quote itself. The quote is
 * `analysis.text.slice(start, end)` of the policy's analysis (policy-get), which the evidence panel loads anyway.
 */
export type EvidenceRef = Omit<Evidence, 'quote'>;

/** A cell as the grid gets it: everything of Cell but the evidence quotes. A Cell is also a GridCell. */
export interface GridCell extends Omit<Cell, 'evidence'> {
  evidence: EvidenceRef[];
}

/** The matrix as matrix-get sends it to the grid: cells without evidence quotes (exports and the CLI use Matrix). */
export interface GridMatrix extends Omit<Matrix, 'cells'> {
  /** cells[policyId][attributeId] */
  cells: Record<string, Record<AttributeId, GridCell>>;
}

export function isDuration(v: unknown): v is Duration {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && 'number' in v && 'unit' in v;
}

// ---------------------------------------------------------------------------------------------------------
// Review state kept in a workspace (validated on disk by zod schemas in src/service/workspace/types.ts).

export const ANNOTATION_STATUSES = ['ok', 'concern', 'violation', 'follow_up'] as const;
export type AnnotationStatus = (typeof ANNOTATION_STATUSES)[number];

export interface CellTarget {
  policyId: string;
  attributeId: string;
}
export interface ClauseTarget {
  policyId: string;
  clauseId: string;
}
export type AnnotationTarget = CellTarget | ClauseTarget;

export interface Annotation {
  id: string;
  target: AnnotationTarget;
  status: AnnotationStatus;
  note: string;
  /** Who created it (later editors are in the journal). */
  author: string;
  createdAt: string;
  updatedAt: string;
  /** Journal seq of the change that produced this version: send it back as baseRev when editing. */
  rev: number;
  /**
   * Set when the note was carried over from an earlier version whose text it was written against changed (or the
   * clause was removed): the old and the new text, shown beside the note until the reviewer edits or confirms it.
   */
  needsReview?: AnnotationNeedsReview;
}

export interface AnnotationNeedsReview {
  oldText: string;
  /** Empty when the clause is gone from the newer version. */
  newText: string;
  /** The earlier version the note came from. */
  fromPolicyId: string;
  /** Why: the clause or cell changed, or the clause was removed (the note stays on the earlier version). */
  reason?: 'changed' | 'removed' | 'not_found';
}

export interface ValueOverride {
  policyId: string;
  attributeId: string;
  value: AttributeValue;
  reason: string;
  author: string;
  at: string;
  rev: number;
}

/**
 * A reviewer's own categories for one clause of one policy (issue 8), replacing the engine's wherever the clause's
 * categories are shown or read: the evidence panel, the re-read grid values, exports, and training data.
 */
export interface ClauseRelabel {
  policyId: string;
  clauseId: string;
  /** The reviewer's categories: one or more taxonomy category ids, in taxonomy order; `other` only alone. */
  categories: CategoryId[];
  /** The engine's categories for the clause when it was relabelled (what the reviewer corrected). */
  engineCategories: CategoryId[];
  /** The clause's text when it was relabelled, so the relabel still reads right if a later engine splits the text differently. */
  text: string;
  /** Why, in the reviewer's words; may be empty. */
  reason: string;
  author: string;
  at: string;
  /** Journal seq of the change that set it: send it back as baseRev when editing. */
  rev: number;
}

/** A policy as a workspace lists it. */
export interface PolicyRecord {
  id: string;
  app: string;
  versionLabel: string;
  /** The file name the reviewer imported (display only). */
  fileName: string;
  sha256: string;
  /** Name of the imported copy inside policies/: `<sha256>.<ext>`. */
  storedAs: string;
  importedAt: string;
  previousVersionId?: string;
}

/** One change in a workspace's history, as the history view shows it. */
export interface HistoryEntry {
  seq: number;
  at: string;
  author: string;
  op: 'annotation-upsert' | 'annotation-delete' | 'override-set' | 'override-clear' | 'relabel-set' | 'relabel-clear';
  /** Set when this change undid (or redid) the change with that seq. */
  undoOf?: number;
  redoOf?: number;
  /** The annotation or override after the change (null when deleted or cleared) and before it. */
  annotation?: Annotation | null;
  annotationBefore?: Annotation | null;
  override?: ValueOverride | null;
  overrideBefore?: ValueOverride | null;
  /** For relabel-set and relabel-clear: the clause relabel after (null when cleared) and before. */
  relabel?: ClauseRelabel | null;
  relabelBefore?: ClauseRelabel | null;
}

export type WorkspaceNoticeCode =
  | 'annotations_rebuilt'
  | 'workspace_rebuilt'
  | 'journal_missing'
  | 'journal_torn_tail'
  | 'journal_bad_line'
  | 'migrated'
  | 'stale_lock_taken';

/** Something the reviewer should be told after opening (a file was damaged and repaired, a migration ran). */
export interface WorkspaceNotice {
  code: WorkspaceNoticeCode;
  message: string;
  /** The file kept aside, when there is one. */
  keptAs?: string;
}

/** The open workspace, as the UI shows it. */
export interface WorkspaceInfo {
  dir: string;
  name: string;
  createdAt: string;
  /** The journal seq this view includes. */
  revision: number;
  policyCount: number;
  author: string;
  canUndo: boolean;
  canRedo: boolean;
  notices: WorkspaceNotice[];
}

export interface RecentWorkspace {
  dir: string;
  name: string;
  openedAt: string;
}

export interface Settings {
  /** Who the journal names for changes made here. Defaults to the OS user name. */
  author: string;
  recent: RecentWorkspace[];
}

// ---------------------------------------------------------------- regulation checks (src/engine/checks)

export interface Bilingual {
  zh: string;
  en: string;
}

export const SEVERITIES = ['high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const CHECK_STATUSES = ['pass', 'flag', 'not_applicable'] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];

/** Where a rule comes from. `article` is the article or item as the source numbers it, in both languages. */
export interface RuleSource {
  law: Bilingual;
  article: Bilingual;
  /** Citation only: PolicyBench never fetches it. */
  url?: string;
  /** Further sources that say the same thing (e.g. the national standard behind a statute). */
  also?: { law: Bilingual; article: Bilingual; url?: string }[];
}

/** A rule without its machinery: what a grid row header or an export table needs. */
export interface RuleInfo {
  id: string;
  title: Bilingual;
  source: RuleSource;
  severity: Severity;
  reads: string[];
  note?: Bilingual;
}

export interface CheckResult {
  ruleId: string;
  policyId: string;
  status: CheckStatus;
  severity: Severity;
  /** Names the values seen; for an absence, says what was not found. */
  explanation: Bilingual;
  /** The evidence of the cells the rule read, in text order. Empty when none of them was stated. */
  evidence: Evidence[];
  /** The value of each cell the rule read, as evaluated. */
  values: Record<string, AttributeValue>;
}

export interface CheckSummary {
  pass: number;
  flag: number;
  not_applicable: number;
  /** Flags by severity. */
  flagsBySeverity: Record<Severity, number>;
}

export interface CheckResults {
  rulesVersion: string;
  /** Row order for the grid and the exports. */
  rules: RuleInfo[];
  /** Column order: the matrix's policies. */
  policyIds: string[];
  /** results[policyId][ruleId], like Matrix.cells. */
  results: Record<string, Record<string, CheckResult>>;
  summary: Record<string, CheckSummary>;
}

/** A check result as the grid shows it (checks-get): its cell and tooltip. check-get gives the whole CheckResult. */
export type CheckBrief = Pick<CheckResult, 'status' | 'severity' | 'explanation'>;

/** The checks as checks-get sends them to the grid: results without evidence and values. */
export interface GridCheckResults extends Omit<CheckResults, 'results'> {
  /** results[policyId][ruleId] */
  results: Record<string, Record<string, CheckBrief>>;
}
