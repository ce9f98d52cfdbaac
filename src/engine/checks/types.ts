// Regulation checks: the rule-set format (resources/rules/rules.json) and the results on a comparison matrix.
// Pure data, JSON-safe. CheckStatus, CheckResult, CheckResults, RuleInfo, Bilingual and Severity are what the
// renderer and the exports need: they should move to src/shared/types.ts (see the report of the checks work).
import type { AttributeValue, Evidence } from '../../shared/types';

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

export const OPERATORS = [
  'equals',
  'notEquals',
  'in',
  'notIn',
  'contains',
  'notContains',
  'containsAny',
  'isStated',
  'isNotStated',
  'isEmpty',
  'durationGreaterThan',
  'quoteMatches',
] as const;
export type Operator = (typeof OPERATORS)[number];

export interface DurationLimit {
  number: number;
  unit: string;
}

/** A leaf: one test on one attribute's cell. `explain` is the sentence used when this leaf is why a rule flags. */
export interface LeafCondition {
  attr: string;
  op: Operator;
  value?: string | number | (string | number)[] | DurationLimit;
  explain?: Bilingual;
}

export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { always: true }
  | LeafCondition;

export interface Rule {
  id: string;
  title: Bilingual;
  source: RuleSource;
  severity: Severity;
  /** Every attribute the rule reads: their cells' evidence is the result's evidence. */
  reads: string[];
  /** When false the result is not_applicable. Omitted: the rule always applies. */
  appliesWhen?: Condition;
  /** True → flag, false → pass. */
  condition: Condition;
  explanation: {
    flag: Bilingual;
    pass: Bilingual;
    notApplicable?: Bilingual;
  };
  /** Free text for reviewers: scope, limits of what the engine can see. Shown beside the rule, never evaluated. */
  note?: Bilingual;
}

export interface RuleSet {
  schemaVersion: 1;
  /** The rule set's own version: bump it when a rule changes, so saved results can tell. */
  version: string;
  rules: Rule[];
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
