// The HTML report: one self-contained file (inline CSS, no scripts, no external resources) that reads well on
// screen and prints well; the PDF export prints this same HTML. Every policy-derived string goes through esc().
import type { ReportAppendixClause, ReportCell, ReportEvidence, ReportModel, ReportNote, ReportRow } from './model';
import { STRINGS, escapeHtml as esc, type Strings } from './text';
import { VERSION_STRINGS, versionChangesHtml } from './versions';

export interface HtmlOptions {
  /** App columns per grid table; wider comparisons are split into consecutive tables. Default 4. */
  appsPerTable?: number;
}

export async function renderHtml(model: ReportModel, opts: HtmlOptions = {}): Promise<string> {
  return reportHtml(model, opts);
}

/** The HTML the PDF is printed from (Electron: load it in a hidden window and call webContents.printToPDF). */
export function reportHtml(model: ReportModel, opts: HtmlOptions = {}): string {
  const S = STRINGS[model.lang];
  const per = Math.max(1, Math.floor(opts.appsPerTable ?? 4));
  const hasChecks = !!model.checks && model.checks.rows.length > 0;
  const n = (() => {
    let i = 0;
    return () => ++i;
  })();
  const secPolicies = n();
  const secGrid = n();
  const secChecks = hasChecks ? n() : 0;
  const versionChanges = model.versionChanges ?? [];
  const secVersions = versionChanges.length ? n() : 0;
  const secEvidence = n();
  const secAppendix = n();
  const parts: string[] = [];
  parts.push(`<!doctype html>
<html lang="${model.lang === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="PolicyBench">
<title>${esc(model.title)}</title>
<style>${CSS}</style>
</head>
<body>
<main class="report">
<header class="cover">
<div class="kicker">PolicyBench</div>
<h1>${esc(model.title)}</h1>
<dl class="meta">
<div><dt>${S.workspace}</dt><dd>${esc(model.workspace)}</dd></div>
<div><dt>${S.author}</dt><dd>${esc(model.author)}</dd></div>
<div><dt>${S.generatedAt}</dt><dd>${esc(model.generatedAtText)}</dd></div>
<div><dt>${S.engine}</dt><dd>${esc(model.engineVersion || '—')} · taxonomy ${esc(model.taxonomyVersion || '—')}</dd></div>
</dl>
${summary(model, S)}
<nav class="toc"><h2 class="toc-title">${S.contents}</h2><ol>
<li><a href="#policies">${secPolicies}. ${S.policiesCompared}</a></li>
<li><a href="#grid">${secGrid}. ${S.grid}</a></li>
${hasChecks ? `<li><a href="#checks">${secChecks}. ${S.checks}</a></li>` : ''}
${secVersions ? `<li><a href="#versions">${secVersions}. ${VERSION_STRINGS[model.lang].title}</a></li>` : ''}
<li><a href="#evidence">${secEvidence}. ${S.evidence}</a></li>
<li><a href="#appendix">${secAppendix}. ${S.appendix}</a></li>
</ol></nav>
<p class="disclaimer">${S.disclaimer}</p>
</header>
`);

  // Policies compared.
  parts.push(`<section id="policies" class="section">
<h2>${secPolicies}. ${S.policiesCompared}</h2>
<table class="policies">
<thead><tr><th class="num">#</th><th>${S.app}</th><th>${S.version}</th><th>${S.fileName}</th><th>${S.sha256}</th><th>${S.importedAt}</th><th class="num">${S.clauses}</th></tr></thead>
<tbody>
${model.policies
  .map(
    (p, i) =>
      `<tr><td class="num">${i + 1}</td><td class="app">${esc(p.app)}</td><td>${esc(p.versionLabel) || '—'}</td><td class="file">${esc(p.fileName)}<span class="fmt">${esc(p.format)} · ${esc(p.encoding)}</span></td><td class="hash">${hashHtml(p.sha256)}</td><td class="time">${esc(p.importedAtText) || '—'}</td><td class="num">${p.clauseCount}</td></tr>`,
  )
  .join('\n')}
</tbody>
</table>
</section>
`);

  // The grid, split into tables of `per` apps so that it fits a page.
  parts.push(`<section id="grid" class="section">
<h2>${secGrid}. ${S.grid}</h2>
${legend(model, S)}`);
  for (const [from, to] of chunks(model.policies.length, per)) {
    const cols = model.policies.slice(from, to);
    if (model.policies.length > per) parts.push(`<h3 class="part">${S.columnsPart(from + 1, to, model.policies.length)}</h3>`);
    parts.push(`<table class="grid cols-${cols.length}">
<colgroup><col class="attr-col">${cols.map(() => '<col>').join('')}</colgroup>
<thead><tr><th class="attr">${S.attribute}</th>${cols.map((p) => `<th class="app">${esc(p.app)}${p.versionLabel ? `<span class="ver">${esc(p.versionLabel)}</span>` : ''}</th>`).join('')}</tr></thead>
<tbody>
${gridBody(model.rows, from, to, cols.length, S)}
</tbody>
</table>`);
  }
  parts.push('</section>\n');

  if (hasChecks) {
    const ch = model.checks!;
    parts.push(`<section id="checks" class="section">
<h2>${secChecks}. ${S.checks}</h2>
<p class="lead">${model.lang === 'zh' ? `规则集版本 ${esc(ch.rulesVersion)}${ch.onReviewedValues ? '；按人工修正后的值检查' : ''}。提示不等于违法结论，请结合依据条款判断。` : `Rule set ${esc(ch.rulesVersion)}${ch.onReviewedValues ? '; checked on the reviewed values (overrides applied)' : ''}. A flag is a prompt to review, not a finding of non-compliance.`}</p>`);
    for (const [from, to] of chunks(model.policies.length, per)) {
      const cols = model.policies.slice(from, to);
      if (model.policies.length > per) parts.push(`<h3 class="part">${S.columnsPart(from + 1, to, model.policies.length)}</h3>`);
      parts.push(`<table class="grid checks cols-${cols.length}">
<colgroup><col class="attr-col">${cols.map(() => '<col>').join('')}</colgroup>
<thead><tr><th class="attr">${S.rule}</th>${cols.map((p) => `<th class="app">${esc(p.app)}</th>`).join('')}</tr></thead>
<tbody>
${ch.rows
  .map(
    (r) =>
      `<tr><th class="attr" scope="row">${esc(r.title)}<span class="src">${esc(r.sourceText)}</span><span class="sev sev-${r.severity}">${S.severity}${S.colon}${esc(r.severityText)}</span></th>${r.cells
        .slice(from, to)
        .map((c) => `<td class="check ck-${c.status}"><span class="ck">${esc(c.statusText)}</span><div class="expl">${esc(c.explanation)}</div></td>`)
        .join('')}</tr>`,
  )
  .join('\n')}
</tbody>
</table>`);
    }
    parts.push('</section>\n');
  }

  if (secVersions) parts.push(versionChangesHtml(versionChanges, model.lang, secVersions, esc));

  // Evidence, per app then attribute.
  parts.push(`<section id="evidence" class="section">
<h2>${secEvidence}. ${S.evidence}</h2>
`);
  model.policies.forEach((p, pi) => {
    parts.push(`<article class="app-block" id="app-${esc(p.id)}">
<h3 class="app-title"><span class="idx">${pi + 1}</span>${esc(p.app)}${p.versionLabel ? ` <span class="ver">${esc(p.versionLabel)}</span>` : ''}<span class="file">${esc(p.fileName)}</span></h3>
`);
    for (const row of model.rows) {
      const c = row.cells[pi]!;
      parts.push(`<div class="ev-attr${c.worstStatus ? ` st-${c.worstStatus}` : ''}" id="ev-${esc(p.id)}-${anchor(row.attributeId)}">
<div class="keep"><h4><span class="attr-name">${esc(row.label)}</span><span class="attr-val${c.notStated ? ' ns' : ''}">${esc(c.valueText)}</span>${c.override ? `<span class="badge ovr-badge">✎ ${S.override}</span>` : ''}${c.lowConfidence ? `<span class="badge low">${S.lowConfidence}</span>` : ''}</h4>
${c.override ? overrideBox(c, S) : ''}${c.relabel ? `<div class="reread">⇄ ${S.reread}${S.colon}${S.engineValue} <s>${esc(c.relabel.engineValueText)}</s></div>` : ''}${notesHtml(c.annotations)}${
        c.evidence.length ? `<ol class="quotes">${quoteItem(c.evidence[0]!, S)}</ol></div>` : `<p class="none">${S.noEvidence}</p></div>`
      }${c.evidence.length > 1 ? `<ol class="quotes" start="2">${c.evidence.slice(1).map((e) => quoteItem(e, S)).join('')}</ol>` : ''}
</div>
`);
    }
    parts.push('</article>\n');
  });
  parts.push('</section>\n');

  // Appendix: annotated clauses per app.
  parts.push(`<section id="appendix" class="section">
<h2>${secAppendix}. ${S.appendix}</h2>
`);
  const withClauses = model.appendix.filter((a) => a.clauses.length > 0);
  if (withClauses.length === 0) parts.push(`<p class="none">${S.noAnnotatedClauses}</p>`);
  for (const a of withClauses) {
    parts.push(`<article class="appendix-app"><h3>${esc(a.app)}</h3>
<table class="clauses">
<thead><tr><th class="sec-col">${S.section}</th><th>${S.quote}</th><th class="note-col">${S.annotations}</th></tr></thead>
<tbody>
${a.clauses
  .map(
    (c) =>
      `<tr><td class="sec-col">${esc(c.sectionText) || '—'}<div class="cid">${esc(c.clauseId)}</div></td><td class="clause-text">${c.missing ? `<em class="missing">${S.clauseMissing}</em>` : esc(c.text)}</td><td class="note-col">${relabelHtml(c, S)}${notesHtml(c.annotations)}</td></tr>`,
  )
  .join('\n')}
</tbody>
</table></article>
`);
  }
  parts.push(`</section>
<footer class="end"><p>${S.disclaimer}</p><p>${esc(model.title)} · ${esc(model.workspace)} · ${esc(model.generatedAtText)}</p></footer>
</main>
</body>
</html>
`);
  return parts.join('');
}

