// Text helpers every export format shares: the report's fixed wording in both languages, value formatting,
// quote clean-up, dates, and the escaping/neutralizing each output format needs for policy-derived strings.
import { DURATION_UNIT_LABELS, getAttribute, NOT_STATED } from '../../shared/taxonomy';
import { isDuration, type AttributeValue } from '../../shared/types';

export type ReportLang = 'zh' | 'en';

/** The report's own wording. Policy text never goes through here. */
export const STRINGS = {
  zh: {
    colon: '：',
    defaultTitle: '隐私政策比对报告',
    workspace: '工作区',
    author: '编制人',
    generatedAt: '生成时间',
    engine: '分析引擎',
    summary: '概览',
    policiesCompared: '比对的隐私政策',
    app: '应用',
    version: '版本',
    fileName: '文件名',
    sha256: 'SHA-256',
    importedAt: '导入时间',
    format: '格式',
    clauses: '条款数',
    grid: '比对表',
    attribute: '比对项',
    category: '类别',
    value: '值',
    engineValue: '引擎识别值',
    override: '人工修正',
    overrideReason: '修正理由',
    overriddenBy: '修正人',
    relabel: '类别更正',
    relabelCategories: '审阅人类别',
    relabelEngine: '引擎类别',
    relabelReason: '更正理由',
    relabelledBy: '更正人',
    reread: '按审阅人更正的条款类别重新识别',
    status: '审阅状态',
    note: '备注',
    noteAuthor: '审阅人',
    updatedAt: '更新时间',
    evidence: '依据条款',
    evidenceFor: '依据',
    quote: '原文',
    section: '章节',
    clauseId: '条款 ID',
    noEvidence: '政策中未找到相关条款。',
    lowConfidence: '置信度低',
    confidence: '置信度',
    checks: '合规检查',
    rule: '规则',
    severity: '严重程度',
    source: '依据',
    result: '结果',
    explanation: '说明',
    appendix: '附录：已标注条款',
    noAnnotatedClauses: '没有标注的条款。',
    clauseMissing: '该条款在当前分析中已不存在（政策或引擎版本已变化）。',
    annotations: '标注',
    target: '对象',
    targetCell: '单元格',
    targetClause: '条款',
    kind: '类型',
    annotation: '标注',
    overrides: '人工修正',
    policies: '政策',
    attributes: '比对项',
    counts: '数量',
    disclaimer:
      '本报告中的值由 PolicyBench 从政策文本中自动提取，已注明人工修正及按审阅人更正的条款类别重新识别之处。请以所引原文为准；本报告不构成法律意见。',
    page: '第',
    of: '页，共',
    pageSuffix: '页',
    none: '无',
    contents: '目录',
    legend: '图例',
    columnsPart: (from: number, to: number, total: number) => `第 ${from}–${to} 个应用（共 ${total} 个）`,
    quoteCount: (n: number) => `${n} 条依据`,
  },
  en: {
    colon: ': ',
    defaultTitle: 'Privacy policy comparison report',
    workspace: 'Workspace',
    author: 'Prepared by',
    generatedAt: 'Generated',
    engine: 'Engine',
    summary: 'Summary',
    policiesCompared: 'Policies compared',
    app: 'App',
    version: 'Version',
    fileName: 'File name',
    sha256: 'SHA-256',
    importedAt: 'Imported',
    format: 'Format',
    clauses: 'Clauses',
    grid: 'Comparison grid',
    attribute: 'Attribute',
    category: 'Category',
    value: 'Value',
    engineValue: 'Engine value',
    override: 'Override',
    overrideReason: 'Override reason',
    overriddenBy: 'Overridden by',
    relabel: 'Categories corrected',
    relabelCategories: 'Reviewer categories',
    relabelEngine: 'Engine categories',
    relabelReason: 'Reason',
    relabelledBy: 'Corrected by',
    reread: 'Read again with the reviewer’s clause categories',
    status: 'Review status',
    note: 'Note',
    noteAuthor: 'Reviewer',
    updatedAt: 'Updated',
    evidence: 'Evidence',
    evidenceFor: 'Evidence for',
    quote: 'Quote',
    section: 'Section',
    clauseId: 'Clause id',
    noEvidence: 'No clause in the policy addresses this.',
    lowConfidence: 'low confidence',
    confidence: 'Confidence',
    checks: 'Regulation checks',
    rule: 'Rule',
    severity: 'Severity',
    source: 'Source',
    result: 'Result',
    explanation: 'Explanation',
    appendix: 'Appendix: annotated clauses',
    noAnnotatedClauses: 'No annotated clauses.',
    clauseMissing: 'This clause is not in the current analysis (the policy or the engine version changed).',
    annotations: 'Annotations',
    target: 'Target',
    targetCell: 'Cell',
    targetClause: 'Clause',
    kind: 'Kind',
    annotation: 'Annotation',
    overrides: 'Overrides',
    policies: 'Policies',
    attributes: 'Attributes',
    counts: 'Count',
    disclaimer:
      'Values in this report were extracted from the policy text by PolicyBench; reviewer overrides, and values read again with clause categories a reviewer corrected, are marked. The quoted text is authoritative; this report is not legal advice.',
    page: 'Page',
    of: 'of',
    pageSuffix: '',
    none: 'None',
    contents: 'Contents',
    legend: 'Legend',
    columnsPart: (from: number, to: number, total: number) => `Apps ${from}–${to} of ${total}`,
    quoteCount: (n: number) => (n === 1 ? '1 quote' : `${n} quotes`),
  },
} as const;

