// buildReport: analyses + the reviewer's annotations, overrides and clause relabels → a format-neutral ReportModel that every
// renderer (HTML, PDF, XLSX, CSV, Markdown) reads. All wording is resolved here, in one language; renderers only
// lay it out and escape it.
import { buildVersionChanges, type ReportVersionChange, type ReportVersionChangeInput } from './versions';
import { compare } from '../../engine/compare';
import { loadRules, runChecks, type CheckResults, type RuleSet } from '../../engine/checks/index';
import { ATTRIBUTE_IDS, getAttribute, getCategory } from '../../shared/taxonomy';
import { LOW_CONFIDENCE, type AttributeValue, type Cell, type Matrix, type PolicyAnalysis } from '../../shared/types';
import type { Annotation, AnnotationStatus, ClauseRelabel, ValueOverride } from '../workspace/types';
import {
  CHECK_STATUS_LABELS,
  SEVERITY_LABELS,
  STATUS_LABELS,
  STRINGS,
  formatTime,
  formatValue,
  isNotStated,
  oneLine,
  readableQuote,
  type ReportLang,
} from './text';

/** An annotation as the workspace store keeps it (its `rev` is not needed here). */
export type ReportAnnotation = Pick<Annotation, 'id' | 'target' | 'status' | 'note' | 'author' | 'createdAt' | 'updatedAt'>;
/** A value override as the workspace store keeps it. */
export type ReportOverride = Pick<ValueOverride, 'policyId' | 'attributeId' | 'value' | 'reason' | 'author' | 'at'>;
/** A clause relabel (issue 8) as the workspace store keeps it. */
export type ReportRelabel = Pick<ClauseRelabel, 'policyId' | 'clauseId' | 'categories' | 'engineCategories' | 'reason' | 'author' | 'at'>;

export interface PolicyMeta {
  versionLabel?: string;
  importedAt?: string;
  /** The reviewer's name for the app (a rename in the workspace) instead of the detected one. */
  app?: string;
  /** The file name as imported, when the analysis was made from a stored copy. */
  fileName?: string;
}

export interface ReportInput {
  /** Default: "隐私政策比对报告" / "Privacy policy comparison report". */
  title?: string;
  author: string;
  workspaceName: string;
  /** ISO time (or a Date) the report is generated. */
  generatedAt: string | Date;
  /** The policies compared, in column order. */
  analyses: PolicyAnalysis[];
  /** The rows in view, in order. Default: every attribute of the taxonomy. Unknown ids are ignored. */
  attributeIds?: string[];
  annotations?: ReportAnnotation[];
  overrides?: ReportOverride[];
  /** The reviewer's clause categories; they appear in the appendix beside the clause's notes. */
  relabels?: ReportRelabel[];
  /** policyId → what the workspace knows about the policy beyond the analysis. */
  policyMeta?: Record<string, PolicyMeta>;
  /**
   * Regulation checks: results to show as given, or `{ run: true }` to run the rule set (default: the bundled
   * rules) on the values as reviewed, i.e. with overrides applied. Omitted: no checks section.
   */
  checks?: CheckResults | { run: true; rules?: RuleSet };
  /** Language of every label and value in the report. Default zh. */
  lang?: ReportLang;
  /** IANA time zone for the times shown. Default: the machine's. */
  timeZone?: string;
  /** Issue 7: per version with a previous version, what changed (the "changes since previous version" section). */
  versionChanges?: ReportVersionChangeInput[];
}

export interface ReportNote {
  annotationId: string;
  status: AnnotationStatus;
  statusText: string;
  note: string;
  author: string;
  createdAt: string;
  updatedAt: string;
  updatedAtText: string;
}

export interface ReportEvidence {
  clauseId: string;
  /** Section headings, outermost first. */
  section: string[];
  /** The section path as one string ("一、… › （二）…"); empty at top level. */
  sectionText: string;
  /** The quote with hard wraps removed, for reading. */
  quote: string;
  start: number;
  end: number;
}

export interface ReportCell {
  policyId: string;
  attributeId: string;
  /** The value shown: the override when there is one, else the engine's. */
  value: AttributeValue;
  valueText: string;
  notStated: boolean;
  engineValue: AttributeValue;
  engineValueText: string;
  override?: { valueText: string; reason: string; author: string; at: string; atText: string };
  /**
   * Set when the value was read again with the reviewer's clause categories (the analyses of a workspace) and
   * came out different from the engine's own reading: what the engine found.
   */
  relabel?: { engineValueText: string };
  confidence: number;
  lowConfidence: boolean;
  evidence: ReportEvidence[];
  annotations: ReportNote[];
  /** The most serious annotation status on this cell, for colouring. */
  worstStatus?: AnnotationStatus;
}