function summary(model: ReportModel, S: Strings): string {
  const z = model.lang === 'zh';
  const st = model.stats.annotationsByStatus;
  const box = (n: number, label: string, cls = '') => `<div class="stat${cls}"><b>${n}</b><span>${label}</span></div>`;
  return `<div class="stats">
${box(model.stats.policies, S.policies)}${box(model.stats.attributes, S.attributes)}${box(model.stats.evidenceQuotes, z ? '依据条款' : 'Evidence quotes')}${box(model.stats.overrides, S.overrides, ' stat-ovr')}${box(st.violation, z ? '违规' : 'Violations', ' st-violation')}${box(st.concern, z ? '存疑' : 'Concerns', ' st-concern')}${box(st.follow_up, z ? '待跟进' : 'Follow-ups', ' st-follow_up')}${box(st.ok, z ? '无问题' : 'OK', ' st-ok')}
</div>`;
}

function legend(model: ReportModel, S: Strings): string {
  const z = model.lang === 'zh';
  return `<p class="legend"><span class="legend-title">${S.legend}</span>
<span class="chip st-violation">${z ? '违规' : 'Violation'}</span><span class="chip st-concern">${z ? '存疑' : 'Concern'}</span><span class="chip st-follow_up">${z ? '待跟进' : 'Follow up'}</span><span class="chip st-ok">${z ? '无问题' : 'OK'}</span>
<span class="badge ovr-badge">✎ ${S.override}</span><span class="badge low">${S.lowConfidence}</span>
<span class="legend-note">${z ? '单元格下方的链接指向“依据条款”一节中的原文。' : 'The link under each value goes to its quotes in the evidence section.'}</span></p>`;
}

