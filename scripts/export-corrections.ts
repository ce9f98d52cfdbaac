// npm run corrections:export -- --workspace DIR -o FILE [--cells FILE]
//
// Turns a workspace's reviewer corrections into training data for scripts/train.ts (`npm run train -- --extra FILE`).
//
// What a value override can teach the clause classifier: each policy is analyzed again, and for every overridden
// cell whose engine value had evidence and whose corrected value is not `not_stated`, the evidence clauses are
// about that attribute's category (the reviewer corrected the value they were read from, not the topic). Those
// clauses are written as `{"policy", "text", "labels"}` with the attribute's category added to the categories the
// engine gave them (minus `other`). Overrides to `not_stated`, or of cells without evidence, say nothing certain
// about any clause's category: they go only to the cell file (--cells, default FILE with .cells.jsonl), one line
// per override with the engine's value, the reviewer's value and reason, and the evidence quotes, for extractor
// work and as extra evaluation keys.
//
// Clause relabels are not stored in workspaces yet (annotations on clauses carry a status and a note, not
// categories). When they are, each relabel becomes one line here with the reviewer's categories: see notes/eval.md.
//
// Each line carries `sha256` of the policy file and `source: "workspace"`; train.ts ignores extra fields and
// refuses rows whose policy is in the evaluation set (by name, and `npm run eval -- --extra FILE` also by hash).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { analyzeBytes } from '../src/engine/analyze';
import { NOT_STATED, CATEGORY_IDS, type CategoryId } from '../src/shared/taxonomy';
import type { AttributeValue } from '../src/shared/types';
import { closeWorkspace, openWorkspace, policyFilePath } from '../src/service/workspace/index';

export interface CorrectionRow {
  policy: string;
  text: string;
  labels: CategoryId[];
  sha256: string;
  source: 'workspace';
  from: { kind: 'override'; attributeId: string; reason: string; author: string };
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

export async function exportCorrections(dir: string): Promise<{ rows: CorrectionRow[]; cells: CellCorrection[]; notes: string[] }> {
  const ws = await openWorkspace(dir, { author: 'corrections-export' });
  const rows: CorrectionRow[] = [];
  const cells: CellCorrection[] = [];
  const notes: string[] = [];
  try {
    const byPolicy = new Map<string, ReturnType<typeof ws.overrides>>();
    for (const o of ws.overrides()) byPolicy.set(o.policyId, [...(byPolicy.get(o.policyId) ?? []), o]);
    for (const [policyId, overrides] of byPolicy) {
      const record = ws.policy(policyId);
      if (!record) {
        notes.push(`override on ${policyId}, which is no longer in the workspace: skipped`);
        continue;
      }
      const analysis = await analyzeBytes(new Uint8Array(readFileSync(policyFilePath(ws, policyId))), record.fileName);
      const clauseById = new Map(analysis.clauses.map((c) => [c.id, c]));
      const seen = new Set<string>();
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
          if (!clause || seen.has(`${clause.id}:${category}`)) continue;
          seen.add(`${clause.id}:${category}`);
          const labels = [...new Set([...clause.categories.map((c) => c.id).filter((c) => c !== 'other'), category])];
          rows.push({
            policy: record.fileName,
            text: clause.text.replace(/\s+/g, ' ').trim(),
            labels,
            sha256: record.sha256,
            source: 'workspace',
            from: { kind: 'override', attributeId: o.attributeId, reason: o.reason, author: o.author },
          });
        }
      }
    }
  } finally {
    await closeWorkspace(ws);
  }
  return { rows, cells, notes };
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
  const { rows, cells, notes } = await exportCorrections(path.resolve(dir));
  writeFileSync(out, rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : ''));
  writeFileSync(cellsOut, cells.map((r) => JSON.stringify(r)).join('\n') + (cells.length ? '\n' : ''));
  for (const n of notes) console.log(n);
  console.log(`${cells.length} overrides → ${rows.length} labelled clauses in ${out}; cell corrections in ${cellsOut}`);
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