export interface ReportRow {
  attributeId: string;
  label: string;
  categoryId: string;
  categoryLabel: string;
  /** One per policy, in column order. */
  cells: ReportCell[];
}

export interface ReportPolicy {
  id: string;
  app: string;
  versionLabel: string;
  fileName: string;
  sha256: string;
  importedAt: string;
  importedAtText: string;
  format: string;
  encoding: string;
  clauseCount: number;
  chars: number;
  engineVersion: string;
}

export interface ReportAppendixClause {
  clauseId: string;
  section: string[];
  sectionText: string;
  /** Empty when the clause is no longer in the analysis (see `missing`). */
  text: string;
  start: number;
  missing: boolean;
  annotations: ReportNote[];
  /** The reviewer's categories for the clause, when they corrected the engine's. */
  relabel?: ReportClauseRelabel;
}

export interface ReportClauseRelabel {
  /** The reviewer's categories, labelled in the report language. */
  categories: string[];
  categoriesText: string;
  /** The engine's categories, labelled; empty when it gave none. */
  engineCategories: string[];
  engineCategoriesText: string;
  reason: string;
  author: string;
  at: string;
  atText: string;
}

export interface ReportAppendix {
  policyId: string;
  app: string;
  /** In text order; clauses no longer found come last. */
  clauses: ReportAppendixClause[];
}

export interface ReportCheckCell {
  policyId: string;
  status: 'pass' | 'flag' | 'not_applicable';
  statusText: string;
  explanation: string;
}

export interface ReportCheckRow {
  ruleId: string;
  title: string;
  severity: 'high' | 'medium' | 'low';
  severityText: string;
  sourceText: string;
  cells: ReportCheckCell[];
}

export interface ReportChecks {
  rulesVersion: string;
  /** True when the checks ran on the reviewed values (overrides applied). */
  onReviewedValues: boolean;
  rows: ReportCheckRow[];
}

export interface ReportModel {
  lang: ReportLang;
  title: string;
  author: string;
  workspace: string;
  generatedAt: string;
  generatedAtText: string;
  engineVersion: string;
  taxonomyVersion: string;
  policies: ReportPolicy[];
  rows: ReportRow[];
  appendix: ReportAppendix[];
  checks?: ReportChecks;
  /** Issue 7: present when some app has several versions. */
  versionChanges?: ReportVersionChange[];
  stats: {
    policies: number;
    attributes: number;
    overrides: number;
    /** Clauses whose categories a reviewer corrected. */
    relabels: number;
    annotationsByStatus: Record<AnnotationStatus, number>;
    evidenceQuotes: number;
  };
}

const STATUS_RANK: Record<AnnotationStatus, number> = { ok: 0, follow_up: 1, concern: 2, violation: 3 };
const STATUS_ORDER: AnnotationStatus[] = ['violation', 'concern', 'follow_up', 'ok'];

export class ReportInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReportInputError';
  }
}