function gridBody(rows: ReportRow[], from: number, to: number, ncols: number, S: Strings): string {
  const out: string[] = [];
  let category = '';
  for (const row of rows) {
    if (row.categoryId !== category) {
      category = row.categoryId;
      out.push(`<tr class="cat"><th colspan="${ncols + 1}">${esc(row.categoryLabel)}</th></tr>`);
    }
    out.push(`<tr><th class="attr" scope="row">${esc(row.label)}</th>${row.cells.slice(from, to).map((c) => gridCell(c, S)).join('')}</tr>`);
  }
  return out.join('\n');
}

function gridCell(c: ReportCell, S: Strings): string {
  const cls = ['cell', c.worstStatus ? `st-${c.worstStatus}` : '', c.override ? 'has-ovr' : '', c.notStated ? 'ns' : ''].filter(Boolean).join(' ');
  const ovr = c.override
    ? `<div class="ovr"><span class="badge ovr-badge">✎ ${S.override}</span> <span class="was">${S.engineValue}${S.colon}<s>${esc(c.engineValueText)}</s></span><div class="why">${S.overrideReason}${S.colon}${esc(c.override.reason)} <span class="who">— ${esc(c.override.author)}</span></div></div>`
    : '';
  const notes = c.annotations
    .map((n) => `<div class="ann"><span class="chip st-${n.status}">${esc(n.statusText)}</span> ${esc(n.note)} <span class="who">— ${esc(n.author)}</span></div>`)
    .join('');
  const ev = c.evidence.length
    ? `<a class="evlink" href="#ev-${esc(c.policyId)}-${anchor(c.attributeId)}">${S.quoteCount(c.evidence.length)} →</a>`
    : '';
  const reread = c.relabel ? `<div class="reread">⇄ ${S.reread}${S.colon}${S.engineValue} <s>${esc(c.relabel.engineValueText)}</s></div>` : '';
  return `<td class="${cls}"><div class="v">${esc(c.valueText)}${c.lowConfidence ? ` <span class="badge low">${S.lowConfidence}</span>` : ''}</div>${ovr}${reread}${notes}${ev}</td>`;
}

