// "Changes since the previous version" (issue 7) in the report: for each app with several versions, the
// attribute value changes and the counts of clause changes between each version and the one before it.
import type { Bilingual } from '../../shared/types';
import type { ReportLang } from './text';

/** What the caller (handlers-export) computes per version that has a previous version. */
export interface ReportVersionChangeInput {
  app: string;
  olderLabel: string;
  newerLabel: string;
  attributeChanges: Bilingual[];
  counts: { unchanged: number; added: number; removed: number; modified: number; moved: number };
}

export interface ReportVersionChange {
  app: string;
  olderLabel: string;
  newerLabel: string;
  /** The attribute changes in the report's language ("注销时限：15 个工作日 → 30 天"). */
  lines: string[];
  counts: ReportVersionChangeInput['counts'];
  /** "修改 3 · 新增 1 · 删除 1 · 仅移动 2". */
  countsText: string;
}

export const VERSION_STRINGS = {
  zh: {
    title: '与上一版本相比的变化',
    lead: '有多个版本的应用：每个版本与其上一版本相比，比对项取值的变化和条款变化的数量（仅移动位置、内容未变的条款不算变化）。',
    versions: '版本',
    attributeChanges: '比对项变化',
    clauseChanges: '条款变化',
    none: '比对项取值没有变化',
    counts: (c: ReportVersionChangeInput['counts']) => `修改 ${c.modified} · 新增 ${c.added} · 删除 ${c.removed} · 仅移动 ${c.moved}`,
    app: '应用',
  },
  en: {
    title: 'Changes since the previous version',
    lead: 'Apps with several versions: for each version, the attribute values that changed from the version before it and how many clauses changed (clauses that only moved are not changes).',
    versions: 'Versions',
    attributeChanges: 'Attribute changes',
    clauseChanges: 'Clause changes',
    none: 'No attribute value changed',
    counts: (c: ReportVersionChangeInput['counts']) => `${c.modified} modified · ${c.added} added · ${c.removed} removed · ${c.moved} moved only`,
    app: 'App',
  },
} as const;

export function buildVersionChanges(input: ReportVersionChangeInput[] | undefined, lang: ReportLang): ReportVersionChange[] {
  return (input ?? []).map((v) => ({
    app: v.app,
    olderLabel: v.olderLabel,
    newerLabel: v.newerLabel,
    lines: v.attributeChanges.map((b) => b[lang]),
    counts: v.counts,
    countsText: VERSION_STRINGS[lang].counts(v.counts),
  }));
}

/** The HTML section (ESC escapes text for HTML). */
export function versionChangesHtml(changes: ReportVersionChange[], lang: ReportLang, sec: number, esc: (s: string) => string): string {
  const S = VERSION_STRINGS[lang];
  const items = changes
    .map(
      (v) => `<article class="version-change"><h3>${esc(v.app)} <span class="ver">${esc(v.olderLabel)} → ${esc(v.newerLabel)}</span></h3>
<p class="lead">${S.clauseChanges}${lang === 'zh' ? '：' : ': '}${esc(v.countsText)}</p>
${v.lines.length ? `<ul>${v.lines.map((l) => `<li>${esc(l)}</li>`).join('')}</ul>` : `<p class="lead">${S.none}</p>`}</article>`,
    )
    .join('\n');
  return `<section id="versions" class="section">
<h2>${sec}. ${S.title}</h2>
<p class="lead">${S.lead}</p>
${items}
</section>
`;
}

/** The Markdown section (MD escapes text for Markdown). */
export function versionChangesMarkdown(changes: ReportVersionChange[], lang: ReportLang, sec: number, md: (s: string) => string): string[] {
  const S = VERSION_STRINGS[lang];
  const out = [`## ${sec}. ${S.title}`, '', S.lead, ''];
  for (const v of changes) {
    out.push(`### ${md(v.app)}: ${md(v.olderLabel)} → ${md(v.newerLabel)}`, '');
    out.push(`- **${S.clauseChanges}**${lang === 'zh' ? '：' : ': '}${md(v.countsText)}`);
    if (v.lines.length) for (const l of v.lines) out.push(`- ${md(l)}`);
    else out.push(`- ${S.none}`);
    out.push('');
  }
  return out;
}