export function buildReport(input: ReportInput): ReportModel {
  const lang: ReportLang = input.lang ?? 'zh';
  const S = STRINGS[lang];
  const tz = input.timeZone;
  const generatedAt = input.generatedAt instanceof Date ? input.generatedAt.toISOString() : input.generatedAt;
  const analyses = dedupeById(input.analyses);
  const policyIds = new Set(analyses.map((a) => a.id));
  const attributeIds = (input.attributeIds ?? [...ATTRIBUTE_IDS]).filter((id, i, all) => getAttribute(id) && all.indexOf(id) === i);

  const overrides = new Map<string, ReportOverride>();
  for (const o of input.overrides ?? []) if (policyIds.has(o.policyId)) overrides.set(key(o.policyId, o.attributeId), o);

  const cellNotes = new Map<string, ReportNote[]>();
  const clauseNotes = new Map<string, Map<string, ReportNote[]>>();
  const byStatus: Record<AnnotationStatus, number> = { ok: 0, concern: 0, violation: 0, follow_up: 0 };
  for (const a of sortAnnotations(input.annotations ?? [])) {
    if (!policyIds.has(a.target.policyId)) continue;
    const note = toNote(a, lang, tz);
    if ('attributeId' in a.target) {
      if (!attributeIds.includes(a.target.attributeId)) continue;
      push(cellNotes, key(a.target.policyId, a.target.attributeId), note);
    } else {
      let m = clauseNotes.get(a.target.policyId);
      if (!m) clauseNotes.set(a.target.policyId, (m = new Map()));
      push(m, a.target.clauseId, note);
    }
    byStatus[a.status]++;
  }

  const policies: ReportPolicy[] = analyses.map((a) => {
    const meta = input.policyMeta?.[a.id] ?? {};
    const importedAt = meta.importedAt ?? '';
    return {
      id: a.id,
      app: oneLine(meta.app ?? a.app),
      versionLabel: oneLine(meta.versionLabel ?? ''),
      fileName: meta.fileName ?? a.file,
      sha256: a.sha256,
      importedAt,
      importedAtText: importedAt ? formatTime(importedAt, tz) : '',
      format: a.format,
      encoding: a.encoding,
      clauseCount: a.clauses.length,
      chars: a.chars,
      engineVersion: a.engineVersion,
    };
  });

  let evidenceQuotes = 0;
  let overrideCount = 0;
  const rows: ReportRow[] = attributeIds.map((attributeId) => {
    const def = getAttribute(attributeId)!;
    const cells = analyses.map((a): ReportCell => {
      const sections = sectionIndex(a);
      const engine: Cell = a.attributes[attributeId] ?? { value: 'not_stated', evidence: [], confidence: 1 };
      const o = overrides.get(key(a.id, attributeId));
      const value = o ? o.value : engine.value;
      const evidence = engine.evidence.map((e) => {
        const section = sections.get(e.clauseId) ?? [];
        return { clauseId: e.clauseId, section, sectionText: sectionText(section), quote: readableQuote(e.quote), start: e.start, end: e.end };
      });
      evidenceQuotes += evidence.length;
      if (o) overrideCount++;
      const notes = cellNotes.get(key(a.id, attributeId)) ?? [];
      return {
        policyId: a.id,
        attributeId,
        value,
        valueText: formatValue(attributeId, value, lang),
        notStated: isNotStated(value),
        engineValue: engine.value,
        engineValueText: formatValue(attributeId, engine.value, lang),
        ...(o ? { override: { valueText: formatValue(attributeId, o.value, lang), reason: o.reason, author: o.author, at: o.at, atText: formatTime(o.at, tz) } } : {}),
        ...(engine.relabel ? { relabel: { engineValueText: formatValue(attributeId, engine.relabel.engineValue, lang) } } : {}),
        confidence: engine.confidence,
        lowConfidence: !o && engine.evidence.length > 0 && engine.confidence < LOW_CONFIDENCE,
        evidence,
        annotations: notes,
        ...(notes.length ? { worstStatus: worst(notes) } : {}),
      };
    });
    return { attributeId, label: def.label[lang], categoryId: def.category, categoryLabel: getCategory(def.category)?.label[lang] ?? def.category, cells };
  });

  const relabels = new Map<string, Map<string, ReportRelabel>>();
  for (const r of input.relabels ?? []) {
    if (!policyIds.has(r.policyId)) continue;
    let m = relabels.get(r.policyId);
    if (!m) relabels.set(r.policyId, (m = new Map()));
    m.set(r.clauseId, r);
  }
  let relabelCount = 0;
  const catText = (ids: readonly string[]) => ids.map((id) => getCategory(id)?.label[lang] ?? id);
  const appendix: ReportAppendix[] = analyses.map((a) => {
    const notes = clauseNotes.get(a.id);
    const relabelled = relabels.get(a.id);
    const clauses: ReportAppendixClause[] = [];
    if (notes || relabelled) {
      const byId = new Map(a.clauses.map((c) => [c.id, c]));
      for (const clauseId of new Set([...(notes?.keys() ?? []), ...(relabelled?.keys() ?? [])])) {
        const c = byId.get(clauseId);
        const r = relabelled?.get(clauseId);
        if (r) relabelCount++;
        const categories = r ? catText(r.categories) : [];
        const engineCategories = r ? catText(r.engineCategories) : [];
        const sep = lang === 'zh' ? '、' : ', ';
        clauses.push({
          clauseId,
          section: c?.section ?? [],
          sectionText: sectionText(c?.section ?? []),
          text: c ? readableQuote(c.text) : '',
          start: c?.start ?? Number.MAX_SAFE_INTEGER,
          missing: !c,
          annotations: notes?.get(clauseId) ?? [],
          ...(r
            ? {
                relabel: {
                  categories,
                  categoriesText: categories.join(sep),
                  engineCategories,
                  engineCategoriesText: engineCategories.join(sep),
                  reason: r.reason,
                  author: r.author,
                  at: r.at,
                  atText: formatTime(r.at, tz),
                },
              }
            : {}),
        });
      }
      clauses.sort((x, y) => x.start - y.start || (x.clauseId < y.clauseId ? -1 : 1));
    }
    return { policyId: a.id, app: policies.find((p) => p.id === a.id)!.app, clauses };
  });

  const checks = input.checks ? buildChecks(input.checks, analyses, policies, overrides, lang) : undefined;

  return {
    lang,
    title: oneLine(input.title ?? '') || S.defaultTitle,
    author: input.author,
    workspace: input.workspaceName,
    generatedAt,
    generatedAtText: formatTime(generatedAt, tz),
    engineVersion: [...new Set(analyses.map((a) => a.engineVersion))].join(', '),
    taxonomyVersion: [...new Set(analyses.map((a) => a.taxonomyVersion))].join(', '),
    policies,
    rows,
    appendix,
    ...(checks ? { checks } : {}),
    ...(input.versionChanges?.length ? { versionChanges: buildVersionChanges(input.versionChanges, lang) } : {}),
    stats: {
      policies: policies.length,
      attributes: rows.length,
      overrides: overrideCount,
      relabels: relabelCount,
      annotationsByStatus: byStatus,
      evidenceQuotes,
    },
  };
}

