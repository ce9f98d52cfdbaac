// npm run corrections:export -- --workspace DIR -o FILE [--cells FILE]
//
// Turns a workspace's reviewer corrections into training data for scripts/train.ts (`npm run train -- --extra FILE`).
// Each policy with a correction is analyzed again from its copy in the workspace (policies/), with this build's engine.
//
// Clause relabels (the reviewer's own categories for a clause, set in the evidence panel): each becomes one line
// `{"policy", "text", "labels", "sha256", "source": "workspace", "kind": "relabel"}` whose labels are exactly the
// reviewer's categories (`["other"]` included: the clause belongs to none, a negative example). The text is the
// clause the re-analysis has under the relabel's clause id; when this engine splits the text differently and the
// id is gone, the text kept with the relabel is used if it still occurs in the policy, else the relabel is skipped
// with a note. This is the strongest signal: the reviewer said what the clause is about.
//
// Value overrides: for every overridden cell whose engine value had evidence and whose corrected value is not
// `not_stated`, the evidence clauses are about that attribute's category (the reviewer corrected the value they were
// read from, not the topic). Those clauses are written as lines with `"kind": "override"` and the attribute's
// category added to the categories the engine gave them (minus `other`). A clause the reviewer also relabelled is
// written once, from its relabel. Overrides to `not_stated`, or of cells without evidence, say nothing certain
// about any clause's category: they go only to the cell file (--cells, default FILE with .cells.jsonl), one line
// per override with the engine's value, the reviewer's value and reason, and the evidence quotes, for extractor
// work and as extra evaluation keys.
//
// Each line carries `sha256` of the policy file, `source: "workspace"`, `kind`, and `from` (who, why, which clause or
// cell); train.ts reads policy, text and labels, ignores the rest, and refuses rows whose policy is in the evaluation
// set (by name, and `npm run eval -- --extra FILE` also by hash).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { analyzeBytes } from '../src/engine/analyze';
import { NOT_STATED, CATEGORY_IDS, type CategoryId } from '../src/shared/taxonomy';
import type { AttributeValue } from '../src/shared/types';
import { closeWorkspace, openWorkspace, policyFilePath, type ClauseRelabel, type ValueOverride } from '../src/service/workspace/index';

export interface CorrectionRow {
  policy: string;
  text: string;
  labels: CategoryId[];
  sha256: string;
  source: 'workspace';
  kind: 'override' | 'relabel';
  from:
    | { kind: 'override'; attributeId: string; reason: string; author: string }
    | { kind: 'relabel'; clauseId: string; engineLabels: CategoryId[]; reason: string; author: string; at: string };
}

export interface CellCorrection {
  policy: string;
  sha256: string;
  app: string;
  attributeId: string;
  engineValue: AttributeValue;
  value: AttributeValue;
  reason: string;
  author: string;
  at: string;
  evidence: { clauseId: string; quote: string }[];
}