// The heading of an evidence block and its first quote are kept on one page (.keep); Chromium does not honour
// break-after: avoid on the heading alone.
function quoteItem(e: ReportEvidence, S: Strings): string {
  return `<li><div class="sec">${e.sectionText ? `§ ${esc(e.sectionText)}` : ''}<span class="cid">${S.clauseId} ${esc(e.clauseId)} · ${e.start}–${e.end}</span></div><blockquote>${esc(e.quote)}</blockquote></li>`;
}

/** [from, to) column ranges of at most `per` apps, balanced: 6 apps at 4 per table give 3 + 3, not 4 + 2. */
export function chunks(n: number, per: number): [number, number][] {
  if (n === 0) return [[0, 0]];
  const count = Math.ceil(n / per);
  const size = Math.ceil(n / count);
  const out: [number, number][] = [];
  for (let from = 0; from < n; from += size) out.push([from, Math.min(n, from + size)]);
  return out;
}

function overrideBox(c: ReportCell, S: Strings): string {
  const o = c.override!;
  return `<div class="ovr-box"><div><b>${S.override}</b>${S.colon}${esc(o.valueText)}</div><div>${S.engineValue}${S.colon}<s>${esc(c.engineValueText)}</s></div><div>${S.overrideReason}${S.colon}${esc(o.reason)}</div><div class="who">${S.overriddenBy}${S.colon}${esc(o.author)} · ${esc(o.atText)}</div></div>`;
}

/** A clause's corrected categories (issue 8): the reviewer's, the engine's struck through, why, who and when. */
function relabelHtml(c: ReportAppendixClause, S: Strings): string {
  const r = c.relabel;
  if (!r) return '';
  const engine = r.engineCategoriesText ? `<div>${S.relabelEngine}${S.colon}<s>${esc(r.engineCategoriesText)}</s></div>` : '';
  const why = r.reason ? `<div>${S.relabelReason}${S.colon}${esc(r.reason)}</div>` : '';
  return `<div class="relabel"><span class="badge ovr-badge">✎ ${S.relabel}</span><div><b>${S.relabelCategories}</b>${S.colon}${esc(r.categoriesText)}</div>${engine}${why}<div class="who">${S.relabelledBy}${S.colon}${esc(r.author)} · ${esc(r.atText)}</div></div>`;
}