function buildChecks(
  spec: NonNullable<ReportInput['checks']>,
  analyses: PolicyAnalysis[],
  policies: ReportPolicy[],
  overrides: Map<string, ReportOverride>,
  lang: ReportLang,
): ReportChecks {
  let results: CheckResults;
  const run = 'run' in spec;
  if (run) {
    const matrix = reviewedMatrix(analyses, overrides);
    // The checks explain with the app's name: use the reviewer's name for it, as the rest of the report does.
    for (const p of matrix.policies) p.app = policies.find((x) => x.id === p.id)?.app ?? p.app;
    results = runChecks(matrix, spec.rules ?? loadRules());
  } else {
    results = spec;
  }
  const rows: ReportCheckRow[] = results.rules.map((r) => ({
    ruleId: r.id,
    title: r.title[lang],
    severity: r.severity,
    severityText: SEVERITY_LABELS[r.severity][lang],
    sourceText: `${r.source.law[lang]} ${r.source.article[lang]}`.trim(),
    cells: policies.map((p) => {
      const c = results.results[p.id]?.[r.id];
      if (!c) return { policyId: p.id, status: 'not_applicable', statusText: CHECK_STATUS_LABELS.not_applicable[lang], explanation: '' };
      return { policyId: p.id, status: c.status, statusText: CHECK_STATUS_LABELS[c.status][lang], explanation: c.explanation[lang] };
    }),
  }));
  return { rulesVersion: results.rulesVersion, onReviewedValues: run, rows };
}

/** The comparison matrix with the reviewer's overrides in place of the engine's values. */
export function reviewedMatrix(analyses: PolicyAnalysis[], overrides: Map<string, ReportOverride> | ReportOverride[]): Matrix {
  const map = Array.isArray(overrides) ? new Map(overrides.map((o) => [key(o.policyId, o.attributeId), o])) : overrides;
  const matrix = compare(analyses);
  for (const [policyId, row] of Object.entries(matrix.cells)) {
    for (const attributeId of Object.keys(row)) {
      const o = map.get(key(policyId, attributeId));
      if (o) row[attributeId] = { ...row[attributeId]!, value: o.value, confidence: 1 };
    }
  }
  return matrix;
}

function dedupeById(analyses: PolicyAnalysis[]): PolicyAnalysis[] {
  const seen = new Set<string>();
  return analyses.filter((a) => (seen.has(a.id) ? false : (seen.add(a.id), true)));
}

function key(policyId: string, attributeId: string): string {
  return `${policyId}\u0000${attributeId}`;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

function sortAnnotations(list: ReportAnnotation[]): ReportAnnotation[] {
  return [...list].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1));
}

function toNote(a: ReportAnnotation, lang: ReportLang, tz?: string): ReportNote {
  return {
    annotationId: a.id,
    status: a.status,
    statusText: STATUS_LABELS[a.status][lang],
    note: a.note,
    author: a.author,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
    updatedAtText: formatTime(a.updatedAt, tz),
  };
}

function worst(notes: ReportNote[]): AnnotationStatus {
  return notes.reduce<AnnotationStatus>((w, n) => (STATUS_RANK[n.status] > STATUS_RANK[w] ? n.status : w), notes[0]!.status);
}

export { STATUS_ORDER };

const sectionCache = new WeakMap<PolicyAnalysis, Map<string, string[]>>();
function sectionIndex(a: PolicyAnalysis): Map<string, string[]> {
  let m = sectionCache.get(a);
  if (!m) sectionCache.set(a, (m = new Map(a.clauses.map((c) => [c.id, c.section]))));
  return m;
}

function sectionText(section: string[]): string {
  return section.map(oneLine).join(' › ');
}
