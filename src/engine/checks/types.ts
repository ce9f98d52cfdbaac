// Regulation checks: the rule-set format (resources/rules/rules.json) and the results on a comparison matrix.
// Pure data, JSON-safe.
import type { Bilingual, RuleSource, Severity } from '../../shared/types';

// The result types live in src/shared/types.ts (the renderer and the exports read them); re-exported here.
export {
  CHECK_STATUSES,
  SEVERITIES,
  type Bilingual,
  type CheckResult,
  type CheckResults,
  type CheckStatus,
  type CheckSummary,
  type RuleInfo,
  type RuleSource,
  type Severity,
} from '../../shared/types';

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
