// checks-get over the real engine on the five samples: the expected flags of resources/rules/expected-samples.md,
// refresh after rename/remove, overrides, and a broken rules file as a notice instead of a crash.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Handlers } from '../shared/contract';
import type { Matrix } from '../shared/types';
import { PoolAnalyzer } from './analyzer';
import { createHandlers, type ServiceDeps } from './handlers';
import { loadServiceRules, shownMatrix } from './rules';
import { MemorySession } from './session';
import { engineWorkerFromSources } from './worker-spec';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const samplesDir = path.join(root, 'resources', 'samples');

let analyzer: PoolAnalyzer;
let tmp: string;
beforeAll(async () => {
  analyzer = new PoolAnalyzer({ worker: engineWorkerFromSources(), size: 2 });
  tmp = await mkdtemp(path.join(os.tmpdir(), 'pb-rules-'));
});
afterAll(async () => {
  await analyzer.close();
  await rm(tmp, { recursive: true, force: true });
});
afterEach(() => {
  delete process.env['POLICYBENCH_RULES'];
});

function handlers(extra: Partial<ServiceDeps> = {}): Handlers {
  return createHandlers({
    session: new MemorySession(),
    analyzer,
    emit: () => {},
    samplesDir,
    app: { version: '0.0.0', locale: 'en', host: 'browser' },
    ...extra,
  });
}

/** The asserted column of expected-samples.md: sample → rule → status, and the summary table. */
async function expected() {
  const md = await readFile(path.join(root, 'resources/rules/expected-samples.md'), 'utf8');
  const cells = (l: string) => l.split('|').slice(1, -1).map((c) => c.trim());
  const rows = md.split('\n').filter((l) => /^\| \d{3} \| [a-z]/.test(l)).map(cells);
  const summary = md.split('\n').filter((l) => /^\| \d{3} \| \d/.test(l)).map(cells);
  return { rows: rows.map(([sample, rule, , asserted]) => ({ sample: sample!, rule: rule!, asserted: asserted! })), summary };
}

describe('checks-get on the five samples', () => {
  let h: Handlers;
  let idOf: (sample: string) => string;

  beforeAll(async () => {
    h = handlers();
    const r = await h['policies-load-samples']({ jobId: 'samples' });
    expect(r.errors).toEqual([]);
    const { policies } = await h['policies-list']({});
    idOf = (sample) => policies.find((p) => p.file.startsWith(`${sample}_`))!.id;
  }, 120_000);

  it('returns every rule for every policy, with the flags written down in expected-samples.md', async () => {
    const checks = await h['checks-get']({});
    expect(checks.rulesError).toBeUndefined();
    expect(checks.rulesFile).toBe(path.join(root, 'resources/rules/rules.json'));
    expect(checks.rules).toHaveLength(11);
    expect(checks.policyIds).toHaveLength(5);
    const { rows, summary } = await expected();
    expect(rows).toHaveLength(55);
    for (const { sample, rule, asserted } of rows) {
      expect(checks.results[idOf(sample)]?.[rule]?.status, `${sample} ${rule}`).toBe(asserted);
    }
    for (const [sample, flags, high, medium, low] of summary) {
      const s = checks.summary[idOf(sample!)]!;
      expect([s.flag, s.flagsBySeverity.high, s.flagsBySeverity.medium, s.flagsBySeverity.low], sample).toEqual([flags, high, medium, low].map(Number));
    }
    // Each flag explains itself in both languages and names its source.
    const flag = checks.results[idOf('003')]!['pipl-23-named-recipients']!;
    expect(flag.explanation.zh).not.toBe('');
    expect(flag.explanation.en).not.toBe('');
    expect(checks.rules.find((r) => r.id === 'pipl-23-named-recipients')!.source.article.en).toMatch(/23/);
  });

  it('follows the matrix: a renamed app, a removed policy', async () => {
    const id = idOf('004');
    await h['policy-rename']({ policyId: id, app: '改名测试' });
    const before = await h['checks-get']({});
    expect(before.policyIds).toContain(id);
    await h['policy-remove']({ policyId: id });
    const after = await h['checks-get']({});
    expect(after.policyIds).not.toContain(id);
    expect(after.results[id]).toBeUndefined();
    expect(after.summary[id]).toBeUndefined();
    expect(after.policyIds).toHaveLength(4);
  });
});

describe('overrides', () => {
  it('checks read the value the grid shows (an override), not the engine value', () => {
    const m: Matrix = {
      taxonomyVersion: '1',
      attributes: [],
      policies: [],
      cells: {
        p: {
          'account_deletion.available': {
            value: 'no',
            evidence: [],
            confidence: 1,
            override: { value: 'yes', engineValue: 'no', reason: 'r', author: 'a', at: '', rev: 1 },
          },
        } as Matrix['cells'][string],
      },
    };
    expect(shownMatrix(m).cells['p']!['account_deletion.available']!.value).toBe('yes');
    const plain: Matrix = { ...m, cells: { p: { 'account_deletion.available': { value: 'no', evidence: [], confidence: 1 } } as Matrix['cells'][string] } };
    expect(shownMatrix(plain)).toBe(plain);
  });
});

describe('the rules file', () => {
  it('resolves resources/rules/rules.json by default and honours POLICYBENCH_RULES', async () => {
    const def = loadServiceRules();
    expect(def.ok && def.file).toBe(path.join(root, 'resources/rules/rules.json'));
    const mine = path.join(tmp, 'mine.json');
    const data = JSON.parse(await readFile(path.join(root, 'resources/rules/rules.json'), 'utf8'));
    await writeFile(mine, JSON.stringify({ ...data, version: 'mine-1', rules: data.rules.slice(0, 2) }));
    process.env['POLICYBENCH_RULES'] = mine;
    const loaded = loadServiceRules();
    expect(loaded.ok && loaded.rules.version).toBe('mine-1');
    expect(loaded.ok && loaded.rules.rules).toHaveLength(2);
  });

  it('a broken or missing rules file is a notice from checks-get, not a crash', async () => {
    const bad = path.join(tmp, 'bad.json');
    await writeFile(bad, '{ "schemaVersion": 1, "version": "x", "rules": [ { "id": "Bad Id" } ] }');
    process.env['POLICYBENCH_RULES'] = bad;
    const h = handlers();
    const checks = await h['checks-get']({});
    expect(checks.rules).toEqual([]);
    expect(checks.rulesFile).toBe(bad);
    expect(checks.rulesError).toMatch(/bad\.json/);
    expect(checks.rulesError).toMatch(/Bad Id|id/);

    process.env['POLICYBENCH_RULES'] = path.join(tmp, 'missing.json');
    const missing = await handlers()['checks-get']({});
    expect(missing.rulesError).toMatch(/cannot be read/);
    // The rest of the service still answers.
    expect((await handlers()['matrix-get']({})).policies).toEqual([]);
  });
});
