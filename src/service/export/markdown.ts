// Markdown: the report as GitHub-flavoured tables and lists. Policy-derived text is escaped (escapeMarkdown) so
// that it cannot open HTML, links, images or table cells; the structure around it is ours.
import { chunks } from './html';
import type { ReportCell, ReportClauseRelabel, ReportModel, ReportNote } from './model';
import { STRINGS, escapeMarkdown as md } from './text';
import { versionChangesMarkdown } from './versions';

export interface MarkdownOptions {
  /** App columns per grid table. Default 6. */
  appsPerTable?: number;
}

export async function renderMarkdown(model: ReportModel, opts: MarkdownOptions = {}): Promise<string> {
  const S = STRINGS[model.lang];
  const per = Math.max(1, Math.floor(opts.appsPerTable ?? 6));
  const z = model.lang === 'zh';
  const out: string[] = [];
  const table = (head: string[], rows: string[][]) => {
    out.push(`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`), '');
  };
  const st = model.stats.annotationsByStatus;

  out.push(`# ${md(model.title)}`, '');
  out.push(`- **${S.workspace}**${S.colon}${md(model.workspace)}`);
  out.push(`- **${S.author}**${S.colon}${md(model.author)}`);
  out.push(`- **${S.generatedAt}**${S.colon}${md(model.generatedAtText)}`);
  out.push(`- **${S.engine}**${S.colon}${md(model.engineVersion)} · taxonomy ${md(model.taxonomyVersion)}`);
  out.push(
    `- **${S.summary}**${S.colon}${model.stats.policies} ${S.policies} · ${model.stats.attributes} ${S.attributes} · ${model.stats.overrides} ${S.overrides} · ` +
      (['violation', 'concern', 'follow_up', 'ok'] as const).map((k) => `${st[k]} ${statusWord(k, z)}`).join(' · '),
    '',
  );
  out.push(`> ${S.disclaimer}`, '');

  out.push(`## 1. ${S.policiesCompared}`, '');
  table(
    ['#', S.app, S.version, S.fileName, S.sha256, S.importedAt, S.clauses],
    model.policies.map((p, i) => [String(i + 1), md(p.app), md(p.versionLabel) || '—', md(p.fileName), `\`${p.sha256.replace(/[^0-9a-f]/g, '')}\``, md(p.importedAtText) || '—', String(p.clauseCount)]),
  );

  out.push(`## 2. ${S.grid}`, '');
  for (const [from, to] of chunks(model.policies.length, per)) {
    if (model.policies.length > per) out.push(`### ${S.columnsPart(from + 1, to, model.policies.length)}`, '');
    table(
      [S.attribute, ...model.policies.slice(from, to).map((p) => md(p.app))],
      model.rows.map((r) => [`**${md(r.label)}**`, ...r.cells.slice(from, to).map((c) => gridCell(c, S))]),
    );
  }

  let n = 3;
  if (model.checks && model.checks.rows.length) {
    out.push(`## ${n++}. ${S.checks}`, '');
    for (const [from, to] of chunks(model.policies.length, per)) {
      if (model.policies.length > per) out.push(`### ${S.columnsPart(from + 1, to, model.policies.length)}`, '');
      table(
        [S.rule, S.severity, ...model.policies.slice(from, to).map((p) => md(p.app))],
        model.checks.rows.map((r) => [`**${md(r.title)}**<br>${md(r.sourceText)}`, md(r.severityText), ...r.cells.slice(from, to).map((c) => `**${md(c.statusText)}** ${md(c.explanation)}`)]),
      );
    }
  }

  if (model.versionChanges?.length) out.push(...versionChangesMarkdown(model.versionChanges, model.lang, n++, md));

  out.push(`## ${n++}. ${S.evidence}`, '');
  model.policies.forEach((p, pi) => {
    out.push(`### ${pi + 1}. ${md(p.app)}`, '');
    for (const row of model.rows) {
      const c = row.cells[pi]!;
      out.push(`#### ${md(row.label)}${S.colon}${md(c.valueText)}`, '');
      if (c.override) out.push(`- ✎ **${S.override}**${S.colon}${md(c.override.valueText)}; ${S.engineValue}${S.colon}~~${md(c.engineValueText)}~~; ${S.overrideReason}${S.colon}${md(c.override.reason)} (${md(c.override.author)}, ${md(c.override.atText)})`);
      for (const a of c.annotations) out.push(`- ${note(a)}`);
      if (c.relabel) out.push(`- ⇄ ${S.reread}${S.colon}${S.engineValue} ~~${md(c.relabel.engineValueText)}~~`);
      if (c.override || c.relabel || c.annotations.length) out.push('');
      if (c.evidence.length === 0) out.push(`*${S.noEvidence}*`, '');
      c.evidence.forEach((e, i) => {
        out.push(`${i + 1}. ${e.sectionText ? `*§ ${md(e.sectionText)}*<br>` : ''}${md(e.quote)} \`${e.clauseId.replace(/[^0-9A-Za-z_-]/g, '')}\``);
      });
      if (c.evidence.length) out.push('');
    }
  });

  out.push(`## ${n++}. ${S.appendix}`, '');
  const withClauses = model.appendix.filter((a) => a.clauses.length);
  if (!withClauses.length) out.push(`*${S.noAnnotatedClauses}*`, '');
  for (const a of withClauses) {
    out.push(`### ${md(a.app)}`, '');
    table(
      [S.section, S.quote, S.annotations],
      a.clauses.map((c) => [md(c.sectionText) || '—', c.missing ? `*${S.clauseMissing}*` : md(c.text), [...(c.relabel ? [relabelNote(c.relabel, S)] : []), ...c.annotations.map(note)].join('<br>')]),
    );
  }
  return out.join('\n');
}

function gridCell(c: ReportCell, S: (typeof STRINGS)[keyof typeof STRINGS]): string {
  const parts = [c.notStated ? `*${md(c.valueText)}*` : md(c.valueText)];
  if (c.override) parts.push(`✎ ${S.override}${S.colon}${md(c.override.reason)} (${S.engineValue}${S.colon}~~${md(c.engineValueText)}~~)`);
  if (c.relabel) parts.push(`⇄ ${S.reread} (${S.engineValue}${S.colon}~~${md(c.relabel.engineValueText)}~~)`);
  for (const a of c.annotations) parts.push(note(a));
  return parts.join('<br>');
}

function relabelNote(r: ReportClauseRelabel, S: (typeof STRINGS)[keyof typeof STRINGS]): string {
  const engine = r.engineCategoriesText ? `; ${S.relabelEngine}${S.colon}~~${md(r.engineCategoriesText)}~~` : '';
  const why = r.reason ? `; ${S.relabelReason}${S.colon}${md(r.reason)}` : '';
  return `✎ **${S.relabel}**${S.colon}${md(r.categoriesText)}${engine}${why} — ${md(r.author)}, ${md(r.atText)}`;
}

function note(a: ReportNote): string {
  return `**\\[${md(a.statusText)}\\]** ${md(a.note)} — ${md(a.author)}`;
}

function statusWord(k: 'violation' | 'concern' | 'follow_up' | 'ok', z: boolean): string {
  return { violation: z ? '违规' : 'violations', concern: z ? '存疑' : 'concerns', follow_up: z ? '待跟进' : 'follow-ups', ok: z ? '无问题' : 'OK' }[k];
}
