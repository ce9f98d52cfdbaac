// checks: regulation rules (resources/rules/rules.json, documented in resources/rules/RULES.md) evaluated on the
// comparison matrix. Every legal number (14 years, 15 working days) lives in the rules file; this module only
// knows how to read cells, compare values and fill in explanation templates.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import bundledRules from '../../../resources/rules/rules.json';
import { DURATION_UNITS, DURATION_UNIT_LABELS, getAttribute, NOT_STATED, type AttributeDef, type DurationUnit } from '../../shared/taxonomy';
import { isDuration, type AttributeValue, type Cell, type Evidence, type Matrix } from '../../shared/types';
import {
  OPERATORS,
  SEVERITIES,
  type Bilingual,
  type CheckResult,
  type CheckResults,
  type CheckStatus,
  type CheckSummary,
  type Condition,
  type DurationLimit,
  type LeafCondition,
  type Operator,
  type Rule,
  type RuleInfo,
  type RuleSet,
} from './types';

export * from './types';

// ---------------------------------------------------------------- loading and validation

export class RulesError extends Error {
  constructor(
    readonly file: string,
    readonly issues: string[],
  ) {
    super(`${file}: ${issues.length === 1 ? 'a rule is invalid' : `${issues.length} problems`}:\n  - ${issues.join('\n  - ')}`);
    this.name = 'RulesError';
  }
}

const bilingual = z.object({ zh: z.string().min(1), en: z.string().min(1) }).strict();
const citation = z.object({ law: bilingual, article: bilingual, url: z.string().url().optional() }).strict();
const ruleShape = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'use lower-case letters, digits, ".", "_" and "-"'),
    title: bilingual,
    source: citation.extend({ also: z.array(citation).optional() }).strict(),
    severity: z.enum(SEVERITIES),
    reads: z.array(z.string()).min(1),
    appliesWhen: z.unknown().optional(),
    condition: z.unknown(),
    explanation: z.object({ flag: bilingual, pass: bilingual, notApplicable: bilingual.optional() }).strict(),
    note: bilingual.optional(),
  })
  .strict();
const fileShape = z
  .object({
    $comment: z.string().optional(),
    schemaVersion: z.literal(1),
    version: z.string().min(1),
    rules: z.array(z.unknown()),
  })
  .strict();

