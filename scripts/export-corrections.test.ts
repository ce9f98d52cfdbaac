// Reviewer corrections → training data: a temporary workspace with one seed policy and two overrides is exported,
// and scripts/train.ts trains with the export as --extra (into a temporary model folder).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { closeWorkspace, createWorkspace, importPolicy, setOverride } from '../src/service/workspace/index';
import { exportCorrections } from './export-corrections';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SEED = path.join(root, 'resources/samples/001_17f9a5d3888bfd81.txt');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'pb-corrections-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('corrections:export', () => {
  it('exports value overrides as labelled clauses that train.ts accepts with --extra', async () => {
    const dir = path.join(tmp, 'ws');
    const ws = await createWorkspace(dir, { name: 'corrections test', author: 'alice' });
    const { policy } = await importPolicy(ws, new Uint8Array(readFileSync(SEED)), '001.txt', { app: '小宇宙' });
    // A corrected value with engine evidence: the evidence clauses become `retention` examples.
    await setOverride(ws, { policyId: policy.id, attributeId: 'retention.period', value: { number: 3, unit: 'years', text: '三年' }, reason: 'section 4 gives three years' });
    // A correction to not_stated: the cell file only.
    await setOverride(ws, { policyId: policy.id, attributeId: 'sharing.affiliates', value: 'not_stated', reason: 'affiliates are only the operator here' });
    await closeWorkspace(ws);

    const { rows, cells } = await exportCorrections(dir);
    expect(cells.map((c) => c.attributeId).sort()).toEqual(['retention.period', 'sharing.affiliates']);
    expect(cells.find((c) => c.attributeId === 'sharing.affiliates')!.engineValue).toBe('yes');
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.policy).toBe('001.txt');
      expect(r.labels).toContain('retention');
      expect(r.from.attributeId).toBe('retention.period');
      expect(readFileSync(SEED, 'utf8').replace(/\s+/g, '')).toContain(r.text.replace(/\s+/g, ''));
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
