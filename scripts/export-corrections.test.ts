// Reviewer corrections → training data: a temporary workspace with one seed policy, two overrides (made with the
// store) and two clause relabels (made through the service's clause-relabel call, as the evidence panel does) is
// exported, and scripts/train.ts trains with the export as --extra (into a temporary model folder).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { Handlers } from '../src/shared/contract';
import { analyzeBytes } from '../src/engine/analyze';
import type { Analyzer } from '../src/service/analyzer';
import { dispatch } from '../src/service/dispatch';
import { createHandlers } from '../src/service/handlers';
import { WorkspaceSession } from '../src/service/workspace-session';
import { closeWorkspace, createWorkspace, importPolicy, setOverride } from '../src/service/workspace/index';
import { exportCorrections } from './export-corrections';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SEED = path.join(root, 'resources/samples/001_17f9a5d3888bfd81.txt');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'pb-corrections-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The service over workspace DIR, as a host runs it (the engine in this process instead of the worker pool). */
async function service(dir: string) {
  const analyzer: Analyzer = {
    analyze: async (task) => (task.kind === 'bytes' ? { ok: true, analysis: await analyzeBytes(task.bytes, task.fileName) } : Promise.reject(new Error('bytes only'))),
    close: async () => undefined,
  };
  const session = new WorkspaceSession({ analyzer, home: path.join(tmp, 'home'), watchIntervalMs: 0 });
  await session.start(dir, { createIfMissing: false });
  const h = createHandlers({ session, analyzer, emit: () => undefined, samplesDir: path.join(root, 'resources/samples'), app: { version: '1', locale: 'en', host: 'browser' } });
  const call = async <K extends keyof Handlers>(method: K, req: Parameters<Handlers[K]>[0]) => {
    const r = await dispatch(h, method, req);
    if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
    return r.value as Awaited<ReturnType<Handlers[K]>>;
  };
  return { session, call };
}

describe('corrections:export', () => {
  it('exports clause relabels and value overrides as labelled clauses that train.ts accepts with --extra', async () => {
    const dir = path.join(tmp, 'ws');
    const ws = await createWorkspace(dir, { name: 'corrections test', author: 'alice' });
    const { policy } = await importPolicy(ws, new Uint8Array(readFileSync(SEED)), '001.txt', { app: '小宇宙' });
    // A corrected value with engine evidence: the evidence clauses become `retention` examples.
    await setOverride(ws, { policyId: policy.id, attributeId: 'retention.period', value: { number: 3, unit: 'years', text: '三年' }, reason: 'section 4 gives three years' });
    // A corrected set of data types: its evidence clauses become `collection` examples, except the one relabelled below.
    await setOverride(ws, { policyId: policy.id, attributeId: 'collection.data_types', value: ['phone_number', 'device_identifiers'], reason: 'only these two are collected' });
    // A correction to not_stated: the cell file only.
    await setOverride(ws, { policyId: policy.id, attributeId: 'sharing.affiliates', value: 'not_stated', reason: 'affiliates are only the operator here' });
    await closeWorkspace(ws);

    // Two relabels through the service: one of the clauses the data-types override's rows come from (its relabel
    // wins: one row, the reviewer's labels), and a clause the reviewer says is about none of the categories.
    const svc = await service(dir);
    await svc.call('settings-set', { author: 'alice' });
    const analysis = await svc.call('policy-get', { policyId: policy.id });
    const matrix = await svc.call('matrix-get', {});
    const evidenceOf = (attributeId: string) => matrix.cells[policy.id]![attributeId]!.evidence.map((e) => e.clauseId);
    const dataTypesEvidence = evidenceOf('collection.data_types');
    expect(dataTypesEvidence.length).toBeGreaterThan(1);
    const relabelled = analysis.clauses.find((c) => c.id === dataTypesEvidence[0])!;
    const used = new Set([...dataTypesEvidence, ...evidenceOf('retention.period')]);
    const other = analysis.clauses.find((c) => c.kind === 'sentence' && c.categories.some((x) => x.id === 'collection') && !used.has(c.id))!;
    const r1 = await svc.call('clause-relabel', { policyId: policy.id, clauseId: relabelled.id, categories: ['retention', 'account_deletion'], reason: '注销后的保存期限', baseRev: null });
    const r2 = await svc.call('clause-relabel', { policyId: policy.id, clauseId: other.id, categories: ['other'], baseRev: null });
    expect(r1.relabel?.author).toBe('alice');
    await svc.session.close();

    const { rows, cells, relabels } = await exportCorrections(dir);
    expect(relabels).toBe(2);
    expect(cells.map((c) => c.attributeId).sort()).toEqual(['collection.data_types', 'retention.period', 'sharing.affiliates']);
    expect(cells.find((c) => c.attributeId === 'sharing.affiliates')!.engineValue).toBe('yes');
    const seed = readFileSync(SEED, 'utf8').replace(/\s+/g, '');
    for (const r of rows) {
      expect(r).toMatchObject({ policy: '001.txt', sha256: policy.sha256, source: 'workspace' });
      expect(seed).toContain(r.text.replace(/\s+/g, ''));
    }
    const relabelRows = rows.filter((r) => r.kind === 'relabel');
    expect(relabelRows).toEqual([
      {
        policy: '001.txt',
        text: relabelled.text.replace(/\s+/g, ' ').trim(),
        labels: ['retention', 'account_deletion'],
        sha256: policy.sha256,
        source: 'workspace',
        kind: 'relabel',
        from: { kind: 'relabel', clauseId: relabelled.id, engineLabels: relabelled.categories.map((c) => c.id), reason: '注销后的保存期限', author: 'alice', at: r1.relabel!.at },
      },
      expect.objectContaining({ text: other.text.replace(/\s+/g, ' ').trim(), labels: ['other'], kind: 'relabel', from: expect.objectContaining({ clauseId: other.id, reason: '', at: r2.relabel!.at }) }),
    ]);
    // The relabelled clause is written once, from its relabel; the override's other evidence clauses stay.
    expect(rows.filter((r) => r.text === relabelRows[0]!.text)).toHaveLength(1);
    const overrideRows = rows.filter((r) => r.kind === 'override');
    expect(new Set(overrideRows.map((r) => (r.from.kind === 'override' ? r.from.attributeId : '')))).toEqual(new Set(['collection.data_types', 'retention.period']));
    for (const r of overrideRows) {
      if (r.from.kind !== 'override') throw new Error('override row without an override');
      expect(r.labels).toContain(r.from.attributeId.split('.')[0]);
    }

    const file = path.join(tmp, 'corrections.jsonl');
    writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const modelDir = path.join(tmp, 'model');
    const out = execFileSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/train.ts'), '--extra', file, '--model-dir', modelDir], { cwd: root, encoding: 'utf8' });
    expect(out).toContain('extra label files');
    const metrics = JSON.parse(readFileSync(path.join(modelDir, 'metrics.json'), 'utf8'));
    expect(metrics.labelledClauses).toBeGreaterThan(4379);
  }, 180_000);

  it('train.ts refuses extra labels from an evaluation policy', () => {
    const file = path.join(tmp, 'leak.jsonl');
    writeFileSync(file, JSON.stringify({ policy: '0704.html', text: '我们会收集您的手机号码。', labels: ['collection'] }) + '\n');
    expect(() =>
      execFileSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/train.ts'), '--extra', file, '--model-dir', path.join(tmp, 'model2')], { cwd: root, encoding: 'utf8', stdio: 'pipe' }),
    ).toThrow(/is in the evaluation set/);
  });
});