/** Loads and validates a rules file. Without a path: the rule set shipped in resources/rules/rules.json. */
export function loadRules(path?: string): RuleSet {
  if (path === undefined) return parseRules(bundledRules, 'resources/rules/rules.json');
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (err) {
    throw new RulesError(path, [`cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`]);
  }
  let data: unknown;
  try {
    data = JSON.parse(raw.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new RulesError(path, [`is not valid JSON: ${(err as Error).message}`]);
  }
  return parseRules(data, path);
}

/** Validates already-parsed rules data. `file` names it in error messages. */
export function parseRules(data: unknown, file = 'rules.json'): RuleSet {
  const top = fileShape.safeParse(data);
  if (!top.success) throw new RulesError(file, top.error.issues.map((i) => `${fmtPath(i.path)}: ${i.message}`));
  const issues: string[] = [];
  const rules: Rule[] = [];
  const seen = new Set<string>();
  top.data.rules.forEach((r, index) => {
    const rawId = typeof r === 'object' && r !== null && typeof (r as { id?: unknown }).id === 'string' ? (r as { id: string }).id : undefined;
    const where = rawId ? `rule "${rawId}"` : `rule #${index + 1}`;
    const parsed = ruleShape.safeParse(r);
    if (!parsed.success) {
      for (const i of parsed.error.issues) issues.push(`${where} → ${fmtPath(i.path)}: ${i.message}`);
      return;
    }
    const rule = parsed.data;
    if (seen.has(rule.id)) issues.push(`${where} → id: duplicate id (ids must be unique)`);
    seen.add(rule.id);
    const before = issues.length;
    for (const [i, a] of rule.reads.entries()) {
      if (!getAttribute(a)) issues.push(`${where} → reads[${i}]: unknown attribute "${a}" (see src/shared/taxonomy.ts)`);
    }
    const reads = new Set(rule.reads);
    const condition = checkCondition(rule.condition, 'condition', where, reads, issues);
    const appliesWhen = rule.appliesWhen === undefined ? undefined : checkCondition(rule.appliesWhen, 'appliesWhen', where, reads, issues);
    for (const [kind, t] of Object.entries(rule.explanation)) {
      for (const lang of ['zh', 'en'] as const) checkTemplate(t[lang], `explanation.${kind}.${lang}`, where, reads, false, issues);
    }
    if (issues.length === before && condition) {
      rules.push({ ...rule, condition, ...(appliesWhen ? { appliesWhen } : {}) } as Rule);
    }
  });
  if (issues.length) throw new RulesError(file, issues);
  return { schemaVersion: 1, version: top.data.version, rules };
}

function fmtPath(path: PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `${out ? '.' : ''}${String(p)}`;
  return out || '(top level)';
}

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

function checkCondition(c: unknown, path: string, where: string, reads: Set<string>, issues: string[]): Condition | undefined {
  const bad = (msg: string) => {
    issues.push(`${where} → ${path}: ${msg}`);
    return undefined;
  };
  if (!isObj(c)) return bad('a condition must be an object: {"all":[…]}, {"any":[…]}, {"not":…}, {"always":true} or {"attr","op","value"}');
  const keys = Object.keys(c);
  if ('all' in c || 'any' in c) {
    const k = 'all' in c ? 'all' : 'any';
    if (keys.length !== 1) return bad(`"${k}" stands alone; found also ${keys.filter((x) => x !== k).join(', ')}`);
    const list = c[k];
    if (!Array.isArray(list)) return bad(`"${k}" takes a list of conditions`);
    const kids = list.map((x, i) => checkCondition(x, `${path}.${k}[${i}]`, where, reads, issues));
    return kids.every(Boolean) ? ({ [k]: kids } as Condition) : undefined;
  }
  if ('not' in c) {
    if (keys.length !== 1) return bad(`"not" stands alone; found also ${keys.filter((x) => x !== 'not').join(', ')}`);
    const kid = checkCondition(c.not, `${path}.not`, where, reads, issues);
    return kid ? { not: kid } : undefined;
  }
  if ('always' in c) {
    if (keys.length !== 1 || c.always !== true) return bad('write {"always": true}');
    return { always: true };
  }
  const extra = keys.filter((k) => !['attr', 'op', 'value', 'explain'].includes(k));
  if (extra.length) return bad(`unknown field(s) ${extra.map((k) => `"${k}"`).join(', ')}`);
  if (typeof c.attr !== 'string') return bad('"attr" (an attribute id) is missing');
  const attr = getAttribute(c.attr);
  if (!attr) return bad(`unknown attribute "${c.attr}" (see src/shared/taxonomy.ts)`);
  if (!reads.has(c.attr)) return bad(`"${c.attr}" is not listed in "reads"`);
  if (typeof c.op !== 'string' || !(OPERATORS as readonly string[]).includes(c.op)) {
    return bad(`unknown operator ${JSON.stringify(c.op)} (one of ${OPERATORS.join(', ')})`);
  }
  const op = c.op as Operator;
  const valueError = checkValue(op, c.value, attr);
  if (valueError) return bad(`${valueError} (op "${op}" on ${attr.id})`);
  if (c.explain !== undefined) {
    const e = bilingual.safeParse(c.explain);
    if (!e.success) return bad('"explain" must be {"zh": "…", "en": "…"}');
    for (const lang of ['zh', 'en'] as const) checkTemplate(e.data[lang], `${path}.explain.${lang}`, where, reads, true, issues);
  }
  return { attr: c.attr, op, ...(c.value !== undefined ? { value: c.value as LeafCondition['value'] } : {}), ...(c.explain ? { explain: c.explain as Bilingual } : {}) };
}

function checkValue(op: Operator, v: unknown, attr: AttributeDef): string | undefined {
  const allowed = (x: unknown) => attr.kind === 'names' || attr.kind === 'ages' || attr.values.includes(x as string);
  const scalar = (x: unknown) => typeof x === 'string' || typeof x === 'number';
  switch (op) {
    case 'isStated':
    case 'isNotStated':
    case 'isEmpty':
      return v === undefined ? undefined : '"value" is not used by this operator';
    case 'equals':
    case 'notEquals':
      if (!scalar(v)) return '"value" must be a string or number';
      return allowed(v) ? undefined : `"${String(v)}" is not a value of this attribute (${attr.values.join(', ')})`;
    case 'in':
    case 'notIn':
      if (!Array.isArray(v) || v.length === 0 || !v.every(scalar)) return '"value" must be a non-empty list';
      return v.find((x) => !allowed(x)) !== undefined ? `"${String(v.find((x) => !allowed(x)))}" is not a value of this attribute` : undefined;
    case 'contains':
    case 'notContains':
      if (!['set', 'names', 'ages'].includes(attr.kind)) return 'only list attributes (sets, names, ages) can contain values';
      if (!scalar(v)) return '"value" must be a string or number';
      if (attr.kind === 'ages' && typeof v !== 'number') return 'ages are numbers: write 14, not "14"';
      return attr.kind === 'set' && !allowed(v) ? `"${String(v)}" is not a code of this attribute` : undefined;
    case 'containsAny':
      if (!['set', 'names', 'ages'].includes(attr.kind)) return 'only list attributes (sets, names, ages) can contain values';
      if (!Array.isArray(v) || v.length === 0 || !v.every(scalar)) return '"value" must be a non-empty list';
      return attr.kind === 'set' && v.some((x) => !allowed(x)) ? `"${String(v.find((x) => !allowed(x)))}" is not a code of this attribute` : undefined;
    case 'durationGreaterThan': {
      if (attr.kind !== 'duration') return 'only duration attributes have durations';
      if (!isObj(v) || typeof v.number !== 'number' || !(v.number >= 0) || typeof v.unit !== 'string') return '"value" must be {"number": 15, "unit": "working_days"}';
      if (!(DURATION_UNITS as readonly string[]).includes(v.unit)) return `unknown unit "${v.unit}" (one of ${DURATION_UNITS.join(', ')})`;
      if (Object.keys(v).some((k) => k !== 'number' && k !== 'unit')) return '"value" takes only "number" and "unit"';
      return undefined;
    }
    case 'quoteMatches':
      if (typeof v !== 'string' || !v) return '"value" must be a regular expression (a string)';
      try {
        new RegExp(v, 'u');
      } catch (err) {
        return `invalid regular expression: ${(err as Error).message}`;
      }
      return undefined;
  }
}

const PLACEHOLDER = /\{([a-z]+)(?::([^}]+))?\}/g;