function notesHtml(notes: ReportNote[]): string {
  if (!notes.length) return '';
  return `<ul class="notes">${notes
    .map((n) => `<li class="st-${n.status}"><span class="chip st-${n.status}">${esc(n.statusText)}</span> <span class="note-text">${esc(n.note)}</span> <span class="who">— ${esc(n.author)} · ${esc(n.updatedAtText)}</span></li>`)
    .join('')}</ul>`;
}

/** A SHA-256 broken into groups of 16 so it wraps at group boundaries instead of overflowing. */
function hashHtml(h: string): string {
  return esc(h).replace(/(.{16})(?=.)/g, '$1<wbr>');
}

function anchor(attributeId: string): string {
  return attributeId.replace(/[^a-zA-Z0-9_-]/g, '-');
}

const CSS = `
:root {
  --ink: #1d2430; --muted: #5b6472; --faint: #8a93a3; --line: #d7dce3; --band: #f3f5f8; --accent: #23408e;
  --ok: #1f7a4d; --ok-bg: #e5f4ec; --concern: #8a5a00; --concern-bg: #fff3d6; --violation: #a3222a; --violation-bg: #fde8e8;
  --follow: #1f5a99; --follow-bg: #e4eefb; --ovr: #6a3fa0; --ovr-bg: #f1eafa;
}
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 10.5pt/1.55 "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "Hiragino Sans GB", "Noto Sans", "Segoe UI", Helvetica, Arial, sans-serif; }
.report { max-width: 1180px; margin: 0 auto; padding: 32px 40px 48px; }
h1, h2, h3, h4 { line-height: 1.3; margin: 0; }
h2 { font-size: 16pt; color: var(--accent); border-bottom: 2px solid var(--accent); padding-bottom: 4px; margin: 0 0 14px; }
h3 { font-size: 12.5pt; margin: 18px 0 8px; }
h3.part { font-size: 10pt; color: var(--muted); font-weight: 600; margin: 18px 0 6px; }
a { color: var(--accent); text-decoration: none; }
.cover .kicker { font-size: 9pt; letter-spacing: .18em; text-transform: uppercase; color: var(--faint); }
.cover h1 { font-size: 24pt; margin: 6px 0 14px; color: var(--ink); }
.meta { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 6px 28px; margin: 0 0 18px; padding: 12px 16px; background: var(--band); border-radius: 6px; }
.meta div { display: flex; gap: 10px; min-width: 0; }
.meta dt { color: var(--muted); min-width: 5.5em; flex: none; }
.meta dd { margin: 0; overflow-wrap: anywhere; font-weight: 500; }
.stats { display: grid; grid-template-columns: repeat(8, minmax(0, 1fr)); gap: 8px; margin: 0 0 18px; }
.stat { border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; border-top: 3px solid var(--accent); }
.stat b { display: block; font-size: 16pt; line-height: 1.1; }
.stat span { font-size: 8.5pt; color: var(--muted); }
.stat.stat-ovr { border-top-color: var(--ovr); } .stat.st-violation { border-top-color: var(--violation); }
.stat.st-concern { border-top-color: #d99a00; } .stat.st-follow_up { border-top-color: var(--follow); } .stat.st-ok { border-top-color: var(--ok); }
.toc-title { font-size: 11pt; color: var(--ink); border: 0; margin: 0 0 4px; padding: 0; }
.toc ol { margin: 0 0 14px; padding-left: 0; list-style: none; columns: 2; }
.toc li { padding: 2px 0; }
.disclaimer, .lead { color: var(--muted); font-size: 9pt; }
.section { margin-top: 30px; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; margin: 0 0 12px; }
th, td { text-align: left; vertical-align: top; padding: 6px 8px; border: 1px solid var(--line); overflow-wrap: anywhere; word-break: normal; }
thead th { background: #e9edf4; font-weight: 600; font-size: 9.5pt; }
.num { text-align: right; }
th.num { white-space: nowrap; }
table.policies th:nth-child(1) { width: 3.8em; } table.policies th:nth-child(2) { width: 15%; } table.policies th:nth-child(3) { width: 10%; }
table.policies th:nth-child(4) { width: 21%; } table.policies th:nth-child(5) { width: 27%; } table.policies th:nth-child(6) { width: 14%; }
table.policies th:nth-child(7) { width: 4.6em; }
.policies .app { font-weight: 600; }
.policies .fmt { display: block; color: var(--faint); font-size: 8pt; }
.hash { font-family: "Noto Sans Mono CJK SC", "DejaVu Sans Mono", Consolas, monospace; font-size: 8pt; color: var(--muted); }
.time { font-size: 9pt; }
.legend { font-size: 8.5pt; color: var(--muted); display: flex; flex-wrap: wrap; align-items: center; gap: 6px; margin: 0 0 10px; }
.legend-title { font-weight: 600; color: var(--ink); }
.legend-note { flex-basis: 100%; }
table.grid col.attr-col { width: 17%; }
table.grid thead th.app { font-size: 10pt; }
table.grid .ver, .app-title .ver { display: inline-block; margin-left: 6px; font-weight: 400; color: var(--muted); font-size: 8.5pt; }
table.grid th.attr { background: var(--band); font-weight: 600; font-size: 9.5pt; }
table.grid tr.cat th { background: var(--accent); color: #fff; font-size: 9pt; letter-spacing: .04em; padding: 4px 8px; }
td.cell { font-size: 9.5pt; }
td.cell .v { font-weight: 500; }
td.cell.ns .v { color: var(--faint); font-weight: 400; font-style: italic; }
td.cell.st-violation { background: var(--violation-bg); } td.cell.st-concern { background: var(--concern-bg); }
td.cell.st-follow_up { background: var(--follow-bg); } td.cell.st-ok { background: var(--ok-bg); }
td.cell.has-ovr { box-shadow: inset 3px 0 0 var(--ovr); }
.ovr { margin-top: 4px; font-size: 8.5pt; color: var(--ovr); }
.ovr .was { color: var(--muted); } .ovr .why { color: var(--ink); }
.reread { margin-top: 4px; font-size: 8.5pt; color: var(--ovr); }
.relabel { margin-bottom: 4px; font-size: 9pt; } .relabel .who { color: var(--muted); }
.ann { margin-top: 4px; font-size: 8.5pt; }
.who { color: var(--faint); font-size: 8pt; }
.evlink { display: inline-block; margin-top: 4px; font-size: 8pt; }
.chip { display: inline-block; padding: 0 6px; border-radius: 9px; font-size: 8pt; font-weight: 600; line-height: 1.6; white-space: nowrap; border: 1px solid transparent; }
.chip.st-ok { color: var(--ok); background: var(--ok-bg); border-color: #b9dcc8; }
.chip.st-concern { color: var(--concern); background: var(--concern-bg); border-color: #f0d48f; }
.chip.st-violation { color: var(--violation); background: var(--violation-bg); border-color: #f2b8b8; }
.chip.st-follow_up { color: var(--follow); background: var(--follow-bg); border-color: #b8cff0; }
.badge { display: inline-block; padding: 0 5px; border-radius: 3px; font-size: 7.5pt; font-weight: 600; line-height: 1.6; white-space: nowrap; }
.ovr-badge { color: #fff; background: var(--ovr); }
.badge.low { color: var(--concern); background: var(--concern-bg); }
table.checks td.check { font-size: 8.5pt; }
table.checks .ck { font-weight: 700; font-size: 9pt; }
td.ck-flag { background: var(--violation-bg); } td.ck-flag .ck { color: var(--violation); }
td.ck-pass .ck { color: var(--ok); } td.ck-not_applicable { color: var(--faint); }
table.checks .src { display: block; font-weight: 400; color: var(--muted); font-size: 8pt; margin-top: 2px; }
.sev { display: inline-block; margin-top: 3px; font-size: 7.5pt; font-weight: 600; padding: 0 5px; border-radius: 3px; }
.sev-high { color: var(--violation); background: var(--violation-bg); } .sev-medium { color: var(--concern); background: var(--concern-bg); } .sev-low { color: var(--muted); background: var(--band); }
.expl { margin-top: 2px; }
.app-block { margin: 0 0 22px; }
.app-title { display: flex; align-items: baseline; gap: 8px; font-size: 14pt; padding: 6px 0; border-bottom: 1px solid var(--line); margin: 0 0 8px; }
.app-title .idx { display: inline-flex; align-items: center; justify-content: center; min-width: 1.7em; height: 1.7em; border-radius: 50%; background: var(--accent); color: #fff; font-size: 10pt; }
.app-title .file { margin-left: auto; font-size: 8.5pt; font-weight: 400; color: var(--muted); overflow-wrap: anywhere; }
.ev-attr { padding: 6px 0 8px 12px; border-left: 3px solid var(--line); margin: 0 0 10px; }
.ev-attr.st-violation { border-left-color: var(--violation); } .ev-attr.st-concern { border-left-color: #d99a00; }
.ev-attr.st-follow_up { border-left-color: var(--follow); } .ev-attr.st-ok { border-left-color: var(--ok); }
.ev-attr h4 { font-size: 10.5pt; display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 10px; margin: 0 0 4px; }
.attr-name { color: var(--muted); font-weight: 600; }
.attr-val { font-weight: 600; }
.attr-val.ns { color: var(--faint); font-weight: 400; font-style: italic; }
.ovr-box { margin: 4px 0 6px; padding: 6px 10px; border-radius: 4px; background: var(--ovr-bg); border-left: 3px solid var(--ovr); font-size: 9pt; }
.notes { list-style: none; margin: 4px 0 6px; padding: 0; font-size: 9pt; }
.notes li { margin: 2px 0; }
.quotes { margin: 4px 0 0; padding-left: 1.6em; font-size: 9.5pt; }
.keep .quotes { margin-bottom: 0; } .keep + .quotes { margin-top: 0; }
.quotes li { margin: 0 0 6px; break-inside: avoid; }
.quotes .sec { font-size: 8pt; color: var(--muted); display: flex; gap: 12px; align-items: baseline; }
.quotes .sec .cid { margin-left: auto; flex: none; white-space: nowrap; }
blockquote { margin: 1px 0 0; padding: 3px 10px; background: var(--band); border-left: 2px solid #b5bfcf; border-radius: 0 3px 3px 0; white-space: pre-wrap; }
.cid { font-size: 7.5pt; color: var(--faint); font-family: "DejaVu Sans Mono", Consolas, monospace; }
p.none { color: var(--faint); font-style: italic; font-size: 9pt; margin: 2px 0; }
table.clauses th.sec-col { width: 22%; } table.clauses th.note-col { width: 30%; }
table.clauses td { font-size: 9pt; }
table.clauses .notes { margin: 0; }
.clause-text { white-space: pre-wrap; }
.missing { color: var(--faint); }
footer.end { margin-top: 36px; padding-top: 10px; border-top: 1px solid var(--line); color: var(--faint); font-size: 8.5pt; }
footer.end p { margin: 2px 0; }
@media screen and (max-width: 760px) {
  .report { padding: 16px; } .meta { grid-template-columns: 1fr; } .stats { grid-template-columns: repeat(4, minmax(0, 1fr)); }
}
@page { size: A4; margin: 14mm 12mm 16mm; }
@media print {
  body { font-size: 9.5pt; }
  /* 1px each side: a 100%-wide collapsed-border table otherwise loses its right border at the page edge. */
  .report { max-width: none; padding: 0 1px; }
  .section { margin-top: 0; break-before: page; }
  #policies { margin-top: 22px; break-before: auto; }
  .keep { break-inside: avoid; }
  h2, h3, h4 { break-after: avoid; }
  thead { display: table-header-group; }
  tr, .ann, .ovr-box, .relabel, .notes li { break-inside: avoid; }
  table.grid { page-break-inside: auto; }
  .app-block { break-before: page; }
  #evidence h2 + .app-block { break-before: avoid; }
  .ev-attr h4 { break-after: avoid; }
  a { color: inherit; }
  .evlink { color: var(--accent); }
  .stats { grid-template-columns: repeat(4, minmax(0, 1fr)); }
}
`;