export async function exportCorrections(dir: string): Promise<{ rows: CorrectionRow[]; cells: CellCorrection[]; notes: string[]; relabels: number }> {
  const ws = await openWorkspace(dir, { author: 'corrections-export' });
  const rows: CorrectionRow[] = [];
  const cells: CellCorrection[] = [];
  const notes: string[] = [];
  const oneLine = (t: string) => t.replace(/\s+/g, ' ').trim();
  try {
    const byPolicy = new Map<string, { overrides: ValueOverride[]; relabels: ClauseRelabel[] }>();
    const entry = (id: string) => byPolicy.get(id) ?? byPolicy.set(id, { overrides: [], relabels: [] }).get(id)!;
    for (const o of ws.overrides()) entry(o.policyId).overrides.push(o);
    for (const r of ws.relabels()) entry(r.policyId).relabels.push(r);
    for (const [policyId, { overrides, relabels }] of byPolicy) {
      const record = ws.policy(policyId);
      if (!record) {
        notes.push(`${overrides.length} override(s) and ${relabels.length} relabel(s) on ${policyId}, which is no longer in the workspace: skipped`);
        continue;
      }
      const analysis = await analyzeBytes(new Uint8Array(readFileSync(policyFilePath(ws, policyId))), record.fileName);
      const clauseById = new Map(analysis.clauses.map((c) => [c.id, c]));
      const seen = new Set<string>();

      // Relabels first: the reviewer's categories for a clause are its labels, and override rows defer to them.
      const relabelled = new Set<string>();
      for (const r of [...relabels].sort((a, b) => a.rev - b.rev)) {
        const clause = clauseById.get(r.clauseId);
        let text = clause ? oneLine(clause.text) : '';
        if (!clause) {
          if (r.text.trim() && oneLine(analysis.text).includes(oneLine(r.text))) {
            text = oneLine(r.text);
            notes.push(`${record.fileName}: clause ${r.clauseId} is not in this engine's analysis; used the text kept with the relabel`);
          } else {
            notes.push(`${record.fileName}: clause ${r.clauseId} is not in this engine's analysis and its text was not found: relabel skipped`);
            continue;
          }
        }
        relabelled.add(r.clauseId);
        rows.push({
          policy: record.fileName,
          text,
          labels: [...r.categories],
          sha256: record.sha256,
          source: 'workspace',
          kind: 'relabel',
          from: { kind: 'relabel', clauseId: r.clauseId, engineLabels: [...r.engineCategories], reason: r.reason, author: r.author, at: r.at },
        });
      }

      for (const o of overrides) {
        const engineCell = analysis.attributes[o.attributeId];
        const engineValue = engineCell?.value ?? NOT_STATED;
        const evidence = engineCell?.evidence ?? [];
        cells.push({
          policy: record.fileName,
          sha256: record.sha256,
          app: record.app,
          attributeId: o.attributeId,
          engineValue,
          value: o.value,
          reason: o.reason,
          author: o.author,
          at: o.at,
          evidence: evidence.map((e) => ({ clauseId: e.clauseId, quote: e.quote })),
        });
        const category = o.attributeId.split('.')[0] as CategoryId;
        if (!CATEGORY_IDS.includes(category)) continue;
        if (o.value === NOT_STATED || evidence.length === 0) continue;
        for (const e of evidence) {
          const clause = clauseById.get(e.clauseId);
          if (!clause || relabelled.has(clause.id) || seen.has(`${clause.id}:${category}`)) continue;
          seen.add(`${clause.id}:${category}`);
          const labels = [...new Set([...clause.categories.map((c) => c.id).filter((c) => c !== 'other'), category])];
          rows.push({
            policy: record.fileName,
            text: oneLine(clause.text),
            labels,
            sha256: record.sha256,
            source: 'workspace',
            kind: 'override',
            from: { kind: 'override', attributeId: o.attributeId, reason: o.reason, author: o.author },
          });
        }
      }
    }
  } finally {
    await closeWorkspace(ws);
  }
  return { rows, cells, notes, relabels: rows.filter((r) => r.kind === 'relabel').length };
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const opt = (...names: string[]) => {
    for (const n of names) {
      const i = args.indexOf(n);
      if (i >= 0 && args[i + 1]) return args[i + 1];
    }
    return undefined;
  };
  const dir = opt('--workspace', '-w');
  const out = opt('-o', '--out');
  if (!dir || !out) {
    console.error('usage: npm run corrections:export -- --workspace DIR -o FILE [--cells FILE]');
    return 2;
  }
  const cellsOut = opt('--cells') ?? out.replace(/(\.jsonl)?$/, '.cells.jsonl');
  const { rows, cells, notes, relabels } = await exportCorrections(path.resolve(dir));
  writeFileSync(out, rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : ''));
  writeFileSync(cellsOut, cells.map((r) => JSON.stringify(r)).join('\n') + (cells.length ? '\n' : ''));
  for (const n of notes) console.log(n);
  console.log(`${relabels} clause relabels and ${cells.length} overrides → ${rows.length} labelled clauses in ${out}; cell corrections in ${cellsOut}`);
  console.log(`retrain with: npm run train -- --extra ${out}`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  main().then(
    (code) => process.exit(code),
    (err) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
