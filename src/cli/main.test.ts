import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile, copyFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATTRIBUTE_IDS } from '../shared/taxonomy';
import { cli } from './test-helpers';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const corpus = path.resolve(repo, '../shared/corpus');
const samples = path.join(repo, 'resources/samples');
const run = promisify(execFile);


let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'pb-cli-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('policybench analyze --json', () => {
  it('prints one JSON document with the documented shape for the samples', async () => {
    const { code, out, err } = await cli(['analyze', '--json', samples]);
    expect(err).toBe('');
    expect(code).toBe(0);
    const doc = JSON.parse(out);
    expect(Object.keys(doc)).toEqual(['engineVersion', 'taxonomyVersion', 'policies', 'errors']);
    expect(doc.policies).toHaveLength(5);
    expect(doc.errors).toEqual([]);
    for (const p of doc.policies) {
      expect(p.id).toMatch(/^[0-9a-f]{16}$/);
      expect(p.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(p.app.length).toBeGreaterThan(0);
      expect(Object.keys(p.attributes).sort()).toEqual([...ATTRIBUTE_IDS].sort());
      expect(p.clauses.length).toBeGreaterThan(10);
      for (const c of p.clauses) expect(c.end).toBeGreaterThan(c.start);
      for (const cell of Object.values(p.attributes) as { value: unknown; evidence: unknown[] }[]) {
        if (cell.evidence.length === 0) expect(cell.value).toBe('not_stated');
      }
    }
    // Files of a folder come sorted by name.
    expect(doc.policies.map((p: { file: string }) => p.file)).toEqual([...doc.policies.map((p: { file: string }) => p.file)].sort());
  });

  it('reports a failed file on stderr and in errors, analyzes the rest, and exits 1', async () => {
    const bad = path.join(tmp, 'broken.txt');
    await writeFile(bad, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]));
    const good = path.join(tmp, 'good.txt');
    await copyFile(path.join(samples, '001_17f9a5d3888bfd81.txt'), good);
    const { code, out, err } = await cli(['analyze', '--json', bad, good, path.join(tmp, 'missing.txt')]);
    expect(code).toBe(1);
    const doc = JSON.parse(out);
    expect(doc.policies.map((p: { file: string }) => p.file)).toEqual(['good.txt']);
    expect(doc.errors.map((e: { code: string }) => e.code).sort()).toEqual(['binary', 'file_not_found']);
    const lines = err.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(err).toContain('broken.txt');
    expect(err).not.toMatch(/\n\s+at /); // no stack traces
  });
});

describe('policybench analyze --jobs', () => {
  it('gives the same analyses on the worker pool as in process, in the same order', async () => {
    const one = JSON.parse((await cli(['analyze', '--json', samples])).out);
    const two = await cli(['analyze', '--json', '--jobs', '2', samples]);
    expect(two.code).toBe(0);
    const pooled = JSON.parse(two.out);
    expect(pooled.policies.map((p: { file: string }) => p.file)).toEqual(one.policies.map((p: { file: string }) => p.file));
    expect(pooled.policies.map((p: { attributes: unknown }) => p.attributes)).toEqual(one.policies.map((p: { attributes: unknown }) => p.attributes));
    expect((await cli(['analyze', '--jobs', '0', samples])).code).toBe(2);
  });
});

describe('policybench usage', () => {
  it('exits 2 with usage for an unknown command or a missing PATH', async () => {
    expect((await cli(['frobnicate'])).code).toBe(2);
    const r = await cli(['analyze']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('needs at least one PATH');
  });

  it('prints a readable summary and a comparison table', async () => {
    const s = await cli(['analyze', '--lang', 'en', path.join(samples, '001_17f9a5d3888bfd81.txt')]);
    expect(s.code).toBe(0);
    expect(s.out).toContain('Deletion timeframe: 15 working days');
    const c = await cli(['compare', '--lang', 'zh', samples]);
    expect(c.code).toBe(0);
    expect(c.out).toContain('小宇宙');
    expect(c.out).toContain('注销时限');
  });

  it('runs as `npx policybench` from the checkout with no build step', async () => {
    const { stdout } = await run(process.execPath, [path.join(repo, 'bin/policybench.js'), '--version'], { cwd: repo });
    expect(stdout).toMatch(/^policybench engine \d+\.\d+\.\d+, taxonomy \d+\.\d+\.\d+/);
    const failed = await run(process.execPath, [path.join(repo, 'bin/policybench.js'), 'analyze'], { cwd: repo }).catch((e) => e);
    expect(failed.code).toBe(2);
  });
});

describe.skipIf(!existsSync(corpus))('the whole development corpus (../shared/corpus)', () => {
  if (!existsSync(corpus)) console.log(`skipped: ${corpus} is absent (it sits beside the checkout on development machines)`);
  it('analyzes every policy without error, each with clauses and an app name', async () => {
    const started = performance.now();
    const { code, out, err } = await cli(['analyze', '--json', path.join(corpus, 'seeds'), path.join(corpus, 'ca4p-dev')]);
    const elapsed = performance.now() - started;
    expect(err).toBe('');
    expect(code).toBe(0);
    const doc = JSON.parse(out);
    expect(doc.policies).toHaveLength(127);
    for (const p of doc.policies) {
      expect(p.clauses.length, p.file).toBeGreaterThan(0);
      expect(p.app.trim().length, p.file).toBeGreaterThan(0);
    }
    console.log(`analyze on ${doc.policies.length} corpus policies: ${Math.round(elapsed)} ms`);
  }, 300_000);
});

describe('policybench --workspace', () => {
  it('imports into the workspace once, and compare without PATH shows the workspace with overrides marked', async () => {
    const { openWorkspace, setOverride, closeWorkspace } = await import('../service/workspace');
    const before = process.env['POLICYBENCH_HOME'];
    process.env['POLICYBENCH_HOME'] = path.join(tmp, 'home');
    try {
      const ws = path.join(tmp, 'review');
      const first = await cli(['analyze', '--workspace', ws, samples]);
      expect(first.err).toBe('');
      expect(first.code).toBe(0);
      const again = await cli(['analyze', '--json', '--workspace', ws, samples]);
      expect(again.code).toBe(0);
      expect(JSON.parse(again.out).policies).toHaveLength(5);
      const { readdir } = await import('node:fs/promises');
      expect(await readdir(path.join(ws, 'policies'))).toHaveLength(5);
      // One full analysis and one compact grid entry per policy: importing twice analyzed nothing twice.
      const cached = await readdir(path.join(ws, 'cache'));
      expect(cached.filter((n) => n.endsWith('.json') && !n.endsWith('.grid.json'))).toHaveLength(5);
      expect(cached.filter((n) => n.endsWith('.grid.json'))).toHaveLength(5);

      const handle = await openWorkspace(ws, { author: 'tester' });
      const policyId = handle.policies()[0]!.id;
      await setOverride(handle, { policyId, attributeId: 'account_deletion.available', value: 'no', reason: 'checked by hand' });
      await closeWorkspace(handle);

      const { code, out } = await cli(['compare', '--lang', 'en', '--workspace', ws]);
      expect(code).toBe(0);
      expect(out).toMatch(/No \*/);
      expect(out).toMatch(/value overridden by a reviewer/);
      expect(out.split('\n')[0]!.split(/\s{2,}/).length).toBeGreaterThanOrEqual(6);
    } finally {
      if (before === undefined) delete process.env['POLICYBENCH_HOME'];
      else process.env['POLICYBENCH_HOME'] = before;
    }
  }, 120_000);
});