function checkTemplate(t: string, path: string, where: string, reads: Set<string>, leaf: boolean, issues: string[]): void {
  for (const m of t.matchAll(PLACEHOLDER)) {
    const [whole, name, arg] = m;
    if (name === 'value' && arg === undefined && leaf) continue;
    if ((name === 'threshold' || name === 'converted') && arg === undefined && leaf) continue;
    if (name === 'reasons' && arg === undefined && !leaf) continue;
    if (name === 'app' && arg === undefined) continue;
    if (name === 'value' && arg !== undefined) {
      if (!reads.has(arg)) issues.push(`${where} → ${path}: ${whole} names an attribute not listed in "reads"`);
      continue;
    }
    issues.push(`${where} → ${path}: unknown placeholder ${whole} (${leaf ? '{value}, {threshold}, {converted}, {value:attr}, {app}' : '{reasons}, {value:attr}, {app}'})`);
  }
}

// ---------------------------------------------------------------- evaluation

/**
 * Calendar-day length of each unit, used only to compare durations in different units.
 * A working day is 7/5 of a calendar day (five working days per seven-day week); Chinese public holidays and
 * their make-up working days are not modelled. Months are 30 days, years 365. RULES.md documents this.
 */
export const CALENDAR_DAYS: Record<DurationUnit, number> = {
  minutes: 1 / 1440,
  hours: 1 / 24,
  days: 1,
  working_days: 7 / 5,
  weeks: 7,
  months: 30,
  years: 365,
};

/** True when duration a is longer than limit b. Same units compare exactly; different units go through calendar days. */
export function durationExceeds(a: { number: number; unit: string }, b: DurationLimit): boolean {
  if (a.unit === b.unit) return a.number > b.number;
  const da = a.number * (CALENDAR_DAYS[a.unit as DurationUnit] ?? NaN);
  const db = b.number * (CALENDAR_DAYS[b.unit as DurationUnit] ?? NaN);
  return da > db + 1e-9;
}

