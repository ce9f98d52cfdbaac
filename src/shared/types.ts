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
}

export const LOW_CONFIDENCE = 0.6;

export interface ClauseCategory {
  id: CategoryId;
  confidence: number;
  source: 'rule' | 'model';
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

export function isDuration(v: unknown): v is Duration {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && 'number' in v && 'unit' in v;
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