export type Strings = (typeof STRINGS)[ReportLang];

export const STATUS_LABELS = {
  ok: { zh: '无问题', en: 'OK' },
  concern: { zh: '存疑', en: 'Concern' },
  violation: { zh: '违规', en: 'Violation' },
  follow_up: { zh: '待跟进', en: 'Follow up' },
} as const;

export const CHECK_STATUS_LABELS = {
  pass: { zh: '通过', en: 'Pass' },
  flag: { zh: '提示', en: 'Flag' },
  not_applicable: { zh: '不适用', en: 'N/A' },
} as const;

export const SEVERITY_LABELS = {
  high: { zh: '高', en: 'High' },
  medium: { zh: '中', en: 'Medium' },
  low: { zh: '低', en: 'Low' },
} as const;

/** A cell value in words, with the taxonomy's labels; lists joined; durations with their source wording. */
export function formatValue(attributeId: string, v: AttributeValue, lang: ReportLang): string {
  const attr = getAttribute(attributeId);
  const label = (s: string) => attr?.valueLabels[s]?.[lang] ?? s;
  if (isDuration(v)) {
    const unit = DURATION_UNIT_LABELS[v.unit]?.[lang] ?? v.unit;
    const plain = lang === 'zh' ? `${v.number}${unit}` : `${v.number} ${unit}`;
    const text = v.text ? oneLine(v.text) : '';
    return text && text !== plain ? (lang === 'zh' ? `${plain}（“${text}”）` : `${plain} (“${text}”)`) : plain;
  }
  if (Array.isArray(v)) {
    if (v.length === 0) return label(NOT_STATED);
    return (v as (string | number)[]).map((x) => (typeof x === 'number' ? String(x) : label(x))).join(lang === 'zh' ? '、' : ', ');
  }
  return label(String(v));
}

export function isNotStated(v: AttributeValue): boolean {
  return v === NOT_STATED || (Array.isArray(v) && v.length === 0);
}

const CJK = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]/;

/**
 * A quote for reading: hard wraps inside a sentence (PDF and fixed-width text) removed. A line break between two
 * CJK characters is read as nothing, elsewhere as one space; other whitespace runs become one space.
 */
export function readableQuote(s: string): string {
  return s
    .replace(/[ \t\u00a0\u3000]*[\r\n][\s\u3000]*/g, (m, offset: number, whole: string) => {
      const before = whole[offset - 1] ?? '';
      const after = whole[offset + m.length] ?? '';
      return CJK.test(before) && CJK.test(after) ? '' : ' ';
    })
    .replace(/[ \t\u00a0]{2,}/g, ' ')
    .trim();
}

/** One line of text: every whitespace run (line breaks included) becomes one space. */
export function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** HTML text and attribute escaping: every policy-derived string passes through this. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * Markdown escaping for one line of policy text: backslash-escapes the ASCII punctuation that can start markup,
 * HTML, entities, links, autolinks (`://`, `www.`, `@`) or table cells. Line breaks become spaces, so no
 * block construct (heading, list, quote, fence) can start inside the text.
 */
export function escapeMarkdown(s: string): string {
  return oneLine(s).replace(/[\\`*_{}[\]()#+\-.!|<>~&:@$^=]/g, (c) => `\\${c}`);
}

/** A leading character that makes a spreadsheet read a cell as a formula (OWASP CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]|^\s+[=+\-@]/;

/** Spreadsheet cells: text that a spreadsheet would run as a formula gets an apostrophe in front. */
export function neutralizeFormula(s: string): string {
  return FORMULA_START.test(s) ? `'${s}` : s;
}

/** RFC 4180 field: quoted when it holds a quote, comma or line break; quotes doubled. Neutralized first. */
export function csvField(s: string): string {
  const v = neutralizeFormula(s);
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/**
 * An ISO time for people: "2025-03-01 14:05 (UTC+08:00)" in the given IANA time zone (default: the machine's).
 * Unparseable input is shown as given.
 */
export function formatTime(iso: string, timeZone?: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const tz = timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: tz,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'longOffset',
    })
      .formatToParts(d)
      .map((p) => [p.type, p.value]),
  );
  const offset = (parts.timeZoneName ?? 'GMT').replace('GMT', 'UTC') || 'UTC';
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute} (${offset === 'UTC' ? 'UTC+00:00' : offset})`;
}