function isStated(v: AttributeValue | undefined): boolean {
  if (v === undefined || v === NOT_STATED || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  return true;
}

function asList(v: AttributeValue): (string | number)[] {
  return Array.isArray(v) ? v : [];
}

interface Ctx {
  cells: Record<string, Cell>;
  lang: 'zh' | 'en';
}

/** Evaluates a condition; `reasons` collects the explain texts of the leaves that made it true. */
function evaluate(c: Condition, cells: Record<string, Cell>, reasons: LeafCondition[]): boolean {
  if ('all' in c) {
    const local: LeafCondition[] = [];
    const ok = c.all.every((x) => evaluate(x, cells, local));
    if (ok) reasons.push(...local);
    return ok;
  }
  if ('any' in c) {
    let ok = false;
    for (const x of c.any) if (evaluate(x, cells, reasons)) ok = true;
    return ok;
  }
  if ('not' in c) return !evaluate(c.not, cells, []);
  if ('always' in c) return true;
  const ok = leafTrue(c, cells[c.attr]);
  if (ok) reasons.push(c);
  return ok;
}

function leafTrue(c: LeafCondition, cell: Cell | undefined): boolean {
  const v: AttributeValue = cell?.value ?? NOT_STATED;
  const val = c.value;
  switch (c.op) {
    case 'isStated':
      return isStated(v);
    case 'isNotStated':
    case 'isEmpty':
      return !isStated(v);
    case 'equals':
      return !Array.isArray(v) && !isDuration(v) && v === val;
    case 'notEquals':
      return !(!Array.isArray(v) && !isDuration(v) && v === val);
    case 'in':
      return typeof v === 'string' && (val as (string | number)[]).includes(v);
    case 'notIn':
      return !(typeof v === 'string' && (val as (string | number)[]).includes(v));
    case 'contains':
      return asList(v).includes(val as string | number);
    case 'notContains':
      return !asList(v).includes(val as string | number);
    case 'containsAny':
      return (val as (string | number)[]).some((x) => asList(v).includes(x));
    case 'durationGreaterThan':
      return isDuration(v) && durationExceeds(v, val as DurationLimit);
    case 'quoteMatches': {
      const re = new RegExp(val as string, 'u');
      return (cell?.evidence ?? []).some((e) => re.test(e.quote));
    }
  }
}

/** Runs every rule on every policy of the matrix. */
export function runChecks(matrix: Matrix, rules: RuleSet): CheckResults {
  const results: CheckResults['results'] = {};
  const summary: CheckResults['summary'] = {};
  for (const policy of matrix.policies) {
    const cells = matrix.cells[policy.id] ?? {};
    const row: Record<string, CheckResult> = {};
    const s: CheckSummary = { pass: 0, flag: 0, not_applicable: 0, flagsBySeverity: { high: 0, medium: 0, low: 0 } };
    for (const rule of rules.rules) {
      const r = checkOne(rule, policy.id, policy.app, cells);
      row[rule.id] = r;
      s[r.status]++;
      if (r.status === 'flag') s.flagsBySeverity[rule.severity]++;
    }
    results[policy.id] = row;
    summary[policy.id] = s;
  }
  return { rulesVersion: rules.version, rules: rules.rules.map(ruleInfo), policyIds: matrix.policies.map((p) => p.id), results, summary };
}

export function ruleInfo(r: Rule): RuleInfo {
  return { id: r.id, title: r.title, source: r.source, severity: r.severity, reads: [...r.reads], ...(r.note ? { note: r.note } : {}) };
}

function checkOne(rule: Rule, policyId: string, app: string, cells: Record<string, Cell>): CheckResult {
  const values: Record<string, AttributeValue> = {};
  const evidence: Evidence[] = [];
  for (const a of rule.reads) {
    const cell = cells[a];
    values[a] = cell?.value ?? NOT_STATED;
    if (cell) evidence.push(...cell.evidence);
  }
  const base = { ruleId: rule.id, policyId, severity: rule.severity, evidence: dedupe(evidence), values };
  const naReasons: LeafCondition[] = [];
  let status: CheckStatus;
  let reasons: LeafCondition[] = [];
  if (rule.appliesWhen && !evaluate(rule.appliesWhen, cells, naReasons)) {
    status = 'not_applicable';
  } else {
    status = evaluate(rule.condition, cells, reasons) ? 'flag' : 'pass';
    if (status === 'pass') reasons = [];
  }
  const en = explain(rule, status, cells, reasons, app, 'en');
  const explanation = { zh: explain(rule, status, cells, reasons, app, 'zh'), en: en.charAt(0).toUpperCase() + en.slice(1) };
  return { ...base, status, explanation };
}

function dedupe(ev: Evidence[]): Evidence[] {
  const seen = new Set<string>();
  return ev
    .filter((e) => {
      const k = `${e.start}:${e.end}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .sort((a, b) => a.start - b.start || a.end - b.end);
}

// ---------------------------------------------------------------- explanations

function explain(rule: Rule, status: CheckStatus, cells: Record<string, Cell>, reasons: LeafCondition[], app: string, lang: 'zh' | 'en'): string {
  const ctx: Ctx = { cells, lang };
  const template =
    status === 'flag'
      ? rule.explanation.flag[lang]
      : status === 'pass'
        ? rule.explanation.pass[lang]
        : (rule.explanation.notApplicable?.[lang] ?? (lang === 'zh' ? '不适用：政策中没有本规则适用的情形。' : 'Not applicable: the policy does not state what this rule applies to.'));
  const sep = lang === 'zh' ? '；' : '; ';
  const reasonText = () => {
    const seen = new Set<string>();
    const parts: string[] = [];
    for (const leaf of reasons) {
      const t = leaf.explain ? fillLeaf(leaf.explain[lang], leaf, ctx) : defaultReason(leaf, ctx);
      if (!seen.has(t)) parts.push(t);
      seen.add(t);
    }
    return parts.join(sep);
  };
  return template.replace(PLACEHOLDER, (whole, name: string, arg?: string) => {
    if (name === 'reasons') return reasonText();
    if (name === 'app') return app;
    if (name === 'value' && arg) return formatValue(arg, cells[arg]?.value ?? NOT_STATED, lang);
    return whole;
  });
}

function fillLeaf(t: string, leaf: LeafCondition, ctx: Ctx): string {
  return t.replace(PLACEHOLDER, (whole, name: string, arg?: string) => {
    if (name === 'value') {
      const id = arg ?? leaf.attr;
      return formatValue(id, ctx.cells[id]?.value ?? NOT_STATED, ctx.lang);
    }
    if (name === 'threshold') return formatThreshold(leaf, ctx.lang);
    if (name === 'converted') return formatConverted(leaf, ctx);
    return whole;
  });
}

function defaultReason(leaf: LeafCondition, ctx: Ctx): string {
  const attr = getAttribute(leaf.attr);
  const label = attr ? attr.label[ctx.lang] : leaf.attr;
  const v = formatValue(leaf.attr, ctx.cells[leaf.attr]?.value ?? NOT_STATED, ctx.lang);
  return ctx.lang === 'zh' ? `${label}：${v}` : `${label}: ${v}`;
}

/** A cell value in words: enum labels from the taxonomy, lists joined, durations with their source wording. */
export function formatValue(attrId: string, v: AttributeValue, lang: 'zh' | 'en'): string {
  const attr = getAttribute(attrId);
  const label = (s: string) => attr?.valueLabels[s]?.[lang] ?? s;
  if (isDuration(v)) {
    const unit = DURATION_UNIT_LABELS[v.unit]?.[lang] ?? v.unit;
    if (lang === 'zh') return v.text ? `“${v.text}”` : `${v.number}${unit}`;
    return `${v.number} ${unit}${v.text ? ` ("${v.text}")` : ''}`;
  }
  if (Array.isArray(v)) {
    if (v.length === 0) return label(NOT_STATED);
    return (v as (string | number)[]).map((x) => (typeof x === 'number' ? String(x) : label(x))).join(lang === 'zh' ? '、' : ', ');
  }
  return label(v);
}

function formatThreshold(leaf: LeafCondition, lang: 'zh' | 'en'): string {
  const v = leaf.value;
  if (isObj(v) && typeof v.number === 'number') {
    const unit = DURATION_UNIT_LABELS[v.unit as DurationUnit]?.[lang] ?? String(v.unit);
    return lang === 'zh' ? `${v.number}${unit}` : `${v.number} ${unit}`;
  }
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'number' ? String(x) : formatValue(leaf.attr, x, lang))).join(lang === 'zh' ? '、' : ', ');
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return formatValue(leaf.attr, v, lang);
  return '';
}

/** For a duration leaf in other units than its limit: both sides in calendar days, with its own brackets; else empty. */
function formatConverted(leaf: LeafCondition, ctx: Ctx): string {
  const v = ctx.cells[leaf.attr]?.value;
  const lim = leaf.value as DurationLimit | undefined;
  if (!isDuration(v) || !lim || !isObj(lim)) return '';
  const days = (n: number, u: string) => Math.round(n * (CALENDAR_DAYS[u as DurationUnit] ?? NaN) * 10) / 10;
  const a = days(v.number, v.unit);
  const b = days(lim.number, lim.unit);
  if (v.unit === lim.unit) return '';
  return ctx.lang === 'zh'
    ? `（按每周5个工作日折算：约${a}个自然日，上限约${b}个自然日）`
    : ` (at 5 working days a week: about ${a} calendar days against a limit of about ${b})`;
}
